"""The ``oar`` / ``ollama-agent-router`` command line.

Each command group lives in its own module and registers itself on the shared typer
app when imported here.
"""

from __future__ import annotations

from ollama_agent_router.cli import (
    classify,  # noqa: F401
    client,  # noqa: F401
    config_cmds,  # noqa: F401  (registers commands)
    configure,  # noqa: F401
    demo,  # noqa: F401
    doctor,  # noqa: F401
    keys,  # noqa: F401
    route,  # noqa: F401
    serve,  # noqa: F401
    simulate,  # noqa: F401
    top,  # noqa: F401
)
from ollama_agent_router.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
