"""Rate limits per plane and principal: a moving window from the ``limits`` library.

A moving window remembers the time of every accepted request, so at most ``requests``
are accepted in any ``windowSeconds``-long span — no burst of 2×N at a window edge as
with fixed windows. The check and the count are one atomic step in the storage (under
an asyncio lock in memory, a Lua script in Redis), so N parallel clients get exactly
the limit. Redis shares the counters between router processes.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from ollama_agent_router.config.models import RateLimit, RateLimitStore


class SweepingMemoryStorage(MemoryStorage):
    """``limits``' memory storage, sweeping expired entries at most once a second.

    The stock storage restarts its sweep task after every hit once the last sweep has
    ended, and a sweep hops to a thread once per key; under steady traffic that is a
    sweep running back to back. Entries past their window are ignored by the moving
    window anyway, so sweeping once a second only bounds memory. (If a later ``limits``
    renames the private hook, this override is simply never called.)
    """

    _last_sweep = 0.0

    async def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep < 1.0:
            return
        self._last_sweep = now
        await super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]


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


class Limiter:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._strategy = MovingWindowRateLimiter(storage)
        self._items: dict[tuple[int, int], RateLimitItem] = {}

    @classmethod
    def from_config(cls, config: RateLimitStore) -> Limiter:
        if config.store == "redis":
            storage = storage_from_string("async+" + config.redis_url, implementation="redispy")
        else:
            storage = SweepingMemoryStorage()
        assert isinstance(storage, Storage)
        return cls(storage)

    async def hit(self, plane: str, principal: str, limit: RateLimit) -> Verdict:
        """Count one request of ``principal`` on ``plane`` if it fits in ``limit``."""
        item = self._item(limit)
        allowed = await self._strategy.hit(item, plane, principal)
        stats = await self._strategy.get_window_stats(item, plane, principal)
        return Verdict(allowed, limit.requests, max(0, stats.remaining), stats.reset_time)

    def _item(self, limit: RateLimit) -> RateLimitItem:
        key = (limit.requests, limit.window_seconds)
        item = self._items.get(key)
        if item is None:
            item = RateLimitItemPerSecond(limit.requests, limit.window_seconds, namespace="oar")
            self._items[key] = item
        return item

    async def aclose(self) -> None:
        bridge = getattr(self.storage, "bridge", None)
        client = getattr(bridge, "storage", None)
        close = getattr(client, "aclose", None)
        if close is not None:
            await close()
