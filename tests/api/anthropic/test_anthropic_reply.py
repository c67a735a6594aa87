"""OpenAI answers → Anthropic messages, events and errors: tables, no server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from ollama_agent_router.api.anthropic.handlers import anthropic_error
from ollama_agent_router.api.anthropic.reply import (
    MessageStream,
    error_body,
    error_event,
    message_of,
    sse,
    stop_reason,
)
from ollama_agent_router.errors import QueueFullError, RouterError


def completion(message: dict[str, Any], finish: str, usage: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
    }
    if usage is not None:
        out["usage"] = usage
    return out


USAGE = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
CALL = {
    "id": "call_1",
    "type": "function",
    "function": {"name": "weather", "arguments": '{"city": "Paris"}'},
}


def test_a_text_answer() -> None:
    answer = completion({"role": "assistant", "content": "Hello."}, "stop", USAGE)
    assert message_of(answer, message_id="msg_1", model="m") == {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "m",
        "content": [{"type": "text", "text": "Hello."}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 11,
            "output_tokens": 7,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    }


def test_a_tool_call_answer() -> None:
    answer = completion(
        {"role": "assistant", "content": "Checking.", "tool_calls": [CALL]}, "tool_calls"
    )
    message = message_of(answer, message_id="msg_1", model="m")
    assert message["content"] == [
        {"type": "text", "text": "Checking."},
        {"type": "tool_use", "id": "call_1", "name": "weather", "input": {"city": "Paris"}},
    ]
    assert message["stop_reason"] == "tool_use"
    assert message["usage"]["input_tokens"] == 0  # no usage from the backend


def test_tool_arguments_that_are_not_an_object_are_a_502() -> None:
    bad = {**CALL, "function": {"name": "weather", "arguments": "[1, 2"}}
    with pytest.raises(RouterError) as raised:
        message_of(
            completion({"role": "assistant", "tool_calls": [bad]}, "tool_calls"),
            message_id="m",
            model="m",
        )
    assert raised.value.status == 502


@pytest.mark.parametrize(
    ("finish", "tools", "reason"),
    [
        ("stop", False, "end_turn"),
        ("length", False, "max_tokens"),
        ("length", True, "max_tokens"),
        ("tool_calls", True, "tool_use"),
        ("stop", True, "tool_use"),  # Ollama says stop with a tool call
        ("content_filter", False, "refusal"),
        (None, False, "end_turn"),
        ("weird", False, "end_turn"),
    ],
)
def test_stop_reasons(finish: Any, tools: bool, reason: str) -> None:
    assert stop_reason(finish, tool_calls=tools) == reason


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, "invalid_request_error"),
        (401, "authentication_error"),
        (403, "permission_error"),
        (404, "not_found_error"),
        (413, "request_too_large"),
        (422, "invalid_request_error"),
        (429, "rate_limit_error"),
        (500, "api_error"),
        (502, "api_error"),
        (503, "overloaded_error"),
        (504, "timeout_error"),
        (529, "overloaded_error"),
    ],
)
def test_error_types_by_status(status: int, kind: str) -> None:
    assert error_body(status, "why") == {"type": "error", "error": {"type": kind, "message": "why"}}


def test_error_event() -> None:
    event = error_event(QueueFullError("busy", status=503, code="queue_full"))
    assert event == (
        b'event: error\ndata: {"type":"error","error":'
        b'{"type":"overloaded_error","message":"busy"}}\n\n'
    )
    assert b'"type":"api_error"' in error_event(ConnectionError("reset"))


def chunk(delta: dict[str, Any] | None = None, finish: str | None = None) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    return {"object": "chat.completion.chunk", "choices": choices}


def run(chunks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    machine = MessageStream(message_id="msg_1", model="m", input_estimate=5)
    events = [e for c in chunks for e in machine.feed(c)]
    return events + machine.finish()


def kinds(events: list[dict[str, Any]]) -> list[str]:
    out = []
    for event in events:
        kind = event["type"]
        if kind == "content_block_delta":
            kind += ":" + event["delta"]["type"]
        elif kind == "content_block_start":
            kind += ":" + event["content_block"]["type"]
        out.append(kind)
    return out


def test_a_text_stream() -> None:
    events = run(
        [
            chunk({"role": "assistant", "content": "Hel"}),
            chunk({"content": "lo"}),
            chunk({"content": ""}),
            chunk({}, "stop"),
            {"choices": [], "usage": USAGE},
        ]
    )
    assert kinds(events) == [
        "message_start",
        "ping",
        "content_block_start:text",
        "content_block_delta:text_delta",
        "content_block_delta:text_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    start = events[0]["message"]
    assert start["content"] == []
    assert start["stop_reason"] is None
    assert start["usage"]["input_tokens"] == 5
    assert start["usage"]["output_tokens"] == 0
    assert [e["delta"]["text"] for e in events if e["type"] == "content_block_delta"] == [
        "Hel",
        "lo",
    ]
    assert events[-2] == {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"input_tokens": 11, "output_tokens": 7},
    }


def test_text_then_tool_calls_in_pieces_and_whole() -> None:
    events = run(
        [
            chunk({"role": "assistant", "content": "Let me look."}),
            chunk(
                {
                    "tool_calls": [
                        {"index": 0, "id": "call_a", "function": {"name": "f", "arguments": ""}}
                    ]
                }
            ),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"x": '}}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": "1}"}}]}),
            # Ollama: each chunk's calls numbered from 0, whole arguments, a new id
            chunk({"tool_calls": [{"index": 0, "id": "call_b", **CALL_B}]}),
            chunk({}, "tool_calls"),
        ]
    )
    assert kinds(events) == [
        "message_start",
        "ping",
        "content_block_start:text",
        "content_block_delta:text_delta",
        "content_block_stop",
        "content_block_start:tool_use",
        "content_block_delta:input_json_delta",
        "content_block_delta:input_json_delta",
        "content_block_stop",
        "content_block_start:tool_use",
        "content_block_delta:input_json_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    starts = [e for e in events if e["type"] == "content_block_start"]
    assert [s["index"] for s in starts] == [0, 1, 2]
    assert starts[1]["content_block"] == {
        "type": "tool_use",
        "id": "call_a",
        "name": "f",
        "input": {},
    }
    pieces = [e["delta"]["partial_json"] for e in events if e.get("index") == 1 and "delta" in e]
    assert json.loads("".join(pieces)) == {"x": 1}
    assert events[-2]["delta"]["stop_reason"] == "tool_use"


CALL_B = {"function": {"name": "g", "arguments": {"y": 2}}}


def test_an_interleaved_tool_call_is_refused() -> None:
    machine = MessageStream(message_id="m", model="m", input_estimate=0)
    machine.feed(chunk({"tool_calls": [{"index": 0, "id": "a", "function": {"name": "f"}}]}))
    machine.feed(chunk({"tool_calls": [{"index": 1, "id": "b", "function": {"name": "g"}}]}))
    with pytest.raises(RouterError):
        machine.feed(chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}))


def test_a_cut_stream_raises_so_the_relay_ends_it_with_an_error_event() -> None:
    machine = MessageStream(message_id="m", model="m", input_estimate=0)
    machine.feed(chunk({"content": "half"}))
    with pytest.raises(RouterError, match="ended before"):
        machine.finish()


def test_an_empty_answer_still_starts_and_stops() -> None:
    assert kinds(run([chunk({}, "stop")])) == [
        "message_start",
        "ping",
        "message_delta",
        "message_stop",
    ]


async def test_the_encoder_writes_one_sse_frame_per_chunk() -> None:
    async def items() -> AsyncIterator[dict[str, Any]]:
        yield chunk({"content": "hi"})
        yield chunk({}, "stop")

    machine = MessageStream(message_id="m", model="m", input_estimate=0)
    frames = [frame async for frame in machine.encode(items())]
    assert len(frames) == 2  # the finish chunk itself says nothing until the end
    text = b"".join(frames).decode()
    names = [line[7:] for line in text.splitlines() if line.startswith("event: ")]
    assert names == [
        "message_start",
        "ping",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert sse({"type": "ping"}) == b'event: ping\ndata: {"type":"ping"}\n\n'


def test_the_face_renders_any_failure_in_anthropic_shape(caplog: pytest.LogCaptureFixture) -> None:
    busy = anthropic_error(QueueFullError("queue full", status=429, code="user_queue_full"))
    assert busy.status_code == 429
    assert busy.headers["retry-after"] == "2"
    assert json.loads(busy.body) == {
        "type": "error",
        "error": {"type": "rate_limit_error", "message": "queue full"},
    }
    crashed = anthropic_error(KeyError("secret internals"))
    assert crashed.status_code == 500
    assert b"secret" not in crashed.body
    assert json.loads(crashed.body)["error"]["type"] == "api_error"
    assert "secret internals" in caplog.text  # the traceback goes to the log
