"""The Responses codec without a server: requests → chat bodies, chat answers and
chunks → response objects and events, and the response store."""

from __future__ import annotations

import json
import time
from itertools import count
from typing import Any

import pytest

from ollama_agent_router.api.responses.input import chat_body, decode
from ollama_agent_router.api.responses.output import ResponseEvents, response_of, skeleton
from ollama_agent_router.api.responses.store import ResponseStore
from ollama_agent_router.api.responses.tools import ToolSet
from ollama_agent_router.errors import BadRequestError

SHELL = {
    "type": "function",
    "name": "shell",
    "description": "Runs a command",
    "parameters": {"type": "object", "properties": {"command": {"type": "string"}}},
    "strict": False,
}


def chat_of(body: dict[str, Any], history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return chat_body(decode(body, model=body.get("model")), history or [])


def ids() -> Any:
    numbers = count()
    return lambda prefix: f"{prefix}_{next(numbers)}"


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ({"input": "hi"}, [{"role": "user", "content": "hi"}]),
        (
            {"instructions": "be brief", "input": "hi"},
            [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}],
        ),
        (
            {
                "input": [
                    {"role": "developer", "content": [{"type": "input_text", "text": "rules"}]},
                    {
                        "type": "message",
                        "role": "user",
                        "content": [
                            {"type": "input_text", "text": "a"},
                            {"type": "input_text", "text": "b"},
                        ],
                    },
                    {"type": "reasoning", "id": "rs_1", "summary": []},
                    {"type": "web_search_call", "id": "ws_1", "status": "completed"},
                    {"role": "assistant", "content": [{"type": "output_text", "text": "ok"}]},
                ]
            },
            [
                {"role": "system", "content": "rules"},
                {"role": "user", "content": "a\nb"},
                {"role": "assistant", "content": "ok"},
            ],
        ),
        (
            {
                "input": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "input_text", "text": "what is this?"},
                            {"type": "input_image", "image_url": "data:image/png;base64,AAAA"},
                        ],
                    }
                ]
            },
            [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "what is this?"},
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                    ],
                }
            ],
        ),
        (
            {
                "input": [
                    {"role": "user", "content": "list files"},
                    {"role": "assistant", "content": "Let me look."},
                    {"type": "function_call", "call_id": "c1", "name": "shell", "arguments": "{}"},
                    {"type": "function_call", "call_id": "c2", "name": "ls", "arguments": ""},
                    {"type": "function_call_output", "call_id": "c1", "output": "a.txt"},
                    {
                        "type": "function_call_output",
                        "call_id": "c2",
                        "output": [{"type": "input_text", "text": "b.txt"}],
                    },
                ]
            },
            [
                {"role": "user", "content": "list files"},
                {
                    "role": "assistant",
                    "content": "Let me look.",
                    "tool_calls": [
                        {
                            "id": "c1",
                            "type": "function",
                            "function": {"name": "shell", "arguments": "{}"},
                        },
                        {
                            "id": "c2",
                            "type": "function",
                            "function": {"name": "ls", "arguments": ""},
                        },
                    ],
                },
                {"role": "tool", "tool_call_id": "c1", "content": "a.txt"},
                {"role": "tool", "tool_call_id": "c2", "content": "b.txt"},
            ],
        ),
        (
            {"input": [{"type": "function_call_output", "call_id": "c1", "output": "done"}]},
            [{"role": "tool", "tool_call_id": "c1", "content": "done"}],
        ),
    ],
)
def test_input_becomes_chat_messages(body: dict[str, Any], messages: list[Any]) -> None:
    assert chat_of(body)["messages"] == messages


def test_history_comes_before_the_new_input_and_instructions_first() -> None:
    history = [
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "q"}]},
        {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f", "arguments": "{}"},
    ]
    chat = chat_of(
        {
            "instructions": "sys",
            "input": [{"type": "function_call_output", "call_id": "c1", "output": "r"}],
        },
        history,
    )
    assert [m["role"] for m in chat["messages"]] == ["system", "user", "assistant", "tool"]
    assert chat["messages"][2]["tool_calls"][0]["id"] == "c1"


