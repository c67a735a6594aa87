"""Rate limits per plane and principal: a moving window, counted and reported in one step.

A moving window remembers the time of every accepted request, so at most ``requests``
are accepted in any ``windowSeconds``-long span — no burst of 2×N at a window edge as
with fixed windows. One atomic step both admits a request and reads the window it
leaves behind (how many are counted, when the oldest leaves), so ``X-RateLimit-Remaining``
is exactly what that request left, however many clients ask at once:

- in memory, the step is plain code with no ``await`` inside (one event loop, so
  nothing runs between the check, the count and the read);
- in Redis, it is one Lua script, timed by the Redis server's clock, so several router
  processes share the counters and agree on time.

(The ``limits`` library used before admits atomically but reads the window in a second
call; under concurrency other requests landed in between, and 100 allowed answers
carried only three distinct ``Remaining`` values.)
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, NamedTuple, Protocol

from ollama_agent_router.config.errors import ConfigError, Problem
from ollama_agent_router.config.models import RateLimit, RateLimitStore
from ollama_agent_router.errors import RouterError

log = logging.getLogger("ollama_agent_router.access")


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_at: float
    """Epoch seconds when the oldest counted request leaves the window."""

    def headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"x-ratelimit-limit", str(self.limit).encode()),
            (b"x-ratelimit-remaining", str(self.remaining).encode()),
            (b"x-ratelimit-reset", str(math.ceil(self.reset_at)).encode()),
        ]

    @property
    def retry_after(self) -> int:
        """Whole seconds until one more request fits (at least 1)."""
        return max(1, math.ceil(self.reset_at - time.time()))


class Window(NamedTuple):
    """One admission step: whether it was admitted and the window it left."""

    allowed: bool
    counted: int
    """Requests counted in the window after this step."""
    oldest: float
    """Epoch seconds of the oldest counted request (now, when none is)."""


class WindowStore(Protocol):
    async def hit(self, key: str, limit: int, window_s: int) -> Window:
        """Count one request under ``key`` if fewer than ``limit`` fall in the last
        ``window_s`` seconds; atomically, with the window as it then is."""

    async def aclose(self) -> None: ...


class MemoryWindows:
    """Per-process windows: the accepted times of each key, oldest first."""

    SWEEP_EVERY_S: Final = 1.0

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.windows: dict[str, deque[float]] = {}
        self._clock = clock
        self._spans: dict[str, float] = {}
        self._last_sweep = 0.0

    async def hit(self, key: str, limit: int, window_s: int) -> Window:
        return self.hit_now(key, limit, window_s)

    def hit_now(self, key: str, limit: int, window_s: int) -> Window:
        """The step itself, synchronous: nothing else runs in between."""
        now = self._clock()
        times = self.windows.get(key)
        if times is None:
            times = self.windows[key] = deque()
            self._spans[key] = window_s
        start = now - window_s
        while times and times[0] <= start:
            times.popleft()
        allowed = len(times) < limit
        if allowed:
            times.append(now)
        if now - self._last_sweep >= self.SWEEP_EVERY_S:
            self._sweep(now)
        return Window(allowed, len(times), times[0] if times else now)

    def _sweep(self, now: float) -> None:
        """Drop keys whose every request has left the window (bounds memory)."""
        self._last_sweep = now
        idle = [k for k, t in self.windows.items() if not t or t[-1] <= now - self._spans[k]]
        for key in idle:
            del self.windows[key]
            del self._spans[key]

    async def aclose(self) -> None:
        self.windows.clear()


# KEYS[1]: the key's list, newest first. ARGV: limit, window seconds.
_MOVING_WINDOW: Final = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local limit, span = tonumber(ARGV[1]), tonumber(ARGV[2])
local start = now - span
while true do
    local last = redis.call('LINDEX', KEYS[1], -1)
    if not last or tonumber(last) > start then break end
    redis.call('RPOP', KEYS[1])
end
local count = redis.call('LLEN', KEYS[1])
local allowed = 0
if count < limit then
    redis.call('LPUSH', KEYS[1], string.format('%.6f', now))
    redis.call('EXPIRE', KEYS[1], math.ceil(span))
    count = count + 1
    allowed = 1
end
local oldest = redis.call('LINDEX', KEYS[1], -1) or string.format('%.6f', now)
return {allowed, count, oldest}
"""


class RedisWindows:
    """Windows shared by every router process on one Redis."""

    def __init__(self, url: str, *, prefix: str = "oar:ratelimit") -> None:
        try:
            from redis.asyncio import Redis
        except ImportError:  # pragma: no cover - the extra is part of the test install
            message = "needs the redis extra (pip install 'ollama-agent-router[redis]')"
            raise ConfigError([Problem("access.rateLimit.store", message)]) from None
        self.client = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self.script = self.client.register_script(_MOVING_WINDOW)
        self.prefix = prefix

    async def hit(self, key: str, limit: int, window_s: int) -> Window:
        from redis.exceptions import RedisError

        try:
            allowed, count, oldest = await self.script(
                keys=[f"{self.prefix}:{key}"], args=[limit, window_s]
            )
        except RedisError as exc:
            log.warning("rate limit store unavailable: %s", exc)
            raise RouterError(
                "Rate limits cannot be checked right now; retry later",
                status=503,
                code="rate_limit_store_unavailable",
                headers={"Retry-After": "2"},
            ) from None
        return Window(bool(allowed), int(count), float(oldest))

    async def aclose(self) -> None:
        await self.client.aclose()


class Limiter:
    def __init__(self, store: WindowStore) -> None:
        self.store = store

    @classmethod
    def from_config(cls, config: RateLimitStore) -> Limiter:
        if config.store == "redis":
            return cls(RedisWindows(config.redis_url))
        return cls(MemoryWindows())

    async def hit(self, plane: str, principal: str, limit: RateLimit) -> Verdict:
        """Count one request of ``principal`` on ``plane`` if it fits in ``limit``.

        A changed limit is a new key, so it starts a fresh window."""
        key = f"{plane}/{principal}/{limit.requests}/{limit.window_seconds}"
        window = await self.store.hit(key, limit.requests, limit.window_seconds)
        return Verdict(
            window.allowed,
            limit.requests,
            max(0, limit.requests - window.counted),
            window.oldest + limit.window_seconds,
        )

    async def aclose(self) -> None:
        await self.store.aclose()
