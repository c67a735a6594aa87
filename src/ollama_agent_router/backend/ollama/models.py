"""What Ollama reports about models, as typed values, and how names compare."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ollama_agent_router.routing.names import canonical_model_name as canonical_model_name
from ollama_agent_router.routing.state import LoadedModel


def processor_label(size: int, size_vram: int) -> str:
    """The PROCESSOR column of ``ollama ps``, computed the way the CLI does."""
    if size_vram == 0:
        return "100% CPU"
    if size_vram == size:
        return "100% GPU"
    if size_vram > size or size == 0:
        return "Unknown"
    cpu = round((size - size_vram) / size * 100)
    return f"{cpu}%/{100 - cpu}% CPU/GPU"


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _int(value: object) -> int:
    """A byte count or length from Ollama; anything else, or beyond int64 (which Ollama
    cannot send, but a bad reply must not break every later routing step), is 0."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
        return value
    return 0


@dataclass(frozen=True, slots=True)
class PsModel:
    """One model loaded in Ollama (an entry of ``/api/ps``)."""

    name: str
    size: int
    size_vram: int
    context_length: int | None = None
    expires_at: datetime | None = None
    digest: str = ""

    @classmethod
    def from_api(cls, entry: Mapping[str, Any]) -> PsModel:
        name = entry.get("name") or entry.get("model") or ""
        context = _int(entry.get("context_length"))
        return cls(
            name=str(name),
            size=_int(entry.get("size")),
            size_vram=_int(entry.get("size_vram")),
            context_length=context or None,
            expires_at=_parse_time(entry.get("expires_at")),
            digest=str(entry.get("digest") or ""),
        )

    @property
    def processor(self) -> str:
        return processor_label(self.size, self.size_vram)

    def to_loaded(self, configured_name: str | None = None) -> LoadedModel:
        return LoadedModel(
            name=configured_name or self.name,
            size_bytes=self.size,
            size_vram_bytes=self.size_vram,
            context_length=self.context_length,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sizeBytes": self.size,
            "sizeVramBytes": self.size_vram,
            "processor": self.processor,
            "contextLength": self.context_length,
            "expiresAt": self.expires_at.isoformat() if self.expires_at else None,
        }


def parse_ps(data: object) -> list[PsModel]:
    """Entries of an ``/api/ps`` body; ``{"models": null}`` and junk entries are tolerated."""
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, list):
        return []
    return [PsModel.from_api(entry) for entry in models if isinstance(entry, dict)]
