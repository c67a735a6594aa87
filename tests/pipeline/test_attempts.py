"""The one attempts loop (``Gateway._attempts``), table-tested in process.

A real ``Gateway`` built as the server builds it (``opened_services``: real scheduler,
routing, live state, jobs) from ``examples/gex44.yaml``, in front of a scripted
``FakeUpstream``: no sockets, no simulator. Each row pins what the loop does today:
which models it calls in which order, the attempts it records, the error it raises
(status and code), and that it leaves no scheduler ticket behind.

The candidate order is forced with ``router.preferredModels`` (preferred models come
first whatever their estimate), and each row checks it before running.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from ollama_agent_router.backend.ollama.errors import OllamaStreamError
from ollama_agent_router.composition import Overrides, Services, opened_services
from ollama_agent_router.config import parse_config
from ollama_agent_router.errors import RouterError
from ollama_agent_router.jobs.model import Job
from ollama_agent_router.pipeline.gateway import Attempt, ConvertedToJob, StreamResult
from ollama_agent_router.pipeline.planning import Plan
from ollama_agent_router.scheduling import Ticket
from support.fake_upstream import (
    HANG,
    Break,
    FakeUpstream,
    Step,
    answer,
    bad_json,
    bad_request,
    busy,
    fail,
    http,
    no_tools,
    not_found,
    rate_limited,
    refused,
    server_error,
    stream_broke,
    timed_out,
)
from support.stack import gex44_data

QWEN = "qwen2.5-coder:7b"
DEEPSEEK = "deepseek-coder:6.7b"
GPT = "gpt-oss:20b"
TWO = (QWEN, DEEPSEEK)
THREE = (GPT, DEEPSEEK, QWEN)
MESSAGES = [{"role": "user", "content": "write a function that adds two numbers"}]
SAFETY_MS = 2000
"""Every row's execution deadline unless it sets one: a row that waits by mistake fails
in seconds, not after ``queue.timeoutMs``."""
USER = "tester"
GEX44 = gex44_data()
"""Read once: each row changes a deep copy."""


# -- the rig -------------------------------------------------------------------------------


@asynccontextmanager
async def routed(
    upstream: FakeUpstream,
    *,
    timeouts: Mapping[str, int] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AsyncIterator[Services]:
    """The router's services in front of ``upstream``: gex44 with per-model ``timeoutMs``
    from ``timeouts`` and dotted config ``changes``. Leaving it normally asserts the
    invariant of every row: no running and no waiting ticket."""
    data = copy.deepcopy(GEX44)
    for dotted, value in {"jobs.retryBackoffMs": 0, **(changes or {})}.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            node = node[key]
        node[last] = value
    for model in data["models"]:
        if timeouts and model["name"] in timeouts:
            model["timeoutMs"] = timeouts[model["name"]]
    overrides = Overrides(upstream=upstream, shutdown_grace_s=0.1)
    async with opened_services(parse_config(data), overrides) as services:
        yield services
        scheduler = services.scheduler
        assert (scheduler.total_running, scheduler.total_queued) == (0, 0), scheduler.snapshot()


def chat(order: Sequence[str], *, stream: bool = False, **router: Any) -> dict[str, Any]:
    """A chat body whose candidates come in ``order`` (one model: pinned, no fallback)."""
    options: dict[str, Any] = {
        "taskType": "code_generate",
        "mode": "sync",
        "maxExecutionTimeMs": SAFETY_MS,
        **router,
    }
    body: dict[str, Any] = {"messages": MESSAGES, "stream": stream, "router": options}
    if len(order) == 1:
        body["model"] = order[0]
    else:
        options["preferredModels"] = list(order)
    return body


async def planned(services: Services, body: dict[str, Any], order: Sequence[str]) -> Plan:
    plan = await services.gateway.plan(body)
    assert services.gateway.fallback_order(plan.decision) == list(order)
    return plan


def attempts_of(attempts: Sequence[Attempt]) -> list[tuple[str, int | None, str]]:
    return [(a.model, a.status, a.error) for a in attempts]


def assert_calls(upstream: FakeUpstream, models: Sequence[str], *, stream: bool = False) -> None:
    """The backend got exactly these calls, in this order, each with the body for its
    model (the ``router`` object left out, the client's messages untouched)."""
    assert upstream.models == list(models)
    for call in upstream.calls:
        assert call.kind == ("chat_stream" if stream else "chat_raw")
        assert call.body["model"] == call.model
        assert call.body["stream"] is stream
        assert call.body["messages"] == MESSAGES
        assert "router" not in call.body


def occupy(services: Services, *models: str) -> dict[str, Ticket]:
    """Another user's running request on each model (its one slot taken)."""
    tickets = {m: services.scheduler.enqueue(m, user="someone-else", weight=50) for m in models}
    assert all(t.started_at is not None for t in tickets.values())
    return tickets


async def until(condition: Callable[[], bool], *, within_s: float = 2.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.001)


async def finished(services: Services, job_id: str) -> Job:
    """The job once it ended (succeeded or failed)."""
    job: Job | None = None
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        job = await services.jobs.get(job_id)
        if job is not None and job.terminal:
            return job
        await asyncio.sleep(0.002)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def ollama(status: int, message: str) -> str:
    return f"Ollama answered {status}: {message}"


# -- sync: success and fallback on every retryable kind ---------------------------------


@dataclass(frozen=True)
class Row:
    script: Mapping[str, Step | Sequence[Step]]
    model: str
    """The model whose answer is returned."""
    attempts: list[tuple[str, int | None, str]]
    """The failed attempts, in order: model, status, message."""
    called: list[str]
    order: tuple[str, ...] = TWO
    timeouts: Mapping[str, int] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)
    """Calls the loop's time limit cancelled."""
    min_ms: float = 0.0
    """The least ``execution_ms`` the result reports."""


