"""Concurrent coding-agent sessions through the Anthropic Messages face, before and after.

``--sessions`` Claude Code-shaped sessions (``pressure_agents``: a ~100 KB system prompt,
a dozen tools, a history that grows by each answer and tool result) run at once, each
sending its next turn a pause after its previous answer, as Claude Code does against
``ANTHROPIC_BASE_URL``: ``POST /v1/messages`` with the ``anthropic`` SDK, streamed,
``max_tokens`` 32000, ``model`` a Claude name (the face maps ``claude-*`` to ``auto``),
``metadata.user_id`` ``user_<hash>_account__session_<uuid>``, system and tool results as
content blocks with ``cache_control`` where Claude Code puts it.

Every setup gets a fresh simulator (the reference: this tree's) and router, started as
``bench/pressure_stack`` starts them, with the Ollama server the config states
(``ollama.contextLength``, ``ollama.numParallel``, ... as simulator flags). A setup is
``name[=model][~rev][+variant...]``:

- ``residency`` (or another ``router.strategy``): ``oar serve`` routing every turn;
- ``pinned``: every session pinned by hand to its best model: ``model`` is the first
  model of the config's route for the session's task (its first turn, classified by
  this tree's classifier); ``pinned=MODEL`` pins every session to ``MODEL``. Through the
  same router, which serves a named model as asked;
- ``~rev``: the router of another git revision (``~base`` is ``--baseline``, default
  ``a913ec4``: before sessions), from a ``git archive`` of its ``src``;
- ``+variant``: a change to the config for that row (``VARIANTS``): ``+parallel2``
  (``ollama.numParallel: 2``), ``+qwen3`` (a second capable model, ``qwen3:8b``).

The default setups: ``residency``, ``residency~base``, ``pinned`` (with gex44 every
session's task routes first to ``gpt-oss:20b``), ``pinned=qwen2.5-coder:7b`` (the model
a user would pin Claude Code to on that box) and ``residency+parallel2``; the "p90 no
worse than pinned" target is checked against the pinned row with the lower p90.

What is reported per setup: the models that answered each session
(``x-router-selected-model``), the turns that moved to another model and why (the
``x-router-session-moved`` header, which carries ``router.session.moveReason`` on a
stream), prompt tokens the simulator re-processed and found cached (``/_sim/state``
``promptTokens``; per turn from the counters of the model that answered, read when its
answer starts: the next turn on a one-slot model cannot start before this one ends),
the share of prompt tokens after each session's first turn served from cache, per-turn
p50/p90, completed turns, 400s and truncations; and the targets: one model per session
unless a move is explained, ≥ 80 % of prompt tokens after the first turn from cache, no
truncation, p90 no worse than pinned. A turn's 400 (the prompt fits no model's context)
does not end its session: every setup sends the same turns.

    .venv/bin/python bench/sessions.py [--quick] [--sessions 4] [--turns 8] [--seed 7]
        [--setups residency,residency~base,pinned,...] [--baseline REV] [--config PATH]
        [--set ollama.numParallel=2] [--out results.json] [--logs DIR] [--write-docs]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import hashlib
import json
import random
import re
import shutil
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Final

import aiohttp
import anthropic
import yaml

import pressure_agents as agents
import pressure_report as report
import pressure_stack as stack

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "performance.md"
SECTION: Final = "Agent sessions (`bench/sessions.py`)"
DEFAULT_SETUPS: Final = (
    "residency,residency~base,pinned,pinned=qwen2.5-coder:7b,residency+parallel2"
)
#: main before sessions (and before the router followed Ollama's scheduler).
DEFAULT_BASELINE: Final = "a913ec4"
BASE: Final = "base"
PINNED: Final = "pinned"
CLIENT_TIMEOUT_S: Final = 300.0
#: What Claude Code sends as ``model`` (the face maps ``claude-*`` to ``auto``).
CLAUDE_MODEL: Final = "claude-sonnet-4-5-20250929"
#: The first line of Claude Code's system prompt, a block of its own.
CLAUDE_IDENTITY: Final = "You are Claude Code, Anthropic's official CLI for Claude."
EPHEMERAL: Final[dict[str, str]] = {"type": "ephemeral"}
#: The Target: share of prompt tokens after the first turn served from cache.
CACHE_TARGET_PCT: Final = 80.0

SELECTED_MODEL: Final = "x-router-selected-model"
SESSION_HEADER: Final = "x-router-session"
MOVED_HEADER: Final = "x-router-session-moved"
TASK_HEADER: Final = "x-router-task-type"
REASON_HEADER: Final = "x-router-decision-reason"


# -- the Messages shape ------------------------------------------------------------------


def user_id(seed: int, session: int) -> str:
    """Claude Code's ``metadata.user_id``: ``user_<hash>_account__session_<uuid>``, one
    user (the seed's) and one session id per session, drawn from the seed."""
    user = hashlib.sha256(f"{seed}:sessions:user".encode()).hexdigest()
    rng = random.Random(f"{seed}:sessions:session:{session}")
    session_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    return f"user_{user}_account__session_{session_id}"


def tool_use_id(call_id: str) -> str:
    """An Anthropic-style id for an OpenAI tool call id (stable, unique per call)."""
    return "toolu_" + hashlib.sha256(call_id.encode()).hexdigest()[:24]


def anthropic_tools(tools: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """OpenAI function tools as Anthropic tools (``name``, ``description``,
    ``input_schema``)."""
    out = []
    for tool in tools:
        function = tool["function"]
        out.append(
            {
                "name": function["name"],
                "description": function.get("description", ""),
                "input_schema": function.get("parameters", {"type": "object"}),
            }
        )
    return out


def _text_block(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text}


def to_messages(
    openai_messages: Sequence[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A ``pressure_agents`` history (OpenAI chat shape) as Claude Code sends it: the
    ``system`` blocks, and the messages with content blocks.

    The system prompt is two text blocks (Claude Code's identity line, then the rest),
    both marked ``cache_control``; an assistant tool call is a ``tool_use`` block after
    the text; a ``tool`` message and the ``<system-reminder>`` user message after it are
    one user message (``tool_result``, then the text); the last message's last block is
    marked ``cache_control``, as Claude Code marks the end of the prompt it sends."""
    system: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    for message in openai_messages:
        role = message["role"]
        content = message.get("content") or ""
        if role == "system":
            if not system:
                system.append({**_text_block(CLAUDE_IDENTITY), "cache_control": EPHEMERAL})
            system.append({**_text_block(content), "cache_control": EPHEMERAL})
        elif role == "assistant":
            blocks = [_text_block(content)] if content else []
            for call in message.get("tool_calls") or []:
                function = call["function"]
                blocks.append(
                    {
                        "type": "tool_use",
                        "id": tool_use_id(call["id"]),
                        "name": function["name"],
                        "input": json.loads(function["arguments"] or "{}"),
                    }
                )
            messages.append({"role": "assistant", "content": blocks})
        elif role == "tool":
            result = {
                "type": "tool_result",
                "tool_use_id": tool_use_id(message["tool_call_id"]),
                "content": content,
            }
            messages.append({"role": "user", "content": [result]})
        elif role == "user":
            if messages and messages[-1]["role"] == "user":
                messages[-1]["content"].append(_text_block(content))  # after its tool result
            else:
                messages.append({"role": "user", "content": [_text_block(content)]})
        else:
            raise ValueError(f"no Messages shape for a {role!r} message")
    if messages and messages[-1]["content"]:
        last = messages[-1]["content"][-1]
        messages[-1]["content"][-1] = {**last, "cache_control": EPHEMERAL}
    return system, messages


@dataclass(frozen=True, slots=True)
class Request:
    """One turn as the SDK sends it (``create(**kwargs)``)."""

    session: int
    turn: int
    kwargs: dict[str, Any]


def request_of(
    turn: agents.Turn, tools: Sequence[Mapping[str, Any]], model: str, seed: int
) -> Request:
    system, messages = to_messages(turn.messages)
    kwargs: dict[str, Any] = {
        "model": model,
        "max_tokens": agents.MAX_TOKENS,
        "system": system,
        "messages": messages,
        "tools": anthropic_tools(tools),
        "metadata": {"user_id": user_id(seed, turn.session)},
        "stream": True,
    }
    return Request(turn.session, turn.index, kwargs)


# -- setups ------------------------------------------------------------------------------


def _parallel2(data: dict[str, Any]) -> dict[str, Any]:
    """Two slots per model (``OLLAMA_NUM_PARALLEL=2``), and two requests at once allowed
    on each model (``maxConcurrent`` caps what the slots allow)."""
    out = copy.deepcopy(data)
    out["ollama"]["numParallel"] = 2
    for model in out["models"]:
        model["maxConcurrent"] = max(2, int(model.get("maxConcurrent", 1)))
    return out


SECOND_MODEL: Final[dict[str, Any]] = {
    "name": "qwen3:8b",
    "sizeGb": 5.2,
    "purpose": ["code_generate", "code_fix", "tool_use", "simple_agent", "agentic_reasoning"],
    "priority": 69,
    "maxConcurrent": 1,
    "defaultContext": 8192,
    "maxContext": 32768,
    "timeoutMs": 180000,
    "costClass": "medium",
    "exclusive": False,
    "allowWhenBusy": True,
}
#: Routes the second capable model joins, after the models they name.
SECOND_ROUTES: Final = ("agentic_reasoning", "large_context", "tool_use", "code_fix")


def _second_model(data: dict[str, Any]) -> dict[str, Any]:
    """A second capable model: ``qwen3:8b`` (tools, 32k context) on the agent routes."""
    out = copy.deepcopy(data)
    if not any(m["name"] == SECOND_MODEL["name"] for m in out["models"]):
        out["models"].append(copy.deepcopy(SECOND_MODEL))
    for route in SECOND_ROUTES:
        models = out["routes"].setdefault(route, [])
        if SECOND_MODEL["name"] not in models:
            models.append(SECOND_MODEL["name"])
    return out


VARIANTS: Final[dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]]] = {
    "parallel2": ("`ollama.numParallel: 2`", _parallel2),
    "qwen3": ("`qwen3:8b` added to the agent routes", _second_model),
}


@dataclass(frozen=True, slots=True)
class Setup:
    """``strategy``: the ``router.strategy``; ``pinned``: None (routed), ``""`` (each
    session's best model) or a model name; ``revision``: git revision of the router
    (None: this tree); ``variants``: names in ``VARIANTS``."""

    spec: str
    strategy: str
    pinned: str | None = None
    revision: str | None = None
    variants: tuple[str, ...] = ()
    #: ``~base``: the revision is ``--baseline``.
    base: bool = False

    @property
    def name(self) -> str:
        if self.pinned is None:
            label = self.strategy
        else:
            label = f"pinned ({self.pinned})" if self.pinned else "pinned (best model)"
        if self.revision:
            label += ", base" if self.base else f", ~{self.revision}"
        for variant in self.variants:
            label += f", {variant}"
        return label

    def config(self, base: dict[str, Any]) -> dict[str, Any]:
        out = base
        for variant in self.variants:
            out = VARIANTS[variant][1](out)
        return out


STRATEGIES: Final = ("residency", "reference")


def parse_setups(text: str, baseline: str = DEFAULT_BASELINE) -> list[Setup]:
    """``name[=model][~rev][+variant...]``, comma-separated."""
    out = []
    for spec in filter(None, (part.strip() for part in text.split(","))):
        head, *variants = spec.split("+")
        head, tilde, revision = head.partition("~")
        name, equals, model = head.partition("=")
        if tilde and not revision:
            raise ValueError(f"{spec!r}: a revision after ~ (like ~base or ~a913ec4)")
        for variant in variants:
            if variant not in VARIANTS:
                raise ValueError(f"{spec!r}: unknown variant {variant!r}: {', '.join(VARIANTS)}")
        if name == PINNED:
            pinned: str | None = model
            strategy = "residency"
        elif name in STRATEGIES:
            if equals:
                raise ValueError(f"{spec!r}: only pinned takes =MODEL")
            pinned, strategy = None, name
        else:
            raise ValueError(f"unknown setup {name!r}: {', '.join((*STRATEGIES, PINNED))}")
        if equals and not model:
            raise ValueError(f"{spec!r}: a model after pinned=")
        rev = (baseline if revision == BASE else revision) or None
        out.append(Setup(spec, strategy, pinned, rev, tuple(variants), revision == BASE))
    return out


def best_models(
    base: Mapping[str, Any], sessions: Sequence[agents.Session], tools: list[dict[str, Any]]
) -> tuple[list[str], list[str]]:
    """Each session's task (its first turn, classified by this tree's classifier in the
    config's mode) and the first model of that task's route."""
    from ollama_agent_router.classification import ClassifierInput, get_classifier

    mode = str(base.get("router", {}).get("classification", {}).get("mode", "enhanced"))
    classifier = get_classifier(mode)
    tasks = []
    for session in sessions:
        first = session.turns[0]
        label = classifier.classify(ClassifierInput(messages=first.messages, tools=tools))
        tasks.append(label.task_type)
    routes = base["routes"]
    default = base.get("router", {}).get("defaultTaskType", "unknown")
    return tasks, [routes.get(task, routes.get(default))[0] for task in tasks]


# -- per-turn cache accounting -----------------------------------------------------------


def model_counters(state: Mapping[str, Any], model: str) -> tuple[int, int] | None:
    """(cached, processed) prompt tokens of ``model`` in ``/_sim/state`` (None: absent)."""
    by_model = (state.get("promptTokens") or {}).get("byModel") or {}
    entry = by_model.get(model)
    if entry is None:  # a spelling the simulator completes (``:latest``)
        entry = next((v for k, v in by_model.items() if k.split(":")[0] == model), None)
    if not isinstance(entry, Mapping):
        return None
    return int(entry.get("cached", 0)), int(entry.get("processed", 0))


@dataclass(slots=True)
class Ledger:
    """The simulator's per-model prompt counters as last read: each read's difference is
    the turns that started on that model since the previous read."""

    seen: dict[str, tuple[int, int]] = field(default_factory=dict)

    def update(self, model: str, counters: tuple[int, int]) -> tuple[int, int]:
        """The (cached, processed) tokens added on ``model`` since the last read."""
        cached, processed = counters
        before = self.seen.get(model, (0, 0))
        self.seen[model] = (max(before[0], cached), max(before[1], processed))
        return max(0, cached - before[0]), max(0, processed - before[1])


class SimCounters:
    """Reads ``/_sim/state`` when a turn's answer starts, one read at a time per model."""

    def __init__(self, sim_url: str, http: aiohttp.ClientSession) -> None:
        self.url = sim_url + "/_sim/state"
        self.http = http
        self.ledger = Ledger()
        self.locks: dict[str, asyncio.Lock] = {}

    async def take(self, model: str) -> tuple[int, int] | None:
        lock = self.locks.setdefault(model, asyncio.Lock())
        async with lock:
            try:
                async with self.http.get(self.url) as reply:
                    state = await reply.json()
            except aiohttp.ClientError:
                return None
            counters = model_counters(state, model)
            return None if counters is None else self.ledger.update(model, counters)


# -- one turn, one session ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TurnResult:
    """One turn as the client saw it. ``status``: "200", another HTTP status, "timeout",
    "connection" or "cut" (the stream ended without ``message_stop``)."""

    session: int
    turn: int
    status: str
    latency_s: float
    model: str | None = None
    #: ``x-router-session-moved``: why the turn left the session's model.
    moved: str | None = None
    router_session: str | None = None
    task: str | None = None
    #: ``x-router-decision-reason``.
    reason: str | None = None
    #: ``usage.input_tokens`` as the answer reported it.
    input_tokens: int | None = None
    #: Prompt tokens the simulator found cached / evaluated for this turn.
    cached: int | None = None
    processed: int | None = None
    first_event_s: float | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "200"

    @property
    def id(self) -> str:
        return f"s{self.session}-t{self.turn}"


def _failure(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, anthropic.APITimeoutError):
        return "timeout", ""
    if isinstance(exc, anthropic.APIStatusError):
        return str(exc.status_code), str(exc.message)[:300]
    if isinstance(exc, anthropic.APIConnectionError):
        return "connection", str(exc)[:300]
    return "error", str(exc)[:300]


async def send_turn(
    client: anthropic.AsyncAnthropic, request: Request, counters: SimCounters
) -> TurnResult:
    """One streamed turn: headers, the simulator's counters for it, then the events."""
    started = time.perf_counter()
    base = TurnResult(request.session, request.turn, "200", 0.0)
    out = base
    try:
        create: Any = client.messages.with_raw_response.create
        raw = await create(**request.kwargs)
        headers = raw.headers
        model = headers.get(SELECTED_MODEL)
        delta = await counters.take(model) if model else None
        out = replace(
            out,
            model=model,
            moved=headers.get(MOVED_HEADER),
            router_session=headers.get(SESSION_HEADER),
            task=headers.get(TASK_HEADER),
            reason=headers.get(REASON_HEADER),
            cached=None if delta is None else delta[0],
            processed=None if delta is None else delta[1],
        )
        stream = await raw.parse()
        stopped, first = False, None
        async for event in stream:
            if first is None:
                first = time.perf_counter() - started
            if event.type == "message_start":
                out = replace(out, input_tokens=event.message.usage.input_tokens)
            elif event.type == "message_stop":
                stopped = True
        out = replace(out, first_event_s=first)
        if not stopped:
            out = replace(out, status="cut")
    except (anthropic.APIError, aiohttp.ClientError) as exc:
        status, detail = _failure(exc)
        out = replace(out, status=status, detail=detail)
    return replace(out, latency_s=time.perf_counter() - started)


async def run_sessions(
    base_url: str,
    sim_url: str,
    sessions: Sequence[agents.Session],
    requests: Sequence[Sequence[Request]],
    *,
    log_every_s: float = 30.0,
) -> list[list[TurnResult]]:
    """Closed loop per session: each turn leaves its pause after the previous answer."""
    client = anthropic.AsyncAnthropic(
        base_url=base_url, api_key="unused", timeout=CLIENT_TIMEOUT_S, max_retries=0
    )
    done: list[TurnResult] = []
    total = sum(len(one) for one in requests)

    async def session(one: agents.Session, mine: Sequence[Request]) -> list[TurnResult]:
        out = []
        for turn, request in zip(one.turns, mine, strict=True):
            await asyncio.sleep(turn.pause_s)
            out.append(await send_turn(client, request, counters))
            done.append(out[-1])
        return out

    async def progress() -> None:
        start = time.monotonic()
        while True:
            await asyncio.sleep(log_every_s)
            ok = sum(turn.ok for turn in done)
            print(
                f"    {time.monotonic() - start:5.0f} s: {len(done)}/{total} turns, {ok} answered"
            )

    async with client, aiohttp.ClientSession() as http:
        counters = SimCounters(sim_url, http)
        ticker = asyncio.create_task(progress())
        try:
            return list(
                await asyncio.gather(
                    *(session(one, mine) for one, mine in zip(sessions, requests, strict=True))
                )
            )
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker


# -- the report --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Move:
    """A turn answered by another model than its session's previous answered turn."""

    session: int
    turn: int
    before: str
    after: str
    #: ``x-router-session-moved`` (None: the router did not say).
    reason: str | None


def move_code(reason: str | None) -> str:
    """A short name for a move reason sentence (the router's ``_move_reason``)."""
    if reason is None:
        return "unexplained"
    if reason.startswith("expected to finish sooner"):
        return "sooner"
    if reason.startswith("fallback"):
        return "fallback"
    if "is not a candidate" in reason:
        return "not_candidate"
    if "cannot take it" in reason:
        return "blocked"
    return "other"


def moves_of(turns: Sequence[TurnResult]) -> list[Move]:
    """One session's moves, in turn order (failed turns are skipped)."""
    out: list[Move] = []
    previous: str | None = None
    for turn in turns:
        if not turn.ok or not turn.model:
            continue
        if previous is not None and turn.model != previous:
            out.append(Move(turn.session, turn.turn, previous, turn.model, turn.moved))
        previous = turn.model
    return out


def models_of(turns: Sequence[TurnResult]) -> list[str]:
    """The distinct models that answered a session, in the order they first did."""
    return list(dict.fromkeys(t.model for t in turns if t.ok and t.model))


def cache_share(turns: Sequence[TurnResult], *, after_first: bool = True) -> tuple[int, int]:
    """(cached, processed) prompt tokens over ``turns``, without each session's first
    turn when ``after_first`` (turns with no reading count nothing)."""
    cached = processed = 0
    for turn in turns:
        if after_first and turn.turn == 0:
            continue
        cached += turn.cached or 0
        processed += turn.processed or 0
    return cached, processed


def pct(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclass(frozen=True, slots=True)
class Row:
    setup: str
    revision: str
    sessions: int
    turns: int
    completed_pct: float
    errors: dict[str, int]
    bad_requests: int
    truncations: int | None
    p50_s: float | None
    p90_s: float | None
    #: Per session, the models that answered it.
    models: list[list[str]]
    moves: list[Move]
    #: The simulator's totals over the run (None: it does not count them).
    prompt_cached: int | None
    prompt_processed: int | None
    #: Attributed to turns, without each session's first turn.
    after_first_cached: int
    after_first_processed: int
    loads: int
    evictions: int
    #: Models the pinned sessions asked for (None: routed).
    pinned: list[str] | None = None
    #: Slots per model (``ollama.numParallel``): above 1, two turns on one model may
    #: start between two reads, and the per-turn split is approximate (totals are not).
    slots: int = 1

    @property
    def cached_pct(self) -> float | None:
        if self.prompt_cached is None or self.prompt_processed is None:
            return None
        return pct(self.prompt_cached, self.prompt_cached + self.prompt_processed)

    @property
    def after_first_pct(self) -> float | None:
        total = self.after_first_cached + self.after_first_processed
        return pct(self.after_first_cached, total)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["cachedPct"] = self.cached_pct
        out["afterFirstCachedPct"] = self.after_first_pct
        return out


def summarize(
    setup: str,
    results: Sequence[Sequence[TurnResult]],
    sim_state: Mapping[str, Any],
    *,
    revision: str,
    pinned: list[str] | None = None,
    slots: int = 1,
) -> Row:
    turns = [turn for session in results for turn in session]
    done = [turn for turn in turns if turn.ok]
    latencies = [turn.latency_s for turn in done]
    errors = Counter(turn.status for turn in turns if not turn.ok)
    signals = report.Signals.read(sim_state, None)
    after_cached, after_processed = cache_share(turns)
    return Row(
        setup=setup,
        revision=revision,
        sessions=len(results),
        turns=len(turns),
        completed_pct=100 * len(done) / len(turns) if turns else 0.0,
        errors=dict(sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))),
        bad_requests=errors.get("400", 0),
        truncations=signals.truncations,
        p50_s=report.percentile(latencies, 50),
        p90_s=report.percentile(latencies, 90),
        models=[models_of(session) for session in results],
        moves=[move for session in results for move in moves_of(session)],
        prompt_cached=signals.prompt_cached,
        prompt_processed=signals.prompt_processed,
        after_first_cached=after_cached,
        after_first_processed=after_processed,
        loads=int(sim_state.get("loads", 0)),
        evictions=int(sim_state.get("evictions", 0)),
        pinned=pinned,
        slots=slots,
    )


def models_text(models: Sequence[Sequence[str]]) -> str:
    """Sessions grouped by the models that answered them: ``4 × qwen2.5-coder:7b`` or
    ``3 × qwen2.5-coder:7b; 1 × qwen2.5-coder:7b → gpt-oss:20b``."""
    groups = Counter(" → ".join(one) or "none" for one in models)
    return "; ".join(f"{n} × {name}" for name, n in groups.most_common())


def moves_text(moves: Sequence[Move]) -> str:
    if not moves:
        return "0"
    codes = Counter(move_code(move.reason) for move in moves)
    return f"{len(moves)}: " + ", ".join(f"{code} ×{n}" for code, n in codes.most_common())


def _tokens(value: int | None) -> str:
    return report.NA if value is None else f"{value / 1000:.0f}k"


def _pct_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| setup | router rev | models per session | moves | prompt processed / cached "
        "| cached after turn 1 | p50 s/turn | p90 s/turn | completed | errors | 400s "
        "| truncations | loads |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        errors = ", ".join(f"{k} ×{n}" for k, n in row.errors.items()) or "none"
        lines.append(
            f"| {row.setup} | {row.revision} | {models_text(row.models)} "
            f"| {moves_text(row.moves)} "
            f"| {_tokens(row.prompt_processed)} / {_tokens(row.prompt_cached)} "
            f"({_pct_text(row.cached_pct)}) | {'≈ ' if row.slots > 1 else ''}"
            f"{_pct_text(row.after_first_pct)} "
            f"| {_seconds(row.p50_s)} | {_seconds(row.p90_s)} | {row.completed_pct:.0f} % "
            f"| {errors} | {row.bad_requests} | {report._count(row.truncations)} "
            f"| {row.loads} |"
        )
    return "\n".join(lines)


def move_lines(rows: Sequence[Row]) -> list[str]:
    """One line per setup that moved a session: which turn, from where to where, why."""
    out = []
    for row in rows:
        if not row.moves:
            continue
        parts = [
            f"s{m.session} turn {m.turn + 1} {m.before} → {m.after} "
            f"({m.reason or 'no reason given'})"
            for m in row.moves
        ]
        out.append(f"- *{row.setup}*: " + "; ".join(parts))
    return out


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool | None
    detail: str


def checks(row: Row, pinned: Row | None) -> list[Check]:
    """The Target, for one routed setup."""
    unexplained = [m for m in row.moves if m.reason is None]
    one_model = all(len(models) <= 1 for models in row.models)
    share = row.after_first_pct
    out = [
        Check(
            "one model per session unless a move is explained",
            one_model or not unexplained,
            f"{len(row.moves)} moves, {len(unexplained)} unexplained",
        ),
        Check(
            f"≥ {CACHE_TARGET_PCT:.0f} % of prompt tokens after turn 1 from cache",
            None if share is None else share >= CACHE_TARGET_PCT,
            _pct_text(share),
        ),
        Check(
            "no truncation",
            None if row.truncations is None else row.truncations == 0,
            report._count(row.truncations),
        ),
    ]
    if pinned is not None and pinned is not row:
        ok = None
        if row.p90_s is not None and pinned.p90_s is not None:
            ok = row.p90_s <= pinned.p90_s
        out.append(
            Check(
                f"p90 no worse than {pinned.setup}",
                ok,
                f"{_seconds(row.p90_s)} s vs {_seconds(pinned.p90_s)} s",
            )
        )
    return out


def best_pinned(rows: Sequence[Row]) -> Row | None:
    """The pinned row with the lowest p90: pinning every session to its best model by
    hand is at least as good as the best of the pinnings tried."""
    pinned = [row for row in rows if row.pinned is not None and row.p90_s is not None]
    return min(pinned, key=lambda row: row.p90_s or 0.0, default=None)


def check_lines(rows: Sequence[Row]) -> list[str]:
    pinned = best_pinned(rows)
    out = []
    for row in rows:
        if row.pinned is not None:
            continue
        marks = [
            f"{c.name}: {c.detail} {'✓' if c.ok else '✗' if c.ok is False else '?'}"
            for c in checks(row, pinned)
        ]
        out.append(f"- *{row.setup}* ({row.revision}): " + "; ".join(marks))
    return out


# -- one setup ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    base: dict[str, Any]
    speeds: stack.SimSpeeds
    features: stack.Features
    seed: int
    folder: Path
    codes: Mapping[str | None, stack.RouterCode]
    sessions: list[agents.Session]
    tools: list[dict[str, Any]]
    #: Each session's best model (``pinned`` without a model).
    best: list[str]


async def run_setup(setup: Setup, run: Run) -> dict[str, Any]:
    """One setup on a fresh simulator and router."""
    data = setup.config(run.base)
    server = stack.ServerSettings.from_config(data)
    config = run.folder / f"config-{len(list(run.folder.glob('config-*.yaml')))}.yaml"
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    code = run.codes[setup.revision]
    if setup.pinned is None:
        models = [CLAUDE_MODEL] * len(run.sessions)
    else:
        models = [setup.pinned] * len(run.sessions) if setup.pinned else list(run.best)
    requests = [
        [request_of(turn, run.tools, models[s.index], run.seed) for turn in s.turns]
        for s in run.sessions
    ]
    async with stack.simulator(
        run.speeds, server, run.folder, run.seed, config=config, features=run.features
    ) as sim_url:
        plan = agents.plan_of(run.sessions)
        taken = await stack.sim_post(sim_url + "/_sim/plan", {"completions": plan})
        if taken["entries"] != len(plan):
            raise RuntimeError(f"the simulator took {taken['entries']} of {len(plan)} plans")
        async with stack.router(data, sim_url, setup.strategy, run.folder, code) as url:
            results = await run_sessions(url, sim_url, run.sessions, requests)
            status = await stack.router_status(url)
        state = await stack.sim_get(sim_url + "/_sim/state")
        hits = (await stack.sim_get(sim_url + "/_sim/plan")).get("hits")
    row = summarize(
        setup.name,
        results,
        state,
        revision=code.revision,
        pinned=None if setup.pinned is None else models,
        slots=server.parallel,
    )
    return {
        "setup": setup.name,
        "spec": setup.spec,
        "revision": code.revision,
        "server": asdict(server),
        "row": row.to_json(),
        "table": row,
        "planHits": hits,
        "sim": {k: v for k, v in state.items() if k not in ("marks", "faultsFired")},
        "router": _residency(status),
        "turns": [asdict(turn) for session in results for turn in session],
    }


def keep_logs(folder: Path, logs: Path | None, index: int, setup: Setup) -> None:
    """Move the logs of the setup that just ran to ``logs/<index>-<spec>/``."""
    if logs is None:
        return
    target = logs / f"{index}-{re.sub(r'[^A-Za-z0-9.-]+', '_', setup.spec)}"
    target.mkdir(parents=True, exist_ok=True)
    for log in folder.glob("*.log"):
        shutil.move(log, target / log.name)


def _residency(status: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The router's own counters: loads and evictions it caused, sessions (moves and
    expected cache misses by reason)."""
    if status is None:
        return None
    residency = status.get("residency") or {}
    keys = (
        "loadsCaused",
        "evictionsCaused",
        "reloads",
        "loadStallS",
        "lateBindingMoves",
        "sessions",
    )
    return {key: residency[key] for key in keys if key in residency}


# -- the docs ----------------------------------------------------------------------------


def describe(
    sessions: int,
    turns: int,
    seed: int,
    speeds: stack.SimSpeeds,
    server: stack.ServerSettings,
    *,
    config: str,
    overrides: Sequence[str],
    tasks: Sequence[str],
    best: Sequence[str],
    variants: Sequence[str],
) -> str:
    a = agents
    changed = f"`{config}` with {', '.join(f'`{o}`' for o in overrides)}" if overrides else None
    tool_tokens = a.tokens(json.dumps(anthropic_tools(a.tool_definitions(seed)))) // 100 * 100
    task_text = ", ".join(sorted(set(tasks)))
    best_text = ", ".join(sorted(set(best)))
    variant_text = "".join(f" *{name}*: {VARIANTS[name][0]}." for name in variants)
    return (
        f"{sessions} concurrent Claude Code-shaped sessions of {turns} turns (seed {seed}; "
        "`bench/pressure_agents.py`'s sessions in the Messages shape), each sent as Claude "
        "Code sends it: `POST /v1/messages` with the `anthropic` SDK, streamed, "
        f"`model: {CLAUDE_MODEL}` (the face maps `claude-*` to `auto`), `max_tokens` "
        f"{a.MAX_TOKENS}, `metadata.user_id` `user_<hash>_account__session_<uuid>`, a system "
        f"prompt of {a.SHARED_SYSTEM_TOKENS} shared tokens plus {a.PROJECT_TOKENS[0]}–"
        f"{a.PROJECT_TOKENS[1]} of the session's own notes (~80–100 KB), "
        f"{len(a.TOOL_DEFINITIONS)} tools (~{tool_tokens} tokens) and a history that grows "
        "by each answer (mostly tool calls whose `tool_result` comes back with a "
        "`<system-reminder>`); each session's next turn leaves after its previous answer "
        f"and a pause (tool ~{a.TOOL_PAUSE_MEAN_S:g} s, user ~{a.USER_PAUSE_MEAN_S:g} s). "
        "Answer lengths reach the simulator as a completion plan. One fresh simulated "
        f"{server.vram_mb} MB GPU and router per row, the Ollama server as the config "
        f"states it: `OLLAMA_NUM_PARALLEL` {server.parallel}, `OLLAMA_CONTEXT_LENGTH` "
        f"{server.context_length}, at most {server.max_loaded} models loaded; load "
        f"{speeds.load_s_per_gb:g} s/GB, generation {speeds.tokens_per_s_gb:g}/GB and prompt "
        f"{speeds.prompt_tokens_per_s_gb:g}/GB tokens/s, only a prompt's uncached suffix "
        "costs prompt time (the simulator counts a prompt's message texts: tools and "
        "tool-call arguments, which Ollama renders too, are not in it). The router: "
        f"`oar serve` with {changed or f'`{config}`'} but "
        "for ports and the job store; rows marked *base* ran an older revision's router "
        "against the same simulator. *pinned (best model)*: every session sends `model` = "
        f"the first model of the route of its task ({task_text} → {best_text}), through "
        "the same router, which serves a named model as pinned; *pinned (MODEL)*: every "
        f"session pinned to MODEL.{variant_text} *models per session*: the models that "
        "answered each session (`x-router-selected-model`), grouped; *moves*: turns "
        "answered by another model than the session's previous one, by the reason in "
        "`x-router-session-moved` (`router.session.moveReason`; *unexplained*: none "
        "given); *prompt processed / cached*: the simulator's `promptTokens` over the run; "
        "*cached after turn 1*: the same for every turn but each session's first, read "
        "from the answering model's counters when the answer starts (≈: with two slots "
        "two turns may start on one model between two reads, so the split between first "
        "and later turns is approximate); latencies per turn "
        "(request to `message_stop`) of completed turns; *truncations*: prompts the "
        "simulator cut to fit the context."
    )


def section(text: str, *, command: str, about: str) -> str:
    return f"## {SECTION}\n\n{report.wrap(about)}\n\n    {command}\n\n{text}\n"


def write_section(path: Path, text: str) -> None:
    """Put the section in ``path``: in place of the old one, else at the end."""
    doc = path.read_text() if path.exists() else "# Performance notes\n"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(doc):
        doc = pattern.sub(lambda _: text + "\n", doc, count=1).rstrip("\n") + "\n"
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    path.write_text(doc)


def body_text(rows: Sequence[Row]) -> str:
    parts = [table(rows)]
    moves = move_lines(rows)
    if moves:
        parts.append("Moves:\n\n" + "\n".join(moves))
    targets = check_lines(rows)
    if targets:
        parts.append("Targets:\n\n" + "\n".join(targets))
    return "\n\n".join(parts)


def command_line(args: argparse.Namespace) -> str:
    parts = [".venv/bin/python bench/sessions.py"]
    if args.quick:
        parts.append("--quick")
    if args.sessions != 4:
        parts.append(f"--sessions {args.sessions}")
    if args.turns is not None:
        parts.append(f"--turns {args.turns}")
    if args.seed != 7:
        parts.append(f"--seed {args.seed}")
    if args.setups != DEFAULT_SETUPS:
        parts.append(f"--setups {args.setups}")
    if args.baseline != DEFAULT_BASELINE:
        parts.append(f"--baseline {args.baseline}")
    if args.config.resolve() != stack.GEX44.resolve():
        parts.append(f"--config {_config_text(args.config)}")
    parts.extend(f"--set {item}" for item in args.set)
    return " ".join([*parts, "--write-docs"])


def router_revision() -> str:
    """This tree's router: the last commit that changed ``src`` (``+`` when ``src`` has
    changes not committed), so a row names the router's code, not the bench's."""
    try:
        head = stack.git("log", "-1", "--format=%h", "--", "src")
        dirty = stack.git("status", "--porcelain", "--", "src")
    except (OSError, RuntimeError):
        return stack.current_revision()
    return head + ("+" if dirty else "")


def _config_text(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(ROOT))
    return str(path)


# -- main --------------------------------------------------------------------------------


async def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=4, help="concurrent agent sessions")
    parser.add_argument("--turns", type=int, help="turns per session (8; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="sessions of 3 turns")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--setups", default=DEFAULT_SETUPS)
    parser.add_argument(
        "--baseline", default=DEFAULT_BASELINE, help="the revision a ~base setup runs"
    )
    parser.add_argument("--config", type=Path, default=stack.GEX44, help="the router's config")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change the config (dotted key, YAML value), like ollama.numParallel=2",
    )
    parser.add_argument("--out", type=Path, help="write all results as JSON here")
    parser.add_argument("--logs", type=Path, help="keep each setup's router and simulator logs")
    parser.add_argument("--write-docs", action="store_true", help="update the docs section")
    parser.add_argument("--docs", type=Path, default=DOCS, help=argparse.SUPPRESS)
    parser.add_argument("--instant", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--from-json", type=Path, help="print (and --write-docs) an earlier run's --out"
    )
    args = parser.parse_args(argv)
    turns = args.turns or (3 if args.quick else 8)
    setups = parse_setups(args.setups, args.baseline)
    speeds = replace(stack.SimSpeeds(), instant=args.instant)
    base = stack.load_base(args.config, args.set)
    features = stack.Features.detect()
    server = stack.ServerSettings.from_config(base)
    _, missing = server.flags(features.flags)
    if missing:
        print(f"the simulator has no flag for {', '.join(missing)}: not applied", flush=True)
    sessions = agents.build(args.sessions, turns, args.seed, pauses=not args.instant)
    tools = agents.tool_definitions(args.seed)
    tasks, best = best_models(base, sessions, tools)
    print(f"sessions' tasks: {tasks}; best models: {best}", flush=True)
    if args.from_json:  # the tables and docs of an earlier run (its --out), not run again
        results: list[dict[str, Any]] = json.loads(args.from_json.read_text())["setups"]
        rows = [row_of(result["row"]) for result in results]
    else:
        results, rows = await run_all(args, setups, base, speeds, features, sessions, tools, best)
    text = body_text(rows)
    print(text)
    if args.out and not args.from_json:
        meta = {
            "sessions": args.sessions,
            "turns": turns,
            "seed": args.seed,
            "config": _config_text(args.config),
            "set": args.set,
            "speeds": asdict(speeds),
            "tasks": tasks,
            "best": best,
        }
        args.out.write_text(
            json.dumps({"run": meta, "setups": results}, indent=1, default=str) + "\n"
        )
    if args.write_docs:
        variants = list(dict.fromkeys(v for s in setups for v in s.variants))
        about = describe(
            args.sessions,
            turns,
            args.seed,
            speeds,
            server,
            config=_config_text(args.config),
            overrides=args.set,
            tasks=tasks,
            best=best,
            variants=variants,
        )
        write_section(args.docs, section(text, command=command_line(args), about=about))
    return results


async def run_all(
    args: argparse.Namespace,
    setups: Sequence[Setup],
    base: dict[str, Any],
    speeds: stack.SimSpeeds,
    features: stack.Features,
    sessions: list[agents.Session],
    tools: list[dict[str, Any]],
    best: list[str],
) -> tuple[list[dict[str, Any]], list[Row]]:
    """Every setup, one after the other: the JSON results and the table rows."""
    results: list[dict[str, Any]] = []
    turns = len(sessions[0].turns)
    with (
        tempfile.TemporaryDirectory(prefix="oar-sessions-") as tmp,
        contextlib.ExitStack() as trees,
    ):
        folder = Path(tmp)
        codes: dict[str | None, stack.RouterCode] = {None: stack.RouterCode(router_revision())}
        for revision in dict.fromkeys(s.revision for s in setups if s.revision):
            code = trees.enter_context(stack.baseline_tree(revision, base))
            codes[revision] = code
            dropped = f", config keys it does not know dropped: {', '.join(code.dropped)}"
            print(f"router ~{revision} = {code.revision}{dropped if code.dropped else ''}")
        run = Run(base, speeds, features, args.seed, folder, codes, sessions, tools, best)
        for setup in setups:
            rev = codes[setup.revision].revision
            print(f"{setup.name} [{rev}]: {args.sessions} sessions × {turns} turns", flush=True)
            started = time.monotonic()
            result = await run_setup(setup, run)
            result["wallS"] = round(time.monotonic() - started, 1)
            keep_logs(folder, args.logs, len(results), setup)
            print(table([result["table"]]).splitlines()[-1], flush=True)
            results.append(result)
    rows: list[Row] = [result.pop("table") for result in results]
    return results, rows


def row_of(data: Mapping[str, Any]) -> Row:
    """A ``Row`` back from its JSON (``Row.to_json``)."""
    names = {f.name for f in fields(Row)}
    values = {key: value for key, value in data.items() if key in names}
    values["moves"] = [Move(**move) for move in values.get("moves", [])]
    return Row(**values)


if __name__ == "__main__":
    asyncio.run(main())
