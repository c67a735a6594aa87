"""Jobs in Redis (``jobs.store: redis``): one store shared by several router processes.

Keys, under a prefix (default ``oar``):

- ``<p>:job:<id>`` — a hash per job: scalar fields as text, payloads as JSON text; a
  field that is ``None`` is absent.
- ``<p>:seq`` — the global counter (``INCR``) that gives every job its ``seq``.
- ``<p>:jobs`` and ``<p>:status:<status>`` — sorted sets of job ids scored by ``seq``:
  newest-first listing overall and per status, with ``seq`` as the cursor.
- ``<p>:expiry`` — finished jobs not yet expired, scored by ``expires_at``.
- ``<p>:lease:<id>`` — the id of the process running the job, with a TTL (``PX``).

Every write that moves a job between sets is one Lua script, so readers never see a job
in two status sets or in none. Leases are compare-and-set scripts on the lease key: a
process runs a job only while it holds the lease, and renews it while the job lives.

Durability is Redis's: a job is acknowledged once Redis has it in memory. To keep
accepted jobs across a Redis restart, run Redis with ``appendonly yes`` (``appendfsync
everysec`` loses at most a second of writes; ``always`` none).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection, Iterator
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from ollama_agent_router.jobs.model import TERMINAL, Job, JobStatus
from ollama_agent_router.jobs.store import JobStoreError, counts_template

__all__ = ["RedisJobStore"]

EXPIRE_BATCH = 500
"""Jobs expired per script call: bounds how long one call blocks Redis."""

_EXPIRABLE = frozenset(TERMINAL - {JobStatus.EXPIRED})
_OPTIONAL = ("started_at", "finished_at", "request", "result", "error")

# KEYS: seq, all jobs, expiry, job hash, status set. ARGV: id, expires_at or "", fields...
_INSERT = """
if redis.call('EXISTS', KEYS[4]) == 1 then
  return redis.error_reply('job ' .. ARGV[1] .. ' already exists')
end
local seq = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[4], 'seq', seq, unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], seq, ARGV[1])
redis.call('ZADD', KEYS[5], seq, ARGV[1])
if ARGV[2] ~= '' then redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1]) end
return seq
"""

# KEYS: job hash, expiry, then one set per status (named by its last segment).
# ARGV: id, new status, expires_at or "", number of field pairs, pairs..., fields to drop...
_UPDATE = """
local old = redis.call('HGET', KEYS[1], 'status')
if not old then return 0 end
local sets = {}
for i = 3, #KEYS do sets[string.match(KEYS[i], '[^:]+$')] = KEYS[i] end
local last = 4 + 2 * tonumber(ARGV[4])
redis.call('HSET', KEYS[1], unpack(ARGV, 5, last))
if #ARGV > last then redis.call('HDEL', KEYS[1], unpack(ARGV, last + 1)) end
if old ~= ARGV[2] then
  local seq = redis.call('HGET', KEYS[1], 'seq')
  redis.call('ZREM', sets[old], ARGV[1])
  redis.call('ZADD', sets[ARGV[2]], seq, ARGV[1])
end
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
end
return 1
"""

# KEYS: expiry, then one set per status. ARGV: job key prefix, now, batch size.
# Returns the number of ids scanned, then (seq, id) of each job it expired.
_EXPIRE = """
local sets = {}
for i = 2, #KEYS do sets[string.match(KEYS[i], '[^:]+$')] = KEYS[i] end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, ARGV[3])
local out = {#ids}
for _, id in ipairs(ids) do
  local key = ARGV[1] .. id
  local status = redis.call('HGET', key, 'status')
  redis.call('ZREM', KEYS[1], id)
  if status == 'succeeded' or status == 'failed' or status == 'cancelled' then
    local seq = redis.call('HGET', key, 'seq')
    redis.call('HSET', key, 'status', 'expired')
    redis.call('HDEL', key, 'request', 'result', 'error')
    redis.call('ZREM', sets[status], id)
    redis.call('ZADD', sets['expired'], seq, id)
    table.insert(out, seq)
    table.insert(out, id)
  end
end
return out
"""

_FINISHED = "local function finished(s) return s == 'succeeded' or s == 'failed' " + (
    "or s == 'cancelled' or s == 'expired' end\n"
)

# KEYS: lease, job hash. ARGV: owner, ttl ms. A finished job cannot be claimed.
_CLAIM = (
    _FINISHED
    + """
if finished(redis.call('HGET', KEYS[2], 'status')) then return 0 end
local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""
)

