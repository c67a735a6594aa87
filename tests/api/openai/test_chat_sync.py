"""Sync chat completions through a real router and simulator."""

from __future__ import annotations

from typing import Any

from support.stack import gex44_data, stack


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


async def test_plain_request_gets_a_completion_with_router_object() -> None:
    async with stack() as s:
        status, body, headers = await s.post("/v1/chat/completions", chat("hello there"))
    assert status == 200, body
    assert body["object"] == "chat.completion"
    router = body["router"]
    assert router["mode"] == "sync"
    assert router["taskType"] == "simple_chat"
    assert router["selectedModel"] == "B-A-M-N/vibethinker:1.5b"
    assert router["decisionReason"].startswith("Selected B-A-M-N/vibethinker:1.5b for simple_chat")
    assert headers["x-router-selected-model"] == "B-A-M-N/vibethinker:1.5b"
    assert body["model"] == "B-A-M-N/vibethinker:1.5b"


async def test_health_under_base_path() -> None:
    async with stack(gex44_data(**{"server.basePath": "/ollama-router"})) as s:
        status, body = await s.get("/health")
        assert status == 200
        assert body == {"status": "ok", "service": "ollama-agent-router"}
        assert s.url.endswith("/ollama-router")
