"""From what was found to a config: pure, so every rule is a row in a test table.

``plan(inputs)`` returns the config as data (camelCase keys, the YAML's order) plus one
line of *why* per section and per model, which ``render`` writes as comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from ollama_agent_router.routing.memory import (
    GIB,
    MIB,
    default_context,
    effective_context,
    estimate_memory,
    slots,
)
from ollama_agent_router.setup.budget import AGENT_CONTEXT, largest_fitting
from ollama_agent_router.setup.facts import Gpu
from ollama_agent_router.setup.roles import PROFILES, Role
from ollama_agent_router.setup.routes import build_routes, classifier_model
from ollama_agent_router.setup.shapes import ModelChoice

CLASSIFICATION_MODE: Final = "cascade"
"""With a small instruct model installed: ``enhanced`` first, the small model asked only
when ``enhanced`` is unsure (``router.classification.cascadeThreshold``)."""
WITHOUT_SMALL_MODEL: Final = "enhanced"
"""The classification mode every generated config gets."""

MachineKind = Literal["nvidia", "apple", "cpu"]


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything the plan needs, already decided (detected, answered or from a preset)."""

    models: tuple[ModelChoice, ...]
    gpus: tuple[Gpu, ...] = ()
    apple_silicon: bool = False
    ram_mb: int = 0
    cpu_cores: int = 0
    base_url: str = "http://127.0.0.1:11434"
    node_id: str = "local"
    port: int = 11435
    num_parallel: int | None = None
    """``OLLAMA_NUM_PARALLEL`` when known; ``None``: not known, so the plan recommends one."""
    max_loaded_models: int | None = None
    context_length: int | None = None
    """``OLLAMA_CONTEXT_LENGTH`` when known; ``None``: not known, so the plan recommends one."""


@dataclass(frozen=True, slots=True)
class QueueProfile:
    """Queue and load defaults of one machine class."""

    global_max_concurrent: int
    global_max_queued: int
    per_user_max_queued: int
    sync_max_queue_time_ms: int
    heavy_load_queue_depth: int
    timeout_factor: float
    """CPUs generate several times slower: every timeout is stretched by this."""
    max_context: int | None
    """A ceiling on ``maxContext``: a CPU takes minutes to read 64k tokens."""


QUEUES: Final[dict[MachineKind, QueueProfile]] = {
    "nvidia": QueueProfile(3, 100, 20, 250, 3, 1.0, None),
    "apple": QueueProfile(2, 50, 10, 250, 2, 1.5, 32768),
    "cpu": QueueProfile(1, 50, 10, 100, 1, 2.0, 16384),
}


@dataclass(frozen=True, slots=True)
class Plan:
    data: dict[str, Any]
    """The config, as YAML-ready data."""
    why: dict[str, str] = field(default_factory=dict)
    """Section → the comment line above it."""
    model_why: dict[str, str] = field(default_factory=dict)
    """Model name → the comment line above its entry."""
    machine: MachineKind = "cpu"


PARALLEL_CHOICES: Final = (4, 2)
"""Slots per model the plan recommends when they fit (else Ollama's default, 1)."""


class PlanError(ValueError):
    """Nothing usable to build a config from (e.g. only embedding models)."""


def machine_kind(inputs: Inputs) -> MachineKind:
    if inputs.gpus:
        return "nvidia"
    return "apple" if inputs.apple_silicon else "cpu"


def vram_reserve_mb(total_mb: int) -> int:
    """SPEC §8: under 8 GB keep 1 GB free, up to 24 GB 1.5 GB, above that 2 GB."""
    if total_mb < 8 * 1024:
        return 1024
    if total_mb <= 24 * 1024:
        return 1536
    return 2048


def node_id_from(hostname: str) -> str:
    """A valid ``server.nodeId`` from a host name (letters, digits, dots, dashes)."""
    cleaned = re.sub(r"[^A-Za-z0-9.-]+", "-", hostname.split(".")[0]).strip("-.")
    return cleaned[:63] or "local"


@dataclass(frozen=True, slots=True)
class _Fit:
    """The card the plan fits contexts to; ``usable`` 0: none known (CPU, Apple)."""

    usable: int
    total_mb: int

    def held(self, choice: ModelChoice, context: int, parallel: int) -> int:
        """What Ollama takes for ``choice`` at ``context`` in each of ``parallel`` slots."""
        embedding = choice.role == "embedding"
        family = choice.shape.family if choice.shape else None
        return estimate_memory(
            choice.weights,
            choice.shape,
            num_ctx=context,
            parallel=slots(parallel, family=family, embedding=embedding),
            available=self.usable or None,
            completion=not embedding,
        ).held

    def fits(self, choice: ModelChoice, context: int, parallel: int) -> bool:
        return not self.usable or self.held(choice, context, parallel) <= self.usable