def first_fails(error: Any, status: int, message: str) -> Row:
    """``QWEN`` fails with ``error``, ``DEEPSEEK`` answers."""
    return Row({QWEN: fail(error)}, DEEPSEEK, [(QWEN, status, message)], [QWEN, DEEPSEEK])


SYNC_ROWS = [
    pytest.param(Row({}, QWEN, [], [QWEN]), id="first-candidate-answers"),
    pytest.param(
        Row({QWEN: answer(delay_s=0.02)}, QWEN, [], [QWEN], min_ms=20),
        id="slow-answer-within-limits",
    ),
    pytest.param(first_fails(refused, 503, "connection refused"), id="refused-falls-back"),
    pytest.param(
        first_fails(timed_out, 504, "ollama did not answer in time"), id="ollama-timeout-falls-back"
    ),
    pytest.param(
        first_fails(server_error, 502, ollama(500, "runner crashed")), id="5xx-falls-back"
    ),
    pytest.param(first_fails(rate_limited, 429, ollama(429, "rate limited")), id="429-falls-back"),
    pytest.param(
        first_fails(busy, 503, ollama(503, "server busy, please try again later")),
        id="503-busy-falls-back",
    ),
    pytest.param(
        first_fails(not_found, 502, ollama(404, 'model "x" not found, try pulling it first')),
        id="model-not-found-falls-back",
    ),
    pytest.param(
        # a 400, yet retryable: another model may have the capability
        first_fails(no_tools, 400, 'Ollama rejected the request: "x" does not support tools'),
        id="missing-capability-400-falls-back",
    ),
    pytest.param(
        first_fails(bad_json, 502, "ollama sent an answer that is not JSON"),
        id="unreadable-answer-falls-back",
    ),
    pytest.param(
        Row(
            {QWEN: HANG},
            DEEPSEEK,
            [(QWEN, 504, f"Execution on {QWEN} exceeded 20 ms")],
            [QWEN, DEEPSEEK],
            timeouts={QWEN: 20},
            cancelled=[QWEN],
        ),
        id="per-model-timeout-falls-back",
    ),
    pytest.param(
        Row(
            {GPT: fail(refused), DEEPSEEK: fail(busy)},
            QWEN,
            [
                (GPT, 503, "connection refused"),
                (DEEPSEEK, 503, ollama(503, "server busy, please try again later")),
            ],
            [GPT, DEEPSEEK, QWEN],
            order=THREE,
        ),
        id="two-fail-third-answers",
    ),
    pytest.param(
        Row(
            {GPT: HANG, DEEPSEEK: fail(server_error)},
            QWEN,
            [
                (GPT, 504, f"Execution on {GPT} exceeded 20 ms"),
                (DEEPSEEK, 502, ollama(500, "runner crashed")),
            ],
            [GPT, DEEPSEEK, QWEN],
            order=THREE,
            timeouts={GPT: 20},
            cancelled=[GPT],
        ),
        id="timeout-then-5xx-then-answer",
    ),
]


