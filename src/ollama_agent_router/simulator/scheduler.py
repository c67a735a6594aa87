"""Ollama's scheduler (``server/sched.go``) over a simulated GPU.

- **Fast path** (``getRunner``): a request for a loaded model whose context matches
  (``needsReload`` false) takes the runner at once, whatever else is waiting, even a
  runner chosen to leave; it then waits for one of the runner's slots.
- **One pending loop** (``processPending``): every other request waits in one queue
  (``OLLAMA_MAX_QUEUE``, then 503), handled one at a time: reload on another context,
  make room (``OLLAMA_MAX_LOADED_MODELS``, then the 80% rule of ``load``), load.
- **Making room** (``findRunnerToUnload``): runners in ``ByDurationAndName`` order, the
  first idle one, else the first one even if busy. The victim's keep-alive drops to 0
  and the loop waits for an unload; meanwhile all other pending loads wait too, and the
  victim keeps serving. A request that carries ``keep_alive`` to the victim sets its
  keep-alive again, so once idle it arms a timer instead of leaving (ollama#17408).
- **Memory** is ``routing.memory``'s prediction; alone a model always loads (split onto
  the CPU when bigger than the card).
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from ollama_agent_router.routing.memory import (
    MIB,
    MemoryEstimate,
    effective_context,
    estimate_memory,
    fits_beside,
    run_context,
    slots,
)
from ollama_agent_router.simulator.busy import BusyClock
from ollama_agent_router.simulator.catalog import CatalogEntry
from ollama_agent_router.simulator.runner import Runner, expiry
from ollama_agent_router.simulator.settings import SimulatorSettings
from ollama_agent_router.simulator.slots import Slots
from ollama_agent_router.simulator.speeds import prompt_tokens_per_s, tokens_per_s
from ollama_agent_router.simulator.stats import Stats

#: ``defaultModelsPerGPU``: the runner limit when ``OLLAMA_MAX_LOADED_MODELS`` is 0.
MODELS_PER_GPU = 3
#: ``getRunner``: the least context, and the least for a model with vision.
_MIN_CONTEXT = 4
_MIN_VISION_CONTEXT = 2048
#: Why a runner left, as counted in ``reloadsByReason`` when its model loads again.
_LEFT = {"memory": "eviction", "max_loaded": "eviction", "num_ctx": "num_ctx"}


class ServerBusy(Exception):
    """Ollama's pending queue is full: the caller answers 503."""


@dataclass(frozen=True, slots=True)
class Demand:
    """What one request asks of the scheduler."""

    entry: CatalogEntry
    num_ctx: int
    keep_alive: float | None = None
    """Seconds, ``inf`` for ever; ``None``: the request did not say (``/v1`` never does)."""


@dataclass(frozen=True, slots=True)
class Lease:
    """A runner handed to a request; ``load_ns`` is its time in the scheduler."""

    runner: Runner
    load_ns: int = 0


@dataclass(slots=True, eq=False)
class _Pending:
    demand: Demand
    future: asyncio.Future[Lease]
    enqueued: float


