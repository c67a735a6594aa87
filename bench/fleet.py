"""A fleet of nodes behind one front door, as users see it: the fleet gateway against nginx
round-robin over the same nodes and against one node alone, in one run.

A node is an ``oar serve`` router in front of its own simulated Ollama card
(``oar simulate``, read through a fake ``nvidia-smi``), all real subprocesses on free
ports (``fleet_stack``). Every row starts its nodes fresh. Scenarios:

- ``equal``: three ``examples/gex44.yaml`` nodes (20 GB each); the 240-request replay of
  ``bench/pressure.py`` (hold-out requests over the nine task types, Poisson arrivals,
  answer lengths through the simulators' completion plan) at three times the single-node
  rate;
- ``unequal``: ``examples/fleet/big-48gb.yaml`` (gpt-oss:20b and qwen2.5-coder:7b, 65536
  tokens) and two ``examples/fleet/small-20gb.yaml`` (the small models); the same replay;
  the one-node row runs the 48 GB node;
- ``agents``: ``--sessions`` concurrent Claude Code-shaped sessions (``bench/sessions.py``:
  ``POST /v1/messages``, streamed, a ~100 KB prompt growing turn by turn) over three
  equal gex44 nodes; the one-node row runs a third of the sessions (rounded up) on one.

Rows (``--rows``, comma-separated ``scenario``, ``row`` or ``scenario:row``):

- ``nginx``: the shipped ``examples/gateway/nginx.conf`` (one ``map`` line and
  ``upstream`` per node, as its comments say) round-robin over the node routers; clients
  send a ``standalone`` key that nginx passes on;
- ``gateway``: ``oar serve`` with a ``fleet`` section over the same nodes
  (``fleet_stack.gateway_config``), calling each node's runtime-agent plane with a
  ``runtimeAgent`` key; skipped with a note while ``oar serve`` refuses the section;
- ``one-node``: one node alone at 1× (the single-node rate; a third of the sessions),
  called directly with the ``standalone`` key.

    .venv/bin/python bench/fleet.py [--quick] [--rows equal,unequal:nginx,...]
        [--rate 1.0] [--requests 240] [--sessions 8] [--turns 8] [--seed 7]
        [--json results.json] [--logs DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import re
import signal
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import anthropic
import httpx
import openai

import fleet_stack as fs
import pressure_agents as agents
import pressure_report as report
import pressure_stack as stack
import pressure_workload as workload
import sessions as claude
from ollama_agent_router.simulator.prompt import chat_turns, count_tokens, join_turns

ROOT = Path(__file__).resolve().parents[1]
GEX44 = ROOT / "examples" / "gex44.yaml"
BIG = fs.FLEET_EXAMPLES / "big-48gb.yaml"
SMALL = fs.FLEET_EXAMPLES / "small-20gb.yaml"
CLIENT_TIMEOUT_S: Final = 300.0
NODE_HEADER: Final = "x-router-node"
SELECTED_MODEL: Final = "x-router-selected-model"
#: Each agent session's prompt carries ``sim-mark:<MARK><session>``: every simulator
#: counts the inference requests whose prompt holds it (``/_sim/state`` ``marks``).
MARK: Final = "fleet-s"

SCENARIOS: Final = ("equal", "unequal", "agents")
ROWS: Final = ("nginx", "gateway", "one-node")
ROW_ALIASES: Final = {"one-node@1x": "one-node", "one": "one-node"}


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    nodes: tuple[fs.NodeSpec, ...]
    #: The node the one-node row runs.
    one: fs.NodeSpec
    agents: bool = False
    about: str = ""


def _equal(name: str, *, agents_: bool = False) -> Scenario:
    specs = tuple(fs.NodeSpec(f"node-{c}", GEX44) for c in "abc")
    return Scenario(name, specs, specs[0], agents_, "3 × gex44.yaml (20 GB)")


SCENARIO_SPECS: Final[dict[str, Scenario]] = {
    "equal": _equal("equal"),
    "unequal": Scenario(
        "unequal",
        (
            fs.NodeSpec("node-big", BIG),
            fs.NodeSpec("node-small-1", SMALL),
            fs.NodeSpec("node-small-2", SMALL),
        ),
        fs.NodeSpec("node-big", BIG),
        about="big-48gb.yaml + 2 × small-20gb.yaml",
    ),
    "agents": _equal("agents", agents_=True),
}


def parse_rows(text: str) -> list[tuple[str, str]]:
    """``scenario``, ``row`` or ``scenario:row``, comma-separated (``all``: every row);
    the pairs in table order."""
    wanted: set[tuple[str, str]] = set()
    for spec in filter(None, (part.strip() for part in text.split(","))):
        if spec == "all":
            wanted.update((s, r) for s in SCENARIOS for r in ROWS)
            continue
        head, colon, tail = spec.partition(":")
        if colon:
            scenarios, rows = [head], [ROW_ALIASES.get(tail, tail)]
        elif head in SCENARIOS:
            scenarios, rows = [head], list(ROWS)
        else:
            scenarios, rows = list(SCENARIOS), [ROW_ALIASES.get(head, head)]
        for scenario in scenarios:
            if scenario not in SCENARIOS:
                raise ValueError(f"unknown scenario {scenario!r}: {', '.join(SCENARIOS)}")
            for row in rows:
                if row not in ROWS:
                    raise ValueError(f"unknown row {row!r}: {', '.join(ROWS)}")
                wanted.add((scenario, row))
    if not wanted:
        raise ValueError("no rows")
    return [(s, r) for s in SCENARIOS for r in ROWS if (s, r) in wanted]


# -- what the client saw ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """One request or turn as the client saw it (``status``: "200", another HTTP status,
    "timeout", "connection", "cut" for a stream without its end)."""

    id: str
    label: str
    status: str
    latency_s: float
    model: str | None = None
    #: ``x-router-node`` when the answer names the node.
    node: str | None = None
    #: Prompt tokens the answer reported (``usage``), and what the simulator counts for
    #: the whole prompt: less reported than sent means the prompt was cut.
    usage_prompt: int | None = None
    sent_prompt: int | None = None
    session: int | None = None
    detail: str = ""
    code: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "200"

    @property
    def truncated(self) -> bool | None:
        if self.usage_prompt is None or self.sent_prompt is None:
            return None
        return self.usage_prompt < self.sent_prompt

    def to_report(self) -> report.Outcome:
        return report.Outcome(
            self.id, self.label, self.status, self.latency_s, self.model, self.detail, self.code
        )


def sim_prompt_tokens(messages: Sequence[Mapping[str, Any]]) -> int:
    """The prompt size the simulator counts for these chat messages (their texts)."""
    return count_tokens(join_turns(chat_turns(list(messages))))


def _openai_failure(exc: Exception) -> tuple[str, str, str]:
    if isinstance(exc, openai.APITimeoutError):
        return "timeout", "", ""
    if isinstance(exc, openai.APIStatusError):
        return str(exc.status_code), exc.message[:300], str(exc.code or "")
    return "connection", str(exc)[:300], ""


async def send_request(client: openai.AsyncOpenAI, request: workload.Request) -> Outcome:
    """One plain chat completion (``model: "auto"``), as ``bench/pressure.py`` sends it."""
    item = request.item
    extra: dict[str, Any] = {"tools": item.tools} if item.tools else {}
    started = time.perf_counter()
    out = Outcome(item.id, item.label, "200", 0.0, sent_prompt=sim_prompt_tokens(item.messages))
    try:
        raw = await client.chat.completions.with_raw_response.create(
            model="auto",
            messages=item.messages,  # type: ignore[arg-type]
            **extra,
        )
        reply = raw.parse()
        usage = reply.usage.prompt_tokens if reply.usage is not None else None
        model = raw.headers.get(SELECTED_MODEL) or reply.model
        out = replace(out, model=model, node=raw.headers.get(NODE_HEADER), usage_prompt=usage)
    except (openai.APITimeoutError, openai.APIStatusError, openai.APIConnectionError) as exc:
        status, detail, code = _openai_failure(exc)
        out = replace(out, status=status, detail=detail, code=code)
    return replace(out, latency_s=time.perf_counter() - started)


async def replay(
    url: str, key: str, requests: Sequence[workload.Request], *, log_every_s: float = 30.0
) -> list[Outcome]:
    """Open loop: each request leaves at its arrival time, whatever is still running."""
    client = openai.AsyncOpenAI(
        base_url=url + "/v1", api_key=key, timeout=CLIENT_TIMEOUT_S, max_retries=0
    )
    async with client:
        loop = asyncio.get_running_loop()
        start = loop.time()
        tasks: list[asyncio.Task[Outcome]] = []
        next_log = log_every_s
        for request in requests:
            await asyncio.sleep(max(0.0, start + request.at_s - loop.time()))
            tasks.append(asyncio.create_task(send_request(client, request)))
            if loop.time() - start >= next_log:
                done = sum(task.done() for task in tasks)
                print(f"    {loop.time() - start:5.0f} s: {len(tasks)} sent, {done} answered")
                next_log += log_every_s
        return list(await asyncio.gather(*tasks))


# -- coding agents ------------------------------------------------------------------------


def marked(sessions_: Sequence[agents.Session]) -> list[agents.Session]:
    """The sessions with ``sim-mark:fleet-s<index>`` at the end of each one's system
    prompt (after the shared part, so the prefix every session shares is unchanged; the
    last user message, the plan key, is untouched)."""
    out = []
    for session in sessions_:
        turns = []
        for turn in session.turns:
            system, *rest = turn.messages
            mark = f"\nsim-mark:{MARK}{session.index}\n"
            turns.append(
                replace(turn, messages=[{**system, "content": system["content"] + mark}, *rest])
            )
        out.append(agents.Session(session.index, tuple(turns)))
    return out


#: How the router names a model whose context is too small, in a refusal's message (the
#: Messages face's error body has no ``code``: ``context_length_exceeded`` is lost).
_CONTEXT_SHORT = re.compile(r"context of \d+ tokens, ~\d+ needed")


def context_refusal(detail: str) -> bool:
    """A 400's message says no model's context holds the prompt."""
    return report.CONTEXT_EXCEEDED in detail or bool(_CONTEXT_SHORT.search(detail))


def _anthropic_failure(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, anthropic.APITimeoutError):
        return "timeout", ""
    if isinstance(exc, anthropic.APIStatusError):
        return str(exc.status_code), str(exc.message)[:300]
    if isinstance(exc, anthropic.APIConnectionError):
        return "connection", str(exc)[:300]
    return "error", str(exc)[:300]


async def send_turn(
    client: anthropic.AsyncAnthropic, turn: agents.Turn, request: claude.Request
) -> Outcome:
    """One streamed turn through ``/v1/messages``, as Claude Code sends it; the latency
    runs to ``message_stop``."""
    started = time.perf_counter()
    out = Outcome(
        turn.id,
        agents.LABEL,
        "200",
        0.0,
        session=turn.session,
        sent_prompt=sim_prompt_tokens(turn.messages),
    )
    try:
        create: Any = client.messages.with_raw_response.create
        raw = await create(**request.kwargs)
        out = replace(out, model=raw.headers.get(SELECTED_MODEL), node=raw.headers.get(NODE_HEADER))
        stream = await raw.parse()
        stopped = False
        async for event in stream:
            if event.type == "message_start":
                out = replace(out, model=out.model or event.message.model)
            elif event.type == "message_delta":
                usage = getattr(event.usage, "input_tokens", None)
                out = replace(out, usage_prompt=usage if isinstance(usage, int) else None)
            elif event.type == "message_stop":
                stopped = True
        if not stopped:
            out = replace(out, status="cut")
    except (anthropic.APIError, httpx.HTTPError) as exc:
        status, detail = _anthropic_failure(exc)
        code = report.CONTEXT_EXCEEDED if status == "400" and context_refusal(detail) else ""
        out = replace(out, status=status, detail=detail, code=code)
    return replace(out, latency_s=time.perf_counter() - started)


async def run_sessions(
    url: str,
    key: str,
    sessions_: Sequence[agents.Session],
    tools: list[dict[str, Any]],
    seed: int,
    *,
    log_every_s: float = 30.0,
) -> list[list[Outcome]]:
    """Closed loop per session: each turn leaves its pause after the previous answer."""
    client = anthropic.AsyncAnthropic(
        base_url=url, api_key=key, timeout=CLIENT_TIMEOUT_S, max_retries=0
    )
    done: list[Outcome] = []
    total = sum(len(one.turns) for one in sessions_)

    async def session(one: agents.Session) -> list[Outcome]:
        out = []
        for turn in one.turns:
            await asyncio.sleep(turn.pause_s)
            request = claude.request_of(turn, tools, claude.CLAUDE_MODEL, seed)
            out.append(await send_turn(client, turn, request))
            done.append(out[-1])
        return out

    async def progress() -> None:
        start = time.monotonic()
        while True:
            await asyncio.sleep(log_every_s)
            ok = sum(o.ok for o in done)
            print(
                f"    {time.monotonic() - start:5.0f} s: {len(done)}/{total} turns, {ok} answered"
            )

    async with client:
        ticker = asyncio.create_task(progress())
        try:
            return list(await asyncio.gather(*(session(one) for one in sessions_)))
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker


def nodes_per_session(
    results: Sequence[Sequence[Outcome]], marks: Mapping[str, Mapping[str, int]]
) -> tuple[list[int], str]:
    """Distinct nodes each session's turns reached, and where that was read: the
    ``x-router-node`` header of its answered turns when every answered turn carries one,
    else the simulators' marks (a node counts when its simulator served at least one
    inference request of the session: retries on the same node count once)."""
    answered = [o for session in results for o in session if o.ok]
    if answered and all(o.node for o in answered):
        counts = [len({o.node for o in session if o.ok and o.node}) for session in results]
        return counts, NODE_HEADER
    out = []
    for session in results:
        index = next((o.session for o in session if o.session is not None), None)
        mark = f"{MARK}{index}"
        out.append(sum(1 for by_mark in marks.values() if by_mark.get(mark, 0) > 0))
    return out, "simulator marks"


# -- one row ------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One line of the table (``note`` set: the row did not run)."""

    scenario: str
    row: str
    nodes: int
    load: str
    requests: int = 0
    completed_pct: float | None = None
    errors: dict[str, int] = field(default_factory=dict)
    context_refusals: int = 0
    p50_s: float | None = None
    p90_s: float | None = None
    p99_s: float | None = None
    #: Answered by a model whose ``purpose`` names the task type, and its prompt not cut
    #: (the reported prompt tokens are all the simulator counts for it).
    fit_pct: float | None = None
    #: The same by ``purpose`` only (``bench/pressure.py``'s fit).
    purpose_fit_pct: float | None = None
    loads: int | None = None
    evictions: int | None = None
    prompt_cached: int | None = None
    prompt_processed: int | None = None
    truncations: int | None = None
    #: Requests the client saw cut (reported prompt tokens below what was sent).
    truncations_seen: int | None = None
    split_runs: int | None = None
    #: Inference requests each node's simulator served.
    per_node: dict[str, int] = field(default_factory=dict)
    #: Requests nginx sent to each node (its access log).
    nginx_upstreams: dict[str, int] | None = None
    nodes_per_session: list[int] | None = None
    nodes_from: str | None = None
    wall_s: float | None = None
    note: str | None = None

    @property
    def cached_pct(self) -> float | None:
        if self.prompt_cached is None or self.prompt_processed is None:
            return None
        total = self.prompt_cached + self.prompt_processed
        return 100 * self.prompt_cached / total if total else None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["cached_pct"] = self.cached_pct
        return out


