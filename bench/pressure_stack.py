"""The processes of ``bench/pressure.py``: a simulated 20 GB GPU running Ollama, a fake
``nvidia-smi`` that reads it, and an ``oar serve`` router in front, each started fresh.

Both servers are real subprocesses on real sockets, as a user runs them: the load
generator then shares no event loop with the simulator, so its own work cannot stretch
the simulated timings, and the router reads the card the way it does in production, by
running ``nvidia-smi`` from its GPU monitor.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import yaml

OAR = [sys.executable, "-m", "ollama_agent_router"]
GEX44 = Path(__file__).resolve().parents[1] / "examples" / "gex44.yaml"

FAKE_SMI = '''#!{python} -I
"""nvidia-smi for a simulated GPU: answers --query-gpu from the simulator's /_sim/gpu."""
import json, sys, urllib.request

FIELDS = {{
    "name": ("name", ""),
    "memory.total": ("totalMb", " MiB"),
    "memory.used": ("usedMb", " MiB"),
    "memory.free": ("freeMb", " MiB"),
    "utilization.gpu": ("utilizationPct", " %"),
}}
args = dict(a.split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
query = args.get("--query-gpu", "")
formats = args.get("--format", "").split(",")
if "csv" not in formats or not query:
    sys.exit("this fake nvidia-smi answers only --query-gpu=... --format=csv[,noheader][,nounits]")
try:
    with urllib.request.urlopen("{url}/_sim/gpu", timeout=2) as reply:
        gpu = json.load(reply)
except OSError as exc:
    print(f"Unable to determine the device handle for GPU0000:01:00.0: {{exc}}", file=sys.stderr)
    sys.exit(15)
names = query.split(",")
if "noheader" not in formats:
    print(", ".join(names))
units = "nounits" not in formats
print(", ".join(f"{{gpu[FIELDS[n][0]]}}{{FIELDS[n][1] if units else ''}}" for n in names))
'''


@dataclass(frozen=True, slots=True)
class SimSpeeds:
    """How the simulated card behaves (per GB of model weights where it says so)."""

    vram_mb: int = 20480
    parallel: int = 1
    load_s_per_gb: float = 0.4
    tokens_per_s_gb: float = 1200.0
    prompt_tokens_per_s_gb: float = 12000.0
    max_loaded: int = 3
    instant: bool = False

    def flags(self) -> list[str]:
        out = [
            f"--vram-mb={self.vram_mb}",
            f"--parallel={self.parallel}",
            f"--load-ms-per-gb={self.load_s_per_gb * 1000:g}",
            f"--tokens-per-s-gb={self.tokens_per_s_gb:g}",
            f"--prompt-tokens-per-s-gb={self.prompt_tokens_per_s_gb:g}",
            f"--max-loaded={self.max_loaded}",
        ]
        return [*out, "--instant"] if self.instant else out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_fake_smi(folder: Path, sim_url: str) -> Path:
    """An executable ``nvidia-smi`` answering from the simulator at ``sim_url``."""
    path = folder / "nvidia-smi"
    path.write_text(FAKE_SMI.format(python=sys.executable, url=sim_url))
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def router_config(
    base: dict[str, Any],
    *,
    port: int,
    sim_url: str,
    smi: Path,
    strategy: str,
    folder: Path,
    interval_ms: int = 1000,
) -> dict[str, Any]:
    """The shipped config, changed only where this machine differs: ports, the GPU
    monitor reading our ``nvidia-smi``, the job store in a temporary folder."""
    data = copy.deepcopy(base)
    data["server"]["port"] = port
    data["ollama"]["baseUrl"] = sim_url
    data["gpu"]["monitor"].update(
        enabled=True, backend="nvidia-smi", nvidiaSmiPath=str(smi), intervalMs=interval_ms
    )
    data["router"]["strategy"] = strategy
    data["jobs"]["path"] = str(folder / f"jobs-{port}.db")
    return data


async def wait_up(
    url: str, proc: subprocess.Popen[bytes], log: Path, limit_s: float = 60.0
) -> None:
    deadline = time.monotonic() + limit_s
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{url} exited ({proc.returncode}):\n{log.read_text()[-2000:]}")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up:\n{log.read_text()[-2000:]}")


@contextlib.asynccontextmanager
async def process(args: Sequence[str], log: Path, ready_url: str) -> AsyncIterator[None]:
    """Run ``args`` (output to ``log``) until the block ends; ready when ``ready_url``
    answers 200. Stopped with SIGTERM, then SIGKILL after 10 s."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("ab") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        await wait_up(ready_url, proc, log)
        yield
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                await asyncio.to_thread(proc.wait, 10)
            except subprocess.TimeoutExpired:
                proc.kill()
                await asyncio.to_thread(proc.wait)


@contextlib.asynccontextmanager
async def simulator(speeds: SimSpeeds, folder: Path, seed: int) -> AsyncIterator[str]:
    """A fresh simulator serving the gex44 models; yields its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = [*OAR, "simulate", "-c", str(GEX44), f"--port={port}", f"--seed={seed}"]
    async with process([*args, *speeds.flags()], folder / f"simulator-{port}.log", url + "/"):
        yield url


@contextlib.asynccontextmanager
async def router(
    base: dict[str, Any], sim_url: str, strategy: str, folder: Path
) -> AsyncIterator[str]:
    """A fresh ``oar serve`` in front of ``sim_url``; yields its base URL once its GPU
    monitor has read the card through the fake ``nvidia-smi``."""
    port = free_port()
    smi = write_fake_smi(folder, sim_url)
    data = router_config(
        base, port=port, sim_url=sim_url, smi=smi, strategy=strategy, folder=folder
    )
    config = folder / f"router-{port}.yaml"
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    url = f"http://127.0.0.1:{port}"
    args = [*OAR, "serve", "-c", str(config), "--log-level", "warning"]
    async with process(args, folder / f"router-{port}.log", url + "/health"):
        await wait_gpu_reading(url)
        yield url


async def wait_gpu_reading(url: str, limit_s: float = 30.0) -> dict[str, Any]:
    """The router's GPU snapshot, once it comes from ``nvidia-smi``."""
    deadline = time.monotonic() + limit_s
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            async with session.get(url + "/v1/router/gpu") as response:
                gpu: dict[str, Any] = await response.json()
            if gpu.get("source") == "nvidia-smi":
                return gpu
            await asyncio.sleep(0.2)
    raise RuntimeError(f"the router at {url} never read the GPU through nvidia-smi: {gpu}")


def load_base(path: Path = GEX44) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data
