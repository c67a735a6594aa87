"""GPU monitors: snapshots of VRAM and utilisation, read in the background (SPEC §4.5)."""

from ollama_agent_router.gpu.base import GpuMonitor
from ollama_agent_router.gpu.nvml import NvmlMonitor
from ollama_agent_router.gpu.registry import (
    MONITOR_FACTORIES,
    NvidiaMonitor,
    create_gpu_monitor,
    monitoring_expected,
)
from ollama_agent_router.gpu.smi import NvidiaSmiMonitor, parse_nvidia_smi_csv
from ollama_agent_router.gpu.snapshot import GpuDevice, GpuSnapshot
from ollama_agent_router.gpu.static import StaticMonitor

__all__ = [
    "MONITOR_FACTORIES",
    "GpuDevice",
    "GpuMonitor",
    "GpuSnapshot",
    "NvidiaMonitor",
    "NvidiaSmiMonitor",
    "NvmlMonitor",
    "StaticMonitor",
    "create_gpu_monitor",
    "monitoring_expected",
    "parse_nvidia_smi_csv",
]
