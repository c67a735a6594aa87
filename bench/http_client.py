"""Which async HTTP client adds less overhead for the router's Ollama calls?

Sends the same small JSON POST (a chat-completion-sized body) with aiohttp and httpx,
32 requests in flight, against an instant local server in a separate process (or any
``--url``, e.g. the simulator in instant mode), and prints median/p99 latency and
requests per second for each, in the same run. Both clients use one pooled session.

    .venv/bin/python bench/http_client.py [--requests 20000] [--concurrency 32] [--url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

import aiohttp
import httpx

PAYLOAD = {
    "model": "bench:latest",
    "messages": [{"role": "user", "content": "Say hello in one short sentence."}],
    "stream": False,
}
REPLY = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "bench:latest",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "Hi!"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11},
}

SERVER = """
import asyncio, json, sys
from aiohttp import web
body = sys.argv[1].encode()
async def chat(request):
    await request.read()
    return web.Response(body=body, content_type="application/json")
async def main():
    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(site._server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
"""

Send = Callable[[], Awaitable[None]]


async def _measure(send: Send, *, requests: int, concurrency: int) -> tuple[float, float, float]:
    latencies: list[float] = []
    remaining = requests

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            start = time.perf_counter()
            await send()
            latencies.append(time.perf_counter() - start)

    for _ in range(200):  # warm the pool
        await send()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return (
        statistics.median(latencies) * 1000,
        latencies[int(len(latencies) * 0.99)] * 1000,
        len(latencies) / elapsed,
    )


async def bench_aiohttp(url: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    connector = aiohttp.TCPConnector(limit=concurrency * 2)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def send() -> None:
            async with session.post(url, json=PAYLOAD) as response:
                response.raise_for_status()
                await response.json()

        return await _measure(send, requests=requests, concurrency=concurrency)


async def bench_httpx(url: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    limits = httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def send() -> None:
            response = await client.post(url, json=PAYLOAD)
            response.raise_for_status()
            response.json()

        return await _measure(send, requests=requests, concurrency=concurrency)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--url", help="POST target; default: a local instant aiohttp server")
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, json.dumps(REPLY)], stdout=subprocess.PIPE, text=True
        )
        assert server.stdout is not None
        url = f"http://127.0.0.1:{int(server.stdout.readline())}/v1/chat/completions"
    try:
        print(
            f"target {url}, {args.requests} requests x {args.rounds} rounds, "
            f"concurrency {args.concurrency}"
        )
        results: dict[str, list[tuple[float, float, float]]] = {"aiohttp": [], "httpx": []}
        for _ in range(args.rounds):  # interleave so drift hits both clients alike
            for name, bench in (("aiohttp", bench_aiohttp), ("httpx", bench_httpx)):
                results[name].append(asyncio.run(bench(url, args.requests, args.concurrency)))
        summary = {}
        for name, rows in results.items():
            best = max(rows, key=lambda row: row[2])
            summary[name] = {
                "p50_ms": round(best[0], 3),
                "p99_ms": round(best[1], 3),
                "req_per_s": round(best[2]),
            }
            print(
                f"{name:8s} p50 {best[0]:.3f} ms  p99 {best[1]:.3f} ms  "
                f"{best[2]:.0f} req/s  (best of {len(rows)} rounds)"
            )
        print(json.dumps(summary))
    finally:
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
