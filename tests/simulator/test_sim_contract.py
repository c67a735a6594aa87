"""The official ``ollama`` and ``openai`` clients drive the simulator over a real socket."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import ollama
import openai
import pytest
from tests.simulator.sim_helpers import MID, SMALL, settings

from ollama_agent_router.simulator import SimulatorHandle, run_simulator

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather for a city",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 3},
            },
            "required": ["city"],
        },
    },
}
HI = [{"role": "user", "content": "hi"}]


@asynccontextmanager
async def native_client() -> AsyncIterator[tuple[SimulatorHandle, ollama.AsyncClient]]:
    async with (
        run_simulator(settings()) as sim,
        ollama.AsyncClient(host=sim.base_url) as client,
    ):
        yield sim, client


@asynccontextmanager
async def openai_client() -> AsyncIterator[openai.AsyncOpenAI]:
    async with run_simulator(settings()) as sim:
        client = openai.AsyncOpenAI(base_url=f"{sim.base_url}/v1", api_key="ignored")
        try:
            yield client
        finally:
            await client.close()


async def test_ollama_client_list_ps_chat_and_stream() -> None:
    async with native_client() as (_, client):
        listed = await client.list()
        assert {m.model for m in listed.models} >= {SMALL, MID}
        assert (await client.ps()).models == []

        reply = await client.chat(model="small:1b", messages=HI, stream=False)
        assert reply.done
        assert reply.done_reason == "stop"
        assert reply.message.role == "assistant"
        assert reply.message.content
        assert reply.eval_count
        assert reply.total_duration

        parts = [part async for part in await client.chat(model=SMALL, messages=HI, stream=True)]
        assert parts[-1].done
        assert not any(p.done for p in parts[:-1])
        assert "".join(p.message.content or "" for p in parts)

        running = (await client.ps()).models
        assert [m.model for m in running] == [SMALL]
        entry = running[0]
        assert entry.size_vram == entry.size
        assert entry.context_length == 4096
        assert entry.expires_at is not None
        assert entry.expires_at.utcoffset() is not None
        assert len(entry.digest or "") == 64


async def test_ollama_client_generate_embed_and_errors() -> None:
    async with native_client() as (_, client):
        generated = await client.generate(model=SMALL, prompt="Say hi", stream=False)
        assert generated.response
        vectors = (await client.embed(model="embed", input=["a", "b"])).embeddings
        assert len(vectors) == 2
        assert sum(v * v for v in vectors[0]) == pytest.approx(1.0)
        with pytest.raises(ollama.ResponseError) as info:
            await client.chat(model="nope", messages=HI)
        assert info.value.status_code == 404
        assert info.value.error == "model 'nope' not found"


async def test_native_tool_call_has_object_arguments() -> None:
    async with native_client() as (_, client):
        reply = await client.chat(model=MID, messages=HI, tools=[WEATHER_TOOL], stream=False)
        calls = reply.message.tool_calls or []
        assert calls[0].function.name == "get_weather"
        assert isinstance(calls[0].function.arguments["city"], str)


async def test_openai_chat_stream_and_models() -> None:
    async with openai_client() as client:
        reply = await client.chat.completions.create(model=SMALL, messages=HI)  # type: ignore[arg-type]
        assert reply.object == "chat.completion"
        assert reply.choices[0].finish_reason == "stop"
        assert reply.choices[0].message.content
        assert reply.usage is not None
        assert reply.usage.total_tokens > 0

        stream = await client.chat.completions.create(
            model=SMALL,
            messages=HI,  # type: ignore[arg-type]
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = [chunk async for chunk in stream]
        assert chunks[0].choices[0].delta.role == "assistant"
        assert all(c.choices[0].delta.role is None for c in chunks[1:-2])
        assert chunks[-2].choices[0].finish_reason == "stop"
        assert chunks[-1].choices == []
        assert chunks[-1].usage is not None
        assert len({c.created for c in chunks}) == 1

        models = await client.models.list()
        assert SMALL in [m.id for m in models.data]
        with pytest.raises(openai.NotFoundError):
            await client.chat.completions.create(model="missing", messages=HI)  # type: ignore[arg-type]


async def test_openai_tool_call_and_follow_up() -> None:
    async with openai_client() as client:
        messages: list[dict[str, object]] = [{"role": "user", "content": "weather in Oslo?"}]
        reply = await client.chat.completions.create(
            model=MID,
            messages=messages,  # type: ignore[arg-type]
            tools=[WEATHER_TOOL],  # type: ignore[list-item]
        )
        choice = reply.choices[0]
        assert choice.finish_reason == "tool_calls"
        call = (choice.message.tool_calls or [])[0]
        assert call.type == "function"
        assert call.function.name == "get_weather"
        arguments = json.loads(call.function.arguments)
        assert set(arguments) == {"city", "unit", "days"}
        assert arguments["unit"] == "celsius"
        assert 1 <= arguments["days"] <= 3

        # After a tool result the fake model answers in text, so agent loops end.
        messages += [
            {"role": "assistant", "tool_calls": [call.model_dump()]},
            {"role": "tool", "tool_call_id": call.id, "content": "sunny"},
        ]
        final = await client.chat.completions.create(
            model=MID,
            messages=messages,  # type: ignore[arg-type]
            tools=[WEATHER_TOOL],  # type: ignore[list-item]
        )
        assert final.choices[0].finish_reason == "stop"


async def test_openai_tool_call_stream() -> None:
    async with openai_client() as client:
        stream = await client.chat.completions.create(
            model=MID,
            messages=HI,  # type: ignore[arg-type]
            tools=[WEATHER_TOOL],  # type: ignore[list-item]
            stream=True,
        )
        chunks = [chunk async for chunk in stream]
        calls = chunks[0].choices[0].delta.tool_calls or []
        assert calls[0].function is not None
        assert json.loads(calls[0].function.arguments or "")["city"]
        assert chunks[-1].choices[0].finish_reason == "tool_calls"


async def test_openai_embeddings_and_completions() -> None:
    async with openai_client() as client:
        emb = await client.embeddings.create(model="embed", input=["x", "y"])
        assert [d.index for d in emb.data] == [0, 1]
        assert len(emb.data[0].embedding) == 384
        done = await client.completions.create(model=SMALL, prompt="Once", max_tokens=3)
        assert done.choices[0].finish_reason == "length"
        assert done.usage is not None
        assert done.usage.completion_tokens == 3
