"""The fleet behind the ``Upstream`` protocol: every call names a gateway model
(``model@node``, ``routing.fleet.qualified``) and goes to that node's runtime-agent plane,
``POST /v1/router/execute``, which runs exactly that model (the node's own queue, limits,
body fitting, keep-alive; no second routing). Chat comes back in OpenAI's shape, bytes or
SSE relayed as they arrive; Ollama-native calls name the node's ``endpoint``. State calls
(tags, ps, show) answer from what the poller last read.

A node that cannot be reached is marked unavailable at once, so the next request is not
placed there; the attempts loop moves this one to its next candidate (another node), as
long as nothing of a stream was sent.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

from ollama_agent_router import __version__
from ollama_agent_router.backend.fleet.client import NodeClient
from ollama_agent_router.backend.fleet.errors import NodeProtocolError, NodeUnavailable
from ollama_agent_router.backend.fleet.state import FleetState
from ollama_agent_router.backend.ollama.errors import OllamaHTTPError
from ollama_agent_router.backend.ollama.models import PsModel, parse_ps
from ollama_agent_router.config import RouterConfig
from ollama_agent_router.pipeline.upstream import BackendHooks, Upstream
from ollama_agent_router.routing.fleet import split_qualified

EXECUTE = "/v1/router/execute"
NATIVE_ENDPOINTS = {
    "chat": "/api/chat",
    "generate": "/api/generate",
    "embed": "/api/embed",
    "embeddings": "/api/embeddings",
}


class FleetUpstream:
    """Node routers as one backend; ``fleet`` is what the poller knows of them."""

    def __init__(self, fleet: FleetState) -> None:
        self.fleet = fleet

    # -- where a call goes --------------------------------------------------------------

    def _target(self, name: object) -> tuple[NodeClient, str]:
        """The node and its model for a gateway model name; a plain name (a pinned
        preload, ``/api/show``) goes to the first available node that has it."""
        model, node = split_qualified(str(name))
        if node is None:
            node = next(
                (view.node for view in self.fleet.available() if model in view.policy.models),
                None,
            )
        client = self.fleet.client(node) if node is not None else None
        if client is None:
            raise OllamaHTTPError(404, json.dumps({"error": f"model '{model}' not found"}))
        return client, model

    def _execute(
        self, payload: Mapping[str, Any], *, endpoint: str | None = None
    ) -> tuple[NodeClient, dict[str, Any]]:
        client, model = self._target(payload.get("model"))
        body: dict[str, Any] = {"selectedModel": model, "request": {**payload, "model": model}}
        if endpoint is not None:
            body["endpoint"] = endpoint
        return client, body

    def _unreachable(self, client: NodeClient, exc: NodeUnavailable) -> None:
        self.fleet.failed(client.id, exc.message)

    # -- chat (OpenAI shape) ------------------------------------------------------------

    async def chat_raw(self, payload: dict[str, Any]) -> bytes:
        return json.dumps(await self.chat_json(payload), ensure_ascii=False).encode()

    async def chat_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        client, body = self._execute({**payload, "stream": False})
        try:
            return _result(client, await client.get_json_post(EXECUTE, body))
        except NodeUnavailable as exc:
            self._unreachable(client, exc)
            raise

    async def chat_stream(self, payload: dict[str, Any]) -> AsyncIterator[bytes]:
        client, body = self._execute({**payload, "stream": True})
        try:
            async for event in client.stream_events(EXECUTE, body):
                yield event
        except NodeUnavailable as exc:
            self._unreachable(client, exc)
            raise

    # -- Ollama-native calls ------------------------------------------------------------

    def _native_endpoint(self, path: str) -> str:
        name = path.strip("/").removeprefix("api/")
        endpoint = NATIVE_ENDPOINTS.get(name)
        if endpoint is None:
            raise OllamaHTTPError(404, json.dumps({"error": f"/api/{name} is not forwarded"}))
        return endpoint

    async def post_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        if path.strip("/").removeprefix("api/") == "show":
            return self._show(str(payload.get("model")))
        client, body = self._execute(payload, endpoint=self._native_endpoint(path))
        try:
            # not chat: the node answers as its own endpoint would, with no envelope
            return await client.get_json_post(EXECUTE, body, timeout_ms=timeout_ms)
        except NodeUnavailable as exc:
            self._unreachable(client, exc)
            raise

    async def stream_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        client, body = self._execute(payload, endpoint=self._native_endpoint(path))
        try:
            async for item in client.stream_lines(EXECUTE, body, timeout_ms=timeout_ms):
                yield item
        except NodeUnavailable as exc:
            self._unreachable(client, exc)
            raise

    async def embed(
        self, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        return await self.post_native("embed", payload, timeout_ms=timeout_ms)

    # -- state, from the poller ---------------------------------------------------------

    async def get_native(self, path: str, *, timeout_ms: int | None = None) -> dict[str, Any]:
        if path.strip("/").removeprefix("api/") == "ps":
            return {"models": self._loaded()}
        raise OllamaHTTPError(404, json.dumps({"error": f"/api/{path} is not forwarded"}))

    async def tags(self, *, timeout_ms: int | None = None) -> dict[str, Any]:
        seen: dict[str, dict[str, Any]] = {}
        for node in self.fleet.nodes.values():
            for model in node.config.models if node.config is not None else ():
                seen.setdefault(
                    model.name,
                    {"name": model.name, "model": model.name, "size": int(model.size_gb * 1e9)},
                )
        return {"models": list(seen.values())}

    async def show(self, model: str, *, timeout_ms: int | None = None) -> dict[str, Any]:
        return self._show(model)

    def _show(self, model: str) -> dict[str, Any]:
        for view in self.fleet.available():
            known = view.view.capabilities.get(model)
            if known is not None:
                info: dict[str, Any] = {}
                if known.context_length:
                    info["router.context_length"] = known.context_length
                return {
                    "modelfile": "",
                    "parameters": "",
                    "template": "",
                    "details": {},
                    "model_info": info,
                    "capabilities": sorted(known.capabilities or ()),
                }
        raise OllamaHTTPError(404, json.dumps({"error": f"model '{model}' not found"}))

    def _loaded(self) -> list[dict[str, Any]]:
        entries: dict[str, dict[str, Any]] = {}
        for node in self.fleet.available():
            for name, loaded in node.view.loaded.items():
                entries.setdefault(
                    name,
                    {
                        "name": name,
                        "model": name,
                        "size": loaded.size_bytes,
                        "size_vram": loaded.size_vram_bytes,
                        "context_length": loaded.context_length,
                    },
                )
        return list(entries.values())

    async def ps(self, *, timeout_ms: int | None = None) -> list[PsModel]:
        return parse_ps({"models": self._loaded()})

    async def version(self, *, timeout_ms: int | None = None) -> str:
        return __version__

    async def probe(self, *, timeout_ms: int | None = None) -> bool:
        return bool(self.fleet.available())

    async def aclose(self) -> None:
        await self.fleet.aclose()


def _result(client: NodeClient, answer: dict[str, Any]) -> dict[str, Any]:
    """The answer inside a node's execute envelope (``{"result": …, "nodeId": …}``)."""
    result = answer.get("result")
    if not isinstance(result, dict):
        raise NodeProtocolError(client.id, "answered an execute envelope without a result")
    return result


def open_fleet(config: RouterConfig, hooks: BackendHooks) -> Upstream:
    """The gateway's backend: a client per node and the poller over them (not started:
    the composition root starts it with the other background work)."""
    fleet_config = config.fleet
    if fleet_config is None:
        raise ValueError("fleet: the fleet backend needs a fleet section")
    clients = [
        NodeClient(node, request_timeout_ms=fleet_config.request_timeout_ms)
        for node in fleet_config.nodes
    ]
    return FleetUpstream(FleetState(fleet_config, clients, on_models=hooks.on_models))
