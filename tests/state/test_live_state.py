from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from ollama_agent_router.backend.ollama.errors import OllamaHTTPError, OllamaUnavailable
from ollama_agent_router.backend.ollama.models import PsModel
from ollama_agent_router.config.models import RouterConfig
from ollama_agent_router.gpu import GpuDevice, GpuSnapshot
from ollama_agent_router.state import LiveState


class FakeOllama:
    def __init__(self, models: list[PsModel] | None = None) -> None:
        self.models = models or []
        self.error: Exception | None = None
        self.probe_result = True
        self.ps_calls = 0

    async def ps(self, *, timeout_ms: int | None = None) -> list[PsModel]:
        self.ps_calls += 1
        await asyncio.sleep(0.005)
        if self.error is not None:
            raise self.error
        return list(self.models)

    async def probe(self, *, timeout_ms: int | None = None) -> bool:
        return self.probe_result


class FakeMonitor:
    def __init__(self, free: list[int | None]) -> None:
        self.free = free
        self.fail = False
        self.closed = False
        self.reads = 0

    async def read(self) -> GpuSnapshot | None:
        self.reads += 1
        if self.fail:
            return None
        devices = tuple(
            GpuDevice(i, "GPU", 20000, None if f is None else 20000 - f, f, 10 * (i + 1))
            for i, f in enumerate(self.free)
        )
        return GpuSnapshot("nvidia", devices, time.monotonic(), source="nvml")

    def close(self) -> None:
        self.closed = True


def _config(**gpu: Any) -> RouterConfig:
    return RouterConfig.model_validate(
        {
            "models": [
                {"name": "llama3.2", "sizeGb": 2},
                {"name": "qwen2.5-coder:7b", "sizeGb": 4.7},
                {"name": "B-A-M-N/vibethinker:1.5b", "sizeGb": 3.6},
            ],
            "gpu": gpu or {"provider": "nvidia", "monitor": {"enabled": True, "intervalMs": 100}},
        }
    )


GiB = 1024**3


async def test_view_maps_ollama_names_to_configured_names() -> None:
    ollama = FakeOllama(
        [
            PsModel("llama3.2:latest", 2 * GiB, 2 * GiB),
            PsModel("qwen2.5-coder:7b", 6 * GiB, 3 * GiB, context_length=8192),
            PsModel("other:latest", GiB, GiB),
        ]
    )
    state = LiveState(_config(), ollama=ollama, monitor=FakeMonitor([1000, 2500]))
    await state.refresh()
    view = state.view({"llama3.2": 2}, {"qwen2.5-coder:7b": 1})
    assert set(view.loaded) == {"llama3.2", "qwen2.5-coder:7b"}
    assert view.loaded["llama3.2"].fully_on_gpu
    assert not view.loaded["qwen2.5-coder:7b"].fully_on_gpu
    assert view.gpu_free_mb == 3500
    assert view.gpu_utilization_pct == 20
    assert view.total_queued == 2
    assert view.running == {"qwen2.5-coder:7b": 1}
    assert [m["configuredName"] for m in state.loaded_models()] == [
        "llama3.2",
        "qwen2.5-coder:7b",
        None,
    ]
    assert state.runtime_status() == "ok"
    gpu = state.gpu_dict()
    assert gpu["available"] is True
    assert gpu["vramFreeMb"] == 3500
    assert gpu["snapshotAgeMs"] >= 0
    await state.aclose()


async def test_no_monitor_means_no_free_vram_and_ok_status() -> None:
    state = LiveState(_config(provider="none"), ollama=FakeOllama(), monitor=None)
    await state.refresh()
    assert state.view({}, {}).gpu_free_mb is None
    assert state.runtime_status() == "ok"
    assert state.gpu_dict() == {"provider": "none", "available": False}


@pytest.mark.parametrize(
    ("error", "probe", "reachable"),
    [
        (OllamaUnavailable(), True, False),
        (OllamaHTTPError(404, "404 page not found"), True, True),
        (OllamaHTTPError(500, "{}"), False, False),
        (RuntimeError("bug"), True, False),
    ],
)
async def test_unreachable_ollama_is_unavailable_and_never_raises(
    error: Exception, probe: bool, reachable: bool
) -> None:
    ollama = FakeOllama([PsModel("llama3.2:latest", GiB, GiB)])
    state = LiveState(_config(), ollama=ollama, monitor=FakeMonitor([1000]))
    await state.refresh()
    assert state.view({}, {}).loaded
    ollama.error = error
    ollama.probe_result = probe
    await state.refresh()
    assert state.ollama_reachable is reachable
    assert state.runtime_status() == ("ok" if reachable else "unavailable")
    assert not state.view({}, {}).loaded


