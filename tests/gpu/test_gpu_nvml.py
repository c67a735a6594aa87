"""NVML monitor against a fake ``pynvml`` module injected into ``sys.modules``."""

from __future__ import annotations

import logging
import sys
import types
from dataclasses import dataclass, field
from typing import Any

import pytest

from ollama_agent_router.gpu import NvmlMonitor

MIB = 1024 * 1024


class NVMLError(Exception):
    pass


class NVMLError_NotSupported(NVMLError):
    pass


class NVMLError_DriverNotLoaded(NVMLError):
    pass


@dataclass
class Memory:
    total: int
    used: int
    free: int


@dataclass
class Util:
    gpu: int
    memory: int = 0


@dataclass
class FakeNvml:
    gpus: list[dict[str, Any]]
    init_error: Exception | None = None
    count_error: Exception | None = None
    calls: list[str] = field(default_factory=list)

    def module(self) -> types.ModuleType:
        module = types.ModuleType("pynvml")
        module.NVMLError = NVMLError  # type: ignore[attr-defined]
        module.nvmlInit = self.init  # type: ignore[attr-defined]
        module.nvmlShutdown = lambda: self.calls.append("shutdown")  # type: ignore[attr-defined]
        module.nvmlDeviceGetCount = self.count  # type: ignore[attr-defined]
        module.nvmlDeviceGetHandleByIndex = lambda i: i  # type: ignore[attr-defined]
        module.nvmlDeviceGetName = lambda h: self._get(h, "name")  # type: ignore[attr-defined]
        module.nvmlDeviceGetMemoryInfo = lambda h: self._get(h, "memory")  # type: ignore[attr-defined]
        module.nvmlDeviceGetUtilizationRates = lambda h: self._get(h, "util")  # type: ignore[attr-defined]
        return module

    def init(self) -> None:
        self.calls.append("init")
        if self.init_error is not None:
            raise self.init_error

    def count(self) -> int:
        if self.count_error is not None:
            raise self.count_error
        return len(self.gpus)

    def _get(self, handle: int, key: str) -> Any:
        value = self.gpus[handle][key]
        if isinstance(value, Exception):
            raise value
        return value


def _install(monkeypatch: pytest.MonkeyPatch, fake: FakeNvml) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", fake.module())


GPU = {
    "name": "NVIDIA RTX 4000 SFF Ada Generation",
    "memory": Memory(total=20475 * MIB, used=1200 * MIB, free=19275 * MIB),
    "util": Util(gpu=37),
}


async def test_reads_every_gpu_and_initialises_once(monkeypatch: pytest.MonkeyPatch) -> None:
    second = {**GPU, "name": b"Tesla T4", "util": Util(gpu=80)}
    fake = FakeNvml([GPU, second])
    _install(monkeypatch, fake)
    monitor = NvmlMonitor(clock=lambda: 5.0)
    first = await monitor.read()
    again = await monitor.read()
    assert first is not None
    assert again is not None
    assert [d.name for d in first.devices] == [GPU["name"], "Tesla T4"]
    assert first.devices[0].total_mb == 20475
    assert first.devices[0].used_mb == 1200
    assert first.free_mb == 2 * 19275
    assert first.utilization_pct == 80
    assert first.source == "nvml"
    assert first.taken_at_monotonic == 5.0
    monitor.close()
    assert fake.calls == ["init", "shutdown"]
    assert await monitor.read() is None


async def test_unsupported_queries_become_unknown_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    gpu = {
        "name": NVMLError_NotSupported(),
        "memory": NVMLError_NotSupported(),
        "util": NVMLError_NotSupported(),
    }
    _install(monkeypatch, FakeNvml([gpu]))
    snapshot = await NvmlMonitor().read()
    assert snapshot is not None
    device = snapshot.devices[0]
    assert device.name == "GPU 0"
    assert (device.total_mb, device.free_mb, device.utilization_pct) == (None, None, None)


async def test_init_failure_is_logged_once_and_makes_it_unavailable(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeNvml([GPU], init_error=NVMLError_DriverNotLoaded("Driver Not Loaded"))
    _install(monkeypatch, fake)
    monitor = NvmlMonitor()
    with caplog.at_level(logging.WARNING):
        assert await monitor.read() is None
        assert await monitor.read() is None
    assert monitor.unavailable
    assert fake.calls == ["init"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "Driver Not Loaded" in warnings[0].getMessage()
    monitor.close()
    assert "shutdown" not in fake.calls


async def test_query_failure_returns_none_then_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeNvml([GPU], count_error=NVMLError("Unknown Error"))
    _install(monkeypatch, fake)
    monitor = NvmlMonitor()
    assert await monitor.read() is None
    assert not monitor.unavailable
    fake.count_error = None
    assert await monitor.read() is not None
    monitor.close()


async def test_no_gpu_is_no_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    _install(monkeypatch, FakeNvml([]))
    monitor = NvmlMonitor()
    assert await monitor.read() is None
    monitor.close()


async def test_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", None)  # makes the import raise ImportError
    monitor = NvmlMonitor()
    assert await monitor.read() is None
    assert monitor.unavailable
