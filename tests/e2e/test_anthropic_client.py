"""The official ``anthropic`` package against the router's Messages face (real router,
real simulator): create, stream, a tool round trip, a Claude Code-shaped session,
count_tokens and errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anthropic
import pytest

from support.secured import CLIENT, secured_data
from support.stack import gex44_data, stack

VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"
CONFIGURED = {VIBE, QWEN, "deepseek-coder:6.7b", "gpt-oss:20b"}
SONNET = "claude-sonnet-4-5-20250929"

WEATHER = {
    "name": "get_weather",
    "description": "Current weather for a city",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}


def client_for(url: str) -> anthropic.AsyncAnthropic:
    return anthropic.AsyncAnthropic(base_url=url, api_key="unused", max_retries=0)


async def test_create_with_a_claude_model_id_is_routed() -> None:
    async with stack() as s:
        client = client_for(s.url)
        raw = await client.messages.with_raw_response.create(
            model=SONNET, max_tokens=256, messages=[{"role": "user", "content": "hello!"}]
        )
        message = await raw.parse()
        await client.close()
    assert message.type == "message"
    assert message.role == "assistant"
    assert message.id.startswith("msg_")
    assert message.stop_reason == "end_turn"
    [block] = message.content
    assert block.type == "text"
    assert block.text
    assert message.usage.input_tokens > 0
    assert message.usage.output_tokens > 0
    assert message.model == VIBE  # the local model that answered
    assert message.model_extra is not None
    router = message.model_extra["router"]
    assert router["selectedModel"] == VIBE
    assert router["taskType"] == "simple_chat"
    assert raw.headers["x-router-selected-model"] == VIBE
    assert raw.headers["x-router-task-type"] == "simple_chat"


async def test_stream_text_events_and_final_message() -> None:
    async with stack() as s:
        client = client_for(s.url)
        async with client.messages.stream(
            model="auto", max_tokens=256, messages=[{"role": "user", "content": "hello!"}]
        ) as stream:
            texts = [text async for text in stream.text_stream]
            final = await stream.get_final_message()
            headers = stream.response.headers
        await client.close()
    assert len(texts) > 1
    [block] = final.content
    assert block.type == "text"
    assert block.text == "".join(texts)
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens == len(texts)  # the simulator: one token per delta
    assert final.usage.input_tokens > 0
    assert headers["content-type"].startswith("text/event-stream")
    assert headers["x-router-selected-model"] == final.model == VIBE


async def test_the_raw_event_sequence() -> None:
    body = {
        "model": "auto",
        "max_tokens": 5,
        "stream": True,
        "messages": [{"role": "user", "content": "hi"}],
    }
    async with stack() as s, s.http.post(s.url + "/v1/messages", json=body) as response:
        text = await response.text()
    frames = [frame for frame in text.split("\n\n") if frame]
    names, datas = [], []
    for frame in frames:
        event, data = frame.split("\n")
        assert event.startswith("event: ")
        assert data.startswith("data: ")
        names.append(event[7:])
        datas.append(json.loads(data[6:]))
        assert datas[-1]["type"] == names[-1]
    assert names == [
        "message_start",
        "ping",
        "content_block_start",
        *["content_block_delta"] * 5,
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert datas[-2]["delta"] == {"stop_reason": "max_tokens", "stop_sequence": None}
    assert datas[-2]["usage"]["output_tokens"] == 5


@pytest.mark.parametrize("api", ["openai", "native"])
@pytest.mark.parametrize("streamed", [False, True])
async def test_a_tool_use_round_trip(streamed: bool, api: str) -> None:
    """Through either Ollama API the router can use (``ollama.api``)."""
    question = {"role": "user", "content": "What is the weather in Paris?"}
    async with stack(gex44_data(**{"ollama.api": api})) as s:
        client = client_for(s.url)

        async def ask(messages: list[Any]) -> Any:
            if not streamed:
                return await client.messages.create(
                    model="auto", max_tokens=256, tools=[WEATHER], messages=messages
                )
            async with client.messages.stream(
                model="auto", max_tokens=256, tools=[WEATHER], messages=messages
            ) as stream:
                return await stream.get_final_message()

        first = await ask([question])
        [call] = [block for block in first.content if block.type == "tool_use"]
        history = [
            question,
            {"role": "assistant", "content": [block.model_dump() for block in first.content]},
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": call.id, "content": "18 C"}],
            },
        ]
        answer = await ask(history)
        await client.close()
    assert first.stop_reason == "tool_use"
    assert call.name == "get_weather"
    assert isinstance(call.input["city"], str)
    # the simulator answers in text only when the last message is a ``tool`` message:
    # the tool_result reached the model as one
    assert answer.stop_reason == "end_turn"
    assert [block.type for block in answer.content] == ["text"]


def claude_code_tools() -> list[dict[str, Any]]:
    """Fifteen tools shaped like Claude Code's (draft-07 schemas, closed objects)."""

    def tool(name: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
        return {
            "name": name,
            "description": f"{name}: a tool of the coding agent. Use it when it helps.",
            "input_schema": {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            },
        }

    text = {"type": "string"}
    return [
        tool("Bash", {"command": text, "timeout": {"type": "number"}}, ["command"]),
        tool("Glob", {"pattern": text, "path": text}, ["pattern"]),
        tool("Grep", {"pattern": text, "path": text, "-i": {"type": "boolean"}}, ["pattern"]),
        tool("LS", {"path": text, "ignore": {"type": "array", "items": text}}, ["path"]),
        tool("Read", {"file_path": text, "offset": {"type": "number"}}, ["file_path"]),
        tool("Edit", {"file_path": text, "old_string": text, "new_string": text}, ["file_path"]),
        tool(
            "MultiEdit",
            {
                "file_path": text,
                "edits": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"old_string": text, "new_string": text},
                        "required": ["old_string", "new_string"],
                    },
                },
            },
            ["file_path", "edits"],
        ),
        tool("Write", {"file_path": text, "content": text}, ["file_path", "content"]),
        tool("NotebookEdit", {"notebook_path": text, "new_source": text}, ["notebook_path"]),
        tool("WebFetch", {"url": {"type": "string", "format": "uri"}, "prompt": text}, ["url"]),
        tool(
            "TodoWrite",
            {
                "todos": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "content": text,
                            "status": {"enum": ["pending", "in_progress", "completed"]},
                        },
                    },
                }
            },
            ["todos"],
        ),
        tool("Task", {"description": text, "prompt": text}, ["description", "prompt"]),
        tool("ExitPlanMode", {"plan": text}, ["plan"]),
        tool("BashOutput", {"bash_id": text}, ["bash_id"]),
        tool("KillShell", {"shell_id": text}, ["shell_id"]),
    ]