# KEYS: (lease, job hash) pairs. ARGV: owner, ttl ms. Returns the 1-based pair numbers lost.
_RENEW = (
    _FINISHED
    + """
local lost = {}
for i = 1, #KEYS, 2 do
  if redis.call('GET', KEYS[i]) == ARGV[1]
      and not finished(redis.call('HGET', KEYS[i + 1], 'status')) then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
  else
    table.insert(lost, (i + 1) / 2)
  end
end
return lost
"""
)

# KEYS: lease. ARGV: owner.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def _dumps(value: Any) -> str:
    # ensure_ascii keeps lone surrogates (legal in a decoded JSON prompt) storable as UTF-8
    return json.dumps(value, separators=(",", ":"))


def _fields(job: Job) -> tuple[list[str], list[str]]:
    """Field/value pairs to set, and the names of ``None`` fields to drop."""
    values: dict[str, str | None] = {
        "id": job.id,
        "status": job.status.value,
        "task_type": job.task_type,
        "selected_model": job.selected_model,
        "priority": job.priority,
        "user": job.user,
        "attempts": str(job.attempts),
        "created_at": repr(job.created_at),
        "expires_at": repr(job.expires_at),
        "meta": _dumps(job.meta),
        "started_at": None if job.started_at is None else repr(job.started_at),
        "finished_at": None if job.finished_at is None else repr(job.finished_at),
        "request": None if job.request is None else _dumps(job.request),
        "result": None if job.result is None else _dumps(job.result),
        "error": None if job.error is None else _dumps(job.error),
    }
    pairs = [text for name, value in values.items() if value is not None for text in (name, value)]
    drop = [name for name in _OPTIONAL if values[name] is None]
    return pairs, drop


def _optional_float(text: str | None) -> float | None:
    return None if text is None else float(text)


def _optional_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _job(h: dict[str, str]) -> Job:
    return Job(
        seq=int(h["seq"]),
        id=h["id"],
        status=JobStatus(h["status"]),
        task_type=h["task_type"],
        selected_model=h["selected_model"],
        priority=h["priority"],
        user=h["user"],
        attempts=int(h["attempts"]),
        created_at=float(h["created_at"]),
        expires_at=float(h["expires_at"]),
        started_at=_optional_float(h.get("started_at")),
        finished_at=_optional_float(h.get("finished_at")),
        request=_optional_json(h.get("request")),
        result=_optional_json(h.get("result")),
        error=_optional_json(h.get("error")),
        meta=json.loads(h["meta"]),
    )


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        userinfo, _, host = parts.netloc.rpartition("@")
        user = userinfo.partition(":")[0]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    except ValueError:
        return "<invalid redis url>"


