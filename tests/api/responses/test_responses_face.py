"""``POST /v1/responses`` through a real router and simulator with the official
``openai`` SDK: create, stream, function calls, structured output, a Codex-shaped
conversation, stored responses per owner, and errors."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import openai
import pytest
from pydantic import BaseModel

from ollama_agent_router.access import hash_key
from support.stack import Stack, gex44_data, stack

KEY_A, KEY_B = "key-of-alice-000001", "key-of-bob-00000002"
SHELL = {
    "type": "function",
    "name": "shell",
    "description": "Runs a shell command and returns its output.",
    "strict": False,
    "parameters": {
        "type": "object",
        "properties": {
            "command": {"type": "array", "items": {"type": "string"}},
            "workdir": {"type": "string"},
        },
        "required": ["command"],
        "additionalProperties": False,
    },
}
APPLY_PATCH = {
    "type": "function",
    "name": "apply_patch",
    "description": "Applies a patch to files.",
    "strict": False,
    "parameters": {
        "type": "object",
        "properties": {"input": {"type": "string"}},
        "required": ["input"],
        "additionalProperties": False,
    },
}


@asynccontextmanager
async def client(s: Stack, key: str = "unused") -> AsyncIterator[openai.AsyncOpenAI]:
    sdk = openai.AsyncOpenAI(base_url=s.url + "/v1", api_key=key, max_retries=0)
    try:
        yield sdk
    finally:
        await sdk.close()


async def test_create_with_a_string_and_with_items() -> None:
    async with stack() as s, client(s) as sdk:
        raw = await sdk.responses.with_raw_response.create(model="gpt-4o", input="hello there")
        first = raw.parse()
        headers = raw.headers
        second = await sdk.responses.create(
            model="auto",
            instructions="Answer briefly.",
            input=[
                {"role": "developer", "content": "Be kind."},
                {"role": "user", "content": [{"type": "input_text", "text": "hi"}]},
                {"role": "assistant", "content": "Hello!"},
                {"type": "message", "role": "user", "content": "how are you?"},
            ],
            max_output_tokens=50,
            temperature=0.3,
            metadata={"run": "7"},
        )
        by_model = s.sim.state["requests"]["byModel"]
    assert first.object == "response"
    assert first.id.startswith("resp_")
    assert first.status == "completed"
    assert first.output_text
    assert first.output[0].type == "message"
    assert first.output[0].id.startswith("msg_")
    assert first.usage is not None
    assert first.usage.output_tokens > 0
    assert first.usage.total_tokens == first.usage.input_tokens + first.usage.output_tokens
    assert headers["x-router-selected-model"] == first.model  # gpt-4o routed as auto
    assert headers["x-router-task-type"] == "simple_chat"
    router = json.loads(raw.text)["router"]
    assert router["selectedModel"] == first.model
    assert second.output_text
    assert second.instructions == "Answer briefly."
    assert second.max_output_tokens == 50
    assert second.metadata == {"run": "7"}
    assert sum(by_model.values()) == 2


async def test_stream_emits_the_responses_event_sequence() -> None:
    async with stack() as s, client(s) as sdk:
        async with sdk.responses.stream(model="gpt-5", input="tell me a story") as stream:
            events = [event async for event in stream]
            final = await stream.get_final_response()
        raw = await sdk.responses.create(model="gpt-5", input="again", stream=True)
        again = [event async for event in raw]
    kinds = [event.type for event in events]
    assert kinds[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    deltas = [event for event in events if event.type == "response.output_text.delta"]
    assert len(deltas) > 1
    assert kinds[4 : 4 + len(deltas)] == ["response.output_text.delta"] * len(deltas)
    assert kinds[4 + len(deltas) :] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [event.sequence_number for event in events] == list(range(len(events)))
    text = "".join(event.delta for event in deltas)
    assert final.output_text == text
    assert final.status == "completed"
    assert final.usage is not None
    assert final.usage.output_tokens > 0
    assert final.id == events[0].response.id
    assert [event.type for event in again][-1] == "response.completed"


@pytest.mark.parametrize("api", ["openai", "native"])
async def test_a_function_call_round_trip_with_previous_response_id(api: str) -> None:
    async with stack(gex44_data(**{"ollama.api": api})) as s, client(s) as sdk:
        asked = await sdk.responses.create(
            model="gpt-5", input="List the files here.", tools=[SHELL]
        )
        [call] = asked.output
        assert call.type == "function_call"
        assert call.name == "shell"
        assert call.id is not None
        assert call.id.startswith("fc_")
        assert "command" in json.loads(call.arguments)
        answered = await sdk.responses.create(
            model="gpt-5",
            previous_response_id=asked.id,
            input=[{"type": "function_call_output", "call_id": call.call_id, "output": "a.txt"}],
            tools=[SHELL],
        )
        stored = await sdk.responses.retrieve(answered.id)
    assert answered.previous_response_id == asked.id
    assert answered.output[0].type == "message"
    assert answered.output_text  # the tool result ended the loop: an answer, no new call
    assert stored.output_text == answered.output_text


async def test_a_function_call_round_trip_with_the_full_input_streamed() -> None:
    async with stack() as s, client(s) as sdk:
        async with sdk.responses.stream(
            model="gpt-5", input="Show the date.", tools=[SHELL], store=False
        ) as stream:
            kinds = [event.type async for event in stream]
            asked = await stream.get_final_response()
        [call] = asked.output
        assert call.type == "function_call"
        assert kinds == [
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.done",
            "response.output_item.done",
            "response.completed",
        ]
        async with sdk.responses.stream(
            model="gpt-5",
            input=[
                {"role": "user", "content": "Show the date."},
                {
                    "type": "function_call",
                    "call_id": call.call_id,
                    "name": call.name,
                    "arguments": call.arguments,
                },
                {"type": "function_call_output", "call_id": call.call_id, "output": "Monday"},
            ],
            tools=[SHELL],
            store=False,
        ) as stream:
            answered = await stream.get_final_response()
    assert answered.output_text


class Weather(BaseModel):
    city: str
    celsius: int
    sunny: bool


async def test_text_format_json_schema_reaches_the_backend() -> None:
    schema = Weather.model_json_schema()
    async with stack() as s, client(s) as sdk:
        answer = await sdk.responses.create(
            model="gpt-5",
            input="The weather in Paris?",
            text={
                "format": {
                    "type": "json_schema",
                    "name": "weather",
                    "schema": schema,
                    "strict": True,
                }
            },
        )
        parsed = await sdk.responses.parse(
            model="gpt-5", input="The weather in Rome?", text_format=Weather
        )
    # the simulator writes JSON for the schema only when it got response_format
    assert set(json.loads(answer.output_text)) == {"city", "celsius", "sunny"}
    assert answer.text is not None
    assert answer.text.format.type == "json_schema"
    assert isinstance(parsed.output_parsed, Weather)


def codex_turn(extra_input: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A request shaped like the one Codex sends (wire_api = "responses")."""
    return {
        "model": "gpt-5-codex",
        "instructions": "You are Codex, a coding agent. Use the shell tool to inspect files.",
        "input": [
            {
                "type": "message",
                "role": "developer",
                "content": [
                    {"type": "input_text", "text": "<permissions>workspace-write</permissions>"}
                ],
            },
            {
                "type": "message",
                "role": "user",
                "content": [
                    {
                        "type": "input_text",
                        "text": "<environment_context>cwd=/repo</environment_context>",
                    }
                ],
            },
            {
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "Fix the failing test in parser.py"}],
            },
            *(extra_input or []),
        ],
        "tools": [SHELL, APPLY_PATCH, {"type": "web_search"}],
        "tool_choice": "auto",
        "parallel_tool_calls": False,
        "reasoning": {"effort": "medium", "summary": "auto"},
        "store": False,
        "stream": True,
        "include": ["reasoning.encrypted_content"],
        "prompt_cache_key": "0199a7c4-codex-session",
        "text": {"verbosity": "medium"},
    }