def claude_code_request() -> dict[str, Any]:
    ephemeral = {"type": "ephemeral"}
    return {
        "model": SONNET,
        "max_tokens": 32000,
        "stream": True,
        "temperature": 1,
        "metadata": {"user_id": "user_abc_account__session_123"},
        "system": [
            {
                "type": "text",
                "text": "You are Claude Code, Anthropic's official CLI for Claude.",
                "cache_control": ephemeral,
            },
            {
                "type": "text",
                "text": "You are an interactive CLI tool that helps users with software "
                "engineering tasks. Use the tools available to you.",
                "cache_control": ephemeral,
            },
        ],
        "tools": claude_code_tools(),
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "<system-reminder>todo list empty</system-reminder>"},
                    {
                        "type": "text",
                        "text": "Fix the failing test in tests/test_parse.py",
                        "cache_control": ephemeral,
                    },
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "I'll read the test first."},
                    {
                        "type": "tool_use",
                        "id": "toolu_01A",
                        "name": "Read",
                        "input": {"file_path": "tests/test_parse.py"},
                    },
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_01A",
                        "content": "def test_parse():\n    assert parse('1') == 1\n",
                        "cache_control": ephemeral,
                    }
                ],
            },
        ],
    }


def sdk_arguments(request: dict[str, Any]) -> dict[str, Any]:
    """``messages.stream`` arguments; what it has no parameter for goes in the body."""
    named = ("model", "max_tokens", "metadata", "system", "tools", "messages")
    extra = {k: v for k, v in request.items() if k not in (*named, "stream")}
    return {**{k: request[k] for k in named}, "extra_body": extra}


async def test_a_claude_code_shaped_session() -> None:
    """System blocks with cache_control, fifteen tools, a tool history, streaming, a
    ``claude-sonnet-…`` id, Claude Code's headers and its ``?beta=true`` query."""
    async with stack() as s:
        client = anthropic.AsyncAnthropic(
            base_url=s.url,
            api_key="unused",
            max_retries=0,
            default_headers={
                "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14"
            },
        )
        request = claude_code_request()
        async with client.messages.stream(
            **sdk_arguments(request), extra_query={"beta": "true"}
        ) as stream:
            final = await stream.get_final_message()
            headers = stream.response.headers
        # and the next turn asks again without the tool result: the model calls a tool
        request["messages"] = request["messages"][:1]
        async with client.messages.stream(**sdk_arguments(request)) as stream:
            calling = await stream.get_final_message()
        await client.close()
        upstream = s.sim.state["requests"]["byModel"]
    assert final.stop_reason == "end_turn"
    assert final.content[0].type == "text"
    assert final.model in CONFIGURED
    assert headers["x-router-selected-model"] == final.model
    assert headers["x-router-task-type"] != ""
    assert "auto" not in upstream
    assert SONNET not in upstream
    assert calling.stop_reason == "tool_use"
    [call] = [block for block in calling.content if block.type == "tool_use"]
    assert call.name == "Bash"
    assert isinstance(call.input["command"], str)


