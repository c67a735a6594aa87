"""Anthropic Messages requests → OpenAI chat bodies: tables, no server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ollama_agent_router.api.anthropic_codec import chat_body, count_body
from ollama_agent_router.errors import BadRequestError

ALIASES = {"claude-*": "auto"}
USER = {"role": "user", "content": "hi"}


def body(**fields: Any) -> dict[str, Any]:
    return {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": [USER], **fields}


def test_the_smallest_request() -> None:
    assert chat_body(body(), ALIASES) == {
        "model": "auto",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "hi"}],
    }


@pytest.mark.parametrize(
    ("model", "routed"),
    [
        ("claude-sonnet-4-5-20250929", "auto"),
        ("claude-3-5-haiku-latest", "auto"),
        ("auto", "auto"),
        ("auto:code_fix", "auto:code_fix"),
        ("qwen2.5-coder:7b", "qwen2.5-coder:7b"),
        ("gpt-4o", "gpt-4o"),  # not a Claude id: the pipeline answers 404
    ],
)
def test_model_names_go_through_the_alias_map(model: str, routed: str) -> None:
    assert chat_body(body(model=model), ALIASES)["model"] == routed
    assert chat_body(body(model=model), {})["model"] == model


def test_system_blocks_with_cache_control_become_one_system_message() -> None:
    system = [
        {"type": "text", "text": "You are a CLI.", "cache_control": {"type": "ephemeral"}},
        {"type": "text", "text": "Be brief."},
    ]
    out = chat_body(body(system=system), ALIASES)
    assert out["messages"][0] == {"role": "system", "content": "You are a CLI.\n\nBe brief."}
    assert chat_body(body(system="Short."), ALIASES)["messages"][0]["content"] == "Short."
    assert chat_body(body(system=""), ALIASES)["messages"] == [USER]


def test_user_blocks_text_and_images() -> None:
    content = [
        {"type": "text", "text": "what is this?", "cache_control": {"type": "ephemeral"}},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AAA"}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/a.jpg"}},
    ]
    out = chat_body(body(messages=[{"role": "user", "content": content}]), ALIASES)
    assert out["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "what is this?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAA"}},
                {"type": "image_url", "image_url": {"url": "https://example.com/a.jpg"}},
            ],
        }
    ]
    texts = [{"type": "text", "text": "one"}, {"type": "text", "text": "two"}]
    out = chat_body(body(messages=[{"role": "user", "content": texts}]), ALIASES)
    assert out["messages"] == [{"role": "user", "content": "one\n\ntwo"}]


def test_a_tool_round_trip_history() -> None:
    messages = [
        {"role": "user", "content": "weather in Paris?"},
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "call the tool", "signature": "sig"},
                {"type": "text", "text": "Let me check."},
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "weather",
                    "input": {"city": "Paris"},
                },
                {"type": "tool_use", "id": "toolu_2", "name": "time", "input": {}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18 C"},
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_2",
                    "is_error": True,
                    "content": [{"type": "text", "text": "no clock"}],
                },
                {"type": "text", "text": "and tomorrow?"},
            ],
        },
    ]
    out = chat_body(body(messages=messages), ALIASES)
    assert out["messages"] == [
        {"role": "user", "content": "weather in Paris?"},
        {
            "role": "assistant",
            "content": "Let me check.",
            "tool_calls": [
                {
                    "id": "toolu_1",
                    "type": "function",
                    "function": {"name": "weather", "arguments": json.dumps({"city": "Paris"})},
                },
                {
                    "id": "toolu_2",
                    "type": "function",
                    "function": {"name": "time", "arguments": "{}"},
                },
            ],
        },
        {"role": "tool", "tool_call_id": "toolu_1", "content": "18 C"},
        {"role": "tool", "tool_call_id": "toolu_2", "content": "Error: no clock"},
        {"role": "user", "content": "and tomorrow?"},
    ]


def test_an_image_in_a_tool_result_follows_as_a_user_message() -> None:
    png = {"type": "base64", "media_type": "image/png", "data": "AAA"}
    result = {
        "type": "tool_result",
        "tool_use_id": "toolu_1",
        "content": [{"type": "text", "text": "shot"}, {"type": "image", "source": png}],
    }
    out = chat_body(body(messages=[{"role": "user", "content": [result]}]), ALIASES)
    assert out["messages"] == [
        {"role": "tool", "tool_call_id": "toolu_1", "content": "shot"},
        {
            "role": "user",
            "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,AAA"}}],
        },
    ]


def test_an_assistant_turn_of_tool_calls_only_has_null_content() -> None:
    turn = {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "n"}]}
    [_, assistant] = chat_body(body(messages=[USER, turn]), ALIASES)["messages"]
    assert assistant["content"] is None
    assert assistant["tool_calls"][0]["function"]["arguments"] == "{}"


TOOL = {
    "name": "read_file",
    "description": "Read a file",
    "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}},
    "cache_control": {"type": "ephemeral"},
}
FUNCTION = {
    "type": "function",
    "function": {
        "name": "read_file",
        "parameters": TOOL["input_schema"],
        "description": "Read a file",
    },
}


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (None, {}),
        ({"type": "auto"}, {"tool_choice": "auto"}),
        ({"type": "any"}, {"tool_choice": "required"}),
        (
            {"type": "tool", "name": "read_file"},
            {"tool_choice": {"type": "function", "function": {"name": "read_file"}}},
        ),
        (
            {"type": "auto", "disable_parallel_tool_use": True},
            {"tool_choice": "auto", "parallel_tool_calls": False},
        ),
    ],
)
def test_tools_and_tool_choice(choice: Any, expected: dict[str, Any]) -> None:
    fields: dict[str, Any] = {"tools": [TOOL]}
    if choice is not None:
        fields["tool_choice"] = choice
    out = chat_body(body(**fields), ALIASES)
    assert out["tools"] == [FUNCTION]
    assert {k: out[k] for k in ("tool_choice", "parallel_tool_calls") if k in out} == expected


def test_tool_choice_none_offers_no_tools() -> None:
    out = chat_body(body(tools=[TOOL], tool_choice={"type": "none"}), ALIASES)
    assert "tools" not in out
    assert "tool_choice" not in out


def test_sampling_stream_and_ignored_fields() -> None:
    out = chat_body(
        body(
            stop_sequences=["END"],
            temperature=0.2,
            top_p=0.9,
            top_k=40,
            metadata={"user_id": "u"},
            stream=True,
            thinking={"type": "enabled", "budget_tokens": 1024},
            context_management={"edits": []},
            router={"priority": "high"},
        ),
        ALIASES,
    )
    assert out == {
        "model": "auto",
        "max_tokens": 64,
        "messages": [USER],
        "stop": ["END"],
        "temperature": 0.2,
        "top_p": 0.9,
        "stream": True,
        "stream_options": {"include_usage": True},
        "router": {"priority": "high"},
    }


def test_count_tokens_needs_no_max_tokens() -> None:
    request = {"model": "claude-x", "messages": [USER], "system": "s"}
    assert count_body(request, ALIASES)["messages"] == [
        {"role": "system", "content": "s"},
        USER,
    ]


IMAGE = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "A"}}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"model": None}, "model"),
        ({"model": 3}, "model"),
        ({"model": ""}, "model"),
        ({"max_tokens": None}, "max_tokens"),
        ({"max_tokens": "64"}, "max_tokens"),
        ({"max_tokens": 0}, "max_tokens"),
        ({"max_tokens": True}, "max_tokens"),
        ({"messages": None}, "messages"),
        ({"messages": []}, "messages"),
        ({"messages": "hi"}, "messages"),
        ({"messages": ["hi"]}, "messages.0"),
        ({"messages": [{"role": "system", "content": "x"}]}, "messages.0.role"),
        ({"messages": [{"role": "user"}]}, "messages.0.content"),
        ({"messages": [{"role": "user", "content": 3}]}, "messages.0.content"),
        ({"messages": [{"role": "user", "content": []}]}, "messages.0.content"),
        ({"messages": [{"role": "user", "content": [3]}]}, "messages.0.content.0"),
        ({"messages": [{"role": "user", "content": [{}]}]}, "messages.0.content.0.type"),
        (
            {"messages": [USER, USER, {"role": "user", "content": [{"type": "video"}]}]},
            "messages.2.content.0.type",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "text"}]}]},
            "messages.0.content.0.text",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "image", "source": "x"}]}]},
            "messages.0.content.0.source",
        ),
        (
            {
                "messages": [
                    {"role": "user", "content": [{"type": "image", "source": {"type": "file"}}]}
                ]
            },
            "messages.0.content.0.source.type",
        ),
        (
            {"messages": [{"role": "user", "content": [{**IMAGE, "source": {"type": "base64"}}]}]},
            "messages.0.content.0.source.media_type",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "tool_use", "id": "t"}]}]},
            "messages.0.content.0.type",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "tool_result"}]}]},
            "messages.0.content.0.tool_use_id",
        ),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [{"type": "tool_result", "tool_use_id": "t", "content": 3}],
                    }
                ]
            },
            "messages.0.content.0.content",
        ),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [{"type": "tool_result", "tool_use_id": "t", "is_error": "yes"}],
                    }
                ]
            },
            "messages.0.content.0.is_error",
        ),
        (
            {"messages": [{"role": "assistant", "content": [{"type": "tool_result"}]}]},
            "messages.0.content.0.type",
        ),
        (
            {
                "messages": [
                    {
                        "role": "assistant",
                        "content": [{"type": "tool_use", "id": "t", "name": "n", "input": []}],
                    }
                ]
            },
            "messages.0.content.0.input",
        ),
        (
            {"messages": [{"role": "assistant", "content": [{"type": "tool_use", "name": "n"}]}]},
            "messages.0.content.0.id",
        ),
        ({"system": 3}, "system"),
        ({"system": [{"type": "image"}]}, "system.0.type"),
        ({"system": [{"type": "text", "text": None}]}, "system.0.text"),
        ({"tools": {}}, "tools"),
        ({"tools": [3]}, "tools.0"),
        ({"tools": [{"input_schema": {}}]}, "tools.0.name"),
        ({"tools": [{"name": "x"}]}, "tools.0.input_schema"),
        ({"tools": [{**TOOL, "description": 3}]}, "tools.0.description"),
        ({"tools": [TOOL, {"type": "web_search_20250305", "name": "web_search"}]}, "tools.1.type"),
        ({"tools": [TOOL], "tool_choice": "auto"}, "tool_choice"),
        ({"tools": [TOOL], "tool_choice": {"type": "some"}}, "tool_choice.type"),
        ({"tools": [TOOL], "tool_choice": {"type": "tool"}}, "tool_choice.name"),
        (
            {"tools": [TOOL], "tool_choice": {"type": "auto", "disable_parallel_tool_use": 1}},
            "tool_choice.disable_parallel_tool_use",
        ),
        ({"tool_choice": {"type": "any"}}, "tool_choice"),
        ({"stop_sequences": "END"}, "stop_sequences"),
        ({"stop_sequences": ["a", 3]}, "stop_sequences.1"),
        ({"temperature": "hot"}, "temperature"),
        ({"top_p": False}, "top_p"),
        ({"top_k": 1.5}, "top_k"),
        ({"metadata": "u"}, "metadata"),
        ({"stream": "yes"}, "stream"),
    ],
)
def test_bad_fields_are_named(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(BadRequestError) as raised:
        chat_body(body(**fields), ALIASES)
    assert raised.value.param == field
    assert raised.value.message.startswith(f"{field}: ")
