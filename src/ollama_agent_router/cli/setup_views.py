"""How ``configure`` and ``doctor`` show what was found: rich tables and one-line facts."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from ollama_agent_router.setup.budget import Card, ModelBudget, mb
from ollama_agent_router.setup.facts import Detection, Fact
from ollama_agent_router.setup.presets import PRESETS
from ollama_agent_router.setup.shapes import ModelChoice

PLATFORMS = {"linux": "Linux", "darwin": "Darwin", "macos": "Darwin", "windows": "Windows"}


def parse_platform(text: str) -> tuple[str, str]:
    """``darwin/arm64`` → (``Darwin``, ``arm64``); ``ValueError`` naming the choices."""
    system, _, arch = text.partition("/")
    name = PLATFORMS.get(system.strip().lower())
    if name is None or not arch.strip():
        raise ValueError(f"{text!r}: use SYSTEM/ARCH, e.g. linux/x86_64 or darwin/arm64")
    return name, arch.strip()


def _row(fact: Fact[Any], shown: str | None = None) -> tuple[str, str, str, str]:
    if not fact.found:
        return "not found", "not_found", "-", fact.detail
    text = shown if shown is not None else str(fact.value)
    return text, fact.source, fact.confidence, fact.detail


class _PlainTable(Table):
    """Cells are plain text: a path or ``[detail]`` must never be read as rich markup."""

    def add_row(self, *cells: Any, **kwargs: Any) -> None:
        super().add_row(*(Text(c) if isinstance(c, str) else c for c in cells), **kwargs)


def detection_table(detection: Detection) -> Table:
    machine, ollama, gpu = detection.machine, detection.ollama, detection.gpu
    table = _PlainTable(
        "what", "found", "source", "confidence", "how", title="Detected", title_justify="left"
    )
    platform = f"{machine.system} {machine.arch}" + (
        " (Apple Silicon, unified memory)" if machine.apple_silicon else ""
    )
    table.add_row("platform", platform, "command", "high", "")
    table.add_row("CPU cores", *_row(machine.cpu_cores))
    ram = machine.ram_mb
    table.add_row("RAM", *_row(ram, f"{ram.value / 1024:.1f} GB"))
    if machine.system == "Darwin":
        table.add_row("chip", *_row(machine.chip))
    table.add_row("ollama binary", *_row(ollama.binary))
    table.add_row("ollama version", *_row(ollama.version))
    table.add_row("ollama address", *_row(ollama.base_url))
    api = "reachable" if ollama.reachable else f"unreachable: {ollama.problem}"
    table.add_row("ollama API", api, "api", "high" if ollama.reachable else "-", "/api/version")
    names = ", ".join(m.name for m in ollama.models.value) or "none"
    table.add_row("models", *_row(ollama.models, f"{len(ollama.models.value)}: {names}"))
    loaded = ", ".join(
        m.name + (" (split CPU/GPU)" if m.split else "") for m in ollama.loaded.value
    )
    table.add_row("loaded now", *_row(ollama.loaded, loaded or "none"))
    table.add_row("OLLAMA_NUM_PARALLEL", *_row(ollama.num_parallel))
    context = ollama.context_length
    table.add_row("OLLAMA_CONTEXT_LENGTH", *_row(context, str(context.value or "not set")))
    table.add_row("OLLAMA_MAX_LOADED_MODELS", *_row(ollama.max_loaded_models))
    gpus = ", ".join(f"{g.name} ({g.total_mb} MB)" for g in gpu.gpus.value)
    table.add_row("NVIDIA GPUs", *_row(gpu.gpus, gpus))
    if machine.system != "Darwin":
        table.add_row("NVML", "usable" if gpu.nvml else "not usable", "api", "high", "nvidia-ml-py")
        table.add_row("nvidia-smi", *_row(gpu.nvidia_smi))
    return table


def budget_table(card: Card, budgets: list[ModelBudget]) -> Table:
    """Each model's memory at the context Ollama loads it with (``oar doctor``)."""
    if card.known:
        where = (
            f"{card.total_mb} MiB ({card.source}), {card.usable_mb} usable after the "
            f"{card.reserve_mb} MiB reserve"
        )
    else:
        where = card.source
    table = _PlainTable(
        "model",
        "context",
        "from",
        "slots",
        "weights MiB",
        "KV cache MiB",
        "batch MiB",
        "total MiB",
        title=f"Memory as Ollama loads each model: {where}",
        title_justify="left",
    )
    for budget in budgets:
        memory = budget.memory
        weights = f"{mb(budget.weights)} ({budget.weights_source})"
        if memory is None:
            cells = ["?", "?", "?"]
        else:
            kv = f"{mb(memory.held_kv_cache)}" if budget.shape else "? (no /api/show)"
            cells = [kv, str(mb(memory.batch)), str(mb(memory.held))]
        table.add_row(
            budget.name,
            str(budget.context or "?"),
            budget.context_source,
            str(budget.parallel),
            weights,
            *cells,
        )
    return table


def models_table(models: tuple[ModelChoice, ...]) -> Table:
    table = _PlainTable(
        "#",
        "model",
        "size GB",
        "role",
        "tools",
        "context",
        "source",
        title="Models",
        title_justify="left",
    )
    for index, model in enumerate(models, 1):
        tools = {True: "yes", False: "no", None: "?"}[model.tools]
        context = str(model.context_length) if model.context_length else "?"
        table.add_row(
            str(index), model.name, f"{model.size_gb:.1f}", model.role, tools, context, model.source
        )
    return table


def header_lines(detection: Detection, *, preset: str | None, output: str) -> list[str]:
    """The comment at the top of a generated file: what it was made from."""
    machine, ollama, gpu = detection.machine, detection.ollama, detection.gpu
    version = f" {ollama.version.value}" if ollama.version.found else ""
    state = "reachable" if ollama.reachable else "not reachable"
    gpus = gpu.name + f" ({gpu.total_mb} MB)" if gpu.gpus.value else "no NVIDIA GPU"
    hardware = (
        f"Machine: {machine.system} {machine.arch}, {machine.cpu_cores.value} cores, "
        f"{machine.ram_mb.value // 1024} GB RAM, {gpus}."
    )
    if preset is not None:
        cards = PRESETS[preset].gpus
        hardware = (
            f"Hardware and models from the {preset} preset: "
            + ", ".join(f"{card.name} ({card.total_mb} MB)" for card in cards)
            + "."
        )
    lines = [
        "ollama-agent-router config written by `oar configure`.",
        hardware,
        f"Ollama{version} at {ollama.base_url.value} ({state}), "
        f"{len(ollama.models.value)} models installed.",
        f"Check it against the machine with `oar doctor --config {output}`; "
        "reference: docs/configuration.md.",
    ]
    return lines