async def test_a_codex_shaped_conversation() -> None:
    async with stack() as s, client(s) as sdk:
        raw = await sdk.responses.with_raw_response.create(**codex_turn())
        assert raw.headers["x-router-dropped-tools"] == "web_search"
        assert raw.headers["x-router-task-type"]
        events = [event async for event in raw.parse()]
        done = [e.item for e in events if e.type == "response.output_item.done"]
        [call] = done
        assert call.type == "function_call"
        assert call.name == "shell"
        completed = events[-1]
        assert completed.type == "response.completed"
        assert completed.response.parallel_tool_calls is False
        followup = codex_turn(
            [
                {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAAA"},
                {
                    "type": "function_call",
                    "id": call.id,
                    "call_id": call.call_id,
                    "name": "shell",
                    "arguments": call.arguments,
                },
                {
                    "type": "function_call_output",
                    "call_id": call.call_id,
                    "output": "FAILED test_parser.py::test_empty",
                },
            ]
        )
        second = [event async for event in await sdk.responses.create(**followup)]
        assert second[-1].type == "response.completed"
        assert second[-1].response.output_text
        with pytest.raises(openai.NotFoundError):  # store: false kept nothing
            await sdk.responses.retrieve(completed.response.id)
        with pytest.raises(openai.BadRequestError) as refused:
            await sdk.responses.create(
                model="gpt-5-codex", input="go on", previous_response_id=completed.response.id
            )
    assert refused.value.body["param"] == "previous_response_id"  # type: ignore[index]


APPLY_PATCH_FREEFORM = {
    "type": "custom",
    "name": "apply_patch",
    "description": "Use the apply_patch tool to edit files.",
    "format": {
        "type": "grammar",
        "syntax": "lark",
        "definition": 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF',
    },
}


async def test_a_codex_custom_tool_round_trip() -> None:
    """GPT-5 Codex sends apply_patch as a custom (free-form) tool."""
    turn = codex_turn()
    turn["tools"] = [APPLY_PATCH_FREEFORM, SHELL]
    async with stack() as s, client(s) as sdk:
        events = [event async for event in await sdk.responses.create(**turn)]
        done = [e.item for e in events if e.type == "response.output_item.done"]
        inputs = [e for e in events if e.type == "response.custom_tool_call_input.done"]
        [call] = done
        assert call.type == "custom_tool_call"
        assert call.name == "apply_patch"
        assert inputs[0].input == call.input
        followup = codex_turn(
            [
                {
                    "type": "custom_tool_call",
                    "call_id": call.call_id,
                    "name": call.name,
                    "input": call.input,
                },
                {"type": "custom_tool_call_output", "call_id": call.call_id, "output": "Success."},
            ]
        )
        followup["tools"] = turn["tools"]
        second = [event async for event in await sdk.responses.create(**followup)]
    assert second[-1].type == "response.completed"
    assert second[-1].response.output_text


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
                "additionalProperties": False,
            },
        },
        {"type": "image_generation"},
    ],
}
"""A namespace tool as Codex 0.171 sends its ``multi_agent_v1`` (one tool of it), with
a hosted tool inside that is dropped."""


