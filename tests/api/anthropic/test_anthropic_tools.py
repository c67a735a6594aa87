"""Anthropic ``tools`` entries → OpenAI function tools: tables, no server."""

from __future__ import annotations

from typing import Any

import pytest

from ollama_agent_router.api.anthropic.tools import decode_tools
from ollama_agent_router.errors import BadRequestError

CUSTOM = {
    "type": "custom",
    "name": "lookup",
    "description": "Look a word up",
    "input_schema": {"type": "object", "properties": {"word": {"type": "string"}}},
    "cache_control": {"type": "ephemeral"},
    "strict": True,
    "input_examples": [{"word": "x"}],
}


def names(tools: list[dict[str, Any]]) -> list[str]:
    return [tool["function"]["name"] for tool in tools]


def test_a_custom_tool_is_a_function() -> None:
    decoded = decode_tools([CUSTOM])
    assert decoded.offered(()) == [
        {
            "type": "function",
            "function": {
                "name": "lookup",
                "parameters": CUSTOM["input_schema"],
                "description": "Look a word up",
            },
        }
    ]
    assert decoded.dropped == ()


@pytest.mark.parametrize(
    ("tool", "required"),
    [
        ({"type": "bash_20250124", "name": "bash"}, []),
        ({"type": "bash_20241022", "name": "bash"}, []),
        (
            {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"},
            ["command", "path"],
        ),
        (
            {"type": "text_editor_20250429", "name": "str_replace_based_edit_tool"},
            ["command", "path"],
        ),
        ({"type": "text_editor_20250124", "name": "str_replace_editor"}, ["command", "path"]),
        ({"type": "memory_20250818", "name": "memory"}, ["command"]),
        (
            {
                "type": "computer_20250124",
                "name": "computer",
                "display_width_px": 1024,
                "display_height_px": 768,
            },
            ["action"],
        ),
    ],
)
def test_client_tools_become_functions_with_their_documented_schema(
    tool: dict[str, Any], required: list[str]
) -> None:
    """The client runs them: the model only has to emit the call."""
    [function] = decode_tools([tool]).offered(())
    assert function["function"]["name"] == tool["name"]
    assert function["function"]["parameters"]["type"] == "object"
    assert function["function"]["parameters"]["required"] == required
    assert function["function"]["description"]
    if tool["name"] == "computer":
        assert "1024x768" in function["function"]["description"]


@pytest.mark.parametrize(
    "kind",
    [
        "web_search_20250305",
        "web_fetch_20250910",
        "code_execution_20250825",
        "something_new_20270101",
    ],
)
def test_server_tools_are_refused_naming_the_tool(kind: str) -> None:
    with pytest.raises(BadRequestError) as refused:
        decode_tools([CUSTOM, {"type": kind, "name": "x"}])
    assert refused.value.param == "tools.1.type"
    assert kind in refused.value.message


def test_deferred_tools_wait_for_a_reference_or_a_tool_search_tool() -> None:
    deferred = {**CUSTOM, "name": "later", "defer_loading": True}
    tools = decode_tools([CUSTOM, deferred])
    assert names(tools.offered(())) == ["lookup"]
    assert names(tools.offered({"later"})) == ["lookup", "later"]
    searching = decode_tools([{"type": "tool_search_tool_regex_20251119", "name": "s"}, deferred])
    assert names(searching.offered(())) == ["later"]
    assert searching.dropped == ("tools.0",)


def test_an_mcp_toolset_is_dropped_and_named() -> None:
    decoded = decode_tools([{"type": "mcp_toolset", "mcp_server_name": "x"}, CUSTOM])
    assert names(decoded.offered(())) == ["lookup"]
    assert decoded.dropped == ("tools.0",)


@pytest.mark.parametrize(
    ("tools", "field"),
    [
        ({}, "tools"),
        ([3], "tools.0"),
        ([{"input_schema": {}}], "tools.0.name"),
        ([{"name": ""}], "tools.0.name"),
        ([{"name": "x"}], "tools.0.input_schema"),
        ([{**CUSTOM, "description": 3}], "tools.0.description"),
        ([{**CUSTOM, "defer_loading": "yes"}], "tools.0.defer_loading"),
        ([{"type": 3, "name": "x"}], "tools.0.type"),
        ([{"type": "bash_20250124"}], "tools.0.name"),
    ],
)
def test_bad_tools_are_named(tools: Any, field: str) -> None:
    with pytest.raises(BadRequestError) as raised:
        decode_tools(tools)
    assert raised.value.param == field