@pytest.mark.parametrize("row", SYNC_ROWS)
async def test_run_sync_answers_or_falls_back(row: Row) -> None:
    upstream = FakeUpstream(row.script)
    async with routed(upstream, timeouts=row.timeouts) as services:
        plan = await planned(services, chat(row.order), row.order)
        result = await services.gateway.run_sync(plan, user=USER)
        assert result.model == row.model
        assert attempts_of(result.attempts) == row.attempts
        assert b'"content": "ok"' in result.value
        assert f'"model": "{row.model}"'.encode() in result.value
        assert_calls(upstream, row.called)
        assert upstream.cancelled == row.cancelled
        assert result.execution_ms >= row.min_ms


# -- sync: errors that stop the loop -----------------------------------------------------


NOT_RETRYABLE = [
    pytest.param(
        {QWEN: fail(bad_request)},
        400,
        "upstream_rejected",
        "Ollama rejected the request: invalid options",
        [QWEN],
        id="400-raised-at-once",
    ),
    pytest.param(
        {QWEN: fail(http(422, "unprocessable"))},
        400,
        "upstream_rejected",
        "Ollama rejected the request: unprocessable",
        [QWEN],
        id="other-4xx-raised-at-once-as-400",
    ),
    pytest.param(
        {QWEN: fail(stream_broke)},
        502,
        "upstream_error",
        "ollama stream ended early",
        [QWEN],
        id="broken-answer-raised-at-once",
    ),
    pytest.param(
        {QWEN: fail(lambda: RuntimeError("a bug"))},
        500,
        "internal_error",
        "Internal error; see the router log",
        [QWEN],
        id="unexpected-exception-is-500",
    ),
    pytest.param(
        # The earlier failure is dropped: the error names only the last call, and no
        # "(tried ...)" is added (that suffix is for the all-failed path alone).
        {QWEN: fail(busy), DEEPSEEK: fail(bad_request)},
        400,
        "upstream_rejected",
        "Ollama rejected the request: invalid options",
        [QWEN, DEEPSEEK],
        id="retryable-then-400-raises-the-400",
    ),
]


@pytest.mark.parametrize(("script", "status", "code", "message", "called"), NOT_RETRYABLE)
async def test_run_sync_raises_a_non_retryable_error_at_once(
    script: Mapping[str, Step], status: int, code: str, message: str, called: list[str]
) -> None:
    upstream = FakeUpstream(script)
    async with routed(upstream) as services:
        plan = await planned(services, chat(TWO), TWO)
        with pytest.raises(RouterError) as raised:
            await services.gateway.run_sync(plan, user=USER)
        error = raised.value
        assert (error.status, error.code, error.message) == (status, code, message)
        assert error.__cause__ is not None  # the backend's own exception, for the log
        assert_calls(upstream, called)