async def test_count_tokens() -> None:
    async with stack() as s:
        client = client_for(s.url)
        small = await client.messages.count_tokens(
            model=SONNET, messages=[{"role": "user", "content": "hello there"}]
        )
        request = claude_code_request()
        large = await client.messages.count_tokens(
            model=SONNET,
            system=request["system"],
            tools=request["tools"],
            messages=request["messages"],
        )
        await client.close()
        calls = s.sim.state["requests"]["byModel"]
    assert small.input_tokens == 3  # 11 characters, four a token
    assert large.input_tokens > 500
    assert calls == {}  # no model ran


async def test_errors_read_as_anthropic_errors() -> None:
    async with stack() as s:
        client = client_for(s.url)
        with pytest.raises(anthropic.BadRequestError) as bad:
            await client.messages.create(
                model="auto",
                max_tokens=16,
                messages=[
                    {"role": "user", "content": "a"},
                    {"role": "assistant", "content": "b"},
                    {"role": "user", "content": [{"type": "video", "url": "x"}]},  # type: ignore[list-item]
                ],
            )
        with pytest.raises(anthropic.NotFoundError) as missing:
            await client.messages.create(
                model="llama9", max_tokens=16, messages=[{"role": "user", "content": "a"}]
            )
        with pytest.raises(anthropic.BadRequestError) as server_tool:
            await client.messages.create(
                model="auto",
                max_tokens=16,
                tools=[{"type": "web_search_20250305", "name": "web_search"}],
                messages=[{"role": "user", "content": "news?"}],
            )
        with pytest.raises(anthropic.NotFoundError):
            await client.messages.count_tokens(
                model="llama9", messages=[{"role": "user", "content": "a"}]
            )
        status, body, _ = await s.post("/v1/messages", {"model": "auto", "messages": []})
        await client.close()
    assert "messages.2.content.0.type" in bad.value.message
    assert bad.value.body == {
        "type": "error",
        "error": {"type": "invalid_request_error", "message": bad.value.body["error"]["message"]},
    }
    assert missing.value.body["error"]["type"] == "not_found_error"  # type: ignore[index]
    assert "llama9" in missing.value.message
    assert "tools.0.type" in server_tool.value.message
    assert "web_search_20250305" in server_tool.value.message
    assert status == 400
    assert body["error"]["message"].startswith("max_tokens: ")


async def test_a_mid_stream_failure_ends_with_an_error_event() -> None:
    async with stack() as s:
        s.sim.set_fault("cut=2")
        client = client_for(s.url)

        async def consume() -> None:
            async with client.messages.stream(
                model="auto", max_tokens=64, messages=[{"role": "user", "content": "hi"}]
            ) as stream:
                async for _ in stream:
                    pass

        with pytest.raises(anthropic.APIStatusError) as failed:
            await consume()
        await client.close()
    assert failed.value.body["error"]["type"] == "api_error"  # type: ignore[index]
    assert "stream" in failed.value.message


async def test_async_mode_is_refused_in_the_face_shape() -> None:
    async with stack(gex44_data()) as s:
        status, body, _ = await s.post(
            "/v1/messages",
            {
                "model": "auto",
                "max_tokens": 8,
                "messages": [{"role": "user", "content": "x"}],
                "router": {"mode": "async"},
            },
        )
    assert status == 400
    assert body["type"] == "error"
    assert body["error"]["message"].startswith("router.mode")


async def test_keys_in_x_api_key_and_access_errors_by_status(tmp_path: Path) -> None:
    """The SDK sends its key as ``x-api-key``. Access control answers before the face
    (in the router's OpenAI shape); the SDK still raises by status."""
    async with stack(secured_data(tmp_path)) as s:
        client = anthropic.AsyncAnthropic(base_url=s.url, api_key=CLIENT, max_retries=0)
        message = await client.messages.create(
            model=SONNET,
            max_tokens=16,
            messages=[{"role": "user", "content": "hello"}],
            extra_headers={"anthropic-version": "2023-06-01"},
        )
        wrong = client.with_options(api_key="not-a-key")
        with pytest.raises(anthropic.AuthenticationError):
            await wrong.messages.create(
                model=SONNET, max_tokens=16, messages=[{"role": "user", "content": "hello"}]
            )
        await client.close()
    assert message.content[0].type == "text"
