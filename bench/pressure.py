"""Placement under VRAM pressure, as a user sees it: labelled realistic requests replayed
against one simulated 20 GB GPU with the shipped ``examples/gex44.yaml``.

Each setup gets a fresh simulator (and router): the same hold-out requests, sent as plain
OpenAI chat completions (``model: "auto"``, no ``router`` object) by the ``openai`` SDK
at seeded Poisson arrivals, open loop. Answer lengths come from each request's true task
type through the simulator's completion plan, invisible to the router. The router reads
the card through a fake ``nvidia-smi``. The simulator runs the Ollama server the config
states (``ollama.numParallel``, ``ollama.maxLoadedModels``, ``ollama.contextLength``, ...
as far as this tree's ``oar simulate`` has flags for them).

A setup is ``name[~rev][@rate][:mix]``:

- ``name``: ``reference`` or ``residency`` (``router.strategy``), or ``perfect`` (no
  router: each request straight to the first model of its true task type's route);
- ``~rev``: the router of another git revision, in the same run against the same
  simulator (always this tree's: it is the reference); ``~base`` is ``--baseline``
  (default ``a913ec4``, main before the router followed Ollama's scheduler). Its ``src``
  is extracted to a temporary folder outside the repository, removed at exit, and its
  ``oar serve`` runs with ``PYTHONPATH`` pointing there; config keys it does not know are
  dropped from its config;
- ``@rate``: another arrival rate;
- ``:mix``: another mix of task types (``pressure_workload.MIXES``), or ``:agents``,
  the coding-agent workload (``pressure_agents``): ``--sessions`` concurrent Claude
  Code-shaped sessions of ``--turns`` turns each, every session sending its next turn
  after the previous answer (the rate does not apply).

Each row names the router's revision. Counters the simulator or an older router lacks
(truncations, ``num_ctx`` reloads, load stall, cached prompt tokens) show "n/a".

    .venv/bin/python bench/pressure.py [--quick] [--rate 1.5] [--seed 7] [--out results.json]
        [--setups residency,residency~base,residency:agents,residency~base:agents]
        [--baseline REV] [--sessions 4] [--turns 8] [--config PATH]
        [--set ollama.contextLength=32768] [--write-docs]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import tempfile
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import openai
import yaml

import pressure_agents as agents
import pressure_report as report
import pressure_stack as stack
import pressure_workload as workload

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "performance.md"
DEFAULT_SETUPS = (
    "reference,residency,residency~base,perfect,residency@1.0,reference:outside,"
    "residency:outside,residency~base:outside,residency@1.0:outside,"
    "residency:agents,residency~base:agents"
)
#: main before the router's residency followed Ollama's scheduler.
DEFAULT_BASELINE = "a913ec4"
BASE = "base"
AGENTS = "agents"
CLIENT_TIMEOUT_S = 300.0
SELECTED_MODEL = "x-router-selected-model"
NAMES = ("reference", "residency", "perfect")


@dataclass(frozen=True, slots=True)
class Setup:
    """``strategy`` is a ``router.strategy``, or None for perfect labels without a router;
    ``revision`` the git revision the router comes from (None: this tree)."""

    name: str
    strategy: str | None
    rate: float
    mix: str = "uniform"
    revision: str | None = None

    @property
    def agents(self) -> bool:
        return self.mix == AGENTS


def parse_setups(text: str, rate: float, baseline: str = DEFAULT_BASELINE) -> list[Setup]:
    """``name[~rev][@rate][:mix]``, comma-separated (``residency~base@1.0:outside``);
    ``~base`` is ``baseline``."""
    setups = []
    for spec in filter(None, (part.strip() for part in text.split(","))):
        spec, _, mix = spec.partition(":")
        spec, _, rate_text = spec.partition("@")
        name, tilde, revision = spec.partition("~")
        if name not in NAMES:
            raise ValueError(f"unknown setup {name!r}: {', '.join(NAMES)}")
        if tilde and not revision:
            raise ValueError(f"{spec!r}: a revision after ~ (like ~base or ~a913ec4)")
        if revision and name == "perfect":
            raise ValueError("perfect has no router, so no revision")
        mix = mix or "uniform"
        if mix not in (*workload.MIXES, AGENTS):
            raise ValueError(f"unknown mix {mix!r}: {', '.join((*workload.MIXES, AGENTS))}")
        if rate_text and mix == AGENTS:
            raise ValueError(f"{spec}:{mix}: agent sessions are closed loop, no @rate")
        strategy = None if name == "perfect" else name
        label = "perfect labels, no router" if strategy is None else f"router, {name}"
        if mix == AGENTS:
            label += " (coding agents)"
        elif mix != "uniform":
            label += f" ({mix} mix)"
        if revision:
            label += f", {BASE}" if revision == BASE else f", ~{revision}"
        rev = (baseline if revision == BASE else revision) or None
        setups.append(Setup(label, strategy, float(rate_text) if rate_text else rate, mix, rev))
    return setups


def _failure(exc: Exception) -> tuple[str, str, str]:
    """(status, detail, code) of a failed call."""
    if isinstance(exc, openai.APITimeoutError):
        return "timeout", "", ""
    if isinstance(exc, openai.APIStatusError):
        return str(exc.status_code), exc.message[:300], str(exc.code or "")
    return "connection", str(exc)[:300], ""


async def send(client: openai.AsyncOpenAI, request: workload.Request, model: str) -> report.Outcome:
    """One plain chat completion; the outcome as the client saw it."""
    item = request.item
    extra: dict[str, Any] = {"tools": item.tools} if item.tools else {}
    started = time.perf_counter()
    status, served, detail, code = "200", None, "", ""
    try:
        reply = await client.chat.completions.create(
            model=model,
            messages=item.messages,  # type: ignore[arg-type]
            **extra,
        )
        served = reply.model
    except (openai.APITimeoutError, openai.APIStatusError, openai.APIConnectionError) as exc:
        status, detail, code = _failure(exc)
    latency = time.perf_counter() - started
    return report.Outcome(item.id, item.label, status, latency, served, detail, code)


async def replay(
    base_url: str,
    requests: Sequence[workload.Request],
    model_for: dict[str, str] | None,
    *,
    log_every_s: float = 30.0,
) -> list[report.Outcome]:
    """Open loop: each request leaves at its arrival time, whatever is still running."""
    client = openai.AsyncOpenAI(
        base_url=base_url + "/v1", api_key="unused", timeout=CLIENT_TIMEOUT_S, max_retries=0
    )
    async with client:
        loop = asyncio.get_running_loop()
        start = loop.time()
        tasks: list[asyncio.Task[report.Outcome]] = []
        next_log = log_every_s
        for request in requests:
            await asyncio.sleep(max(0.0, start + request.at_s - loop.time()))
            model = model_for[request.item.label] if model_for else "auto"
            tasks.append(asyncio.create_task(send(client, request, model)))
            if loop.time() - start >= next_log:
                done = sum(task.done() for task in tasks)
                print(f"    {loop.time() - start:5.0f} s: {len(tasks)} sent, {done} answered")
                next_log += log_every_s
        return list(await asyncio.gather(*tasks))


# -- coding agents -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgentTurn:
    """One turn as the client saw it, with the prompt size it sent and the one the
    server reported (``usage.prompt_tokens``)."""

    turn: agents.Turn
    outcome: report.Outcome
    prompt_tokens: int
    usage_prompt_tokens: int | None = None


async def send_turn(
    client: openai.AsyncOpenAI,
    turn: agents.Turn,
    tools: list[dict[str, Any]],
    model: str,
) -> AgentTurn:
    """One agent turn: the whole history, the tools, ``max_tokens`` as Claude Code asks."""
    started = time.perf_counter()
    status, served, detail, code, usage = "200", None, "", "", None
    try:
        raw = await client.chat.completions.with_raw_response.create(
            model=model,
            messages=turn.messages,  # type: ignore[arg-type]
            tools=tools,  # type: ignore[arg-type]
            max_tokens=agents.MAX_TOKENS,
        )
        reply = raw.parse()
        served = raw.headers.get(SELECTED_MODEL) or reply.model
        usage = reply.usage.prompt_tokens if reply.usage is not None else None
    except (openai.APITimeoutError, openai.APIStatusError, openai.APIConnectionError) as exc:
        status, detail, code = _failure(exc)
    latency = time.perf_counter() - started
    outcome = report.Outcome(turn.id, agents.LABEL, status, latency, served, detail, code)
    return AgentTurn(turn, outcome, turn.prompt_tokens(tools), usage)


async def run_sessions(
    base_url: str,
    sessions: Sequence[agents.Session],
    tools: list[dict[str, Any]],
    model: str,
    *,
    log_every_s: float = 30.0,
) -> list[list[AgentTurn]]:
    """Closed loop per session: each turn leaves its pause after the previous answer."""
    client = openai.AsyncOpenAI(
        base_url=base_url + "/v1", api_key="unused", timeout=CLIENT_TIMEOUT_S, max_retries=0
    )
    done: list[AgentTurn] = []

    async def session(one: agents.Session) -> list[AgentTurn]:
        out = []
        for turn in one.turns:
            await asyncio.sleep(turn.pause_s)
            out.append(await send_turn(client, turn, tools, model))
            done.append(out[-1])
        return out

    async def progress() -> None:
        total = sum(len(one.turns) for one in sessions)
        start = time.monotonic()
        while True:
            await asyncio.sleep(log_every_s)
            ok = sum(turn.outcome.status == "200" for turn in done)
            print(
                f"    {time.monotonic() - start:5.0f} s: {len(done)}/{total} turns, {ok} answered"
            )

    async with client:
        ticker = asyncio.create_task(progress())
        try:
            return list(await asyncio.gather(*(session(one) for one in sessions)))
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker


# -- one setup ---------------------------------------------------------------------------


@dataclass(slots=True)
class Target:
    """Where the client sends, and the router's status read after the run (None without
    a router)."""

    url: str
    status: dict[str, Any] | None = None


@asynccontextmanager
async def target(
    setup: Setup,
    sim_url: str,
    base: dict[str, Any],
    folder: Path,
    code: stack.RouterCode | None = None,
) -> AsyncIterator[Target]:
    """A fresh router (of ``code``) in front of the simulator, or the simulator; the
    router's status is read before it stops."""
    if setup.strategy is None:
        yield Target(sim_url)
        return
    async with stack.router(base, sim_url, setup.strategy, folder, code) as url:
        out = Target(url)
        yield out
        out.status = await stack.router_status(url)


