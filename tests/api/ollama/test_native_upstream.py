"""``ollama.api: native``: OpenAI chat through the router reaches Ollama's ``/api/chat``
with the configured keep-alive and the model's one stable ``num_ctx``, and comes back in
OpenAI shapes (checked against the simulator, whose ``/api/ps`` reports the context)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from support.stack import Stack, gex44_data, stack

VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"


def native_data(**changes: Any) -> dict[str, Any]:
    return gex44_data(**{"ollama.api": "native", "ollama.keepAlive": "7m", **changes})


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


def loaded(s: Stack, prefix: str) -> dict[str, Any]:
    [entry] = [m for m in s.sim.state["loaded"] if m["name"].startswith(prefix)]
    return dict(entry)


async def test_sync_chat_goes_native_with_keep_alive_and_default_context() -> None:
    async with stack(native_data()) as s:
        status, body, headers = await s.post("/v1/chat/completions", chat("hello there"))
        endpoints = s.sim.state["requests"]["byEndpoint"]
        vibe = loaded(s, "B-A-M-N/vibethinker")
    assert status == 200, body
    assert endpoints.get("/api/chat") == 1
    assert "/v1/chat/completions" not in endpoints
    assert body["object"] == "chat.completion"
    assert body["model"] == VIBE
    assert body["choices"][0]["message"]["role"] == "assistant"
    assert body["choices"][0]["message"]["content"]
    assert body["choices"][0]["finish_reason"] == "stop"
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0
    assert body["router"]["selectedModel"] == VIBE
    assert headers["x-router-selected-model"] == VIBE
    assert vibe["context_length"] == 8192  # maxContext of vibethinker
    assert 6 * 60 < vibe["keepAliveS"] <= 7 * 60


async def test_short_and_long_prompts_share_one_context_so_nothing_reloads() -> None:
    """Ollama reloads a model for any other num_ctx (sched.go needsReload): the router
    sends the same one for a short and a long prompt."""
    long_text = "word " * 4000  # ~5000 tokens
    async with stack(native_data()) as s:
        for text in ("hi", long_text, "hi again"):
            status, body, _ = await s.post(
                "/v1/chat/completions",
                chat(text, router={"taskType": "simple_chat"}, max_tokens=16),
            )
            assert status == 200, body
        vibe = loaded(s, "B-A-M-N/vibethinker")
        loads = s.sim.state["loadsByModel"]
    assert vibe["context_length"] == 8192
    assert loads[VIBE] == 1


async def test_stream_translates_to_openai_sse_with_usage() -> None:
    body = chat("hello", stream=True, stream_options={"include_usage": True})
    async with (
        stack(native_data()) as s,
        s.http.post(s.url + "/v1/chat/completions", json=body) as response,
    ):
        text = await response.text()
        headers = response.headers
    assert response.status == 200
    assert headers["content-type"].startswith("text/event-stream")
    assert headers["x-router-selected-model"] == VIBE
    events = [e[6:] for e in text.split("\n\n") if e.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert {c["model"] for c in chunks} == {VIBE}
    finish = [c for c in chunks if c["choices"] and c["choices"][0]["finish_reason"]]
    assert [c["choices"][0]["finish_reason"] for c in finish] == ["stop"]
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["completion_tokens"] > 0
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert content


async def test_tool_calls_come_back_in_openai_form() -> None:
    tools = [
        {
            "type": "function",
            "function": {
                "name": "set_temperature",
                "parameters": {
                    "type": "object",
                    "properties": {"celsius": {"type": "number"}},
                    "required": ["celsius"],
                },
            },
        }
    ]
    async with stack(native_data()) as s:
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("it's freezing in here", tools=tools)
        )
    assert status == 200, body
    choice = body["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    [call] = choice["message"]["tool_calls"]
    assert call["type"] == "function"
    assert call["function"]["name"] == "set_temperature"
    assert isinstance(json.loads(call["function"]["arguments"])["celsius"], int | float)


async def test_async_job_and_bad_image_url_in_native_mode() -> None:
    data = native_data()
    [qwen] = [m for m in data["models"] if m["name"] == QWEN]
    qwen["capabilities"] = ["completion", "tools", "vision"]  # else routing refuses the image
    async with stack(data) as s:
        status, accepted, _ = await s.post(
            "/v1/chat/completions", chat("hello", router={"mode": "async"})
        )
        assert status == 202, accepted
        for _ in range(100):
            status, result = await s.get(f"/v1/jobs/{accepted['id']}/result")
            if status == 200:
                break
            await asyncio.sleep(0.02)
        assert status == 200
        assert result["object"] == "chat.completion"
        assert result["router"]["jobId"] == accepted["id"]
        image = {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}
        status, body, _ = await s.post(
            "/v1/chat/completions",
            {"model": QWEN, "messages": [{"role": "user", "content": [image]}]},
        )
    assert status == 400
    assert body["error"]["param"] == "messages[0].content"
