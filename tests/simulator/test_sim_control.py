"""Control API and behaviour tests: scripted answers, formats, aborts, seeds, reset."""

from __future__ import annotations

import json
from typing import Any

import httpx
from tests.simulator.sim_helpers import MID, SMALL, chat, settings, wait_until

from ollama_agent_router.simulator import SimModel, SimulatorSettings, run_simulator


async def content(client: httpx.AsyncClient, body: dict[str, Any]) -> str:
    reply = await client.post("/api/chat", json={**body, "stream": False})
    assert reply.status_code == 200
    return str(reply.json()["message"]["content"])


async def test_scripted_answers_match_model_and_text() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        label = {"taskType": "code_fix", "confidence": 0.9}
        posted = await c.post(
            "/_sim/responses", json={"model": SMALL, "contains": "Classify", "content": label}
        )
        assert posted.status_code == 201
        assert json.loads(await content(c, chat(SMALL, "Classify: fix my bug"))) == label
        assert "taskType" not in await content(c, chat(SMALL, "something else"))
        assert "taskType" not in await content(c, chat(MID, "Classify: fix my bug"))
        v1 = await c.post("/v1/chat/completions", json=chat(SMALL, "Classify this"))
        assert json.loads(v1.json()["choices"][0]["message"]["content"]) == label
        await c.delete("/_sim/responses")
        assert (await c.get("/_sim/responses")).json() == {"responses": []}


async def test_format_schema_gets_matching_json() -> None:
    schema = {
        "type": "object",
        "properties": {
            "taskType": {"type": "string", "enum": ["code_fix", "chat"]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "tools": {"type": "boolean"},
        },
        "required": ["taskType", "confidence"],
    }
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        answer = json.loads(await content(c, chat(format=schema)))
        assert answer["taskType"] == "code_fix"
        assert 0 <= answer["confidence"] <= 1
        v1 = await c.post(
            "/v1/chat/completions",
            json=chat(response_format={"type": "json_schema", "json_schema": {"schema": schema}}),
        )
        assert set(json.loads(v1.json()["choices"][0]["message"]["content"])) >= {"taskType"}


async def test_client_disconnect_mid_stream_is_counted_and_frees_the_slot() -> None:
    slow = settings(instant=False, load_ms_per_gb=0, tokens_per_s=20, parallel=1)
    async with run_simulator(slow) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        async with c.stream("POST", "/api/chat", json=chat()) as reply:
            async for line in reply.aiter_lines():
                assert json.loads(line)["done"] is False
                break
        await wait_until(lambda: sim.state["aborted"] == 1)
        state = sim.state
        assert state["inFlight"] == 0
        assert state["abortedByModel"] == {SMALL: 1}
        assert state["loaded"][0]["inFlight"] == 0


async def test_same_seed_gives_the_same_answers() -> None:
    answers = []
    for _ in range(2):
        async with (
            run_simulator(settings(seed=42)) as sim,
            httpx.AsyncClient(base_url=sim.base_url) as c,
        ):
            reply = await c.post("/v1/chat/completions", json=chat(text="same prompt"))
            body = reply.json()
            answers.append((body["id"], body["choices"], body["usage"]))
    assert answers[0] == answers[1]


async def test_state_counts_and_reset() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        await c.post("/api/chat", json=chat(stream=False))
        await c.post("/v1/chat/completions", json=chat(MID))
        await c.get("/api/ps")
        state = (await c.get("/_sim/state")).json()
        assert state["requests"]["byModel"] == {SMALL: 1, MID: 1}
        assert state["requests"]["byEndpoint"]["/v1/chat/completions"] == 1
        assert state["psHits"] == 1
        assert sorted(state["loadedModels"]) == [MID, SMALL]
        await c.post("/_sim/reset")
        state = (await c.get("/_sim/state")).json()
        assert state["requests"]["total"] == 0
        assert state["loaded"] == []


async def test_names_with_and_without_latest_are_the_same_model() -> None:
    models = (SimModel("llama3.2", 2.0),)
    async with (
        run_simulator(SimulatorSettings(models=models, instant=True)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as c,
    ):
        tags = (await c.get("/api/tags")).json()["models"]
        assert [t["name"] for t in tags] == ["llama3.2:latest"]
        reply = await c.post("/api/chat", json=chat("llama3.2", stream=False))
        assert reply.json()["model"] == "llama3.2"
        assert (await c.post("/api/chat", json=chat("llama3.2:latest"))).status_code == 200
        assert sim.state["loads"] == 1


async def test_bad_bodies_get_ollama_errors() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        empty = await c.post("/api/chat", content=b"")
        assert empty.status_code == 400
        assert empty.json() == {"error": "missing request body"}
        assert (await c.post("/api/chat", content=b"{nope")).status_code == 400
        no_model = await c.post("/v1/chat/completions", json={"messages": []})
        assert no_model.json()["error"]["type"] == "invalid_request_error"
        no_messages = await c.post("/v1/chat/completions", json={"model": SMALL, "messages": []})
        assert no_messages.json()["error"]["message"] == "[] is too short - 'messages'"
        bad_keep_alive = await c.post("/api/chat", json=chat(keep_alive="-1"))
        assert bad_keep_alive.status_code == 400
