"""The backends by name: a new one is a subpackage of ``backend/`` implementing
``pipeline.upstream.Upstream`` and one row here."""

from __future__ import annotations

from collections.abc import Callable

from ollama_agent_router.backend.fleet.upstream import open_fleet
from ollama_agent_router.backend.ollama.upstream import open_ollama
from ollama_agent_router.config import RouterConfig
from ollama_agent_router.pipeline.upstream import BackendHooks, Upstream

BACKEND_FACTORIES: dict[str, Callable[[RouterConfig, BackendHooks], Upstream]] = {
    "ollama": open_ollama,
    "fleet": open_fleet,
}
"""Backend name → factory, given the config and what the router offers a backend."""


def open_backend(
    config: RouterConfig, hooks: BackendHooks | None = None, name: str | None = None
) -> Upstream:
    """The backend ``name`` names, else the fleet for a gateway, else Ollama."""
    chosen = name or ("fleet" if config.fleet is not None else "ollama")
    return BACKEND_FACTORIES[chosen](config, hooks or BackendHooks())
