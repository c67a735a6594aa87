"""A fleet gateway over node routers on simulators: placement, faces, faults."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from support.stack import Stack, gex44_data, stack

from ollama_agent_router.composition import Overrides, Services
from ollama_agent_router.config import RouterConfig, parse_config
from ollama_agent_router.server import running

QWEN = "qwen2.5-coder:7b"


@dataclass
class Fleet:
    nodes: dict[str, Stack]
    url: str
    config: RouterConfig
    http: aiohttp.ClientSession
    services: Services

    async def post(self, path: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        async with self.http.post(self.url + path, json=body) as response:
            return response.status, await response.json(content_type=None), dict(response.headers)


@asynccontextmanager
async def fleet(*node_ids: str, **gateway: Any) -> AsyncIterator[Fleet]:
    async with AsyncExitStack() as exits:
        nodes = {}
        for node_id in node_ids:
            nodes[node_id] = await exits.enter_async_context(
                stack(gex44_data(**{"server.nodeId": node_id}), leaves_work="gateway tests")
            )
        data = {
            "server": {"host": "127.0.0.1", "port": 0, "nodeId": "gateway"},
            "router": {"classification": {"mode": "heuristic"}},
            "jobs": {"store": "memory"},
            "gpu": {"monitor": {"enabled": False}},
            "fleet": {
                "nodes": [{"id": n, "url": s.url} for n, s in nodes.items()],
                "pollIntervalMs": 200,
                **gateway,
            },
        }
        config = parse_config(data)
        opened: list[Services] = []
        url = await exits.enter_async_context(
            running(config, Overrides(shutdown_grace_s=1, on_open=opened.append))
        )
        http = await exits.enter_async_context(aiohttp.ClientSession())
        yield Fleet(nodes, url, config, http, opened[0])


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


async def test_a_chat_through_the_gateway_names_its_node() -> None:
    async with fleet("node-a", "node-b") as f:
        status, body, headers = await f.post("/v1/chat/completions", chat("hello there"))
        assert status == 200, body
        router = body["router"]
        assert router["node"] in ("node-a", "node-b")
        assert headers["x-router-node"] == router["node"]
        assert "@" not in router["selectedModel"]
