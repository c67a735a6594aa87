"""Scripted tool calls: exact calls (valid or not) and each way a call breaks, on the
OpenAI and the native API, streamed or not, through the control API and the handle."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from tests.simulator.sim_helpers import SMALL, chat, settings

from ollama_agent_router.simulator import run_simulator
from ollama_agent_router.simulator.scripted import UNKNOWN_TOOL, answer_from_json

WRITE = {
    "type": "function",
    "function": {
        "name": "Write",
        "parameters": {
            "type": "object",
            "properties": {"file_path": {"type": "string"}, "content": {"type": "string"}},
            "required": ["file_path", "content"],
        },
    },
}


def ask(**extra: Any) -> dict[str, Any]:
    return chat(SMALL, "write it", tools=[WRITE], **extra)


async def v1(c: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    reply = await c.post("/v1/chat/completions", json=body)
    assert reply.status_code == 200
    choice: dict[str, Any] = reply.json()["choices"][0]
    return choice


@pytest.mark.parametrize(
    ("fault", "expect"),
    [
        ("bad_arguments", "unparsable"),
        ("unknown_tool", "unknown"),
        ("missing_required", "missing"),
        ("in_content", "content"),
    ],
)
async def test_each_tool_fault_on_the_openai_api(fault: str, expect: str) -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        posted = await c.post("/_sim/responses", json={"toolFault": fault, "times": 1})
        assert posted.status_code == 201
        assert posted.json()["toolFault"] == fault
        choice = await v1(c, ask())
        normal = await v1(c, ask())  # times=1: the next answer is a good call again
    assert json.loads(normal["message"]["tool_calls"][0]["function"]["arguments"]).keys() == {
        "file_path",
        "content",
    }
    message = choice["message"]
    if expect == "content":
        assert "tool_calls" not in message
        assert choice["finish_reason"] == "stop"
        written = json.loads(message["content"])
        assert written["name"] == "Write"
        assert set(written["arguments"]) == {"file_path", "content"}
        return
    function = message["tool_calls"][0]["function"]
    assert choice["finish_reason"] == "tool_calls"
    if expect == "unparsable":
        with pytest.raises(json.JSONDecodeError, match="Expecting"):
            json.loads(function["arguments"])
        assert function["arguments"].startswith('{"file_path"')
    elif expect == "unknown":
        assert function["name"] == UNKNOWN_TOOL
    else:
        assert json.loads(function["arguments"]).keys() == {"content"}


async def test_exact_calls_with_text_before_them_streamed_and_native() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        sim.add_response(
            "Let me write it.", tool_calls=[("write", '{"file_path": "a",}'), ("Read", "{}")]
        )
        choice = await v1(c, ask())
        calls = choice["message"]["tool_calls"]
        assert choice["message"]["content"] == "Let me write it."
        assert [(t["function"]["name"], t["function"]["arguments"]) for t in calls] == [
            ("write", '{"file_path": "a",}'),  # sent as written, trailing comma and all
            ("Read", "{}"),
        ]
        streamed = await c.post("/v1/chat/completions", json=ask(stream=True))
        events = [line[6:] for line in streamed.text.splitlines() if line.startswith("data: ")]
        chunks = [json.loads(e) for e in events[:-1]]
        text = "".join(ch["choices"][0]["delta"].get("content") or "" for ch in chunks)
        assert text == "Let me write it."
        deltas = [ch["choices"][0]["delta"] for ch in chunks]
        deltas = [delta for delta in deltas if "tool_calls" in delta]
        assert len(deltas) == 1
        assert deltas[0]["tool_calls"][0]["function"]["arguments"] == '{"file_path": "a",}'
        assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
        native = await c.post("/api/chat", json={**ask(), "stream": False})
        message = native.json()["message"]
        # Ollama's native calls carry objects: text that does not parse goes as the string
        assert [t["function"]["arguments"] for t in message["tool_calls"]] == [
            '{"file_path": "a",}',
            {},
        ]


async def test_a_tool_fault_without_tools_is_just_the_content() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        sim.add_response("plain words", tool_fault="unknown_tool")
        choice = await v1(c, chat(SMALL, "hi"))
    assert choice["message"] == {"role": "assistant", "content": "plain words"}


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"model": SMALL}, "content, toolCalls or toolFault is required"),
        ({"toolFault": "explode"}, "toolFault must be one of"),
        ({"toolCalls": [{"arguments": {}}]}, "toolCalls must be a list of {name, arguments}"),
        ({"toolCalls": "Write"}, "toolCalls must be a list"),
    ],
)
async def test_bad_scripts_are_refused(body: dict[str, Any], error: str) -> None:
    with pytest.raises(ValueError, match=error.replace("{", r"\{").replace("}", r"\}")):
        answer_from_json(body)
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        reply = await c.post("/_sim/responses", json=body)
    assert reply.status_code == 400


def test_object_arguments_are_sent_as_their_json_text() -> None:
    answer = answer_from_json({"toolCalls": [{"name": "Write", "arguments": {"a": 1}}]})
    assert answer.to_json()["toolCalls"] == [{"name": "Write", "arguments": '{"a": 1}'}]
    assert answer.content == ""
