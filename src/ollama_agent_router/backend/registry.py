"""The backends by name: a new one is a subpackage of ``backend/`` implementing
``pipeline.upstream.Upstream`` and one row here."""

from __future__ import annotations

from collections.abc import Callable

from ollama_agent_router.backend.ollama.upstream import open_ollama
from ollama_agent_router.config import RouterConfig
from ollama_agent_router.pipeline.upstream import BackendHooks, Upstream

BACKEND_FACTORIES: dict[str, Callable[[RouterConfig, BackendHooks], Upstream]] = {
    "ollama": open_ollama,
}
"""Backend name → factory, given the config and what the router offers a backend."""


def open_backend(
    config: RouterConfig, hooks: BackendHooks | None = None, name: str = "ollama"
) -> Upstream:
    return BACKEND_FACTORIES[name](config, hooks or BackendHooks())
