"""The simulated GPU: VRAM budget, model residency with LRU eviction, parallel slots.

It follows Ollama's scheduler closely enough for a router to see the same effects:
loads are serialised; when VRAM is short or ``max_loaded`` models are loaded, idle
models are evicted least-recently-used first, and with none idle the load waits for a
busy one to finish what it holds (taking no new requests meanwhile); only a model too
big for the whole GPU is split between CPU and GPU, once nothing else is loaded; each
runner has ``parallel`` slots, a different ``num_ctx`` forces a reload, and
``keep_alive`` decides when an idle model leaves.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ollama_agent_router.simulator.busy import BusyClock
from ollama_agent_router.simulator.catalog import CatalogEntry
from ollama_agent_router.simulator.settings import SimulatorSettings
from ollama_agent_router.simulator.stats import Stats

_MIB = 1024 * 1024
#: KV-cache bytes per context token per GB of weights: a rough but monotonic rule.
_KV_BYTES_PER_TOKEN_PER_GB = 12_000
#: Go's "forever" keep-alive shows as now + max int64 nanoseconds (about 292 years).
_FOREVER_DELTA = timedelta(microseconds=(2**63 - 1) // 1000)


class ServerBusy(Exception):
    """Ollama's pending queue is full: the caller answers 503."""


@dataclass(slots=True, eq=False)
class Runner:
    """A loaded model, with the context size it was loaded for."""

    entry: CatalogEntry
    num_ctx: int
    size: int
    size_vram: int
    keep_alive: float
    tokens_per_s: float
    prompt_tokens_per_s: float
    last_used: float
    expires_at: datetime
    in_flight: int = 0
    #: Requests waiting for one of its slots: served before it leaves, as Ollama serves
    #: the requests already handed to a runner before unloading it.
    queued: int = 0
    #: Takes no new requests: reloading with another context, or being evicted.
    closing: bool = False
    #: Chosen to make room while busy: leaves (as an eviction) when its last request ends.
    evicting: bool = False
    timer: asyncio.TimerHandle | None = None

    @property
    def idle(self) -> bool:
        return self.in_flight == 0 and self.queued == 0

    @property
    def split(self) -> bool:
        """Partly in system memory (``size_vram < size``), so slower."""
        return self.size_vram < self.size

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


@dataclass(frozen=True, slots=True)
class Lease:
    """A held slot on a runner; ``load_ns`` is what loading cost this request."""

    runner: Runner
    load_ns: int