def summarize(
    row: Row,
    outcomes: Sequence[Outcome],
    totals: fs.SimTotals,
    purposes: Mapping[str, Sequence[str]],
) -> Row:
    done = [o for o in outcomes if o.ok]
    latencies = [o.latency_s for o in done]
    purpose_fit = [o for o in done if report.fits(o.model, o.label, purposes)]
    fit = [o for o in purpose_fit if o.truncated is not True]
    cached, processed = totals.prompt()
    seen = [o.truncated for o in done]
    return replace(
        row,
        requests=len(outcomes),
        completed_pct=100 * len(done) / len(outcomes) if outcomes else 0.0,
        errors=dict(
            sorted(
                Counter(o.status for o in outcomes if not o.ok).items(),
                key=lambda kv: (-kv[1], kv[0]),
            )
        ),
        context_refusals=sum(o.to_report().context_refused for o in outcomes),
        p50_s=report.percentile(latencies, 50),
        p90_s=report.percentile(latencies, 90),
        p99_s=report.percentile(latencies, 99),
        fit_pct=100 * len(fit) / len(done) if done else None,
        purpose_fit_pct=100 * len(purpose_fit) / len(done) if done else None,
        loads=int(totals.total("loads")),
        evictions=int(totals.total("evictions")),
        prompt_cached=cached,
        prompt_processed=processed,
        truncations=int(totals.total("truncations")),
        truncations_seen=None if None in seen else sum(bool(s) for s in seen),
        split_runs=int(totals.total("splitRequests")),
        per_node=totals.requests(),
    )


