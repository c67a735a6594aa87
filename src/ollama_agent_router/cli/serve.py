"""``oar serve``: validate the config, then run the router until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from ollama_agent_router.cli.app import ConfigOption, app, fail, resolve_config, stderr
from ollama_agent_router.config import ConfigError, RouterConfig


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
    check_job_store(cfg)
    check_fleet(cfg)
    from ollama_agent_router.server import serve as run  # heavy imports only when serving

    try:
        run(cfg, log_level=log_level)
    except ConfigError as exc:  # e.g. a malformed managed access file
        for line in exc.lines():
            stderr.print(f"error: {line}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None


def check_job_store(cfg: RouterConfig) -> None:
    """Open and close the job store once, so a corrupt or unwritable database or an
    unreachable Redis is a one-line error before anything listens (inside the lifespan
    it would be a traceback)."""
    if cfg.jobs.store == "memory":
        return
    from ollama_agent_router.jobs import open_job_store

    async def probe() -> None:
        store = open_job_store(cfg.jobs)
        await store.open()
        await store.close()

    try:
        asyncio.run(probe())
    except Exception as exc:
        fail(str(exc))


def check_fleet(cfg: RouterConfig) -> None:
    """Read each node's key and TLS files once, so a key variable that is not set or a
    certificate that cannot be read is a one-line error before anything listens."""
    if cfg.fleet is None:
        return
    import ssl

    from ollama_agent_router.backend.fleet.client import node_key, ssl_context

    for node in cfg.fleet.nodes:
        try:
            node_key(node)
            ssl_context(node)
        except (ValueError, OSError, ssl.SSLError) as exc:
            fail(f"fleet.nodes[{node.id}]: {exc}" if node.id not in str(exc) else str(exc))
