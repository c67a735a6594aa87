"""What ``oar top`` draws: the router's status and recent decisions as rich renderables.

Pure: a ``Frame`` (the last answers of ``/v1/router/status`` and
``/v1/router/decisions``, the last error, the clock) goes in, a renderable comes out; no
I/O, no terminal. Every field is read defensively, so an older or newer router with a
field more or less still draws, with ``-`` where a value is missing.

A fleet gateway (its status has a ``fleet`` section) has no Ollama and no GPU of its
own: its nodes take the place of the VRAM bar and the models table, one line each.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

BAR_WIDTH = 30
MIB = 1024 * 1024
JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled", "expired")
_STATUS_STYLE = {"ok": "green", "degraded": "yellow", "unavailable": "red"}


@dataclass(frozen=True)
class Frame:
    """One moment of the view: the latest answers and how fresh they are."""

    url: str
    now: float
    """Wall-clock seconds (``time.time()``)."""
    interval_s: float = 1.0
    status: Mapping[str, Any] | None = None
    """The last ``/v1/router/status`` answer, kept while later polls fail."""
    decisions: list[Mapping[str, Any]] | None = None
    """The last ``/v1/router/decisions`` rows, newest first; ``None`` until one answer."""
    updated_at: float | None = None
    """When the last poll with at least one answer ended."""
    error: str | None = None
    """Why the last poll failed, in one line; ``None`` when it fully succeeded."""
    live: bool = True
    """Polling goes on (the status line says so); false for a one-off snapshot."""


@dataclass(frozen=True)
class ModelRow:
    """One line of the models table: a configured model, or a loaded one nobody
    configured."""

    name: str
    size_gb: float | None
    configured: bool
    state: str
    """``not loaded``, ``loading``, ``idle`` or ``busy``; ``split`` (part in system RAM)
    or ``on CPU`` (all of it), alone or with ``, busy``."""
    vram_mb: float | None
    running: int
    concurrency: int | None
    queued: int


def _num(value: Any, default: float = 0.0) -> float:
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default
    )


def _int(value: Any) -> int:
    return int(_num(value))


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _section(status: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = status.get(key)
    return value if isinstance(value, Mapping) else {}


def model_rows(status: Mapping[str, Any]) -> list[ModelRow]:
    """Configured models in config order, then loaded models the config does not name."""
    queue = {row.get("model"): row for row in _dicts(_section(status, "queue").get("byModel"))}
    resident = {
        row.get("model"): row for row in _dicts(_section(status, "residency").get("resident"))
    }
    loaded = {
        row.get("configuredName") or row.get("name"): row
        for row in _dicts(status.get("loadedModels"))
    }
    configured = _dicts(_section(status, "config").get("models"))
    names = [str(model.get("name")) for model in configured]
    sizes = {str(model.get("name")): model.get("sizeGb") for model in configured}
    extra = [n for n in [*resident, *loaded] if isinstance(n, str) and n not in sizes]
    rows = []
    for name in dict.fromkeys([*names, *extra]):
        q = queue.get(name, {})
        running = _int(q.get("running", resident.get(name, {}).get("running")))
        size = sizes.get(name)
        rows.append(
            ModelRow(
                name=name,
                size_gb=_num(size) if size is not None else None,
                configured=name in sizes,
                state=_state(resident.get(name), loaded.get(name), running),
                vram_mb=_vram_mb(resident.get(name), loaded.get(name)),
                running=running,
                concurrency=_int(q["concurrency"]) if "concurrency" in q else None,
                queued=_int(q.get("queued", resident.get(name, {}).get("queued"))),
            )
        )
    return rows


def _state(
    resident: Mapping[str, Any] | None, loaded: Mapping[str, Any] | None, running: int
) -> str:
    if resident is None and loaded is None:
        return "busy" if running else "not loaded"
    if resident is not None and resident.get("loading"):
        return "loading"
    split = bool(resident.get("split")) if resident is not None else False
    if loaded is not None and _num(loaded.get("sizeBytes")) > 0:
        split = split or _num(loaded.get("sizeVramBytes")) < _num(loaded.get("sizeBytes"))
    if split:
        # All of it in system RAM is no split: it is how a machine without a GPU runs.
        where = "on CPU" if _vram_mb(resident, loaded) == 0 else "split"
        return f"{where}, busy" if running else where
    return "busy" if running else "idle"


def _vram_mb(resident: Mapping[str, Any] | None, loaded: Mapping[str, Any] | None) -> float | None:
    if loaded is not None and "sizeVramBytes" in loaded:
        return _num(loaded.get("sizeVramBytes")) / MIB
    if resident is not None and "vramMb" in resident:
        return _num(resident.get("vramMb"))
    return None


@dataclass(frozen=True)
class VramUse:
    used_mb: float
    total_mb: float
    source: str
    """``measured (nvml)`` and the like, or ``estimated (no GPU monitor)``."""

    @property
    def fraction(self) -> float:
        return min(1.0, max(0.0, self.used_mb / self.total_mb)) if self.total_mb > 0 else 0.0


def vram_use(status: Mapping[str, Any]) -> VramUse | None:
    """Measured VRAM when a GPU monitor reports it; else what the loaded models take of
    the configured total, by the router's residency (which also counts the loads it just
    started) or Ollama's ``/api/ps``; ``None`` when no total is known."""
    gpu = _section(status, "gpu")
    residency = _section(status, "residency")
    if gpu.get("available") and gpu.get("source") not in (None, "config"):
        total = _num(gpu.get("vramTotalMb"))
        source = f"measured ({gpu.get('source')})"
        return VramUse(_num(gpu.get("vramUsedMb")), total, source) if total > 0 else None
    total = _num(gpu.get("vramTotalMb") if gpu.get("available") else None)
    total = total or _num(residency.get("totalMb"))
    if total <= 0:
        return None
    resident = sum(_num(r.get("vramMb")) for r in _dicts(residency.get("resident")))
    resident += _num(residency.get("foreignMb"))
    listed = sum(_num(m.get("sizeVramBytes")) for m in _dicts(status.get("loadedModels"))) / MIB
    used = max(resident, listed)  # whichever view has caught up with more loads
    return VramUse(used, total, "estimated (no GPU monitor)")


