"""Jobs in a SQLite file (``jobs.store: sqlite``): the durable default.

A 202 promises that the job survives a crash, so ``insert`` returns only after the row is
committed. Every write goes through one writer thread fed by a queue (the datasette
model): no two writers ever contend for the file lock, and when writes pile up the thread
commits all of them in one ``BEGIN IMMEDIATE`` transaction, so one disk flush pays for
many jobs. Reads use their own connections on a small thread pool; in WAL mode they never
wait for the writer.

Durability: WAL with ``synchronous=FULL`` by default. WAL+NORMAL already survives a
``kill -9`` of the process (a commit is in the OS page cache before ``insert`` returns),
but a kernel panic or power cut can lose the last commits; FULL fsyncs the WAL on every
commit, and batching keeps that affordable. ``synchronous="NORMAL"`` is available for
those who accept the trade.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import queue
import sqlite3
import stat
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from ollama_agent_router.jobs.model import Job, JobStatus, legacy_owner
from ollama_agent_router.jobs.store import (
    DuplicateJobError,
    JobStoreError,
    OneProcess,
    counts_template,
)

__all__ = ["SCHEMA_VERSION", "JobStoreError", "SqliteJobStore"]

T = TypeVar("T")

SCHEMA_VERSION = 2
MAX_BATCH = 512
"""Most writes committed in one transaction; bounds how long a batch holds the lock."""

_SCHEMA_V1 = (
    """CREATE TABLE jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        task_type TEXT NOT NULL,
        selected_model TEXT NOT NULL,
        priority TEXT NOT NULL,
        user TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        created_at REAL NOT NULL,
        started_at REAL,
        finished_at REAL,
        expires_at REAL NOT NULL,
        request_json TEXT,
        result_json TEXT,
        error_json TEXT,
        meta_json TEXT NOT NULL
    )""",
    "CREATE INDEX jobs_status_seq ON jobs (status, seq)",
    "CREATE INDEX jobs_created_at ON jobs (created_at)",
    # only jobs that can still expire: the cleanup never rescans old expired rows
    "CREATE INDEX jobs_expires_at ON jobs (expires_at)"
    " WHERE status IN ('succeeded', 'failed', 'cancelled')",
)


def _owners_from_users(conn: sqlite3.Connection) -> None:
    """Jobs stored before owners existed belong to the caller recorded as their user."""
    users = [row[0] for row in conn.execute("SELECT DISTINCT user FROM jobs")]
    for user in users:
        conn.execute("UPDATE jobs SET owner = ? WHERE user = ?", (legacy_owner(user), user))


_SCHEMA_V2 = (
    "ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE jobs ADD COLUMN idempotency_key TEXT",
    "ALTER TABLE jobs ADD COLUMN request_hash TEXT",
    "ALTER TABLE jobs ADD COLUMN retry_at REAL",
    _owners_from_users,
    # a caller's listing, with and without a status filter, walks an index newest first
    "CREATE INDEX jobs_owner_seq ON jobs (owner, seq)",
    "CREATE INDEX jobs_owner_status_seq ON jobs (owner, status, seq)",
    # one live job per owner and key: a concurrent duplicate fails its insert
    "CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key)"
    " WHERE idempotency_key IS NOT NULL",
)

Migration = str | Callable[[sqlite3.Connection], None]

MIGRATIONS: dict[int, Sequence[Migration]] = {0: _SCHEMA_V1, 1: _SCHEMA_V2}
"""Steps taking the schema from version ``key`` to ``key + 1``, run in one transaction:
statements, or functions of the connection for what SQL alone cannot say."""

_COLUMNS = (
    "seq, id, status, task_type, selected_model, priority, user, attempts, created_at,"
    " started_at, finished_at, expires_at, request_json, result_json, error_json, meta_json,"
    " owner, idempotency_key, request_hash, retry_at"
)
_INSERT = (
    "INSERT INTO jobs (id, status, task_type, selected_model, priority, user, attempts,"
    " created_at, started_at, finished_at, expires_at, request_json, result_json,"
    " error_json, meta_json, retry_at, owner, idempotency_key, request_hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# owner, idempotency key and request hash are set once, by the insert
_UPDATE = (
    "UPDATE jobs SET status = ?, task_type = ?, selected_model = ?, priority = ?, user = ?,"
    " attempts = ?, created_at = ?, started_at = ?, finished_at = ?, expires_at = ?,"
    " request_json = ?, result_json = ?, error_json = ?, meta_json = ?, retry_at = ?"
    " WHERE id = ?"
)
# the terminal statuses except ``expired``, spelled out because a partial index needs literals;
# INDEXED BY because, without statistics, the planner would rather scan every finished job
_EXPIRABLE = "expires_at <= ? AND status IN ('succeeded', 'failed', 'cancelled')"
_EXPIRE_SELECT = f"SELECT id FROM jobs INDEXED BY jobs_expires_at WHERE {_EXPIRABLE} ORDER BY seq"
_EXPIRE_UPDATE = (  # an expired job's idempotency key is free again
    "UPDATE jobs INDEXED BY jobs_expires_at SET status = 'expired', request_json = NULL,"
    f" result_json = NULL, error_json = NULL, idempotency_key = NULL WHERE {_EXPIRABLE}"
)


@dataclass(slots=True)
class _Write:
    """One queued write: a function of the writer connection and where to send its result."""

    fn: Callable[[sqlite3.Connection], Any]
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop


_STOP = object()


def _dumps(value: dict[str, Any] | None) -> str | None:
    # ensure_ascii keeps lone surrogates (legal in a decoded JSON prompt) storable as UTF-8
    return None if value is None else json.dumps(value, separators=(",", ":"))


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _fields(job: Job) -> tuple[Any, ...]:
    """The mutable columns in ``_UPDATE`` order (``_INSERT`` puts ``id`` first)."""
    return (
        job.status.value,
        job.task_type,
        job.selected_model,
        job.priority,
        job.user,
        job.attempts,
        job.created_at,
        job.started_at,
        job.finished_at,
        job.expires_at,
        _dumps(job.request),
        _dumps(job.result),
        _dumps(job.error),
        json.dumps(job.meta, separators=(",", ":")),
        job.retry_at,
    )


def _job(row: tuple[Any, ...]) -> Job:
    return Job(
        seq=row[0],
        id=row[1],
        status=JobStatus(row[2]),
        task_type=row[3],
        selected_model=row[4],
        priority=row[5],
        user=row[6],
        attempts=row[7],
        created_at=row[8],
        started_at=row[9],
        finished_at=row[10],
        expires_at=row[11],
        request=_loads(row[12]),
        result=_loads(row[13]),
        error=_loads(row[14]),
        meta=json.loads(row[15]),
        owner=row[16],
        idempotency_key=row[17],
        request_hash=row[18],
        retry_at=row[19],
    )


def _resolve(future: asyncio.Future[Any], value: Any, error: BaseException | None) -> None:
    if future.done():  # the caller was cancelled; the write happened regardless
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)


class SqliteJobStore(OneProcess):
    """A :class:`~ollama_agent_router.jobs.store.JobStore` in one SQLite file.

    ``open()`` creates the parent folder and the file (mode 0600: it holds prompts),
    applies migrations and starts the writer; ``close()`` commits every queued write first.
    One process owns the file, so leases are always granted.
    """

    def __init__(
        self,
        path: Path,
        *,
        synchronous: Literal["FULL", "NORMAL"] = "FULL",
        readers: int = 4,
        busy_timeout_ms: int = 5000,
    ) -> None:
        self.path = Path(path)
        self._synchronous = synchronous
        self._readers = max(1, readers)
        self._busy_timeout_ms = busy_timeout_ms
        self._queue: queue.SimpleQueue[_Write | object] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._read_pool: ThreadPoolExecutor | None = None
        self._read_conns: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._all_conns: list[sqlite3.Connection] = []
        self._open = False

    # lifecycle

    async def open(self) -> None:
        if self._open:
            return
        writer = await asyncio.to_thread(self._open_sync)
        self._writer = threading.Thread(
            target=self._write_loop, args=(writer,), name="jobstore-writer", daemon=True
        )
        self._writer.start()
        self._read_pool = ThreadPoolExecutor(self._readers, thread_name_prefix="jobstore-read")
        self._open = True

    async def close(self) -> None:
        if not self._open:
            return
        self._open = False  # refuse new work; what is queued still commits
        self._queue.put(_STOP)
        await asyncio.to_thread(self._close_sync)

    def _close_sync(self) -> None:
        if self._read_pool is not None:
            self._read_pool.shutdown(wait=True)
        while not self._read_conns.empty():
            self._read_conns.get_nowait().close()
        if self._writer is not None:
            self._writer.join()
        self._all_conns.clear()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._all_conns.append(conn)
        conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
        return conn

    def _open_sync(self) -> sqlite3.Connection:
        """Create, check and migrate the file; return the writer's connection."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
                    os.fchmod(fd, 0o600)
            finally:
                os.close(fd)
            writer = self._connect()
            mode = writer.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                raise sqlite3.OperationalError(f"cannot switch to WAL (journal mode {mode})")
            writer.execute(f"PRAGMA synchronous = {self._synchronous}")
            self._migrate(writer)
            for _ in range(self._readers):
                reader = self._connect()
                reader.execute("PRAGMA query_only = ON")
                self._read_conns.put(reader)
        except (OSError, sqlite3.Error) as exc:
            for conn in self._all_conns:
                conn.close()
            self._all_conns.clear()
            while not self._read_conns.empty():
                self._read_conns.get_nowait()
            raise JobStoreError(f"cannot open job store {self.path}: {_reason(exc)}") from exc
        return writer

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")  # also proves the file is writable
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"schema version {version} is newer than this router's {SCHEMA_VERSION}"
                )
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    if isinstance(statement, str):
                        conn.execute(statement)
                    else:
                        statement(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # the writer

    async def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if not self._open:
            raise JobStoreError(f"job store {self.path} is not open")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put(_Write(fn, future, loop))
        return await future

    def _write_loop(self, conn: sqlite3.Connection) -> None:
        try:
            stop = False
            while not stop:
                batch: list[_Write] = []
                item = self._queue.get()
                while True:
                    if item is _STOP:
                        stop = True
                        break
                    assert isinstance(item, _Write)
                    batch.append(item)
                    if len(batch) >= MAX_BATCH:
                        break
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                if batch:
                    self._commit(conn, batch)
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA optimize")  # cheap; keeps the planner's statistics fresh
            conn.close()

    def _commit(self, conn: sqlite3.Connection, batch: list[_Write]) -> None:
        """Run a batch in one transaction; a failing write fails alone (its savepoint)."""
        outcomes: list[tuple[_Write, Any, BaseException | None]] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            for write in batch:
                conn.execute("SAVEPOINT write")
                try:
                    value = write.fn(conn)
                except Exception as exc:
                    conn.execute("ROLLBACK TO write")
                    outcomes.append((write, None, self._error("write failed", exc)))
                else:
                    outcomes.append((write, value, None))
                conn.execute("RELEASE write")
            conn.execute("COMMIT")
        except Exception as exc:  # never let the writer die: every waiter gets an answer
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            error = self._error("write failed", exc)
            outcomes = [(write, None, error) for write in batch]
        by_loop = itertools.groupby(outcomes, key=lambda outcome: outcome[0].loop)
        for loop, group in by_loop:
            settled = [(w.future, value, error) for w, value, error in group]
            with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits
                loop.call_soon_threadsafe(_settle, settled)

    # reads

    async def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if not self._open or self._read_pool is None:
            raise JobStoreError(f"job store {self.path} is not open")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._read_pool, self._with_reader, fn)

    def _with_reader(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._read_conns.get()
        try:
            return fn(conn)
        except sqlite3.Error as exc:
            raise self._error("read failed", exc) from exc
        finally:
            self._read_conns.put(conn)

    def _error(self, what: str, exc: Exception) -> Exception:
        """SQLite's errors name neither the file nor the store: wrap them; keep others."""
        if not isinstance(exc, sqlite3.Error):
            return exc
        error = JobStoreError(f"job store {self.path}: {what}: {exc}")
        error.__cause__ = exc
        return error

    # the JobStore interface

    async def insert(self, job: Job) -> None:
        params = (job.id, *_fields(job), job.owner, job.idempotency_key, job.request_hash)
        owner, key = job.owner, job.idempotency_key

        def insert(conn: sqlite3.Connection) -> int:
            try:
                cursor = conn.execute(_INSERT, params)
            except sqlite3.IntegrityError:
                holder = conn.execute(
                    "SELECT id FROM jobs WHERE owner = ? AND idempotency_key = ?", (owner, key)
                ).fetchone()
                if key is None or holder is None:
                    raise
                raise DuplicateJobError(holder[0]) from None
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        job.seq = await self._write(insert)

    async def update(self, job: Job) -> None:
        params = (*_fields(job), job.id)
        await self._write(lambda conn: conn.execute(_UPDATE, params))

    async def get(self, job_id: str) -> Job | None:
        def get(conn: sqlite3.Connection) -> Job | None:
            row = conn.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
            return None if row is None else _job(row)

        return await self._read(get)

    async def list_jobs(
        self,
        *,
        limit: int,
        status: JobStatus | None = None,
        before: int | None = None,
        owner: str | None = None,
    ) -> list[Job]:
        where: list[str] = []
        params: list[Any] = []
        if owner is not None:
            where.append("owner = ?")
            params.append(owner)
        if status is not None:
            where.append("status = ?")
            params.append(status.value)
        if before is not None:
            where.append("seq < ?")
            params.append(before)
        sql = f"SELECT {_COLUMNS} FROM jobs"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq DESC LIMIT ?"
        params.append(max(0, limit))
        return await self._read(lambda conn: [_job(r) for r in conn.execute(sql, params)])

    async def find_by_key(self, owner: str, idempotency_key: str) -> Job | None:
        sql = f"SELECT {_COLUMNS} FROM jobs WHERE owner = ? AND idempotency_key = ?"

        def find(conn: sqlite3.Connection) -> Job | None:
            row = conn.execute(sql, (owner, idempotency_key)).fetchone()
            return None if row is None else _job(row)

        return await self._read(find)

    async def unfinished(self) -> list[Job]:
        sql = f"SELECT {_COLUMNS} FROM jobs WHERE status IN (?, ?) ORDER BY seq"
        params = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
        return await self._read(lambda conn: [_job(r) for r in conn.execute(sql, params)])

    async def expire(self, now: float) -> list[str]:
        def expire(conn: sqlite3.Connection) -> list[str]:
            ids = [row[0] for row in conn.execute(_EXPIRE_SELECT, (now,))]
            conn.execute(_EXPIRE_UPDATE, (now,))
            return ids

        return await self._write(expire)

    async def count_by_status(self) -> dict[JobStatus, int]:
        def count(conn: sqlite3.Connection) -> dict[JobStatus, int]:
            counts = counts_template()
            for status, n in conn.execute("SELECT status, count(*) FROM jobs GROUP BY status"):
                counts[JobStatus(status)] = n
            return counts

        return await self._read(count)


def _reason(exc: OSError | sqlite3.Error) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror + (f" ({exc.filename})" if exc.filename else "")
    return str(exc)


def _settle(settled: list[tuple[asyncio.Future[Any], Any, BaseException | None]]) -> None:
    for future, value, error in settled:
        _resolve(future, value, error)
