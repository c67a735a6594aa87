"""What only the SQLite store promises: the file, durability, batching, clear errors."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from ollama_agent_router.jobs import sqlite as sqlite_module
from ollama_agent_router.jobs.model import JobStatus
from ollama_agent_router.jobs.sqlite import SCHEMA_VERSION, JobStoreError, SqliteJobStore

from .conftest import make_job


async def test_jobs_survive_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    store = SqliteJobStore(path)
    await store.open()
    jobs = [make_job(n) for n in range(5)]
    for job in jobs:
        await store.insert(job)
    jobs[1].status = JobStatus.SUCCEEDED
    jobs[1].result = {"ok": True}
    await store.update(jobs[1])
    await store.close()

    reopened = SqliteJobStore(path)
    await reopened.open()
    try:
        assert await reopened.list_jobs(limit=10) == jobs[::-1]
        later = make_job(5)
        await reopened.insert(later)
        assert later.seq > jobs[-1].seq  # the cursor keeps growing across restarts
    finally:
        await reopened.close()


CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from ollama_agent_router.jobs.model import Job, JobStatus
    from ollama_agent_router.jobs.sqlite import SqliteJobStore

    async def worker(store, w):
        for i in range(1_000_000):
            job = Job(id=f"job_n_{w}_{i}", status=JobStatus.QUEUED, task_type="chat",
                      selected_model="m", request={"i": i}, priority="normal",
                      created_at=0.0, expires_at=1.0)
            await store.insert(job)
            sys.stdout.write(job.id + "\\n")
            sys.stdout.flush()

    async def main():
        store = SqliteJobStore(Path(sys.argv[1]))
        await store.open()
        await asyncio.gather(*(worker(store, w) for w in range(8)))

    asyncio.run(main())
    """
)


async def test_every_inserted_job_survives_sigkill(tmp_path: Path) -> None:
    """The 202 promise: once ``insert`` returned, a ``kill -9`` cannot lose the job."""
    path = tmp_path / "jobs.db"
    acknowledged: list[str] = []

    def run_and_kill() -> None:
        with subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                acknowledged.append(line)
                if len(acknowledged) == 300:
                    proc.send_signal(signal.SIGKILL)  # mid-stream: writes are still in flight
                    break
            acknowledged.extend(proc.stdout)  # acknowledged before it died
            _, err = proc.communicate(timeout=10)
            assert proc.returncode == -signal.SIGKILL, err

    await asyncio.to_thread(run_and_kill)
    ids = [line.strip() for line in acknowledged if line.endswith("\n")]
    assert len(ids) >= 300

    store = SqliteJobStore(path)
    await store.open()
    try:
        missing = [job_id for job_id in ids if await store.get(job_id) is None]
        counts = await store.count_by_status()
    finally:
        await store.close()
    assert missing == []
    assert counts[JobStatus.QUEUED] >= len(ids)


async def test_concurrent_writes_share_transactions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteJobStore(tmp_path / "jobs.db")
    batches: list[int] = []
    commit = SqliteJobStore._commit

    def counting(self: SqliteJobStore, conn: sqlite3.Connection, batch: list[object]) -> None:
        batches.append(len(batch))
        commit(self, conn, batch)  # type: ignore[arg-type]

    monkeypatch.setattr(SqliteJobStore, "_commit", counting)
    await store.open()
    try:
        jobs = [make_job(n) for n in range(400)]
        await asyncio.gather(*(store.insert(job) for job in jobs))
        for job in jobs[::2]:
            job.status = JobStatus.RUNNING
        await asyncio.gather(*(store.update(job) for job in jobs[::2]))

        assert len({job.seq for job in jobs}) == 400
        assert sum(batches) == 600
        assert len(batches) < 100  # hundreds of writes, a handful of commits
        assert await store.count_by_status() == {
            **dict.fromkeys(JobStatus, 0),
            JobStatus.QUEUED: 200,
            JobStatus.RUNNING: 200,
        }
    finally:
        await store.close()


async def test_a_failing_write_fails_alone(tmp_path: Path) -> None:
    store = SqliteJobStore(tmp_path / "jobs.db")
    await store.open()
    try:
        await store.insert(make_job(0))
        results = await asyncio.gather(
            store.insert(make_job(1)),
            store.insert(make_job(0)),  # duplicate id
            store.insert(make_job(2)),
            return_exceptions=True,
        )
        assert results[0] is None
        assert isinstance(results[1], JobStoreError)
        assert "UNIQUE constraint failed" in str(results[1])
        assert isinstance(results[1].__cause__, sqlite3.IntegrityError)
        assert results[2] is None
        assert len(await store.list_jobs(limit=10)) == 3
    finally:
        await store.close()