def bar(fraction: float, width: int = BAR_WIDTH) -> Text:
    """A text bar, green below 70 %, yellow below 90 %, red above."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    style = "green" if fraction < 0.7 else "yellow" if fraction < 0.9 else "red"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"))


def vram_line(status: Mapping[str, Any]) -> Text:
    """The VRAM bar; with several measured GPUs, one more bar for each."""
    use = vram_use(status)
    line = Text("VRAM ", style="bold")
    if use is None:
        return line.append("no VRAM total known", style="dim")
    line.append_text(bar(use.fraction))
    line.append(f" {use.used_mb:,.0f} / {use.total_mb:,.0f} MB ({use.fraction:.0%})")
    gpu = _section(status, "gpu")
    util = gpu.get("utilizationPct")
    if isinstance(util, int | float):
        line.append(f" · GPU {util:.0f}%")
    line.append(f" · {use.source}", style="dim")
    devices = _dicts(gpu.get("devices"))
    if use.source.startswith("measured") and len(devices) > 1:
        for device in devices:
            total, used = _num(device.get("vramTotalMb")), _num(device.get("vramUsedMb"))
            fraction = used / total if total > 0 else 0.0
            line.append(f"\n  GPU {device.get('index', '?')} ")
            line.append_text(bar(fraction, BAR_WIDTH - 2))
            line.append(f" {used:,.0f} / {total:,.0f} MB · {device.get('name') or '-'}")
    return line


def header(frame: Frame) -> Text:
    """Which router, its state, Ollama's, the uptime."""
    status = frame.status or {}
    if not status:
        return Text.assemble(("router", "bold"), f" at {frame.url}")
    line = Text.assemble((f"router {status.get('nodeId', '-')}", "bold"), " ")
    state = str(status.get("status", "-"))
    line.append(state, style=_STATUS_STYLE.get(state, "yellow"))
    nodes = fleet_nodes(status)
    if nodes is not None:
        up = sum(1 for node in nodes if node.status == "ok")
        line.append(" · fleet ")
        line.append(f"{up}/{len(nodes)} nodes up", style="green" if up == len(nodes) else "red")
    else:
        reachable = _section(status, "ollama").get("reachable")
        line.append(" · Ollama ")
        line.append(*("reachable", "green") if reachable else ("unreachable", "red"))
    line.append(f" · up {uptime(_num(status.get('uptimeS')))}")
    return line.append(f" · v{status.get('version', '-')} at {frame.url}", style="dim")


