"""``ollama.api: native``: the gateway's chat calls go to Ollama's ``/api/chat``.

Ollama's OpenAI endpoint drops ``keep_alive`` and has no context size, so this upstream
translates each OpenAI request to a native one (``backend.native``), adds the configured
``keep_alive`` and the model's one stable ``num_ctx`` (``routing.footprint``), and
translates answers and streams back to OpenAI shapes, usage included.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from typing import Any

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.backend.ollama.native import (
    NativeStreamTranslator,
    NativeTranslationError,
    native_to_openai_completion,
    openai_to_native_chat,
)
from ollama_agent_router.backend.ollama.upstream import OllamaUpstream
from ollama_agent_router.config import RouterConfig
from ollama_agent_router.errors import BadRequestError
from ollama_agent_router.routing.footprint import num_ctx_by_model


class NativeUpstream(OllamaUpstream):
    """Ollama, chat through its native ``/api/chat`` (``ollama.api: native``)."""

    def __init__(
        self,
        client: OllamaClient,
        *,
        keep_alive: str | int | None,
        num_ctx: Mapping[str, int | None],
        leaving: Callable[[], Collection[str]] | None = None,
    ) -> None:
        super().__init__(client)
        self.keep_alive = keep_alive
        self.leaving = leaving
        """Models a pending load waits to unload (the residency tracker's): a call to one of
        them carries no ``keep_alive``, which would reset its expiry and make Ollama's
        pending load wait for it all over again (ollama#17408)."""
        self._num_ctx = dict(num_ctx)
        """Model name → the ``num_ctx`` every call to it carries."""

    @classmethod
    def from_config(
        cls, config: RouterConfig, *, leaving: Callable[[], Collection[str]] | None = None
    ) -> NativeUpstream:
        return cls(
            OllamaClient.from_config(config.ollama),
            keep_alive=config.ollama.keep_alive,
            num_ctx=num_ctx_by_model(config),
            leaving=leaving,
        )

    def num_ctx(self, model: str) -> int | None:
        """The same for every request: a different one would make Ollama reload."""
        return self._num_ctx.get(model)

    def native_chat(self, payload: Mapping[str, Any], *, stream: bool) -> dict[str, Any]:
        """The ``/api/chat`` body for an OpenAI payload whose ``model`` is set."""
        model = str(payload.get("model"))
        leaving = self.leaving() if self.leaving is not None else ()
        keep_alive = None if model in leaving else self.keep_alive
        try:
            native = openai_to_native_chat(
                payload, keep_alive=keep_alive, num_ctx=self.num_ctx(model)
            )
        except NativeTranslationError as exc:
            raise BadRequestError(f"{exc.param or 'body'}: {exc}", param=exc.param) from None
        native["stream"] = stream
        return native

    async def chat_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        native = await self.client.post_native("chat", self.native_chat(payload, stream=False))
        return native_to_openai_completion(native, model=str(payload.get("model")))

    async def chat_raw(self, payload: dict[str, Any]) -> bytes:
        return json.dumps(await self.chat_json(payload), ensure_ascii=False).encode()

    async def chat_stream(self, payload: dict[str, Any]) -> AsyncIterator[bytes]:
        native = self.native_chat(payload, stream=True)
        options = payload.get("stream_options")
        include_usage = isinstance(options, Mapping) and options.get("include_usage") is True
        translator = NativeStreamTranslator(str(payload.get("model")), include_usage=include_usage)
        async for item in self.client.stream_native("chat", native):
            for event in translator.feed(item):
                yield event
            if translator.finished:
                return
