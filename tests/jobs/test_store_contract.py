"""One contract, every job store: what the manager may rely on whichever is configured."""

from __future__ import annotations

import dataclasses

from ollama_agent_router.jobs.model import TERMINAL, JobStatus
from ollama_agent_router.jobs.store import JobStore

from .conftest import make_job


async def test_insert_assigns_increasing_seq_and_get_returns_every_field(store: JobStore) -> None:
    first, second = make_job(1), make_job(2)
    await store.insert(first)
    await store.insert(second)
    assert 0 < first.seq < second.seq
    assert await store.get(first.id) == first
    assert await store.get(second.id) == second


async def test_round_trip_of_every_field_after_update(store: JobStore) -> None:
    job = make_job(1, user="alice", meta={"kind": "chat", "reason": ["fits", 1.5, None]})
    await store.insert(job)
    changed = dataclasses.replace(
        job,
        status=JobStatus.SUCCEEDED,
        task_type="reasoning",
        selected_model="llama3.1:8b",
        request={"text": "héllo ✓ \ud800 \x00", "n": 3, "f": 0.25, "nested": {"a": [True]}},
        priority="high",
        created_at=1_234.5,
        expires_at=9_999.125,
        user="bob",
        attempts=2,
        result={"choices": [{"message": {"content": "done"}}]},
        error={"message": "first attempt timed out", "code": None},
        started_at=1_240.0,
        finished_at=1_250.75,
        meta={"kind": "completion"},
    )
    await store.update(changed)
    got = await store.get(job.id)
    assert got == changed
    assert got is not None
    assert got.seq == job.seq


async def test_stored_jobs_are_copies(store: JobStore) -> None:
    job = make_job(1)
    await store.insert(job)
    job.status = JobStatus.RUNNING  # not written: the store keeps what was inserted
    got = await store.get(job.id)
    assert got is not None
    assert got.status is JobStatus.QUEUED
    got.attempts = 7
    again = await store.get(job.id)
    assert again is not None
    assert again.attempts == 0


async def test_unknown_ids(store: JobStore) -> None:
    assert await store.get("job_node1_missing") is None
    await store.update(make_job(99))  # never inserted: nothing happens
    assert await store.get(make_job(99).id) is None
    assert sum((await store.count_by_status()).values()) == 0


async def test_list_newest_first_with_limit_status_and_cursor(store: JobStore) -> None:
    jobs = [
        make_job(n, status=JobStatus.SUCCEEDED if n % 3 == 0 else JobStatus.QUEUED)
        for n in range(10)
    ]
    for job in jobs:
        await store.insert(job)
    newest_first = sorted(jobs, key=lambda j: j.seq, reverse=True)

    assert await store.list_jobs(limit=50) == newest_first
    assert await store.list_jobs(limit=3) == newest_first[:3]

    pages, cursor = [], None
    while page := await store.list_jobs(limit=4, before=cursor):
        pages.append(page)
        cursor = page[-1].seq
    assert [len(p) for p in pages] == [4, 4, 2]
    assert [j for p in pages for j in p] == newest_first

    succeeded = [j for j in newest_first if j.status is JobStatus.SUCCEEDED]
    assert len(succeeded) == 4
    assert await store.list_jobs(limit=50, status=JobStatus.SUCCEEDED) == succeeded
    assert await store.list_jobs(limit=2, status=JobStatus.SUCCEEDED) == succeeded[:2]
    after = await store.list_jobs(limit=50, status=JobStatus.SUCCEEDED, before=succeeded[1].seq)
    assert after == succeeded[2:]
    assert await store.list_jobs(limit=50, status=JobStatus.FAILED) == []
    assert await store.list_jobs(limit=50, before=newest_first[-1].seq) == []


async def test_unfinished_is_queued_and_running_oldest_first(store: JobStore) -> None:
    statuses = [
        JobStatus.RUNNING,
        JobStatus.SUCCEEDED,
        JobStatus.QUEUED,
        JobStatus.FAILED,
        JobStatus.CANCELLED,
        JobStatus.QUEUED,
        JobStatus.EXPIRED,
        JobStatus.RUNNING,
    ]
    jobs = [make_job(n, status=s) for n, s in enumerate(statuses)]
    for job in jobs:
        await store.insert(job)
    jobs[2].status = JobStatus.RUNNING
    await store.update(jobs[2])
    jobs[0].status = JobStatus.SUCCEEDED
    await store.update(jobs[0])

    assert await store.unfinished() == [jobs[2], jobs[5], jobs[7]]


async def test_expire_only_terminal_jobs_past_their_expiry(store: JobStore) -> None:
    now = 2_000.0
    past = {s: make_job(n, status=s, expires_at=now - 1) for n, s in enumerate(JobStatus)}
    on_time = make_job(10, status=JobStatus.SUCCEEDED, expires_at=now)  # "<=": expires now
    future = make_job(11, status=JobStatus.FAILED, expires_at=now + 1)
    for job in (*past.values(), on_time, future):
        job.result = {"answer": 42}
        job.error = {"message": "x"}
        await store.insert(job)

    expired = await store.expire(now)

    expected = [j for s, j in past.items() if s in TERMINAL and s is not JobStatus.EXPIRED]
    expected.append(on_time)
    assert expired == [j.id for j in expected]
    for job in expected:
        got = await store.get(job.id)
        assert got == dataclasses.replace(
            job, status=JobStatus.EXPIRED, request=None, result=None, error=None
        )
    for job in (past[JobStatus.QUEUED], past[JobStatus.RUNNING], future, past[JobStatus.EXPIRED]):
        assert await store.get(job.id) == job  # untouched, payloads kept
    assert await store.expire(now) == []  # already expired jobs are not reported again
    assert await store.expire(now + 1) == [future.id]


async def test_count_by_status_has_every_status(store: JobStore) -> None:
    assert await store.count_by_status() == dict.fromkeys(JobStatus, 0)
    for n, status in enumerate([JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.FAILED]):
        await store.insert(make_job(n, status=status))
    counts = await store.count_by_status()
    assert counts == {**dict.fromkeys(JobStatus, 0), JobStatus.QUEUED: 2, JobStatus.FAILED: 1}