@pytest.mark.parametrize("streamed", [False, True])
async def test_a_codex_namespace_tool_round_trip(streamed: bool) -> None:
    """The simulator calls the first tool offered: the namespace's, flat for the model
    and named back as Codex expects it (``name`` and ``namespace``)."""
    turn = codex_turn()
    turn["tools"] = [AGENTS, SHELL, {"type": "web_search"}]
    turn["stream"] = streamed
    async with stack() as s:
        async with s.http.post(s.url + "/v1/responses", json=turn) as raw:
            assert raw.status == 200, await raw.text()
            assert raw.headers["x-router-dropped-tools"] == "image_generation,web_search"
            text = await raw.text()
        if streamed:
            events = [line for line in text.splitlines() if line.startswith("data: ")]
            body = json.loads(events[-1].removeprefix("data: "))["response"]
        else:
            body = json.loads(text)
        [call] = body["output"]
        assert (call["type"], call["name"], call["namespace"]) == (
            "function_call",
            "close_agent",
            "multi_agent_v1",
        )
        assert "target" in json.loads(call["arguments"])
        assert body["tools"][0]["tools"][0]["name"] == "close_agent"
        followup = codex_turn(
            [
                {key: call[key] for key in ("type", "call_id", "name", "namespace", "arguments")},
                {"type": "function_call_output", "call_id": call["call_id"], "output": "closed"},
            ]
        )
        followup["tools"] = turn["tools"]
        status, answered, _ = await s.post("/v1/responses", {**followup, "stream": False})
    assert status == 200, answered
    assert answered["output"][0]["type"] == "message"  # the tool result ended the loop


