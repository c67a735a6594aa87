"""The Ollama client against the built-in simulator over a real socket."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from aiohttp import web

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.backend.ollama.errors import (
    OllamaHTTPError,
    OllamaStreamError,
    OllamaTimeout,
    OllamaUnavailable,
)
from ollama_agent_router.backend.ollama.native import NativeStreamTranslator, openai_to_native_chat
from ollama_agent_router.simulator import (
    FaultKind,
    SimulatorHandle,
    SimulatorSettings,
    run_simulator,
)

MODEL = "llama3.2:3b"
CHAT = {"model": MODEL, "messages": [{"role": "user", "content": "Say hello"}]}


@pytest.fixture
async def sim() -> AsyncIterator[SimulatorHandle]:
    async with run_simulator(SimulatorSettings(instant=True)) as handle:
        yield handle


@pytest.fixture
async def slow_sim() -> AsyncIterator[SimulatorHandle]:
    settings = replace(SimulatorSettings(), tokens_per_s=20.0, load_ms_per_gb=0.0)
    async with run_simulator(settings) as handle:
        yield handle


@pytest.fixture
async def client(sim: SimulatorHandle) -> AsyncIterator[OllamaClient]:
    async with OllamaClient(sim.base_url, timeout_ms=5000) as ollama:
        yield ollama


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_chat_and_metadata(client: OllamaClient, sim: SimulatorHandle) -> None:
    answer = await client.chat(CHAT)
    assert answer["object"] == "chat.completion"
    assert answer["choices"][0]["message"]["role"] == "assistant"
    assert answer["usage"]["total_tokens"] > 0
    assert await client.probe()
    assert (await client.version()) == sim.settings.version
    tags = await client.tags()
    assert MODEL in [m["name"] for m in tags["models"]]
    loaded = await client.ps()
    assert [m.name for m in loaded] == [MODEL]
    assert loaded[0].size > 0
    assert loaded[0].processor == "100% GPU"
    assert loaded[0].expires_at is not None


async def test_stream_relays_whole_sse_events(client: OllamaClient) -> None:
    events = [
        event
        async for event in client.chat_stream({**CHAT, "stream_options": {"include_usage": True}})
    ]
    assert events[-1] == b"data: [DONE]\n\n"
    assert all(event.startswith(b"data: ") and event.endswith(b"\n\n") for event in events)
    chunks = [json.loads(event[6:]) for event in events[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert text
    assert any("usage" in c and c["usage"] for c in chunks)


async def test_native_helpers(client: OllamaClient) -> None:
    body = openai_to_native_chat({**CHAT, "stream": True}, keep_alive="5m", num_ctx=4096)
    translator = NativeStreamTranslator(model=MODEL, include_usage=True)
    events: list[bytes] = []
    async for item in client.stream_native("/api/chat", body):
        events.extend(translator.feed(item))
    assert translator.finished
    assert events[-1] == b"data: [DONE]\n\n"
    single = await client.post_native("chat", {**body, "stream": False})
    assert single["done"] is True
    embedded = await client.embed({"model": "all-minilm:latest", "input": ["a", "b"]})
    assert len(embedded["embeddings"]) == 2


async def test_refused_connection_is_unavailable() -> None:
    async with OllamaClient(f"http://127.0.0.1:{_closed_port()}", timeout_ms=2000) as ollama:
        with pytest.raises(OllamaUnavailable) as info:
            await ollama.chat(CHAT)
        assert info.value.status_code == 503
        assert info.value.message == "ollama unreachable"
        with pytest.raises(OllamaUnavailable):
            await anext(aiter(ollama.chat_stream(CHAT)))
        assert not await ollama.probe()


async def test_connection_dropped_without_answer(
    client: OllamaClient, sim: SimulatorHandle
) -> None:
    sim.set_fault(FaultKind.REFUSE, times=2)
    with pytest.raises(OllamaUnavailable):
        await client.chat(CHAT)
    with pytest.raises(OllamaUnavailable):
        await anext(aiter(client.chat_stream(CHAT)))
    assert (await client.chat(CHAT))["choices"]


@pytest.mark.parametrize("status", [500, 503])
async def test_server_errors(client: OllamaClient, sim: SimulatorHandle, status: int) -> None:
    sim.set_fault(FaultKind.ERROR, status=status, times=2)
    with pytest.raises(OllamaHTTPError) as info:
        await client.chat(CHAT)
    assert info.value.upstream_status == status
    assert info.value.status_code == 502
    assert info.value.fallback_allowed
    assert "error was encountered" in info.value.body
    with pytest.raises(OllamaHTTPError):  # raised before the first event
        await anext(aiter(client.chat_stream(CHAT)))


async def test_model_not_found_is_recognisable(client: OllamaClient) -> None:
    with pytest.raises(OllamaHTTPError) as info:
        await client.chat({**CHAT, "model": "missing:1b"})
    assert info.value.upstream_status == 404
    assert info.value.is_model_not_found
    assert info.value.fallback_allowed
    with pytest.raises(OllamaHTTPError) as native:
        await client.post_native("chat", {**CHAT, "model": "missing:1b", "stream": False})
    assert native.value.is_model_not_found


async def test_bad_request_is_a_client_error(client: OllamaClient) -> None:
    with pytest.raises(OllamaHTTPError) as info:
        await client.chat({"model": MODEL, "messages": []})
    assert info.value.upstream_status == 400
    assert info.value.is_client_error
    assert not info.value.fallback_allowed


async def test_timeout(client: OllamaClient, sim: SimulatorHandle) -> None:
    sim.set_fault(FaultKind.HANG, times=2)
    with pytest.raises(OllamaTimeout) as info:
        await client.chat(CHAT, timeout_ms=200)
    assert info.value.status_code == 504
    with pytest.raises(OllamaTimeout):
        await anext(aiter(client.chat_stream(CHAT, timeout_ms=200)))


async def test_cut_stream_raises_after_the_events_it_sent(
    client: OllamaClient, sim: SimulatorHandle
) -> None:
    sim.set_fault(FaultKind.CUT, after_chunks=2, times=2)
    received: list[bytes] = []

    async def drain() -> None:
        async for event in client.chat_stream(CHAT):
            received.append(event)

    with pytest.raises(OllamaStreamError):
        await drain()
    assert received
    with pytest.raises(OllamaStreamError):
        async for _ in client.stream_native("chat", {**CHAT, "stream": True}):
            pass


async def _aborted(sim: SimulatorHandle) -> int:
    for _ in range(100):
        state: dict[str, Any] = sim.state
        if state["aborted"]:
            return int(state["aborted"])
        await asyncio.sleep(0.02)
    return int(sim.state["aborted"])


async def test_cancelling_a_chat_aborts_the_upstream_request(slow_sim: SimulatorHandle) -> None:
    async with OllamaClient(slow_sim.base_url, timeout_ms=30000) as ollama:
        task = asyncio.create_task(ollama.chat({**CHAT, "max_tokens": 400}))
        for _ in range(200):
            if slow_sim.state["inFlight"]:
                break
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await _aborted(slow_sim) == 1


async def test_abandoning_a_stream_aborts_the_upstream_request(slow_sim: SimulatorHandle) -> None:
    async with OllamaClient(slow_sim.base_url, timeout_ms=30000) as ollama:
        stream = ollama.chat_stream({**CHAT, "max_tokens": 400})
        first = await anext(stream)
        assert first.startswith(b"data: ")
        await stream.aclose()  # what happens when the consuming task is cancelled
        assert await _aborted(slow_sim) == 1


async def test_cancelling_a_stream_consumer_aborts_upstream(slow_sim: SimulatorHandle) -> None:
    async with OllamaClient(slow_sim.base_url, timeout_ms=30000) as ollama:
        got_first = asyncio.Event()

        async def consume() -> None:
            async for _ in ollama.chat_stream({**CHAT, "max_tokens": 400}):
                got_first.set()

        task = asyncio.create_task(consume())
        await asyncio.wait_for(got_first.wait(), 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await _aborted(slow_sim) == 1


async def test_pool_is_reused_and_concurrent_calls_work(client: OllamaClient) -> None:
    results = await asyncio.gather(*(client.chat(CHAT) for _ in range(32)))
    assert len(results) == 32
    assert all(r["choices"] for r in results)


def test_native_url_joins_paths() -> None:
    ollama = OllamaClient("http://h:1/", timeout_ms=1, native_base_path="/api")
    assert ollama.native_url("chat") == "http://h:1/api/chat"
    assert ollama.native_url("/api/chat") == "http://h:1/api/chat"
    assert ollama.native_url("/show") == "http://h:1/api/show"


async def test_chat_raw_returns_the_upstream_bytes(client: OllamaClient) -> None:
    raw = await client.chat_raw(CHAT)
    assert json.loads(raw)["object"] == "chat.completion"


async def test_an_error_keeps_ollamas_retry_after() -> None:
    """Ollama's 503 when its queue is full (server/sched.go ErrMaxQueue); a Retry-After
    it sends (a proxy in front, a cloud model's 429) is kept for the client."""

    async def busy(_: web.Request) -> web.Response:
        return web.json_response(
            {"error": "server busy, please try again.  maximum pending requests exceeded"},
            status=503,
            headers={"Retry-After": "5"},
        )

    app = web.Application()
    app.router.add_post("/v1/chat/completions", busy)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with OllamaClient(f"http://127.0.0.1:{port}", timeout_ms=2000) as ollama:
            with pytest.raises(OllamaHTTPError) as info:
                await ollama.chat(CHAT)
    finally:
        await runner.cleanup()
    assert info.value.upstream_status == 503
    assert info.value.is_busy
    assert info.value.retry_after == "5"
