"""The gateway reaches a node over HTTPS: the node's certificate checked against the CA
the gateway names, the gateway's own certificate shown when the node asks (mTLS)."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import aiohttp

from api.admin.test_admin_tls import Pki
from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import parse_config
from ollama_agent_router.server import running
from support.stack import gex44_data, stack

QWEN = "qwen2.5-coder:7b"


def https_node(pki: Pki) -> dict[str, Any]:
    server = pki.issue("node.pem", "node-a", server=True)
    return gex44_data(
        **{
            "server.nodeId": "node-a",
            "server.host": "127.0.0.1",
            "server.https": {
                "enabled": True,
                "certPath": str(server[0]),
                "keyPath": str(server[1]),
                "caPath": str(pki.ca_path),  # a client certificate must chain to it
            },
        }
    )


async def served_through(node_url: str, tls: dict[str, Any]) -> tuple[int, Any]:
    data = {
        "server": {"host": "127.0.0.1", "port": 0, "nodeId": "gateway"},
        "router": {"classification": {"mode": "heuristic"}},
        "jobs": {"store": "memory"},
        "gpu": {"monitor": {"enabled": False}},
        "fleet": {"nodes": [{"id": "node-a", "url": node_url, "tls": tls}]},
    }
    body = {"model": QWEN, "messages": [{"role": "user", "content": "fix it"}]}
    async with (
        running(parse_config(data), Overrides(shutdown_grace_s=1)) as url,
        aiohttp.ClientSession() as http,
        http.post(url + "/v1/chat/completions", json=body) as response,
    ):
        return response.status, await response.json(content_type=None)


async def test_a_node_over_https_with_the_gateways_client_certificate(tmp_path: Path) -> None:
    pki = Pki(tmp_path)
    (tmp_path / "foreign").mkdir(exist_ok=True)
    foreign = Pki(tmp_path / "foreign", ca_name="Someone else's CA")
    gateway_cert = pki.issue("gateway.pem", "gateway")
    stranger_cert = foreign.issue("stranger.pem", "gateway")
    async with AsyncExitStack() as exits:
        node = await exits.enter_async_context(stack(https_node(pki), leaves_work="tls"))
        assert node.url.startswith("https://")
        mtls = {
            "caPath": str(pki.ca_path),
            "certPath": str(gateway_cert[0]),
            "keyPath": str(gateway_cert[1]),
        }
        status, answer = await served_through(node.url, mtls)
        assert status == 200, answer
        assert answer["router"]["node"] == "node-a"
        # the node's certificate does not chain to the system's CAs: no node to use
        status, answer = await served_through(node.url, {})
        assert status == 503, answer
        # a client certificate from another CA fails the node's handshake
        stranger = {**mtls, "certPath": str(stranger_cert[0]), "keyPath": str(stranger_cert[1])}
        status, answer = await served_through(node.url, stranger)
        assert status == 503, answer
