"""The Messages face on a running router: what it leaves out is named in the
``x-router-dropped-fields`` header and ``router.droppedFields``, with what the pipeline
left out; Claude Code 2.1's request shape is served, streamed or not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from support.stack import stack

PDF = {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0xLjQK"}
REQUEST: dict[str, Any] = {
    "model": "claude-opus-5-5",
    "max_tokens": 128000,
    "top_k": 5,
    "temperature": 1,
    "metadata": {"user_id": '{"device_id":"d","session_id":"s"}'},
    "thinking": {"type": "adaptive", "display": "omitted"},
    "output_config": {"effort": "medium"},
    "context_management": {"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]},
    "system": [{"type": "text", "text": "You are a CLI.", "cache_control": {"type": "ephemeral"}}],
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "document", "source": PDF, "title": "spec"},
                {"type": "text", "text": "hello there"},
            ],
        },
        {"role": "system", "content": [{"type": "text", "text": "# Environment\ncwd: /tmp"}]},
    ],
}
FACE_DROPS = ["messages.0.content.0", "top_k", "context_management"]


@pytest.mark.parametrize("streamed", [False, True])
async def test_dropped_fields_are_named(streamed: bool) -> None:
    async with (
        stack() as s,
        s.http.post(s.url + "/v1/messages", json={**REQUEST, "stream": streamed}) as response,
    ):
        text = await response.text()
        headers = response.headers
    assert response.status == 200, text
    named = headers["x-router-dropped-fields"].split(",")
    assert named[: len(FACE_DROPS)] == FACE_DROPS
    assert set(named[len(FACE_DROPS) :]) <= {"reasoning_effort"}  # a model that cannot think
    if streamed:
        assert "event: message_stop" in text
    else:
        body = json.loads(text)
        assert body["router"]["droppedFields"] == named
        assert body["content"][0]["type"] == "text"


async def test_nothing_dropped_no_header() -> None:
    plain = {"model": "auto", "max_tokens": 16, "messages": [{"role": "user", "content": "hi"}]}
    async with stack() as s:
        status, body, headers = await s.post("/v1/messages", plain)
    assert status == 200
    assert "x-router-dropped-fields" not in headers
    assert "droppedFields" not in body["router"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("temperature", -1), ("temperature", 1e308), ("top_p", -1), ("top_p", 1e308)],
)
async def test_sampling_out_of_range_is_a_400_naming_it(field: str, value: float) -> None:
    async with stack() as s:
        status, body, _ = await s.post("/v1/messages", {**REQUEST, field: value})
        served = s.sim.state["requests"]["byModel"]
    assert status == 400
    assert body["type"] == "error"
    assert body["error"]["type"] == "invalid_request_error"
    assert body["error"]["message"].startswith(f"{field}: ")
    assert served == {}
