"""Faults on demand: refuse, listening pause, delay, HTTP errors, cut streams, hang."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest
from tests.simulator.sim_helpers import MID, SMALL, chat, settings, wait_until

from ollama_agent_router.simulator import FaultKind, run_simulator


async def test_refuse_drops_the_connection_for_the_next_request_only() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        sim.set_fault("refuse", times=1)
        with pytest.raises(httpx.RemoteProtocolError):
            await c.post("/v1/chat/completions", json=chat())
        assert (await c.post("/v1/chat/completions", json=chat())).status_code == 200


async def test_pause_listening_gives_connection_refused() -> None:
    async with run_simulator(settings()) as sim:
        async with httpx.AsyncClient(base_url=sim.base_url) as client:
            assert (await client.get("/api/version")).status_code == 200
            sim.pause_listening()
            await asyncio.sleep(0.05)  # let the idle keep-alive connection close
            with pytest.raises(httpx.ConnectError):
                await client.get("/api/version")
        sim.resume_listening()
        async with httpx.AsyncClient(base_url=sim.base_url) as client:
            assert (await client.get("/")).text == "Ollama is running"


async def test_delay_then_normal_answer() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        sim.set_fault("delay=150")
        started = time.perf_counter()
        assert (await c.post("/api/chat", json=chat(stream=False))).status_code == 200
        assert time.perf_counter() - started >= 0.15


async def test_error_scoped_to_one_model_and_one_request() -> None:
    """The router's fallback case: the first candidate fails, the second answers."""
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        sim.set_fault("500", model=SMALL, times=1)
        failed = await c.post("/v1/chat/completions", json=chat(SMALL))
        assert failed.status_code == 500
        assert failed.json()["error"]["type"] == "api_error"
        assert (await c.post("/v1/chat/completions", json=chat(MID))).status_code == 200
        assert (await c.post("/v1/chat/completions", json=chat(SMALL))).status_code == 200
        assert sim.state["faultsFired"] == {"error": 1}


async def test_control_endpoint_sets_lists_and_clears_faults() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        added = await c.post("/_sim/faults", json={"kind": "error", "status": 503, "times": 2})
        assert added.status_code == 201
        assert added.json()["remaining"] == 2
        reply = await c.post("/api/chat", json=chat(stream=False))
        assert reply.status_code == 503
        assert "error" in reply.json()
        assert (await c.delete("/_sim/faults")).json() == {"faults": []}
        assert (await c.post("/api/chat", json=chat(stream=False))).status_code == 200
        bad = await c.post("/_sim/faults", json={"kind": "explode"})
        assert bad.status_code == 400


async def test_faults_can_target_status_paths() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        sim.set_fault("500,path=/api/ps,times=1")
        assert (await c.get("/api/ps")).status_code == 500
        assert (await c.get("/api/ps")).status_code == 200


async def test_cut_native_stream_ends_with_an_error_line() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        sim.set_fault(FaultKind.CUT, after_chunks=2)
        reply = await c.post("/api/chat", json=chat())
        lines = [json.loads(line) for line in reply.text.splitlines()]
        assert reply.status_code == 200
        assert [line.get("done") for line in lines[:2]] == [False, False]
        assert lines[2] == {"error": "an error was encountered while running the model"}
        assert len(lines) == 3


async def test_cut_openai_stream_just_stops() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        sim.set_fault("cut=3")
        reply = await c.post("/v1/chat/completions", json=chat(stream=True))
        events = [e for e in reply.text.split("\n\n") if e]
        assert len(events) == 3
        assert "[DONE]" not in reply.text
        assert all(json.loads(e[6:])["choices"][0]["finish_reason"] is None for e in events)


async def test_hang_until_the_client_gives_up_counts_an_abort() -> None:
    async with run_simulator(settings()) as sim, httpx.AsyncClient(base_url=sim.base_url) as c:
        sim.set_fault("hang,times=1")
        with pytest.raises(httpx.ReadTimeout):
            await c.post("/api/chat", json=chat(stream=False), timeout=0.3)
        await wait_until(lambda: sim.state["aborted"] == 1)
        assert sim.state["inFlight"] == 0
        assert (await c.post("/api/chat", json=chat(stream=False))).status_code == 200
