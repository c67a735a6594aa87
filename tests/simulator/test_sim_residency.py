"""Making room as Ollama does (idle LRU first, else wait for a busy one; split only alone;
``max_loaded``), the utilisation clock, and the card as ``GET /_sim/gpu`` shows it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from tests.simulator.sim_helpers import MID, SMALL, chat, settings

from ollama_agent_router.simulator import SimModel, run_simulator
from ollama_agent_router.simulator.busy import BusyClock
from ollama_agent_router.simulator.catalog import Catalog
from ollama_agent_router.simulator.gpu import Lease, SimulatedGpu
from ollama_agent_router.simulator.stats import Stats

BIG8 = "big:8b"
HUGE = "huge:30b"
MODELS = (
    SimModel(SMALL, 1.0, default_context=1024),  # ~966 MiB with its KV cache
    SimModel(MID, 4.0, default_context=1024),  # ~3 862 MiB
    SimModel(BIG8, 8.0, default_context=1024),  # ~7 723 MiB
    SimModel(HUGE, 20.0, default_context=1024),  # ~19 308 MiB
)


async def settle() -> None:
    """Let every task that can move, move (no clock involved)."""
    for _ in range(50):
        await asyncio.sleep(0)


# (vram_mb, max_loaded, loaded in order as (model, busy), request, released in order,
#  served at once, resident at the end, evicted, split)
SCENARIOS = [
    pytest.param(
        10000, 3, [(MID, False), (SMALL, False)], BIG8, [], True,
        {SMALL, BIG8}, {MID: 1}, False, id="idle-evicted-least-recently-used-first",
    ),
    pytest.param(
        10000, 3, [(BIG8, True), (SMALL, False)], MID, [BIG8], False,
        {MID}, {SMALL: 1, BIG8: 1}, False, id="smaller-idle-goes-then-waits-for-busy",
    ),
    pytest.param(
        10000, 3, [(SMALL, True)], HUGE, [SMALL], False,
        {HUGE}, {SMALL: 1}, True, id="too-big-waits-for-busy-then-splits-alone",
    ),
    pytest.param(
        10000, 3, [], HUGE, [], True, {HUGE}, {}, True, id="too-big-alone-splits-at-once",
    ),
    pytest.param(
        65536, 2, [(SMALL, False), (MID, False)], BIG8, [], True,
        {MID, BIG8}, {SMALL: 1}, False, id="max-loaded-evicts-like-vram",
    ),
    pytest.param(
        65536, 2, [(SMALL, True), (MID, True)], BIG8, [MID, SMALL], False,
        {MID, BIG8}, {SMALL: 1}, False, id="max-loaded-waits-for-the-chosen-busy-one",
    ),
    pytest.param(
        65536, 0, [(SMALL, False), (MID, False), (BIG8, False)], HUGE, [], True,
        {SMALL, MID, BIG8, HUGE}, {}, False, id="max-loaded-0-means-no-limit",
    ),
]  # fmt: skip


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
    loaded: list[tuple[str, bool]],
    wanted: str,
    released: list[str],
    at_once: bool,
    resident: set[str],
    evicted: dict[str, int],
    split: bool,
) -> None:
    config = settings(models=MODELS, vram_mb=vram_mb, max_loaded=max_loaded)
    catalog = Catalog(config.models)
    gpu = SimulatedGpu(config, Stats())

    def entry(name: str) -> Any:
        found = catalog.get(name)
        assert found is not None
        return found

    held: dict[str, Lease] = {}
    try:
        for name, busy in loaded:
            lease = await gpu.acquire(entry(name), 1024, 300.0)
            if busy:
                held[name] = lease
            else:
                gpu.release(lease.runner)
        waiting = asyncio.create_task(gpu.acquire(entry(wanted), 1024, 300.0))
        await settle()
        assert waiting.done() is at_once
        for name in released:
            # A runner chosen to leave takes no new requests meanwhile.
            assert gpu.try_acquire(entry(name), 1024, 300.0) is None
            gpu.release(held.pop(name).runner)
            await settle()
        lease = await waiting
        assert set(gpu.runners) == {entry(name).name for name in resident}
        assert dict(gpu.stats.evictions_by_model) == {entry(n).name: c for n, c in evicted.items()}
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


async def test_requests_queued_on_a_runner_are_served_before_it_leaves() -> None:
    config = settings(models=MODELS, vram_mb=10000)
    catalog = Catalog(config.models)
    big, mid = catalog.get(BIG8), catalog.get(MID)
    assert big is not None
    assert mid is not None
    gpu = SimulatedGpu(config, Stats())
    try:
        running = await gpu.acquire(big, 1024, 300.0)
        queued = asyncio.create_task(gpu.acquire(big, 1024, 300.0))
        await settle()
        making_room = asyncio.create_task(gpu.acquire(mid, 1024, 300.0))
        await settle()
        late = asyncio.create_task(gpu.acquire(big, 1024, 300.0))
        await settle()
        gpu.release(running.runner)
        await settle()
        second = await queued  # already waiting on the runner: served by it, no reload
        assert second.runner is running.runner
        assert not making_room.done()
        gpu.release(second.runner)
        await settle()
        room = await making_room
        assert set(gpu.runners) == {MID}
        assert not late.done()  # arrived after BIG8 was chosen to leave: it loads again
        gpu.release(room.runner)
        reloaded = await late
        assert reloaded.runner is not running.runner
        assert dict(gpu.stats.loads_by_model) == {BIG8: 2, MID: 1}
        assert dict(gpu.stats.evictions_by_model) == {BIG8: 1, MID: 1}
    finally:
        gpu.clear()


async def test_a_runner_chosen_to_leave_goes_when_its_last_waiter_gives_up() -> None:
    config = settings(models=MODELS, vram_mb=10000)
    catalog = Catalog(config.models)
    big, mid = catalog.get(BIG8), catalog.get(MID)
    assert big is not None
    assert mid is not None
    gpu = SimulatedGpu(config, Stats())
    try:
        running = await gpu.acquire(big, 1024, 300.0)
        queued = asyncio.create_task(gpu.acquire(big, 1024, 300.0))
        await settle()
        making_room = asyncio.create_task(gpu.acquire(mid, 1024, 300.0))
        await settle()
        gpu.release(running.runner)
        queued.cancel()  # gone before it could take the freed slot
        await settle()
        assert (await making_room).runner.entry.name == MID
        assert set(gpu.runners) == {MID}
    finally:
        gpu.clear()
