from __future__ import annotations

from ollama_agent_router.gpu import GpuDevice, GpuSnapshot


def _device(index: int, *, free: int | None, util: int | None) -> GpuDevice:
    return GpuDevice(
        index, f"GPU{index}", 24000, None if free is None else 24000 - free, free, util
    )


def test_totals_sum_known_values_and_utilisation_is_the_max() -> None:
    snapshot = GpuSnapshot(
        "nvidia",
        (
            _device(0, free=1000, util=10),
            _device(1, free=3000, util=90),
            _device(2, free=None, util=None),
        ),
        taken_at_monotonic=10.0,
    )
    assert snapshot.total_mb == 72000
    assert snapshot.free_mb == 4000
    assert snapshot.used_mb == 23000 + 21000
    assert snapshot.utilization_pct == 90
    assert snapshot.name == "GPU0 + GPU1 + GPU2"


def test_unknown_everywhere_stays_unknown() -> None:
    snapshot = GpuSnapshot("nvidia", (GpuDevice(0, "X", None, None, None, None),), 0.0)
    assert snapshot.free_mb is None
    assert snapshot.utilization_pct is None


def test_as_dict_has_the_runtime_shape() -> None:
    device = GpuDevice(0, "RTX 4000 SFF Ada", 20475, 475, 20000, 3)
    snapshot = GpuSnapshot("nvidia", (device, device), taken_at_monotonic=100.0, source="nvml")
    data = snapshot.as_dict(now=100.25)
    assert data == {
        "provider": "nvidia",
        "name": "RTX 4000 SFF Ada",
        "vramTotalMb": 40950,
        "vramUsedMb": 950,
        "vramFreeMb": 40000,
        "utilizationPct": 3,
        "snapshotAgeMs": 250,
        "source": "nvml",
        "devices": [device.as_dict(), device.as_dict()],
    }
    assert data["devices"][0]["vramFreeMb"] == 20000
    assert snapshot.age_ms(99.0) == 0
