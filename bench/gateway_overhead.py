"""What a fleet gateway adds to a request over calling its node directly.

Starts the simulator (``--instant``), a node router in front of it and a gateway (a
``fleet`` config) in front of the node, as separate processes, and drives the node and
the gateway with the same routed request in alternating rounds, so both are measured in
the same run. One client at a time gives the added latency (p50, p99); 32 connections
give the throughput ratio; a stream gives the added time to first byte. Reports the
medians of the rounds.

    .venv/bin/python bench/gateway_overhead.py [--rounds 3] [--seconds 4] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

import yaml

from router_overhead import OAR, ROOT, aiohttp_round, bench_config, free_port, wait_up

MESSAGES = [{"role": "user", "content": "hello, how are you today?"}]


def gateway_config(node_port: int, port: int, tmp: Path) -> Path:
    data = {
        "server": {"host": "127.0.0.1", "port": port, "nodeId": "gateway"},
        "router": {"classification": {"mode": "heuristic"}},
        "jobs": {"store": "memory"},
        "gpu": {"monitor": {"enabled": False}},
        "queue": {"globalMaxConcurrent": 512, "globalMaxQueued": 10000, "perUserMaxQueued": 10000},
        "fleet": {"nodes": [{"id": "node", "url": f"http://127.0.0.1:{node_port}"}]},
    }
    path = tmp / "gateway.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--config", type=Path, default=ROOT / "examples" / "gex44.yaml")
    args = parser.parse_args()
    body = json.dumps({"model": "auto", "messages": MESSAGES}).encode()
    stream = json.dumps({"model": "auto", "messages": MESSAGES, "stream": True}).encode()
    results: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        sim_port, node_port, gateway_port = free_port(), free_port(), free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        sim_config = bench_config(args.config, sim_port, 0, "heuristic", tmp)
        node_config = bench_config(args.config, sim_port, node_port, "heuristic", tmp)
        procs = [
            subprocess.Popen(
                [
                    *OAR,
                    "simulate",
                    "-c",
                    str(sim_config),
                    "--port",
                    str(sim_port),
                    "--instant",
                    "--parallel",
                    "512",
                    "--vram-mb",
                    "1000000",
                ],
                **quiet,  # type: ignore[call-overload]
            ),
            subprocess.Popen(
                [*OAR, "serve", "-c", str(node_config), "--log-level", "warning"],
                **quiet,  # type: ignore[call-overload]
            ),
        ]
        try:
            await wait_up(f"http://127.0.0.1:{sim_port}/")
            await wait_up(f"http://127.0.0.1:{node_port}/health")
            procs.append(
                subprocess.Popen(
                    [
                        *OAR,
                        "serve",
                        "-c",
                        str(gateway_config(node_port, gateway_port, tmp)),
                        "--log-level",
                        "warning",
                    ],
                    **quiet,  # type: ignore[call-overload]
                )
            )
            await wait_up(f"http://127.0.0.1:{gateway_port}/health")
            targets = {
                "node": f"http://127.0.0.1:{node_port}/v1/chat/completions",
                "gateway": f"http://127.0.0.1:{gateway_port}/v1/chat/completions",
            }
            for url in targets.values():  # warm up connections, caches and the model
                await aiohttp_round(url, body, 8, 1)
            for _ in range(args.rounds):
                for name, url in targets.items():
                    row = await aiohttp_round(url, body, 1, args.seconds)
                    results.setdefault(f"{name}, 1 client", []).append(row)
                    row = await aiohttp_round(url, body, args.concurrency, args.seconds)
                    results.setdefault(f"{name}, {args.concurrency} conns", []).append(row)
                    row = await aiohttp_round(url, stream, 1, args.seconds, stream=True)
                    results.setdefault(f"{name} stream TTFB", []).append(row)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(10)
    table = {
        name: {key: statistics.median(r[key]) for key in ("p50", "p99", "rps", "errors")}
        for name, rows in results.items()
        for r in [{k: [row[k] for row in rows] for k in rows[0]}]
    }
    print("| target | p50 ms | p99 ms | req/s | errors |")
    print("|---|---|---|---|---|")
    for name, row in table.items():
        print(
            f"| {name} | {row['p50']:.2f} | {row['p99']:.2f} | {row['rps']:.0f} "
            f"| {row['errors']:.0f} |"
        )
    one = table["gateway, 1 client"]["p50"] - table["node, 1 client"]["p50"]
    ttfb = table["gateway stream TTFB"]["p50"] - table["node stream TTFB"]["p50"]
    conns = f"{args.concurrency} conns"
    ratio = table[f"gateway, {conns}"]["rps"] / table[f"node, {conns}"]["rps"]
    print(f"\ngateway adds {one:.2f} ms p50 (1 client), {ttfb:.2f} ms to the first byte;")
    print(f"throughput at {args.concurrency} connections: {ratio:.2f}x the node's")


if __name__ == "__main__":
    asyncio.run(main())