@dataclass(frozen=True, slots=True)
class Run:
    """What every row of a run shares."""

    folder: Path
    keys: fs.Keys
    speeds: stack.SimSpeeds
    features: stack.Features
    seed: int
    rate: float
    count: int
    items: list[workload.Item]
    sessions: list[agents.Session]
    tools: list[dict[str, Any]]
    #: Why the gateway rows cannot run (None: this tree's ``oar serve`` has one).
    gateway_missing: str | None
    logs: Path | None = None


@dataclass(slots=True)
class Front:
    """Where clients send for one row, with the key they send."""

    url: str
    key: str
    nginx_log: Path | None = None
    routers: dict[str, str] = field(default_factory=dict)


@contextlib.asynccontextmanager
async def front(
    row: str, scenario: Scenario, run: Run, folder: Path
) -> AsyncIterator[tuple[Front, list[fs.Node]]]:
    """The row's nodes, and what stands in front of them."""
    specs = [scenario.one] if row == "one-node" else list(scenario.nodes)
    async with fs.nodes(
        specs, folder, run.keys, speeds=run.speeds, features=run.features, seed=run.seed
    ) as started:
        routers = {n.id: n.url for n in started}
        if row == "one-node":
            yield Front(started[0].url, run.keys.client, routers=routers), started
        elif row == "nginx":
            async with fs.nginx(folder, routers) as url:
                log = folder / "nginx" / "access.log"
                yield Front(url, run.keys.client, log, routers), started
        else:
            async with fs.gateway(folder, started, run.keys) as url:
                yield Front(url, "unused", routers=routers), started


