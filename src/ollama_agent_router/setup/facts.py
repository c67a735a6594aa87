"""What detection found about the machine and Ollama, each value with where it came from.

Plain frozen dataclasses: ``detect`` fills them (I/O), ``plan`` and ``doctor`` read them
(pure). A value the wizard could not find is still a ``Fact`` (``source="not_found"``),
so the summary can say so and the wizard knows what to ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from ollama_agent_router.routing.memory import ModelShape

T = TypeVar("T")

Source = Literal["command", "env", "api", "default", "manual", "not_found"]
Confidence = Literal["high", "medium", "low", "none"]


@dataclass(frozen=True, slots=True)
class Fact(Generic[T]):
    """One detected value: ``value`` plus its ``source``, confidence and a short note."""

    value: T
    source: Source
    confidence: Confidence = "high"
    detail: str = ""

    @property
    def found(self) -> bool:
        return self.source != "not_found"

    def as_dict(self) -> dict[str, Any]:
        value: Any = self.value
        if isinstance(value, tuple):
            value = [v.as_dict() if hasattr(v, "as_dict") else v for v in value]
        out = {"value": value, "source": self.source, "confidence": self.confidence}
        if self.detail:
            out["detail"] = self.detail
        return out


def missing(value: T, detail: str = "") -> Fact[T]:
    return Fact(value, "not_found", "none", detail)


_PARAMS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMBT])\s*$", re.IGNORECASE)
_PARAM_SCALE = {"k": 1e-6, "m": 1e-3, "b": 1.0, "t": 1000.0}


def parameter_billions(text: str) -> float | None:
    """``"3.2B"`` → 3.2, ``"137M"`` → 0.137; ``None`` when Ollama gave nothing usable."""
    match = _PARAMS.match(text or "")
    if not match:
        return None
    return float(match.group(1)) * _PARAM_SCALE[match.group(2).lower()]


@dataclass(frozen=True, slots=True)
class InstalledModel:
    """A model Ollama has on disk, from ``/api/tags`` (+ ``/api/show``) or ``ollama list``."""

    name: str
    size_bytes: int
    family: str = ""
    parameter_size: str = ""
    quantization: str = ""
    capabilities: frozenset[str] | None = None
    """From ``/api/show`` (or ``/api/tags`` on newer servers); ``None``: unknown."""
    context_length: int | None = None
    """The trained context from ``/api/show``; ``None``: unknown."""
    source: Source = "api"
    shape: ModelShape | None = None
    """The dimensions that size its KV cache (``/api/show`` ``model_info``); ``None``:
    Ollama did not say (an old server, ``ollama list`` only), so only the file counts."""

    @property
    def size_gb(self) -> float:
        """Decimal GB as Ollama prints it, rounded up a little so configs never undersize."""
        return max(0.1, round(self.size_bytes / 1e9 + 0.049, 1))

    @property
    def params_b(self) -> float | None:
        return parameter_billions(self.parameter_size)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sizeGb": self.size_gb,
            "family": self.family,
            "parameterSize": self.parameter_size,
            "quantization": self.quantization,
            "capabilities": None if self.capabilities is None else sorted(self.capabilities),
            "contextLength": self.context_length,
            "source": self.source,
            "sizeBytes": self.size_bytes,
            "shape": None if self.shape is None else self.shape.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """A model Ollama has in memory now (``/api/ps`` or ``ollama ps``)."""

    name: str
    size_bytes: int
    size_vram_bytes: int
    context_length: int | None = None
    """The context it was loaded with (``/api/ps`` ``context_length``); ``None``: not said."""

    @property
    def split(self) -> bool:
        """Partly on the CPU: Ollama could not fit it in VRAM."""
        return 0 < self.size_vram_bytes < self.size_bytes

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sizeBytes": self.size_bytes,
            "sizeVramBytes": self.size_vram_bytes,
            "split": self.split,
            "contextLength": self.context_length,
        }


@dataclass(frozen=True, slots=True)
class Gpu:
    """One NVIDIA GPU (MiB, as NVML and ``nvidia-smi`` report)."""

    name: str
    total_mb: int

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "totalMb": self.total_mb}


@dataclass(frozen=True, slots=True)
class Machine:
    """The host: OS, CPU architecture, cores and memory."""

    system: str
    """``Linux``, ``Darwin``, ``Windows`` (``platform.system()``)."""
    arch: str
    """``x86_64``, ``arm64``, ``aarch64`` (``platform.machine()``)."""
    cpu_cores: Fact[int]
    ram_mb: Fact[int]
    chip: Fact[str] = field(default_factory=lambda: missing(""))
    """The CPU brand on macOS (``Apple M2 Pro``)."""
    hostname: str = "local"

    @property
    def apple_silicon(self) -> bool:
        """macOS on arm64: unified memory, Metal, no NVIDIA anything."""
        return self.system == "Darwin" and self.arch in ("arm64", "aarch64")

    def as_dict(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "arch": self.arch,
            "appleSilicon": self.apple_silicon,
            "cpuCores": self.cpu_cores.as_dict(),
            "ramMb": self.ram_mb.as_dict(),
            "chip": self.chip.as_dict(),
            "hostname": self.hostname,
        }


@dataclass(frozen=True, slots=True)
class OllamaFacts:
    """Everything about Ollama: where its binary is, where it listens, what it holds."""

    binary: Fact[str]
    version: Fact[str]
    base_url: Fact[str]
    reachable: bool
    models: Fact[tuple[InstalledModel, ...]]
    loaded: Fact[tuple[LoadedModel, ...]]
    max_loaded_models: Fact[int]
    """``OLLAMA_MAX_LOADED_MODELS`` (0 = Ollama's own default)."""
    num_parallel: Fact[int]
    """``OLLAMA_NUM_PARALLEL`` (Ollama's default is 1)."""
    problem: str = ""
    """Why the API could not be used, in one line (empty when it could)."""
    context_length: Fact[int] = field(
        default_factory=lambda: Fact(0, "default", "low", "OLLAMA_CONTEXT_LENGTH not set here")
    )
    """``OLLAMA_CONTEXT_LENGTH`` (0 = not set: Ollama's default by VRAM)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "binary": self.binary.as_dict(),
            "version": self.version.as_dict(),
            "baseUrl": self.base_url.as_dict(),
            "reachable": self.reachable,
            "problem": self.problem,
            "models": self.models.as_dict(),
            "loaded": self.loaded.as_dict(),
            "maxLoadedModels": self.max_loaded_models.as_dict(),
            "numParallel": self.num_parallel.as_dict(),
            "contextLength": self.context_length.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class GpuFacts:
    """NVIDIA GPUs and the tools that can read them."""

    gpus: Fact[tuple[Gpu, ...]]
    nvml: bool
    """``nvidia-ml-py`` imports and NVML initialises."""
    nvidia_smi: Fact[str]
    """Path of a working ``nvidia-smi``."""

    @property
    def total_mb(self) -> int:
        return sum(gpu.total_mb for gpu in self.gpus.value)

    @property
    def name(self) -> str:
        names = list(dict.fromkeys(gpu.name for gpu in self.gpus.value))
        count = len(self.gpus.value)
        if len(names) == 1 and count > 1:
            return f"{count} x {names[0]}"
        return " + ".join(names)

    def as_dict(self) -> dict[str, Any]:
        return {
            "gpus": self.gpus.as_dict(),
            "totalMb": self.total_mb,
            "nvml": self.nvml,
            "nvidiaSmi": self.nvidia_smi.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class Detection:
    """The whole picture the wizard and the doctor start from."""

    machine: Machine
    ollama: OllamaFacts
    gpu: GpuFacts

    def as_dict(self) -> dict[str, Any]:
        return {
            "machine": self.machine.as_dict(),
            "ollama": self.ollama.as_dict(),
            "gpu": self.gpu.as_dict(),
        }
