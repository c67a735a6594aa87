"""Retry backoff (issue 12, finding 9): a job whose attempts fail waits an exponential,
capped, jittered time between them — as ``queued`` with its next attempt time stored,
holding no scheduler slot or queue place — and a restart during the wait still runs it,
not earlier. Checked through the manager's clock, sleep and random seams: no wall time."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from ollama_agent_router.errors import RouterError
from ollama_agent_router.jobs.backoff import retry_delay_s
from ollama_agent_router.jobs.manager import JobManager
from ollama_agent_router.jobs.model import Job, JobStatus
from ollama_agent_router.jobs.sqlite import SqliteJobStore
from ollama_agent_router.jobs.store import JobStore
from ollama_agent_router.scheduling import Scheduler, Ticket

MODEL = "qwen2.5-coder:7b"


@pytest.mark.parametrize(
    ("attempts", "base", "cap", "draw", "expected"),
    [
        (1, 2000, 60000, 0.0, 1.0),  # half the first ceiling at least
        (1, 2000, 60000, 1.0, 2.0),  # the whole ceiling at most
        (1, 2000, 60000, 0.5, 1.5),
        (2, 2000, 60000, 0.0, 2.0),  # the ceiling doubles per attempt
        (3, 2000, 60000, 1.0, 8.0),
        (6, 2000, 60000, 1.0, 60.0),  # 64 s capped at 60 s
        (6, 2000, 60000, 0.0, 30.0),
        (500, 2000, 60000, 1.0, 60.0),  # no overflow however many attempts
        (1, 5000, 3000, 1.0, 3.0),  # a cap below the base wins
        (1, 0, 60000, 0.7, 0.0),  # 0: retry at once
        (0, 2000, 60000, 0.7, 0.0),  # nothing failed yet
        (1, 2000, 60000, 7.0, 2.0),  # a draw out of range is clamped
    ],
)
def test_retry_delay_table(
    attempts: int, base: int, cap: int, draw: float, expected: float
) -> None:
    assert retry_delay_s(attempts, base_ms=base, cap_ms=cap, draw=draw) == pytest.approx(expected)


class Clock:
    """Fake time: ``sleep`` records what it was asked, checks the manager holds nothing
    in the scheduler while it waits, and moves the clock on at once."""

    def __init__(self, scheduler: Scheduler, store: JobStore) -> None:
        self.now = 1_000_000.0
        self.sleeps: list[float] = []
        self.stored_while_sleeping: list[Job | None] = []
        self.scheduler = scheduler
        self.store = store
        self.job_id = ""

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        assert self.scheduler.total_queued == 0, "a waiting retry must hold no queue place"
        assert self.scheduler.total_running == 0, "a waiting retry must hold no slot"
        self.stored_while_sleeping.append(await self.store.get(self.job_id))
        self.sleeps.append(seconds)
        self.now += seconds


def scheduler() -> Scheduler:
    return Scheduler(
        {MODEL: 1}, global_max_concurrent=1, global_max_queued=0, per_user_max_queued=1
    )


def manager(
    store: JobStore,
    sched: Scheduler,
    clock: Clock,
    *,
    draws: list[float],
    max_attempts: int = 4,
    backoff_ms: tuple[int, int] = (2000, 5000),
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> JobManager:
    draw = iter(draws)
    return JobManager(
        store,
        sched,
        max_attempts=max_attempts,
        ttl_seconds=3600,
        cleanup_interval_s=3600,
        clock=clock,
        retry_backoff_ms=backoff_ms[0],
        retry_backoff_max_ms=backoff_ms[1],
        sleep=sleep or clock.sleep,
        draw=lambda: next(draw),
    )


def new_job(jobs: JobManager) -> Job:
    return jobs.new_job(
        job_id="job_local_backoff",
        task_type="coding",
        model=MODEL,
        request={"messages": [{"role": "user", "content": "hi"}]},
        priority="normal",
        user="alice",
        owner="key:alice",
    )


async def settled(jobs: JobManager, job_id: str) -> Job:
    for _ in range(500):
        job = await jobs.get(job_id)
        if job is not None and job.terminal:
            return job
        await asyncio.sleep(0.002)
    raise AssertionError(f"{job_id} did not finish")


async def test_attempts_are_spaced_by_a_capped_jittered_backoff(tmp_path: Path) -> None:
    store = SqliteJobStore(tmp_path / "jobs.db")
    await store.open()
    sched = scheduler()
    clock = Clock(sched, store)
    jobs = manager(store, sched, clock, draws=[0.0, 1.0, 0.5])
    started: list[float] = []

    async def ollama_down(job: Job, ticket: Ticket) -> dict[str, Any]:
        started.append(clock.now)
        raise RouterError("Ollama is not reachable", status=503, code="ollama_unreachable")

    jobs.executor = ollama_down
    await jobs.start()
    try:
        job = new_job(jobs)
        clock.job_id = job.id
        # the scheduler admits nothing new (globalMaxQueued 0) — retries still run
        await jobs.submit(job, sched.enqueue(MODEL, user="alice", weight=1, check_limits=False))
        done = await settled(jobs, job.id)
    finally:
        await jobs.aclose(grace_s=0)
        await store.close()

    assert done.status is JobStatus.FAILED
    assert done.attempts == 4
    # ceilings 2, 4, 8→5 s; draws 0, 1, 0.5: half the ceiling plus the draw's share
    assert clock.sleeps == pytest.approx([1.0, 4.0, 3.75])
    gaps = [b - a for a, b in itertools.pairwise(started)]
    assert gaps == pytest.approx([1.0, 4.0, 3.75])  # attempt start times, from the clock
    for waiting, gap, start in zip(clock.stored_while_sleeping, gaps, started, strict=False):
        assert waiting is not None
        assert waiting.status is JobStatus.QUEUED  # stored while waiting: durable
        assert waiting.retry_at == pytest.approx(start + gap)
        assert waiting.record()["next_attempt_at"] is not None
    assert done.retry_at is None


async def test_a_restart_during_the_backoff_runs_the_job_when_it_is_due(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    store = SqliteJobStore(path)
    await store.open()
    sched = scheduler()
    clock = Clock(sched, store)
    blocked = asyncio.Event()

    async def never(seconds: float) -> None:  # the process "dies" during the backoff
        clock.sleeps.append(seconds)
        blocked.set()
        await asyncio.Event().wait()

    first = manager(
        store,
        sched,
        clock,
        draws=[1.0],
        max_attempts=3,
        backoff_ms=(10_000, 60_000),
        sleep=never,
    )

    async def fail(job: Job, ticket: Ticket) -> dict[str, Any]:
        raise RouterError("Ollama is not reachable", status=503)

    first.executor = fail
    await first.start()
    job = new_job(first)
    await first.submit(job)
    await asyncio.wait_for(blocked.wait(), 5)
    due = clock.now + 10.0
    await first.aclose(grace_s=0)  # a stop during the wait leaves the job queued, due later
    await store.close()

    store = SqliteJobStore(path)
    await store.open()
    stored = await store.get(job.id)
    assert stored is not None
    assert stored.status is JobStatus.QUEUED
    assert stored.attempts == 1
    assert stored.retry_at == pytest.approx(due)

    clock.now += 3.0  # restarted 3 s later: 7 s still to wait
    sched = scheduler()
    clock.scheduler, clock.store, clock.job_id = sched, store, job.id
    clock.sleeps.clear()
    second = manager(store, sched, clock, draws=[], max_attempts=3)
    ran_at: list[float] = []

    async def answer(job: Job, ticket: Ticket) -> dict[str, Any]:
        ran_at.append(clock.now)
        return {"choices": [{"message": {"content": "ok"}}]}

    second.executor = answer
    await second.start()
    try:
        done = await settled(second, job.id)
    finally:
        await second.aclose(grace_s=0)
        await store.close()
    assert clock.sleeps == pytest.approx([7.0])
    assert ran_at == [pytest.approx(due)]
    assert done.status is JobStatus.SUCCEEDED
    assert done.attempts == 2


async def test_a_job_waiting_out_its_backoff_can_be_cancelled(tmp_path: Path) -> None:
    store = SqliteJobStore(tmp_path / "jobs.db")
    await store.open()
    sched = scheduler()
    waiting = asyncio.Event()

    async def wait_forever(seconds: float) -> None:
        waiting.set()
        await asyncio.Event().wait()

    jobs = manager(
        store,
        sched,
        Clock(sched, store),
        draws=[0.5],
        max_attempts=2,
        backoff_ms=(60_000, 60_000),
        sleep=wait_forever,
    )

    async def fail(job: Job, ticket: Ticket) -> dict[str, Any]:
        raise RouterError("down", status=503)

    jobs.executor = fail
    await jobs.start()
    try:
        job = new_job(jobs)
        await jobs.submit(job)
        await asyncio.wait_for(waiting.wait(), 5)
        assert jobs.position(job.id) == 0
        cancelled = await jobs.cancel(job.id, owner="key:alice")
    finally:
        await jobs.aclose(grace_s=0)
        await store.close()
    assert cancelled is not None
    assert cancelled.status is JobStatus.CANCELLED
    assert sched.total_queued == sched.total_running == 0