def uptime(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes} min" if minutes else f"{seconds:.0f} s"


def _state_style(state: str) -> str:
    if state.startswith("split"):
        return "red"
    return {"busy": "green", "loading": "yellow", "not loaded": "dim"}.get(state, "")


def models_table(status: Mapping[str, Any]) -> Table:
    table = Table(title="Models and queues", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("model", overflow="fold")
    table.add_column("size", justify="right")
    table.add_column("state")
    table.add_column("VRAM", justify="right")
    table.add_column("running", justify="right")
    table.add_column("queued", justify="right")
    for row in model_rows(status):
        size = f"{row.size_gb:g} GB" if row.size_gb is not None else "not configured"
        limit = f"/{row.concurrency}" if row.concurrency is not None else ""
        table.add_row(
            row.name,
            Text(size, style="" if row.configured else "yellow"),
            Text(row.state, style=_state_style(row.state)),
            f"{row.vram_mb:,.0f} MB" if row.vram_mb is not None else "-",
            Text(f"{row.running}{limit}", style="green" if row.running else ""),
            Text(str(row.queued), style="yellow" if row.queued else ""),
        )
    queue = _section(status, "queue")
    table.add_section()
    table.add_row(
        Text("all models", style="dim"),
        "",
        "",
        "",
        f"{_int(queue.get('globalRunning'))}/{queue.get('globalMaxConcurrent', '-')}",
        f"{_int(queue.get('globalQueued'))}/{queue.get('globalMaxQueued', '-')}",
    )
    return table


@dataclass(frozen=True)
class NodeRow:
    """One node of a fleet gateway, as its last poll left it."""

    id: str
    status: str
    """``ok``, ``unavailable`` or ``unknown`` (not polled yet)."""
    reason: str | None
    age_s: float | None
    """Age of the gateway's last snapshot of the node; ``None`` before the first."""
    vram_used_mb: float | None
    vram_total_mb: float | None
    loaded: tuple[str, ...]
    running: int
    queued: int


def fleet_nodes(status: Mapping[str, Any]) -> list[NodeRow] | None:
    """The nodes of a gateway's status, in config order; ``None`` on a plain node."""
    fleet = status.get("fleet")
    if not isinstance(fleet, Mapping):
        return None
    rows = []
    for node in _dicts(fleet.get("nodes")):
        queues = _section(node, "queues")
        by_model = _dicts(queues.get("byModel"))
        loaded = _dicts(node.get("loadedModels"))
        age = node.get("snapshotAgeMs")
        used, total = _node_vram(_section(node, "gpu"), loaded)
        reason = node.get("reason")
        rows.append(
            NodeRow(
                id=str(node.get("id") or "-"),
                status=str(node.get("status") or "unknown"),
                reason=str(reason) if reason else None,
                age_s=_num(age) / 1000 if isinstance(age, int | float) else None,
                vram_used_mb=used,
                vram_total_mb=total,
                loaded=tuple(str(m.get("configuredName") or m.get("name")) for m in loaded),
                running=sum(_int(r.get("running")) for r in by_model)
                if by_model
                else _int(queues.get("globalRunning")),
                queued=sum(_int(r.get("queued")) for r in by_model)
                if by_model
                else _int(queues.get("globalQueued")),
            )
        )
    return rows


def _node_vram(
    gpu: Mapping[str, Any], loaded: list[Mapping[str, Any]]
) -> tuple[float | None, float | None]:
    """Measured VRAM use when the node has a GPU monitor, else what its loaded models
    take; and its card's total."""
    total = _num(gpu.get("vramTotalMb")) or None
    if gpu.get("source") not in (None, "config") and "vramUsedMb" in gpu:
        return _num(gpu.get("vramUsedMb")), total
    return sum(_num(m.get("sizeVramBytes")) for m in loaded) / MIB, total


def age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds:.1f} s" if seconds < 10 else uptime(seconds)


