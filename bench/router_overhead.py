"""Router overhead against an instant backend: what the router adds to each request.

Starts the simulator (``--instant``) and a router in front of it as separate processes,
then drives both with the same load (aiohttp, N concurrent clients, non-streaming chat,
then streaming time-to-first-byte) in alternating rounds, so the baseline is measured in
the same run. Reports medians of the rounds and the ratios.

    .venv/bin/python bench/router_overhead.py [--concurrency 32] [--requests 4000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parents[1]
OAR = [sys.executable, "-m", "ollama_agent_router"]
BODY = {"model": "auto", "messages": [{"role": "user", "content": "hello, how are you today?"}]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_up(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


async def load(
    url: str, body: dict[str, object], concurrency: int, total: int, stream: bool = False
) -> tuple[list[float], float, int]:
    """Latencies (ms; time to first byte when streaming), wall seconds, errors."""
    latencies: list[float] = []
    errors = 0
    remaining = total
    payload = json.dumps({**body, "stream": stream}).encode()
    headers = {"Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                async with session.post(url, data=payload, headers=headers) as response:
                    if stream:
                        await response.content.readany()
                        latencies.append((time.perf_counter() - started) * 1000)
                        await response.read()
                    else:
                        await response.read()
                        latencies.append((time.perf_counter() - started) * 1000)
                    if response.status != 200:
                        errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, time.perf_counter() - began, errors


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--config", default=str(ROOT / "examples" / "gex44.yaml"))
    args = parser.parse_args()

    sim_port, router_port = free_port(), free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        # Measure the router, not its queue policy: lift the example's concurrency caps.
        data = yaml.safe_load(Path(args.config).read_text())
        for model in data["models"]:
            model["maxConcurrent"] = 256
        data["queue"].update(globalMaxConcurrent=256, globalMaxQueued=10000, perUserMaxQueued=10000)
        config_path = Path(tmp) / "bench.yaml"
        config_path.write_text(yaml.safe_dump(data))
        env.update(
            OAR_OLLAMA__BASE_URL=f"http://127.0.0.1:{sim_port}",
            OAR_SERVER__PORT=str(router_port),
            OAR_JOBS__STORE="memory",
            OAR_GPU__MONITOR__ENABLED="false",
        )
        sim = subprocess.Popen(
            [
                *OAR,
                "simulate",
                "-c",
                str(config_path),
                "--port",
                str(sim_port),
                "--instant",
                "--parallel",
                "64",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=tmp,
        )
        router = subprocess.Popen(
            [*OAR, "serve", "-c", str(config_path), "--log-level", "warning"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=tmp,
        )
        try:
            direct = f"http://127.0.0.1:{sim_port}/v1/chat/completions"
            routed = f"http://127.0.0.1:{router_port}/v1/chat/completions"
            await wait_up(f"http://127.0.0.1:{sim_port}/")
            await wait_up(f"http://127.0.0.1:{router_port}/health")
            direct_body = {**BODY, "model": "B-A-M-N/vibethinker:1.5b"}
            await load(direct, direct_body, args.concurrency, 500)  # warm up both
            await load(routed, BODY, args.concurrency, 500)
            rows: dict[str, list[tuple[float, float, float, int]]] = {}
            for _ in range(args.rounds):
                for name, url, body, stream in (
                    ("direct", direct, direct_body, False),
                    ("router", routed, BODY, False),
                    ("direct-stream", direct, direct_body, True),
                    ("router-stream", routed, BODY, True),
                ):
                    total = args.requests if not stream else args.requests // 4
                    lat, wall, errors = await load(url, body, args.concurrency, total, stream)
                    rows.setdefault(name, []).append(
                        (statistics.median(lat), pct(lat, 0.99), len(lat) / wall, errors)
                    )
        finally:
            for proc in (router, sim):
                proc.terminate()
            for proc in (router, sim):
                proc.wait(10)

    summary = {
        name: tuple(statistics.median(r[i] for r in runs) for i in range(3))
        + (sum(r[3] for r in runs),)
        for name, runs in rows.items()
    }
    print(f"concurrency {args.concurrency}, {args.requests} requests x {args.rounds} rounds")
    print(f"{'target':<15}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}{'errors':>8}")
    for name, (p50, p99, rps, errors) in summary.items():
        print(f"{name:<15}{p50:>9.2f}{p99:>9.2f}{rps:>9.0f}{errors:>8}")
    d, r = summary["direct"], summary["router"]
    ds, rs = summary["direct-stream"], summary["router-stream"]
    print(
        f"added p50 latency: {r[0] - d[0]:.2f} ms; added p99: {r[1] - d[1]:.2f} ms; "
        f"throughput ratio router/direct: {r[2] / d[2]:.2f}"
    )
    print(f"streaming: added time to first byte p50 {rs[0] - ds[0]:.2f} ms")


if __name__ == "__main__":
    asyncio.run(main())