async def test_close_commits_queued_writes_then_refuses_more(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    store = SqliteJobStore(path)
    await store.open()
    jobs = [make_job(n) for n in range(50)]
    tasks = [asyncio.create_task(store.insert(job)) for job in jobs]
    await asyncio.sleep(0)  # every insert is queued, none is committed yet
    await store.close()
    await asyncio.gather(*tasks)
    with pytest.raises(JobStoreError, match="not open"):
        await store.insert(make_job(99))
    with pytest.raises(JobStoreError, match="not open"):
        await store.get(jobs[0].id)

    reopened = SqliteJobStore(path)
    await reopened.open()
    try:
        assert len(await reopened.list_jobs(limit=100)) == 50
    finally:
        await reopened.close()


async def test_file_is_private_and_its_folder_created(tmp_path: Path) -> None:
    path = tmp_path / "state" / "nested" / "jobs.db"
    store = SqliteJobStore(path)
    await store.open()
    try:
        await store.insert(make_job(1))
        for file in (path, Path(f"{path}-wal")):
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    finally:
        await store.close()


async def test_existing_file_with_loose_mode_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    store = SqliteJobStore(path)
    await store.open()
    await store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "jobs.db"
    path.write_bytes(b"this is not a database file, just some text that is long enough" * 20)
    return path


def _a_directory(tmp_path: Path) -> Path:
    path = tmp_path / "jobs.db"
    path.mkdir()
    return path


def _parent_is_a_file(tmp_path: Path) -> Path:
    (tmp_path / "state").write_text("a file where the folder should be")
    return tmp_path / "state" / "jobs.db"


def _from_the_future(tmp_path: Path) -> Path:
    path = tmp_path / "jobs.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    return path


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (_not_a_database, "not a database"),
        (_a_directory, "Is a directory"),
        (_parent_is_a_file, "Not a directory|File exists"),
        (_from_the_future, "newer than this router"),
    ],
)
async def test_unusable_file_is_a_clear_error_naming_it(
    tmp_path: Path, prepare: Callable[[Path], Path], message: str
) -> None:
    path = prepare(tmp_path)
    store = SqliteJobStore(path)
    with pytest.raises(JobStoreError, match=message) as caught:
        await store.open()
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)
    with pytest.raises(JobStoreError, match="not open"):
        await store.get("job_x_y")
    await store.close()  # harmless after a failed open


async def test_a_cancelled_caller_leaves_the_writer_working(tmp_path: Path) -> None:
    store = SqliteJobStore(tmp_path / "jobs.db")
    await store.open()
    try:
        job = make_job(1)
        task = asyncio.create_task(store.insert(job))
        await asyncio.sleep(0)  # queued
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await store.insert(make_job(2))
        # the queued write was not taken back: only its acknowledgement was lost
        assert await store.get(job.id) is not None
    finally:
        await store.close()


async def test_expire_reads_only_jobs_that_can_expire(tmp_path: Path) -> None:
    """Expired jobs are retained forever; the periodic cleanup must not rescan them."""
    path = tmp_path / "jobs.db"
    store = SqliteJobStore(path)
    await store.open()
    await store.close()
    conn = sqlite3.connect(path)
    try:
        for sql in (sqlite_module._EXPIRE_SELECT, sqlite_module._EXPIRE_UPDATE):
            plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", (1.0,)))
            assert "USING INDEX jobs_expires_at (expires_at<?)" in plan, plan
    finally:
        conn.close()


def _schema_1_file(path: Path, users: list[str]) -> None:
    """A jobs file as schema version 1 wrote it (before owners), one job per user."""
    conn = sqlite3.connect(path)
    for statement in sqlite_module.MIGRATIONS[0]:
        assert isinstance(statement, str)
        conn.execute(statement)
    for n, user in enumerate(users):
        conn.execute(
            "INSERT INTO jobs (id, status, task_type, selected_model, priority, user, attempts,"
            " created_at, expires_at, request_json, meta_json)"
            " VALUES (?, 'queued', 'coding', 'm', 'normal', ?, 0, ?, 9e9, '{}', '{}')",
            (f"job_node1_old{n}", user, 1000.0 + n),
        )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


async def test_a_schema_1_file_is_migrated_and_its_jobs_keep_their_callers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "jobs.db"
    _schema_1_file(path, ["alice", "10.0.0.7", "::1", "unknown", "alice"])
    store = SqliteJobStore(path)
    await store.open()
    try:
        owners = {job.id: job.owner for job in await store.list_jobs(limit=10)}
        assert owners == {
            "job_node1_old0": "key:alice",
            "job_node1_old1": "addr:10.0.0.7",
            "job_node1_old2": "addr:::1",
            "job_node1_old3": "addr:unknown",
            "job_node1_old4": "key:alice",
        }
        alice = await store.list_jobs(limit=10, owner="key:alice")
        assert [job.id for job in alice] == ["job_node1_old4", "job_node1_old0"]
        assert all(job.idempotency_key is None and job.retry_at is None for job in alice)
        fresh = make_job(9, owner="key:alice", idempotency_key="k", request_hash="h")
        await store.insert(fresh)
        assert await store.find_by_key("key:alice", "k") == fresh
    finally:
        await store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()


@pytest.mark.parametrize(
    ("where", "index"),
    [
        ("owner = 'key:a' ORDER BY seq DESC", "jobs_owner_seq"),
        ("owner = 'key:a' AND seq < 5 ORDER BY seq DESC", "jobs_owner_seq"),
        (
            "owner = 'key:a' AND status = 'queued' AND seq < 5 ORDER BY seq DESC",
            "jobs_owner_status_seq",
        ),
        ("owner = 'key:a' AND idempotency_key = 'k'", "jobs_idempotency"),
    ],
)
async def test_a_callers_listing_and_key_lookup_use_an_index(
    tmp_path: Path, where: str, index: str
) -> None:
    path = tmp_path / "jobs.db"
    store = SqliteJobStore(path)
    await store.open()
    await store.close()
    conn = sqlite3.connect(path)
    plan = " ".join(
        row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN SELECT * FROM jobs WHERE {where}")
    )
    conn.close()
    assert f"USING INDEX {index}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # no sort: the index gives newest first
