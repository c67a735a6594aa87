"""``oar doctor``: hold a config against this machine and its Ollama, one line per finding."""

from __future__ import annotations

import asyncio
import json

import typer

from ollama_agent_router.cli.app import (
    ConfigOption,
    JsonOption,
    app,
    resolve_config,
    stdout,
    want_json,
)
from ollama_agent_router.cli.setup_views import budget_table
from ollama_agent_router.setup.budget import card_for, model_budgets
from ollama_agent_router.setup.detect import Probe, detect
from ollama_agent_router.setup.doctor import diagnose, has_errors
from ollama_agent_router.setup.local import port_state

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@app.command()
def doctor(
    ctx: typer.Context, config: ConfigOption = None, json_output: JsonOption = False
) -> None:
    """Check a config against the machine and Ollama; exit 1 when anything is an error."""
    cfg = resolve_config(ctx, config)
    detection = asyncio.run(detect(Probe(base_url=cfg.ollama.base_url)))
    port = (
        port_state(cfg.server.host, cfg.server.port, prefix=cfg.server.prefix)
        if cfg.server.port
        else "free"
    )
    findings = diagnose(cfg, detection, port=port)
    failed = has_errors(findings)
    card = card_for(cfg, detection)
    budgets = model_budgets(cfg, detection, card)
    if want_json(ctx, json_output):
        report = {
            "ok": not failed,
            "findings": [f.as_dict() for f in findings],
            "card": card.as_dict(),
            "models": [b.as_dict() for b in budgets],
        }
        stdout.print_json(json.dumps(report))
    else:
        stdout.print(budget_table(card, budgets))
        for finding in findings:
            style = _STYLE[finding.severity]
            stdout.print(
                f"[{style}]{finding.severity:<7}[/] {finding.code:<18} {finding.message}",
                soft_wrap=True,
                highlight=False,
            )
        errors = sum(f.severity == "error" for f in findings)
        warnings = sum(f.severity == "warning" for f in findings)
        verdict = "not ready" if failed else "ready"
        stdout.print(f"{verdict}: {errors} errors, {warnings} warnings", highlight=False)
    if failed:
        raise typer.Exit(1)
