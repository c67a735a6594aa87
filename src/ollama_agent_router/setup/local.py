"""Probes of the local machine: commands on PATH, memory, NVIDIA GPUs, a listening port.

Every probe is best-effort: a missing command, a timeout or odd output gives a
``not_found`` fact, never an exception. Commands run with the caller's environment
(``PATH`` included), so tests put fake ``ollama`` / ``nvidia-smi`` / ``sysctl`` first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ollama_agent_router import SERVICE_NAME
from ollama_agent_router.gpu.nvml import NvmlMonitor
from ollama_agent_router.gpu.smi import NvidiaSmiMonitor
from ollama_agent_router.setup.facts import Fact, Gpu, GpuFacts, Machine, missing

USUAL_OLLAMA_LOCATIONS: dict[str, tuple[str, ...]] = {
    "Linux": (
        "/usr/local/bin/ollama",
        "/usr/bin/ollama",
        "/opt/ollama/bin/ollama",
        "~/.local/bin/ollama",
    ),
    "Darwin": (
        "/Applications/Ollama.app/Contents/Resources/ollama",
        "/opt/homebrew/bin/ollama",
        "/usr/local/bin/ollama",
        "~/Applications/Ollama.app/Contents/Resources/ollama",
    ),
}
"""Where installers put ``ollama`` when it is not on ``PATH`` (a service's PATH often differs)."""


@dataclass(frozen=True, slots=True)
class CommandOutput:
    code: int
    stdout: str
    stderr: str


def run_command(
    args: Sequence[str], *, env: Mapping[str, str], timeout_s: float
) -> CommandOutput | None:
    """Run a short command; ``None`` when it cannot start or does not finish in time."""
    try:
        done = subprocess.run(
            list(args),
            env=dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return CommandOutput(
        done.returncode,
        done.stdout.decode(errors="replace"),
        done.stderr.decode(errors="replace"),
    )


def which(name: str, env: Mapping[str, str]) -> str | None:
    return shutil.which(name, path=env.get("PATH", os.defpath))


def find_ollama(env: Mapping[str, str], locations: Sequence[str]) -> Fact[str]:
    """``ollama`` on ``PATH``, else in the usual install locations."""
    found = which("ollama", env)
    if found:
        return Fact(found, "command", "high", "on PATH")
    home = env.get("HOME", "~")
    for location in locations:
        path = Path(location.replace("~", home, 1) if location.startswith("~") else location)
        if path.is_file() and os.access(path, os.X_OK):
            return Fact(str(path), "command", "medium", "not on PATH; usual location")
    return missing("", "not on PATH nor in the usual locations")


_VERSION = re.compile(r"(\d+\.\d+\.\d+(?:[-+.][0-9A-Za-z.-]+)?)")


def parse_ollama_version(text: str) -> str:
    """``ollama version is 0.32.15``, or ``Warning: client version is 0.32.15`` when the
    server is down; empty when no version is printed."""
    for line in reversed(text.splitlines()):
        if "version" in line.lower():
            match = _VERSION.search(line)
            if match:
                return match.group(1)
    return ""


def machine_facts(
    *,
    system: str,
    arch: str,
    env: Mapping[str, str],
    timeout_s: float,
    meminfo: Path,
    hostname: str,
) -> Machine:
    cores = os.cpu_count()
    cpu = Fact(cores, "command", "high") if cores else missing(0, "os.cpu_count() gave nothing")
    chip: Fact[str] = missing("")
    if system == "Darwin":
        ram = _sysctl_int("hw.memsize", env, timeout_s)
        ram_fact = Fact(ram // 2**20, "command", "high", "sysctl hw.memsize") if ram else None
        brand = _sysctl("machdep.cpu.brand_string", env, timeout_s)
        if brand:
            chip = Fact(brand, "command", "high", "sysctl machdep.cpu.brand_string")
    else:
        total_kb = _meminfo_total_kb(meminfo)
        ram_fact = Fact(total_kb // 1024, "command", "high", str(meminfo)) if total_kb else None
    if ram_fact is None:
        ram_fact = missing(0, "memory size could not be read")
    return Machine(
        system=system, arch=arch, cpu_cores=cpu, ram_mb=ram_fact, chip=chip, hostname=hostname
    )


def _sysctl(key: str, env: Mapping[str, str], timeout_s: float) -> str:
    binary = which("sysctl", env) or "/usr/sbin/sysctl"
    result = run_command([binary, "-n", key], env=env, timeout_s=timeout_s)
    if result is None or result.code != 0:
        return ""
    return result.stdout.strip()


def _sysctl_int(key: str, env: Mapping[str, str], timeout_s: float) -> int:
    text = _sysctl(key, env, timeout_s)
    return int(text) if text.isdigit() else 0


def _meminfo_total_kb(path: Path) -> int:
    try:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("MemTotal:"):
                digits = re.findall(r"\d+", line)
                return int(digits[0]) if digits else 0
    except OSError:
        pass
    return 0


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    """The GPU monitors warn through logging, meant for a server's log; a probe that finds
    no GPU is an answer, not a warning on the user's terminal."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


async def gpu_facts(*, system: str, env: Mapping[str, str], timeout_s: float) -> GpuFacts:
    """NVIDIA GPUs through NVML, else ``nvidia-smi``; none on macOS (unified memory)."""
    if system == "Darwin":
        return GpuFacts(
            missing((), "macOS: no NVIDIA GPU; Metal uses unified memory"),
            False,
            missing("", "not looked for on macOS"),
        )
    smi_path = which("nvidia-smi", env)
    smi: Fact[str] = Fact(smi_path, "command", "high") if smi_path else missing("", "not on PATH")
    with _quiet("ollama_agent_router.gpu"):
        nvml_monitor = NvmlMonitor()
        try:
            snapshot = await nvml_monitor.read()
        finally:
            nvml_monitor.close()
        nvml = snapshot is not None
        source_detail = "NVML"
        if snapshot is None and smi_path:
            smi_monitor = NvidiaSmiMonitor(executable=smi_path, timeout_s=timeout_s)
            snapshot = await smi_monitor.read()
            source_detail = "nvidia-smi"
            if snapshot is None:
                smi = Fact(smi_path, "command", "low", "present but gave no GPU reading")
    if snapshot is None:
        return GpuFacts(missing((), "no NVML and no working nvidia-smi"), nvml, smi)
    gpus = tuple(
        Gpu(device.name, device.total_mb or 0) for device in snapshot.devices if device.total_mb
    )
    if not gpus:
        return GpuFacts(missing((), f"{source_detail} reports no VRAM size"), nvml, smi)
    return GpuFacts(Fact(gpus, "command", "high", source_detail), nvml, smi)


PortState = Literal["free", "router", "other"]


def port_state(host: str, port: int, *, prefix: str = "", timeout_s: float = 0.5) -> PortState:
    """Whether something listens on ``host:port``, and whether it is a router already."""
    target = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)
    try:
        with socket.create_connection((target, port), timeout=timeout_s):
            pass
    except OSError:
        return "free"
    shown = f"[{target}]" if ":" in target else target
    try:
        with urllib.request.urlopen(
            f"http://{shown}:{port}{prefix}/health", timeout=timeout_s
        ) as answer:
            body = answer.read(512).decode(errors="replace")
    except (OSError, urllib.error.URLError, ValueError):
        return "other"
    return "router" if SERVICE_NAME in body else "other"