def _purposes(nodes_: Sequence[fs.Node]) -> dict[str, list[str]]:
    """Each model's ``purpose`` over the nodes' configs (a model reads the same on every
    node that has it: the examples reuse gex44's entries)."""
    out: dict[str, dict[str, None]] = {}
    for one in nodes_:
        for model in one.config["models"]:
            out.setdefault(model["name"], {}).update(dict.fromkeys(model.get("purpose", [])))
    return {name: list(purposes) for name, purposes in out.items()}


async def run_row(scenario: Scenario, row: str, run: Run, index: int) -> dict[str, Any]:
    """One row on fresh nodes: the replay or the sessions, then the simulators' counters."""
    count = 1 if row == "one-node" else len(scenario.nodes)
    folder = run.folder / f"{index}-{scenario.name}-{row}"
    folder.mkdir(parents=True)
    if scenario.agents:
        sessions_ = run.sessions
        if row == "one-node":
            sessions_ = sessions_[: math.ceil(len(sessions_) / len(scenario.nodes))]
        turns = len(sessions_[0].turns)
        load = f"{len(sessions_)} sessions × {turns} turns"
    else:
        rate = run.rate * count
        requests = workload.build(run.count, rate, run.seed, run.items)
        load = f"{rate:g} req/s"
    base = Row(scenario.name, "one-node@1x" if row == "one-node" else row, count, load)
    if row == "gateway" and run.gateway_missing:
        return {"row": replace(base, note=run.gateway_missing), "outcomes": []}
    started_at = time.monotonic()
    try:
        async with front(row, scenario, run, folder) as (where, started):
            if scenario.agents:
                await fs.post_plan(started, agents.plan_of(sessions_))
                results = await run_sessions(where.url, where.key, sessions_, run.tools, run.seed)
                outcomes = [o for session in results for o in session]
            else:
                await fs.post_plan(started, workload.plan_of(requests))
                outcomes = await replay(where.url, where.key, requests)
            totals = await fs.sim_totals(started)
        statuses = {n.id: n.status for n in started}
    except fs.Unavailable as exc:
        return {"row": replace(base, note=str(exc)), "outcomes": []}
    finally:
        keep_logs(folder, run.logs)
    out = summarize(base, outcomes, totals, _purposes(started))
    if where.nginx_log is not None:
        out.nginx_upstreams = fs.nginx_upstreams(where.nginx_log, where.routers)
    if scenario.agents:
        out.nodes_per_session, out.nodes_from = nodes_per_session(results, totals.marks())
    out.wall_s = round(time.monotonic() - started_at, 1)
    if out.truncations_seen is not None and out.truncations_seen != out.truncations:
        print(
            f"    note: the simulators cut {out.truncations} prompts, the client saw "
            f"{out.truncations_seen} answers reporting fewer prompt tokens than sent"
        )
    return {
        "row": out,
        "outcomes": [asdict(o) for o in outcomes],
        "sim": {
            node: {k: v for k, v in state.items() if k not in ("faultsFired", "loaded")}
            for node, state in totals.by_node.items()
        },
        "router": {node: _residency(status) for node, status in statuses.items()},
    }