@dataclass(slots=True)
class Scheduler:
    """Residency, eviction and slots; every method runs on the server's event loop."""

    settings: SimulatorSettings
    stats: Stats
    runners: dict[str, Runner] = field(default_factory=dict)
    busy: BusyClock = field(default_factory=BusyClock)
    queue: deque[_Pending] = field(default_factory=deque)
    current: _Pending | None = None
    _loop_task: asyncio.Task[None] | None = None
    _wake: asyncio.Event | None = None
    _unloaded: asyncio.Event | None = None
    _left: dict[str, str] = field(default_factory=dict)

    @property
    def budget(self) -> int:
        return self.settings.vram_mb * MIB

    @property
    def used_vram(self) -> int:
        return sum(r.size_vram for r in self.runners.values())

    @property
    def free(self) -> int:
        return max(0, self.budget - self.used_vram)

    @property
    def max_runners(self) -> int:
        return self.settings.max_loaded or MODELS_PER_GPU

    def context_for_server(self) -> int:
        """The context of a request nobody sized: ``OLLAMA_CONTEXT_LENGTH``, else by VRAM."""
        return run_context(
            requested=None,
            server=self.settings.context_length,
            total_vram_bytes=self.budget,
            gpu_overhead_bytes=self.settings.gpu_overhead_mb * MIB,
            trained=None,
        )

    def context_for(self, entry: CatalogEntry, requested: int | None) -> int:
        """The context a request runs with: its ``num_ctx``, else the model's own, else
        ``OLLAMA_CONTEXT_LENGTH``, else by VRAM; at least 4 (2048 with vision), capped at
        the trained context (``modelOptions``, ``getRunner``, ``effectiveContext``)."""
        context = requested or entry.spec.default_context or self.context_for_server()
        floor = _MIN_VISION_CONTEXT if "vision" in entry.capabilities else _MIN_CONTEXT
        return effective_context(max(context, floor), entry.shape.trained_context)

    def estimate(self, entry: CatalogEntry, num_ctx: int, available: float) -> MemoryEstimate:
        """What loading ``entry`` at ``num_ctx`` takes (``load``: slots, batch, cache)."""
        parallel = slots(
            self.settings.parallel, family=entry.shape.family, embedding=not entry.completion
        )
        return estimate_memory(
            entry.size_bytes,
            entry.shape,
            num_ctx=num_ctx,
            parallel=parallel,
            kv_cache_type=self.settings.kv_cache_type,
            available=available,
            completion=entry.completion,
        )

    def try_acquire(self, demand: Demand) -> Lease | None:
        """The fast path without waiting: loaded, same context, a slot free now."""
        runner = self.runners.get(demand.entry.name)
        if runner is None or runner.num_ctx != demand.num_ctx or not runner.slot_free:
            return None
        self._use(runner, demand)
        runner.take_slot(self.busy)
        return Lease(runner)

    async def acquire(self, demand: Demand) -> Lease:
        """A runner for ``demand`` and one of its slots."""
        lease = await self.reserve(demand)
        try:
            await lease.runner.wait_slot(self.busy)
        except BaseException:
            self.unref(lease.runner)
            raise
        return lease

    async def reserve(self, demand: Demand) -> Lease:
        """A runner for ``demand`` (no slot): the fast path, else the pending loop."""
        runner = self.runners.get(demand.entry.name)
        if runner is not None and runner.num_ctx == demand.num_ctx:
            self._use(runner, demand)
            return Lease(runner)
        if len(self.queue) >= self.settings.max_queue:
            self.stats.rejected_busy += 1
            raise ServerBusy
        loop = asyncio.get_running_loop()
        pending = _Pending(demand, loop.create_future(), loop.time())
        self.queue.append(pending)
        self._kick()
        try:
            return await pending.future
        except asyncio.CancelledError:
            future = pending.future
            if future.done() and not future.cancelled() and future.exception() is None:
                self.unref(future.result().runner)
            raise

    def release(self, runner: Runner) -> None:
        """A request is done with its slot and with the runner."""
        runner.free_slot(self.busy)
        self.unref(runner)

    def unref(self, runner: Runner) -> None:
        """``processCompleted``: an idle runner leaves at once or arms its timer."""
        runner.refs -= 1
        if runner.refs <= 0:
            runner.refs = 0
            self._idle(runner)

    def request_unload(self, entry: CatalogEntry) -> None:
        """``keep_alive: 0`` with no prompt: leave now, or as soon as the model is idle."""
        runner = self.runners.get(entry.name)
        if runner is None:
            return
        self._cancel_timer(runner)
        runner.session = 0.0
        runner.expires_at = expiry(0.0)
        if runner.refs == 0:
            self._unload(runner)

    def ps(self) -> list[dict[str, Any]]:
        """``PsHandler``: the longest time left first."""
        ordered = sorted(self.runners.values(), key=lambda r: r.expires_at, reverse=True)
        return [runner.ps_json() for runner in ordered]

    def waiting(self) -> Counter[str]:
        """Requests waiting, per model: for the scheduler or for a slot."""
        depth: Counter[str] = Counter(p.demand.entry.name for p in self.queue)
        if self.current is not None:
            depth[self.current.demand.entry.name] += 1
        for runner in self.runners.values():
            if runner.waiters:
                depth[runner.name] += len(runner.waiters)
        return depth

    def clear(self) -> None:
        """Unload everything without counting it and drop the pending queue (reset)."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            self._loop_task = None
        for pending in (*self.queue, *([self.current] if self.current else [])):
            if not pending.future.done():
                pending.future.set_exception(ServerBusy())
        self.queue.clear()
        self.current = None
        for runner in self.runners.values():
            self._cancel_timer(runner)
        self.runners.clear()
        self._left.clear()
        self.busy = BusyClock()
        self._signal_unload()
        self._wake = None

    # The pending loop (``processPending``).

    def _kick(self) -> None:
        if self._wake is None:
            self._wake = asyncio.Event()
        self._wake.set()
        if self._loop_task is None or self._loop_task.done():
            self._loop_task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        wake = self._wake
        assert wake is not None
        while True:
            while not self.queue:
                wake.clear()
                await wake.wait()
            pending = self.queue.popleft()
            if pending.future.done():  # the client left while it waited
                continue
            self.current = pending
            try:
                await self._schedule(pending)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the request fails; the loop goes on
                if not pending.future.done():
                    pending.future.set_exception(exc)
            finally:
                self.current = None

    async def _schedule(self, pending: _Pending) -> None:
        """One pending request: reload, make room or load, until it has a runner."""
        demand = pending.demand
        name = demand.entry.name
        stalled = False
        while True:
            runner = self.runners.get(name)
            if runner is not None:
                if runner.num_ctx == demand.num_ctx:
                    self._hand(pending, runner, 0.0)
                    return
                victim, reason = runner, "num_ctx"
            elif len(self.runners) >= self.max_runners:
                victim, reason = self._victim(), "max_loaded"
            else:
                free = self.free
                memory = self.estimate(demand.entry, demand.num_ctx, free)
                if fits_beside(memory.predicted, free, others_loaded=bool(self.runners)):
                    runner, seconds = await self._load(demand, memory)
                    self._hand(pending, runner, seconds)
                    return
                victim, reason = self._victim(), "memory"
            # ``sessionDuration = 0``: it leaves now if idle, else once its requests end.
            self._cancel_timer(victim)
            victim.session = 0.0
            victim.leaving = reason
            if victim.refs == 0:
                self._unload(victim)
                continue
            if not stalled:
                stalled = True
                self.stats.stalled_loads += 1
            loop = asyncio.get_running_loop()
            started = loop.time()
            await self._next_unload()
            self.stats.stall_seconds += loop.time() - started

    def _victim(self) -> Runner:
        """``findRunnerToUnload``: the first idle runner in eviction order, else the first."""
        ordered = sorted(self.runners.values(), key=lambda r: r.eviction_order)
        return next((r for r in ordered if r.refs == 0), ordered[0])

    async def _load(self, demand: Demand, memory: MemoryEstimate) -> tuple[Runner, float]:
        """Start a runner: it takes the card's free memory, split when bigger."""
        entry, settings = demand.entry, self.settings
        vram = min(memory.held, self.free)
        seconds = entry.size_gb * settings.load_ms_per_gb / 1000
        if not settings.instant and seconds > 0:
            await asyncio.sleep(seconds)
        share = vram / memory.held if memory.held else 1.0
        slowdown = 0.15 + 0.85 * share if share < 1.0 else 1.0
        session = settings.keep_alive_s if demand.keep_alive is None else demand.keep_alive
        runner = Runner(
            entry=entry,
            num_ctx=demand.num_ctx,
            memory=memory,
            size_vram=vram,
            session=session,
            tokens_per_s=tokens_per_s(settings, entry) * slowdown,
            prompt_tokens_per_s=prompt_tokens_per_s(settings, entry) * slowdown,
            slots=Slots.of(memory.parallel),
            expires_at=expiry(session),
        )
        self.runners[entry.name] = runner
        stats = self.stats
        stats.loads_by_model[entry.name] += 1
        stats.loaded_bytes += entry.size_bytes
        stats.load_seconds += seconds
        left = self._left.pop(entry.name, None)
        if left is not None:
            stats.reloads_by_reason[left] += 1
        return runner, seconds

    def _hand(self, pending: _Pending, runner: Runner, load_s: float) -> None:
        """Give the runner to the request; its ``load_duration`` is the whole wait."""
        future = pending.future
        if future.done():  # gone meanwhile: the runner is taken and dropped at once
            if runner.refs == 0 and runner.timer is None:
                self._idle(runner)
            return
        self._use(runner, pending.demand)
        waited = asyncio.get_running_loop().time() - pending.enqueued - load_s
        # Whole milliseconds of waiting: sub-millisecond loop noise is not scheduling.
        load_ns = int(max(0.0, waited) * 1000) * 1_000_000 + int(load_s * 1e9)
        future.set_result(Lease(runner, load_ns))

    # Runners' lifetimes.

    def _use(self, runner: Runner, demand: Demand) -> None:
        """``useLoadedRunner``: one more request; its ``keep_alive``, if any, now rules."""
        runner.refs += 1
        self._cancel_timer(runner)
        if demand.keep_alive is not None:
            runner.session = demand.keep_alive
        runner.expires_at = expiry(runner.session)

    def _idle(self, runner: Runner) -> None:
        if self.runners.get(runner.name) is not runner:
            return
        if runner.session <= 0:
            self._unload(runner)
            return
        runner.expires_at = expiry(runner.session)
        if math.isfinite(runner.session) and runner.timer is None:
            loop = asyncio.get_running_loop()
            runner.timer = loop.call_later(runner.session, self._expire, runner)

    def _expire(self, runner: Runner) -> None:
        runner.timer = None
        if runner.refs == 0:
            self._unload(runner)

    def _unload(self, runner: Runner) -> None:
        self._cancel_timer(runner)
        if self.runners.get(runner.name) is not runner:
            return
        del self.runners[runner.name]
        stats, reason = self.stats, runner.leaving
        if reason in ("memory", "max_loaded"):
            stats.evictions_by_model[runner.name] += 1
            stats.evictions_by_reason[reason] += 1
        else:
            stats.unloads_by_model[runner.name] += 1
        self._left[runner.name] = _LEFT.get(reason or "", "expired")
        self._signal_unload()

    def _cancel_timer(self, runner: Runner) -> None:
        if runner.timer is not None:
            runner.timer.cancel()
            runner.timer = None

    async def _next_unload(self) -> None:
        if self._unloaded is None:
            self._unloaded = asyncio.Event()
        await self._unloaded.wait()

    def _signal_unload(self) -> None:
        if self._unloaded is not None:
            self._unloaded.set()
            self._unloaded = None
