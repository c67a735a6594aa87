"""A model as the wizard will configure it: name, size, role and what Ollama said of it."""

from __future__ import annotations

from dataclasses import dataclass

from ollama_agent_router.routing.memory import ModelShape
from ollama_agent_router.setup.facts import InstalledModel, Source
from ollama_agent_router.setup.roles import Role, classify_role, is_small


@dataclass(frozen=True, slots=True)
class ModelChoice:
    name: str
    size_gb: float
    role: Role
    capabilities: frozenset[str] | None = None
    """Ollama's capability list; ``None`` when unknown (never blocks anything)."""
    context_length: int | None = None
    small: bool = False
    """≤ ~4B parameters: a candidate for the classifier model."""
    source: Source = "api"
    size_bytes: int = 0
    """The file as ``/api/tags`` lists it; 0: only ``size_gb`` is known."""
    shape: ModelShape | None = None
    """What sizes its KV cache (``/api/show`` ``model_info``); ``None``: unknown, so the
    context cannot be checked against the card."""

    @classmethod
    def from_installed(cls, model: InstalledModel, role: Role | None = None) -> ModelChoice:
        return cls(
            name=model.name,
            size_gb=model.size_gb,
            role=role or classify_role(model),
            capabilities=model.capabilities,
            context_length=model.context_length,
            small=is_small(model),
            source=model.source,
            size_bytes=model.size_bytes,
            shape=model.shape,
        )

    @classmethod
    def manual(cls, name: str, size_gb: float, role: Role | None = None) -> ModelChoice:
        """A model the user named: its role from the name and size unless given."""
        probe = InstalledModel(name=name, size_bytes=round(size_gb * 1e9), source="manual")
        return cls(
            name=name,
            size_gb=size_gb,
            role=role or classify_role(probe),
            small=is_small(probe),
            source="manual",
        )

    @property
    def weights(self) -> int:
        """The file in bytes: ``/api/tags`` when known, else ``size_gb`` (decimal GB)."""
        return self.size_bytes or round(self.size_gb * 1e9)

    @property
    def tools(self) -> bool | None:
        """Whether it supports tools; ``None`` when Ollama did not say."""
        return None if self.capabilities is None else "tools" in self.capabilities
