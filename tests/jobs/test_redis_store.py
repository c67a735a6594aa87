"""What only the Redis store does: leases between processes, and its error messages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from ollama_agent_router.jobs.model import JobStatus
from ollama_agent_router.jobs.redis_store import RedisJobStore, redacted
from ollama_agent_router.jobs.store import JobStoreError
from support.processes import free_port

from .conftest import make_job, redis_store


@pytest.fixture
async def pair(redis_url: str) -> AsyncIterator[tuple[RedisJobStore, RedisJobStore]]:
    """Two connections to the same keys, as two router processes would have."""
    first = redis_store(redis_url)
    second = RedisJobStore(redis_url, prefix=first.prefix)
    await first.open()
    await second.open()
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def test_a_lease_has_one_owner_until_released_or_lapsed(
    pair: tuple[RedisJobStore, RedisJobStore],
) -> None:
    a, b = pair
    job = make_job(1)
    await a.insert(job)

    assert await a.claim(job.id, "a", 60_000)
    assert await a.claim(job.id, "a", 60_000)  # the owner may claim again: it extends
    assert not await b.claim(job.id, "b", 60_000)
    await b.release(job.id, "b")  # not the owner: nothing happens
    assert not await b.claim(job.id, "b", 60_000)
    assert await a.renew([job.id], "a", 60_000) == set()
    assert await b.renew([job.id], "b", 60_000) == {job.id}

    await a.release(job.id, "a")
    assert await b.claim(job.id, "b", 50)
    await asyncio.sleep(0.1)  # b's lease lapses: a may take the job again, b has lost it
    assert await b.renew([job.id], "b", 60_000) == {job.id}
    assert await a.claim(job.id, "a", 60_000)


async def test_finished_jobs_cannot_be_claimed_and_their_leases_are_lost(
    pair: tuple[RedisJobStore, RedisJobStore],
) -> None:
    a, b = pair
    job = make_job(1)
    await a.insert(job)
    assert await a.claim(job.id, "a", 60_000)
    job.status = JobStatus.CANCELLED  # e.g. a cancel received by the other process
    await b.update(job)
    assert await a.renew([job.id, "job_node1_other"], "a", 60_000) == {
        job.id,
        "job_node1_other",
    }
    assert not await b.claim(job.id, "b", 60_000)


async def test_unfinished_leaves_out_leased_jobs(
    pair: tuple[RedisJobStore, RedisJobStore],
) -> None:
    a, b = pair
    queued, running = make_job(1), make_job(2, status=JobStatus.RUNNING)
    await a.insert(queued)
    await a.insert(running)
    assert [j.id for j in await b.unfinished()] == [queued.id, running.id]
    assert await a.claim(running.id, "a", 60_000)
    assert [j.id for j in await b.unfinished()] == [queued.id]
    await a.release(running.id, "a")
    assert [j.id for j in await b.unfinished()] == [queued.id, running.id]


async def test_expire_works_in_batches(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ollama_agent_router.jobs.redis_store.EXPIRE_BATCH", 3)
    store = redis_store(redis_url)
    await store.open()
    try:
        jobs = [make_job(n, status=JobStatus.SUCCEEDED, expires_at=10.0 + n) for n in range(7)]
        for job in reversed(jobs):  # expiry order differs from seq order
            await store.insert(job)
        assert await store.expire(100.0) == [j.id for j in reversed(jobs)]
        counts = await store.count_by_status()
        assert counts[JobStatus.EXPIRED] == 7
        assert counts[JobStatus.SUCCEEDED] == 0
    finally:
        await store.close()


async def test_unreachable_redis_is_a_one_line_error_naming_the_url_without_password() -> None:
    port = free_port()  # nothing listens there
    store = RedisJobStore(f"redis://:s3cret@127.0.0.1:{port}/0", connect_timeout_s=1)
    with pytest.raises(JobStoreError) as caught:
        await store.open()
    message = str(caught.value)
    assert f"redis://:***@127.0.0.1:{port}/0" in message
    assert "s3cret" not in message
    assert "\n" not in message
    with pytest.raises(JobStoreError, match="not open"):
        await store.get("job_node1_x")


async def test_invalid_url_and_closed_store(redis_url: str) -> None:
    with pytest.raises(JobStoreError, match="cannot open job store"):
        await RedisJobStore("http://127.0.0.1:1/0").open()
    store = redis_store(redis_url)
    await store.open()
    await store.close()
    with pytest.raises(JobStoreError, match=r"job store redis://127\.0\.0\.1:\d+/0 is not open"):
        await store.insert(make_job(1))


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("redis://user:pw@redis.internal:6380/2", "redis://user:***@redis.internal:6380/2"),
        ("rediss://:pw@[::1]:6379/0", "rediss://:***@[::1]:6379/0"),
        ("unix:///run/redis.sock?db=1", "unix:///run/redis.sock?db=1"),
    ],
)
def test_redacted(url: str, shown: str) -> None:
    assert redacted(url) == shown


async def test_jobs_stored_before_owners_get_them_when_a_newer_router_opens_the_store(
    redis_url: str,
) -> None:
    old = redis_store(redis_url)
    await old.open()
    jobs = [make_job(n, user=user) for n, user in enumerate(["alice", "10.0.0.7", "alice"])]
    jobs[1].status = JobStatus.SUCCEEDED
    redis = old._redis
    for job in jobs:
        await old.insert(job)
        # what a router before owners left: no owner field, no per-owner sets
        await redis.hdel(f"{old.prefix}:job:{job.id}", "owner")
    await redis.delete(*await redis.keys(f"{old.prefix}:owner*"), f"{old.prefix}:schema")
    await old.close()

    new = RedisJobStore(redis_url, prefix=old.prefix)
    await new.open()
    try:
        alice = await new.list_jobs(limit=10, owner="key:alice")
        assert [job.id for job in alice] == [jobs[2].id, jobs[0].id]
        done = await new.list_jobs(limit=10, owner="addr:10.0.0.7", status=JobStatus.SUCCEEDED)
        assert [job.id for job in done] == [jobs[1].id]
        assert await new._redis.get(f"{old.prefix}:schema") == "2"
    finally:
        await new.close()


async def test_a_store_newer_than_the_router_is_refused(redis_url: str) -> None:
    store = redis_store(redis_url)
    await store.open()
    await store._redis.set(f"{store.prefix}:schema", 99)
    await store.close()
    again = RedisJobStore(redis_url, prefix=store.prefix)
    with pytest.raises(JobStoreError, match="newer than this router"):
        await again.open()
