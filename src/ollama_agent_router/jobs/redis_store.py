"""Jobs in Redis (``jobs.store: redis``): one store shared by several router processes.

Keys, under a prefix (default ``oar``):

- ``<p>:job:<id>`` — a hash per job: scalar fields as text, payloads as JSON text; a
  field that is ``None`` is absent.
- ``<p>:seq`` — the global counter (``INCR``) that gives every job its ``seq``.
- ``<p>:jobs`` and ``<p>:status:<status>`` — sorted sets of job ids scored by ``seq``:
  newest-first listing overall and per status, with ``seq`` as the cursor.
- ``<p>:owner:<owner>`` and ``<p>:ownerstatus:<status>:<owner>`` — the same per owner,
  so a caller's listing reads only its own jobs.
- ``<p>:idem:<sha1 of owner and Idempotency-Key>`` — the id of the job holding that key,
  until the job expires.
- ``<p>:expiry`` — finished jobs not yet expired, scored by ``expires_at``.
- ``<p>:lease:<id>`` — the id of the process running the job, with a TTL (``PX``).
- ``<p>:schema`` — the layout version; ``open()`` brings older data up to date.

Every write that moves a job between sets is one Lua script, so readers never see a job
in two status sets or in none. Leases are compare-and-set scripts on the lease key: a
process runs a job only while it holds the lease, and renews it while the job lives.

Durability is Redis's: a job is acknowledged once Redis has it in memory. To keep
accepted jobs across a Redis restart, run Redis with ``appendonly yes`` (``appendfsync
everysec`` loses at most a second of writes; ``always`` none).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Collection, Iterator
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from ollama_agent_router.jobs.model import TERMINAL, Job, JobStatus, legacy_owner
from ollama_agent_router.jobs.store import DuplicateJobError, JobStoreError, counts_template

__all__ = ["RedisJobStore"]

EXPIRE_BATCH = 500
"""Jobs expired per script call: bounds how long one call blocks Redis."""
MIGRATE_BATCH = 500
"""Jobs brought up to date per script call when ``open()`` migrates older data."""
SCHEMA_VERSION = 2
"""1: no owners (or no schema key); 2: owners, per-owner sets, idempotency keys."""

_EXPIRABLE = frozenset(TERMINAL - {JobStatus.EXPIRED})
_OPTIONAL = ("started_at", "finished_at", "request", "result", "error", "retry_at")

# KEYS: seq, all jobs, expiry, job hash, status set, owner set, owner's status set,
# idempotency key (or the job hash again when there is none).
# ARGV: id, expires_at or "", fields... Returns {1, seq}, or {0, id of the key's job}.
_INSERT = """
if redis.call('EXISTS', KEYS[4]) == 1 then
  return redis.error_reply('job ' .. ARGV[1] .. ' already exists')
end
if KEYS[8] ~= KEYS[4] then
  local holder = redis.call('GET', KEYS[8])
  if holder then return {0, holder} end
  redis.call('SET', KEYS[8], ARGV[1])
end
local seq = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[4], 'seq', seq, unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], seq, ARGV[1])
redis.call('ZADD', KEYS[5], seq, ARGV[1])
redis.call('ZADD', KEYS[6], seq, ARGV[1])
redis.call('ZADD', KEYS[7], seq, ARGV[1])
if ARGV[2] ~= '' then redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1]) end
return {1, seq}
"""

# KEYS: job hash, expiry, then one set per status (named by its last segment).
# ARGV: id, new status, expires_at or "", number of field pairs, owner sets' prefix,
# pairs..., fields to drop...
_UPDATE = """
local old = redis.call('HGET', KEYS[1], 'status')
if not old then return 0 end
local sets = {}
for i = 3, #KEYS do sets[string.match(KEYS[i], '[^:]+$')] = KEYS[i] end
local last = 5 + 2 * tonumber(ARGV[4])
redis.call('HSET', KEYS[1], unpack(ARGV, 6, last))
if #ARGV > last then redis.call('HDEL', KEYS[1], unpack(ARGV, last + 1)) end
if old ~= ARGV[2] then
  local seq = redis.call('HGET', KEYS[1], 'seq')
  redis.call('ZREM', sets[old], ARGV[1])
  redis.call('ZADD', sets[ARGV[2]], seq, ARGV[1])
  local owner = redis.call('HGET', KEYS[1], 'owner')
  if owner then
    redis.call('ZREM', ARGV[5] .. old .. ':' .. owner, ARGV[1])
    redis.call('ZADD', ARGV[5] .. ARGV[2] .. ':' .. owner, seq, ARGV[1])
  end