ALL_FAIL = [
    pytest.param(
        TWO,
        {QWEN: fail(refused), DEEPSEEK: fail(refused)},
        {},
        (503, "ollama_unreachable", f"connection refused (tried {QWEN}, {DEEPSEEK})"),
        {},
        id="all-unreachable",
    ),
    pytest.param(
        TWO,
        {QWEN: fail(busy), DEEPSEEK: fail(server_error)},
        {},
        (
            502,
            "upstream_http_error",
            ollama(500, "runner crashed") + f" (tried {QWEN}, {DEEPSEEK})",
        ),
        {},
        id="busy-then-5xx-the-last-error-wins",
    ),
    pytest.param(
        TWO,
        {QWEN: fail(server_error), DEEPSEEK: fail(busy)},
        {},
        (
            503,
            "ollama_busy",
            ollama(503, "server busy, please try again later") + f" (tried {QWEN}, {DEEPSEEK})",
        ),
        {"Retry-After": "3"},
        id="5xx-then-busy-is-503-with-retry-after",
    ),
    pytest.param(
        (QWEN,),
        {QWEN: fail(rate_limited)},
        {},
        (429, "ollama_rate_limited", ollama(429, "rate limited")),
        {"Retry-After": "7"},
        id="single-candidate-429-no-tried-suffix",
    ),
    pytest.param(
        TWO,
        {QWEN: fail(no_tools), DEEPSEEK: fail(no_tools)},
        {},
        (
            400,
            "upstream_rejected",
            f'Ollama rejected the request: "x" does not support tools (tried {QWEN}, {DEEPSEEK})',
        ),
        {},
        id="missing-capability-everywhere-is-400",
    ),
    pytest.param(
        THREE,
        {GPT: HANG, DEEPSEEK: HANG, QWEN: HANG},
        {GPT: 20, DEEPSEEK: 20, QWEN: 20},
        (
            504,
            "execution_timeout",
            f"Execution on {QWEN} exceeded 20 ms (tried {', '.join(THREE)})",
        ),
        {},
        id="every-per-model-timeout-expires",
    ),
]


@pytest.mark.parametrize(("order", "script", "timeouts", "error", "headers"), ALL_FAIL)
async def test_run_sync_when_every_candidate_fails(
    order: tuple[str, ...],
    script: Mapping[str, Step],
    timeouts: Mapping[str, int],
    error: tuple[int, str, str],
    headers: dict[str, str],
) -> None:
    upstream = FakeUpstream(script)
    async with routed(upstream, timeouts=timeouts) as services:
        plan = await planned(services, chat(order), order)
        with pytest.raises(RouterError) as raised:
            await services.gateway.run_sync(plan, user=USER)
        assert (raised.value.status, raised.value.code, raised.value.message) == error
        assert raised.value.headers == headers
        assert_calls(upstream, order)


# -- streams: fall back before the first chunk, never after -----------------------------


@dataclass(frozen=True)
class StreamRow:
    script: Mapping[str, Step | Sequence[Step]]
    model: str
    attempts: list[tuple[str, int | None, str]]
    called: list[str]
    chunks: int
    """Chunks the caller reads (the first included) before the end or the error."""
    broken: bool = False
    """The caller sees the chunks, then the backend's ``OllamaStreamError``."""
    timeouts: Mapping[str, int] = field(default_factory=dict)


