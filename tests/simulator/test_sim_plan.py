"""Completion-length plan (``/_sim/plan``) and speed settings: what each request reports."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.simulator.sim_helpers import BIG, MID, SMALL, chat, settings

from ollama_agent_router.simulator import run_simulator
from ollama_agent_router.simulator.plan import content_text, last_user_text, plan_key

TOOL = {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}
ASK = "Summarise the incident report below in three bullet points."


def conversation(ask: Any) -> list[dict[str, Any]]:
    return [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "an earlier question"},
        {"role": "assistant", "content": "an earlier answer"},
        {"role": "user", "content": ask},
    ]


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (conversation(ASK), ASK),
        (conversation([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]), "a\nb"),
        ([*conversation(ASK), {"role": "assistant", "content": "x"}], ASK),
        ([{"role": "system", "content": "only a system prompt"}], ""),
        ([{"role": "user", "content": None}], ""),
    ],
)
def test_the_plan_is_keyed_on_the_last_user_message(messages: Any, expected: str) -> None:
    assert last_user_text(messages) == expected


def test_image_parts_do_not_count_as_text() -> None:
    parts = [{"type": "image_url", "image_url": {"url": "data:,x"}}, {"type": "text", "text": "t"}]
    assert content_text(parts) == "t"


async def test_planned_lengths_on_every_chat_endpoint() -> None:
    async with (
        run_simulator(settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        plan = {plan_key(ASK): 123, plan_key("call the tool"): 40, plan_key("a prompt"): 7}
        posted = await client.post("/_sim/plan", json={"completions": plan})
        assert posted.json() == {"entries": 3, "hits": 0}
        body = {"model": MID, "messages": conversation(ASK)}
        v1 = (await client.post("/v1/chat/completions", json=body)).json()
        assert v1["usage"]["completion_tokens"] == 123
        assert len(v1["choices"][0]["message"]["content"].split()) == 123
        native = (await client.post("/api/chat", json={**body, "stream": False})).json()
        assert native["eval_count"] == 123
        capped = {**body, "max_tokens": 10}
        short = (await client.post("/v1/chat/completions", json=capped)).json()
        assert (short["usage"]["completion_tokens"], short["choices"][0]["finish_reason"]) == (
            10,
            "length",
        )
        tool = chat(MID, "call the tool", tools=[TOOL], stream=False)
        called = (await client.post("/api/chat", json=tool)).json()
        assert called["message"]["tool_calls"][0]["function"]["name"] == "lookup"
        assert called["eval_count"] == 40
        generated = await client.post(
            "/api/generate", json={"model": MID, "prompt": "a prompt", "stream": False}
        )
        assert generated.json()["eval_count"] == 7
        unplanned = (await client.post("/api/chat", json=chat(MID, stream=False))).json()
        assert 12 <= unplanned["eval_count"] <= 32
        assert sim.state["plan"] == {"entries": 3, "hits": 5}


async def test_planned_stream_sends_the_planned_tokens() -> None:
    async with (
        run_simulator(settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/_sim/plan", json={"completions": {plan_key(ASK): 50}})
        body = {"model": SMALL, "messages": conversation(ASK), "stream": True}
        reply = await client.post("/v1/chat/completions", json=body)
        chunks = [line for line in reply.text.splitlines() if '"content"' in line]
        assert len(chunks) == 50


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"completions": []},
        {"completions": {"k": -1}},
        {"completions": {"k": 1.5}},
        {"completions": {"k": True}},
        {"completions": {"": 3}},
    ],
)
async def test_bad_plans_are_refused(body: dict[str, Any]) -> None:
    async with (
        run_simulator(settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        reply = await client.post("/_sim/plan", json=body)
        assert reply.status_code == 400
        assert (await client.get("/_sim/plan")).json() == {"entries": 0, "hits": 0}


async def test_plan_is_cleared_by_delete_and_reset() -> None:
    async with (
        run_simulator(settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/_sim/plan", json={"completions": {"a": 1}})
        assert (await client.delete("/_sim/plan")).json() == {"entries": 0, "hits": 0}
        await client.post("/_sim/plan", json={"completions": {"a": 1}})
        await client.post("/_sim/reset")
        assert (await client.get("/_sim/plan")).json() == {"entries": 0, "hits": 0}


@pytest.mark.parametrize(
    ("changes", "model", "prompt_per_s", "eval_per_s"),
    [
        ({}, SMALL, 2500.0, 250.0),
        ({}, BIG, 10 * 250 / 13, 250 / 13),
        ({"tokens_per_s": 40.0}, BIG, 400.0, 40.0),
        ({"tokens_per_s_gb": 1200.0}, MID, 3000.0, 300.0),
        ({"tokens_per_s_gb": 1200, "prompt_tokens_per_s_gb": 12000}, BIG, 12000 / 13, 1200 / 13),
        ({"prompt_tokens_per_s_gb": 600.0}, SMALL, 600.0, 250.0),
    ],
)
async def test_speeds_set_the_reported_durations(
    changes: dict[str, Any], model: str, prompt_per_s: float, eval_per_s: float
) -> None:
    async with (
        run_simulator(settings(vram_mb=65536, **changes)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/_sim/plan", json={"completions": {plan_key("x" * 4000): 200}})
        reply = (await client.post("/api/chat", json=chat(model, "x" * 4000, stream=False))).json()
        assert reply["prompt_eval_count"] == 1000
        assert reply["prompt_eval_duration"] == pytest.approx(1000 / prompt_per_s * 1e9, rel=1e-6)
        assert reply["eval_duration"] == pytest.approx(200 / eval_per_s * 1e9, rel=1e-6)
