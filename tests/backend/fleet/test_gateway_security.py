"""The gateway authenticates its clients itself and reaches each node with that node's
runtime-agent key; a client's credentials never travel to a node."""

from __future__ import annotations

import os
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import parse_config
from ollama_agent_router.server import running
from support.secured import CLIENT, KONG, secured_data
from support.stack import stack

QWEN = "qwen2.5-coder:7b"


def gateway_data(nodes: list[dict[str, Any]], tmp_path: Path) -> dict[str, Any]:
    secured = secured_data(tmp_path / "gateway", unlimited=True)
    (tmp_path / "gateway").mkdir(exist_ok=True)
    return {
        "server": {"host": "127.0.0.1", "port": 0, "nodeId": "gateway"},
        "access": secured["access"],
        "router": {"classification": {"mode": "heuristic"}},
        "jobs": {"store": "memory"},
        "gpu": {"monitor": {"enabled": False}},
        "fleet": {"nodes": nodes, "pollIntervalMs": 200},
    }


async def ask(url: str, key: str | None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = {"model": QWEN, "messages": [{"role": "user", "content": "fix it"}]}
    async with (
        aiohttp.ClientSession() as http,
        http.post(url + "/v1/chat/completions", json=body, headers=headers) as response,
    ):
        return response.status, await response.json(content_type=None)


async def test_the_gateway_uses_each_nodes_runtime_agent_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAR_TEST_NODE_KEY", KONG)
    async with AsyncExitStack() as exits:
        nodes = []
        for node_id, key in (
            ("node-a", {"apiKey": KONG}),
            ("node-b", {"apiKeyEnv": "OAR_TEST_NODE_KEY"}),
        ):
            (tmp_path / node_id).mkdir()
            data = secured_data(tmp_path / node_id, unlimited=True)
            data["server"]["nodeId"] = node_id
            node = await exits.enter_async_context(stack(data, leaves_work="gateway tests"))
            nodes.append({"id": node_id, "url": node.url, **key})
        config = parse_config(gateway_data(nodes, tmp_path))
        url = await exits.enter_async_context(running(config, Overrides(shutdown_grace_s=1)))
        # a client of the gateway's own: served, by a node the gateway reached with its key
        status, body = await ask(url, CLIENT)
        assert status == 200, body
        assert body["router"]["node"] in ("node-a", "node-b")
        # the gateway checks its clients itself
        status, body = await ask(url, None)
        assert status == 401, body
        # the runtime-agent key the gateway uses is no key for the node's own clients
        status, body = await ask(nodes[0]["url"], KONG)
        assert status in (401, 403), body
    assert os.environ["OAR_TEST_NODE_KEY"] == KONG


async def test_without_the_nodes_key_no_node_is_used(tmp_path: Path) -> None:
    async with AsyncExitStack() as exits:
        (tmp_path / "node-a").mkdir()
        data = secured_data(tmp_path / "node-a", unlimited=True)
        node = await exits.enter_async_context(stack(data, leaves_work="gateway tests"))
        nodes = [{"id": "node-a", "url": node.url, "apiKey": CLIENT}]  # a standalone key
        config = parse_config(gateway_data(nodes, tmp_path))
        url = await exits.enter_async_context(running(config, Overrides(shutdown_grace_s=1)))
        status, body = await ask(url, CLIENT)
        assert status == 503, body
        assert "node-a" in body["error"]["message"]
