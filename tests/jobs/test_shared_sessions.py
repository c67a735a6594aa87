"""Two routers on one Redis and one Ollama (the simulator), as behind a balancer: a
conversation's second turn, sent to the other router, is still its second turn, stays
on the model that holds its prompt and finds that prompt cached."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import aiohttp
import pytest
import redis.asyncio

from ollama_agent_router.composition import Overrides, Services
from ollama_agent_router.config import parse_config
from ollama_agent_router.server import running
from ollama_agent_router.simulator import SimulatorSettings, run_simulator
from support.processes import free_port
from support.stack import Stack, expect_idle, gex44_data

REDIS_DB = 6  # test_shared_serve has 5; the router's session keys are fixed (oar:session:)
SYSTEM = {"role": "system", "content": "You are a coding agent working in a repository. " * 100}
FIX = {
    "role": "user",
    "content": "Fix this Python function, it throws on empty input: def f(x): return x[0]",
}


def turn(*messages: dict[str, Any]) -> dict[str, Any]:
    return {"model": "auto", "messages": [SYSTEM, *messages]}


@asynccontextmanager
async def routers(redis_url: str, store: dict[str, Any]) -> AsyncIterator[list[Stack]]:
    """Two routers with ``store`` (the section that puts them on Redis) in front of one
    simulator; each a ``Stack`` (its ``sim`` is the shared one)."""
    data = gex44_data(**store)
    settings = SimulatorSettings.for_config(parse_config(data), instant=True)
    async with AsyncExitStack() as stack, run_simulator(settings) as sim:
        out = []
        for _ in range(2):
            opened: list[Services] = []
            overrides = Overrides(shutdown_grace_s=1, on_open=opened.append)
            config = parse_config({**data, "ollama": {**data["ollama"], "baseUrl": sim.base_url}})
            url = await stack.enter_async_context(running(config, overrides))
            http = await stack.enter_async_context(aiohttp.ClientSession())
            s = Stack(sim, url, config, http)
            s.services = opened[0]
            out.append(s)
        yield out
        for s in out:
            assert s.services is not None
            await expect_idle(s.services.scheduler)


async def written(redis_url: str, session_id: str, turns: int) -> None:
    """Until a router's write of the session's ``turns``-th turn is in Redis (it goes
    out right after the answer, in a task of its own)."""
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        deadline = time.monotonic() + 2
        while int(await client.hget(f"oar:session:s:{session_id}", "turns") or 0) < turns:
            assert time.monotonic() < deadline, "the turn never reached Redis"
            await asyncio.sleep(0.005)
    finally:
        await client.aclose()


async def sees_loaded(s: Stack, model: str) -> None:
    for _ in range(200):
        s.services.live.poke()
        _, status = await s.get("/v1/router/status")
        if model in [m["configuredName"] for m in status["loadedModels"]]:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{model} never showed as loaded")


@pytest.mark.parametrize("via", ["jobs", "rateLimit"])
async def test_a_conversation_keeps_its_model_across_routers(redis_url: str, via: str) -> None:
    shared = redis_url.rsplit("/", 1)[0] + f"/{REDIS_DB}"
    async with redis.asyncio.Redis.from_url(shared) as client:
        await client.flushdb()
    store: dict[str, Any] = (
        {"jobs": {"store": "redis", "redisUrl": shared, "maxAttempts": 2}}
        if via == "jobs"
        else {"access.rateLimit": {"store": "redis", "redisUrl": shared}}
    )
    async with routers(shared, store) as (a, b):
        status, first, headers = await a.post("/v1/chat/completions", turn(FIX))
        assert status == 200, first
        one = first["router"]["session"]
        await written(shared, one["id"], 1)
        # B learns what Ollama holds from its own /api/ps polls: a model it does not see
        # loaded offers no cached prefix
        await sees_loaded(b, first["router"]["selectedModel"])
        answer = first["choices"][0]["message"]
        follow = turn(FIX, answer, {"role": "user", "content": "thanks, now run the tests"})
        status, second, headers2 = await b.post("/v1/chat/completions", follow)
        assert status == 200, second
        await written(shared, one["id"], 2)
        _, status_a = await a.get("/v1/router/status")
    two = second["router"]["session"]
    assert one["id"] == two["id"] == headers["x-router-session"] == headers2["x-router-session"]
    assert (one["turn"], one["stayed"]) == (1, True)
    assert (two["turn"], two["stayed"]) == (2, True), two
    assert two["previousModel"] == first["router"]["selectedModel"]
    assert second["router"]["selectedModel"] == first["router"]["selectedModel"]
    assert second["router"]["taskType"] == first["router"]["taskType"]  # kept by the session
    assert two["cachedPrefixTokens"] > 0
    sessions = status_a["residency"]["sessions"]  # A lists the turn B served
    assert sessions["store"] == "redis"
    assert [(s["id"], s["turns"]) for s in sessions["active"]] == [(one["id"], 2)]


async def test_a_router_whose_redis_is_down_still_answers() -> None:
    """Sessions are the only Redis user here (the rate limit store, with no limits):
    every turn is a new session, none fails."""
    dead = f"redis://127.0.0.1:{free_port()}/0"
    store = {"access.rateLimit": {"store": "redis", "redisUrl": dead}}
    async with routers(dead, store) as (a, _):
        for _ in range(2):
            status, body, _ = await a.post("/v1/chat/completions", turn(FIX))
            assert status == 200, body
            assert (body["router"]["session"]["turn"], body["router"]["session"]["stayed"]) == (
                1,
                True,
            )
        status, summary = await a.get("/v1/router/status")
    assert status == 200
    assert summary["residency"]["sessions"]["active"] == []