def test_options_map_to_the_chat_body() -> None:
    chat = chat_of(
        {
            "model": "auto:code_fix",
            "input": "x",
            "tools": [SHELL, {"type": "web_search"}],
            "tool_choice": {"type": "function", "name": "shell"},
            "text": {
                "format": {
                    "type": "json_schema",
                    "name": "out",
                    "schema": {"type": "object"},
                    "strict": True,
                }
            },
            "max_output_tokens": 100,
            "temperature": 0.2,
            "top_p": 0.9,
            "parallel_tool_calls": False,
            "stream": True,
            "store": False,
            "reasoning": {"effort": "high"},
            "metadata": {"k": "v"},
            "router": {"priority": "high"},
        }
    )
    assert chat["model"] == "auto:code_fix"
    assert chat["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "shell",
                "description": "Runs a command",
                "parameters": SHELL["parameters"],
                "strict": False,
            },
        }
    ]
    assert chat["tool_choice"] == {"type": "function", "function": {"name": "shell"}}
    assert chat["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "out", "schema": {"type": "object"}, "strict": True},
    }
    assert (chat["max_tokens"], chat["temperature"], chat["top_p"]) == (100, 0.2, 0.9)
    assert chat["parallel_tool_calls"] is False
    assert chat["stream"] is True
    assert chat["stream_options"] == {"include_usage": True}
    assert chat["router"] == {"priority": "high"}
    assert not {"reasoning", "metadata", "store"} & chat.keys()


@pytest.mark.parametrize(
    ("extra", "tools", "choice"),
    [
        ({"tool_choice": "none"}, None, None),
        ({"tool_choice": "required"}, ["shell", "ls"], "required"),
        (
            {
                "tool_choice": {
                    "type": "allowed_tools",
                    "mode": "required",
                    "tools": [{"type": "function", "name": "ls"}],
                }
            },
            ["ls"],
            "required",
        ),
        ({"text": {"format": {"type": "json_object"}}}, ["shell", "ls"], None),
    ],
)
def test_tool_choice(extra: dict[str, Any], tools: list[str] | None, choice: object) -> None:
    ls = {"type": "function", "name": "ls"}
    chat = chat_of({"input": "x", "tools": [SHELL, ls], **extra})
    assert [t["function"]["name"] for t in chat.get("tools", [])] == (tools or [])
    assert chat.get("tool_choice") == choice


