"""Commands that work on config files: ``init`` and ``validate-config``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ollama_agent_router.cli.app import (
    ConfigOption,
    JsonOption,
    app,
    fail,
    resolve_config,
    stdout,
    want_json,
)
from ollama_agent_router.cli.configure import configure
from ollama_agent_router.config.loader import CONFIG_FILENAME
from ollama_agent_router.config.starter import STARTER_CONFIG


@app.command()
def init(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the starter config.")
    ] = Path(CONFIG_FILENAME),
    wizard: Annotated[
        bool, typer.Option("--wizard", help="Run `oar configure` instead (detect first).")
    ] = False,
) -> None:
    """Write a starter config; refuses to overwrite an existing file."""
    if wizard:
        ctx.invoke(configure, ctx, output=output)
        return
    try:
        with output.open("x", encoding="utf-8") as handle:
            handle.write(STARTER_CONFIG)
    except FileExistsError:
        fail(f"{output} already exists; not overwriting it (choose another --output)")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    stdout.print(f"Wrote {output}. Next: oar validate-config --config {output}")


@app.command("validate-config")
def validate_config(
    ctx: typer.Context, config: ConfigOption = None, json_output: JsonOption = False
) -> None:
    """Validate a config: a summary when it is valid, every problem when it is not."""
    cfg = resolve_config(ctx, config)
    if want_json(ctx, json_output):
        summary = {
            "ok": True,
            "nodeId": cfg.server.node_id,
            "models": cfg.model_names,
            "routes": cfg.routes,
        }
        stdout.print_json(json.dumps(summary))
        return
    stdout.print(
        f"OK: {len(cfg.models)} models, {len(cfg.routes)} routes, node {cfg.server.node_id}, "
        f"listening on {cfg.server.host}:{cfg.server.port}{cfg.server.prefix or ''}"
    )
    models = Table("model", "size GB", "priority", "max conc.", "cost", "exclusive", "purpose")
    for model in cfg.models:
        models.add_row(
            model.name,
            f"{model.size_gb:g}",
            str(model.priority),
            str(model.max_concurrent),
            model.cost_class,
            "yes" if model.exclusive else "no",
            ", ".join(model.purpose),
        )
    stdout.print(models)
    routes = Table("route", "models in order")
    for task, names in cfg.routes.items():
        routes.add_row(task, " → ".join(names))
    stdout.print(routes)
