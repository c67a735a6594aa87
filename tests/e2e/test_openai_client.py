"""The official ``openai`` package works unchanged against the router."""

from __future__ import annotations

import json

import openai

from support.stack import gex44_data, stack

VIBE = "B-A-M-N/vibethinker:1.5b"

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


def client_for(url: str) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=url + "/v1", api_key="unused", max_retries=0)


async def test_plain_completion_with_model_auto() -> None:
    async with stack() as s:
        client = client_for(s.url)
        completion = await client.chat.completions.create(
            model="auto", messages=[{"role": "user", "content": "hello!"}]
        )
        await client.close()
    assert completion.choices[0].message.content
    assert completion.model == VIBE
    assert completion.model_extra is not None
    assert completion.model_extra["router"]["selectedModel"] == VIBE


async def test_streamed_completion_with_usage() -> None:
    async with stack() as s:
        client = client_for(s.url)
        stream = await client.chat.completions.create(
            model="auto",
            messages=[{"role": "user", "content": "hello!"}],
            stream=True,
            stream_options={"include_usage": True},
        )
        parts, usage = [], None
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                parts.append(chunk.choices[0].delta.content)
            if chunk.usage is not None:
                usage = chunk.usage
        await client.close()
    assert "".join(parts)
    assert usage is not None
    assert usage.completion_tokens > 0


async def test_tool_call_round_trip() -> None:
    async with stack(gex44_data(**{"router.classification.mode": "enhanced"})) as s:
        client = client_for(s.url)
        completion = await client.chat.completions.create(
            model="auto",
            messages=[{"role": "user", "content": "What's the weather in Tokyo?"}],
            tools=[WEATHER_TOOL],  # type: ignore[list-item]
        )
        await client.close()
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    call = choice.message.tool_calls[0]  # type: ignore[index]
    assert call.function.name == "get_weather"  # type: ignore[union-attr]
    assert "city" in json.loads(call.function.arguments)  # type: ignore[union-attr]
    assert completion.model_extra is not None
    assert completion.model_extra["router"]["taskType"] == "tool_use"