def test_hosted_tools_are_dropped_and_listed() -> None:
    decoded = decode(
        {"input": "x", "tools": [{"type": "web_search"}, SHELL, {"type": "file_search"}]},
        model=None,
    )
    assert decoded.tools.dropped == ["web_search", "file_search"]
    assert [t["name"] for t in decoded.echo["tools"]] == ["shell"]


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"input": 3}, "input"),
        ({"input": [3]}, "input.0"),
        ({"input": [{"role": "robot", "content": "x"}]}, "input.0.role"),
        ({"input": [{"role": "user", "content": 5}]}, "input.0.content"),
        ({"input": [{"role": "user", "content": [{"type": "audio"}]}]}, "input.0.content.0.type"),
        (
            {"input": [{"role": "user", "content": [{"type": "input_text"}]}]},
            "input.0.content.0.text",
        ),
        (
            {"input": [{"role": "user", "content": [{"type": "input_image", "file_id": "f"}]}]},
            "input.0.content.0.file_id",
        ),
        (
            {"input": [{"role": "user", "content": [{"type": "input_image", "image_url": 1}]}]},
            "input.0.content.0.image_url",
        ),
        (
            {"input": [{"role": "user", "content": [{"type": "input_file", "file_id": "f"}]}]},
            "input.0.content.0.type",
        ),
        ({"input": [{"type": "function_call", "name": "f", "arguments": "{}"}]}, "input.0.call_id"),
        (
            {"input": [{"type": "function_call_output", "call_id": "c", "output": 3}]},
            "input.0.output",
        ),
        ({"input": [{"type": "item_reference", "id": "x"}]}, "input.0.type"),
        ({"input": [{"type": {"a": 1}}]}, "input.0.type"),
        ({"input": [{"type": ["message"]}]}, "input.0.type"),
        ({"input": []}, "input"),
        ({"input": "x", "model": 3}, "model"),
        ({"input": "x", "instructions": ["x"]}, "instructions"),
        ({"input": "x", "tools": {}}, "tools"),
        ({"input": "x", "tools": [{"type": "function"}]}, "tools.0.name"),
        (
            {"input": "x", "tools": [{"type": "function", "name": "f", "parameters": "x"}]},
            "tools.0.parameters",
        ),
        ({"input": "x", "tools": [{"name": "f"}]}, "tools.0.type"),
        ({"input": "x", "tool_choice": "always"}, "tool_choice"),
        (
            {"input": "x", "tools": [SHELL], "tool_choice": {"type": "function", "name": "nope"}},
            "tool_choice.name",
        ),
        ({"input": "x", "tool_choice": {"type": "web_search"}}, "tool_choice.type"),
        ({"input": "x", "text": "json"}, "text"),
        ({"input": "x", "text": {"format": {"type": "yaml"}}}, "text.format.type"),
        ({"input": "x", "text": {"format": {"type": "json_schema"}}}, "text.format.schema"),
        ({"input": "x", "max_output_tokens": 0}, "max_output_tokens"),
        ({"input": "x", "max_output_tokens": "9"}, "max_output_tokens"),
        ({"input": "x", "temperature": 3}, "temperature"),
        ({"input": "x", "top_p": True}, "top_p"),
        ({"input": "x", "stream": "yes"}, "stream"),
        ({"input": "x", "store": 1}, "store"),
        ({"input": "x", "parallel_tool_calls": "no"}, "parallel_tool_calls"),
        ({"input": "x", "metadata": {"k": 1}}, "metadata"),
        ({"input": "x", "reasoning": "high"}, "reasoning"),
        ({"input": "x", "previous_response_id": 7}, "previous_response_id"),
        ({"input": "x", "background": True}, "background"),
        ({"input": "x", "conversation": "conv_1"}, "conversation"),
        ({"input": "x", "prompt": {"id": "p"}}, "prompt"),
    ],
)
def test_bad_fields_are_400s_naming_them(body: dict[str, Any], param: str) -> None:
    with pytest.raises(BadRequestError) as caught:
        chat_of(body)
    assert caught.value.param == param
    assert caught.value.message.startswith(param + ":")


def completion(
    content: str | None, calls: list[Any] | None = None, finish: str = "stop"
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if calls:
        message["tool_calls"] = calls
    return {
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10},
    }


BASE = skeleton("resp_1", 100, "qwen", {"tools": [], "store": True})


def test_a_text_answer_is_one_message_item() -> None:
    response = response_of(completion("Hello"), BASE, now=101, ids=ids())
    assert response["status"] == "completed"
    assert response["output"] == [
        {
            "id": "msg_0",
            "type": "message",
            "status": "completed",
            "role": "assistant",
            "content": [
                {"type": "output_text", "text": "Hello", "annotations": [], "logprobs": []}
            ],
        }
    ]
    assert response["usage"]["input_tokens"] == 7
    assert response["usage"]["output_tokens"] == 3
    assert response["usage"]["total_tokens"] == 10
    assert response["completed_at"] == 101
    assert BASE["output"] == []  # the skeleton is not changed


def test_tool_calls_become_function_call_items() -> None:
    calls = [
        {"id": "call_a", "type": "function", "function": {"name": "shell", "arguments": '{"c":1}'}},
        {"type": "function", "function": {"name": "ls", "arguments": {"path": "."}}},
    ]
    response = response_of(completion("", calls, "tool_calls"), BASE, now=1, ids=ids())
    assert response["output"] == [
        {
            "id": "fc_0",
            "type": "function_call",
            "status": "completed",
            "call_id": "call_a",
            "name": "shell",
            "arguments": '{"c":1}',
        },
        {
            "id": "fc_2",
            "type": "function_call",
            "status": "completed",
            "call_id": "call_1",
            "name": "ls",
            "arguments": '{"path": "."}',
        },
    ]


def test_length_makes_the_response_incomplete() -> None:
    response = response_of(completion("Hel", finish="length"), BASE, now=1, ids=ids())
    assert response["status"] == "incomplete"
    assert response["incomplete_details"] == {"reason": "max_output_tokens"}
    assert response["output"][0]["status"] == "incomplete"


