"""LiteLLM's Ollama provider against the router and the simulator, end to end.

Aider's ``ollama_chat/…`` models go through this provider. It posts to ``/api/chat``
(``ollama_chat/…``) and ``/api/generate`` (``ollama/…``) **without a Content-Type**
(its async client sends ``application/octet-stream``), which the router refused with a
415 while it demanded ``application/json``; it now reads a body without ``Origin`` as
JSON, as Ollama does. The requests pass through a small recording TCP relay, so the
test sees the bytes LiteLLM really sends. LiteLLM's synchronous calls run in a thread,
the router and the simulator on this event loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import warnings
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import ModuleType
from typing import Any, TypeVar

import pytest

from support.stack import stack

T = TypeVar("T")
pytestmark = pytest.mark.filterwarnings(
    # pydantic about LiteLLM's own TypedDicts, as it builds their schemas on first use
    "ignore:.* using the `ReadOnly` qualifier:UserWarning"
)
HELLO = [{"role": "user", "content": "Hello! How are you today?"}]
VIBE = "B-A-M-N/vibethinker:1.5b"


@pytest.fixture(scope="module")
def litellm() -> ModuleType:
    """LiteLLM (the ``test`` extra), importable offline; the test skips without it."""
    with pytest.MonkeyPatch.context() as env, warnings.catch_warnings():
        env.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no fetch of its price list
        warnings.simplefilter("ignore")
        module = pytest.importorskip("litellm")
    module.telemetry = False
    return module


class Recorder:
    """A TCP relay in front of the router that keeps each request head it passes on."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.heads: list[tuple[str, dict[str, str]]] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(
            "127.0.0.1", self.target_port
        )
        back = asyncio.create_task(self._pipe(upstream_reader, writer))
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line, *fields = head.decode("latin-1").split("\r\n")[:-2]
                headers = {}
                for field in fields:
                    name, _, value = field.partition(":")
                    headers[name.strip().lower()] = value.strip()
                self.heads.append((line, headers))
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                upstream_writer.write(head + body)
                await upstream_writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            upstream_writer.close()
            await back
            writer.close()

    @staticmethod
    async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        except ConnectionError:
            pass
        finally:
            sink.close()

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [headers for line, headers in self.heads if line.split()[1] == path]


@asynccontextmanager
async def recorded(target_url: str) -> AsyncIterator[tuple[str, Recorder]]:
    recorder = Recorder(int(target_url.rsplit(":", 1)[1]))
    server = await asyncio.start_server(recorder.handle, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", recorder
    finally:
        server.close()
        await server.wait_closed()


async def in_thread(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.to_thread(call, *args, **kwargs)


def streamed_text(litellm: ModuleType, **kwargs: Any) -> tuple[str, list[str | None]]:
    """The text of a streamed completion, and each chunk's finish reason."""
    parts: list[str] = []
    finishes: list[str | None] = []
    for chunk in litellm.completion(stream=True, **kwargs):
        parts.append(chunk.choices[0].delta.content or "")
        finishes.append(chunk.choices[0].finish_reason)
    return "".join(parts), finishes


async def test_litellm_ollama_provider_sync_streamed_and_generate(
    litellm: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ollama_agent_router.access")
    async with stack() as s, recorded(s.url) as (base, recorder):
        chat = await in_thread(
            litellm.completion, model="ollama_chat/auto", api_base=base, messages=HELLO
        )
        assert chat.choices[0].message.content
        assert chat.choices[0].finish_reason == "stop"
        assert chat.usage.completion_tokens > 0

        text, finishes = await in_thread(
            streamed_text, litellm, model="ollama_chat/auto", api_base=base, messages=HELLO
        )
        assert text
        assert finishes[-1] == "stop"

        generated = await in_thread(
            litellm.completion, model="ollama/auto", api_base=base, messages=HELLO
        )
        assert generated.choices[0].message.content

        text, finishes = await in_thread(
            streamed_text, litellm, model="ollama/auto", api_base=base, messages=HELLO
        )
        assert text
        assert finishes[-1] == "stop"

        # the async client (aiohttp) labels the body application/octet-stream
        answer = await litellm.acompletion(
            model="ollama_chat/auto", api_base=base, messages=HELLO, max_tokens=8
        )
        assert answer.choices[0].message.content

    chats, generates = recorder.requests_to("/api/chat"), recorder.requests_to("/api/generate")
    assert len(chats) == 3
    assert len(generates) == 2
    for headers in chats[:2] + generates:
        assert "content-type" not in headers, headers  # what made it a 415
        assert headers["user-agent"].startswith("litellm/")
        assert "origin" not in headers
    assert chats[2]["content-type"] == "application/octet-stream"

    lines = [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "ollama_agent_router.access"
    ]
    assert lines, "no request reached the router"
    assert {line["status"] for line in lines} == {200}, lines
    routed = [line for line in lines if line["path"] in ("/api/chat", "/api/generate")]
    assert len(routed) == 5
    assert {line["model"] for line in routed} == {VIBE}  # routed by the router (simple chat)
    assert [line["stream"] for line in routed] == [False, True, False, True, False]
