"""``oar serve``: validate the config, then run the router until SIGINT/SIGTERM."""

from __future__ import annotations

from typing import Annotated

import typer

from ollama_agent_router.cli.app import ConfigOption, app, resolve_config, stderr
from ollama_agent_router.config import ConfigError


@app.command()
def serve(
    ctx: typer.Context,
    config: ConfigOption = None,
    host: Annotated[str | None, typer.Option(help="Override server.host.")] = None,
    port: Annotated[int | None, typer.Option(help="Override server.port.")] = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error.")] = "info",
) -> None:
    """Run the router in front of Ollama."""
    cfg = resolve_config(ctx, config)
    if host is not None or port is not None:
        server = cfg.server.model_copy(
            update={k: v for k, v in {"host": host, "port": port}.items() if v is not None}
        )
        cfg = cfg.model_copy(update={"server": server})
    from ollama_agent_router.server import serve as run  # heavy imports only when serving

    try:
        run(cfg, log_level=log_level)
    except ConfigError as exc:  # e.g. a malformed managed access file
        for line in exc.lines():
            stderr.print(f"error: {line}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