def plan(inputs: Inputs) -> Plan:
    """The whole config for ``inputs``; ``PlanError`` when no model can chat."""
    chat = [m for m in inputs.models if m.role != "embedding"]
    if not chat:
        raise PlanError(
            "no chat model to route to (only embedding models); pull one first, "
            "e.g. `ollama pull llama3.2:3b`"
        )
    kind = machine_kind(inputs)
    queue = QUEUES[kind]
    total_mb = sum(g.total_mb for g in inputs.gpus)
    fit = _Fit((total_mb - vram_reserve_mb(total_mb)) * MIB if total_mb else 0, total_mb)
    contexts = {c.name: _context(c, queue, fit, inputs.num_parallel or 1) for c in inputs.models}
    parallel, parallel_why = _parallel(inputs, fit, contexts)
    server, server_why = _server_context(inputs, fit, contexts, parallel)
    models = [_model(c, queue, parallel, contexts[c.name][0]) for c in inputs.models]
    total_concurrency = sum(
        m["maxConcurrent"]
        for m, c in zip(models, inputs.models, strict=True)
        if c.role != "embedding"
    )
    global_concurrent = max(1, min(queue.global_max_concurrent, total_concurrency))
    gpu, gpu_why = _gpu(inputs, kind, fit)
    classifier = classifier_model(inputs.models)
    classification: dict[str, Any] = {"mode": WITHOUT_SMALL_MODEL}
    if classifier is not None:
        classification = {"mode": CLASSIFICATION_MODE, "optionalClassifierModel": classifier}
    data: dict[str, Any] = {
        "server": {
            "nodeId": inputs.node_id,
            "host": "127.0.0.1",
            "port": inputs.port,
            "basePath": "/",
        },
        "ollama": {
            "baseUrl": inputs.base_url,
            "api": "native",
            "keepAlive": "5m",
            "requestTimeoutMs": round(120_000 * queue.timeout_factor),
            "maxLoadedModels": inputs.max_loaded_models or 0,
            "numParallel": parallel,
            "contextLength": server,
        },
        "gpu": gpu,
        "router": {
            "strategy": "residency",
            "defaultMode": "auto",
            "asyncForPlainClients": False,
            "syncMaxQueueTimeMs": queue.sync_max_queue_time_ms,
            "heavyLoadQueueDepth": queue.heavy_load_queue_depth,
            "heavyLoadGpuFreeMbThreshold": _free_threshold(gpu["vramTotalMb"]),
            "defaultTaskType": "unknown",
            "classification": classification,
        },
        "jobs": {"store": "sqlite", "resultTtlSeconds": 86400, "maxAttempts": 2},
        "models": models,
        "routes": build_routes(inputs.models),
        "queue": {
            "globalMaxConcurrent": global_concurrent,
            "globalMaxQueued": queue.global_max_queued,
            "perUserMaxQueued": queue.per_user_max_queued,
            "defaultPriority": "normal",
            "timeoutMs": round(180_000 * queue.timeout_factor),
        },
    }
    why = {
        "server": "Listen on this machine only; Ollama itself keeps 11434.",
        "ollama": _ollama_why(inputs, parallel, server, parallel_why, server_why),
        "gpu": gpu_why,
        "router": "Residency: each request goes where it should finish first, knowing what "
        "Ollama has loaded"
        + (
            "; classification is cascade: the offline classifier first, the smallest chat "
            "model asked only when it is unsure (about one request in five)."
            if classifier
            else "."
        ),
        "jobs": "Async jobs survive restarts in a SQLite file next to this config.",
        "models": "Roles from names, sizes and capabilities: " + _role_summary(inputs.models),
        "routes": "Every task type, best fit first; embedding models never serve chat, "
        "tool-capable models lead tool_use.",
        "queue": _queue_why(kind, global_concurrent),
    }
    model_why = {
        c.name: f"{c.role}: {PROFILES[c.role].why}; {contexts[c.name][1]}" for c in inputs.models
    }
    return Plan(data=data, why=why, model_why=model_why, machine=kind)


def _gib(value: int) -> str:
    return f"{value / GIB:.1f} GiB"


