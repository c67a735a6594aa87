"""What the Anthropic Messages and OpenAI Responses faces add over chat completions.

One router in front of an instant simulator, in this process; the same short prompt
sent one request at a time to ``/v1/chat/completions``, ``/v1/messages`` and
``/v1/responses`` (with and without ``store``), plain and streamed, in alternating
rounds. Reports the median latency of each per round; the difference is the face's
codec (and the Responses store's copy).

    .venv/bin/python bench/faces.py [--requests 300] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import parse_config
from ollama_agent_router.server import running
from ollama_agent_router.simulator.server import run_simulator
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gex44.yaml"
CHAT = {"model": "auto", "messages": [{"role": "user", "content": "hello there"}], "max_tokens": 8}
RESPONSES = {"model": "gpt-5", "input": "hello there", "max_output_tokens": 8}
MESSAGES = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 8,
    "messages": [{"role": "user", "content": "hello there"}],
}
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("chat", "/v1/chat/completions", CHAT),
    ("messages", "/v1/messages", MESSAGES),
    ("responses", "/v1/responses", RESPONSES),
    ("responses store:false", "/v1/responses", {**RESPONSES, "store": False}),
    ("chat stream", "/v1/chat/completions", {**CHAT, "stream": True}),
    ("messages stream", "/v1/messages", {**MESSAGES, "stream": True}),
    ("responses stream", "/v1/responses", {**RESPONSES, "stream": True}),
]


def config_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    data["server"]["port"] = 0
    data["jobs"] = {"store": "memory"}
    data["gpu"]["monitor"]["enabled"] = False
    data["router"]["classification"]["mode"] = "heuristic"
    return data


async def median_ms(http: aiohttp.ClientSession, url: str, body: dict[str, Any], n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        async with http.post(url, json=body) as response:
            await response.read()
            if response.status != 200:
                raise SystemExit(f"{url}: {response.status}")
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[n // 10 :])  # the first tenth warms up


async def main(requests: int, rounds: int) -> None:
    data = config_data()
    settings = SimulatorSettings(models=models_from_config(parse_config(data)), instant=True)
    async with run_simulator(settings) as sim:
        data["ollama"]["baseUrl"] = sim.base_url
        config = parse_config(data)
        async with (
            running(config, Overrides(shutdown_grace_s=1)) as url,
            aiohttp.ClientSession() as http,
        ):
            for number in range(rounds):
                figures = [
                    f"{name} {await median_ms(http, url + path, body, requests):.2f}"
                    for name, path, body in CASES
                ]
                print(f"round {number}: p50 ms: " + " | ".join(figures))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.rounds))