@dataclass(frozen=True, slots=True)
class Run:
    """What every setup of a run shares."""

    base: dict[str, Any]
    config: Path
    server: stack.ServerSettings
    speeds: stack.SimSpeeds
    features: stack.Features
    seed: int
    folder: Path
    #: Router code by revision (None: this tree).
    codes: Mapping[str | None, stack.RouterCode]


def _sim_json(state: Mapping[str, Any]) -> dict[str, Any]:
    """The simulator's counters for the JSON results (all of them, new ones included)."""
    return {key: value for key, value in state.items() if key not in ("marks", "faultsFired")}


def _residency(status: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if status is None:
        return None
    residency = status.get("residency") or {}
    keys = ("loadsCaused", "evictionsCaused", "reloads", "loadStallS", "lateBindingMoves")
    return {key: residency[key] for key in keys if key in residency}


async def run_setup(setup: Setup, requests: Sequence[workload.Request], run: Run) -> dict[str, Any]:
    """One request-mix setup on a fresh simulator: replay, then read the counters."""
    base = run.base
    purposes = {m["name"]: list(m.get("purpose", [])) for m in base["models"]}
    first_model = {label: route[0] for label, route in base["routes"].items()}
    code = run.codes[setup.revision]
    async with stack.simulator(
        run.speeds, run.server, run.folder, run.seed, config=run.config, features=run.features
    ) as sim_url:
        plan = await stack.sim_post(
            sim_url + "/_sim/plan", {"completions": workload.plan_of(requests)}
        )
        if plan["entries"] != len(requests):
            raise RuntimeError(f"the simulator took {plan['entries']} of {len(requests)} plans")
        async with target(setup, sim_url, base, run.folder, code) as where:
            outcomes = await replay(where.url, requests, None if setup.strategy else first_model)
        state = await stack.sim_get(sim_url + "/_sim/state")
    revision = code.revision if setup.strategy else "–"
    row = report.summarize(
        setup.name,
        setup.rate,
        outcomes,
        state,
        purposes,
        revision=revision,
        router_status=where.status,
    )
    return {
        "setup": setup.name,
        "kind": "requests",
        "strategy": setup.strategy,
        "revision": revision,
        "row": row.to_json(),
        "table": row,
        "sim": _sim_json(state),
        "router": _residency(where.status),
        "outcomes": [_outcome(o) for o in outcomes],
    }


async def run_agents(
    setup: Setup, sessions: Sequence[agents.Session], tools: list[dict[str, Any]], run: Run
) -> dict[str, Any]:
    """One coding-agent setup on a fresh simulator."""
    code = run.codes[setup.revision]
    model = "auto" if setup.strategy else run.base["routes"][agents.LABEL][0]
    async with stack.simulator(
        run.speeds, run.server, run.folder, run.seed, config=run.config, features=run.features
    ) as sim_url:
        plan = agents.plan_of(sessions)
        taken = await stack.sim_post(sim_url + "/_sim/plan", {"completions": plan})
        if taken["entries"] != len(plan):
            raise RuntimeError(f"the simulator took {taken['entries']} of {len(plan)} plans")
        async with target(setup, sim_url, run.base, run.folder, code) as where:
            turns = await run_sessions(where.url, sessions, tools, model)
        state = await stack.sim_get(sim_url + "/_sim/state")
    revision = code.revision if setup.strategy else "–"
    row = report.summarize_agents(
        setup.name,
        [[turn.outcome for turn in session] for session in turns],
        state,
        revision=revision,
        router_status=where.status,
    )
    return {
        "setup": setup.name,
        "kind": AGENTS,
        "strategy": setup.strategy,
        "revision": revision,
        "row": row.to_json(),
        "table": row,
        "sim": _sim_json(state),
        "router": _residency(where.status),
        "outcomes": [
            {
                **_outcome(turn.outcome),
                "promptTokens": turn.prompt_tokens,
                "usagePromptTokens": turn.usage_prompt_tokens,
                "completionTokens": turn.turn.completion_tokens,
            }
            for session in turns
            for turn in session
        ],
    }


def _outcome(outcome: report.Outcome) -> dict[str, Any]:
    return {
        "id": outcome.id,
        "label": outcome.label,
        "status": outcome.status,
        "latencyS": round(outcome.latency_s, 3),
        "model": outcome.model,
        **({"detail": outcome.detail} if outcome.detail else {}),
        **({"code": outcome.code} if outcome.code else {}),
    }


# -- the docs ----------------------------------------------------------------------------


def _server_text(server: stack.ServerSettings, missing: Sequence[str]) -> str:
    context = (
        f"`OLLAMA_CONTEXT_LENGTH` {server.context_length}"
        if server.context_length
        else "no `OLLAMA_CONTEXT_LENGTH` (Ollama's default by VRAM)"
    )
    text = (
        f"parallel {server.parallel}, at most {server.max_loaded} models loaded, {context}, "
        f"KV cache {server.kv_cache_type}"
    )
    if server.gpu_overhead_mb:
        text += f", GPU overhead {server.gpu_overhead_mb} MiB"
    if missing:
        text += f" (this simulator has no flag for {', '.join(missing)}: not applied)"
    return text


def describe(
    count: int,
    rate: float,
    seed: int,
    speeds: stack.SimSpeeds,
    server: stack.ServerSettings,
    *,
    config: str = "examples/gex44.yaml",
    overrides: Sequence[str] = (),
    missing: Sequence[str] = (),
) -> str:
    changed = f"`{config}` with {', '.join(f'`{o}`' for o in overrides)}" if overrides else None
    return (
        f"{count} requests from `tests/data/classification_holdout.jsonl` (stratified over "
        f"the 9 task types, seed {seed}; rows marked *outside mix* have the share of "
        "large-context bodies of the independent set the targets are checked on, 15 of "
        "240, and the other eight types evenly), sent as plain OpenAI chat completions "
        f'(`model: "auto"`, no `router` object, tools kept) by the `openai` SDK '
        f"(timeout {CLIENT_TIMEOUT_S:g} s, no retries) at Poisson arrivals of {rate:g} req/s "
        "unless the row says otherwise, open loop. Answer lengths drawn from each request's "
        "true task type (lognormal, σ 0.5, means: triage 20, simple_chat 150, summarize 200, "
        "code 400, agentic_reasoning 800, large_context 600, tool_use 80 tokens) reach the "
        "simulator as a completion plan the router cannot see. One simulated "
        f"{server.vram_mb} MB GPU per row, fresh, running the Ollama server the config "
        f"states: {_server_text(server, missing)}; load "
        f"{speeds.load_s_per_gb:g} s/GB, generation {speeds.tokens_per_s_gb:g}/GB and prompt "
        f"{speeds.prompt_tokens_per_s_gb:g}/GB tokens/s, keep-alive 5 min. The router "
        f"(`oar serve` with {changed or f'`{config}` as shipped'} but for ports, the job "
        "store and `router.strategy`) reads the card through "
        "a fake `nvidia-smi` every second (`gpu.monitor`: `backend: nvidia-smi`, "
        "`intervalMs: 1000`). *router rev*: the git revision the router ran from (rows "
        "marked *base* ran an older revision's `oar serve`, against the same simulator; "
        "config keys it does not know dropped). *perfect labels* sends each request "
        "straight to the simulator, to the first model of its true task type's route. "
        "*fit*: answered by a model whose `purpose` names the true task type; *split "
        "runs*: answers from a model split between GPU and CPU; latencies are of completed "
        "requests. *truncations*: prompts the simulator cut silently to fit the context; "
        "*num_ctx reloads*: loads again with another context, as the router counted them "
        "and as the simulator did; *load stall*: seconds loads waited for busy models; "
        "n/a: not counted by that revision or simulator."
    )


def describe_agents(sessions: int, turns: int, seed: int) -> str:
    a = agents
    return (
        f"*Coding agents*: {sessions} concurrent Claude Code-shaped sessions of {turns} "
        f'turns (seed {seed}), plain OpenAI chat completions (`model: "auto"`, '
        f"`max_tokens` {a.MAX_TOKENS}, {len(a.TOOL_DEFINITIONS)} tools of about "
        f"{a.tokens(json.dumps(a.tool_definitions(seed))) // 100 * 100} tokens), each "
        "session sending its next turn after the previous answer and a pause (tool run "
        f"~{a.TOOL_PAUSE_MEAN_S:g} s, user ~{a.USER_PAUSE_MEAN_S:g} s). System prompt: "
        f"{a.SHARED_SYSTEM_TOKENS} tokens every session shares, then "
        f"{a.PROJECT_TOKENS[0]}–{a.PROJECT_TOKENS[1]} of the session's own project notes; "
        f"the history grows by each answer ({a.TOOL_SHARE:.0%} tool calls: Read, Bash, "
        "Edit, Grep, …, whose results come back as `tool` messages with a "
        "`<system-reminder>`; else text and a new instruction). A failed turn does not "
        "stop its session, so every setup sends the same turns. *400 context*: "
        "`context_length_exceeded`, no model's real context holds the prompt; *prompt "
        "cached*: prompt tokens the simulator found in a slot's cache; *models per "
        "session*: distinct models that answered a session (`x-router-selected-model`)."
    )


def body_text(
    rows: Sequence[report.Row],
    agent_rows: Sequence[report.AgentRow],
    agents_about: str | None = None,
) -> str:
    """The tables: request rows, then the coding-agent rows (each only when present)."""
    parts = []
    if rows:
        parts.append(report.table(rows))
    if agent_rows:
        if agents_about:
            parts.append(report.wrap(agents_about))
        parts.append(report.agent_table(agent_rows))
    return "\n\n".join(parts)


# -- main --------------------------------------------------------------------------------


def _config_text(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(ROOT))
    return str(path)


async def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=240)
    parser.add_argument(
        "--quick", action="store_true", help="60 requests, agent sessions of 3 turns"
    )
    parser.add_argument("--rate", type=float, default=1.5, help="arrivals per second")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--setups", default=DEFAULT_SETUPS)
    parser.add_argument(
        "--baseline",
        default=DEFAULT_BASELINE,
        help="the git revision a ~base setup runs the router from",
    )
    parser.add_argument("--sessions", type=int, default=4, help="concurrent agent sessions")
    parser.add_argument("--turns", type=int, help="turns per agent session (8; 3 with --quick)")
    parser.add_argument("--config", type=Path, default=stack.GEX44, help="the router's config")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change the config (dotted key, YAML value), like ollama.contextLength=32768",
    )
    parser.add_argument("--out", type=Path, help="write all results as JSON here")
    parser.add_argument("--write-docs", action="store_true", help="update the docs section")
    parser.add_argument("--docs", type=Path, default=DOCS, help=argparse.SUPPRESS)
    parser.add_argument("--instant", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    count = 60 if args.quick else args.requests
    turns = args.turns or (3 if args.quick else 8)
    setups = parse_setups(args.setups, args.rate, args.baseline)
    speeds = replace(stack.SimSpeeds(), instant=args.instant)
    base = stack.load_base(args.config, args.set)
    server = stack.ServerSettings.from_config(base)
    features = stack.Features.detect()
    _, missing = server.flags(features.flags)
    _, slow = speeds.supported(features.flags)
    if slow:
        print(f"the simulator has no flag for {', '.join(slow)}: its defaults apply", flush=True)
    if missing:
        print(f"the simulator has no flag for {', '.join(missing)}: not applied", flush=True)
    items = workload.load_items() if any(not s.agents for s in setups) else []
    results = []
    with (
        tempfile.TemporaryDirectory(prefix="oar-pressure-") as tmp,
        contextlib.ExitStack() as trees,
    ):
        folder = Path(tmp)
        config = folder / "config.yaml"
        config.write_text(yaml.safe_dump(base, sort_keys=False))
        codes: dict[str | None, stack.RouterCode] = {
            None: stack.RouterCode(stack.current_revision())
        }
        for revision in dict.fromkeys(s.revision for s in setups if s.revision):
            code = trees.enter_context(stack.baseline_tree(revision, base))
            codes[revision] = code
            dropped = f", config keys it does not know dropped: {', '.join(code.dropped)}"
            print(f"router ~{revision} = {code.revision}{dropped if code.dropped else ''}")
        run = Run(base, config, server, speeds, features, args.seed, folder, codes)
        sessions = agents.build(args.sessions, turns, args.seed, pauses=not args.instant)
        tools = agents.tool_definitions(args.seed)
        for setup in setups:
            rev = codes[setup.revision].revision if setup.strategy else "no router"
            if setup.agents:
                print(f"{setup.name} [{rev}]: {args.sessions} sessions × {turns} turns", flush=True)
                result = await run_agents(setup, sessions, tools, run)
                print(report.agent_table([result["table"]]).splitlines()[-1], flush=True)
            else:
                requests = workload.build(count, setup.rate, args.seed, items, setup.mix)
                print(f"{setup.name} [{rev}] at {setup.rate:g} req/s: {count} requests", flush=True)
                result = await run_setup(setup, requests, run)
                print(report.table([result["table"]]).splitlines()[-1], flush=True)
            results.append(result)
    tables = [result.pop("table") for result in results]
    rows = [row for row in tables if isinstance(row, report.Row)]
    agent_rows = [row for row in tables if isinstance(row, report.AgentRow)]
    print(body_text(rows, agent_rows))
    if args.out:
        meta = {
            "requests": count,
            "seed": args.seed,
            "rate": args.rate,
            "sessions": args.sessions,
            "turns": turns,
            "config": _config_text(args.config),
            "set": args.set,
            "speeds": asdict(speeds),
            "server": asdict(server),
            "serverNotApplied": missing,
            "speedsNotApplied": slow,
            "simulatorFlags": sorted(features.flags),
            "revisions": {str(k or "this tree"): asdict(v) for k, v in codes.items()},
        }
        args.out.write_text(
            json.dumps({"run": meta, "setups": results}, indent=1, default=str) + "\n"
        )
    if args.write_docs:
        about = describe(
            count,
            args.rate,
            args.seed,
            speeds,
            server,
            config=_config_text(args.config),
            overrides=args.set,
            missing=missing,
        )
        agents_about = describe_agents(args.sessions, turns, args.seed) if agent_rows else None
        text = body_text(rows, agent_rows, agents_about)
        section = report.section(text, command=command_line(args), about=about)
        report.write_section(args.docs, section)
    return results


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces the table (the options that differ from defaults)."""
    parts = [".venv/bin/python bench/pressure.py"]
    if args.quick:
        parts.append("--quick")
    elif args.requests != 240:
        parts.append(f"--requests {args.requests}")
    if args.rate != 1.5:
        parts.append(f"--rate {args.rate:g}")
    if args.seed != 7:
        parts.append(f"--seed {args.seed}")
    if args.setups != DEFAULT_SETUPS:
        parts.append(f"--setups {args.setups}")
    if args.baseline != DEFAULT_BASELINE:
        parts.append(f"--baseline {args.baseline}")
    if args.sessions != 4:
        parts.append(f"--sessions {args.sessions}")
    if args.turns is not None:
        parts.append(f"--turns {args.turns}")
    if args.config.resolve() != stack.GEX44.resolve():
        parts.append(f"--config {_config_text(args.config)}")
    parts.extend(f"--set {item}" for item in args.set)
    return " ".join([*parts, "--write-docs"])


if __name__ == "__main__":
    asyncio.run(main())
