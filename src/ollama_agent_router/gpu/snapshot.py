"""What a GPU monitor reports: one immutable snapshot per reading.

Readings are in MiB, as NVML/nvidia-smi give them. A field a driver cannot report
(``[N/A]``, ``NotSupported``) is ``None`` rather than a made-up zero, so routing can tell
"unknown" from "full".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class GpuDevice:
    index: int
    name: str
    total_mb: int | None
    used_mb: int | None
    free_mb: int | None
    utilization_pct: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "name": self.name,
            "vramTotalMb": self.total_mb,
            "vramUsedMb": self.used_mb,
            "vramFreeMb": self.free_mb,
            "utilizationPct": self.utilization_pct,
        }


def _sum(values: list[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


@dataclass(frozen=True, slots=True)
class GpuSnapshot:
    """All GPUs of the node at one instant (``taken_at_monotonic`` = ``time.monotonic()``)."""

    provider: str
    devices: tuple[GpuDevice, ...]
    taken_at_monotonic: float
    source: str = ""
    """Where the numbers came from: ``nvml``, ``nvidia-smi`` or ``config``."""

    @property
    def name(self) -> str:
        names = list(dict.fromkeys(device.name for device in self.devices))
        return " + ".join(names)

    @property
    def total_mb(self) -> int | None:
        return _sum([device.total_mb for device in self.devices])

    @property
    def used_mb(self) -> int | None:
        return _sum([device.used_mb for device in self.devices])

    @property
    def free_mb(self) -> int | None:
        """Free memory summed over GPUs (what routing compares model sizes against)."""
        return _sum([device.free_mb for device in self.devices])

    @property
    def utilization_pct(self) -> int | None:
        """The busiest GPU's utilisation: one saturated GPU is enough to slow a model."""
        known = [d.utilization_pct for d in self.devices if d.utilization_pct is not None]
        return max(known) if known else None

    def age_ms(self, now: float) -> int:
        return max(0, round((now - self.taken_at_monotonic) * 1000))

    def as_dict(self, now: float) -> dict[str, Any]:
        """The ``gpu`` object of ``/v1/router/runtime`` (SPEC §5)."""
        return {
            "provider": self.provider,
            "name": self.name,
            "vramTotalMb": self.total_mb,
            "vramUsedMb": self.used_mb,
            "vramFreeMb": self.free_mb,
            "utilizationPct": self.utilization_pct,
            "snapshotAgeMs": self.age_ms(now),
            "source": self.source,
            "devices": [device.as_dict() for device in self.devices],
        }