async def test_status_is_unavailable_before_the_first_refresh() -> None:
    state = LiveState(_config(), ollama=FakeOllama(), monitor=None)
    assert state.runtime_status() == "unavailable"


async def test_monitoring_on_without_snapshot_is_degraded_once_stale() -> None:
    now = [0.0]
    monitor = FakeMonitor([1000])
    state = LiveState(_config(), ollama=FakeOllama(), monitor=monitor, clock=lambda: now[0])
    now[0] = time.monotonic()
    await state.refresh()
    assert state.runtime_status() == "ok"
    monitor.fail = True
    await state.refresh()
    assert state.runtime_status() == "ok"  # the last snapshot is young enough
    now[0] += 0.31  # older than 3 × intervalMs (100 ms)
    assert state.gpu_snapshot is None
    assert state.runtime_status() == "degraded"
    assert state.view({}, {}).gpu_free_mb is None


async def test_burst_of_pokes_causes_few_refreshes() -> None:
    ollama = FakeOllama()
    config = _config(provider="nvidia", monitor={"enabled": True, "intervalMs": 60000})
    state = LiveState(config, ollama=ollama, monitor=FakeMonitor([1]), min_refresh_gap_ms=100)
    await state.start()
    assert state.refresh_count == 1
    loop = asyncio.get_running_loop()
    end = loop.time() + 0.5
    pokes = 0
    while loop.time() < end:
        for _ in range(10):
            state.poke()
            pokes += 1
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.25)
    await state.aclose()
    assert pokes >= 300
    assert 2 <= state.refresh_count <= 1 + 0.5 / 0.1 + 2
    assert ollama.ps_calls == state.refresh_count


async def test_periodic_refresh_and_poke_latency() -> None:
    ollama = FakeOllama()
    monitor = FakeMonitor([1])
    config = _config(provider="nvidia", monitor={"enabled": True, "intervalMs": 100})
    state = LiveState(config, ollama=ollama, monitor=monitor, min_refresh_gap_ms=10)
    await state.start()
    await asyncio.sleep(0.35)
    periodic = state.refresh_count
    assert 3 <= periodic <= 6
    await state.aclose()
    assert monitor.closed
    after = state.refresh_count
    await asyncio.sleep(0.15)
    assert state.refresh_count == after  # stopped

    slow = LiveState(
        _config(provider="nvidia", monitor={"enabled": True, "intervalMs": 60000}),
        ollama=ollama,
        monitor=None,
        min_refresh_gap_ms=10,
    )
    await slow.start(initial_refresh=False)
    await asyncio.sleep(0.05)
    slow.poke()
    await asyncio.sleep(0.1)
    assert slow.refresh_count == 1
    await slow.aclose()


async def test_monitor_that_raises_or_hangs_does_not_break_refresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ollama_agent_router.state.live as live

    class Broken(FakeMonitor):
        async def read(self) -> GpuSnapshot | None:
            raise RuntimeError("boom")

    class Hanging(FakeMonitor):
        async def read(self) -> GpuSnapshot | None:
            await asyncio.sleep(10)
            return None

    monkeypatch.setattr(live, "_GPU_READ_TIMEOUT_S", 0.05)
    for monitor in (Broken([1]), Hanging([1])):
        state = LiveState(_config(), ollama=FakeOllama(), monitor=monitor)
        await state.refresh()
        assert state.ollama_reachable
        assert state.runtime_status() == "degraded"
        await state.aclose()


async def test_from_config_accepts_a_backend_without_state() -> None:
    state = LiveState.from_config(_config(provider="none"), object(), None)
    await state.start()
    assert state.ollama_reachable is True
    assert state.runtime_status() == "ok"
    await state.aclose()
    real = FakeOllama([PsModel("llama3.2", 1, 1)])
    state = LiveState.from_config(_config(provider="none"), real, None)
    await state.refresh()
    assert set(state.view({}, {}).loaded) == {"llama3.2"}
