"""NVIDIA GPUs through NVML (``nvidia-ml-py``, module ``pynvml``).

``pynvml`` is imported lazily so hosts without NVIDIA never load it. NVML calls block, so
they run in a worker thread; a lock keeps a read and ``close()`` from overlapping.
NVML is initialised once; if that fails (no package, no library, no driver) the monitor
stays unavailable and ``read()`` returns ``None`` at once, which lets the caller fall back
to ``nvidia-smi``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ollama_agent_router.gpu.base import FailureLog
from ollama_agent_router.gpu.snapshot import GpuDevice, GpuSnapshot

logger = logging.getLogger(__name__)

_MIB = 1024 * 1024


def _text(value: Any) -> str:
    """Device names are ``bytes`` in old ``pynvml`` releases and ``str`` in new ones."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


class NvmlMonitor:
    def __init__(
        self,
        *,
        provider: str = "nvidia",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._provider = provider
        self._clock = clock
        self._lock = threading.Lock()
        self._nvml: ModuleType | None = None
        self._state = "new"  # new -> ready | unavailable -> closed
        self._log = FailureLog(logger, "NVML GPU monitor")

    @property
    def unavailable(self) -> bool:
        """True once NVML could not be initialised: the caller should use another source."""
        return self._state in ("unavailable", "closed")

    async def read(self) -> GpuSnapshot | None:
        if self.unavailable:
            return None
        return await asyncio.to_thread(self._read_blocking)

    def close(self) -> None:
        with self._lock:
            if self._state == "ready" and self._nvml is not None:
                try:
                    self._nvml.nvmlShutdown()
                except Exception as exc:  # any NVMLError: shutting down anyway
                    logger.debug("nvmlShutdown failed: %s", exc)
            self._state = "closed"

    def _init_locked(self) -> bool:
        try:
            nvml = importlib.import_module("pynvml")
        except ImportError as exc:
            self._state = "unavailable"
            self._log.failed(f"the nvidia-ml-py package is not installed ({exc})")
            return False
        try:
            nvml.nvmlInit()
        except Exception as exc:  # NVMLError_LibraryNotFound, _DriverNotLoaded, ...
            self._state = "unavailable"
            self._log.failed(f"nvmlInit failed: {exc}")
            return False
        self._nvml = nvml
        self._state = "ready"
        return True

    def _read_blocking(self) -> GpuSnapshot | None:
        with self._lock:
            if self._state == "new" and not self._init_locked():
                return None
            if self._state != "ready" or self._nvml is None:
                return None
            nvml = self._nvml
            error_type: type[BaseException] = getattr(nvml, "NVMLError", Exception)
            try:
                count = int(nvml.nvmlDeviceGetCount())
                devices = tuple(self._device(nvml, index, error_type) for index in range(count))
            except error_type as exc:
                self._log.failed(f"NVML query failed: {exc}")
                return None
        if not devices:
            self._log.failed("NVML reports no GPU")
            return None
        self._log.recovered()
        return GpuSnapshot(
            provider=self._provider,
            devices=devices,
            taken_at_monotonic=self._clock(),
            source="nvml",
        )

    @staticmethod
    def _device(nvml: ModuleType, index: int, error_type: type[BaseException]) -> GpuDevice:
        handle = nvml.nvmlDeviceGetHandleByIndex(index)
        try:
            name = _text(nvml.nvmlDeviceGetName(handle))
        except error_type:
            name = f"GPU {index}"
        total = used = free = None
        try:
            memory = nvml.nvmlDeviceGetMemoryInfo(handle)
            total, used, free = (
                int(memory.total) // _MIB,
                int(memory.used) // _MIB,
                int(memory.free) // _MIB,
            )
        except error_type:
            pass  # e.g. NotSupported on unified-memory parts: leave unknown
        utilization = None
        with contextlib.suppress(error_type):  # NotSupported on some MIG/vGPU setups
            utilization = int(nvml.nvmlDeviceGetUtilizationRates(handle).gpu)
        return GpuDevice(
            index=index,
            name=name,
            total_mb=total,
            used_mb=used,
            free_mb=free,
            utilization_pct=utilization,
        )
