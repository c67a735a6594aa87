"""Two job managers ("router processes") sharing one Redis: jobs are visible to both, a
job runs in one place at a time, and work of a process that died is picked up."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from ollama_agent_router.jobs.manager import JobManager
from ollama_agent_router.jobs.model import TERMINAL, Job, JobStatus, new_job_id
from ollama_agent_router.jobs.redis_store import RedisJobStore
from ollama_agent_router.jobs.store import JobStoreError
from ollama_agent_router.scheduling import Scheduler, Ticket

from .conftest import make_job, redis_store

LEASE_MS = 600
MODEL = "qwen2.5-coder:7b"  # the model make_job selects


class Crashable:
    """A store that fails every call once ``dead``: the process lost everything at once."""

    def __init__(self, store: RedisJobStore) -> None:
        self.inner = store
        self.dead = False

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        async def call(*args: Any, **kwargs: Any) -> Any:
            if self.dead:
                raise JobStoreError("the process is gone")
            return await attribute(*args, **kwargs)

        return call


@dataclass
class Instance:
    name: str
    manager: JobManager
    store: Crashable
    calls: list[str] = field(default_factory=list)
    called: asyncio.Event = field(default_factory=asyncio.Event)

    async def crash(self) -> None:
        """Stop as ``kill -9`` would: nothing more reaches Redis, leases are left to lapse."""
        self.store.dead = True
        manager = self.manager
        tasks = [*manager._tasks.values(), manager._cleanup_task, manager._lease_task]
        for task in tasks:
            if task is not None:
                task.cancel()
        for task in tasks:
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task


Behaviour = Callable[[Instance, Job], Awaitable[dict[str, Any]]]


async def answer(instance: Instance, job: Job) -> dict[str, Any]:
    await asyncio.sleep(0.01)
    return {"answer": f"{job.id} by {instance.name}"}


async def hang(instance: Instance, job: Job) -> dict[str, Any]:
    await asyncio.Event().wait()
    raise AssertionError("unreachable")


def hang_until_cancelled(stopped: asyncio.Event) -> Behaviour:
    """``hang``, setting ``stopped`` when the attempt is cancelled."""

    async def behaviour(instance: Instance, job: Job) -> dict[str, Any]:
        try:
            return await hang(instance, job)
        except asyncio.CancelledError:
            stopped.set()
            raise

    return behaviour


class Cluster:
    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = redis_store(url).prefix
        self.instances: list[Instance] = []

    async def start(
        self,
        name: str,
        behaviour: Behaviour = answer,
        *,
        max_attempts: int = 2,
        max_concurrent: int = 4,
        start: bool = True,
    ) -> Instance:
        store = Crashable(RedisJobStore(self.url, prefix=self.prefix))
        await store.open()
        scheduler = Scheduler(
            {MODEL: max_concurrent},
            global_max_concurrent=max_concurrent,
            global_max_queued=1000,
            per_user_max_queued=1000,
        )
        manager = JobManager(
            store,  # type: ignore[arg-type]
            scheduler,
            max_attempts=max_attempts,
            ttl_seconds=3600,
            cleanup_interval_s=60,
            instance_id=f"node1-{name}",
            lease_ms=LEASE_MS,
        )
        instance = Instance(name, manager, store)

        async def execute(job: Job, ticket: Ticket) -> dict[str, Any]:
            instance.calls.append(job.id)
            instance.called.set()
            return await behaviour(instance, job)

        manager.executor = execute
        self.instances.append(instance)
        if start:
            await manager.start()
        return instance

    async def aclose(self) -> None:
        for instance in self.instances:
            if not instance.store.dead:
                await instance.manager.aclose(grace_s=0)
            instance.store.dead = False
            await instance.store.inner.close()

    def calls(self) -> Counter[str]:
        return Counter(job_id for i in self.instances for job_id in i.calls)


@pytest.fixture
async def cluster(redis_url: str) -> AsyncIterator[Cluster]:
    cluster = Cluster(redis_url)
    try:
        yield cluster
    finally:
        await cluster.aclose()


async def submit(instance: Instance, n: int = 0) -> Job:
    job = instance.manager.new_job(
        job_id=new_job_id("node1"),
        task_type="coding",
        model=MODEL,
        request={"messages": [{"role": "user", "content": f"task {n}"}]},
        priority="normal",
        user="alice",
        owner="key:alice",
    )
    await instance.manager.submit(job)
    return job


async def settled(instance: Instance, job_id: str, timeout: float = 10.0) -> Job:
    deadline = time.monotonic() + timeout
    while True:
        job = await instance.manager.get(job_id)
        assert job is not None
        if job.status in TERMINAL:
            return job
        assert time.monotonic() < deadline, f"{job_id} still {job.status}"
        await asyncio.sleep(0.02)


async def started(instance: Instance) -> None:
    async with asyncio.timeout(5):
        await instance.called.wait()


async def test_a_job_accepted_by_one_instance_is_visible_to_the_other(cluster: Cluster) -> None:
    a = await cluster.start("a")
    b = await cluster.start("b")
    job = await submit(a)

    seen = await b.manager.get(job.id)
    assert seen is not None
    assert seen.request == job.request
    assert [j.id for j in await b.manager.list_jobs(limit=10)] == [job.id]

    done = await settled(b, job.id)
    assert done.status is JobStatus.SUCCEEDED
    assert done.result == {"answer": f"{job.id} by a"}
    assert b.calls == []  # only the instance holding the lease ran it


async def test_jobs_of_a_crashed_instance_run_elsewhere_after_the_lease_lapses(
    cluster: Cluster,
) -> None:
    a = await cluster.start("a", hang, max_concurrent=1)
    b = await cluster.start("b")
    running = await submit(a, 1)
    queued = await submit(a, 2)  # waits behind the first on a's only slot
    await started(a)

    await a.crash()
    # the leases have not lapsed yet: b leaves both jobs alone
    assert await b.manager.store.unfinished() == []

    first, second = await settled(b, running.id), await settled(b, queued.id)
    assert first.status is second.status is JobStatus.SUCCEEDED
    assert first.attempts == 2  # the attempt cut short by the crash counts
    assert second.attempts == 1
    assert first.result == {"answer": f"{running.id} by b"}
    assert cluster.calls() == Counter({running.id: 2, queued.id: 1})


async def test_a_crash_on_the_last_attempt_fails_the_job_without_running_it_again(
    cluster: Cluster,
) -> None:
    a = await cluster.start("a", hang, max_attempts=1)
    b = await cluster.start("b", max_attempts=1)
    job = await submit(a)
    await started(a)
    await a.crash()

    done = await settled(b, job.id)
    assert done.status is JobStatus.FAILED
    assert done.error is not None
    assert done.error["type"] == "job_interrupted"
    assert cluster.calls() == Counter({job.id: 1})


def same_snapshot(
    store: RedisJobStore, barrier: asyncio.Barrier
) -> Callable[[], Awaitable[list[Job]]]:
    """``unfinished`` whose first call returns only once every instance has its list: both
    then try to take over the same orphans."""
    original = store.unfinished
    first = True

    async def unfinished() -> list[Job]:
        nonlocal first
        jobs = await original()
        if first:
            first = False
            async with asyncio.timeout(5):
                await barrier.wait()
        return jobs

    return unfinished


async def test_concurrent_recovery_runs_each_orphan_once(cluster: Cluster) -> None:
    store = RedisJobStore(cluster.url, prefix=cluster.prefix)
    await store.open()
    try:
        orphans = [make_job(n) for n in range(30)]
        for job in orphans[::3]:  # some were running when their process died
            job.status, job.attempts = JobStatus.RUNNING, 1
        for job in orphans:
            await store.insert(job)
    finally:
        await store.close()

    a = await cluster.start("a", start=False)
    b = await cluster.start("b", start=False)
    both_looked = asyncio.Barrier(2)
    for instance in (a, b):
        instance.store.inner.unfinished = same_snapshot(instance.store.inner, both_looked)
    await asyncio.gather(a.manager.start(), b.manager.start())

    for job in orphans:
        assert (await settled(a, job.id)).status is JobStatus.SUCCEEDED
    assert cluster.calls() == Counter(job.id for job in orphans)
    assert a.calls
    assert b.calls


async def test_a_graceful_stop_hands_jobs_over_at_once(cluster: Cluster) -> None:
    a = await cluster.start("a", hang, max_concurrent=1)
    b = await cluster.start("b", start=False)
    running = await submit(a, 1)
    queued = await submit(a, 2)
    await started(a)

    await a.manager.aclose(grace_s=0)
    # released, not left to lapse; the interrupted attempt is not counted
    resumable = await b.manager.store.unfinished()
    assert [(j.id, j.status, j.attempts) for j in resumable] == [
        (running.id, JobStatus.QUEUED, 0),
        (queued.id, JobStatus.QUEUED, 0),
    ]
    await b.manager.start()
    assert (await settled(b, running.id)).status is JobStatus.SUCCEEDED
    assert (await settled(b, queued.id)).status is JobStatus.SUCCEEDED


async def test_a_cancel_received_by_another_instance_stops_the_attempt(cluster: Cluster) -> None:
    stopped = asyncio.Event()
    a = await cluster.start("a", hang_until_cancelled(stopped))
    b = await cluster.start("b")
    job = await submit(a)
    await started(a)

    cancelled = await b.manager.cancel(job.id)
    assert cancelled is not None
    assert cancelled.status is JobStatus.CANCELLED
    async with asyncio.timeout(LEASE_MS / 1000 * 3):
        await stopped.wait()  # a noticed at its next renewal
    await asyncio.sleep(0.05)
    final = await b.manager.get(job.id)
    assert final is not None
    assert final.status is JobStatus.CANCELLED
    assert cluster.calls() == Counter({job.id: 1})


async def test_an_instance_that_lost_its_lease_stops_without_writing(cluster: Cluster) -> None:
    stopped = asyncio.Event()
    a = await cluster.start("a", hang_until_cancelled(stopped))
    job = await submit(a)
    await started(a)
    # as if a stalled long enough for its lease to lapse and another process took the job
    intruder = RedisJobStore(cluster.url, prefix=cluster.prefix)
    await intruder.open()
    try:
        await intruder.release(job.id, a.manager.instance_id)
        assert await intruder.claim(job.id, "node1-intruder", 60_000)
        async with asyncio.timeout(LEASE_MS / 1000 * 3):
            await stopped.wait()
        await asyncio.sleep(0.05)
        after = await intruder.get(job.id)
        assert after is not None
        assert after.status is JobStatus.RUNNING  # a wrote nothing: the job is the intruder's
        assert not await a.manager.store.claim(job.id, a.manager.instance_id, 60_000)
    finally:
        await intruder.close()
