"""A loaded model (Ollama's ``runnerRef``): its memory, context, slots and lifetime."""

from __future__ import annotations

import asyncio
import math
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ollama_agent_router.routing.memory import MemoryEstimate
from ollama_agent_router.simulator.busy import BusyClock
from ollama_agent_router.simulator.catalog import CatalogEntry
from ollama_agent_router.simulator.slots import Slots

#: Go's "forever" keep-alive shows as now + max int64 nanoseconds (about 292 years).
_FOREVER_DELTA = timedelta(microseconds=(2**63 - 1) // 1000)


def expiry(session: float) -> datetime:
    """``expires_at`` for a runner kept ``session`` seconds once idle."""
    now = datetime.now().astimezone()
    if not math.isfinite(session):
        return now + _FOREVER_DELTA
    return now + timedelta(seconds=max(0.0, session))


@dataclass(slots=True, eq=False)
class Runner:
    """One loaded model. ``refs`` counts the requests handed to it (running or waiting
    for a slot), as ``runnerRef.refCount``: it unloads only at zero."""

    entry: CatalogEntry
    num_ctx: int
    memory: MemoryEstimate
    size_vram: int
    session: float
    """``sessionDuration`` in seconds: kept this long once idle; 0 leaves when idle,
    ``inf`` never leaves (a negative ``keep_alive``)."""
    tokens_per_s: float
    prompt_tokens_per_s: float
    slots: Slots
    expires_at: datetime
    refs: int = 0
    in_flight: int = 0
    waiters: deque[asyncio.Future[None]] = field(default_factory=deque)
    timer: asyncio.TimerHandle | None = None
    leaving: str | None = None
    """Why the scheduler expired it (``memory``, ``max_loaded``, ``num_ctx``); ``None``
    while nobody asked it to leave."""

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def size(self) -> int:
        """What ``/api/ps`` shows: weights, the cache as held, the batch buffer."""
        return self.memory.held

    @property
    def split(self) -> bool:
        """Partly in system memory (``size_vram < size``), so slower."""
        return self.size_vram < self.size

    @property
    def slot_free(self) -> bool:
        return self.in_flight < len(self.slots) and not self.waiters

    @property
    def eviction_order(self) -> tuple[float, str]:
        """``ByDurationAndName``: shortest keep-alive first (forever last), then path."""
        return (self.session, self.entry.model_path)

    def ps_json(self) -> dict[str, Any]:
        return {
            "name": self.entry.name,
            "model": self.entry.name,
            "size": self.size,
            "digest": self.entry.digest,
            "details": self.entry.details,
            "expires_at": self.expires_at.isoformat(),
            "size_vram": self.size_vram,
            "context_length": self.num_ctx,
        }

    def state_json(self) -> dict[str, Any]:
        """``/_sim/state``: the ``/api/ps`` entry plus what the scheduler sees."""
        session = self.session if math.isfinite(self.session) else None
        return {
            **self.ps_json(),
            "inFlight": self.in_flight,
            "refs": self.refs,
            "slots": len(self.slots),
            "keepAliveS": session,
            "leaving": self.leaving,
            "memory": self.memory.as_dict(),
        }

    # The slots' semaphore (``llamaServerRunner.sem``): first come, first served.

    def take_slot(self, clock: BusyClock) -> None:
        self.in_flight += 1
        clock.take(asyncio.get_running_loop().time())

    async def wait_slot(self, clock: BusyClock) -> None:
        if self.slot_free:
            self.take_slot(clock)
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.free_slot(clock)  # handed over just as the client left
            elif waiter in self.waiters:
                self.waiters.remove(waiter)
            raise

    def free_slot(self, clock: BusyClock) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the slot passes on; in_flight stays
                return
        self.in_flight -= 1
        clock.release(asyncio.get_running_loop().time())