def two_keys(tmp_path: Path) -> dict[str, Any]:
    anyone = ["standalone"]
    return gex44_data(
        access={
            "managedConfigPath": str(tmp_path / "access-managed.yaml"),
            "bootstrapIfMissing": True,
            "managed": {
                "planes": {"standalone": {"auth": {"requireApiKey": True, "anonymous": "reject"}}},
                "apiKeys": [
                    {"id": "alice", "keyHash": hash_key(KEY_A), "scopes": anyone},
                    {"id": "bob", "keyHash": hash_key(KEY_B), "scopes": anyone},
                ],
            },
        }
    )


async def test_stored_responses_belong_to_their_key(tmp_path: Path) -> None:
    async with stack(two_keys(tmp_path)) as s, client(s, KEY_A) as alice, client(s, KEY_B) as bob:
        first = await alice.responses.create(model="gpt-5", input="alice's secret plan")
        with pytest.raises(openai.BadRequestError) as refused:
            await bob.responses.create(
                model="gpt-5", input="continue", previous_response_id=first.id
            )
        with pytest.raises(openai.NotFoundError):
            await bob.responses.retrieve(first.id)
        with pytest.raises(openai.NotFoundError):
            await bob.responses.delete(first.id)
        continued = await alice.responses.create(
            model="gpt-5", input="continue", previous_response_id=first.id
        )
        assert (await alice.responses.retrieve(first.id)).output_text == first.output_text
        await alice.responses.delete(first.id)
        with pytest.raises(openai.NotFoundError):
            await alice.responses.retrieve(first.id)
    error = refused.value.body
    assert isinstance(error, dict)
    assert error["param"] == "previous_response_id"
    assert first.id in error["message"]
    assert "secret" not in json.dumps(error)
    assert continued.output_text


async def test_a_continued_response_carries_the_conversation() -> None:
    async with stack() as s, client(s) as sdk:
        first = await sdk.responses.create(model="gpt-5", input="sim-mark:first remember 42")
        second = await sdk.responses.create(
            model="gpt-5", input="and now?", previous_response_id=first.id
        )
        third = await sdk.responses.create(
            model="gpt-5", input="once more", previous_response_id=second.id
        )
        marks = s.sim.state["marks"]
    # the first prompt reached the backend three times: itself, then as history twice
    assert marks == {"first": 3}
    assert third.previous_response_id == second.id


async def test_big_echoed_fields_count_against_the_store_bound() -> None:
    """A face given only ``storeMaxSize`` still maps ``gpt-*``, and the bound holds
    the stored responses as they are, with the ``reasoning`` they echo."""
    data = gex44_data(**{"faces.responses": {"storeMaxSize": "1mb"}})
    big = {"effort": "x" * 300_000}
    async with stack(data) as s:
        assert s.services is not None
        store = s.services.responses
        ids = []
        for _ in range(8):
            status, answer, _ = await s.post(
                "/v1/responses", {"model": "gpt-5", "input": "hi", "reasoning": big}
            )
            assert status == 200, answer
            assert answer["reasoning"]["effort"] == big["effort"]
            ids.append(answer["id"])
            assert store.bytes <= 1024**2
        first, _ = await s.get(f"/v1/responses/{ids[0]}")
        last, stored = await s.get(f"/v1/responses/{ids[-1]}")
    assert first == 404  # the oldest went first
    assert last == 200
    assert stored["reasoning"]["effort"] == big["effort"]
    assert len(store) == 3


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"model": "gpt-5", "input": 42}, "input"),
        (
            {"model": "gpt-5", "input": [{"role": "user", "content": [{"type": "audio"}]}]},
            "input.0.content.0.type",
        ),
        ({"model": "gpt-5", "input": "x", "tools": [{"type": "function"}]}, "tools.0.name"),
        ({"model": "gpt-5", "input": "x", "text": {"format": {"type": "xml"}}}, "text.format.type"),
        (
            {"model": "gpt-5", "input": "x", "previous_response_id": "resp_nope"},
            "previous_response_id",
        ),
        ({"model": "gpt-5", "input": "x", "router": {"mode": "async"}}, "router.mode"),
        ({"model": "gpt-5", "input": "x", "router": {"colour": 1}}, "router.colour"),
        ({"model": "gpt-5", "input": "x", "background": True}, "background"),
    ],
)
async def test_bad_requests_are_openai_400s_naming_the_field(
    body: dict[str, Any], param: str
) -> None:
    async with stack() as s:
        status, error, _ = await s.post("/v1/responses", body)
        inferences = s.sim.state["requests"]["byModel"]
    assert status == 400, error
    assert error["error"]["param"] == param
    assert error["error"]["type"] == "invalid_request_error"
    assert inferences == {}