def _context(choice: ModelChoice, queue: QueueProfile, fit: _Fit, parallel: int) -> tuple[int, str]:
    """``maxContext`` for ``choice`` and why: the role's, within the machine's ceiling and
    the trained context, then the largest that fits the card with its KV cache."""
    profile = PROFILES[choice.role]
    wanted = profile.max_context
    if queue.max_context is not None and choice.role != "embedding":
        wanted = min(wanted, queue.max_context)
    why = f"maxContext {wanted}"
    if choice.context_length and choice.context_length < wanted:
        wanted = choice.context_length
        why = f"maxContext {wanted}, the context it was trained for"
    wanted = max(wanted, 512)
    if choice.role in ("code", "tool", "heavy") and wanted >= AGENT_CONTEXT:
        why += " (agents send 20-30k-token prompts)"
    if not fit.usable:
        return wanted, why
    if choice.shape is None:
        return wanted, why + (
            f"; {_gib(fit.held(choice, wanted, parallel))} for the file alone: Ollama did not "
            "say how big its KV cache is, so the context is not checked against the card"
        )
    fitting = largest_fitting(wanted, lambda context: fit.fits(choice, context, parallel))
    if fitting is None:
        return wanted, why + "; too big for the card even at a small context (it runs split)"
    held = _gib(fit.held(choice, fitting, parallel))
    if fitting < wanted:
        return fitting, (
            f"maxContext {fitting}, the largest that fits the card ({held} with its KV cache; "
            f"{wanted} would not)"
        )
    return fitting, why + f": {held} with its KV cache"


def _parallel(inputs: Inputs, fit: _Fit, contexts: dict[str, tuple[int, str]]) -> tuple[int, str]:
    """``OLLAMA_NUM_PARALLEL``: as detected, else the most slots (4, 2) with which every
    model still fits the card at its context (each slot has its own KV cache), else 1."""
    if inputs.num_parallel is not None:
        return inputs.num_parallel, ""
    if not fit.usable:
        return 1, "1 slot per model (Ollama's default): no GPU to spread slots over"
    unknown = [m.name for m in inputs.models if m.shape is None]
    if unknown:
        return 1, (
            "1 slot per model (Ollama's default): the KV cache of "
            f"{', '.join(unknown)} is not known, so more slots cannot be checked"
        )
    blocker = ""  # the last (smallest) count that does not fit says the most
    for parallel in PARALLEL_CHOICES:
        over = [m for m in inputs.models if not fit.fits(m, contexts[m.name][0], parallel)]
        if not over:
            return parallel, (
                f"{parallel} slots per model: every model fits the card with {parallel} KV "
                "caches at its context"
            )
        first = over[0]
        need = fit.held(first, contexts[first.name][0], parallel)
        blocker = (
            f"; {parallel} would not fit {first.name} at {contexts[first.name][0]} tokens "
            f"({_gib(need)})"
        )
    return 1, "1 slot per model (Ollama's default)" + blocker


def _server_context(
    inputs: Inputs, fit: _Fit, contexts: dict[str, tuple[int, str]], parallel: int
) -> tuple[int, str]:
    """``OLLAMA_CONTEXT_LENGTH``: as detected, else the largest up to 32768 (and up to the
    largest ``maxContext``) at which every model fits the card at once capped at its
    trained context; what any request without ``num_ctx`` gets."""
    if inputs.context_length is not None:
        return inputs.context_length, ""
    ceiling = min(AGENT_CONTEXT, max(context for context, _ in contexts.values()))

    def fits(context: int) -> bool:
        return all(
            fit.fits(m, effective_context(context, m.context_length), parallel)
            for m in inputs.models
            if m.shape is not None and fit.fits(m, 2048, parallel)
        )

    chosen = largest_fitting(ceiling, fits) or ceiling
    if inputs.apple_silicon and not inputs.gpus:
        default = "Ollama's default depends on the Mac's GPU memory"
    else:
        default = f"Ollama's default here would be {default_context(fit.total_mb * MIB)}"
    fitting = "that fits every model" if fit.usable else "a model may use"
    return chosen, (
        f"{chosen} tokens for any request without num_ctx ({default}), the largest up to "
        f"{ceiling} {fitting}"
    )


def _model(choice: ModelChoice, queue: QueueProfile, parallel: int, context: int) -> dict[str, Any]:
    profile = PROFILES[choice.role]
    purpose = list(profile.purpose)
    if choice.tools is False:  # Ollama says it has no tools: not a tool_use candidate
        purpose = [p for p in purpose if p != "tool_use"]
    entry: dict[str, Any] = {
        "name": choice.name,
        "sizeGb": choice.size_gb,
        "purpose": purpose,
        "priority": profile.priority,
        "maxConcurrent": max(1, min(profile.max_concurrent, parallel)),
        "defaultContext": min(profile.default_context, context),
        "maxContext": context,
        "timeoutMs": round(profile.timeout_ms * queue.timeout_factor),
        "costClass": profile.cost_class,
        "exclusive": profile.exclusive,
        "allowWhenBusy": profile.allow_when_busy,
    }
    if choice.role == "embedding":
        entry["capabilities"] = ["embedding"]
    return entry


