"""NVIDIA GPUs through the ``nvidia-smi`` command, the fallback when NVML is unusable.

The command runs as an asyncio subprocess from the background monitor only. Its CSV is
parsed defensively: NVIDIA does not promise a stable text format, so headers, units,
``[N/A]``/``[Not Supported]`` fields and junk lines are all tolerated.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Callable

from ollama_agent_router.gpu.base import FailureLog
from ollama_agent_router.gpu.snapshot import GpuDevice, GpuSnapshot

logger = logging.getLogger(__name__)

QUERY_ARGS = (
    "--query-gpu=name,memory.total,memory.used,memory.free,utilization.gpu",
    "--format=csv,noheader,nounits",
)
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mib|%)?\s*$", re.IGNORECASE)
_UNKNOWN = re.compile(
    r"^\s*\[?\s*(n/?a|not supported|unknown error|gpu is lost)\s*\]?\s*$", re.IGNORECASE
)


def _field(raw: str) -> tuple[bool, int | None]:
    """``(recognised, value)``: a number (units allowed) or an explicit unknown marker."""
    match = _NUMBER.match(raw)
    if match:
        return True, round(float(match.group(1)))
    if _UNKNOWN.match(raw):
        return True, None
    return False, None


def parse_nvidia_smi_csv(text: str) -> list[GpuDevice]:
    """Devices from ``nvidia-smi --query-gpu=name,memory.total,memory.used,memory.free,
    utilization.gpu --format=csv[,noheader][,nounits]`` output; unparsable lines are skipped.
    """
    devices: list[GpuDevice] = []
    for line in text.splitlines():
        if not line.strip() or line.lower().lstrip().startswith("name,"):
            continue
        parts = line.rsplit(",", 4)  # a GPU name could contain a comma; numbers cannot
        if len(parts) != 5:
            continue
        name = parts[0].strip()
        parsed = [_field(part) for part in parts[1:]]
        if not name or not all(recognised for recognised, _ in parsed):
            continue
        total, used, free, utilization = (value for _, value in parsed)
        if free is None and total is not None and used is not None:
            free = max(0, total - used)
        devices.append(
            GpuDevice(
                index=len(devices),
                name=name,
                total_mb=total,
                used_mb=used,
                free_mb=free,
                utilization_pct=utilization,
            )
        )
    return devices


class NvidiaSmiMonitor:
    def __init__(
        self,
        *,
        executable: str = "nvidia-smi",
        provider: str = "nvidia",
        timeout_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._executable = executable
        self._provider = provider
        self._timeout_s = timeout_s
        self._clock = clock
        self._log = FailureLog(logger, f"GPU monitor ({executable})")

    async def read(self) -> GpuSnapshot | None:
        output = await self._run()
        if output is None:
            return None
        devices = parse_nvidia_smi_csv(output)
        if not devices:
            self._log.failed(f"no GPU line in its output: {output[:200]!r}")
            return None
        self._log.recovered()
        return GpuSnapshot(
            provider=self._provider,
            devices=tuple(devices),
            taken_at_monotonic=self._clock(),
            source="nvidia-smi",
        )

    async def _run(self) -> str | None:
        try:
            process = await asyncio.create_subprocess_exec(
                self._executable,
                *QUERY_ARGS,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
        except OSError as exc:  # missing binary, not executable
            self._log.failed(f"cannot start: {exc}")
            return None
        try:
            async with asyncio.timeout(self._timeout_s):
                stdout, stderr = await process.communicate()
        except TimeoutError:
            self._log.failed(f"no answer within {self._timeout_s:g} s")
            return None
        finally:
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if process.returncode != 0:
            message = (stderr or stdout).decode(errors="replace").strip()[:200]
            self._log.failed(f"exit status {process.returncode}: {message}")
            return None
        return stdout.decode(errors="replace")

    def close(self) -> None:
        return None