def _residency(status: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A node router's own counters: loads and evictions it caused, reloads, load stall,
    agent sessions (their counters, not the list of active ones)."""
    if status is None:
        return None
    residency = status.get("residency") or {}
    keys = ("loadsCaused", "evictionsCaused", "reloads", "loadStallS")
    out = {key: residency[key] for key in keys if key in residency}
    sessions_ = residency.get("sessions")
    if isinstance(sessions_, Mapping):
        out["sessions"] = {k: v for k, v in sessions_.items() if k != "active"}
    return out


def keep_logs(folder: Path, logs: Path | None) -> None:
    """Copy the row's logs and configs (not the job stores) to ``logs/<row folder>``."""
    if logs is None:
        return
    target = logs / folder.name
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".log", ".yaml", ".conf"):
            dest = target / path.relative_to(folder)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(path.read_bytes())


# -- the table ----------------------------------------------------------------------------


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


def _n(value: int | None) -> str:
    return "–" if value is None else str(value)


def _per_node(counts: Mapping[str, int]) -> str:
    return " / ".join(str(n) for n in counts.values()) or "–"


def _sessions_text(counts: Sequence[int] | None) -> str:
    if not counts:
        return "–"
    return f"{sum(counts) / len(counts):.1f}, max {max(counts)}"