end
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
end
return 1
"""

# KEYS: expiry, then one set per status. ARGV: job key prefix, now, batch size, owner
# sets' prefix, idempotency key prefix.
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
    local owner, idem = unpack(redis.call('HMGET', key, 'owner', 'idempotency_key'))
    redis.call('HSET', key, 'status', 'expired')
    redis.call('HDEL', key, 'request', 'result', 'error', 'idempotency_key')
    redis.call('ZREM', sets[status], id)
    redis.call('ZADD', sets['expired'], seq, id)
    if owner then
      redis.call('ZREM', ARGV[4] .. status .. ':' .. owner, id)
      redis.call('ZADD', ARGV[4] .. 'expired:' .. owner, seq, id)
      if idem then
        local idem_key = ARGV[5] .. redis.sha1hex(owner .. '\\n' .. idem)
        if redis.call('GET', idem_key) == id then redis.call('DEL', idem_key) end
      end
    end
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

# KEYS: none. ARGV: job key prefix, owner set prefix, owner sets' prefix, then
# (id, owner) pairs: each job without an owner gets the one given, and its owner sets.
_MIGRATE = """
for i = 4, #ARGV, 2 do
  local id, owner = ARGV[i], ARGV[i + 1]
  local key = ARGV[1] .. id
  local seq, status, had = unpack(redis.call('HMGET', key, 'seq', 'status', 'owner'))
  if seq and not had then
    redis.call('HSET', key, 'owner', owner)
    redis.call('ZADD', ARGV[2] .. owner, seq, id)
    redis.call('ZADD', ARGV[3] .. status .. ':' .. owner, seq, id)
  end