@dataclass(slots=True)
class SimulatedGpu:
    """Residency and slots; all methods run on the server's event loop."""

    settings: SimulatorSettings
    stats: Stats
    runners: dict[str, Runner] = field(default_factory=dict)
    waiting: Counter[str] = field(default_factory=Counter)
    waiting_total: int = 0
    busy: BusyClock = field(default_factory=BusyClock)
    _loader: asyncio.Lock = field(default_factory=asyncio.Lock)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def budget(self) -> int:
        return self.settings.vram_mb * _MIB

    @property
    def used_vram(self) -> int:
        return sum(r.size_vram for r in self.runners.values())

    def footprint(self, entry: CatalogEntry, num_ctx: int) -> int:
        """Weights plus a KV cache that grows with context and parallel slots."""
        kv = int(entry.spec.size_gb * _KV_BYTES_PER_TOKEN_PER_GB) * num_ctx
        return entry.size_bytes + kv * self.settings.parallel

    def base_tokens_per_s(self, entry: CatalogEntry) -> float:
        settings = self.settings
        if settings.tokens_per_s is not None:
            return settings.tokens_per_s
        size = max(entry.spec.size_gb, 0.01)
        if settings.tokens_per_s_gb is not None:
            return settings.tokens_per_s_gb / size
        return min(500.0, max(5.0, 250.0 / size))

    def base_prompt_tokens_per_s(self, entry: CatalogEntry) -> float:
        per_gb = self.settings.prompt_tokens_per_s_gb
        if per_gb is None:
            return self.base_tokens_per_s(entry) * 10
        return per_gb / max(entry.spec.size_gb, 0.01)

    def try_acquire(self, entry: CatalogEntry, num_ctx: int, keep_alive: float) -> Lease | None:
        """Take a slot without waiting when the model is ready and nobody is queued."""
        runner = self.runners.get(entry.name)
        if (
            runner is None
            or runner.closing
            or runner.num_ctx != num_ctx
            or runner.in_flight >= self.settings.parallel
            or self.waiting[entry.name]
        ):
            return None
        self._take(runner, keep_alive)
        return Lease(runner, 0)

    async def acquire(self, entry: CatalogEntry, num_ctx: int, keep_alive: float) -> Lease:
        """Wait for the model to be loaded with ``num_ctx`` and for a free slot."""
        lease = self.try_acquire(entry, num_ctx, keep_alive)
        if lease is not None:
            return lease
        if self.waiting_total >= self.settings.max_queue:
            self.stats.rejected_busy += 1
            raise ServerBusy
        self.waiting_total += 1
        self.waiting[entry.name] += 1
        try:
            load_ns = 0
            while True:
                runner = self.runners.get(entry.name)
                if runner is None or runner.closing or runner.num_ctx != num_ctx:
                    load_ns += await self._load(entry, num_ctx, keep_alive)
                    continue
                if await self._wait_slot(runner):
                    self._take(runner, keep_alive)
                    return Lease(runner, load_ns)
        finally:
            self.waiting_total -= 1
            self.waiting[entry.name] -= 1
            if not self.waiting[entry.name]:
                del self.waiting[entry.name]

    def release(self, runner: Runner) -> None:
        """Free a slot; an idle runner starts its keep-alive timer (or leaves at once)."""
        runner.in_flight -= 1
        now = asyncio.get_running_loop().time()
        runner.last_used = now
        self.busy.release(now)
        if runner.in_flight == 0 and self.runners.get(runner.entry.name) is runner:
            if runner.evicting:
                self._leave_if_done(runner)
            elif runner.keep_alive == 0:
                self._unload(runner)
            else:
                self._arm_timer(runner)
        self._notify()

    def request_unload(self, entry: CatalogEntry) -> None:
        """``keep_alive: 0`` with no prompt: leave now, or as soon as the model is idle."""
        runner = self.runners.get(entry.name)
        if runner is None:
            return
        runner.keep_alive = 0
        runner.expires_at = datetime.now().astimezone()
        if runner.in_flight == 0:
            self._unload(runner)
            self._notify()

    def set_keep_alive(self, runner: Runner, keep_alive: float) -> None:
        runner.keep_alive = keep_alive
        if runner.in_flight == 0:
            self._arm_timer(runner)

    def ps(self) -> list[dict[str, Any]]:
        ordered = sorted(self.runners.values(), key=lambda r: r.expires_at, reverse=True)
        return [runner.ps_json() for runner in ordered]

    def clear(self) -> None:
        """Unload everything without counting it (used by reset)."""
        for runner in self.runners.values():
            if runner.timer is not None:
                runner.timer.cancel()
        self.runners.clear()
        self.busy = BusyClock()
        self._notify()

    async def _wait_slot(self, runner: Runner) -> bool:
        """Queue for a slot on ``runner``; False when it was unloaded meanwhile."""
        runner.queued += 1
        try:
            while runner.in_flight >= self.settings.parallel:
                if self.runners.get(runner.entry.name) is not runner:
                    runner.queued -= 1
                    return False
                await self._wait_change()
        except BaseException:
            runner.queued -= 1
            if runner.evicting:  # the last waiter gave up: nothing holds the runner now
                self._leave_if_done(runner)
            raise
        runner.queued -= 1
        return self.runners.get(runner.entry.name) is runner

    def _leave_if_done(self, runner: Runner) -> None:
        """A runner chosen to make room leaves once its last request is done."""
        if runner.idle and self.runners.get(runner.entry.name) is runner:
            self._evict(runner)

    def _take(self, runner: Runner, keep_alive: float) -> None:
        runner.in_flight += 1
        self.busy.take(asyncio.get_running_loop().time())
        runner.keep_alive = keep_alive
        runner.expires_at = _expiry(keep_alive)
        if runner.timer is not None:
            runner.timer.cancel()
            runner.timer = None

    async def _load(self, entry: CatalogEntry, num_ctx: int, keep_alive: float) -> int:
        """Load (or reload) one model; loads run one at a time, in arrival order."""
        async with self._loader:
            current = self.runners.get(entry.name)
            if current is not None and not current.closing and current.num_ctx == num_ctx:
                return 0
            if current is not None:
                # A new context size needs a new runner: drain the old one first.
                current.closing = True
                while not current.idle:
                    await self._wait_change()
                if self.runners.get(entry.name) is current:
                    self._unload(current)
            need = self.footprint(entry, num_ctx)
            vram = await self._make_room(need)
            seconds = entry.spec.size_gb * self.settings.load_ms_per_gb / 1000
            if not self.settings.instant and seconds > 0:
                await asyncio.sleep(seconds)
            fraction = vram / need if need else 1.0
            slowdown = 0.15 + 0.85 * fraction if fraction < 1.0 else 1.0
            self.runners[entry.name] = Runner(
                entry=entry,
                num_ctx=num_ctx,
                size=need,
                size_vram=vram,
                keep_alive=keep_alive,
                tokens_per_s=self.base_tokens_per_s(entry) * slowdown,
                prompt_tokens_per_s=self.base_prompt_tokens_per_s(entry) * slowdown,
                last_used=asyncio.get_running_loop().time(),
                expires_at=_expiry(keep_alive),
            )
            self.stats.loads_by_model[entry.name] += 1
            self.stats.loaded_bytes += entry.size_bytes
            self.stats.load_seconds += seconds
            self._notify()
            return int(seconds * 1e9)

    async def _make_room(self, need: int) -> int:
        """Make room as Ollama's scheduler does; the VRAM the new runner gets.

        While ``need`` does not fit (or ``max_loaded`` runners are loaded): evict an idle
        runner, least recently used first; with none idle, mark the least recently used
        busy one to leave once the requests running or queued on it are done (it takes no
        new ones), and wait for it. Only once nothing else is loaded may a model too big
        for the GPU load split, on the whole GPU.
        """
        limit = self.settings.max_loaded
        while True:
            free = max(0, self.budget - self.used_vram)
            if need <= free and (not limit or len(self.runners) < limit):
                return need
            if not self.runners:
                return free
            idle = [r for r in self.runners.values() if r.idle]
            victim = min(idle or self.runners.values(), key=lambda r: r.last_used)
            if not idle:
                victim.closing = victim.evicting = True
                while self.runners.get(victim.entry.name) is victim:
                    await self._wait_change()
                continue
            self._evict(victim)

    def _evict(self, runner: Runner) -> None:
        self._unload(runner, count=False)
        self.stats.evictions_by_model[runner.entry.name] += 1
        self._notify()

    def _unload(self, runner: Runner, *, count: bool = True) -> None:
        if runner.timer is not None:
            runner.timer.cancel()
            runner.timer = None
        if self.runners.get(runner.entry.name) is runner:
            del self.runners[runner.entry.name]
            if count:
                self.stats.unloads_by_model[runner.entry.name] += 1

    def _arm_timer(self, runner: Runner) -> None:
        if runner.timer is not None:
            runner.timer.cancel()
            runner.timer = None
        runner.expires_at = _expiry(runner.keep_alive)
        if math.isfinite(runner.keep_alive):
            loop = asyncio.get_running_loop()
            runner.timer = loop.call_later(runner.keep_alive, self._expire, runner)

    def _expire(self, runner: Runner) -> None:
        runner.timer = None
        if runner.idle:
            self._unload(runner)
            self._notify()

    async def _wait_change(self) -> None:
        await self._changed.wait()

    def _notify(self) -> None:
        # Wake every waiter; each re-checks its own condition (notify-all without a lock).
        self._changed.set()
        self._changed = asyncio.Event()


def _expiry(keep_alive: float) -> datetime:
    now = datetime.now().astimezone()
    if not math.isfinite(keep_alive):
        return now + _FOREVER_DELTA
    return now + timedelta(seconds=keep_alive)
