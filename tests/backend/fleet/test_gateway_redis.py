"""Several gateways in front of one fleet share their rate limits and agent sessions
through one Redis (an existing engine: no gossip of the router's own)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from ollama_agent_router.access import hash_key
from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import parse_config
from ollama_agent_router.server import running
from support.processes import redis_server
from support.stack import gex44_data, stack

KEY = "fleet-client-key-0001"
QWEN = "qwen2.5-coder:7b"


def gateway_data(nodes: list[dict[str, Any]], redis_url: str, limit: int) -> dict[str, Any]:
    return {
        "server": {"host": "127.0.0.1", "port": 0, "nodeId": "gateway"},
        "access": {
            "managed": {
                "planes": {
                    "standalone": {
                        "auth": {"requireApiKey": True, "anonymous": "reject"},
                        "defaultLimit": {"requests": limit, "windowSeconds": 60},
                    }
                },
                "apiKeys": [{"id": "shared", "keyHash": hash_key(KEY), "scopes": ["standalone"]}],
            },
            "rateLimit": {"store": "redis", "redisUrl": redis_url},
        },
        "router": {"classification": {"mode": "heuristic"}},
        "jobs": {"store": "memory"},
        "gpu": {"monitor": {"enabled": False}},
        "fleet": {"nodes": nodes, "pollIntervalMs": 200},
    }


async def chats(urls: list[str], *, clients: int, each: int, body: dict[str, Any]) -> Counter[int]:
    start = asyncio.Event()
    statuses: Counter[int] = Counter()

    async def client(index: int) -> None:
        url = urls[index % len(urls)] + "/v1/chat/completions"
        async with aiohttp.ClientSession() as http:
            await start.wait()
            for _ in range(each):
                async with http.post(url, json=body, headers={"x-api-key": KEY}) as response:
                    await response.read()
                    statuses[response.status] += 1

    tasks = [asyncio.create_task(client(i)) for i in range(clients)]
    await asyncio.sleep(0.05)
    start.set()
    await asyncio.gather(*tasks)
    return statuses


@asynccontextmanager
async def two_gateways(redis_url: str, *, limit: int) -> AsyncIterator[list[str]]:
    """Two nodes on simulators, and two gateways over them sharing ``redis_url``."""
    async with AsyncExitStack() as exits:
        nodes = []
        for node_id in ("node-a", "node-b"):
            data = gex44_data(**{"server.nodeId": node_id})
            node = await exits.enter_async_context(stack(data, leaves_work="gateway tests"))
            nodes.append({"id": node_id, "url": node.url})
        urls = []
        for _ in range(2):
            config = parse_config(gateway_data(nodes, redis_url, limit=limit))
            urls.append(
                await exits.enter_async_context(running(config, Overrides(shutdown_grace_s=1)))
            )
        yield urls


async def test_two_gateways_on_one_redis_keep_exact_limits(tmp_path: Path) -> None:
    with redis_server(tmp_path) as redis_url:
        async with two_gateways(redis_url, limit=30) as urls:
            body = {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}
            statuses = await chats(urls, clients=16, each=3, body=body)
    assert statuses == Counter({200: 30, 429: 18})


async def test_a_session_stays_on_its_node_across_gateways(tmp_path: Path) -> None:
    with redis_server(tmp_path) as redis_url:
        async with two_gateways(redis_url, limit=1000) as urls:
            messages: list[dict[str, Any]] = []
            served = []
            async with aiohttp.ClientSession() as http:
                for turn in range(4):  # each turn through the other gateway
                    messages.append({"role": "user", "content": f"step {turn}: fix the test"})
                    body = {"model": "auto", "messages": messages, "prompt_cache_key": "agent-7"}
                    async with http.post(
                        urls[turn % 2] + "/v1/chat/completions",
                        json=body,
                        headers={"x-api-key": KEY},
                    ) as response:
                        answer = await response.json()
                    assert response.status == 200, answer
                    served.append((answer["router"]["node"], answer["router"]["selectedModel"]))
                    messages.append(answer["choices"][0]["message"])
                    await asyncio.sleep(0.1)  # the turn is written to Redis after the answer
    assert len(set(served)) == 1, served