end
return 1
"""

# KEYS: lease. ARGV: owner.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def _dumps(value: Any) -> str:
    # ensure_ascii keeps lone surrogates (legal in a decoded JSON prompt) storable as UTF-8
    return json.dumps(value, separators=(",", ":"))


def _fields(job: Job) -> tuple[list[str], list[str]]:
    """Field/value pairs to set, and the names of ``None`` fields to drop (the fields set
    once at insert, such as the owner, are in ``_fixed``)."""
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
        "retry_at": None if job.retry_at is None else repr(job.retry_at),
    }
    pairs = [text for name, value in values.items() if value is not None for text in (name, value)]
    drop = [name for name in _OPTIONAL if values[name] is None]
    return pairs, drop


def _fixed(job: Job) -> list[str]:
    """Field/value pairs written once, by the insert."""
    values = {
        "owner": job.owner,
        "idempotency_key": job.idempotency_key,
        "request_hash": job.request_hash,
    }
    return [text for name, value in values.items() if value is not None for text in (name, value)]


def idempotency_digest(owner: str, key: str) -> str:
    """The name part of an idempotency key's Redis key (the Lua scripts compute the same
    with ``redis.sha1hex``); owners and keys never hold a newline."""
    return hashlib.sha1(f"{owner}\n{key}".encode(), usedforsecurity=False).hexdigest()


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
        owner=h["owner"] if "owner" in h else legacy_owner(h["user"]),
        idempotency_key=h.get("idempotency_key"),
        request_hash=h.get("request_hash"),
        retry_at=_optional_float(h.get("retry_at")),
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
        self._k_owner_prefix = f"{prefix}:owner:"
        self._k_owner_status_prefix = f"{prefix}:ownerstatus:"
        self._k_idem_prefix = f"{prefix}:idem:"
        self._k_schema = f"{prefix}:schema"
        self._scripts: dict[str, AsyncScript] = {}

    def _k_job(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}"

    def _k_owner(self, owner: str, status: JobStatus | None = None) -> str:
        # the status comes first: no owner (which may hold ':') can end like a status set
        if status is None:
            return self._k_owner_prefix + owner
        return f"{self._k_owner_status_prefix}{status.value}:{owner}"

    def _k_idem(self, owner: str, key: str) -> str:
        return self._k_idem_prefix + idempotency_digest(owner, key)

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
                ("migrate", _MIGRATE),
            )
        }
        self._client = client
        try:
            await self._migrate()
        except BaseException:
            self._client = None
            await client.aclose()
            raise

    async def _migrate(self) -> None:
        """Give jobs stored before owners existed their owner and per-owner sets. Safe to
        run from several processes at once: a job that has an owner is left alone."""
        with self._errors("migrate"):
            version = int(await self._redis.get(self._k_schema) or 1)
            if version > SCHEMA_VERSION:
                raise JobStoreError(
                    f"job store {redacted(self.url)}: layout version {version} is newer"
                    f" than this router's {SCHEMA_VERSION}"
                )
            if version == SCHEMA_VERSION:
                return
            start = 0
            while True:
                ids = cast(
                    list[str],
                    await self._redis.zrange(self._k_all, start, start + MIGRATE_BATCH - 1),
                )
                if not ids:
                    break
                async with self._redis.pipeline(transaction=False) as pipe:
                    for job_id in ids:
                        pipe.hget(self._k_job(job_id), "user")
                    users: list[str | None] = await pipe.execute()
                pairs = [
                    text
                    for job_id, user in zip(ids, users, strict=True)
                    if user is not None
                    for text in (job_id, legacy_owner(user))
                ]
                prefixes = [self._k_job(""), self._k_owner_prefix, self._k_owner_status_prefix]
                await self._script("migrate", [], [*prefixes, *pairs])
                start += MIGRATE_BATCH
            await self._redis.set(self._k_schema, SCHEMA_VERSION)

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
        k_job = self._k_job(job.id)
        keys = [self._k_seq, self._k_all, self._k_expiry, k_job, self._k_status[job.status]]
        keys += [self._k_owner(job.owner), self._k_owner(job.owner, job.status)]
        key = job.idempotency_key
        keys.append(k_job if key is None else self._k_idem(job.owner, key))
        with self._errors("insert"):
            inserted, value = await self._script(
                "insert", keys, [job.id, expires, *pairs, *_fixed(job)]
            )
        if not int(inserted):
            raise DuplicateJobError(str(value))
        job.seq = int(value)

    async def update(self, job: Job) -> None:
        pairs, drop = _fields(job)
        expires = repr(job.expires_at) if job.status in _EXPIRABLE else ""
        keys = [self._k_job(job.id), self._k_expiry, *self._status_keys]
        prefix = self._k_owner_status_prefix
        args = [job.id, job.status.value, expires, len(pairs) // 2, prefix, *pairs, *drop]
        with self._errors("update"):
            await self._script("update", keys, args)

    async def get(self, job_id: str) -> Job | None:
        with self._errors("get"):
            h = cast(dict[str, str], await self._redis.hgetall(self._k_job(job_id)))
        return _job(h) if h else None

    async def list_jobs(
        self,
        *,
        limit: int,
        status: JobStatus | None = None,
        before: int | None = None,
        owner: str | None = None,
    ) -> list[Job]:
        if limit <= 0:
            return []
        if owner is not None:
            key = self._k_owner(owner, status)
        else:
            key = self._k_all if status is None else self._k_status[status]
        top = "+inf" if before is None else f"({before}"
        with self._errors("list"):
            found = await self._redis.zrevrangebyscore(key, top, "-inf", start=0, num=limit)
            ids = cast(list[str], found)
            jobs = await self._load(ids)
        # a job may change status between the two reads: keep the listing honest
        return [
            job
            for job in jobs
            if (status is None or job.status is status) and (owner is None or job.owner == owner)
        ]

    async def find_by_key(self, owner: str, idempotency_key: str) -> Job | None:
        with self._errors("find"):
            job_id = await self._redis.get(self._k_idem(owner, idempotency_key))
            job = await self.get(str(job_id)) if job_id is not None else None
        if job is None or job.owner != owner or job.idempotency_key != idempotency_key:
            return None
        return job

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
                args = [self._k_job(""), repr(now), EXPIRE_BATCH]
                args += [self._k_owner_status_prefix, self._k_idem_prefix]
                out = await self._script("expire", keys, args)
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
