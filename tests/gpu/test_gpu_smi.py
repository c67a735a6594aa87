"""``nvidia-smi`` parsing on captured formats, and the real subprocess path on fake scripts."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from ollama_agent_router.config.models import GpuConfig
from ollama_agent_router.gpu import (
    GpuDevice,
    NvidiaMonitor,
    NvidiaSmiMonitor,
    StaticMonitor,
    create_gpu_monitor,
    monitoring_expected,
    parse_nvidia_smi_csv,
)

H100 = "NVIDIA H100 80GB HBM3, 81559, 0, 81004, 0\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (H100, [GpuDevice(0, "NVIDIA H100 80GB HBM3", 81559, 0, 81004, 0)]),
        (
            "NVIDIA RTX 4000 SFF Ada Generation, 20475 MiB, 1210 MiB, 19265 MiB, 42 %\n",
            [GpuDevice(0, "NVIDIA RTX 4000 SFF Ada Generation", 20475, 1210, 19265, 42)],
        ),
        (
            "name, memory.total [MiB], memory.used [MiB], memory.free [MiB], utilization.gpu [%]\n"
            + H100,
            [GpuDevice(0, "NVIDIA H100 80GB HBM3", 81559, 0, 81004, 0)],
        ),
        (
            "Tesla T4, 15360, 100, 15260, 5\nTesla T4, 15360, 15000, 360, 99\n",
            [
                GpuDevice(0, "Tesla T4", 15360, 100, 15260, 5),
                GpuDevice(1, "Tesla T4", 15360, 15000, 360, 99),
            ],
        ),
        (
            "NVIDIA GB10, [N/A], [N/A], [N/A], 3\n",
            [GpuDevice(0, "NVIDIA GB10", None, None, None, 3)],
        ),
        (
            "GRID T4-8Q, 8192, 1024, [Not Supported], [Not Supported]\n",
            [GpuDevice(0, "GRID T4-8Q", 8192, 1024, 7168, None)],
        ),
        ("Vendor, Inc GPU, 100, 40, 60, 1\n", [GpuDevice(0, "Vendor, Inc GPU", 100, 40, 60, 1)]),
        ("", []),
        ("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n", []),
        (
            "a, b, c, d, e\n1,2\n" + H100,
            [GpuDevice(0, "NVIDIA H100 80GB HBM3", 81559, 0, 81004, 0)],
        ),
        (
            "\r\n" + H100.replace("\n", "\r\n"),
            [GpuDevice(0, "NVIDIA H100 80GB HBM3", 81559, 0, 81004, 0)],
        ),
    ],
    ids=[
        "plain",
        "units",
        "header",
        "two-gpus",
        "na",
        "not-supported",
        "comma-in-name",
        "empty",
        "driver-error",
        "garbage-lines",
        "crlf",
    ],
)
def test_parse(text: str, expected: list[GpuDevice]) -> None:
    assert parse_nvidia_smi_csv(text) == expected


def _script(tmp_path: Path, body: str, name: str = "nvidia-smi") -> str:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


async def test_runs_the_command_with_the_query(tmp_path: Path) -> None:
    args_file = tmp_path / "args"
    executable = _script(tmp_path, f'echo "$@" > {args_file}\nprintf "{H100.strip()}\\n"\n')
    monitor = NvidiaSmiMonitor(executable=executable, clock=lambda: 7.0)
    snapshot = await monitor.read()
    assert snapshot is not None
    assert snapshot.free_mb == 81004
    assert snapshot.source == "nvidia-smi"
    assert snapshot.taken_at_monotonic == 7.0
    assert args_file.read_text().split() == [
        "--query-gpu=name,memory.total,memory.used,memory.free,utilization.gpu",
        "--format=csv,noheader,nounits",
    ]


async def test_non_zero_exit_is_none_and_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    executable = _script(
        tmp_path, 'echo "NVIDIA-SMI has failed because it couldn\'t communicate" >&2\nexit 9\n'
    )
    monitor = NvidiaSmiMonitor(executable=executable)
    with caplog.at_level(logging.WARNING):
        assert await monitor.read() is None
        assert await monitor.read() is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "exit status 9" in warnings[0]
    assert "couldn't communicate" in warnings[0]


async def test_garbage_output_is_none(tmp_path: Path) -> None:
    monitor = NvidiaSmiMonitor(executable=_script(tmp_path, "echo hello world\n"))
    assert await monitor.read() is None


async def test_missing_binary_is_none(tmp_path: Path) -> None:
    monitor = NvidiaSmiMonitor(executable=str(tmp_path / "absent"))
    assert await monitor.read() is None


async def test_hanging_command_times_out(tmp_path: Path) -> None:
    monitor = NvidiaSmiMonitor(executable=_script(tmp_path, "exec sleep 30\n"), timeout_s=0.2)
    assert await monitor.read() is None


def _gpu(**values: object) -> GpuConfig:
    return GpuConfig.model_validate(values)


async def test_registry() -> None:
    assert create_gpu_monitor(_gpu(provider="none")) is None
    assert create_gpu_monitor(_gpu(provider="static", vramTotalMb=0)) is None
    static = create_gpu_monitor(_gpu(provider="static", name="RTX", vramTotalMb=20480))
    assert isinstance(static, StaticMonitor)
    snapshot = await static.read()
    assert snapshot is not None
    assert (snapshot.total_mb, snapshot.used_mb, snapshot.free_mb) == (20480, 0, 20480)
    assert snapshot.name == "RTX"
    assert snapshot.source == "config"
    off = create_gpu_monitor(_gpu(provider="nvidia", vramTotalMb=8192))
    assert isinstance(off, StaticMonitor)
    on = create_gpu_monitor(_gpu(provider="nvidia", monitor={"enabled": True}))
    assert isinstance(on, NvidiaMonitor)
    on.close()
    assert monitoring_expected(_gpu(provider="nvidia", monitor={"enabled": True}))
    assert not monitoring_expected(_gpu(provider="nvidia"))
    assert not monitoring_expected(_gpu(provider="static", vramTotalMb=1))


async def test_nvidia_falls_back_to_smi_when_nvml_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pynvml", None)
    executable = _script(tmp_path, f'printf "{H100.strip()}\\n"\n')
    monitor = create_gpu_monitor(
        _gpu(provider="nvidia", monitor={"enabled": True, "nvidiaSmiPath": executable})
    )
    assert monitor is not None
    snapshot = await monitor.read()
    monitor.close()
    assert snapshot is not None
    assert snapshot.source == "nvidia-smi"


async def test_nvml_only_backend_does_not_spawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pynvml", None)
    marker = tmp_path / "ran"
    executable = _script(tmp_path, f"touch {marker}\n")
    monitor = create_gpu_monitor(
        _gpu(
            provider="nvidia",
            monitor={"enabled": True, "nvidiaSmiPath": executable, "backend": "nvml"},
        )
    )
    assert monitor is not None
    assert await monitor.read() is None
    assert not marker.exists()