STREAM_ROWS = [
    pytest.param(StreamRow({}, QWEN, [], [QWEN], 4), id="first-candidate-streams"),
    pytest.param(
        StreamRow(
            {QWEN: fail(refused)},
            DEEPSEEK,
            [(QWEN, 503, "connection refused")],
            [QWEN, DEEPSEEK],
            4,
        ),
        id="refused-before-first-chunk-falls-back",
    ),
    pytest.param(
        StreamRow(
            {QWEN: fail(busy)},
            DEEPSEEK,
            [(QWEN, 503, ollama(503, "server busy, please try again later"))],
            [QWEN, DEEPSEEK],
            4,
        ),
        id="busy-before-first-chunk-falls-back",
    ),
    pytest.param(
        StreamRow(
            {QWEN: HANG},
            DEEPSEEK,
            [(QWEN, 504, f"Execution on {QWEN} exceeded 20 ms")],
            [QWEN, DEEPSEEK],
            4,
            timeouts={QWEN: 20},
        ),
        id="no-first-chunk-within-per-model-timeout-falls-back",
    ),
    pytest.param(
        # A stream error before the first chunk (a 200 with no event before [DONE], a
        # first NDJSON line carrying "error"): no byte went out, so the next one is tried.
        StreamRow(
            {QWEN: Break(after=0)},
            DEEPSEEK,
            [(QWEN, 502, "stream broke before its first chunk: ollama stream ended early")],
            [QWEN, DEEPSEEK],
            4,
        ),
        id="stream-error-before-first-chunk-falls-back",
    ),
    pytest.param(
        StreamRow({QWEN: Break(after=1)}, QWEN, [], [QWEN], 1, broken=True),
        id="breaks-after-first-chunk-no-fallback",
    ),
    pytest.param(
        StreamRow({QWEN: Break(after=3)}, QWEN, [], [QWEN], 3, broken=True),
        id="breaks-after-three-chunks-no-fallback",
    ),
]


async def read_all(result: StreamResult) -> tuple[list[bytes], BaseException | None]:
    """What a relay sends: the first chunk, then the rest until the end or an error."""
    got = [result.first]
    try:
        async for piece in result.chunks:
            got.append(piece)
    except Exception as exc:
        return got, exc
    return got, None


@pytest.mark.parametrize("row", STREAM_ROWS)
async def test_open_stream_falls_back_only_before_the_first_chunk(row: StreamRow) -> None:
    upstream = FakeUpstream(row.script)
    async with routed(upstream, timeouts=row.timeouts) as services:
        plan = await planned(services, chat(TWO, stream=True), TWO)
        result = await services.gateway.open_stream(plan, user=USER)
        try:
            assert (result.model, result.ticket.model) == (row.model, row.model)
            assert attempts_of(result.attempts) == row.attempts
            # the slot stays taken while the caller relays the stream
            assert services.scheduler.running[row.model] == 1
            got, error = await read_all(result)
        finally:
            services.scheduler.release(result.ticket)  # the relay's job
        assert len(got) == row.chunks
        assert all(f'"model": "{row.model}"'.encode() in piece for piece in got if b"{" in piece)
        if row.broken:
            # relayed as the backend raised it: the relay, not the loop, reports it
            assert isinstance(error, OllamaStreamError)
        else:
            assert error is None
            assert got[-1] == b"data: [DONE]\n\n"
        assert_calls(upstream, row.called, stream=True)


STREAM_ERRORS = [
    pytest.param(
        {QWEN: fail(bad_request)},
        (400, "upstream_rejected", "Ollama rejected the request: invalid options"),
        [QWEN],
        id="400-before-first-chunk-raised-at-once",
    ),
    pytest.param(
        {QWEN: fail(refused), DEEPSEEK: fail(server_error)},
        (
            502,
            "upstream_http_error",
            ollama(500, "runner crashed") + f" (tried {QWEN}, {DEEPSEEK})",
        ),
        [QWEN, DEEPSEEK],
        id="all-fail-before-first-chunk",
    ),
]


@pytest.mark.parametrize(("script", "error", "called"), STREAM_ERRORS)
async def test_open_stream_errors(
    script: Mapping[str, Step], error: tuple[int, str, str], called: list[str]
) -> None:
    upstream = FakeUpstream(script)
    async with routed(upstream) as services:
        plan = await planned(services, chat(TWO, stream=True), TWO)
        with pytest.raises(RouterError) as raised:
            await services.gateway.open_stream(plan, user=USER)
        assert (raised.value.status, raised.value.code, raised.value.message) == error
        assert_calls(upstream, called, stream=True)


