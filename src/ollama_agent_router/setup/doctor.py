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
from ollama_agent_router.setup.budget import (
    AGENT_CONTEXT,
    Card,
    ModelBudget,
    beside,
    card_for,
    largest_context,
    mb,
    model_budgets,
    share_mb,
    suggest_server_context,
)
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
    "context-cut",
    "context-too-big",
    "context-setting",
    "co-resident",
    "estimate",
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
    card = card_for(config, detection)
    budgets = model_budgets(config, detection, card)
    findings = [
        *_ollama(config, detection),
        *_models(config, detection),
        *_capabilities(config, detection),
        *_context(config, detection, card, budgets),
        *_fit(config, detection, card, budgets),
        *_co_resident(config, detection, card, budgets),
        *_estimates(card, budgets),
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


def _split(config: RouterConfig, code: str, head: str, tail: str) -> Finding:
    """A model that does not fit the card: Ollama runs it split between CPU and GPU."""
    if config.gpu.require_gpu_only_by_default:
        how = "and gpu.requireGpuOnlyByDefault forbids a CPU/GPU split: it can never be chosen"
        if code == "too-big":
            return Finding("error", "too-big", f"{head}, {how}{tail}")
        return Finding("error", "context-too-big", f"{head}, {how}{tail}")
    how = "it would run split between CPU and GPU (much slower)"
    if code == "too-big":
        return Finding("warning", "too-big", f"{head}: {how}{tail}")
    return Finding("warning", "context-too-big", f"{head}: {how}{tail}")


def _parts(budget: ModelBudget) -> str:
    memory = budget.memory
    assert memory is not None
    if budget.shape is None:
        return f"the file alone, {budget.weights_source}; KV cache unknown"
    return (
        f"weights {mb(memory.weights)} + KV cache {mb(memory.held_kv_cache)} + batch "
        f"{mb(memory.batch)} MB at {budget.context} tokens x {budget.parallel} slot(s)"
    )


def _fit(
    config: RouterConfig, detection: Detection, card: Card, budgets: list[ModelBudget]
) -> list[Finding]:
    """Each model alone on the card, at the context it loads with."""
    findings: list[Finding] = []
    kv = config.ollama.kv_cache_type
    for budget in budgets if card.known else []:
        memory = budget.memory
        if memory is None or budget.embedding or memory.held <= card.usable:
            continue
        need = mb(memory.held) + card.reserve_mb + card.overhead_mb
        head = f"{budget.name} needs {need} MB with the reserve but the GPU has {card.total_mb} MB"
        fitting = largest_context(budget, card, kv)
        if fitting is None:
            findings.append(_split(config, "too-big", head, f" ({_parts(budget)})"))
            continue
        findings.append(
            _split(
                config,
                "context-too-big",
                f"{head} at {budget.context} tokens of context ({_parts(budget)})",
                f"; the largest context that fits is {fitting}: "
                + _lower_context_fix(config, budget, fitting),
            )
        )
    for loaded in detection.ollama.loaded.value:
        if loaded.split:
            cpu = round((loaded.size_bytes - loaded.size_vram_bytes) / loaded.size_bytes * 100)
            findings.append(
                Finding("warning", "too-big", f"{loaded.name} is loaded split now ({cpu}% on CPU)")
            )
    return findings


def _lower_context_fix(config: RouterConfig, budget: ModelBudget, context: int) -> str:
    if config.ollama.api == "native" and budget.configured is not None:
        return f"set its maxContext to {context} (and defaultContext no higher)"
    return (
        f"start Ollama with OLLAMA_CONTEXT_LENGTH={context} and set ollama.contextLength: "
        f"{context}, or set ollama.api: native and give it maxContext: {context}"
    )


def _co_resident(
    config: RouterConfig, detection: Detection, card: Card, budgets: list[ModelBudget]
) -> list[Finding]:
    """Models that can never share the card with another configured model (sched.go
    ``load``: next to a loaded runner a model must fit 80% of the free VRAM)."""
    loaded_env = detection.ollama.max_loaded_models
    max_loaded = loaded_env.value if loaded_env.source == "env" else config.ollama.max_loaded_models
    if not card.known or max_loaded == 1:
        return []
    kv = config.ollama.kv_cache_type
    alone = [b for b in budgets if b.memory is not None and b.memory.held <= card.usable]
    findings: list[Finding] = []
    for budget in alone:
        others = sorted(
            (b for b in alone if b is not budget),
            key=lambda b: b.memory.held if b.memory else 0,
        )
        if not others or any(
            beside(budget, other, card, kv)[0] or beside(other, budget, card, kv)[0]
            for other in others
        ):
            continue
        smallest = others[0]
        _, memory, free = beside(budget, smallest, card, kv)
        assert budget.memory is not None
        assert smallest.memory is not None
        size = f"{mb(budget.memory.held)} MB at {budget.context} tokens"
        rule = (
            f"next to the smallest other model, {smallest.name} ({mb(smallest.memory.held)} "
            f"MB), it would need {mb(memory.predicted)} MB of the {share_mb(free)} MB Ollama "
            "allows (80% of the VRAM left free), and that model does not fit beside it either"
        )
        if budget.exclusive:
            findings.append(
                Finding(
                    "info",
                    "co-resident",
                    f"{budget.name} runs alone (exclusive: true), as it must: it takes {size}; "
                    + rule,
                )
            )
        else:
            findings.append(
                Finding(
                    "warning",
                    "co-resident",
                    f"{budget.name} ({size}) can never stay loaded beside another configured "
                    f"model: {rule}; every switch to it evicts the others. Lower its "
                    "context, or set exclusive: true so routing plans for it",
                )
            )
    return findings


def _estimates(card: Card, budgets: list[ModelBudget]) -> list[Finding]:
    blind = [b.name for b in budgets if b.shape is None and b.memory is not None]
    if not card.known or not blind:
        return []
    return [
        Finding(
            "info",
            "estimate",
            f"no model_info from Ollama's /api/show for {_names(blind)}: their memory is the "
            "file size alone (from /api/tags, else sizeGb), without the KV cache",
        )
    ]


def _names(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _context(
    config: RouterConfig, detection: Detection, card: Card, budgets: list[ModelBudget]
) -> list[Finding]:
    """Contexts the config claims that Ollama will not load."""
    findings: list[Finding] = []
    env = detection.ollama.context_length
    setting = config.ollama.context_length
    if env.source == "env" and env.value > 0 and env.value != setting:
        findings.append(
            Finding(
                "warning",
                "context-setting",
                f"ollama.contextLength is {setting or 'not set'} but "
                f"OLLAMA_CONTEXT_LENGTH={env.value} here; set them equal (the doctor goes by "
                "OLLAMA_CONTEXT_LENGTH)",
            )
        )
    by_context: dict[int, list[ModelBudget]] = {}
    for budget in budgets:
        if budget.cut == "server" and budget.context is not None:
            by_context.setdefault(budget.context, []).append(budget)
    for _, cut in sorted(by_context.items()):
        message = _server_cut(config, card, budgets, cut)
        if cut[0].context_source.startswith("/api/ps"):
            # Loaded now by someone: most likely the server's context, but a client that
            # set its own num_ctx loads a model so too.
            findings.append(Finding("warning", "context-cut", message))
        else:
            findings.append(Finding("error", "context-cut", message))
    for budget in budgets:
        if budget.cut == "trained":
            key = "maxContext" if _has_max(config, budget) else "defaultContext"
            findings.append(
                Finding(
                    "warning",
                    "context-cut",
                    f"{budget.name}: {key} {budget.configured} is above the context it was "
                    f"trained for ({budget.trained}, Ollama's /api/show), where Ollama caps "
                    f"it: set {key}: {budget.trained}",
                )
            )
    unknown = [b.name for b in budgets if b.cut == "unknown"]
    if unknown:
        findings.append(
            Finding(
                "warning",
                "context-cut",
                f"cannot tell what context Ollama gives {_names(unknown)}: ollama.api is "
                f"{config.ollama.api}, ollama.contextLength is not set, and Ollama picks 4096, "
                "32768 or 262144 tokens by GPU memory, which is not known here. Start Ollama "
                "with OLLAMA_CONTEXT_LENGTH=N and set ollama.contextLength: N, or set "
                "ollama.api: native",
            )
        )
    return findings


def _has_max(config: RouterConfig, budget: ModelBudget) -> bool:
    model = config.model(budget.name)
    return model is not None and model.max_context is not None


def _server_cut(
    config: RouterConfig, card: Card, budgets: list[ModelBudget], cut: list[ModelBudget]
) -> str:
    """One error for the models Ollama loads with less context than configured."""
    context = cut[0].context
    assert context is not None
    source = cut[0].context_source
    if source.startswith("/api/ps"):
        reason = (
            f"Ollama has them loaded now with {context} tokens (/api/ps): the server was "
            "probably started without the ollama.contextLength this file says"
        )
    elif source.startswith("Ollama's default"):
        reason = (
            "ollama.contextLength is not set, so Ollama loads every model with its default "
            f"for {card.total_mb} MiB of VRAM: {context} tokens"
        )
    else:
        reason = f"the server's context is {context} tokens ({source})"
    # Only with api: openai: with native, a model with a configured context gets it sent.
    reason = f"ollama.api is openai, which cannot send num_ctx, and {reason}"
    listed = _names([f"{b.name} ({b.configured})" for b in cut])
    head = (
        f"{reason}. {listed} get only {context} tokens of context, less than the config "
        "gives them: longer prompts are cut silently (Ollama drops the oldest messages "
        "until the prompt fits, so a 30k-token agent turn loses most of its history). Fix: "
    )
    ceiling = min(AGENT_CONTEXT, max(b.configured or 0 for b in budgets))
    suggested = suggest_server_context(budgets, card, config.ollama.kv_cache_type, ceiling)
    if suggested is None or suggested <= context:
        return head + (
            f"lower their maxContext/defaultContext to {context}; a larger server context "
            "does not fit the card"
        )
    above = [  # still above it, and not held back by their trained context anyway
        b.name
        for b in budgets
        if b.configured
        and b.configured > suggested
        and (b.trained is None or b.trained > suggested)
    ]
    lower = f" (and lower maxContext of {_names(above)} to {suggested})" if above else ""
    return head + (
        f"start Ollama with OLLAMA_CONTEXT_LENGTH={suggested} and set ollama.contextLength: "
        f"{suggested}{lower}, or set ollama.api: native so the router sends each model's "
        "own context"
    )


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
