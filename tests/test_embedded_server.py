"""The embedded servers (``server.running``, ``simulator.run_simulator``) stop as soon as
they are told, and a stop still lets the requests in flight finish."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import parse_config
from ollama_agent_router.server import running
from ollama_agent_router.simulator.server import run_simulator
from ollama_agent_router.simulator.settings import SimulatorSettings
from support.stack import gex44_data
from support.waiting import until

UVICORN_FIXED_SLEEP_S = 0.1
"""What uvicorn's own shutdown sleeps before it even looks at its connections."""


async def test_idle_servers_stop_in_less_than_uvicorns_fixed_sleep() -> None:
    data = gex44_data()
    settings = SimulatorSettings.for_config(parse_config(data), instant=True)
    simulator = run_simulator(settings)
    sim = await simulator.__aenter__()
    try:
        data["ollama"]["baseUrl"] = sim.base_url
        router = running(parse_config(data), Overrides(shutdown_grace_s=1))
        url = await router.__aenter__()
        async with aiohttp.ClientSession() as http, http.get(url + "/health") as response:
            assert response.status == 200
        started = time.monotonic()
        await router.__aexit__(None, None, None)
        router_s = time.monotonic() - started
    finally:
        started = time.monotonic()
        await simulator.__aexit__(None, None, None)
        simulator_s = time.monotonic() - started
    assert router_s < UVICORN_FIXED_SLEEP_S
    assert simulator_s < UVICORN_FIXED_SLEEP_S


async def test_a_stop_lets_a_request_in_flight_finish() -> None:
    data = gex44_data()
    settings = SimulatorSettings.for_config(parse_config(data), instant=True)
    async with run_simulator(settings) as sim, aiohttp.ClientSession() as http:
        sim.add_response("answered after the stop began", contains="hold it", delay_ms=300)
        data["ollama"]["baseUrl"] = sim.base_url
        router = running(parse_config(data), Overrides(shutdown_grace_s=1))
        url = await router.__aenter__()
        body = {"model": "auto", "messages": [{"role": "user", "content": "hold it"}]}

        async def ask() -> tuple[int, dict[str, object]]:
            async with http.post(url + "/v1/chat/completions", json=body) as response:
                return response.status, await response.json()

        request = asyncio.create_task(ask())
        await until(lambda: sim.state["inFlight"] >= 1, what="the request never reached Ollama")
        await router.__aexit__(None, None, None)  # waits for the answer in flight
        assert request.done()
        status, answer = await request
    assert status == 200, answer
    choices = answer["choices"]
    assert isinstance(choices, list)
    assert choices[0]["message"]["content"] == "answered after the stop began"