def events_of(raw: bytes) -> list[dict[str, Any]]:
    events = []
    for frame in raw.decode().split("\n\n"):
        if not frame:
            continue
        kind, data = frame.split("\n")
        event = json.loads(data.removeprefix("data: "))
        assert kind == f"event: {event['type']}"
        events.append(event)
    return events


def chunk(
    delta: dict[str, Any] | None = None, finish: str | None = None, usage: Any = None
) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    return {"object": "chat.completion.chunk", "choices": choices, "usage": usage}


def run_events(chunks: list[dict[str, Any]]) -> tuple[ResponseEvents, list[dict[str, Any]]]:
    machine = ResponseEvents(skeleton("resp_1", 100, "qwen", {}), now=lambda: 101, ids=ids())
    raw = machine.start() + b"".join(machine.feed(c) for c in chunks) + machine.finish()
    events = events_of(raw)
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    return machine, events


def test_a_text_stream() -> None:
    machine, events = run_events(
        [
            chunk({"role": "assistant", "content": "Hel"}),
            chunk({"content": "lo"}),
            chunk({}, "stop"),
            chunk(usage={"prompt_tokens": 4, "completion_tokens": 2}),
        ]
    )
    assert [e["type"] for e in events] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert events[0]["response"]["output"] == []
    assert events[0]["response"]["status"] == "in_progress"
    assert [e["delta"] for e in events if e["type"].endswith("delta")] == ["Hel", "lo"]
    assert events[6]["text"] == "Hello"
    assert events[8]["item"]["content"][0]["text"] == "Hello"
    final = events[-1]["response"]
    assert final["status"] == "completed"
    assert final["output"][0]["content"][0]["text"] == "Hello"
    assert final["usage"]["total_tokens"] == 6
    assert machine.response == final


def test_a_stream_with_text_then_tool_calls() -> None:
    _, events = run_events(
        [
            chunk({"content": "Running it."}),
            chunk(
                {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "call_x",
                            "function": {"name": "shell", "arguments": '{"a"'},
                        }
                    ]
                }
            ),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": ": 1}"}}]}),
            chunk(
                {
                    "tool_calls": [
                        {"index": 1, "id": "call_y", "function": {"name": "ls", "arguments": "{}"}}
                    ]
                }
            ),
            chunk({}, "tool_calls"),
        ]
    )
    kinds = [e["type"] for e in events]
    assert kinds == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.delta",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert events[13]["arguments"] == '{"a": 1}'
    assert events[13]["output_index"] == 1
    output = events[-1]["response"]["output"]
    assert [(o["type"], o.get("call_id")) for o in output] == [
        ("message", None),
        ("function_call", "call_x"),
        ("function_call", "call_y"),
    ]
    assert events[-1]["response"]["usage"]["total_tokens"] == 0  # the backend sent none


def test_an_empty_stream_is_one_empty_message_and_length_is_incomplete() -> None:
    _, events = run_events([chunk({"role": "assistant", "content": ""}, "length")])
    assert events[2]["type"] == "response.output_item.added"
    assert events[-1]["type"] == "response.incomplete"
    assert events[-1]["response"]["incomplete_details"] == {"reason": "max_output_tokens"}
    assert events[-1]["response"]["output"][0]["content"][0]["text"] == ""


def test_a_failed_stream_reports_the_output_so_far() -> None:
    machine = ResponseEvents(skeleton("resp_1", 100, "qwen", {}), now=lambda: 101, ids=ids())
    raw = machine.start() + machine.feed(chunk({"content": "par"})) + machine.failed("broke")
    last = events_of(raw)[-1]
    assert last["type"] == "response.failed"
    assert last["sequence_number"] == 5
    assert last["response"]["error"] == {"code": "server_error", "message": "broke"}
    assert last["response"]["output"][0]["content"][0]["text"] == "par"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_store_is_per_owner_bounded_and_expiring() -> None:
    clock = Clock()
    store = ResponseStore(capacity=2, ttl_s=10, clock=clock)
    store.put("key:a", {"id": "r1"}, [{"n": 1}])
    assert store.get("key:a", "r1") is not None
    assert store.get("key:b", "r1") is None  # another owner's id reads as unknown
    assert not store.delete("key:b", "r1")
    store.put("key:a", {"id": "r2"}, [])
    store.put("key:b", {"id": "r3"}, [])
    assert store.get("key:a", "r1") is None  # the oldest went first
    assert len(store) == 2
    clock.now = 10
    assert store.get("key:a", "r2") is None  # expired
    store.put("key:a", {"id": "r4"}, [])
    assert len(store) == 1  # r3 expired too and was dropped on the way
    assert store.delete("key:a", "r4")
    assert store.get("key:a", "r4") is None
    assert store.bytes == 0