# -- deadlines: the request's execution deadline and the queue ---------------------------


@dataclass(frozen=True)
class DeadlineRow:
    order: tuple[str, ...]
    script: Mapping[str, Step | Sequence[Step]]
    busy: tuple[str, ...]
    """Models whose only slot another request holds the whole time."""
    message: str
    called: list[str]
    stream: bool = False
    router: Mapping[str, Any] = field(default_factory=dict)


def no_slot(model: str) -> str:
    return f"No slot on {model} within the execution deadline of 30 ms"


DEADLINE_ROWS = [
    pytest.param(
        DeadlineRow((QWEN,), {}, (QWEN,), no_slot(QWEN), []), id="no-slot-frees-before-deadline"
    ),
    pytest.param(
        # The first candidate's wait spends the whole deadline: the idle second one is
        # not tried (late binding would move the request only to a resident model, and
        # nothing is loaded here).
        DeadlineRow(TWO, {}, (QWEN,), no_slot(QWEN), []),
        id="first-candidate-queue-timeout-no-fallback",
    ),
    pytest.param(
        # A stream never turns into a job, even in auto mode: it waits for its slot.
        DeadlineRow((QWEN,), {}, (QWEN,), no_slot(QWEN), [], stream=True, router={"mode": "auto"}),
        id="stream-waits-never-becomes-job",
    ),
    pytest.param(
        # The first attempt's 503 is dropped: the 504 of the wait is what the caller gets.
        DeadlineRow(TWO, {QWEN: fail(busy)}, (DEEPSEEK,), no_slot(DEEPSEEK), [QWEN]),
        id="fallback-candidate-queue-timeout",
    ),
    pytest.param(
        DeadlineRow(TWO, {QWEN: HANG}, (), f"Execution on {QWEN} exceeded 30 ms", [QWEN]),
        id="deadline-passes-in-first-attempt-no-fallback",
    ),
]


@pytest.mark.parametrize("row", DEADLINE_ROWS)
async def test_execution_deadline(row: DeadlineRow) -> None:
    upstream = FakeUpstream(row.script)
    async with routed(upstream) as services:
        body = chat(row.order, stream=row.stream, maxExecutionTimeMs=30, **row.router)
        plan = await planned(services, body, row.order)
        held = occupy(services, *row.busy)
        gateway = services.gateway
        run: Callable[..., Awaitable[object]] = (
            gateway.open_stream if row.stream else gateway.run_sync
        )
        started = time.monotonic()
        try:
            with pytest.raises(RouterError) as raised:
                await run(plan, user=USER)
        finally:
            for ticket in held.values():
                services.scheduler.release(ticket)
        waited_ms = (time.monotonic() - started) * 1000
        error = raised.value
        assert (error.status, error.code, error.message) == (504, "execution_timeout", row.message)
        assert 25 <= waited_ms < 1000
        assert_calls(upstream, row.called, stream=row.stream)


async def test_no_slot_within_max_queue_time_becomes_a_job_keeping_its_place() -> None:
    upstream = FakeUpstream()
    async with routed(upstream) as services:
        body = chat((QWEN,), mode="auto", maxQueueTimeMs=20)
        plan = await planned(services, body, (QWEN,))
        held = occupy(services, QWEN)
        with pytest.raises(ConvertedToJob) as converted:
            await services.gateway.run_sync(plan, user=USER)
        accepted = converted.value.accepted
        assert (accepted.job.selected_model, accepted.position) == (QWEN, 1)
        # its ticket went to the job: still waiting in QWEN's queue, nothing called yet
        assert (services.scheduler.queued[QWEN], upstream.calls) == (1, [])
        services.scheduler.release(held[QWEN])
        job = await finished(services, accepted.job.id)
        assert (job.status.value, job.attempts) == ("succeeded", 1)
        assert job.result is not None
        assert job.result["router"]["mode"] == "async"
        assert [(c.kind, c.model) for c in upstream.calls] == [("chat_json", QWEN)]


