"""Every face at the gateway: the same pipeline, the fleet as its backend."""

from __future__ import annotations

import json
from typing import Any

from support.fleet import QWEN, fleet

NODES = ("node-a", "node-b")


async def test_ollama_chat_sync_and_streamed() -> None:
    async with fleet(*NODES) as f:
        body = {"model": QWEN, "messages": [{"role": "user", "content": "fix it"}]}
        status, answer, headers = await f.post("/api/chat", {**body, "stream": False})
        assert status == 200, answer
        assert answer["message"]["content"]
        assert headers["x-router-node"] in NODES
        async with f.http.post(f.url + "/api/chat", json=body) as response:
            assert response.status == 200
            lines = [json.loads(line) for line in (await response.text()).splitlines() if line]
        assert lines[-1]["done"] is True
        assert any(line["message"]["content"] for line in lines[:-1])


async def test_ollama_generate_and_embed() -> None:
    async with fleet(*NODES) as f:
        status, answer, _ = await f.post(
            "/api/generate", {"model": "auto", "prompt": "say hi", "stream": False}
        )
        assert status == 200, answer
        assert answer["response"]
        status, answer, _ = await f.post("/api/embed", {"model": "auto", "input": "hello"})
        assert status in (200, 400), answer  # the gex44 fleet has no embedding model
        tags = await f.get("/api/tags")
        assert {"auto", QWEN} <= {entry["name"] for entry in tags["models"]}


async def test_openai_completions_and_models() -> None:
    async with fleet(*NODES) as f:
        status, answer, headers = await f.post(
            "/v1/completions", {"model": "auto", "prompt": "def add(a, b):"}
        )
        assert status == 200, answer
        assert answer["object"] == "text_completion"
        assert headers["x-router-node"] in NODES
        models = await f.get("/v1/models")
        names = {m["id"] for m in models["data"]}
        assert {"auto", QWEN} <= names


async def test_anthropic_messages() -> None:
    async with fleet(*NODES) as f:
        body: dict[str, Any] = {
            "model": "claude-sonnet-4-5",
            "max_tokens": 256,
            "messages": [{"role": "user", "content": "write a python function"}],
        }
        status, answer, headers = await f.post("/v1/messages", body)
        assert status == 200, answer
        assert answer["type"] == "message"
        assert answer["content"][0]["text"]
        assert headers["x-router-node"] in NODES
        async with f.http.post(f.url + "/v1/messages", json={**body, "stream": True}) as response:
            text = await response.text()
        assert "event: message_stop" in text


async def test_openai_responses() -> None:
    async with fleet(*NODES) as f:
        status, answer, headers = await f.post(
            "/v1/responses", {"model": "gpt-5", "input": "write a haiku about queues"}
        )
        assert status == 200, answer
        assert answer["object"] == "response"
        assert answer["status"] == "completed"
        assert headers["x-router-node"] in NODES


BAD_INPUTS = [
    ("/v1/chat/completions", {"model": "auto"}),
    (
        "/v1/chat/completions",
        {"model": "no-such-model", "messages": [{"role": "user", "content": "x"}]},
    ),
    ("/v1/chat/completions", {"model": "auto", "messages": [{"role": "bogus", "content": 1}]}),
    (
        "/v1/chat/completions",
        {"model": QWEN + "@node-a", "messages": [{"role": "user", "content": "x"}]},
    ),
    ("/v1/chat/completions", {"model": "auto", "messages": [], "router": {"mode": "nope"}}),
    ("/v1/completions", {"model": "auto"}),
    ("/v1/embeddings", {"model": "auto", "input": 5}),
    ("/v1/messages", {"model": "claude-x", "messages": "no"}),
    ("/v1/responses", {"model": "gpt-5", "input": 17}),
    ("/api/chat", {"model": "auto", "messages": "no"}),
    ("/api/generate", {"model": "auto"}),
    ("/api/show", {"model": "no-such-model"}),
    ("/v1/router/execute", {"selectedModel": QWEN, "request": {}}),
    ("/v1/router/jobs", {"selectedModel": QWEN, "request": {}}),
    ("/v1/router/route", {"messages": 3}),
]


async def test_bad_input_at_the_gateway_is_a_4xx_naming_the_field() -> None:
    async with fleet(*NODES) as f:
        for path, body in BAD_INPUTS:
            status, answer, _ = await f.post(path, body)
            assert 400 <= status < 500, (path, body, status, answer)
            error = answer["error"]
            message = error["message"] if isinstance(error, dict) else error
            assert message, (path, answer)
        jobs = await f.get("/v1/jobs/job_nobody_x")
        assert jobs["error"]["code"] == "job_not_found"
