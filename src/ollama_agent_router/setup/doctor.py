"""``oar doctor``: a config held against what detection found. Pure: findings in, no I/O.

Each finding is one line with a severity: ``error`` (the router cannot do what the
config says: a model that is not installed, Ollama down, the port taken), ``warning``
(it works, worse than it could: a model that would run split, concurrency Ollama does
not give) or ``info``. The command exits 1 when any finding is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from ollama_agent_router.config.models import ModelConfig, RouterConfig
from ollama_agent_router.routing.names import canonical_model_name
from ollama_agent_router.setup.facts import Detection, InstalledModel
from ollama_agent_router.setup.local import PortState

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}
OLLAMA_DEFAULT_LOADED_PER_GPU = 3
FINDING_CODES: Final = (
    "ollama-unreachable",
    "model-missing",
    "model-unused",
    "capability",
    "too-big",
    "parallel",
    "gpu-monitor",
    "port-in-use",
)
"""Every kind of finding; each has a row in docs/cli.md."""


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    code: str
    """A stable name for the kind of problem (``model-missing``), for scripts and tests."""
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "message": self.message}


def diagnose(config: RouterConfig, detection: Detection, *, port: PortState) -> list[Finding]:
    """Every finding, errors first."""
    findings = [
        *_ollama(config, detection),
        *_models(config, detection),
        *_capabilities(config, detection),
        *_fit(config, detection),
        *_concurrency(config, detection),
        *_gpu_monitor(config, detection),
        *_port(config, port),
    ]
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _ollama(config: RouterConfig, detection: Detection) -> list[Finding]:
    ollama = detection.ollama
    if ollama.reachable:
        return []
    if not ollama.binary.found:
        hint = "install Ollama (https://ollama.com/download) or point ollama.baseUrl at one"
    else:
        hint = "start it (`ollama serve`, or the service) or fix ollama.baseUrl"
    return [
        Finding(
            "error",
            "ollama-unreachable",
            f"Ollama does not answer at {config.ollama.base_url} ({ollama.problem}); {hint}",
        )
    ]


def _installed(detection: Detection) -> dict[str, InstalledModel] | None:
    """Canonical name → installed model; ``None`` when Ollama could not be asked."""
    models = detection.ollama.models
    if not models.found:
        return None
    return {canonical_model_name(m.name): m for m in models.value}


def _models(config: RouterConfig, detection: Detection) -> list[Finding]:
    installed = _installed(detection)
    if installed is None:
        return []
    findings = [
        Finding(
            "error",
            "model-missing",
            f"{model.name} is in the config but not installed in Ollama: ollama pull {model.name}",
        )
        for model in config.models
        if canonical_model_name(model.name) not in installed
    ]
    configured = {canonical_model_name(m.name) for m in config.models}
    findings += [
        Finding(
            "info",
            "model-unused",
            f"{model.name} is installed but the config ignores it "
            "(add it under models, or run `oar configure` to regenerate)",
        )
        for key, model in installed.items()
        if key not in configured
    ]
    return findings


def _capabilities_of(
    model: ModelConfig, installed: dict[str, InstalledModel] | None
) -> set[str] | None:
    if model.capabilities is not None:
        return set(model.capabilities)
    found = (installed or {}).get(canonical_model_name(model.name))
    if found is None or found.capabilities is None:
        return None
    return set(found.capabilities)


def _capabilities(config: RouterConfig, detection: Detection) -> list[Finding]:
    installed = _installed(detection)
    findings: list[Finding] = []
    for task, names in config.routes.items():
        known = {n: _capabilities_of(m, installed) for n in names if (m := config.model(n))}
        for name, caps in known.items():
            if caps is not None and "completion" not in caps:
                findings.append(
                    Finding(
                        "error",
                        "capability",
                        f"routes.{task}: {name} cannot chat (Ollama lists only "
                        f"{', '.join(sorted(caps))}); remove it from chat routes",
                    )
                )
        if task != "tool_use":
            continue
        lacking = [n for n, caps in known.items() if caps is not None and "tools" not in caps]
        if lacking and len(lacking) == len(known):
            findings.append(
                Finding(
                    "error",
                    "capability",
                    "routes.tool_use: no model in it supports tools "
                    f"({', '.join(lacking)}); requests with tools will find no model",
                )
            )
        elif lacking:
            findings.append(
                Finding(
                    "warning",
                    "capability",
                    f"routes.tool_use: {', '.join(lacking)} does not support tools; "
                    "requests with tools skip it",
                )
            )
    return findings


def _fit(config: RouterConfig, detection: Detection) -> list[Finding]:
    gpu = config.gpu
    total = detection.gpu.total_mb or (gpu.vram_total_mb if gpu.provider != "none" else 0)
    findings: list[Finding] = []
    if total > 0:
        for model in config.models:
            need = round(model.size_gb * 1024 + gpu.vram_safety_reserve_mb)
            if need <= total or model.capabilities == ["embedding"]:
                continue
            if gpu.require_gpu_only_by_default:
                findings.append(
                    Finding(
                        "error",
                        "too-big",
                        f"{model.name} needs {need} MB with the reserve but the GPU has "
                        f"{total} MB, and gpu.requireGpuOnlyByDefault forbids a CPU/GPU "
                        "split: it can never be chosen",
                    )
                )
            else:
                findings.append(
                    Finding(
                        "warning",
                        "too-big",
                        f"{model.name} needs {need} MB with the reserve but the GPU has "
                        f"{total} MB: it would run split between CPU and GPU (much slower)",
                    )
                )
    for loaded in detection.ollama.loaded.value:
        if loaded.split:
            cpu = round((loaded.size_bytes - loaded.size_vram_bytes) / loaded.size_bytes * 100)
            findings.append(
                Finding("warning", "too-big", f"{loaded.name} is loaded split now ({cpu}% on CPU)")
            )
    return findings


def _concurrency(config: RouterConfig, detection: Detection) -> list[Finding]:
    env = detection.ollama.num_parallel
    parallel = env.value if env.source == "env" else config.ollama.num_parallel
    findings: list[Finding] = []
    if env.source == "env" and env.value != config.ollama.num_parallel:
        findings.append(
            Finding(
                "warning",
                "parallel",
                f"ollama.numParallel is {config.ollama.num_parallel} but "
                f"OLLAMA_NUM_PARALLEL={env.value} here; set them equal",
            )
        )
    for model in config.models:
        if model.max_concurrent > parallel:
            findings.append(
                Finding(
                    "warning",
                    "parallel",
                    f"{model.name}: maxConcurrent {model.max_concurrent} but Ollama runs "
                    f"{parallel} request(s) per model (OLLAMA_NUM_PARALLEL); the rest wait "
                    "inside Ollama, out of the router's sight",
                )
            )
    loaded_env = detection.ollama.max_loaded_models
    max_loaded = loaded_env.value if loaded_env.source == "env" else config.ollama.max_loaded_models
    if max_loaded == 0:
        max_loaded = OLLAMA_DEFAULT_LOADED_PER_GPU * max(1, len(detection.gpu.gpus.value))
    total = sum(m.max_concurrent for m in config.models)
    at_once = min(total, config.queue.global_max_concurrent)
    loaded = min(max_loaded, len(config.models))
    capacity = parallel * loaded
    if at_once > capacity:
        findings.append(
            Finding(
                "warning",
                "parallel",
                f"the router may run {at_once} requests at once (models' maxConcurrent add up "
                f"to {total}, queue.globalMaxConcurrent {config.queue.global_max_concurrent}) "
                f"but Ollama serves at most {capacity} ({parallel} per model x {loaded} "
                "loaded); raise OLLAMA_NUM_PARALLEL or lower maxConcurrent",
            )
        )
    return findings


def _gpu_monitor(config: RouterConfig, detection: Detection) -> list[Finding]:
    gpu = config.gpu
    found = detection.gpu
    if gpu.provider == "nvidia" and gpu.monitor.enabled:
        backend = gpu.monitor.backend
        smi_reads = found.gpus.found and found.gpus.detail == "nvidia-smi"
        smi_usable = smi_reads or (found.nvml and found.nvidia_smi.found)
        usable = (backend in ("auto", "nvml") and found.nvml) or (
            backend in ("auto", "nvidia-smi") and smi_usable
        )
        if not usable:
            how = {
                "nvml": "NVML cannot read a GPU",
                "nvidia-smi": "nvidia-smi cannot read a GPU",
            }.get(backend, "neither NVML nor nvidia-smi can read a GPU")
            return [
                Finding(
                    "error",
                    "gpu-monitor",
                    f"gpu.monitor is on (backend {backend}) but {how} "
                    f"here ({found.gpus.detail or 'no reading'}); install the NVIDIA driver "
                    "or set gpu.monitor.enabled: false",
                )
            ]
    if gpu.provider == "none" and found.gpus.found:
        return [
            Finding(
                "info",
                "gpu-monitor",
                f"{found.name} ({found.total_mb} MB) is present but gpu.provider is none: "
                "set it to nvidia to route by free VRAM",
            )
        ]
    return []


def _port(config: RouterConfig, port: PortState) -> list[Finding]:
    server = config.server
    where = f"{server.host}:{server.port}"
    if port == "other":
        return [
            Finding(
                "error",
                "port-in-use",
                f"server.port: {where} is taken by another program; stop it or pick another port",
            )
        ]
    if port == "router":
        return [Finding("info", "port-in-use", f"a router already answers on {where}")]
    return []
