"""A monitor that reports what the config says: for hosts without live GPU readings."""

from __future__ import annotations

import time
from collections.abc import Callable

from ollama_agent_router.gpu.snapshot import GpuDevice, GpuSnapshot


class StaticMonitor:
    """Total from ``gpu.vramTotalMb``, nothing used.

    Each read is stamped with the current time: the numbers are as fresh as the config.
    """

    def __init__(
        self,
        *,
        provider: str,
        name: str | None,
        total_mb: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._provider = provider
        self._device = GpuDevice(
            index=0,
            name=name or "configured GPU",
            total_mb=total_mb,
            used_mb=0,
            free_mb=total_mb,
            utilization_pct=None,
        )
        self._clock = clock

    async def read(self) -> GpuSnapshot | None:
        return GpuSnapshot(
            provider=self._provider,
            devices=(self._device,),
            taken_at_monotonic=self._clock(),
            source="config",
        )

    def close(self) -> None:
        return None
