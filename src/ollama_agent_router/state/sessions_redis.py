"""Sessions in Redis: one book shared by every router on it (``runtime.sessions``).

Used when the router already has a Redis (``access.rateLimit.store: redis`` or
``jobs.store: redis``), so a balancer may send each turn of a conversation to any
router and it still finds the model that holds its prompt.

Keys, under a prefix (default ``oar:session``; ``<id>`` is already a hash of the owner
and what the client sent):

- ``<p>:s:<id>`` — a hash per session: ``model``, ``task``, ``prompt`` (tokens of its
  last prompt), ``last`` (when it was served, wall clock), ``turns``, ``moves``.
- ``<p>:held:<model>`` — a hash: session id → the prompt the model's slot holds for it,
  packed (``pack_digests``: 16 bytes a message, at most ``MAX_DIGESTS`` messages).
- ``<p>:order:<model>`` — the sessions those slots hold, scored by ``<p>:seq``: the
  least recently served first, trimmed to the model's slots.
- ``<p>:models`` — the models that have served a session; ``<p>:recent`` — every
  session scored by ``<p>:seq``, trimmed to ``max_sessions`` and to ``ttl_s``.

Every key gets ``ttl_s`` again on each write, so an idle router's sessions leave Redis
by themselves. Each lookup is one script (one round trip on the request path); each
write is one script run after the answer is on its way (``served`` schedules it and
returns): the next turn, which comes once the client has read that answer, finds it.
A Redis that fails or times out never fails a request: the turn is routed as a new
session, the failure is logged once, and Redis is left alone for ``retry_after_s``.
Moves and cache misses are counted per process, like every metric.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import struct
import time
from collections.abc import Callable, Iterator
from typing import Any, Final

from redis.asyncio import Redis

from ollama_agent_router.jobs.redis_store import redacted
from ollama_agent_router.routing.session import SessionKey, SessionView
from ollama_agent_router.state.sessions import Counts, Digests, outcome

__all__ = ["MAX_DIGESTS", "RedisSessionBook", "pack_digests", "packed_shared_tokens"]

log = logging.getLogger("ollama_agent_router.sessions")

MAX_DIGESTS: Final = 256
"""Messages of a prompt kept per slot: all of a shorter one; of a longer one, the last
half densely and the rest evenly spread (so an appended turn still matches exactly)."""
MAX_PENDING: Final = 1024
"""Writes waiting for Redis at once; past it a turn is not remembered (Redis is slow)."""
ACTIVE_LIMIT: Final = 200
"""Sessions ``active`` lists at most."""
WARM_S: Final = 600.0
"""A session served within this still counts on its slot (``SessionBook._warm_tokens``)."""

_ENTRY = struct.Struct("<I8sI")  # message index, digest, tokens up to it

# KEYS: session, models, recent. ARGV: key prefix, id, now, ttl s, warm s.
# Returns model, task, turns (nil for no live session), then per model that has served a
# session: its name, 1 and this session's packed prompt when a slot holds it, else 0 and
# "<sessions its slots hold>:<prompt tokens of the least recent, if still active>".
_VIEW: Final = """
local p, id = ARGV[1], ARGV[2]
local now, ttl, warm = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local s = redis.call('HMGET', KEYS[1], 'model', 'task', 'turns', 'last')
local models = redis.call('SMEMBERS', KEYS[2])
local live = s[1] and s[4] and now - tonumber(s[4]) <= ttl
if s[1] and not live then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[3], id)
  for _, m in ipairs(models) do
    redis.call('HDEL', p .. 'held:' .. m, id)
    redis.call('ZREM', p .. 'order:' .. m, id)
  end