async def test_an_unknown_model_is_a_404_and_unknown_ids_too() -> None:
    async with stack() as s:
        status, error, _ = await s.post("/v1/responses", {"model": "llama9", "input": "x"})
        assert status == 404
        assert error["error"]["param"] == "model"
        status, missing = await s.get("/v1/responses/resp_unknown")
        assert status == 404
        assert missing["error"]["param"] == "response_id"
        async with s.http.delete(s.url + "/v1/responses/resp_unknown") as response:
            assert response.status == 404


HOSTILE: list[Any] = [
    None,
    True,
    7,
    -1.5,
    "",
    "x" * 300,
    [],
    [None],
    {},
    {"type": None},
    [[[]]],
    [{"type": "\U0001f600\r\nx"}],  # a tool type that must not break a header
    [{"type": {}}],
    [{"role": "user", "content": [{"type": []}]}],
    [{"type": "function_call", "call_id": [], "name": {}, "arguments": 1}],
]
FIELDS = [
    "model",
    "input",
    "instructions",
    "tools",
    "tool_choice",
    "text",
    "max_output_tokens",
    "temperature",
    "top_p",
    "parallel_tool_calls",
    "previous_response_id",
    "store",
    "stream",
    "metadata",
    "reasoning",
    "router",
]


async def test_hostile_values_in_every_field_never_break_the_router() -> None:
    """Wrong types in every field read: a 4xx in the OpenAI shape or an answer, never a
    5xx, and no slot left behind (the stack's exit check)."""
    seen: set[int] = set()
    async with stack() as s:
        for field in FIELDS:
            for value in HOSTILE:
                body = {"model": "gpt-5", "input": "hi", field: value}
                status, answer, _ = await s.post("/v1/responses", body)
                seen.add(status)
                assert status < 500, (field, value, answer)
                if status >= 400:
                    assert answer["error"]["message"], (field, value)
        status, answer, _ = await s.post("/v1/responses", [1, 2])
        assert status == 400
    assert 400 in seen


async def test_a_mid_stream_failure_ends_with_response_failed() -> None:
    async with stack() as s:
        s.sim.set_fault("cut=3")
        body = {"model": "gpt-5", "input": "tell me a long story", "stream": True}
        async with s.http.post(s.url + "/v1/responses", json=body) as response:
            assert response.status == 200
            raw = (await response.read()).decode()
    events = [json.loads(line[6:]) for line in raw.split("\n") if line.startswith("data: ")]
    last = events[-1]
    assert last["type"] == "response.failed"
    assert last["response"]["status"] == "failed"
    assert last["response"]["error"]["code"] == "server_error"
    assert "response.completed" not in [event["type"] for event in events]
    assert [event["sequence_number"] for event in events] == list(range(len(events)))


async def test_the_token_limit_makes_a_response_incomplete() -> None:
    async with stack() as s, client(s) as sdk:
        cut = await sdk.responses.create(
            model="gpt-5", input="tell me a long story", max_output_tokens=3
        )
        stream = await sdk.responses.create(
            model="gpt-5", input="tell me a long story", max_output_tokens=3, stream=True
        )
        events = [event async for event in stream]
    assert cut.status == "incomplete"
    assert cut.incomplete_details is not None
    assert cut.incomplete_details.reason == "max_output_tokens"
    assert cut.usage is not None
    assert cut.usage.output_tokens == 3
    assert events[-1].type == "response.incomplete"
    assert events[-1].response.incomplete_details is not None