def _errors(row: Row) -> str:
    """``429 ×5``; a 400 whose prompt no model's context holds says so: ``400 ×17
    (context ×17)``."""
    parts = []
    for status, count in row.errors.items():
        text = f"{status} ×{count}"
        if status == "400" and row.context_refusals:
            text += f" (context ×{row.context_refusals})"
        parts.append(text)
    return ", ".join(parts) or "none"


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| scenario | row | nodes | load | completed | errors | p50 s | p90 s | p99 s | fit "
        "| loads | prompt cached | truncations | split runs | requests per node "
        "| nodes per session |",
        "|---|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for row in rows:
        if row.note:
            lines.append(
                f"| {row.scenario} | {row.row} | {row.nodes} | {row.load} | {row.note} "
                + "| " * 10
                + "|"
            )
            continue
        lines.append(
            f"| {row.scenario} | {row.row} | {row.nodes} | {row.load} "
            f"| {_pct(row.completed_pct)} | {_errors(row)} "
            f"| {_s(row.p50_s)} | {_s(row.p90_s)} | {_s(row.p99_s)} | {_pct(row.fit_pct)} "
            f"| {_n(row.loads)} | {_pct(row.cached_pct)} | {_n(row.truncations)} "
            f"| {_n(row.split_runs)} | {_per_node(row.per_node)} "
            f"| {_sessions_text(row.nodes_per_session)} |"
        )
    return "\n".join(lines)


LEGEND: Final = (
    "*load*: arrival rate of the 240-request replay (single-node rate × nodes), or "
    "concurrent agent sessions (one-node@1x: a third of them, rounded up); *errors*: "
    "HTTP status or timeout, *context*: a 400 because no model's context holds the "
    "prompt; *p50/p90/p99*: latency of completed requests (agents: per "
    "turn, to `message_stop`); *fit*: answered by a model whose `purpose` names the "
    "request's task type (agents: agentic_reasoning) with its whole prompt (the prompt "
    "tokens the answer reports are all the simulator counts for what was sent: not cut "
    "to the context); split runs are counted per node, not per request; *loads*, "
    "*prompt cached* (prompt tokens found in a slot's cache), *truncations*, *split "
    "runs*: the nodes' simulators summed; *requests per node*: inference requests each "
    "node's simulator served; *nodes per session*: distinct nodes a session's turns "
    "reached (mean, max), from `x-router-node` when answers carry it, else from "
    "`sim-mark:fleet-s<n>` in each session's system prompt, counted by each simulator."
)


