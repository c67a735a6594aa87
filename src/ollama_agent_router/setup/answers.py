"""The answers file of ``oar configure --non-interactive``, and how answers, a preset and
detection combine into the plan's inputs.

The smallest useful file (SPEC §8)::

    models:
      mode: manual
      items:
        - {name: qwen2.5-coder:7b, role: code, sizeGb: 4.7}

``mode: detected`` (the default) keeps what Ollama reports. Optional sections override
detection: ``ollama.baseUrl``/``contextLength``/``numParallel``, ``server.nodeId``/``port``,
``gpu.vramTotalMb``/``name``.
Answers are validated as strictly as the config: an unknown key or a bad value is one
line naming the file and the key.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from ollama_agent_router.config.errors import ConfigError, Problem
from ollama_agent_router.config.loader import _problems_from
from ollama_agent_router.setup.facts import Detection, Gpu
from ollama_agent_router.setup.plan import Inputs, node_id_from
from ollama_agent_router.setup.presets import PRESETS
from ollama_agent_router.setup.roles import Role
from ollama_agent_router.setup.shapes import ModelChoice


class _Strict(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class ModelAnswer(_Strict):
    name: Annotated[str, Field(min_length=1)]
    size_gb: Annotated[float, Field(gt=0)]
    role: Role | None = None


class ModelsAnswer(_Strict):
    mode: Literal["detected", "manual"] = "detected"
    items: list[ModelAnswer] = []


class OllamaAnswer(_Strict):
    base_url: Annotated[str, Field(pattern=r"^https?://[^/\s]+")] | None = None
    context_length: Annotated[int, Field(ge=256, le=16_777_216)] | None = None
    """The server's ``OLLAMA_CONTEXT_LENGTH``, when the machine running the wizard is not
    the one running Ollama (else it is recommended)."""
    num_parallel: Annotated[int, Field(ge=1, le=1000)] | None = None
    """The server's ``OLLAMA_NUM_PARALLEL``, likewise."""


class ServerAnswer(_Strict):
    node_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9.-]+$")] | None = None
    port: Annotated[int, Field(ge=1, le=65535)] | None = None


class GpuAnswer(_Strict):
    vram_total_mb: Annotated[int, Field(ge=0)] | None = None
    """0: no NVIDIA GPU (a CPU config), whatever was detected."""
    name: str | None = None


class Answers(_Strict):
    models: ModelsAnswer = ModelsAnswer()
    ollama: OllamaAnswer = OllamaAnswer()
    server: ServerAnswer = ServerAnswer()
    gpu: GpuAnswer = GpuAnswer()


def load_answers(path: Path) -> Answers:
    """Read and validate an answers file; ``ConfigError`` naming the key on any problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError([Problem("", f"cannot read: {exc.strerror}")], source=path) from None
    except yaml.YAMLError as exc:
        raise ConfigError([Problem("", f"YAML syntax error: {exc}")], source=path) from None
    if not isinstance(data, dict):
        raise ConfigError(
            [Problem("", "must be a mapping (see `models: {mode, items}`)")], source=path
        )
    try:
        answers = Answers.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_problems_from(exc), source=path) from None
    names = [item.name for item in answers.models.items]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise ConfigError(
                [Problem(f"models.items[{index}].name", f"duplicate model name {name!r}")],
                source=path,
            )
    if answers.models.mode == "manual" and not answers.models.items:
        raise ConfigError(
            [Problem("models.items", "mode 'manual' needs at least one model")], source=path
        )
    return answers


def inputs_from(
    detection: Detection,
    *,
    answers: Answers | None = None,
    preset: str | None = None,
    models: tuple[ModelChoice, ...] | None = None,
) -> Inputs:
    """Combine detection, a preset, answers and models chosen interactively, later wins."""
    ollama = detection.ollama
    chosen = models
    if chosen is None:
        chosen = tuple(ModelChoice.from_installed(m) for m in ollama.models.value)
    inputs = Inputs(
        models=chosen,
        gpus=detection.gpu.gpus.value,
        apple_silicon=detection.machine.apple_silicon,
        ram_mb=detection.machine.ram_mb.value,
        cpu_cores=detection.machine.cpu_cores.value,
        base_url=ollama.base_url.value,
        node_id=node_id_from(detection.machine.hostname),
        num_parallel=ollama.num_parallel.value if ollama.num_parallel.source == "env" else None,
        max_loaded_models=(
            ollama.max_loaded_models.value if ollama.max_loaded_models.source == "env" else None
        ),
        context_length=(
            ollama.context_length.value if ollama.context_length.source == "env" else None
        ),
    )
    if preset is not None:
        spec = PRESETS[preset]
        inputs = replace(inputs, gpus=spec.gpus, node_id=spec.node_id, apple_silicon=False)
        if models is None:
            inputs = replace(inputs, models=spec.models)
    if answers is not None:
        inputs = apply_answers(inputs, answers)
    return inputs


def apply_answers(inputs: Inputs, answers: Answers) -> Inputs:
    """``inputs`` with what the answers file says in place of what was detected."""
    changes: dict[str, Any] = {}
    if answers.models.mode == "manual":
        changes["models"] = tuple(
            ModelChoice.manual(item.name, item.size_gb, item.role) for item in answers.models.items
        )
    if answers.ollama.base_url:
        changes["base_url"] = answers.ollama.base_url.rstrip("/")
    if answers.ollama.context_length:
        changes["context_length"] = answers.ollama.context_length
    if answers.ollama.num_parallel:
        changes["num_parallel"] = answers.ollama.num_parallel
    if answers.server.node_id:
        changes["node_id"] = answers.server.node_id
    if answers.server.port:
        changes["port"] = answers.server.port
    gpu = answers.gpu
    if gpu.vram_total_mb is not None:
        changes["gpus"] = (
            (Gpu(gpu.name or "NVIDIA GPU", gpu.vram_total_mb),) if gpu.vram_total_mb else ()
        )
    return replace(inputs, **changes)
