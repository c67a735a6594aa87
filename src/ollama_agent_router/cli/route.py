"""``oar route``: a dry-run of the routing decision for one prompt, offline.

The command builds a chat request and a ``StateView`` from its flags, runs the same
code the server runs, and prints the ``DryRun.as_dict()`` form. ``render_dry_run`` only
reads that form, so the answer of a running router's ``POST /v1/router/route`` can be
shown the same way; a fleet gateway's answer (every node's dry-run, the node that won)
is shown node by node.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, cast

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ollama_agent_router.classification import (
    Classification,
    ClassifierInput,
    ClassifierUnavailableError,
    get_classifier,
)
from ollama_agent_router.cli.app import (
    ConfigOption,
    JsonOption,
    app,
    fail,
    options,
    resolve_config,
    stdout,
    want_json,
)
from ollama_agent_router.config import ConfigError, find_config
from ollama_agent_router.errors import RouterError
from ollama_agent_router.pipeline.planning import OnNode, plan_request
from ollama_agent_router.routing import (
    LoadedModel,
    RequestOptions,
    RouterOptionError,
    RoutingPolicy,
    StateView,
    UnknownModelError,
    classify_request,
)
from ollama_agent_router.routing.policy import Strategy

FLAG_FOR_FIELD = {
    "router.taskType": "--task",
    "router.priority": "--priority",
    "router.mode": "--mode",
    "model": "--model",
}
COMPONENT_COLUMNS = (
    ("routePosition", "route"),
    ("priority", "priority"),
    ("purpose", "purpose"),
    ("preferred", "preferred"),
    ("loaded", "loaded"),
    ("complexityCost", "cost"),
    ("vram", "vram"),
    ("queue", "queue"),
    ("running", "running"),
    ("exclusive", "exclusive"),
)

ESTIMATE_PARTS = (
    ("waitSlotMs", "slot"),
    ("waitRoomMs", "room"),
    ("loadMs", "load"),
    ("promptMs", "prompt"),
    ("generateMs", "generate"),
    ("penaltyMs", "penalty"),
)

Names = Annotated[list[str] | None, typer.Option(metavar="MODEL")]


def _counts(flag: str, values: list[str] | None, models: Mapping[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values or []:
        name, sep, number = value.rpartition("=")
        if not sep or not number.strip().isdigit():
            fail(f"{flag}: expected MODEL=COUNT with a whole number, got {value!r}")
        counts[_known(flag, name, models)] = int(number)
    return counts


def _known(flag: str, name: str, models: Mapping[str, Any]) -> str:
    if name not in models:
        fail(f"{flag}: unknown model {name!r} (configured: {', '.join(models)})")
    return name


def build_view(
    policy: RoutingPolicy,
    *,
    loaded: list[str] | None,
    split: list[str] | None,
    free_mb: float | None,
    util: float | None,
    queued: list[str] | None,
    running: list[str] | None,
) -> StateView:
    """A runtime view from CLI flags; loaded sizes come from the config's ``sizeGb``."""
    models = policy.models
    resident: dict[str, LoadedModel] = {}
    for name in loaded or []:
        size = models[_known("--loaded", name, models)].size_bytes
        resident[name] = LoadedModel(name, size_bytes=size, size_vram_bytes=size)
    for name in split or []:
        size = models[_known("--split", name, models)].size_bytes
        resident[name] = LoadedModel(name, size_bytes=size, size_vram_bytes=size // 2)
    if free_mb is not None and free_mb < 0:
        fail("--free-mb: must be ≥ 0")
    if util is not None and not 0 <= util <= 100:
        fail("--util: must be between 0 and 100")
    return StateView(
        loaded=resident,
        gpu_free_mb=free_mb,
        gpu_utilization_pct=util,
        queued=_counts("--queued", queued, models),
        running=_counts("--running", running, models),
    )


def render_dry_run(data: Mapping[str, Any], console: Console) -> None:
    """Print a dry-run (the ``as_dict`` form) as text and a table of candidates; a fleet
    gateway's (``nodes`` and ``node``) as each node's own dry-run, then the winner."""
    if "nodes" in data and "candidates" not in data:
        render_fleet_dry_run(data, console)
        return
    _print_task(data["classification"], console)
    _print_route(data, console)
    console.print(_candidates_table(data["candidates"]))
    _print_decision(data["decision"], console)


def render_fleet_dry_run(data: Mapping[str, Any], console: Console) -> None:
    """A gateway's dry-run: for each node its route, load, top candidates and decision
    (the node's own routing over the state it published); the nodes skipped and why;
    then the fleet's decision, the soonest finish over every node."""
    nodes: Mapping[str, Any] = data.get("nodes") or {}
    skipped: Mapping[str, Any] = data.get("skipped") or {}
    chosen = data.get("node")
    task = data.get("classification") or next(
        (run["classification"] for run in nodes.values()), None
    )
    if task is not None:
        _print_task(task, console)
    console.print(
        f"[bold]Fleet[/] {len(nodes)} node{'s' if len(nodes) != 1 else ''} evaluated"
        + (f", {len(skipped)} skipped" if skipped else "")
        + "; the soonest finish wins"
    )
    for node, run in nodes.items():
        mark = "  [green]← chosen[/]" if node == chosen else ""
        console.print(f"\n[bold]Node {escape(node)}[/]{mark}")
        _print_route(run, console, indent="  ")
        shown = sorted(
            (row for row in run["candidates"] if row["rank"] is not None),
            key=lambda row: row["rank"],
        )
        more = len(run["candidates"]) - min(len(shown), FLEET_TOP)
        console.print(Padding(_candidates_table(shown[:FLEET_TOP], compact=True), (0, 0, 0, 2)))
        if more:
            console.print(f"  [dim]{more} more candidate{'s' if more != 1 else ''}[/]")
        own = run["decision"]
        console.print(
            f"  → {own['type'].upper()} {escape(own['model'] or '-')}  score {own['score']:.1f}"
        )
        console.print(Padding(Text(own["reason"]), (0, 0, 0, 4)))
    if skipped:
        console.print()
        for node, why in skipped.items():
            console.print(f"[yellow]{escape(node)} skipped[/]: {escape(str(why))}")
    console.print()
    _print_decision(data["decision"], console, wrap=True)


FLEET_TOP = 3
"""Candidates shown per node in a fleet dry-run (``--json`` has them all)."""


def _print_task(cls: Mapping[str, Any], console: Console) -> None:
    console.print(
        f"[bold]Task[/] {cls['taskType']}  ({cls['mode']}, confidence {cls['confidence']:.2f}, "
        f"complexity {cls['complexity']}, ~{cls['estimatedTokens']} tokens)"
    )


def _print_route(data: Mapping[str, Any], console: Console, indent: str = "") -> None:
    load = data["load"]
    state = "[red]heavy[/]: " + "; ".join(load["reasons"]) if load["heavy"] else "normal"
    free = f"{load['freeVramMb']:.0f} MB free" + ("" if load["gpuSnapshot"] else " (config)")
    console.print(
        f"{indent}[bold]Route[/] {data['route'] or '(none)'}   [bold]Load[/] {state}, {free}"
    )


def _candidates_table(rows: Iterable[Mapping[str, Any]], *, compact: bool = False) -> Table:
    if compact:  # a fleet dry-run: one such table per node
        table = Table("#", "model", "from", "score", "why", box=box.SIMPLE_HEAD)
    else:
        table = Table("#", "model", "from", "score", "why (non-zero components; blocks)")
    table.columns[1].no_wrap = True
    for row in sorted(rows, key=lambda r: r["rank"] if r["rank"] is not None else 1 << 30):
        why = _why(row)
        blocks = "; ".join(f"{b['kind']}: {b['detail']}" for b in row["blocks"])
        table.add_row(
            str(row["rank"]),
            row["model"],
            row["source"],
            f"{row['score']:.1f}",
            escape(why) + (f"\n[red]blocked {escape(blocks)}[/]" if blocks else ""),
        )
    return table


def _print_decision(decision: Mapping[str, Any], console: Console, *, wrap: bool = False) -> None:
    """The decision; its reason and fallbacks wrapped under their indent with ``wrap``,
    else each on one line however long (as ``oar route`` always printed them)."""
    target = decision["model"] or "-"
    console.print(
        f"[bold]Decision[/] {decision['type'].upper()} ({decision['status']}) {target}"
        f"  score {decision['score']:.1f}",
        markup=True,
    )
    _print_indented(decision["reason"], console, wrap=wrap)
    if decision["position"] is not None:
        console.print(f"  queue position {decision['position']}")
    if decision["fallbackModels"]:
        blocked = set(decision["blockedFallbackModels"])
        marked = [f"{m} (blocked)" if m in blocked else m for m in decision["fallbackModels"]]
        _print_indented(f"fallbacks: {', '.join(marked)}", console, wrap=wrap)


def _print_indented(line: str, console: Console, *, wrap: bool) -> None:
    if wrap:
        console.print(Padding(Text(line), (0, 0, 0, 2)))
    else:
        console.print(f"  {line}", markup=False, soft_wrap=True)


def _why(row: Mapping[str, Any]) -> str:
    """The non-zero score components, or (residency) the estimate's parts in seconds."""
    guess = row.get("estimate")
    if guess is None:
        parts = row["components"]
        return " ".join(
            f"{title} {parts[key]:+.4g}" for key, title in COMPONENT_COLUMNS if parts[key]
        )
    place = guess["residency"]
    where = place["placement"]
    if place["waitFor"]:
        where += " for " + ", ".join(place["waitFor"])
    if place["evict"]:
        where += (", then evict " if place["waitFor"] else " ") + ", ".join(place["evict"])
    seconds = " ".join(
        f"{title} {guess[key] / 1000:.1f}s" for key, title in ESTIMATE_PARTS if guess[key] >= 50
    )
    return f"{where}: {seconds}" if seconds else where


@app.command("route")
def route(
    ctx: typer.Context,
    prompt: Annotated[str, typer.Argument(help="The user message to route.")],
    config: ConfigOption = None,
    task: Annotated[
        str | None, typer.Option("--task", "-t", help="Force a task type (router.taskType).")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="The request's model field.")
    ] = None,
    priority: Annotated[str | None, typer.Option(help="low, normal or high.")] = None,
    mode: Annotated[str | None, typer.Option(help="auto, sync or async.")] = None,
    prefer: Names = None,
    forbid: Names = None,
    gpu_only: Annotated[
        bool | None, typer.Option("--gpu-only/--no-gpu-only", help="router.requireGpuOnly.")
    ] = None,
    plain: Annotated[
        bool, typer.Option("--plain", help="Send no router object (a plain OpenAI client).")
    ] = False,
    loaded: Names = None,
    split: Annotated[
        list[str] | None,
        typer.Option(metavar="MODEL", help="Loaded, but split between CPU and GPU."),
    ] = None,
    free_mb: Annotated[
        float | None, typer.Option("--free-mb", help="Free VRAM in a GPU snapshot (MB).")
    ] = None,
    util: Annotated[float | None, typer.Option(help="GPU utilisation in %.")] = None,
    queued: Annotated[
        list[str] | None, typer.Option(metavar="MODEL=N", help="Requests waiting on a model.")
    ] = None,
    running: Annotated[
        list[str] | None, typer.Option(metavar="MODEL=N", help="Requests running on a model.")
    ] = None,
    classifier: Annotated[
        str | None,
        typer.Option(help="Classification mode (default: router.classification.mode)."),
    ] = None,
    strategy: Annotated[
        str | None,
        typer.Option(help="residency or reference (default: router.strategy of the config)."),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", "-u", help="Ask this running router (POST /v1/router/route)."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Show how a prompt would be routed: classification, candidates, scores, decision.

    Offline from the config (--config, or the one found by lookup) with the state given
    by the flags; with --url (or the global --url), or when there is no config at all,
    the running router routes it over its live state."""
    router: dict[str, Any] = {}
    for key, value in (
        ("taskType", task),
        ("priority", priority),
        ("mode", mode),
        ("preferredModels", prefer),
        ("forbiddenModels", forbid),
        ("requireGpuOnly", gpu_only),
    ):
        if value is not None:
            router[key] = value
    if plain and router:
        fail("--plain: a plain client sends no router options; drop the other router flags")
    messages = [{"role": "user", "content": prompt}]
    body: dict[str, Any] = {"model": model or "auto", "messages": messages}
    if not plain:
        body["router"] = router
    offline_flags = (loaded, split, free_mb, util, queued, running, classifier, config, strategy)
    if (
        url is not None
        or _global_url_given(ctx)
        or (all(v is None for v in offline_flags) and not _config_available(ctx))
    ):
        offline = [flag for flag, value in (
            ("--loaded", loaded), ("--split", split), ("--free-mb", free_mb), ("--util", util),
            ("--queued", queued), ("--running", running), ("--classifier", classifier),
            ("--config", config), ("--strategy", strategy),
        ) if value is not None]  # fmt: skip
        if offline:
            fail(f"{', '.join(offline)}: offline only; a running router uses its live state")
        from ollama_agent_router.cli.client import call

        data = call(ctx, "POST", "/v1/router/route", body=body, url=url).data
        if want_json(ctx, json_output):
            stdout.print_json(json.dumps(data))
        else:
            render_dry_run(data, stdout)
        return
    cfg = resolve_config(ctx, config)
    policy = RoutingPolicy.from_config(cfg)
    if strategy is not None:
        if strategy not in ("residency", "reference"):
            fail("--strategy: must be residency or reference")
        policy = dataclasses.replace(policy, strategy=cast(Strategy, strategy))
    view = build_view(
        policy,
        loaded=loaded,
        split=split,
        free_mb=free_mb,
        util=util,
        queued=queued,
        running=running,
    )
    mode_name = classifier or cfg.router.classification.mode
    if classifier is None and mode_name == "cascade":
        mode_name = "enhanced"  # its offline first stage; only a running router asks the model
    try:
        chosen = get_classifier(mode_name)
    except ClassifierUnavailableError as exc:
        fail(f"{exc}; choose one with --classifier")

    async def classify(request: ClassifierInput, options: RequestOptions) -> Classification:
        return classify_request(chosen, request, options)

    try:  # the plan a running router makes, over the view the flags describe
        placement = OnNode(policy, lambda: view)
        plan = asyncio.run(
            plan_request(body, policy=policy, classify=classify, placement=placement)
        )
    except RouterOptionError as exc:
        fail(f"{FLAG_FOR_FIELD.get(exc.field, exc.field)}: {exc.message}")
    except UnknownModelError as exc:
        fail(str(exc))
    except RouterError as exc:
        fail(exc.message)
    assert plan.evaluation is not None
    data = plan.evaluation.as_dict()
    if want_json(ctx, json_output):
        stdout.print_json(json.dumps(data))
    else:
        render_dry_run(data, stdout)


def _config_available(ctx: typer.Context) -> bool:
    """Whether an offline dry-run has a config: named globally or found by lookup."""
    if options(ctx).config is not None:
        return True
    try:
        find_config(None)
    except ConfigError:
        return False
    return True


def _global_url_given(ctx: typer.Context) -> bool:
    source = ctx.find_root().get_parameter_source("url")
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT")


__all__ = ["build_view", "render_dry_run", "render_fleet_dry_run", "route"]