# -- main ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--rows",
        default="all",
        help="scenario, row or scenario:row, comma-separated (equal, unequal, agents; "
        "nginx, gateway, one-node); default all",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=1.0,
        help="the single-node arrival rate (req/s): one-node rows run at it, fleet rows "
        "at it × their nodes (default 1: 3 req/s over three nodes)",
    )
    parser.add_argument("--requests", type=int, help="requests per replay (240; 60 with --quick)")
    parser.add_argument("--sessions", type=int, help="agent sessions (8; 4 with --quick)")
    parser.add_argument("--turns", type=int, help="turns per agent session (8; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: fewer requests")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write all results as JSON here")
    parser.add_argument("--logs", type=Path, help="keep each row's logs and configs here")
    parser.add_argument("--instant", action="store_true", help=argparse.SUPPRESS)
    return parser


async def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    args = build_parser().parse_args(argv)
    pairs = parse_rows(args.rows)
    count = args.requests or (60 if args.quick else 240)
    n_sessions = args.sessions or (4 if args.quick else 8)
    turns = args.turns or (3 if args.quick else 8)
    speeds = replace(stack.SimSpeeds(), instant=args.instant)
    features = stack.Features.detect()
    if any(row == "nginx" for _, row in pairs) and fs.nginx_binary() is None:
        raise SystemExit("nginx is not installed: apt-get install nginx, or leave out nginx rows")
    items = workload.load_items() if any(s != "agents" for s, _ in pairs) else []
    sessions_ = marked(agents.build(n_sessions, turns, args.seed, pauses=not args.instant))
    tools = agents.tool_definitions(args.seed)
    results: list[dict[str, Any]] = []
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="oar-fleet-") as tmp:
        folder = Path(tmp)
        missing = (
            fs.gateway_support(folder / "probe") if any(r == "gateway" for _, r in pairs) else None
        )
        run = Run(
            folder,
            fs.Keys.fresh(),
            speeds,
            features,
            args.seed,
            args.rate,
            count,
            items,
            sessions_,
            tools,
            missing,
            args.logs,
        )
        for index, (name, row) in enumerate(pairs):
            scenario = SCENARIO_SPECS[name]
            print(f"{name} / {row} ({scenario.about}):", flush=True)
            result = await run_row(scenario, row, run, index)
            print(table([result["row"]]).splitlines()[-1], flush=True)
            results.append(result)
    rows = [result["row"] for result in results]
    print()
    print(table(rows))
    print()
    print(report.wrap(LEGEND))
    wall = time.monotonic() - began
    print(f"\n{len(rows)} rows in {wall / 60:.1f} min")
    if args.json:
        meta = {
            "requests": count,
            "rate": args.rate,
            "sessions": n_sessions,
            "turns": turns,
            "seed": args.seed,
            "speeds": asdict(speeds),
            "wallS": round(wall, 1),
            "scenarios": {
                name: {
                    "nodes": {s.id: str(s.config.relative_to(ROOT)) for s in sc.nodes},
                    "oneNode": sc.one.id,
                }
                for name, sc in SCENARIO_SPECS.items()
            },
            "gateway": missing or "available",
        }
        payload = [{**result, "row": result["row"].to_json()} for result in results]
        args.json.write_text(json.dumps({"run": meta, "rows": payload}, indent=1) + "\n")
    return results


def _run() -> None:
    """``main`` with SIGTERM handled like Ctrl-C: the run is cancelled and every process
    it started is stopped."""

    async def guarded() -> None:
        task = asyncio.current_task()
        loop = asyncio.get_running_loop()
        if task is not None:
            loop.add_signal_handler(signal.SIGTERM, task.cancel)
        await main()

    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(guarded())


if __name__ == "__main__":
    _run()
