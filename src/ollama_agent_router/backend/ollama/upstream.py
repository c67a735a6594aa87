"""Ollama behind the ``Upstream`` protocol, chat through its OpenAI endpoint
(``ollama.api: openai``); ``native_upstream`` is the ``/api/chat`` dialect."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.backend.ollama.models import PsModel
from ollama_agent_router.config import RouterConfig
from ollama_agent_router.pipeline.upstream import BackendHooks, Upstream


class OllamaUpstream:
    """Ollama, chat through its OpenAI endpoint (``ollama.api: openai``)."""

    def __init__(self, client: OllamaClient) -> None:
        self.client = client

    @classmethod
    def from_config(cls, config: RouterConfig) -> OllamaUpstream:
        return cls(OllamaClient.from_config(config.ollama))

    async def chat_raw(self, payload: dict[str, Any]) -> bytes:
        return await self.client.chat_raw(payload)  # relayed as Ollama wrote it

    async def chat_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        return await self.client.chat(payload)

    def chat_stream(self, payload: dict[str, Any]) -> AsyncIterator[bytes]:
        return self.client.chat_stream(payload)

    async def post_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        return await self.client.post_native(path, payload, timeout_ms=timeout_ms)

    def stream_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        return self.client.stream_native(path, payload, timeout_ms=timeout_ms)

    async def get_native(self, path: str, *, timeout_ms: int | None = None) -> dict[str, Any]:
        return await self.client.get_native(path, timeout_ms=timeout_ms)

    async def embed(
        self, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        return await self.client.embed(payload, timeout_ms=timeout_ms)

    async def tags(self, *, timeout_ms: int | None = None) -> dict[str, Any]:
        return await self.client.tags(timeout_ms=timeout_ms)

    async def show(self, model: str, *, timeout_ms: int | None = None) -> dict[str, Any]:
        return await self.client.show(model, timeout_ms=timeout_ms)

    async def ps(self, *, timeout_ms: int | None = None) -> list[PsModel]:
        return await self.client.ps(timeout_ms=timeout_ms)

    async def version(self, *, timeout_ms: int | None = None) -> str:
        return await self.client.version(timeout_ms=timeout_ms)

    async def probe(self, *, timeout_ms: int | None = None) -> bool:
        return await self.client.probe(timeout_ms=timeout_ms)

    async def aclose(self) -> None:
        await self.client.aclose()


def open_ollama(config: RouterConfig, hooks: BackendHooks) -> Upstream:
    """Ollama, its chat in the dialect ``ollama.api`` names."""
    if config.ollama.api == "native":
        from ollama_agent_router.backend.ollama.native_upstream import NativeUpstream

        return NativeUpstream.from_config(config, leaving=hooks.leaving)
    return OllamaUpstream.from_config(config)
