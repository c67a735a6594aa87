"""The typer application, its global options and the helpers every command shares."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from ollama_agent_router import __version__
from ollama_agent_router.config import ConfigError, RouterConfig, load_config

app = typer.Typer(
    name="oar",
    help="ollama-agent-router: a local LLM router in front of Ollama.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

stdout = Console(highlight=False)
stderr = Console(stderr=True, highlight=False)


@dataclass
class GlobalOptions:
    config: Path | None = None
    url: str = "http://127.0.0.1:11435"
    base_path: str = "/"
    api_key: str | None = None
    json: bool = False


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to stderr and exit non-zero; never a traceback."""
    stderr.print(f"error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def options(ctx: typer.Context) -> GlobalOptions:
    root = ctx.find_root()
    if not isinstance(root.obj, GlobalOptions):
        root.obj = GlobalOptions()
    return root.obj


def resolve_config(ctx: typer.Context, path: Path | None) -> RouterConfig:
    """Load the config named by the command, else by the global option, else by lookup."""
    try:
        return load_config(path or options(ctx).config)
    except ConfigError as exc:
        for line in exc.lines():
            stderr.print(f"error: {line}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None


def _version(value: bool) -> None:
    if value:
        stdout.print(f"ollama-agent-router {__version__}")
        raise typer.Exit()


ConfigOption = Annotated[
    Path | None, typer.Option("--config", "-c", help="Config file (default: lookup order).")
]


@app.callback()
def root(
    ctx: typer.Context,
    config: ConfigOption = None,
    url: Annotated[
        str, typer.Option("--url", "-u", help="Router URL for client commands.")
    ] = "http://127.0.0.1:11435",
    base_path: Annotated[str, typer.Option("--base-path", help="Router base path.")] = "/",
    api_key: Annotated[
        str | None, typer.Option("--api-key", help="API key (default: $OAR_API_KEY).")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-v", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    ctx.obj = GlobalOptions(
        config=config,
        url=url.rstrip("/"),
        base_path=base_path,
        api_key=api_key or os.environ.get("OAR_API_KEY") or None,
        json=json_output,
    )


JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def want_json(ctx: typer.Context, local: bool) -> bool:
    return local or options(ctx).json
