"""The Ollama-native face (``/api/*``) through a real router and simulator, driven by
the official ``ollama`` package and by raw HTTP for the wire details."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import ollama
import pytest

from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator import SimulatorSettings
from ollama_agent_router.simulator.settings import models_from_config, parse_model_flag
from support.stack import Stack, gex44_data, stack

QWEN = "qwen2.5-coder:7b"
VIBE = "B-A-M-N/vibethinker:1.5b"
DEEPSEEK = "deepseek-coder:6.7b"
GPT = "gpt-oss:20b"
CODE = "Please fix this python function, the test is failing:\n```\ndef f(): return 1\n```"


@asynccontextmanager
async def with_client(
    data: dict[str, Any] | None = None,
) -> AsyncIterator[tuple[Stack, ollama.AsyncClient]]:
    """A router and simulator, and the official client pointed at the router."""
    async with stack(data) as s, ollama.AsyncClient(host=s.url) as client:
        yield s, client


def by_model(s: Stack) -> dict[str, int]:
    return dict(s.sim.state["requests"]["byModel"])


async def ndjson(s: Stack, path: str, body: dict[str, Any]) -> tuple[int, str, list[Any]]:
    async with s.http.post(s.url + path, json=body) as response:
        text = await response.text()
        kind = response.headers.get("content-type", "")
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        return response.status, kind, lines


async def test_official_client_lists_chats_and_streams_with_auto() -> None:
    async with with_client() as (s, client):
        listed = await client.list()
        names = [m.model for m in listed.models]
        assert names[0] == "auto"
        assert set(names[1:]) == {VIBE, QWEN, DEEPSEEK, GPT}

        answer = await client.chat(model="auto", messages=[{"role": "user", "content": "hello"}])
        assert answer.model == VIBE  # the router's choice for small talk
        assert answer.message.content
        assert answer.done
        assert by_model(s) == {VIBE: 1}

        parts = []
        models = set()
        stream = await client.chat(
            model="auto", messages=[{"role": "user", "content": CODE}], stream=True
        )
        async for chunk in stream:
            parts.append(chunk.message.content or "")
            models.add(chunk.model)
            last = chunk
        assert models == {QWEN}  # code_fix routes to qwen first
        assert last.done
        assert last.eval_count
        assert "".join(parts)
        assert by_model(s) == {VIBE: 1, QWEN: 1}


async def test_official_client_generate_embed_show_ps_under_base_path() -> None:
    async with with_client(gex44_data(**{"server.basePath": "/ollama-router"})) as (_s, client):
        generated = await client.generate(model="auto", prompt="hello there")
        assert generated.model == VIBE
        assert generated.response
        pieces = [
            c
            async for c in await client.generate(model="auto:code_review", prompt="x", stream=True)
        ]
        assert {c.model for c in pieces} == {DEEPSEEK}
        assert pieces[-1].done

        embedded = await client.embed(model=QWEN, input=["one", "two"])
        assert len(embedded.embeddings) == 2

        shown = await client.show(QWEN)
        assert shown.capabilities
        shown_auto = await client.show("auto")
        assert shown_auto.details is not None
        assert shown_auto.details.family == "router"

        loaded = await client.ps()
        # qwen, loaded last for the embedding; at 32768 tokens of context deepseek's
        # 12 GiB cache leaves no room for all three on the 20 GiB card
        assert QWEN in {m.model for m in loaded.models}
        assert all(m.model != "auto" for m in loaded.models)


async def test_pinned_model_and_native_options_pass_through() -> None:
    async with with_client() as (s, client):
        tools = [
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "weather for a city",
                    "parameters": {
                        "type": "object",
                        "properties": {"city": {"type": "string"}},
                        "required": ["city"],
                    },
                },
            }
        ]
        answer = await client.chat(
            model=GPT,
            messages=[{"role": "user", "content": "hello"}],
            options={"num_ctx": 2048, "temperature": 0.1},
            keep_alive="17m",
            tools=tools,
            think=False,
        )
        assert answer.model == GPT
        assert answer.message.tool_calls
        assert answer.message.tool_calls[0].function.name == "get_weather"
        state = s.sim.state
        schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
        shaped = await client.chat(
            model=GPT, messages=[{"role": "user", "content": "a number"}], format=schema
        )
        assert isinstance(json.loads(shaped.message.content or "")["n"], int)
        assert by_model(s) == {GPT: 2}
    [loaded] = [m for m in state["loaded"] if m["name"].startswith("gpt-oss")]
    # a num_ctx within the model's real context becomes the router's own (none in the
    # openai dialect: the server's OLLAMA_CONTEXT_LENGTH), so Ollama does not reload it
    assert loaded["context_length"] == 32768
    assert 16 * 60 < loaded["keepAliveS"] <= 17 * 60


async def test_streaming_is_the_default_and_json_when_asked() -> None:
    async with stack() as s:
        body = {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}
        status, kind, lines = await ndjson(s, "/api/chat", body)
        assert status == 200
        assert kind.startswith("application/x-ndjson")
        assert len(lines) > 1
        assert lines[-1]["done"] is True
        assert all(line["model"] == VIBE for line in lines)

        status, kind, lines = await ndjson(s, "/api/generate", {"model": "auto", "prompt": "hi"})
        assert (status, kind.startswith("application/x-ndjson")) == (200, True)
        assert "response" in lines[0]

        status, answer, headers = await s.post("/api/chat", {**body, "stream": False})
        assert status == 200
        assert answer["message"]["role"] == "assistant"
        assert answer["done_reason"] == "stop"
        assert headers["x-router-selected-model"] == VIBE
        assert headers["x-router-task-type"] == "simple_chat"


async def test_preload_and_unload_of_a_pinned_model() -> None:
    async with stack() as s:
        status, answer, _ = await s.post("/api/generate", {"model": QWEN})
        assert (status, answer["done_reason"]) == (200, "load")
        status, answer, _ = await s.post(
            "/api/chat", {"model": QWEN, "messages": [], "keep_alive": 0}
        )
        assert (status, answer["done_reason"]) == (200, "unload")


async def test_fallback_before_the_first_byte() -> None:
    async with stack() as s:
        s.sim.set_fault("500", model=VIBE, times=2)
        status, answer, _headers = await s.post(
            "/api/chat",
            {"model": "auto", "messages": [{"role": "user", "content": "hi"}], "stream": False},
        )
        assert status == 200, answer
        assert answer["model"] == QWEN
        status, _kind, lines = await ndjson(
            s, "/api/chat", {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}
        )
        assert status == 200
        assert {line["model"] for line in lines} == {QWEN}


@pytest.mark.parametrize(
    ("path", "body", "status", "text"),
    [
        (
            "/api/chat",
            {"model": "llama9", "messages": [{"role": "user", "content": "x"}]},
            404,
            "not found",
        ),
        ("/api/generate", {"model": "nope", "prompt": "x"}, 404, "model 'nope' not found"),
        ("/api/chat", {"model": "auto", "messages": "hi"}, 400, "messages"),
        ("/api/generate", {"model": "auto", "prompt": ""}, 400, "prompt"),
        ("/api/embed", {"model": "auto", "input": "x"}, 400, "embedding"),
        ("/api/show", {"model": "llama9"}, 404, "not found"),
        (
            "/api/chat",
            {
                "model": "auto",
                "messages": [{"role": "user", "content": "x"}],
                "router": {"priority": "max"},
            },
            400,
            "router.priority",
        ),
    ],
)
async def test_errors_in_native_form(path: str, body: Any, status: int, text: str) -> None:
    async with stack() as s:
        got, answer, _ = await s.post(path, body)
    assert got == status, answer
    assert set(answer) == {"error"}
    assert isinstance(answer["error"], str)
    assert text in answer["error"]


async def test_upstream_errors_in_native_form() -> None:
    async with stack() as s:
        s.sim.set_fault("error", status=400, model=QWEN, times=1)
        status, answer, _ = await s.post(
            "/api/chat",
            {"model": QWEN, "messages": [{"role": "user", "content": "x"}], "stream": False},
        )
        assert status == 400
        assert set(answer) == {"error"}

        async with s.http.post(
            s.url + "/api/chat", data=b"{not json", headers={"content-type": "application/json"}
        ) as response:
            assert response.status == 400
            assert "error" in await response.json()

        s.sim.set_fault("cut", after_chunks=2, model=QWEN, times=1)
        status, _, lines = await ndjson(
            s, "/api/chat", {"model": QWEN, "messages": [{"role": "user", "content": "tell me"}]}
        )
        assert status == 200
        assert "error" in lines[-1]
        assert all("error" not in line for line in lines[:-1])

        s.sim.pause_listening()
        for path in ("/api/tags", "/api/ps", "/api/version"):
            got, answer = await s.get(path)
            assert got == 503, (path, answer)
            assert "unreachable" in answer["error"]
        status, answer, _ = await s.post(
            "/api/chat", {"model": "auto", "messages": [{"role": "user", "content": "x"}]}
        )
        assert status == 503
        assert "unreachable" in answer["error"]
        s.sim.resume_listening()


async def test_tags_and_ps_list_only_configured_models_the_upstream_has() -> None:
    data = gex44_data()
    served = models_from_config(parse_config(data))
    # Ollama lacks deepseek and has an unconfigured model: neither is listed.
    models = (*(m for m in served if m.name != DEEPSEEK), parse_model_flag("llama3.2:3b=2"))
    async with stack(data, sim_settings=SimulatorSettings(models=models, instant=True)) as s:
        status, tags = await s.get("/api/tags")
        _, version = await s.get("/api/version")
        await s.post("/api/generate", {"model": "llama3.2:3b", "prompt": "x"})  # 404, not run
        async with ollama.AsyncClient(host=s.sim.base_url) as direct:
            await direct.generate(model="llama3.2:3b", prompt="load me")
            await direct.generate(model=QWEN, prompt="load me too")
        _, ps = await s.get("/api/ps")
    assert status == 200
    names = [m["name"] for m in tags["models"]]
    assert names[0] == "auto"
    assert sorted(names[1:]) == sorted([VIBE, QWEN, GPT])
    auto = tags["models"][0]
    assert auto["details"]["family"] == "router"
    assert len(auto["digest"]) == 64
    assert [m["name"] for m in ps["models"]] == [QWEN]
    assert "size_vram" in ps["models"][0]
    assert version == {"version": s.sim.settings.version}
