"""Streaming chat completions: relay, headers, errors, disconnects."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.stack import gex44_data, stack
from support.waiting import until

VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"
DEEPSEEK = "deepseek-coder:6.7b"


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "model": "auto",
        "messages": [{"role": "user", "content": text}],
        "stream": True,
        **extra,
    }


async def read_events(response: aiohttp.ClientResponse) -> list[str]:
    raw = (await response.read()).decode()
    return [line[6:] for line in raw.split("\n") if line.startswith("data: ")]


async def test_stream_relays_sse_with_decision_headers_and_usage() -> None:
    async with stack() as s:
        body = chat("hello there", stream_options={"include_usage": True})
        async with s.http.post(s.url + "/v1/chat/completions", json=body) as response:
            assert response.status == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["x-router-selected-model"] == VIBE
            assert response.headers["x-router-task-type"] == "simple_chat"
            assert "Selected" in response.headers["x-router-decision-reason"]
            assert float(response.headers["x-router-queue-time-ms"]) >= 0
            events = await read_events(response)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[-1]["usage"]["completion_tokens"] > 0
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert text


async def test_stream_is_never_turned_into_a_job() -> None:
    async with stack() as s:
        body = chat("hello", router={"mode": "async"})
        async with s.http.post(s.url + "/v1/chat/completions", json=body) as response:
            assert response.status == 200
            events = await read_events(response)
    assert events[-1] == "[DONE]"


async def test_error_before_first_byte_falls_back_then_is_a_normal_http_error() -> None:
    async with stack() as s:
        s.sim.set_fault("500", model=QWEN)
        body = chat("x", router={"taskType": "code_fix"})
        async with s.http.post(s.url + "/v1/chat/completions", json=body) as response:
            assert response.status == 200
            assert response.headers["x-router-selected-model"] == DEEPSEEK
            await response.read()
        s.sim.set_fault("500")
        async with s.http.post(s.url + "/v1/chat/completions", json=body) as response:
            assert response.status == 502
            error = await response.json()
    assert error["error"]["type"] == "upstream_error"


async def test_mid_stream_failure_ends_with_an_error_event() -> None:
    async with stack() as s:
        s.sim.set_fault("cut=2")
        async with s.http.post(s.url + "/v1/chat/completions", json=chat("hi")) as response:
            assert response.status == 200
            events = await read_events(response)
    assert "[DONE]" not in events
    assert "error" in json.loads(events[-1])


async def test_disconnecting_stream_client_frees_its_slot_and_aborts_upstream() -> None:
    data = gex44_data(**{"queue.globalMaxConcurrent": 1})
    models = models_from_config(parse_config(data))
    settings = SimulatorSettings(models=models, load_ms_per_gb=0, tokens_per_s=10)
    async with stack(data, sim_settings=settings) as s:
        response = await s.http.post(s.url + "/v1/chat/completions", json=chat("tell me a story"))
        assert response.status == 200
        await response.content.readany()
        response.close()  # the client goes away mid-stream
        await until(lambda: s.sim.state["aborted"] >= 1, within_s=3, what="no upstream abort")
        status, _, _ = await s.post(
            "/v1/chat/completions",
            {"model": "auto", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 3},
        )
        assert status == 200  # the only global slot was released


async def test_disconnecting_sync_client_aborts_upstream() -> None:
    data = gex44_data()
    models = models_from_config(parse_config(data))
    settings = SimulatorSettings(models=models, load_ms_per_gb=0, tokens_per_s=5)
    async with stack(data, sim_settings=settings) as s:
        body = {"model": "auto", "messages": [{"role": "user", "content": "hello"}]}
        task = asyncio.create_task(s.post("/v1/chat/completions", body))
        await until(lambda: s.sim.state["inFlight"] >= 1, what="the answer never started")
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await until(lambda: s.sim.state["aborted"] >= 1, within_s=3, what="no upstream abort")
        status, _snapshot = await s.get("/health")
        assert status == 200


async def test_a_relay_whose_headers_cannot_be_sent_still_finishes_its_stream() -> None:
    """When sending the status line fails the body never starts; the response still
    closes the upstream stream and frees the slot (``finish`` runs exactly then)."""
    from ollama_agent_router.api.serving.relay import RelayResponse

    started: list[bool] = []
    finished: list[bool] = []

    async def body() -> Any:
        started.append(True)
        yield b"never"

    async def finish() -> None:
        finished.append(True)

    async def send(message: Any) -> None:
        raise OSError("client went away")

    async def receive() -> Any:
        await asyncio.sleep(3600)

    response = RelayResponse(body(), finish=finish, media_type="text/plain", headers={})
    scope = {"type": "http", "asgi": {"spec_version": "2.4"}}
    from starlette.requests import ClientDisconnect

    with pytest.raises((OSError, ClientDisconnect)):
        await response(scope, receive, send)
    assert finished == [True]
    assert started == []