def nodes_view(nodes: list[NodeRow], *, title: str | None = "Nodes") -> RenderableType:
    """The nodes table, then why each node that is not up is not (one line each)."""
    why = [
        Text.assemble(
            (f"{node.id} {node.status}", "red"),
            f": {node.reason}" if node.reason else ": not polled yet",
            no_wrap=True,
            overflow="ellipsis",
        )
        for node in nodes
        if node.status != "ok"
    ]
    return Group(nodes_table(nodes, title=title), *why, "")


_SHORT_STATE = {"unavailable": "down"}
"""The table's word for a node's status (the line under it has the whole word)."""


def nodes_table(nodes: list[NodeRow], *, title: str | None = "Nodes") -> Table:
    """A gateway's nodes: state, snapshot age, VRAM, running, queued, and the loaded
    models one a line (last, so a narrow terminal folds nothing else); a node that is not
    up has ``-`` for what its last (stale) snapshot said. Fits 80 columns."""
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),
        show_edge=False,
    )
    table.add_column("node", no_wrap=True)
    table.add_column("state", no_wrap=True)
    table.add_column("age", justify="right", no_wrap=True)
    table.add_column("VRAM GB", justify="right", no_wrap=True)
    table.add_column("run", justify="right")
    table.add_column("queued", justify="right")
    table.add_column("loaded models", overflow="fold")
    for node in nodes:
        up = node.status == "ok"
        state_style = "green" if up else "red" if node.status == "unavailable" else "yellow"
        vram = "-"
        if up and node.vram_used_mb is not None and node.vram_total_mb:
            vram = f"{node.vram_used_mb / 1024:.1f}/{node.vram_total_mb / 1024:.0f}"
        loaded = Text("\n".join(node.loaded) or "none", style="" if node.loaded else "dim")
        table.add_row(
            node.id,
            Text(_SHORT_STATE.get(node.status, node.status), style=state_style),
            Text(age(node.age_s), style="" if up else "dim"),
            vram,
            Text(str(node.running), style="green" if node.running else "") if up else "-",
            Text(str(node.queued), style="yellow" if node.queued else "") if up else "-",
            loaded if up else "-",
        )
    if not nodes:
        table.add_row(Text("no nodes", style="dim"), "", "", "", "", "", "")
    return table


def clock(epoch: Any) -> str:
    """Local ``HH:MM:SS`` of a wall-clock time, ``-`` when there is none."""
    try:
        return time.strftime("%H:%M:%S", time.localtime(epoch)) if _num(epoch) > 0 else "-"
    except (OverflowError, OSError, ValueError):  # a time no calendar holds
        return "-"


