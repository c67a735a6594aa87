"""Making room as Ollama's scheduler does (``findRunnerToUnload`` over
``ByDurationAndName``: the first idle runner by keep-alive, else the first even if busy;
split only alone; ``OLLAMA_MAX_LOADED_MODELS``), the utilisation clock, and the card as
``GET /_sim/gpu`` shows it.

Models known only by size get derived shapes; at a 4096 context (OLLAMA_CONTEXT_LENGTH)
they take SMALL 1 117 440 512 B, MID 4 536 870 912 B, BIG8 8 671 088 640 B and HUGE
21 073 741 824 B.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

import httpx
import pytest
from tests.simulator.sim_helpers import MID, SMALL, chat, settings, settle

from ollama_agent_router.simulator import SimModel, Simulator, run_simulator
from ollama_agent_router.simulator.busy import BusyClock
from ollama_agent_router.simulator.scheduler import Demand, Lease

BIG8 = "big:8b"
HUGE = "huge:30b"
MODELS = (
    SimModel(SMALL, 1.0),
    SimModel(MID, 4.0),
    SimModel(BIG8, 8.0),
    SimModel(HUGE, 20.0),
)
FOREVER = math.inf

# (vram_mb, max_loaded, loaded in order as (model, keep_alive, busy), request, released
#  in order, served at once, resident at the end, evicted, split)
SCENARIOS = [
    pytest.param(
        12000, 3, [(MID, 60, False), (SMALL, 300, False)], BIG8, [], True,
        {SMALL, BIG8}, {MID: 1}, False, id="the-shortest-keep-alive-goes",
    ),
    pytest.param(
        15000, 3, [(MID, FOREVER, False), (SMALL, 300, False)], BIG8, [], True,
        {MID, BIG8}, {SMALL: 1}, False, id="forever-sorts-last",
    ),
    pytest.param(
        12000, 3, [(MID, 60, True), (SMALL, 300, False)], BIG8, [MID], False,
        {BIG8}, {SMALL: 1, MID: 1}, False, id="an-idle-one-first-then-the-busy-one",
    ),
    pytest.param(
        10000, 3, [(SMALL, 300, True)], HUGE, [SMALL], False,
        {HUGE}, {SMALL: 1}, True, id="too-big-waits-for-busy-then-splits-alone",
    ),
    pytest.param(
        10000, 3, [], HUGE, [], True, {HUGE}, {}, True, id="too-big-alone-splits-at-once",
    ),
    pytest.param(
        65536, 2, [(SMALL, 300, False), (MID, 60, False)], BIG8, [], True,
        {SMALL, BIG8}, {MID: 1}, False, id="max-loaded-evicts-like-memory",
    ),
    pytest.param(
        65536, 2, [(SMALL, 300, True), (MID, 60, True)], BIG8, [MID], False,
        {SMALL, BIG8}, {MID: 1}, False, id="max-loaded-waits-for-the-chosen-busy-one",
    ),
    pytest.param(
        65536, 0, [(SMALL, 300, False), (MID, 300, False), (BIG8, 60, False)], HUGE, [], True,
        {SMALL, MID, HUGE}, {BIG8: 1}, False, id="max-loaded-0-is-three-per-gpu",
    ),
]  # fmt: skip


def rig(**changes: Any) -> tuple[Simulator, Any]:
    sim = Simulator(settings(models=MODELS, context_length=4096, **changes))

    def demand(name: str, keep_alive: float | None = None) -> Demand:
        entry = sim.catalog.get(name)
        assert entry is not None
        return Demand(entry, sim.scheduler.context_for(entry, None), keep_alive)

    return sim, demand


@pytest.mark.parametrize(
    (
        "vram_mb",
        "max_loaded",
        "loaded",
        "wanted",
        "released",
        "at_once",
        "resident",
        "evicted",
        "split",
    ),
    SCENARIOS,
)
async def test_making_room(
    vram_mb: int,
    max_loaded: int,
    loaded: list[tuple[str, float, bool]],
    wanted: str,
    released: list[str],
    at_once: bool,
    resident: set[str],
    evicted: dict[str, int],
    split: bool,
) -> None:
    sim, demand = rig(vram_mb=vram_mb, max_loaded=max_loaded)
    gpu = sim.scheduler
    held: dict[str, Lease] = {}
    try:
        for name, keep_alive, busy in loaded:
            lease = await gpu.acquire(demand(name, keep_alive))
            if busy:
                held[name] = lease
            else:
                gpu.release(lease.runner)
        waiting = asyncio.create_task(gpu.acquire(demand(wanted)))
        await settle()
        assert waiting.done() is at_once
        for name in released:
            assert held[name].runner.leaving is not None  # chosen, though busy
            gpu.release(held.pop(name).runner)
            await settle()
        lease = await waiting
        assert set(gpu.runners) == resident
        assert dict(gpu.stats.evictions_by_model) == evicted
        assert lease.runner.split is split
        if split:
            assert lease.runner.size_vram == gpu.budget
    finally:
        gpu.clear()


@pytest.mark.parametrize(
    ("changes", "at", "expected"),
    [
        ([], 5.0, 0.0),
        ([(0.0, True)], 0.5, 50.0),
        ([(0.0, True)], 3.0, 100.0),
        ([(0.0, True), (1.0, False)], 1.5, 50.0),
        ([(0.0, True), (0.25, False), (0.5, True), (0.75, False)], 1.0, 50.0),
        ([(0.0, True), (0.25, False), (0.5, True), (0.75, False)], 1.5, 25.0),
        ([(0.0, True), (0.25, False)], 20.0, 0.0),
    ],
)
def test_utilisation_is_the_busy_share_of_the_last_second(
    changes: list[tuple[float, bool]], at: float, expected: float
) -> None:
    clock = BusyClock()
    for when, busy in changes:
        if busy:
            clock.take(when)
        else:
            clock.release(when)
    assert clock.utilization(at) == pytest.approx(expected)


def test_overlapping_slots_count_once_and_stray_releases_are_ignored() -> None:
    clock = BusyClock()
    clock.take(0.0)
    clock.take(0.2)
    clock.release(0.4)
    clock.release(0.6)
    clock.release(0.7)
    assert clock.utilization(1.0) == pytest.approx(60.0)
    assert clock.slots == 0


async def test_gpu_reading_follows_loads() -> None:
    async with (
        run_simulator(settings(vram_mb=16384)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        empty = (await client.get("/_sim/gpu")).json()
        assert empty == {
            "name": "Simulated GPU",
            "totalMb": 16384,
            "usedMb": 0,
            "freeMb": 16384,
            "utilizationPct": 0,
        }
        await client.post("/api/chat", json=chat(MID, stream=False))
        await client.post("/api/chat", json=chat(SMALL, stream=False))
        used = sum(entry["size_vram"] for entry in sim.state["loaded"])
        reading = (await client.get("/_sim/gpu")).json()
        assert reading["usedMb"] == -(-used // (1024 * 1024))
        assert reading["freeMb"] == 16384 - reading["usedMb"]
        state = sim.state
        assert state["loadedBytes"] == 5_000_000_000
        assert state["splitRequests"] == 0
        assert state["settings"]["maxLoaded"] == 3
        assert sim.state["requests"]["total"] == 2  # control requests are not counted


async def test_requests_waiting_for_a_slot_on_the_victim_are_served_before_it_leaves() -> None:
    """A request waiting for the victim's slot holds a reference (``refCount``): the
    victim serves it, then leaves; the pending load waits for both."""
    sim, demand = rig(vram_mb=10000)
    gpu = sim.scheduler
    try:
        running = await gpu.acquire(demand(BIG8))
        queued = asyncio.create_task(gpu.acquire(demand(BIG8)))
        await settle()
        making_room = asyncio.create_task(gpu.acquire(demand(MID)))
        await settle()
        gpu.release(running.runner)
        second = await queued
        assert second.runner is running.runner
        await settle()
        assert not making_room.done()
        gpu.release(second.runner)
        room = await making_room
        assert set(gpu.runners) == {MID}
        gpu.release(room.runner)
        assert dict(gpu.stats.evictions_by_model) == {BIG8: 1}
    finally:
        gpu.clear()


async def test_the_victim_leaves_when_its_last_waiter_gives_up() -> None:
    sim, demand = rig(vram_mb=10000)
    gpu = sim.scheduler
    try:
        running = await gpu.acquire(demand(BIG8))
        queued = asyncio.create_task(gpu.acquire(demand(BIG8)))
        await settle()
        making_room = asyncio.create_task(gpu.acquire(demand(MID)))
        await settle()
        queued.cancel()  # gone before it could take the slot
        await settle()
        assert not making_room.done()
        gpu.release(running.runner)
        assert (await making_room).runner.name == MID
        assert set(gpu.runners) == {MID}
    finally:
        gpu.clear()