async def test_queue_full_on_the_fallback_candidate_is_raised() -> None:
    upstream = FakeUpstream({QWEN: fail(busy)})
    async with routed(upstream, changes={"queue.globalMaxQueued": 1}) as services:
        plan = await planned(services, chat(TWO), TWO)
        held = occupy(services, DEEPSEEK)
        waiting = services.scheduler.enqueue(DEEPSEEK, user="someone-else", weight=50)
        try:
            with pytest.raises(RouterError) as raised:
                await services.gateway.run_sync(plan, user=USER)
        finally:
            services.scheduler.release(waiting)
            services.scheduler.release(held[DEEPSEEK])
        # the first attempt's 503 ollama_busy is dropped for the admission refusal
        error = raised.value
        assert (error.status, error.code) == (503, "global_queue_full")
        assert_calls(upstream, [QWEN])


# -- jobs: one model per attempt, retried by the job manager ----------------------------


JOB_ROWS = [
    pytest.param({}, {}, {}, "succeeded", 1, None, id="job-succeeds-on-its-model"),
    pytest.param(
        {QWEN: [fail(busy), answer()]},
        {},
        {},
        "succeeded",
        2,
        None,
        id="failed-attempt-retried-on-same-model",
    ),
    pytest.param(
        {QWEN: fail(server_error)},
        {},
        {},
        "failed",
        2,
        (502, "upstream_http_error", ollama(500, "runner crashed")),
        id="fails-every-attempt",
    ),
    pytest.param(
        # Looks like a bug: a 400 the sync loop never retries (not retryable) is sent
        # again by the job manager, which retries every failed attempt.
        {QWEN: fail(bad_request)},
        {},
        {},
        "failed",
        2,
        (400, "upstream_rejected", "Ollama rejected the request: invalid options"),
        id="400-retried-by-job-manager",
    ),
    pytest.param(
        {QWEN: HANG},
        {},
        {"maxExecutionTimeMs": 30},
        "failed",
        2,
        (504, "execution_timeout", f"Execution on {QWEN} exceeded 30 ms"),
        id="job-limit-below-model-timeout",
    ),
    pytest.param(
        {QWEN: HANG},
        {QWEN: 20},
        {"maxExecutionTimeMs": SAFETY_MS},
        "failed",
        2,
        (504, "execution_timeout", f"Execution on {QWEN} exceeded 20 ms"),
        id="model-timeout-below-job-limit",
    ),
]


@pytest.mark.parametrize(("script", "timeouts", "router", "status", "attempts", "error"), JOB_ROWS)
async def test_job_attempts(
    script: Mapping[str, Step | Sequence[Step]],
    timeouts: Mapping[str, int],
    router: Mapping[str, Any],
    status: str,
    attempts: int,
    error: tuple[int, str, str] | None,
) -> None:
    upstream = FakeUpstream(script)
    async with routed(upstream, timeouts=timeouts) as services:
        plan = await planned(services, chat(TWO, mode="async", **router), TWO)
        accepted = await services.gateway.accept_job(plan, user=USER)
        job = await finished(services, accepted.job.id)
        assert (job.status.value, job.attempts, job.selected_model) == (status, attempts, QWEN)
        # a job never falls back to another candidate: each attempt runs its own model
        assert [(c.kind, c.model) for c in upstream.calls] == [("chat_json", QWEN)] * attempts
        if error is None:
            assert job.error is None
            assert job.result is not None
            assert job.result["router"]["selectedModel"] == QWEN
        else:
            assert job.error is not None
            assert (job.error["status"], job.error["code"], job.error["message"]) == error


