"""Anthropic Messages requests → OpenAI chat bodies: tables, no server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ollama_agent_router.api.anthropic.codec import chat_body, count_body, decode
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
    decoded = decode(
        body(
            stop_sequences=["END"],
            temperature=0.2,
            top_p=0.9,
            top_k=40,
            metadata={"user_id": "u"},
            stream=True,
            service_tier="auto",
            betas=["context-management-2025-06-27"],
            cache_control={"type": "ephemeral"},
            router={"priority": "high"},
        ),
        ALIASES,
    )
    assert decoded.chat == {
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
    assert decoded.dropped == ("top_k",)
    assert decoded.user_id == "u"


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
        ({"messages": [{"role": "developer", "content": "x"}]}, "messages.0.role"),
        (
            {"messages": [USER, {"role": "system", "content": [{"type": "image"}]}]},
            "messages.1.content.0.type",
        ),
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
        ({"temperature": -1}, "temperature"),
        ({"temperature": 1e308}, "temperature"),
        ({"top_p": False}, "top_p"),
        ({"top_p": 0}, "top_p"),
        ({"top_p": -1}, "top_p"),
        ({"top_k": 1.5}, "top_k"),
        ({"top_k": -1}, "top_k"),
        ({"max_tokens": -5}, "max_tokens"),
        ({"metadata": "u"}, "metadata"),
        ({"metadata": {"user_id": 3}}, "metadata.user_id"),
        ({"thinking": "on"}, "thinking"),
        ({"thinking": {}}, "thinking.type"),
        ({"thinking": {"type": "enabled", "budget_tokens": "many"}}, "thinking.budget_tokens"),
        ({"output_config": []}, "output_config"),
        ({"output_config": {"effort": 3}}, "output_config.effort"),
        ({"output_config": {"format": "json"}}, "output_config.format"),
        (
            {"output_config": {"format": {"type": "json_schema", "schema": 3}}},
            "output_config.format.schema",
        ),
        ({"output_format": {"type": "json_schema"}}, "output_format.schema"),
        ({"stream": "yes"}, "stream"),
    ],
)
def test_bad_fields_are_named(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(BadRequestError) as raised:
        chat_body(body(**fields), ALIASES)
    assert raised.value.param == field
    assert raised.value.message.startswith(f"{field}: ")


# -- what current Claude Code sends ----------------------------------------------------


def test_mid_conversation_system_turns_stay_in_place() -> None:
    """Claude Code 2.1 (``mid-conversation-system-2026-04-07``) puts system turns among
    the messages: string or text blocks, after the top-level ``system``."""
    messages = [
        {"role": "user", "content": "hi"},
        {
            "role": "system",
            "content": [
                {"type": "text", "text": "# Environment", "cache_control": {"type": "ephemeral"}},
                {"type": "text", "text": "cwd: /tmp"},
            ],
        },
        {"role": "assistant", "content": "hello"},
        {"role": "system", "content": "A reminder."},
        {"role": "system", "content": ""},
        {"role": "user", "content": "again"},
    ]
    out = chat_body(body(system="You are a CLI.", messages=messages), ALIASES)
    assert out["messages"] == [
        {"role": "system", "content": "You are a CLI."},
        {"role": "user", "content": "hi"},
        {"role": "system", "content": "# Environment\n\ncwd: /tmp"},
        {"role": "assistant", "content": "hello"},
        {"role": "system", "content": "A reminder."},
        {"role": "user", "content": "again"},
    ]


def test_a_claude_code_2_1_request() -> None:
    """The shape ``claude -p`` 2.1.332 sends (trimmed): adaptive thinking, an effort,
    context management, a deferred placeholder tool, a system turn last."""
    request = {
        "model": "claude-opus-5-5",
        "max_tokens": 128000,
        "stream": True,
        "metadata": {"user_id": '{"device_id":"d","account_uuid":"","session_id":"s"}'},
        "thinking": {"type": "adaptive", "display": "omitted"},
        "context_management": {"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]},
        "output_config": {"effort": "medium"},
        "system": [
            {"type": "text", "text": "x-anthropic-billing-header: cc_version=2.1.332;"},
            {"type": "text", "text": "You are a Claude agent.", "cache_control": EPHEMERAL},
        ],
        "tools": [
            {"name": "Write", "description": "Writes a file", "input_schema": WRITE_SCHEMA},
            {
                "name": "DeferredToolPlaceholder",
                "description": "never call this tool",
                "input_schema": {"type": "object", "properties": {}},
                "defer_loading": True,
            },
        ],
        "messages": [
            {"role": "user", "content": "write hello.txt"},
            {"role": "system", "content": [{"type": "text", "text": "# Environment"}]},
        ],
    }
    decoded = decode(request, ALIASES)
    chat = decoded.chat
    assert chat["model"] == "auto"
    assert chat["max_tokens"] == 128000
    assert [m["role"] for m in chat["messages"]] == ["system", "user", "system"]
    assert [t["function"]["name"] for t in chat["tools"]] == ["Write"]
    assert chat["reasoning_effort"] == "medium"
    assert decoded.dropped == ("context_management",)
    assert decoded.user_id == request["metadata"]["user_id"]


EPHEMERAL = {"type": "ephemeral"}
WRITE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"file_path": {"type": "string"}, "content": {"type": "string"}},
    "required": ["file_path", "content"],
    "additionalProperties": False,
}


def test_a_deferred_tool_is_offered_once_a_tool_reference_loads_it() -> None:
    deferred = {"name": "WebFetch", "input_schema": {"type": "object"}, "defer_loading": True}
    search = {"name": "ToolSearch", "input_schema": {"type": "object"}}
    messages: list[dict[str, Any]] = [
        USER,
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t1", "name": "ToolSearch", "input": {}}],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "t1",
                    "content": [{"type": "tool_reference", "tool_name": "WebFetch"}],
                }
            ],
        },
    ]
    before = chat_body(body(tools=[search, deferred], messages=messages[:1]), ALIASES)
    after = chat_body(body(tools=[search, deferred], messages=messages), ALIASES)
    assert [t["function"]["name"] for t in before["tools"]] == ["ToolSearch"]
    assert [t["function"]["name"] for t in after["tools"]] == ["ToolSearch", "WebFetch"]
    assert after["messages"][-1] == {
        "role": "tool",
        "tool_call_id": "t1",
        "content": "Tool WebFetch is now available.",
    }
    only_deferred = chat_body(body(tools=[deferred]), ALIASES)
    assert "tools" not in only_deferred


@pytest.mark.parametrize(
    ("fields", "effort", "dropped"),
    [
        ({}, None, ()),
        ({"thinking": {"type": "adaptive"}}, None, ()),
        ({"thinking": {"type": "adaptive"}, "output_config": {"effort": "high"}}, "high", ()),
        ({"output_config": {"effort": "low"}}, "low", ()),
        ({"output_config": {"effort": "max"}}, "max", ()),
        ({"output_config": {"effort": "xhigh"}}, "xhigh", ()),
        ({"thinking": {"type": "enabled", "budget_tokens": 1024}}, "low", ()),
        ({"thinking": {"type": "enabled", "budget_tokens": 10000}}, "medium", ()),
        ({"thinking": {"type": "enabled", "budget_tokens": 31999}}, "high", ()),
        (
            {
                "thinking": {"type": "enabled", "budget_tokens": 31999},
                "output_config": {"effort": "low"},
            },
            "low",
            (),
        ),
        ({"thinking": {"type": "enabled"}}, None, ()),
        ({"thinking": {"type": "disabled"}}, "none", ()),
        ({"thinking": {"type": "disabled"}, "output_config": {"effort": "high"}}, "none", ()),
        ({"thinking": {"type": "someday"}}, None, ("thinking",)),
        ({"output_config": {"effort": "extreme"}}, None, ("output_config.effort",)),
    ],
)
def test_thinking_and_effort_become_reasoning_effort(
    fields: dict[str, Any], effort: str | None, dropped: tuple[str, ...]
) -> None:
    decoded = decode(body(**fields), ALIASES)
    assert decoded.chat.get("reasoning_effort") == effort
    assert decoded.dropped == dropped


SCHEMA = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}


@pytest.mark.parametrize("where", ["output_config", "output_format"])
def test_a_json_schema_format_becomes_response_format(where: str) -> None:
    fmt = {"type": "json_schema", "schema": SCHEMA}
    fields = {"output_config": {"format": fmt}} if where == "output_config" else {where: fmt}
    decoded = decode(body(**fields), ALIASES)
    assert decoded.chat["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "output", "schema": SCHEMA},
    }
    unknown = decode(body(output_config={"format": {"type": "grammar"}}), ALIASES)
    assert "response_format" not in unknown.chat
    assert unknown.dropped == ("output_config.format",)


def test_fields_with_no_local_meaning_are_named_as_dropped() -> None:
    decoded = decode(
        body(
            mcp_servers=[{"type": "url", "url": "https://mcp.example", "name": "x"}],
            container="container_1",
            context_management={"edits": []},
            service_tier="standard_only",
        ),
        ALIASES,
    )
    assert decoded.chat == chat_body(body(), ALIASES)
    assert decoded.dropped == ("context_management", "mcp_servers", "container")


PDF = {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0xLjQK"}


def user(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"role": "user", "content": list(blocks)}


def test_documents() -> None:
    text_doc = {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": "The grass is green."},
        "title": "Facts",
        "citations": {"enabled": True},
        "cache_control": EPHEMERAL,
    }
    encoded = {
        "type": "document",
        "source": {"type": "base64", "media_type": "text/plain", "data": "aGVsbG8="},
    }
    content_doc = {
        "type": "document",
        "source": {
            "type": "content",
            "content": [{"type": "text", "text": "one"}, {"type": "text", "text": "two"}],
        },
    }
    pdf = {"type": "document", "source": PDF, "title": "Report"}
    question = {"type": "text", "text": "summarise"}
    decoded = decode(body(messages=[user(text_doc, encoded, content_doc, pdf, question)]), ALIASES)
    assert decoded.chat["messages"] == [
        {
            "role": "user",
            "content": "Facts\n\nThe grass is green.\n\nhello\n\none\n\ntwo\n\n"
            "[document 'Report' (application/pdf) left out: this model cannot read it]"
            "\n\nsummarise",
        }
    ]
    assert decoded.dropped == ("messages.0.content.3",)


def test_a_last_turn_of_pdfs_only_is_refused_an_earlier_one_is_a_note() -> None:
    pdf = {"type": "document", "source": PDF}
    with pytest.raises(BadRequestError) as refused:
        chat_body(body(messages=[user(pdf)]), ALIASES)
    assert refused.value.param == "messages.0.content.0.source"
    url = {"type": "document", "source": {"type": "url", "url": "https://x/a.pdf"}}
    history = [user(pdf), {"role": "assistant", "content": "ok"}, user(url, pdf), USER]
    decoded = decode(body(messages=history), ALIASES)
    assert decoded.chat["messages"][0]["content"].startswith("[document (application/pdf) left out")
    assert decoded.dropped == (
        "messages.0.content.0",
        "messages.2.content.0",
        "messages.2.content.1",
    )
    # in a tool result (Claude Code's Read of a PDF) it is always a note
    result = {"type": "tool_result", "tool_use_id": "t", "content": [pdf]}
    [tool] = chat_body(body(messages=[user(result)]), ALIASES)["messages"]
    assert tool["role"] == "tool"
    assert "left out" in tool["content"]


def test_search_results_and_server_tool_history_become_text() -> None:
    search = {
        "type": "search_result",
        "source": "https://docs.example/a",
        "title": "A",
        "content": [{"type": "text", "text": "alpha"}],
        "citations": {"enabled": True},
    }
    assistant = {
        "role": "assistant",
        "content": [
            {"type": "text", "text": "Searching."},
            {
                "type": "server_tool_use",
                "id": "srvtoolu_1",
                "name": "web_search",
                "input": {"query": "news"},
            },
            {
                "type": "web_search_tool_result",
                "tool_use_id": "srvtoolu_1",
                "content": [
                    {
                        "type": "web_search_result",
                        "url": "https://n.example",
                        "title": "News",
                        "encrypted_content": "SECRET",
                        "page_age": "1 day",
                    }
                ],
            },
            {
                "type": "text",
                "text": "Found it.",
                "citations": [{"type": "web_search_result_location"}],
            },
        ],
    }
    result = {"type": "tool_result", "tool_use_id": "t", "content": [search]}
    out = chat_body(body(messages=[user(search), assistant, user(result)]), ALIASES)
    assert out["messages"][0] == {
        "role": "user",
        "content": "Search result: A (https://docs.example/a)\nalpha",
    }
    said = out["messages"][1]["content"]
    assert said.startswith('Searching.\n[server_tool_use web_search: {"query": "news"}]')
    assert "[web_search_tool_result]\nNews (https://n.example)" in said
    assert "SECRET" not in said
    assert said.endswith("Found it.")
    assert out["messages"][2]["content"] == "Search result: A (https://docs.example/a)\nalpha"


def test_container_uploads_are_dropped_and_named() -> None:
    upload = {"type": "container_upload", "file_id": "file_1"}
    decoded = decode(body(messages=[user(upload, {"type": "text", "text": "run it"})]), ALIASES)
    assert decoded.chat["messages"] == [{"role": "user", "content": "run it"}]
    assert decoded.dropped == ("messages.0.content.0",)


def test_an_output_limit_beyond_the_ceiling_is_lowered() -> None:
    assert chat_body(body(max_tokens=2**63), ALIASES)["max_tokens"] == 1_000_000
