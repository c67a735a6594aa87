"""A fleet gateway over node routers on simulators, started in-process: each node a
``support.stack`` router on its own simulator, the gateway's ``fleet`` section naming
them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp

from ollama_agent_router.composition import Overrides, Services
from ollama_agent_router.config import RouterConfig, parse_config
from ollama_agent_router.server import running
from support.stack import Stack, gex44_data, stack


@dataclass
class Fleet:
    nodes: dict[str, Stack]
    url: str
    config: RouterConfig
    http: aiohttp.ClientSession
    services: Services
    exits: dict[str, AsyncExitStack]

    async def post(self, path: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        async with self.http.post(self.url + path, json=body) as response:
            return response.status, await response.json(content_type=None), dict(response.headers)

    async def get(self, path: str) -> Any:
        async with self.http.get(self.url + path) as response:
            return await response.json(content_type=None)

    async def kill(self, node: str) -> None:
        """Stop a node's router and simulator, as a box that went away."""
        await self.exits.pop(node).aclose()

    async def until(self, check: Any, *, within_s: float = 5.0) -> Any:
        """Poll the gateway's status until ``check(status)`` holds."""
        deadline = asyncio.get_running_loop().time() + within_s
        while True:
            status = await self.get("/v1/router/status")
            if check(status):
                return status
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"gateway status never matched: {status.get('fleet')}")
            await asyncio.sleep(0.05)


def node_data(node_id: str, **changes: Any) -> dict[str, Any]:
    return gex44_data(**{"server.nodeId": node_id, **changes})


@asynccontextmanager
async def fleet(
    *nodes_given: str | tuple[str, dict[str, Any]], **gateway: Any
) -> AsyncIterator[Fleet]:
    """Node routers on simulators (each its own exit stack, so a test can kill one) and a
    gateway over them."""
    async with AsyncExitStack() as exits:
        nodes: dict[str, Stack] = {}
        node_exits: dict[str, AsyncExitStack] = {}
        for given in nodes_given:
            node_id, changes = (given, {}) if isinstance(given, str) else given
            own = AsyncExitStack()
            exits.push_async_callback(own.aclose)
            node_exits[node_id] = own
            nodes[node_id] = await own.enter_async_context(
                stack(node_data(node_id, **changes), leaves_work="gateway tests")
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
        yield Fleet(nodes, url, config, http, opened[0], node_exits)