end
local out
if live then out = {s[1], s[2], s[3]} else out = {false, false, false} end
for _, m in ipairs(models) do
  local held = false
  if live then held = redis.call('HGET', p .. 'held:' .. m, id) end
  local order = p .. 'order:' .. m
  local warm_sum = 0
  for _, other in ipairs(redis.call('ZRANGE', order, 0, -1)) do
    if other ~= id then
      local o = redis.call('HMGET', p .. 's:' .. other, 'prompt', 'last')
      if o[1] and o[2] and now - tonumber(o[2]) <= warm then
        warm_sum = warm_sum + tonumber(o[1])
      end
    end
  end
  if held then
    table.insert(out, m)
    table.insert(out, 1)
    table.insert(out, held)
  else
    local n = redis.call('ZCARD', order)
    local tokens = '0'
    if n > 0 then
      local first = redis.call('ZRANGE', order, 0, 0)[1]
      local f = redis.call('HMGET', p .. 's:' .. first, 'prompt', 'last')
      if f[1] and f[2] and now - tonumber(f[2]) <= warm then tokens = f[1] end
    end
    table.insert(out, m)
    table.insert(out, 0)
    table.insert(out, n .. ':' .. tokens)
  end
  table.insert(out, warm_sum)
end
return out
"""

# KEYS: session, models, the model's held, the model's order, recent, seq.
# ARGV: key prefix, id, model, task, packed prompt, prompt tokens, now, ttl ms, slots,
# max sessions, moved (1/0), ttl s.
_SERVED: Final = """
local p, id, model = ARGV[1], ARGV[2], ARGV[3]
local now, ttl_ms, ttl = tonumber(ARGV[7]), ARGV[8], tonumber(ARGV[12])
redis.call('HSET', KEYS[1], 'model', model, 'task', ARGV[4], 'prompt', ARGV[6], 'last', ARGV[7])
redis.call('HINCRBY', KEYS[1], 'turns', 1)
if ARGV[11] == '1' then redis.call('HINCRBY', KEYS[1], 'moves', 1) end
local seq = redis.call('INCR', KEYS[6])
redis.call('SADD', KEYS[2], model)
redis.call('HSET', KEYS[3], id, ARGV[5])
redis.call('ZADD', KEYS[4], seq, id)
local extra = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[9])
if extra > 0 then
  for _, gone in ipairs(redis.call('ZRANGE', KEYS[4], 0, extra - 1)) do
    redis.call('HDEL', KEYS[3], gone)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[4], 0, extra - 1)
end
redis.call('ZADD', KEYS[5], seq, id)
for _ = 1, 16 do
  local oldest = redis.call('ZRANGE', KEYS[5], 0, 0)[1]
  if not oldest or oldest == id then break end
  local last = redis.call('HGET', p .. 's:' .. oldest, 'last')
  if last and now - tonumber(last) <= ttl then break end
  redis.call('ZREM', KEYS[5], oldest)
end
local over = redis.call('ZCARD', KEYS[5]) - tonumber(ARGV[10])
if over > 0 then
  local models = redis.call('SMEMBERS', KEYS[2])
  for _, gone in ipairs(redis.call('ZRANGE', KEYS[5], 0, over - 1)) do
    redis.call('DEL', p .. 's:' .. gone)
    for _, m in ipairs(models) do
      redis.call('HDEL', p .. 'held:' .. m, gone)
      redis.call('ZREM', p .. 'order:' .. m, gone)
    end
  end
  redis.call('ZREMRANGEBYRANK', KEYS[5], 0, over - 1)
end
for i = 1, 6 do redis.call('PEXPIRE', KEYS[i], ttl_ms) end
return seq
"""

# KEYS: recent. ARGV: key prefix, now, within s, limit.
# Returns the sessions tracked, then per session served within ``within`` (most recent
# first): id, model, task, turns, moves, prompt, last.
_ACTIVE: Final = """
local now, within = tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {redis.call('ZCARD', KEYS[1])}
for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1)) do
  local f = redis.call('HMGET', ARGV[1] .. 's:' .. id, 'model', 'task', 'turns', 'moves',
                       'prompt', 'last')
  if f[6] then
    if now - tonumber(f[6]) > within then break end
    table.insert(out, id)
    for i = 1, 6 do table.insert(out, f[i] or '0') end
  end