def test_a_continued_conversation_shares_its_items_and_counts_them_whole() -> None:
    store = ResponseStore(capacity=10, ttl_s=10, max_bytes=150)
    first = store.put("o", {"id": "r1"}, [{"t": "x" * 20}])  # 30 bytes of JSON
    assert first is not None
    assert (first.conversation_size, first.size) == (30, 41)  # and 11 of response
    second = store.put("o", {"id": "r2"}, [{"t": "y" * 20}], continued=first)
    assert second is not None
    assert second.conversation == (*first.conversation, {"t": "y" * 20})
    assert second.conversation[0] is first.conversation[0]  # shared, not copied
    assert (second.conversation_size, second.size) == (60, 71)
    assert store.bytes == 112
    third = store.put("o", {"id": "r3"}, [{"t": "z" * 20}], continued=second)
    assert third is not None
    assert third.size == 101
    assert store.get("o", "r1") is None  # 213 bytes: the oldest went until under 150
    assert store.get("o", "r2") is None
    assert store.bytes == 101
    assert store.put("o", {"id": "big"}, [{"t": "w" * 200}]) is None  # over the budget alone


def test_the_echoed_fields_of_a_stored_response_count_against_the_budget() -> None:
    """What is stored is counted, not only the items: a request can make the response
    echo megabytes (``reasoning``, ``metadata``, ``tools``, ``instructions``)."""
    store = ResponseStore(capacity=1000, ttl_s=10, max_bytes=100_000)
    echoed = {"reasoning": {"effort": "x" * 39_000}, "instructions": "i" * 1000}
    for number in range(100):
        entry = store.put("o", {"id": f"r{number}", **echoed}, [{"t": "hi"}])
        assert entry is not None
        assert entry.size > 40_000
        assert store.bytes <= store.max_bytes
    assert len(store) == 2  # 100 of them kept 4 MB past a 100 kB bound before
    assert store.bytes == sum(
        len(json.dumps(e.response, separators=(",", ":"))) + e.conversation_size
        for e in store._entries.values()
    )
    assert store.put("o", {"id": "huge", "metadata": {"k": "v" * 100_000}}, []) is None


def test_a_store_of_capacity_zero_keeps_nothing() -> None:
    store = ResponseStore(capacity=0, ttl_s=10)
    assert store.put("key:a", {"id": "r1"}, []) is None
    assert store.get("key:a", "r1") is None


PATCH = {
    "type": "custom",
    "name": "apply_patch",
    "description": "Edit files.",
    "format": {"type": "grammar", "syntax": "lark", "definition": "start: patch"},
}


def test_a_custom_tool_is_a_function_of_one_string() -> None:
    decoded = decode({"input": "x", "tools": [PATCH]}, model=None)
    [tool] = decoded.chat["tools"]
    parameters = tool["function"]["parameters"]
    assert tool["function"]["name"] == "apply_patch"
    assert parameters["required"] == ["input"]
    assert "lark grammar:\nstart: patch" in parameters["properties"]["input"]["description"]
    assert decoded.tools.custom == {"apply_patch"}
    assert decoded.echo["tools"] == [PATCH]