# -- late binding: a waiting request moves to a sooner, resident candidate --------------


@dataclass(frozen=True)
class BindingRow:
    loaded: tuple[str, ...]
    """Models Ollama reports loaded (resident)."""
    busy: tuple[str, ...]
    """Models whose slot another request holds when ours is enqueued."""
    freed: tuple[str, ...]
    """Of those, the ones freed once ours waits."""
    model: str | None
    """Where it ran (``None``: it failed)."""
    moves: int
    called: list[str]
    script: Mapping[str, Step | Sequence[Step]] = field(default_factory=dict)
    strategy: str = "residency"
    error: tuple[int, str, str] | None = None


BINDING_ROWS = [
    pytest.param(
        BindingRow((DEEPSEEK,), (QWEN,), (), DEEPSEEK, 1, [DEEPSEEK]),
        id="moves-at-once-to-idle-resident-alternative",
    ),
    pytest.param(
        BindingRow((DEEPSEEK,), (QWEN, DEEPSEEK), (DEEPSEEK,), DEEPSEEK, 1, [DEEPSEEK]),
        id="moves-while-waiting-when-alternative-frees",
    ),
    pytest.param(
        BindingRow((), (QWEN,), (QWEN,), QWEN, 0, [QWEN]),
        id="stays-when-alternative-would-load",
    ),
    pytest.param(
        BindingRow((DEEPSEEK,), (QWEN,), (QWEN,), QWEN, 0, [QWEN], strategy="reference"),
        id="reference-strategy-never-moves",
    ),
    pytest.param(
        # Looks like a gap: after the move the loop counts DEEPSEEK as its first attempt
        # and skips it as the second candidate; QWEN, the model it left, is never tried.
        BindingRow(
            (DEEPSEEK,),
            (QWEN,),
            (),
            None,
            1,
            [DEEPSEEK],
            script={DEEPSEEK: fail(busy)},
            error=(503, "ollama_busy", ollama(503, "server busy, please try again later")),
        ),
        id="moved-then-fails-does-not-go-back",
    ),
]


@pytest.mark.parametrize("row", BINDING_ROWS)
async def test_late_binding(row: BindingRow) -> None:
    upstream = FakeUpstream(row.script, loaded=row.loaded)
    async with routed(upstream, changes={"router.strategy": row.strategy}) as services:
        scheduler = services.scheduler
        plan = await planned(services, chat(TWO), TWO)  # decided while QWEN was free
        held = occupy(services, *row.busy)
        run = asyncio.create_task(services.gateway.run_sync(plan, user=USER))
        try:
            await until(lambda: run.done() or bool(upstream.calls) or scheduler.total_queued == 1)
            for model in row.freed:
                scheduler.release(held[model])
            if row.error is None:
                result = await run
                assert (result.model, result.attempts) == (row.model, [])
            else:
                with pytest.raises(RouterError) as raised:
                    await run
                error = raised.value
                assert (error.status, error.code, error.message) == row.error
        finally:
            for ticket in held.values():
                scheduler.release(ticket)
        assert scheduler.moves == row.moves
        assert_calls(upstream, row.called)


async def test_a_queued_job_moves_to_an_idle_resident_alternative() -> None:
    upstream = FakeUpstream(loaded=(DEEPSEEK,))
    async with routed(upstream) as services:
        plan = await planned(services, chat(TWO, mode="async"), TWO)
        held = occupy(services, QWEN)
        try:
            accepted = await services.gateway.accept_job(plan, user=USER)
            assert accepted.job.meta["alternatives"] == [DEEPSEEK]
            job = await finished(services, accepted.job.id)
        finally:
            services.scheduler.release(held[QWEN])
        assert (job.status.value, job.selected_model) == ("succeeded", DEEPSEEK)
        assert services.scheduler.moves == 1
        assert [(c.kind, c.model) for c in upstream.calls] == [("chat_json", DEEPSEEK)]