end
return out
"""


def _digest_bytes(digest: str) -> bytes:
    """A prefix digest as 8 bytes (``routing.session`` makes 16 hex characters)."""
    if len(digest) == 16:
        try:
            return bytes.fromhex(digest)
        except ValueError:
            pass
    return hashlib.sha256(digest.encode(errors="replace")).digest()[:8]


def _kept(count: int) -> Iterator[int]:
    """The messages of a ``count``-message prompt that are stored (see ``MAX_DIGESTS``)."""
    if count <= MAX_DIGESTS:
        yield from range(count)
        return
    dense = MAX_DIGESTS // 2
    spread = MAX_DIGESTS - dense
    start = count - dense
    yield from sorted({i * start // spread for i in range(spread)})
    yield from range(start, count)


def pack_digests(digests: Digests) -> bytes:
    """A prompt's digests as stored: (message index, digest, tokens) per kept message."""
    return b"".join(
        _ENTRY.pack(i, _digest_bytes(digests[i][0]), min(max(digests[i][1], 0), 0xFFFFFFFF))
        for i in _kept(len(digests))
    )


def packed_shared_tokens(packed: bytes, now: Digests) -> int:
    """``routing.session.shared_prefix_tokens`` of a packed prompt: a prefix digest
    covers everything before it, so matching the kept messages is enough (a prompt
    longer than ``MAX_DIGESTS`` messages may count a little less than it shares)."""
    shared = 0
    for index, digest, tokens in _ENTRY.iter_unpack(packed):
        if index >= len(now) or _digest_bytes(now[index][0]) != digest:
            break
        shared = tokens
    return shared


