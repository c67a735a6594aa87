"""Placement under VRAM pressure through the real router and simulator: the GPU monitor
reads the simulated card, the simulator evicts as Ollama does."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from tests.api.runtime.test_runtime_plane import poll_job

from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import parse_config
from ollama_agent_router.gpu.snapshot import GpuDevice, GpuSnapshot
from ollama_agent_router.simulator.server import SimulatorHandle
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.stack import Stack, gex44_data, stack
from support.waiting import until

GPT = "gpt-oss:20b"
QWEN = "qwen2.5-coder:7b"
DEEPSEEK = "deepseek-coder:6.7b"
CODE_FIX = (
    "This function throws a TypeError, please fix it:\n```python\ndef f(x): return x + '1'\n```"
)


class SimulatedCard:
    """A GPU monitor reading the simulator's VRAM (bound once the simulator runs)."""

    def __init__(self) -> None:
        self.sim: SimulatorHandle | None = None

    async def read(self) -> GpuSnapshot | None:
        if self.sim is None:
            return None
        vram = self.sim.state["vram"]
        total, used = vram["totalBytes"] // 2**20, vram["usedBytes"] // 2**20
        device = GpuDevice(0, "Simulated", total, used, total - used, 10)
        return GpuSnapshot("nvidia", (device,), time.monotonic(), source="test")

    def close(self) -> None:
        pass


def read_after_load(s: Stack) -> bool:
    """The router's GPU reading shows the VRAM the simulator uses now."""
    assert s.services is not None
    snapshot = s.services.live.gpu_snapshot
    used_mb = s.sim.state["vram"]["usedBytes"] // 2**20
    return snapshot is not None and snapshot.devices[0].used_mb == used_mb > 0


def plain(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


async def wait_loaded(s: Stack, model: str) -> None:
    for _ in range(200):
        _, status = await s.get("/v1/router/status")
        if model in [m["configuredName"] for m in status["loadedModels"]]:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{model} never showed as loaded")


async def wait_running(s: Stack, model: str) -> None:
    for _ in range(200):
        _, status = await s.get("/v1/router/status")
        if any(m["model"] == model and m["running"] for m in status["queue"]["byModel"]):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{model} never ran")


@pytest.mark.parametrize(("strategy", "expected"), [("reference", 503), ("residency", 200)])
async def test_idle_large_model_resident_a_plain_code_request_is_served(
    strategy: str, expected: int
) -> None:
    card = SimulatedCard()
    # OLLAMA_CONTEXT_LENGTH=65536: gpt-oss then takes ~15 GiB and leaves too little free
    # for either code model with the reserve, which the reference strategy refuses
    data = gex44_data(**{"router.strategy": strategy, "ollama.contextLength": 65536})
    async with stack(data, overrides=Overrides(gpu_monitor=card, shutdown_grace_s=1)) as s:
        card.sim = s.sim
        status, body, _ = await s.post("/v1/chat/completions", plain("hi", model=GPT))
        assert status == 200, body
        await wait_loaded(s, GPT)
        await until(lambda: read_after_load(s), what="no GPU reading after the load")
        status, body, _ = await s.post("/v1/chat/completions", plain(CODE_FIX))
        loaded_after = s.sim.state["loadedModels"]
        evictions = s.sim.state.get("evictionsByModel", {})
    assert status == expected, body
    if expected == 200:
        assert body["router"]["selectedModel"] in (QWEN, DEEPSEEK)
        assert body["router"]["estimate"]["residency"]["placement"] in ("evict", "fits")
        assert body["router"]["selectedModel"] in loaded_after
    else:
        assert "gpu_only" in body["error"]["message"]
    del evictions


async def test_a_start_that_needs_room_waits_for_the_busy_model_instead_of_failing() -> None:
    """gpt-oss busy with a slow request; a request pinned to qwen (which only fits once
    gpt-oss leaves) is held by the router until gpt-oss finishes, then served."""
    card = SimulatedCard()
    data = gex44_data()
    data["models"][1]["sizeGb"] = 6.5  # qwen: more than 80% of what gpt-oss leaves free
    paced = SimulatorSettings(
        models=models_from_config(parse_config(data)), load_ms_per_gb=1, tokens_per_s=10
    )
    overrides = Overrides(gpu_monitor=card, shutdown_grace_s=1)
    async with stack(data, sim_settings=paced, overrides=overrides) as s:
        card.sim = s.sim
        long = plain("plan it", model=GPT, max_tokens=60)  # seconds at 10 tokens/s
        slow = asyncio.create_task(s.post("/v1/chat/completions", long))
        await wait_running(s, GPT)
        status, body, _ = await s.post(
            "/v1/chat/completions", plain("fix", model=QWEN, max_tokens=5)
        )
        first = await slow
        metrics = await (await s.http.get(s.url + "/metrics")).text()
    assert first[0] == 200
    assert status == 200, body
    assert body["router"]["queueTimeMs"] > 100  # it waited for room, not failed
    assert f'oar_room_waits_total{{model="{QWEN}"}} 1.0' in metrics
    assert f'oar_model_loads_total{{model="{QWEN}"}} 1.0' in metrics


@asynccontextmanager
async def both_code_models_busy(*, deepseek_queued: int = 0) -> AsyncIterator[Stack]:
    """Both code models resident and busy, qwen for ~4 s, deepseek for ~0.6 s (plus
    ``deepseek_queued`` quick requests queued behind it); no price on the route position,
    so only the expected finish decides."""
    data = gex44_data(**{"router.residency.routePositionPenaltyMs": 0})
    paced = SimulatorSettings(models=models_from_config(parse_config(data)), load_ms_per_gb=1)
    async with stack(data, sim_settings=paced) as s:
        for model in (QWEN, DEEPSEEK):
            status, _, _ = await s.post("/v1/chat/completions", plain("hi", model=model))
            assert status == 200
        s.sim.set_fault("delay=4000", model=QWEN, times=1)
        s.sim.set_fault("delay=600", model=DEEPSEEK, times=1)
        busy = [
            asyncio.create_task(s.post("/v1/chat/completions", plain("x", model=m)))
            for m in (QWEN, DEEPSEEK, *[DEEPSEEK] * deepseek_queued)
        ]
        await wait_running(s, QWEN)
        await wait_running(s, DEEPSEEK)
        yield s
        await asyncio.gather(*busy)


async def test_a_waiting_request_moves_to_the_model_that_frees_first() -> None:
    """Late binding: a code request waits on the first model of its route; the second
    one frees first (resident, idle), so the request moves there."""
    async with both_code_models_busy() as s:
        body = plain(CODE_FIX, router={"taskType": "code_fix", "mode": "sync"})
        status, answer, _ = await s.post("/v1/chat/completions", body)
    assert status == 200, answer
    assert answer["router"]["selectedModel"] == DEEPSEEK
    assert 300 < answer["router"]["queueTimeMs"] < 3500  # it did not wait for qwen


async def test_a_queued_job_moves_to_the_model_that_frees_first() -> None:
    async with both_code_models_busy(deepseek_queued=1) as s:
        body = plain(CODE_FIX, router={"taskType": "code_fix", "mode": "async"})
        status, accepted, _ = await s.post("/v1/chat/completions", body)
        assert status == 202, accepted
        job = await poll_job(s, accepted["id"])
        _, result = await s.get(f"/v1/jobs/{accepted['id']}/result")
    assert job["status"] == "succeeded", job
    assert accepted["router"]["preferredModel"] == QWEN
    assert result["router"]["selectedModel"] == DEEPSEEK
    assert result["model"] == DEEPSEEK
