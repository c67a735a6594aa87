"""A fleet gateway over node routers on simulators: placement, a stream, faults,
sessions, the dry-run (``support.fleet``)."""

from __future__ import annotations

import asyncio
from typing import Any

from support.fleet import QWEN, chat, fleet, loaded_on


async def test_a_chat_through_the_gateway_names_its_node() -> None:
    async with fleet("node-a", "node-b") as f:
        status, body, headers = await f.post("/v1/chat/completions", chat("hello there"))
        assert status == 200, body
        assert body["object"] == "chat.completion"
        assert body["choices"][0]["message"]["content"]
        router = body["router"]
        assert router["node"] in ("node-a", "node-b")
        assert headers["x-router-node"] == router["node"]
        assert "@" not in router["selectedModel"]


async def test_a_request_for_a_model_goes_to_the_node_that_has_it_loaded() -> None:
    async with fleet("node-a", "node-b") as f:
        for warm in ("node-b", "node-a"):
            node = f.nodes[warm]
            status, _, _ = await node.post(
                "/v1/chat/completions", {**chat("warm up"), "model": QWEN}
            )
            assert status == 200
            await f.until(lambda s, warm=warm: loaded_on(s, warm, QWEN))
            cold = "node-a" if warm == "node-b" else "node-b"
            if loaded_on(await f.get("/v1/router/status"), cold, QWEN):
                continue  # both have it now: nothing to tell apart
            for _ in range(3):
                status, body, _ = await f.post(
                    "/v1/chat/completions", {**chat("fix it"), "model": QWEN}
                )
                assert status == 200, body
                assert body["router"]["node"] == warm, body["router"]


async def test_a_stream_through_the_gateway() -> None:
    async with fleet("node-a", "node-b") as f:
        async with f.http.post(
            f.url + "/v1/chat/completions", json=chat("hi", stream=True)
        ) as response:
            assert response.status == 200
            assert response.headers["x-router-node"] in ("node-a", "node-b")
            text = await response.text()
        events = [line for line in text.splitlines() if line.startswith("data: ")]
        assert events[-1] == "data: [DONE]"
        assert any('"content"' in line for line in events)


async def test_a_killed_node_costs_no_request_that_had_not_started() -> None:
    async with fleet("node-a", "node-b") as f:
        await f.kill("node-b")  # the gateway has not polled since: it still looks fine
        answers = await asyncio.gather(
            *(f.post("/v1/chat/completions", {**chat("fix it"), "model": QWEN}) for _ in range(6))
        )
        assert [status for status, _, _ in answers] == [200] * 6, answers
        assert {body["router"]["node"] for _, body, _ in answers} == {"node-a"}
        status = await f.until(
            lambda s: any(
                n["id"] == "node-b" and n["status"] == "unavailable" for n in s["fleet"]["nodes"]
            )
        )
        assert status["status"] == "ok"  # one node still serves


async def test_a_long_prompt_goes_to_the_node_whose_context_holds_it() -> None:
    small = ("node-small", {"ollama.contextLength": 8192})
    async with fleet(small, "node-big") as f:
        prompt = "def f():\n    return 1\n" * 3000  # ~18k tokens: more than 8192
        for _ in range(2):
            status, body, _ = await f.post(
                "/v1/chat/completions", {**chat(prompt + "\nfix the bug"), "model": QWEN}
            )
            assert status == 200, body
            assert body["router"]["node"] == "node-big"
            assert body["router"]["contextLength"] == 32768


async def test_the_dry_run_shows_every_node() -> None:
    async with fleet("node-a", "node-b") as f:
        status, body, _ = await f.post("/v1/router/route", chat("write a python function"))
        assert status == 200, body
        assert set(body["nodes"]) == {"node-a", "node-b"}
        assert body["node"] in ("node-a", "node-b")
        assert body["decision"]["model"].endswith("@" + body["node"])


async def test_an_agent_session_stays_on_its_node_and_model() -> None:
    async with fleet("node-a", "node-b") as f:
        messages: list[dict[str, Any]] = [{"role": "system", "content": "You are a coding agent."}]
        served = []
        for turn in range(4):
            messages.append({"role": "user", "content": f"step {turn}: fix the failing test"})
            body = {"model": "auto", "messages": messages, "prompt_cache_key": "agent-1"}
            status, answer, headers = await f.post("/v1/chat/completions", body)
            assert status == 200, answer
            router = answer["router"]
            served.append((router["node"], router["selectedModel"]))
            assert headers["x-router-session"]
            if turn:
                assert router["session"]["stayed"], router["session"]
            assert "choices" in answer, answer
            messages.append(answer["choices"][0]["message"])
            # the other node gets the same model loaded: it would be as good a choice
            other = "node-b" if router["node"] == "node-a" else "node-a"
            await f.nodes[other].post(
                "/v1/chat/completions", {**chat("warm"), "model": router["selectedModel"]}
            )
        assert len(set(served)) == 1, served


async def test_a_prompt_no_node_can_hold_is_a_400_context_length_exceeded() -> None:
    small = {"ollama.contextLength": 8192}
    async with fleet(("node-a", small), ("node-b", small)) as f:
        prompt = "def f():\n    return 1\n" * 3000  # ~18k tokens: more than 8192 everywhere
        status, body, _ = await f.post("/v1/chat/completions", chat(prompt + "\nfix the bug"))
        assert status == 400, body
        assert body["error"]["code"] == "context_length_exceeded", body
        assert "node-a" in body["error"]["message"]
