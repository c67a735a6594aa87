"""Choose the GPU monitor from the config: a name → factory table, not an if-chain."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ollama_agent_router.config.models import GpuConfig
from ollama_agent_router.gpu.base import GpuMonitor
from ollama_agent_router.gpu.nvml import NvmlMonitor
from ollama_agent_router.gpu.smi import NvidiaSmiMonitor
from ollama_agent_router.gpu.snapshot import GpuSnapshot
from ollama_agent_router.gpu.static import StaticMonitor

logger = logging.getLogger(__name__)


class NvidiaMonitor:
    """NVML first; ``nvidia-smi`` when NVML is missing or a read fails (``backend: auto``)."""

    def __init__(self, primary: NvmlMonitor | None, fallback: NvidiaSmiMonitor | None) -> None:
        self._primary = primary
        self._fallback = fallback

    async def read(self) -> GpuSnapshot | None:
        if self._primary is not None:
            snapshot = await self._primary.read()
            if snapshot is not None:
                return snapshot
        if self._fallback is not None:
            return await self._fallback.read()
        return None

    def close(self) -> None:
        for monitor in (self._primary, self._fallback):
            if monitor is not None:
                monitor.close()


def _static(gpu: GpuConfig) -> GpuMonitor | None:
    if gpu.vram_total_mb <= 0:
        # A snapshot claiming 0 MB free would look like a full GPU (heavy load forever);
        # no snapshot lets routing fall back to its "no GPU known" rules instead.
        logger.info("gpu.vramTotalMb is 0: no GPU snapshot will be reported")
        return None
    return StaticMonitor(provider=gpu.provider, name=gpu.name, total_mb=gpu.vram_total_mb)


def _nvidia(gpu: GpuConfig) -> GpuMonitor | None:
    monitor = gpu.monitor
    if not monitor.enabled:
        return _static(gpu)
    smi_timeout = min(5.0, max(1.0, monitor.interval_ms / 1000))
    nvml = NvmlMonitor() if monitor.backend in ("auto", "nvml") else None
    smi = (
        NvidiaSmiMonitor(executable=monitor.nvidia_smi_path, timeout_s=smi_timeout)
        if monitor.backend in ("auto", "nvidia-smi")
        else None
    )
    return NvidiaMonitor(nvml, smi)


MONITOR_FACTORIES: dict[str, Callable[[GpuConfig], GpuMonitor | None]] = {
    "none": lambda gpu: None,
    "static": _static,
    "nvidia": _nvidia,
}
"""``gpu.provider`` → factory. A factory may return ``None``: no monitor, no snapshot."""


def create_gpu_monitor(gpu: GpuConfig) -> GpuMonitor | None:
    return MONITOR_FACTORIES[gpu.provider](gpu)


def monitoring_expected(gpu: GpuConfig) -> bool:
    """Whether a missing snapshot means something is wrong (runtime status ``degraded``)."""
    return gpu.provider == "nvidia" and gpu.monitor.enabled