def test_custom_tool_calls_and_outputs_become_tool_messages() -> None:
    chat = chat_of(
        {
            "input": [
                {"role": "user", "content": "edit"},
                {
                    "type": "custom_tool_call",
                    "call_id": "c1",
                    "name": "apply_patch",
                    "input": "*** P",
                },
                {"type": "custom_tool_call_output", "call_id": "c1", "output": "Done"},
            ]
        }
    )
    call = chat["messages"][1]["tool_calls"][0]
    assert call["function"] == {"name": "apply_patch", "arguments": '{"input": "*** P"}'}
    assert chat["messages"][2] == {"role": "tool", "tool_call_id": "c1", "content": "Done"}


def test_a_call_to_a_custom_tool_answers_a_custom_tool_call() -> None:
    calls = [{"id": "c1", "function": {"name": "apply_patch", "arguments": '{"input": "*** P"}'}}]
    response = response_of(
        completion(None, calls, "tool_calls"),
        BASE,
        now=1,
        tools=ToolSet(custom=frozenset({"apply_patch"})),
    )
    [item] = response["output"]
    assert item["type"] == "custom_tool_call"
    assert item["id"].startswith("ctc_")
    assert (item["call_id"], item["name"], item["input"]) == ("c1", "apply_patch", "*** P")


