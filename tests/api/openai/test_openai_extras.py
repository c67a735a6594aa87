"""``POST /v1/embeddings`` and ``POST /v1/completions`` through a real router and
simulator: routed and pinned, OpenAI shapes, OpenAI error shapes."""

from __future__ import annotations

import base64
import json
import struct
from typing import Any

import pytest

from support.stack import Stack, gex44_data, stack

VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"
GPT = "gpt-oss:20b"
MINILM = "all-minilm:latest"


def with_embedder(**changes: Any) -> dict[str, Any]:
    data = gex44_data(**changes)
    data["models"].append(
        {"name": MINILM, "sizeGb": 0.1, "purpose": ["embedding"], "maxConcurrent": 2}
    )
    return data


def loaded(s: Stack, prefix: str) -> dict[str, Any]:
    [entry] = [m for m in s.sim.state["loaded"] if m["name"].startswith(prefix)]
    return dict(entry)


async def test_embeddings_pinned_and_routed() -> None:
    async with stack(with_embedder()) as s:
        status, pinned, headers = await s.post(
            "/v1/embeddings", {"model": QWEN, "input": ["one", "two"]}
        )
        assert status == 200, pinned
        assert headers["x-router-selected-model"] == QWEN
        status, routed, _ = await s.post("/v1/embeddings", {"model": "auto", "input": "three"})
        assert status == 200, routed
        status, encoded, _ = await s.post(
            "/v1/embeddings", {"model": MINILM, "input": "three", "encoding_format": "base64"}
        )
        by_model = s.sim.state["requests"]["byModel"]
    assert pinned["object"] == "list"
    assert pinned["model"] == QWEN
    assert [d["index"] for d in pinned["data"]] == [0, 1]
    assert all(d["object"] == "embedding" for d in pinned["data"])
    vector = pinned["data"][0]["embedding"]
    assert vector
    assert all(isinstance(x, float) for x in vector)
    assert pinned["usage"]["prompt_tokens"] == pinned["usage"]["total_tokens"] > 0
    assert pinned["router"]["selectedModel"] == QWEN
    assert routed["model"] == MINILM  # auto picks a model whose purpose is embedding
    raw = base64.b64decode(encoded["data"][0]["embedding"])
    floats = struct.unpack(f"<{len(raw) // 4}f", raw)
    assert floats == pytest.approx(routed["data"][0]["embedding"], rel=1e-6)
    assert by_model == {QWEN: 1, MINILM: 2}


@pytest.mark.parametrize(
    ("path", "body", "status", "param"),
    [
        ("/v1/embeddings", {"model": "auto", "input": "x"}, 400, "model"),
        ("/v1/embeddings", {"model": QWEN, "input": [1, 2]}, 400, "input"),
        ("/v1/embeddings", {"model": QWEN, "input": "x", "encoding_format": "hex"}, 400, None),
        ("/v1/embeddings", {"model": "llama9", "input": "x"}, 404, "model"),
        ("/v1/completions", {"model": "llama9", "prompt": "x"}, 404, "model"),
        ("/v1/completions", {"model": "auto", "prompt": ""}, 400, "prompt"),
        ("/v1/completions", {"model": "auto", "prompt": 3}, 400, "prompt"),
        (
            "/v1/completions",
            {"model": "auto", "prompt": "x", "router": {"mode": "async"}},
            400,
            "router.mode",
        ),
    ],
)
async def test_errors_keep_the_openai_shape(
    path: str, body: dict[str, Any], status: int, param: str | None
) -> None:
    async with stack() as s:
        got, answer, _ = await s.post(path, body)
    assert got == status, answer
    error = answer["error"]
    assert set(error) >= {"message", "type", "code"}
    if param is not None:
        assert error["param"] == param
    if status == 404:
        assert error["code"] == "model_not_found"


async def test_completion_routed_with_usage_router_object_and_keep_alive() -> None:
    prompt = "Write a python function that parses a date string"
    async with stack(gex44_data(**{"ollama.keepAlive": "9m"})) as s:
        status, body, headers = await s.post(
            "/v1/completions", {"model": "auto", "prompt": prompt, "max_tokens": 8}
        )
        qwen = loaded(s, "qwen2.5-coder")
    assert status == 200, body
    assert body["object"] == "text_completion"
    assert body["id"].startswith("cmpl-")
    assert body["model"] == QWEN  # code_generate routes to qwen
    [choice] = body["choices"]
    assert choice["index"] == 0
    assert choice["text"]
    assert choice["finish_reason"] in ("stop", "length")
    assert 0 < body["usage"]["completion_tokens"] <= 8
    assert body["router"]["taskType"] == "code_generate"
    assert headers["x-router-selected-model"] == QWEN
    assert 8 * 60 < qwen["keepAliveS"] <= 9 * 60


async def test_completion_stream_with_usage() -> None:
    body = {
        "model": GPT,
        "prompt": "hello",
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    async with (
        stack() as s,
        s.http.post(s.url + "/v1/completions", json=body) as response,
    ):
        text = await response.text()
        assert response.headers["x-router-selected-model"] == GPT
    assert response.status == 200
    events = [e[6:] for e in text.split("\n\n") if e.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert {c["object"] for c in chunks} == {"text_completion"}
    assert {c["model"] for c in chunks} == {GPT}
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["completion_tokens"] > 0
    assert "".join(c["choices"][0]["text"] for c in chunks if c["choices"])


async def test_completion_in_native_mode_sends_the_models_one_context() -> None:
    async with stack(gex44_data(**{"ollama.api": "native"})) as s:
        status, body, _ = await s.post("/v1/completions", {"model": VIBE, "prompt": "hi"})
        vibe = loaded(s, "B-A-M-N/vibethinker")
    assert status == 200, body
    assert vibe["context_length"] == 8192  # maxContext, as chat sends it