class RedisJobStore:
    """A :class:`~ollama_agent_router.jobs.store.JobStore` in Redis, shared by processes.

    ``prefix`` namespaces every key, so several routers (or test runs) can share one
    Redis database without seeing each other's jobs.
    """

    shared = True

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "oar",
        connect_timeout_s: float = 5.0,
        socket_timeout_s: float = 10.0,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self._connect_timeout = connect_timeout_s
        self._socket_timeout = socket_timeout_s
        self._client: Redis | None = None
        self._k_seq = f"{prefix}:seq"
        self._k_all = f"{prefix}:jobs"
        self._k_expiry = f"{prefix}:expiry"
        self._k_status = {status: f"{prefix}:status:{status.value}" for status in JobStatus}
        self._status_keys = list(self._k_status.values())
        self._scripts: dict[str, AsyncScript] = {}

    def _k_job(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}"

    def _k_lease(self, job_id: str) -> str:
        return f"{self.prefix}:lease:{job_id}"

    # lifecycle

    async def open(self) -> None:
        if self._client is not None:
            return
        try:
            client = Redis.from_url(
                self.url,
                decode_responses=True,
                socket_connect_timeout=self._connect_timeout,
                socket_timeout=self._socket_timeout,
            )
        except ValueError as exc:
            raise JobStoreError(f"cannot open job store {redacted(self.url)}: {exc}") from exc
        try:
            await client.ping()
        except RedisError as exc:
            await client.aclose()
            raise JobStoreError(f"cannot open job store {redacted(self.url)}: {exc}") from exc
        self._scripts = {
            name: client.register_script(source)
            for name, source in (
                ("insert", _INSERT),
                ("update", _UPDATE),
                ("expire", _EXPIRE),
                ("claim", _CLAIM),
                ("renew", _RENEW),
                ("release", _RELEASE),
            )
        }
        self._client = client

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    @property
    def _redis(self) -> Redis:
        if self._client is None:
            raise JobStoreError(f"job store {redacted(self.url)} is not open")
        return self._client

    @contextlib.contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """Redis errors name neither the store nor the operation: say both, in one line."""
        try:
            yield
        except RedisError as exc:
            cause = " ".join(str(exc).split()) or type(exc).__name__
            raise JobStoreError(f"job store {redacted(self.url)}: {what} failed: {cause}") from exc

    async def _script(self, name: str, keys: list[str], args: list[Any]) -> Any:
        return await self._scripts[name](keys=keys, args=args, client=self._redis)

    # the JobStore interface

    async def insert(self, job: Job) -> None:
        pairs, _ = _fields(job)
        expires = repr(job.expires_at) if job.status in _EXPIRABLE else ""
        keys = [self._k_seq, self._k_all, self._k_expiry, self._k_job(job.id)]
        keys.append(self._k_status[job.status])
        with self._errors("insert"):
            seq = await self._script("insert", keys, [job.id, expires, *pairs])
        job.seq = int(seq)

    async def update(self, job: Job) -> None:
        pairs, drop = _fields(job)
        expires = repr(job.expires_at) if job.status in _EXPIRABLE else ""
        keys = [self._k_job(job.id), self._k_expiry, *self._status_keys]
        args = [job.id, job.status.value, expires, len(pairs) // 2, *pairs, *drop]
        with self._errors("update"):
            await self._script("update", keys, args)

    async def get(self, job_id: str) -> Job | None:
        with self._errors("get"):
            h = cast(dict[str, str], await self._redis.hgetall(self._k_job(job_id)))
        return _job(h) if h else None

    async def list_jobs(
        self, *, limit: int, status: JobStatus | None = None, before: int | None = None
    ) -> list[Job]:
        if limit <= 0:
            return []
        key = self._k_all if status is None else self._k_status[status]
        top = "+inf" if before is None else f"({before}"
        with self._errors("list"):
            found = await self._redis.zrevrangebyscore(key, top, "-inf", start=0, num=limit)
            ids = cast(list[str], found)
            jobs = await self._load(ids)
        # a job may change status between the two reads: keep the listing honest
        return [job for job in jobs if status is None or job.status is status]

    async def _load(self, ids: list[str]) -> list[Job]:
        if not ids:
            return []
        async with self._redis.pipeline(transaction=False) as pipe:
            for job_id in ids:
                pipe.hgetall(self._k_job(job_id))
            hashes: list[dict[str, str]] = await pipe.execute()
        return [_job(h) for h in hashes if h]

    async def unfinished(self) -> list[Job]:
        """Queued and running jobs that no process holds a lease on, oldest first."""
        with self._errors("unfinished"):
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.zrange(self._k_status[JobStatus.QUEUED], 0, -1, withscores=True)
                pipe.zrange(self._k_status[JobStatus.RUNNING], 0, -1, withscores=True)
                queued, running = await pipe.execute()
            ids = [job_id for job_id, _ in sorted([*queued, *running], key=lambda p: p[1])]
            if not ids:
                return []
            async with self._redis.pipeline(transaction=False) as pipe:
                for job_id in ids:
                    pipe.exists(self._k_lease(job_id))
                leased: list[int] = await pipe.execute()
            jobs = await self._load([i for i, held in zip(ids, leased, strict=True) if not held])
        return [job for job in jobs if not job.terminal]

    async def expire(self, now: float) -> list[str]:
        keys = [self._k_expiry, *self._status_keys]
        expired: list[tuple[int, str]] = []
        with self._errors("expire"):
            while True:
                out = await self._script("expire", keys, [self._k_job(""), repr(now), EXPIRE_BATCH])
                expired.extend((int(out[i]), out[i + 1]) for i in range(1, len(out), 2))
                if int(out[0]) < EXPIRE_BATCH:
                    break
        return [job_id for _, job_id in sorted(expired)]

    async def count_by_status(self) -> dict[JobStatus, int]:
        counts = counts_template()
        with self._errors("count"):
            async with self._redis.pipeline(transaction=False) as pipe:
                for key in self._status_keys:
                    pipe.zcard(key)
                sizes: list[int] = await pipe.execute()
        for status, size in zip(self._k_status, sizes, strict=True):
            counts[status] = size
        return counts

    # leases

    async def claim(self, job_id: str, owner: str, ttl_ms: int) -> bool:
        keys = [self._k_lease(job_id), self._k_job(job_id)]
        with self._errors("claim"):
            return bool(await self._script("claim", keys, [owner, ttl_ms]))

    async def renew(self, job_ids: Collection[str], owner: str, ttl_ms: int) -> set[str]:
        ids = list(job_ids)
        if not ids:
            return set()
        keys = [key for job_id in ids for key in (self._k_lease(job_id), self._k_job(job_id))]
        with self._errors("renew"):
            lost = await self._script("renew", keys, [owner, ttl_ms])
        return {ids[int(n) - 1] for n in lost}

    async def release(self, job_id: str, owner: str) -> None:
        with self._errors("release"):
            await self._script("release", [self._k_lease(job_id)], [owner])