def test_a_streamed_custom_tool_call_sends_its_input_whole() -> None:
    machine = ResponseEvents(
        skeleton("resp_1", 100, "qwen", {}),
        now=lambda: 1,
        tools=ToolSet(custom=frozenset({"apply_patch"})),
    )
    raw = machine.start()
    for piece in ('{"input": "*** ', 'Begin"}'):
        raw += machine.feed(
            chunk(
                {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "c1",
                            "function": {"name": "apply_patch", "arguments": piece},
                        }
                    ]
                }
            )
        )
    events = events_of(raw + machine.finish())
    assert [e["type"] for e in events][2:] == [
        "response.output_item.added",
        "response.custom_tool_call_input.delta",
        "response.custom_tool_call_input.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert events[2]["item"]["input"] == ""
    assert events[3]["delta"] == events[4]["input"] == "*** Begin"
    assert events[-1]["response"]["output"][0]["input"] == "*** Begin"


# -- namespace tools (Codex's multi_agent_v1) --------------------------------------------

AGENTS = {
    "type": "namespace",
    "name": "multi_agent_v1",
    "description": "Tools for spawning and managing sub-agents.",
    "tools": [
        {
            "type": "function",
            "name": "close_agent",
            "description": "Close an agent.",
            "strict": False,
            "parameters": {
                "type": "object",
                "properties": {"target": {"type": "string"}},
                "required": ["target"],
            },
        },
        {"type": "function", "name": "spawn_agent", "parameters": {"type": "object"}},
        {**PATCH, "name": "edit"},
        {"type": "web_search"},
    ],
}
"""The shape Codex 0.171 sends (its multi_agent_v1, less a few tools), and a custom
and a hosted tool as a namespace may hold too."""


def test_a_namespace_is_offered_flat_and_echoed_whole() -> None:
    decoded = decode({"input": "x", "tools": [SHELL, AGENTS, {"type": "tool_search"}]}, model=None)
    chat = chat_body(decoded)
    functions = [t["function"] for t in chat["tools"]]
    assert [f["name"] for f in functions] == [
        "shell",
        "multi_agent_v1__close_agent",
        "multi_agent_v1__spawn_agent",
        "multi_agent_v1__edit",
    ]
    close, spawn = functions[1:3]
    assert close["parameters"] == AGENTS["tools"][0]["parameters"]  # type: ignore[index]
    assert close["description"] == (
        "Close an agent.\n\n(one of the multi_agent_v1 tools: "
        "Tools for spawning and managing sub-agents.)"
    )
    assert spawn["description"] == "(one of the multi_agent_v1 tools)"  # told once
    assert functions[3]["parameters"]["required"] == ["input"]  # a custom tool's form
    assert decoded.tools.custom == {"multi_agent_v1__edit"}
    assert decoded.tools.dropped == ["web_search", "tool_search"]
    echoed = decoded.echo["tools"][1]
    assert (echoed["type"], echoed["name"]) == ("namespace", "multi_agent_v1")
    assert [t["name"] for t in echoed["tools"]] == ["close_agent", "spawn_agent", "edit"]


def test_a_flat_name_never_takes_a_name_already_offered() -> None:
    def space(name: str, tool: str) -> dict[str, Any]:
        return {"type": "namespace", "name": name, "tools": [{"type": "function", "name": tool}]}

    taken = {"type": "function", "name": "multi_agent_v1__close_agent"}
    tools = decode(
        {"input": "x", "tools": [AGENTS, space("a__b", "c"), space("a", "b__c"), taken]},
        model=None,
    ).tools
    names = [t["function"]["name"] for t in tools.chat]
    assert names[0] == "multi_agent_v1__close_agent_2"  # the plain tool keeps its name
    assert names[-3:] == ["a__b__c", "a__b__c_2", "multi_agent_v1__close_agent"]
    assert tools.client_name("multi_agent_v1__close_agent_2") == ("close_agent", "multi_agent_v1")
    assert tools.client_name("a__b__c") == ("c", "a__b")
    assert tools.client_name("a__b__c_2") == ("b__c", "a")
    assert tools.client_name("multi_agent_v1__close_agent") == ("multi_agent_v1__close_agent", None)
    assert tools.model_name("b__c", "a") == "a__b__c_2"


def test_a_big_namespace_costs_about_what_it_weighs() -> None:
    """Its description is told once and its name is bounded, so the chat body stays
    near the request's size: told with every tool, a 300 kB description and 2,000 tools
    made 600 MB (and 4 MB of them, in a body within the limit, gigabytes)."""
    many = [{"type": "function", "name": f"t{i}"} for i in range(2_000)]
    big = {"type": "namespace", "name": "n" * 128, "description": "d" * 300_000, "tools": many}
    chat = chat_of({"input": "x", "tools": [big]})
    assert len(json.dumps(chat)) < 2_000_000


def test_many_tools_of_one_flat_name_take_linear_time() -> None:
    """A hostile body can hold some 100,000 tools within the 4 MB limit, all one flat
    name: numbering them must not try every taken number again for each."""
    many = [{"type": "function", "name": "b"}] * 100_000
    start = time.perf_counter()
    tools = decode(
        {"input": "x", "tools": [{"type": "namespace", "name": "a", "tools": many}]}, model=None
    ).tools
    assert time.perf_counter() - start < 5  # quadratic numbering took minutes
    assert len(tools.namespaced) == 100_000
    assert tools.chat[-1]["function"]["name"] == "a__b_100000"


def test_a_call_to_a_namespaced_tool_comes_back_in_its_namespace() -> None:
    tools = decode({"input": "x", "tools": [AGENTS]}, model=None).tools
    calls = [
        {"id": "c1", "function": {"name": "multi_agent_v1__close_agent", "arguments": "{}"}},
        {"id": "c2", "function": {"name": "multi_agent_v1__edit", "arguments": '{"input": "x"}'}},
        {"id": "c3", "function": {"name": "shell", "arguments": "{}"}},
    ]
    response = response_of(completion(None, calls, "tool_calls"), BASE, now=1, tools=tools)
    close, edit, shell = response["output"]
    assert (close["type"], close["name"], close["namespace"]) == (
        "function_call",
        "close_agent",
        "multi_agent_v1",
    )
    assert (edit["type"], edit["name"], edit["namespace"], edit["input"]) == (
        "custom_tool_call",
        "edit",
        "multi_agent_v1",
        "x",
    )
    assert "namespace" not in shell


def test_a_streamed_call_to_a_namespaced_tool_comes_back_in_its_namespace() -> None:
    tools = decode({"input": "x", "tools": [AGENTS]}, model=None).tools
    machine = ResponseEvents(skeleton("resp_1", 100, "qwen", {}), now=lambda: 1, tools=tools)
    raw = machine.start()
    for piece in ('{"target": ', '"a1"}'):
        call = {"index": 0, "id": "c1", "function": {"name": "multi_agent_v1__close_agent"}}
        call["function"]["arguments"] = piece
        raw += machine.feed(chunk({"tool_calls": [call]}))
    events = events_of(raw + machine.finish())
    added, done = events[2]["item"], events[-2]["item"]
    assert (added["name"], added["namespace"]) == ("close_agent", "multi_agent_v1")
    assert (done["name"], done["namespace"], done["arguments"]) == (
        "close_agent",
        "multi_agent_v1",
        '{"target": "a1"}',
    )
    assert events[-1]["response"]["output"][0]["namespace"] == "multi_agent_v1"


def test_calls_sent_back_in_a_namespace_reach_the_model_flat() -> None:
    chat = chat_of(
        {
            "tools": [AGENTS],
            "input": [
                {"role": "user", "content": "close it"},
                {
                    "type": "function_call",
                    "call_id": "c1",
                    "name": "close_agent",
                    "namespace": "multi_agent_v1",
                    "arguments": "{}",
                },
                {"type": "function_call_output", "call_id": "c1", "output": "closed"},
                {
                    "type": "custom_tool_call",
                    "call_id": "c2",
                    "name": "edit",
                    "namespace": "multi_agent_v1",
                    "input": "x",
                },
                {"type": "custom_tool_call_output", "call_id": "c2", "output": "ok"},
                {"type": "tool_search_call", "id": "ts_1", "arguments": {}},
                {"type": "tool_search_output", "id": "tso_1", "tools": []},
            ],
        }
    )
    names = [m["tool_calls"][0]["function"]["name"] for m in chat["messages"] if "tool_calls" in m]
    assert names == ["multi_agent_v1__close_agent", "multi_agent_v1__edit"]
    # a namespace the request no longer offers still gets the same flat name
    [_, asked, _] = chat_of({"input": chat_input_of_a_call("gone")})["messages"]
    assert asked["tool_calls"][0]["function"]["name"] == "gone__close_agent"


def chat_input_of_a_call(namespace: str) -> list[dict[str, Any]]:
    call = {"type": "function_call", "call_id": "c", "name": "close_agent", "arguments": "{}"}
    return [
        {"role": "user", "content": "x"},
        {**call, "namespace": namespace},
        {"type": "function_call_output", "call_id": "c", "output": "done"},
    ]


@pytest.mark.parametrize(
    ("choice", "offered"),
    [
        (
            {"type": "function", "name": "close_agent", "namespace": "multi_agent_v1"},
            ["multi_agent_v1__close_agent"],
        ),
        (
            {
                "type": "allowed_tools",
                "mode": "auto",
                "tools": [
                    {"type": "function", "name": "spawn_agent", "namespace": "multi_agent_v1"},
                    {"type": "function", "name": "shell"},
                ],
            },
            ["shell", "multi_agent_v1__spawn_agent"],
        ),
    ],
)
def test_tool_choice_names_a_namespaced_tool(choice: dict[str, Any], offered: list[str]) -> None:
    chat = chat_of({"input": "x", "tools": [SHELL, AGENTS], "tool_choice": choice})
    names = [t["function"]["name"] for t in chat["tools"]]
    assert names == (offered if choice["type"] == "allowed_tools" else names)
    if choice["type"] == "function":
        assert chat["tool_choice"] == {"type": "function", "function": {"name": offered[0]}}


@pytest.mark.parametrize(
    ("tools", "param"),
    [
        ([{"type": "namespace", "tools": []}], "tools.0.name"),
        ([{"type": "namespace", "name": "n"}], "tools.0.tools"),
        ([{"type": "namespace", "name": "n", "tools": [3]}], "tools.0.tools.0"),
        (
            [{"type": "namespace", "name": "n", "tools": [{"type": "function"}]}],
            "tools.0.tools.0.name",
        ),
        (
            [{"type": "namespace", "name": "n", "description": 1, "tools": []}],
            "tools.0.description",
        ),
        ([{"type": "namespace", "name": "n" * 129, "tools": []}], "tools.0.name"),
    ],
)
def test_a_bad_namespace_is_a_400_naming_the_field(tools: list[Any], param: str) -> None:
    with pytest.raises(BadRequestError) as refused:
        decode({"input": "x", "tools": tools}, model=None)
    assert refused.value.param == param


def test_a_huge_max_output_tokens_is_lowered_to_a_ceiling() -> None:
    """One validation for both faces (api/sampling.py): a limit is clamped, not refused."""
    chat = chat_of({"input": "x", "max_output_tokens": 2**63})
    assert chat["max_tokens"] <= 1_000_000