def decisions_table(rows: Iterable[Mapping[str, Any]], limit: int) -> Table:
    table = Table(title="Recent decisions", title_justify="left", box=box.SIMPLE_HEAD)
    for title in ("time", "task", "model", "mode", "status", "ms"):
        table.add_column(title, justify="right" if title in ("status", "ms") else "left")
    table.columns[2].overflow = "fold"
    shown = list(rows)[:limit]
    for row in shown:
        model, served = row.get("model"), row.get("servedBy")
        shown_model = (
            f"{model} → {served}" if served and model and served != model else model or served
        )
        code = _int(row.get("status"))
        table.add_row(
            clock(row.get("time")),
            str(row.get("taskType") or "-"),
            str(shown_model or "-"),
            Text(
                str(row.get("decision") or "-"),
                style="red" if row.get("decision") == "reject" else "",
            ),
            Text(str(code or "-"), style="red" if code >= 500 else "yellow" if code >= 400 else ""),
            f"{_num(row.get('ms')):,.0f}",
        )
    if not shown:
        table.add_row("", Text("no routed requests yet", style="dim"), "", "", "", "")
    return table


def sessions_table(status: Mapping[str, Any], limit: int = 8) -> Table | None:
    """Active agent sessions (``residency.sessions``); ``None`` when there are none."""
    book = _section(status, "residency").get("sessions")
    rows = _dicts(book.get("active")) if isinstance(book, Mapping) else []
    if not rows:
        return None
    table = Table(title="Agent sessions", title_justify="left", box=box.SIMPLE_HEAD)
    for title in ("session", "model", "task", "turns", "moves", "tokens"):
        table.add_column(
            title, justify="right" if title in ("turns", "moves", "tokens") else "left"
        )
    table.columns[1].overflow = "fold"
    for row in rows[:limit]:
        table.add_row(
            str(row.get("id") or "-")[:8],
            str(row.get("model") or "-"),
            str(row.get("taskType") or "-"),
            str(_int(row.get("turns"))),
            str(_int(row.get("moves"))),
            f"{_int(row.get('promptTokens')):,}",
        )
    return table


def jobs_line(status: Mapping[str, Any]) -> Text:
    counts = _section(status, "jobs")
    line = Text("Jobs ", style="bold")
    names = [*JOB_STATUSES, *(k for k in counts if k not in JOB_STATUSES)]
    for i, name in enumerate(names):
        count = _int(counts.get(name))
        line.append(" · " if i else "")
        line.append(f"{name} {count}", style="" if count else "dim")
    return line


def status_line(frame: Frame) -> Text:
    """The bottom line: the last error (the view keeps retrying), or when it was updated."""
    every = f"every {frame.interval_s:g} s"
    age = ""
    if frame.updated_at and frame.live:
        age = f"last update {frame.now - frame.updated_at:.0f} s ago"
    if frame.error:
        line = Text(f"error: {frame.error}", style="bold red")
        retry = f"retrying {every}" if frame.live else ""
        tail = " · ".join(part for part in (retry, age, "q quits" if frame.live else "") if part)
        return line.append(f" · {tail}" if tail else "", style="red")
    if frame.updated_at is None:
        return Text(f"connecting to {frame.url} … · q quits", style="dim")
    if not frame.live:
        return Text(f"at {clock(frame.updated_at)}", style="dim")
    return Text(f"updated {clock(frame.updated_at)} · {every} · q quits", style="dim")


def render(frame: Frame, *, decisions: int = 10) -> RenderableType:
    """The whole view, top to bottom."""
    parts: list[RenderableType] = [header(frame)]
    nodes = fleet_nodes(frame.status) if frame.status else None
    if nodes is not None:
        parts.append(nodes_view(nodes))
    elif frame.status:
        parts += [vram_line(frame.status), models_table(frame.status)]
    if frame.status or frame.decisions is not None:
        parts.append(decisions_table(frame.decisions or [], decisions))
    if frame.status:
        sessions = sessions_table(frame.status)
        if sessions is not None:
            parts.append(sessions)
        parts.append(jobs_line(frame.status))
    parts.append(status_line(frame))
    return Group(*parts)
