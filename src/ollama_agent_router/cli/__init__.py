"""The ``oar`` / ``ollama-agent-router`` command line.

Each command group lives in its own module and registers itself on the shared typer
app when imported here.
"""

from __future__ import annotations

from ollama_agent_router.cli import classify  # noqa: F401
from ollama_agent_router.cli import config_cmds  # noqa: F401  (registers commands)
from ollama_agent_router.cli import route  # noqa: F401
from ollama_agent_router.cli import serve  # noqa: F401
from ollama_agent_router.cli import simulate  # noqa: F401
from ollama_agent_router.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
