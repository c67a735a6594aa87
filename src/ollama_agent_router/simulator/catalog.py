"""The installed models: names, sizes, digests and the details Ollama reports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ollama_agent_router.simulator.names import full_name
from ollama_agent_router.simulator.settings import SimModel

_GB = 1_000_000_000
#: A fixed install time keeps /api/tags byte-identical between runs.
_INSTALLED = datetime(2026, 1, 15, 9, 30, 0).astimezone()


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A model as /api/tags shows it, plus what the fake GPU needs to load it."""

    name: str
    spec: SimModel
    digest: str
    size_bytes: int
    modified_at: datetime

    @property
    def details(self) -> dict[str, Any]:
        params = max(0.1, self.spec.size_gb / 0.6)
        return {
            "parent_model": "",
            "format": "gguf",
            "family": self.spec.family,
            "families": [self.spec.family],
            "parameter_size": f"{params:.1f}B",
            "quantization_level": self.spec.quantization,
        }

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


class Catalog:
    """Lookup by any spelling Ollama accepts (``m`` equals ``m:latest``)."""

    def __init__(self, models: tuple[SimModel, ...]) -> None:
        self._entries: dict[str, CatalogEntry] = {}
        for index, spec in enumerate(models):
            name = full_name(spec.name)
            if name in self._entries:
                continue
            self._entries[name] = CatalogEntry(
                name=name,
                spec=spec,
                digest=hashlib.sha256(name.encode()).hexdigest(),
                size_bytes=int(spec.size_gb * _GB),
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
        entry = CatalogEntry(
            name=name,
            spec=spec,
            digest=hashlib.sha256(seed.encode()).hexdigest(),
            size_bytes=int(spec.size_gb * _GB),
            modified_at=datetime.now().astimezone(),
        )
        self._entries[name] = entry
        self._aliases = {k: v for k, v in self._aliases.items() if v.name != name}
        return entry

    def entries(self) -> list[CatalogEntry]:
        """Newest first, as /api/tags sorts them."""
        return sorted(self._entries.values(), key=lambda e: e.modified_at, reverse=True)