def _gpu(inputs: Inputs, kind: MachineKind, fit: _Fit) -> tuple[dict[str, Any], str]:
    if kind != "nvidia":
        gpu: dict[str, Any] = {
            "provider": "none",
            "vramTotalMb": 0,
            "vramSafetyReserveMb": 1024,
            "requireGpuOnlyByDefault": False,
            "monitor": {"enabled": False},
        }
        if kind == "apple":
            ram = f" ({inputs.ram_mb // 1024} GB)" if inputs.ram_mb else ""
            return gpu, (
                f"Apple Silicon: models run on Metal in unified memory{ram}; there is no "
                "VRAM to watch and no CPU/GPU split to avoid."
            )
        return gpu, "No NVIDIA GPU found: models run on the CPU, so nothing is GPU-only."
    total = sum(g.total_mb for g in inputs.gpus)
    reserve = vram_reserve_mb(total)
    too_big = [
        m.name
        for m in inputs.models
        if m.role != "embedding" and not fit.fits(m, min(2048, m.context_length or 2048), 1)
    ]
    names = list(dict.fromkeys(g.name for g in inputs.gpus))
    count = len(inputs.gpus)
    name = f"{count} x {names[0]}" if len(names) == 1 and count > 1 else " + ".join(names)
    monitor: dict[str, Any] = {"enabled": True, "intervalMs": 5000}
    gpu = {
        "provider": "nvidia",
        "name": name,
        "vramTotalMb": total,
        "vramSafetyReserveMb": reserve,
        "maxGpuUtilizationPct": 92,
        "requireGpuOnlyByDefault": not too_big,
        "monitor": monitor,
    }
    why = f"{name}, {total} MB of VRAM in total; keep {reserve} MB free (by total size)"
    if too_big:
        why += f"; GPU-only is off because {', '.join(too_big)} cannot fit and would run split"
    else:
        why += "; every model fits, so never run one split between CPU and GPU"
    return gpu, why + "."


def _free_threshold(total_mb: int) -> int:
    """Free VRAM below ~15 % of the card counts as heavy load (3072 MB on 20 GB)."""
    if total_mb <= 0:
        return 2048
    return round(min(8192, max(1024, total_mb * 0.15)) / 512) * 512


def _ollama_why(
    inputs: Inputs, parallel: int, server: int, parallel_why: str, server_why: str
) -> str:
    text = (
        "Native API: keepAlive and each model's maxContext reach Ollama (as num_ctx). "
        "contextLength and numParallel must match how the Ollama server is started"
    )
    known = [
        f"OLLAMA_CONTEXT_LENGTH={inputs.context_length}" if inputs.context_length else "",
        f"OLLAMA_NUM_PARALLEL={inputs.num_parallel}" if inputs.num_parallel else "",
        f"OLLAMA_MAX_LOADED_MODELS={inputs.max_loaded_models}"
        if inputs.max_loaded_models is not None
        else "",
    ]
    found = [k for k in known if k]
    text += f" (found here: {', '.join(found)})." if found else "."
    chosen = [why for why in (server_why, parallel_why) if why]
    if chosen:
        command = f"OLLAMA_CONTEXT_LENGTH={server} OLLAMA_NUM_PARALLEL={parallel} ollama serve"
        text += (
            " Not found here, so recommended: "
            + "; ".join(chosen)
            + f". Start Ollama with them: `{command}`, or Environment= lines in "
            "`sudo systemctl edit ollama`."
        )
    return text


def _role_summary(models: tuple[ModelChoice, ...]) -> str:
    counts: dict[Role, int] = {}
    for model in models:
        counts[model.role] = counts.get(model.role, 0) + 1
    return ", ".join(f"{n} {role}" for role, n in counts.items()) + "."


def _queue_why(kind: MachineKind, concurrent: int) -> str:
    machine = {
        "nvidia": "a GPU machine",
        "apple": "Apple Silicon (one Metal GPU)",
        "cpu": "a CPU-only machine: one generation at a time, short queues",
    }[kind]
    return f"Queue sized for {machine}; {concurrent} at once across models."
