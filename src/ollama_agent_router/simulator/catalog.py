"""The installed models: names, sizes, digests, shapes and the details Ollama reports."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ollama_agent_router.routing.memory import ModelShape
from ollama_agent_router.simulator.library import (
    TRAINED_CONTEXT,
    derived_shape,
    known,
    model_info,
    parameter_size,
)
from ollama_agent_router.simulator.names import full_name
from ollama_agent_router.simulator.settings import SimModel

_GB = 1_000_000_000
#: The trained context of an embedding model known only by its size (nomic-embed-text's).
_EMBEDDING_CONTEXT = 2048
#: A fixed install time keeps /api/tags byte-identical between runs.
_INSTALLED = datetime(2026, 1, 15, 9, 30, 0).astimezone()
_BLOBS = "/root/.ollama/models/blobs/sha256-"


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A model as /api/tags and /api/show describe it, plus what the scheduler needs."""

    name: str
    spec: SimModel
    digest: str
    size_bytes: int
    modified_at: datetime
    shape: ModelShape
    capabilities: tuple[str, ...]
    quantization: str
    parameter_size: str
    key_length: int | None = None
    kv_heads_listed: bool = True

    @property
    def model_path(self) -> str:
        """The GGUF blob's path: the scheduler's tie-break between runners with the same
        keep-alive (``ByDurationAndName``), and ``FROM`` in ``/api/show``'s modelfile."""
        return _BLOBS + hashlib.sha256(f"gguf:{self.digest}".encode()).hexdigest()

    @property
    def completion(self) -> bool:
        """Runs prompts (not only embeddings): gets a batch buffer and parallel slots."""
        return "completion" in self.capabilities

    @property
    def size_gb(self) -> float:
        return self.size_bytes / _GB

    @property
    def details(self) -> dict[str, Any]:
        family = self.shape.family
        return {
            "parent_model": "",
            "format": "gguf",
            "family": family,
            "families": [family],
            "parameter_size": self.parameter_size,
            "quantization_level": self.quantization,
        }

    def model_info(self) -> dict[str, Any]:
        return model_info(
            self.shape,
            parameters=_parameters(self.parameter_size),
            key_length=self.key_length,
            kv_heads_listed=self.kv_heads_listed,
        )

    def tag_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "model": self.name,
            "modified_at": self.modified_at.isoformat(),
            "size": self.size_bytes,
            "digest": self.digest,
            "details": self.details,
        }

    def openai_json(self) -> dict[str, Any]:
        return {
            "id": self.name,
            "object": "model",
            "created": int(self.modified_at.timestamp()),
            "owned_by": "library",
        }


def make_entry(spec: SimModel, *, digest: str, modified_at: datetime) -> CatalogEntry:
    """Resolve ``spec`` against the library: real facts where known, derived otherwise."""
    name = full_name(spec.name)
    library = known(name)
    capabilities = spec.capability_list
    embedding = "completion" not in capabilities and "embedding" in capabilities
    size = spec.size_bytes or (library.size_bytes if library else int(spec.size_gb * _GB))
    if library is not None:
        shape = library.shape
        if spec.context_length:
            shape = dataclasses.replace(shape, trained_context=spec.context_length)
    else:
        floor = _EMBEDDING_CONTEXT if embedding else TRAINED_CONTEXT
        trained = spec.context_length or max(spec.default_context or 0, floor)
        shape = derived_shape(size, embedding=embedding, trained=trained)
    if spec.family:
        shape = dataclasses.replace(shape, family=spec.family)
    return CatalogEntry(
        name=name,
        spec=spec,
        digest=digest,
        size_bytes=size,
        modified_at=modified_at,
        shape=shape,
        capabilities=capabilities,
        quantization=spec.quantization or (library.quantization if library else "Q4_K_M"),
        parameter_size=library.parameter_size if library else parameter_size(size),
        key_length=library.key_length if library else None,
        kv_heads_listed=library.kv_heads_listed if library else not embedding,
    )


def _parameters(size: str) -> float:
    """``7.6B`` → 7.6e9, ``23M`` → 2.3e7."""
    scale = {"B": 1e9, "M": 1e6, "K": 1e3}.get(size[-1:], 1.0)
    try:
        return float(size.rstrip("BMK")) * scale
    except ValueError:
        return 0.0


class Catalog:
    """Lookup by any spelling Ollama accepts (``m`` equals ``m:latest``)."""

    def __init__(self, models: tuple[SimModel, ...]) -> None:
        self._entries: dict[str, CatalogEntry] = {}
        for index, spec in enumerate(models):
            name = full_name(spec.name)
            if name in self._entries:
                continue
            self._entries[name] = make_entry(
                spec,
                digest=hashlib.sha256(name.encode()).hexdigest(),
                modified_at=_INSTALLED - timedelta(days=index),
            )
        self._aliases: dict[str, CatalogEntry] = {}

    def get(self, name: str) -> CatalogEntry | None:
        entry = self._aliases.get(name)
        if entry is None:
            entry = self._entries.get(full_name(name))
            if entry is not None:
                self._aliases[name] = entry
        return entry

    def pull(self, spec: SimModel) -> CatalogEntry:
        """Install ``spec`` as ``ollama pull`` of a new version would: a new digest and
        ``modified_at``, the new size and capabilities (loaded runners keep the old)."""
        name = full_name(spec.name)
        old = self._entries.get(name)
        seed = f"{old.digest}:{name}" if old is not None else name
        entry = make_entry(
            spec,
            digest=hashlib.sha256(seed.encode()).hexdigest(),
            modified_at=datetime.now().astimezone(),
        )
        self._entries[name] = entry
        self._aliases = {k: v for k, v in self._aliases.items() if v.name != name}
        return entry

    def entries(self) -> list[CatalogEntry]:
        """Newest first, as /api/tags sorts them."""
        return sorted(self._entries.values(), key=lambda e: e.modified_at, reverse=True)
