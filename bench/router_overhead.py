"""Router overhead against an instant backend: what the router adds to each request.

Starts the simulator (``--instant``) and a router in front of it as separate processes
and drives both with the same load in alternating rounds, so the baseline (the
simulator alone) is measured in the same run. Non-streaming load comes from ``wrk``
(C, so the load generator takes little of the 2 cores) when it is installed, else from
an aiohttp client; time to first byte of streams is measured with aiohttp. Reports the
medians of the rounds and the ratios router/direct.

    .venv/bin/python bench/router_overhead.py [--concurrency 32] [--seconds 5] [--rounds 3]
        [--before DIR]

``--before DIR`` also runs the router from another checkout (``DIR/src``, e.g. a
``git worktree`` of an earlier commit) in the same rounds, so a change is measured
against the code before it on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
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
MESSAGES = [{"role": "user", "content": "hello, how are you today?"}]
DIRECT_MODEL = "B-A-M-N/vibethinker:1.5b"
BEFORE = "before"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_up(url: str, limit_s: float = 30.0) -> None:
    deadline = time.monotonic() + limit_s
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


def wrk_round(url: str, body: bytes, concurrency: int, seconds: int, tmp: Path) -> dict[str, float]:
    script = tmp / f"post-{abs(hash(body))}.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(body.decode())}\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
    )
    out = subprocess.run(
        ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        if not match:
            raise RuntimeError(f"cannot read the {label}th percentile from wrk:\n{out}")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "p50": ms("50"),
        "p99": ms("99"),
        "rps": rps,
        "errors": float(non_2xx.group(1)) if non_2xx else 0,
    }


async def aiohttp_round(
    url: str, body: bytes, concurrency: int, seconds: int, *, stream: bool = False
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    headers = {"Content-Type": "application/json"}
    deadline = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal errors
            while time.monotonic() < deadline:
                started = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    if stream:
                        await response.content.readany()  # first byte
                    latencies.append((time.perf_counter() - started) * 1000)
                    await response.read()
                    errors += response.status != 200

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "p50": statistics.median(ordered),
        "p99": ordered[int(0.99 * (len(ordered) - 1))],
        "rps": len(ordered) / wall,
        "errors": errors,
    }


def bench_config(source: Path, sim_port: int, router_port: int, mode: str, tmp: Path) -> Path:
    """The example config with its queue caps lifted: we measure the router's cost, not
    its queue policy (which would make the router wait where the simulator does not)."""
    data = yaml.safe_load(source.read_text())
    for model in data["models"]:
        model["maxConcurrent"] = 512
    data["queue"].update(globalMaxConcurrent=512, globalMaxQueued=10000, perUserMaxQueued=10000)
    data["server"]["port"] = router_port
    data["ollama"]["baseUrl"] = f"http://127.0.0.1:{sim_port}"
    data["jobs"] = {"store": "memory"}
    data["gpu"]["monitor"]["enabled"] = False
    data["router"].setdefault("classification", {})["mode"] = mode
    path = tmp / f"bench-{mode}-{router_port}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", default="enhanced,heuristic", help="classifier modes")
    parser.add_argument("--config", type=Path, default=ROOT / "examples" / "gex44.yaml")
    parser.add_argument("--before", type=Path, help="a checkout whose router runs alongside")
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None
    modes = [m for m in args.modes.split(",") if m]
    sim_port = free_port()
    routed_body = json.dumps({"model": "auto", "messages": MESSAGES}).encode()
    direct_body = json.dumps({"model": DIRECT_MODEL, "messages": MESSAGES}).encode()
    stream_direct = json.dumps({"model": DIRECT_MODEL, "messages": MESSAGES, "stream": True})
    stream_routed = json.dumps({"model": "auto", "messages": MESSAGES, "stream": True})
    results: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        sim_config = bench_config(args.config, sim_port, 0, "heuristic", tmp)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        sim_args = ["--instant", "--parallel", "512", "--vram-mb", "1000000"]
        sim = subprocess.Popen(
            [*OAR, "simulate", "-c", str(sim_config), "--port", str(sim_port), *sim_args],
            **quiet,  # type: ignore[call-overload]
        )
        routers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
        try:
            for mode in modes:
                port = free_port()
                config = bench_config(args.config, sim_port, port, mode, tmp)
                proc = subprocess.Popen(
                    [*OAR, "serve", "-c", str(config), "--log-level", "warning"],
                    **quiet,  # type: ignore[call-overload]
                )
                routers[mode] = (proc, port)
            if args.before is not None:
                port = free_port()
                config = bench_config(args.config, sim_port, port, modes[0], tmp)
                old_env = {**env, "PYTHONPATH": str(args.before.resolve() / "src")}
                proc = subprocess.Popen(
                    [*OAR, "serve", "-c", str(config), "--log-level", "warning"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=old_env,
                    cwd=args.before,
                )
                routers[BEFORE] = (proc, port)
            direct = f"http://127.0.0.1:{sim_port}/v1/chat/completions"
            await wait_up(f"http://127.0.0.1:{sim_port}/")
            for _, port in routers.values():
                await wait_up(f"http://127.0.0.1:{port}/health")
            targets = [("direct", direct, direct_body)] + [
                (f"router ({mode})", f"http://127.0.0.1:{port}/v1/chat/completions", routed_body)
                for mode, (_, port) in routers.items()
            ]
            for _, url, body in targets:  # warm up connections, caches and the model
                await aiohttp_round(url, body, 8, 1)
            for _ in range(args.rounds):
                for name, url, body in targets:
                    if use_wrk:
                        row = wrk_round(url, body, args.concurrency, args.seconds, tmp)
                    else:
                        row = await aiohttp_round(url, body, args.concurrency, args.seconds)
                    results.setdefault(name, []).append(row)
                first_router = next(iter(routers.values()))[1]
                routed_url = f"http://127.0.0.1:{first_router}/v1/chat/completions"
                alone = [
                    ("direct, 1 client", direct, direct_body),
                    ("router, 1 client", routed_url, routed_body),
                ]
                if BEFORE in routers:
                    before_url = f"http://127.0.0.1:{routers[BEFORE][1]}/v1/chat/completions"
                    alone.append(("before, 1 client", before_url, routed_body))
                for name, url, body in alone:
                    row = await aiohttp_round(url, body, 1, max(2, args.seconds // 2))
                    results.setdefault(name, []).append(row)
                for name, url, body in (
                    ("direct stream TTFB", direct, stream_direct.encode()),
                    (
                        "router stream TTFB",
                        f"http://127.0.0.1:{first_router}/v1/chat/completions",
                        stream_routed.encode(),
                    ),
                ):
                    row = await aiohttp_round(url, body, 1, max(2, args.seconds // 2), stream=True)
                    results.setdefault(name, []).append(row)
        finally:
            for proc, _ in routers.values():
                proc.terminate()
            sim.terminate()
            for proc, _ in routers.values():
                proc.wait(10)
            sim.wait(10)

    summary = {
        name: {key: statistics.median(r[key] for r in rows) for key in rows[0]}
        for name, rows in results.items()
    }
    load = "wrk" if use_wrk else "aiohttp"
    print(f"load: {load}, {args.concurrency} connections, {args.seconds} s x {args.rounds} rounds")
    print(f"{'target':<24}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>10}{'errors':>8}")
    for name, row in summary.items():
        print(
            f"{name:<24}{row['p50']:>9.2f}{row['p99']:>9.2f}{row['rps']:>10.0f}{row['errors']:>8.0f}"
        )
    base = summary["direct"]
    for mode in [*modes, BEFORE] if args.before is not None else modes:
        row = summary[f"router ({mode})"]
        print(
            f"router ({mode}): added p50 {row['p50'] - base['p50']:.2f} ms, "
            f"added p99 {row['p99'] - base['p99']:.2f} ms, "
            f"throughput {row['rps']:.0f}/s = {row['rps'] / base['rps']:.2f} x direct"
        )
    alone = summary["router, 1 client"]["p50"] - summary["direct, 1 client"]["p50"]
    print(f"one client at a time: the router adds {alone:.2f} ms p50 per request ({modes[0]})")
    if "before, 1 client" in summary:
        old = summary["before, 1 client"]["p50"] - summary["direct, 1 client"]["p50"]
        print(f"one client at a time, before: {old:.2f} ms p50 per request ({modes[0]})")
    ttfb = summary["router stream TTFB"]["p50"] - summary["direct stream TTFB"]["p50"]
    print(f"streaming: added time to first byte p50 {ttfb:.2f} ms (one stream at a time)")


if __name__ == "__main__":
    asyncio.run(main())
