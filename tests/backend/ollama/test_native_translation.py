"""OpenAI ⇄ native ``/api/chat`` translation, table-driven."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ollama_agent_router.backend.ollama.native import (
    NativeStreamTranslator,
    NativeTranslationError,
    native_to_openai_completion,
    openai_to_native_chat,
)
from ollama_agent_router.sse import SSE_DONE

TOOL_CALL = {
    "id": "call_ab12cd34",
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"city": "Tokyo"}'},
}

REQUESTS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "plain",
        {"model": "m", "messages": [{"role": "user", "content": "hi"}]},
        {
            "model": "m",
            "messages": [{"role": "user", "content": "hi"}],
            "stream": False,
            "options": {"num_ctx": 4096},
            "keep_alive": "5m",
        },
    ),
    (
        "sampling-and-limits",
        {
            "model": "m",
            "messages": [],
            "stream": True,
            "temperature": 0.2,
            "top_p": 0.9,
            "seed": 7,
            "stop": "END",
            "frequency_penalty": 0.5,
            "presence_penalty": 0.1,
            "max_tokens": 64,
            "tool_choice": "auto",
            "n": 1,
        },
        {
            "model": "m",
            "messages": [],
            "stream": True,
            "keep_alive": "5m",
            "options": {
                "temperature": 0.2,
                "top_p": 0.9,
                "seed": 7,
                "stop": ["END"],
                "frequency_penalty": 0.5,
                "presence_penalty": 0.1,
                "num_predict": 64,
                "num_ctx": 4096,
            },
        },
    ),
    (
        "content-parts-and-images",
        {
            "model": "m",
            "messages": [
                {
                    "role": "User",
                    "content": [
                        {"type": "text", "text": "what is"},
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                        {"type": "text", "text": "this?"},
                    ],
                }
            ],
        },
        {
            "model": "m",
            "messages": [{"role": "user", "content": "what is\nthis?", "images": ["AAAA"]}],
            "stream": False,
            "options": {"num_ctx": 4096},
            "keep_alive": "5m",
        },
    ),
    (
        "tools-and-tool-calls",
        {
            "model": "m",
            "tools": [{"type": "function", "function": {"name": "get_weather"}}],
            "messages": [
                {"role": "user", "content": "weather?"},
                {"role": "assistant", "content": None, "tool_calls": [TOOL_CALL]},
                {"role": "tool", "tool_call_id": "call_ab12cd34", "content": "sunny"},
            ],
        },
        {
            "model": "m",
            "tools": [{"type": "function", "function": {"name": "get_weather"}}],
            "messages": [
                {"role": "user", "content": "weather?"},
                {
                    "role": "assistant",
                    "content": "",
                    "tool_calls": [
                        {
                            "id": "call_ab12cd34",
                            "function": {
                                "index": 0,
                                "name": "get_weather",
                                "arguments": {"city": "Tokyo"},
                            },
                        }
                    ],
                },
                {
                    "role": "tool",
                    "content": "sunny",
                    "tool_call_id": "call_ab12cd34",
                    "tool_name": "get_weather",
                },
            ],
            "stream": False,
            "options": {"num_ctx": 4096},
            "keep_alive": "5m",
        },
    ),
    (
        "json-object",
        {"model": "m", "messages": [], "response_format": {"type": "json_object"}},
        {
            "model": "m",
            "messages": [],
            "stream": False,
            "format": "json",
            "options": {"num_ctx": 4096},
            "keep_alive": "5m",
        },
    ),
    (
        "json-schema",
        {
            "model": "m",
            "messages": [],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "x", "schema": {"type": "object"}},
            },
        },
        {
            "model": "m",
            "messages": [],
            "stream": False,
            "format": {"type": "object"},
            "options": {"num_ctx": 4096},
            "keep_alive": "5m",
        },
    ),
    (
        "text-format-and-effort",
        {
            "model": "m",
            "messages": [],
            "response_format": {"type": "text"},
            "reasoning_effort": "high",
        },
        {
            "model": "m",
            "messages": [],
            "stream": False,
            "think": "high",
            "options": {"num_ctx": 4096},
            "keep_alive": "5m",
        },
    ),
    (
        "reasoning-object-clamped-and-smaller-limit",
        {
            "model": "m",
            "messages": [],
            "reasoning": {"effort": "xhigh"},
            "max_tokens": 300,
            "max_completion_tokens": 200,
        },
        {
            "model": "m",
            "messages": [],
            "stream": False,
            "think": "high",
            "options": {"num_predict": 200, "num_ctx": 4096},
            "keep_alive": "5m",
        },
    ),
    (
        "effort-none-is-think-false-and-max-completion-tokens-alone",
        {"model": "m", "messages": [], "reasoning_effort": "none", "max_completion_tokens": 9},
        {
            "model": "m",
            "messages": [],
            "stream": False,
            "think": False,
            "options": {"num_predict": 9, "num_ctx": 4096},
            "keep_alive": "5m",
        },
    ),
]


@pytest.mark.parametrize(
    ("body", "expected"), [r[1:] for r in REQUESTS], ids=[r[0] for r in REQUESTS]
)
def test_request_translation(body: dict[str, Any], expected: dict[str, Any]) -> None:
    assert openai_to_native_chat(body, keep_alive="5m", num_ctx=4096) == expected


def test_no_context_and_no_keep_alive_means_no_options() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    assert openai_to_native_chat(body, keep_alive=None, num_ctx=None) == {
        "model": "m",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": False,
    }


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"messages": "hi"}, "messages"),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}],
                    }
                ]
            },
            "messages[0].content",
        ),
        (
            {
                "messages": [
                    {
                        "role": "assistant",
                        "tool_calls": [
                            {"id": "c", "function": {"name": "f", "arguments": "{not json"}}
                        ],
                    }
                ]
            },
            "messages[0].tool_calls[0]",
        ),
        (
            {
                "messages": [
                    {
                        "role": "assistant",
                        "tool_calls": [{"id": "c", "function": {"name": "f", "arguments": "[1]"}}],
                    }
                ]
            },
            "messages[0].tool_calls[0]",
        ),
    ],
)
def test_untranslatable_requests_are_client_errors(body: dict[str, Any], param: str) -> None:
    with pytest.raises(NativeTranslationError) as info:
        openai_to_native_chat(body, keep_alive=None, num_ctx=None)
    assert info.value.param == param


NATIVE_DONE = {"done": True, "done_reason": "stop", "prompt_eval_count": 26, "eval_count": 5}

ANSWERS: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    (
        "text",
        {**NATIVE_DONE, "message": {"role": "assistant", "content": "Hi!"}},
        {"role": "assistant", "content": "Hi!"},
        "stop",
    ),
    (
        "length",
        {**NATIVE_DONE, "done_reason": "length", "message": {"role": "assistant", "content": "Hi"}},
        {"role": "assistant", "content": "Hi"},
        "length",
    ),
    (
        "tool-calls",
        {
            **NATIVE_DONE,
            "message": {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                    {"id": "call_x", "function": {"index": 0, "name": "f", "arguments": {"a": 1}}}
                ],
            },
        },
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {
                    "id": "call_x",
                    "type": "function",
                    "function": {"name": "f", "arguments": '{"a": 1}'},
                }
            ],
        },
        "tool_calls",
    ),
    (
        "thinking",
        {**NATIVE_DONE, "message": {"role": "assistant", "content": "4", "thinking": "2+2"}},
        {"role": "assistant", "content": "4", "reasoning": "2+2"},
        "stop",
    ),
]


@pytest.mark.parametrize(
    ("native", "message", "finish"), [a[1:] for a in ANSWERS], ids=[a[0] for a in ANSWERS]
)
def test_answer_translation(native: dict[str, Any], message: dict[str, Any], finish: str) -> None:
    out = native_to_openai_completion(native, model="m", completion_id="chatcmpl-1", created=5)
    assert out == {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 5,
        "model": "m",
        "system_fingerprint": "fp_ollama",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 26, "completion_tokens": 5, "total_tokens": 31},
    }


def test_tool_calls_without_ids_get_generated_ones() -> None:
    native = {
        **NATIVE_DONE,
        "message": {
            "role": "assistant",
            "content": "",
            "tool_calls": [{"function": {"name": "f", "arguments": {}}}],
        },
    }
    call = native_to_openai_completion(native, model="m")["choices"][0]["message"]["tool_calls"][0]
    assert call["id"].startswith("call_")
    assert call["function"]["arguments"] == "{}"


def _decode(events: list[bytes]) -> list[Any]:
    out: list[Any] = []
    for event in events:
        assert event.startswith(b"data: ")
        assert event.endswith(b"\n\n")
        text = event[6:-2].decode()
        out.append(text if text == "[DONE]" else json.loads(text))
    return out


def _stream(lines: list[dict[str, Any]], *, include_usage: bool) -> list[Any]:
    translator = NativeStreamTranslator(
        model="m", include_usage=include_usage, completion_id="chatcmpl-1", created=9
    )
    events = [event for line in lines for event in translator.feed(line)]
    assert translator.finished
    assert events[-1] == SSE_DONE
    return _decode(events)


def _deltas(decoded: list[Any]) -> list[tuple[dict[str, Any], str | None]]:
    return [
        (c["choices"][0]["delta"], c["choices"][0]["finish_reason"])
        for c in decoded
        if isinstance(c, dict) and c["choices"]
    ]


def test_stream_text_with_usage() -> None:
    decoded = _stream(
        [
            {"message": {"role": "assistant", "content": "Hel"}, "done": False},
            {"message": {"role": "assistant", "content": "lo"}, "done": False},
            {"message": {"role": "assistant", "content": "!"}, **NATIVE_DONE},
        ],
        include_usage=True,
    )
    assert _deltas(decoded) == [
        ({"role": "assistant", "content": "Hel"}, None),
        ({"content": "lo"}, None),
        ({"content": "!"}, None),
        ({}, "stop"),
    ]
    usage_chunk = decoded[-2]
    assert usage_chunk["choices"] == []
    assert usage_chunk["usage"] == {"prompt_tokens": 26, "completion_tokens": 5, "total_tokens": 31}
    assert {c["id"] for c in decoded[:-1]} == {"chatcmpl-1"}
    assert {c["created"] for c in decoded[:-1]} == {9}
    assert {c["object"] for c in decoded[:-1]} == {"chat.completion.chunk"}
    assert decoded[-1] == "[DONE]"


def test_stream_tool_calls_and_no_usage_unless_asked() -> None:
    decoded = _stream(
        [
            {
                "message": {
                    "role": "assistant",
                    "content": "",
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "function": {"index": 0, "name": "f", "arguments": {"x": 1}},
                        }
                    ],
                },
                "done": False,
            },
            {"message": {"role": "assistant", "content": ""}, **NATIVE_DONE},
        ],
        include_usage=False,
    )
    assert _deltas(decoded) == [
        (
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "index": 0,
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "f", "arguments": '{"x": 1}'},
                    }
                ],
            },
            None,
        ),
        ({}, "tool_calls"),
    ]
    assert all("usage" not in c for c in decoded if isinstance(c, dict))


def test_stream_empty_answer_and_length() -> None:
    decoded = _stream(
        [{"message": {"role": "assistant", "content": ""}, **NATIVE_DONE, "done_reason": "length"}],
        include_usage=False,
    )
    assert _deltas(decoded) == [({"role": "assistant", "content": ""}, None), ({}, "length")]
