"""One contract, every job store: what the manager may rely on whichever is configured."""

from __future__ import annotations

import dataclasses

import pytest

from ollama_agent_router.jobs.model import TERMINAL, JobStatus
from ollama_agent_router.jobs.store import DuplicateJobError, JobStore

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


async def test_listing_by_owner_reads_only_that_owners_jobs_page_by_page(store: JobStore) -> None:
    owners = ["key:alice", "key:bob", "addr:10.0.0.7"]
    jobs = [
        make_job(n, owner=owners[n % 3], status=JobStatus.SUCCEEDED if n % 2 else JobStatus.QUEUED)
        for n in range(30)
    ]
    for job in jobs:
        await store.insert(job)
    for owner in owners:
        mine = sorted((j for j in jobs if j.owner == owner), key=lambda j: j.seq, reverse=True)
        assert await store.list_jobs(limit=100, owner=owner) == mine
        pages, cursor = [], None
        while page := await store.list_jobs(limit=3, before=cursor, owner=owner):
            pages.append(page)
            cursor = page[-1].seq
        assert [j for p in pages for j in p] == mine
        done = [j for j in mine if j.status is JobStatus.SUCCEEDED]
        assert await store.list_jobs(limit=100, status=JobStatus.SUCCEEDED, owner=owner) == done
        after = await store.list_jobs(
            limit=100, status=JobStatus.SUCCEEDED, before=done[0].seq, owner=owner
        )
        assert after == done[1:]
    # a status change moves the job in its owner's listing by status too
    moved = jobs[0]
    moved.status = JobStatus.RUNNING
    await store.update(moved)
    running = await store.list_jobs(limit=100, status=JobStatus.RUNNING, owner=moved.owner)
    assert running == [moved]
    queued = await store.list_jobs(limit=100, status=JobStatus.QUEUED, owner=moved.owner)
    assert moved.id not in {j.id for j in queued}
    assert await store.list_jobs(limit=100, owner="key:nobody") == []
    assert len(await store.list_jobs(limit=100)) == 30  # no owner: every job


async def test_an_idempotency_key_holds_one_job_per_owner_until_it_expires(
    store: JobStore,
) -> None:
    first = make_job(1, owner="key:alice", idempotency_key="order-42", request_hash="h1")
    await store.insert(first)
    assert await store.find_by_key("key:alice", "order-42") == first
    assert await store.find_by_key("key:bob", "order-42") is None
    assert await store.find_by_key("key:alice", "order-43") is None

    again = make_job(2, owner="key:alice", idempotency_key="order-42", request_hash="h1")
    with pytest.raises(DuplicateJobError) as caught:
        await store.insert(again)
    assert caught.value.existing_id == first.id
    assert await store.get(again.id) is None  # nothing stored
    assert len(await store.list_jobs(limit=10, owner="key:alice")) == 1

    other = make_job(3, owner="key:bob", idempotency_key="order-42", request_hash="h2")
    await store.insert(other)  # the same key of another owner is another key
    assert await store.find_by_key("key:bob", "order-42") == other

    first.status = JobStatus.SUCCEEDED
    await store.update(first)
    assert await store.find_by_key("key:alice", "order-42") == first
    assert await store.expire(first.expires_at) == [first.id]
    assert await store.find_by_key("key:alice", "order-42") is None  # free again
    expired = await store.get(first.id)
    assert expired is not None
    assert expired.idempotency_key is None
    await store.insert(again)
    assert await store.find_by_key("key:alice", "order-42") == again


async def test_owner_key_hash_and_retry_time_round_trip(store: JobStore) -> None:
    job = make_job(1, owner="addr:::1", idempotency_key="k 1", request_hash="ab" * 32)
    await store.insert(job)
    job.status = JobStatus.QUEUED
    job.retry_at = 1_234.5
    await store.update(job)
    assert await store.get(job.id) == job
    job.retry_at = None
    job.owner = "key:someone-else"  # set once by the insert: an update does not move a job
    await store.update(job)
    got = await store.get(job.id)
    assert got is not None
    assert got.retry_at is None
    assert got.owner == "addr:::1"
