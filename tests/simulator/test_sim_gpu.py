"""The simulated GPU seen through the HTTP API: loads, keep-alive, split, queues."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any

import httpx
from tests.simulator.sim_helpers import BIG, MID, SMALL, chat, settings, wait_until

from ollama_agent_router.simulator import run_simulator
from support.waiting import until

BUSY = "server busy, please try again.  maximum pending requests exceeded"


async def ps(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    return list((await client.get("/api/ps")).json()["models"])


async def test_load_time_is_proportional_to_size_and_paid_once() -> None:
    async with (
        run_simulator(settings(instant=False, load_ms_per_gb=50, tokens_per_s=5000)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        started = time.perf_counter()
        first = (await client.post("/api/chat", json=chat(MID, stream=False))).json()
        assert time.perf_counter() - started >= 0.2
        # the simulated 200 ms load, plus any whole milliseconds the loop took to get there
        assert 200_000_000 <= first["load_duration"] < 300_000_000
        second = (await client.post("/api/chat", json=chat(MID, stream=False))).json()
        assert "load_duration" not in second
        assert sim.state["loads"] == 1


async def test_keep_alive_zero_unloads_after_reply_and_preload_forms() -> None:
    async with (
        run_simulator(settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/api/chat", json=chat(stream=False, keep_alive=0))
        assert await ps(client) == []
        assert sim.state["unloads"] == 1

        load = (await client.post("/api/generate", json={"model": MID, "keep_alive": -1})).json()
        assert load["done_reason"] == "load"
        assert load["response"] == ""
        (entry,) = await ps(client)
        assert datetime.fromisoformat(entry["expires_at"]).year > 2200

        unload = await client.post(
            "/api/chat", json={"model": MID, "messages": [], "keep_alive": 0}
        )
        assert unload.json()["done_reason"] == "unload"
        assert unload.json()["message"] == {"role": "assistant", "content": ""}
        assert await ps(client) == []
        missing = await client.post("/api/generate", json={"model": "x", "keep_alive": 0})
        assert missing.status_code == 404


async def test_idle_timer_expires_the_model() -> None:
    async with (
        run_simulator(settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/api/chat", json=chat(stream=False, keep_alive="150ms"))
        assert len(await ps(client)) == 1

        async def expired() -> bool:
            return await ps(client) == []

        await until(expired, within_s=0.3, what="the model outlived its keep_alive")


async def test_model_too_big_for_the_gpu_is_split() -> None:
    async with (
        run_simulator(settings(vram_mb=8192)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/api/chat", json=chat(BIG, stream=False))
        (entry,) = await ps(client)
        assert 0 < entry["size_vram"] < entry["size"]
        assert entry["size_vram"] == 8192 * 1024 * 1024


async def test_other_num_ctx_forces_a_reload() -> None:
    async with (
        run_simulator(settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/api/chat", json=chat(stream=False))
        await client.post("/api/chat", json=chat(stream=False, options={"num_ctx": 8192}))
        (entry,) = await ps(client)
        assert entry["context_length"] == 8192
        assert sim.state["loads"] == 2


async def test_requests_queue_at_the_parallel_limit() -> None:
    slow = settings(instant=False, load_ms_per_gb=0, tokens_per_s=100, parallel=1)
    async with (
        run_simulator(slow) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        body = chat(stream=False, options={"num_predict": 10})
        calls = [asyncio.create_task(client.post("/api/chat", json=body)) for _ in range(3)]
        depths: list[int] = []
        while not all(c.done() for c in calls):
            depths.append(sim.state["queueDepth"].get(SMALL, 0))
            await asyncio.sleep(0.01)
        assert [r.status_code for r in await asyncio.gather(*calls)] == [200] * 3
        assert max(depths) == 2
        assert sim.state["inFlight"] == 0


async def test_requests_for_a_loaded_model_never_get_503() -> None:
    """OLLAMA_MAX_QUEUE bounds only the scheduler's queue: requests waiting for a loaded
    runner's slot are not in it (``getRunner``'s fast path)."""
    slow = settings(instant=False, load_ms_per_gb=0, tokens_per_s=100, max_queue=1)
    async with (
        run_simulator(slow) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        body = chat(stream=False, options={"num_predict": 5})
        assert (await client.post("/api/chat", json=body)).status_code == 200
        calls = [asyncio.create_task(client.post("/api/chat", json=body)) for _ in range(4)]
        await wait_until(lambda: sim.state["queued"] >= 2)
        assert [r.status_code for r in await asyncio.gather(*calls)] == [200] * 4
        assert sim.state["rejectedBusy"] == 0