def _text(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


class RedisSessionBook(Counts):
    """``runtime.sessions.Sessions`` in Redis (see the module doc)."""

    def __init__(
        self,
        url: str,
        *,
        slots: Callable[[str], int],
        max_sessions: int = 10_000,
        ttl_s: float = 3600.0,
        prefix: str = "oar:session",
        clock: Callable[[], float] = time.time,
        timeout_s: float = 0.5,
        retry_after_s: float = 5.0,
        on_count: Callable[[str, str], None] | None = None,
    ) -> None:
        super().__init__(on_count)
        self.url = url
        self._slots = slots
        self._max = max_sessions
        self._ttl_s = ttl_s
        self._p = prefix + ":"
        self._clock = clock
        self._retry_after_s = retry_after_s
        self._client: Redis = Redis.from_url(
            url, socket_connect_timeout=timeout_s, socket_timeout=timeout_s
        )
        self._view_script = self._client.register_script(_VIEW)
        self._served_script = self._client.register_script(_SERVED)
        self._active_script = self._client.register_script(_ACTIVE)
        self._pending: set[asyncio.Task[None]] = set()
        self._closed = False
        self._down_until = 0.0
        self._failing = False
        self._tracked = 0
        self._active: list[dict[str, Any]] = []
        self.skipped_writes = 0
        """Turns not remembered: Redis was failing, or too many writes were waiting."""

    # the contract

    async def view(self, key: SessionKey, digests: Digests) -> SessionView:
        """The session of a request about to be routed: one script, one round trip. A
        new session when unknown, or when Redis does not answer."""
        if self._resting():
            return SessionView(key)
        keys = [self._p + "s:" + key.id, self._p + "models", self._p + "recent"]
        args = [self._p, key.id, repr(self._clock()), repr(self._ttl_s), repr(WARM_S)]
        try:
            reply = await self._view_script(keys=keys, args=args)
            view = self._parsed(key, digests, reply)
        except Exception as exc:  # Redis, the network, data not of this layout
            self._failed(exc)
            return SessionView(key)
        self._answered()
        return view

    def _parsed(self, key: SessionKey, digests: Digests, reply: list[Any]) -> SessionView:
        model, task, turns, *per_model = reply
        cached: dict[str, int] = {}
        evicts: dict[str, int] = {}
        warm: dict[str, int] = {}
        for i in range(0, len(per_model), 4):
            name, held, data = _text(per_model[i]), per_model[i + 1], per_model[i + 2]
            if int(float(per_model[i + 3])):
                warm[name] = int(float(per_model[i + 3]))
            if held:
                cached[name] = packed_shared_tokens(data, digests)
                continue
            count, _, tokens = _text(data).partition(":")
            if int(count) >= max(1, self._slots(name)):
                evicts[name] = int(float(tokens))
        if model is None:
            return SessionView(key, cached_tokens=cached, evicts=evicts, warm=warm)
        return SessionView(key, _text(model), _text(task), cached, int(turns), evicts, warm)

    def served(
        self, view: SessionView, model: str, task_type: str, digests: Digests
    ) -> tuple[bool, int]:
        """Answers at once (from ``view``); the write runs as a task, off the request
        path (``flush`` waits for it)."""
        stayed, cached = outcome(view, model)
        if self._closed or self._resting() or len(self._pending) >= MAX_PENDING:
            self.skipped_writes += 1
            return stayed, cached
        write = self._write(view.key.id, model, task_type, digests, moved=not stayed)
        task = asyncio.get_running_loop().create_task(write)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        return stayed, cached

    async def flush(self) -> None:
        while self._pending:
            await asyncio.gather(*self._pending)

    async def refresh(self) -> None:
        """Fetch what ``as_dict`` and ``active`` show: one script. A status read must
        not fail with Redis, so on failure they keep what they had."""
        if self._resting():
            return
        args: list[str | int] = [self._p, repr(self._clock()), repr(WARM_S), ACTIVE_LIMIT]
        try:
            reply = await self._active_script(keys=[self._p + "recent"], args=args)
            self._tracked, self._active = int(reply[0]), self._listed(reply)
        except Exception as exc:  # Redis, the network, data not of this layout
            self._failed(exc)
            return
        self._answered()

    def _listed(self, reply: list[Any]) -> list[dict[str, Any]]:
        now = self._clock()
        return [
            {
                "id": _text(reply[i]),
                "model": _text(reply[i + 1]),
                "taskType": _text(reply[i + 2]),
                "turns": int(reply[i + 3]),
                "moves": int(reply[i + 4]),
                "promptTokens": int(reply[i + 5]),
                "idleS": round(now - float(reply[i + 6]), 1),
            }
            for i in range(1, len(reply), 7)
        ]

    def active(self, within_s: float = WARM_S) -> list[dict[str, Any]]:
        """The sessions the last ``refresh`` found active, most recent first."""
        return [a for a in self._active if a["idleS"] <= within_s]

    def as_dict(self) -> dict[str, Any]:
        return {
            "store": "redis",
            "tracked": self._tracked,
            "moves": dict(self.moves),
            "cacheMisses": dict(self.cache_misses),
            "active": self.active(),
        }

    async def aclose(self, grace_s: float = 2.0) -> None:
        """Store what is waiting (for ``grace_s`` at most), then close the connections;
        a turn served after this is not remembered."""
        self._closed = True
        if self._pending:
            _, late = await asyncio.wait(self._pending, timeout=grace_s)
            for task in late:
                task.cancel()
        await self._client.aclose()

    # Redis

    async def _write(
        self, key: str, model: str, task_type: str, digests: Digests, *, moved: bool
    ) -> None:
        p = self._p
        keys = [p + "s:" + key, p + "models", p + "held:" + model, p + "order:" + model]
        keys += [p + "recent", p + "seq"]
        ttl_ms = max(1, int(self._ttl_s * 1000))
        args: list[bytes | str | int] = [p, key, model, task_type, pack_digests(digests)]
        args += [digests[-1][1] if digests else 0, repr(self._clock()), ttl_ms]
        args += [max(1, self._slots(model)), self._max, int(moved), repr(self._ttl_s)]
        try:
            await self._served_script(keys=keys, args=args)
        except Exception as exc:  # Redis, the network: the turn is not remembered
            self._failed(exc)
        else:
            self._answered()

    def _resting(self) -> bool:
        """Whether Redis failed within ``retry_after_s``: then it is not asked."""
        return self._failing and time.monotonic() < self._down_until

    def _failed(self, exc: BaseException) -> None:
        self._down_until = time.monotonic() + self._retry_after_s
        if not self._failing:
            self._failing = True
            log.warning(
                "session store %s unavailable (%s): turns are routed as new sessions until"
                " it answers again (asked again every %.0f s)",
                redacted(self.url),
                exc,
                self._retry_after_s,
            )

    def _answered(self) -> None:
        if self._failing:
            self._failing = False
            log.warning("session store %s answers again", redacted(self.url))
