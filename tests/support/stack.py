"""A real router on a free port in front of a real simulator on another; or, where the
socket is not what a test is about, the same router app in process (``transport="asgi"``)."""

from __future__ import annotations

import asyncio
import copy
import functools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import aiohttp
import httpx
import yaml

from ollama_agent_router.api.app import create_app
from ollama_agent_router.composition import Overrides, Services
from ollama_agent_router.config import RouterConfig, parse_config
from ollama_agent_router.scheduling import Scheduler
from ollama_agent_router.server import running
from ollama_agent_router.simulator.server import SimulatorHandle, run_simulator
from ollama_agent_router.simulator.settings import SimulatorSettings
from support.asgi import lifespan

GEX44 = Path(__file__).resolve().parents[2] / "examples" / "gex44.yaml"


@functools.cache
def _gex44() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load(GEX44.read_text())
    return parsed


def gex44_data(**changes: Any) -> dict[str, Any]:
    """The gex44 example as data, with test-friendly defaults and deep changes."""
    data = copy.deepcopy(_gex44())  # parsed once per process: a fresh copy per call
    data["server"]["port"] = 0
    data["jobs"] = {"store": "memory", "maxAttempts": 2, "cleanupIntervalMs": 60000}
    data["gpu"]["monitor"]["enabled"] = False
    data["router"]["classification"]["mode"] = "heuristic"
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = copy.deepcopy(value)
    return data


class Stack:
    """A running simulator and router, plus a client session for the router."""

    def __init__(
        self, sim: SimulatorHandle, url: str, config: RouterConfig, session: aiohttp.ClientSession
    ) -> None:
        self.sim = sim
        self.url = url
        self.config = config
        self._http = session
        self.services: Services | None = None

    @property
    def http(self) -> aiohttp.ClientSession:
        """A client session for requests of the test's own (streams, raw headers, …)."""
        return self._http

    async def post(self, path: str, body: Any, **kwargs: Any) -> tuple[int, Any, dict[str, str]]:
        """(status, the answer, its headers): a JSON answer parsed (it must be valid JSON),
        any other answer as text, an empty one as ``None``."""
        async with self.http.post(self.url + path, json=body, **kwargs) as response:
            text = await response.text()
            return response.status, answer(response.content_type, text), dict(response.headers)

    async def get(self, path: str) -> tuple[int, Any]:
        """(status, the answer), which must be JSON: said so and valid."""
        async with self.http.get(self.url + path) as response:
            text = await response.text()
            assert response.content_type == "application/json", (response.content_type, text)
            return response.status, strict_json(text)


class AppStack(Stack):
    """The router app in process, its requests through ``httpx.ASGITransport``: the same
    app, lifespan and simulator as ``Stack``, without a socket or uvicorn in between."""

    def __init__(
        self, sim: SimulatorHandle, url: str, config: RouterConfig, client: httpx.AsyncClient
    ) -> None:
        self.sim = sim
        self.url = url
        self.config = config
        self.client = client
        self.services = None

    @property
    def http(self) -> aiohttp.ClientSession:
        raise AttributeError("an in-process stack has no socket: use stack() for this test")

    async def post(self, path: str, body: Any, **kwargs: Any) -> tuple[int, Any, dict[str, str]]:
        response = await self.client.post(self.url + path, json=body, **kwargs)
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        # the names as the app wrote them, as Stack.post has them from the wire
        headers = {name.decode(): value.decode() for name, value in response.headers.raw}
        return response.status_code, answer(content_type, response.text), headers

    async def get(self, path: str) -> tuple[int, Any]:
        response = await self.client.get(self.url + path)
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        assert content_type == "application/json", (content_type, response.text)
        return response.status_code, strict_json(response.text)


def answer(content_type: str, text: str) -> Any:
    """An answer's body as a test reads it: parsed when it says it is JSON (so invalid
    JSON fails the test), else the text; ``None`` when empty."""
    if not text:
        return None
    if content_type == "application/json" or content_type.endswith("+json"):
        return strict_json(text)
    return text


def strict_json(text: str) -> Any:
    """``json.loads``, refusing what it would take but JSON does not: NaN and Infinity."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@asynccontextmanager
async def stack(
    data: dict[str, Any] | None = None,
    *,
    sim_settings: SimulatorSettings | None = None,
    overrides: Overrides | None = None,
    leaves_work: str | None = None,
    transport: Literal["socket", "asgi"] = "socket",
) -> AsyncIterator[Stack]:
    """A router in front of a simulator. Leaving it checks the invariant of every API
    test (``expect_idle``) unless ``leaves_work`` says why the test may not.

    ``transport="asgi"`` runs the router app in process (an ``AppStack``: ``post`` and
    ``get`` only, no ``http`` session) for tests where the socket is not the point:
    validation, refusals, answer shapes. The simulator is real either way."""
    data = data or gex44_data()
    probe = parse_config(data)
    # The simulator runs the Ollama server the config describes (its card and settings).
    settings = sim_settings or SimulatorSettings.for_config(probe, instant=True)
    opened: list[Services] = []
    overrides = replace(overrides or Overrides(shutdown_grace_s=1), on_open=opened.append)
    async with run_simulator(settings) as sim:
        data = {**data, "ollama": {**data.get("ollama", {}), "baseUrl": sim.base_url}}
        config = parse_config(data)
        s: Stack
        if transport == "asgi":
            app = create_app(config, overrides)
            asgi = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
            async with lifespan(app):
                async with httpx.AsyncClient(transport=asgi, base_url=IN_PROCESS) as client:
                    s = AppStack(sim, IN_PROCESS + config.server.prefix, config, client)
                    s.services = opened[0]
                    yield s
                if leaves_work is None:
                    await expect_idle(opened[0].scheduler)
            return
        async with running(config, overrides) as url:
            async with aiohttp.ClientSession() as session:
                s = Stack(sim, url, config, session)
                s.services = opened[0]
                yield s
            # only after the body ended normally: a failing test keeps its own error
            if leaves_work is None:
                await expect_idle(opened[0].scheduler)


IN_PROCESS = "http://127.0.0.1"
"""The base URL of an in-process router (the Host its requests carry)."""


async def expect_idle(scheduler: Scheduler, *, within_s: float = 3.0) -> None:
    """The invariant at the end of every API and e2e test: no running and no waiting
    ticket, so a leaked slot fails the test that leaked it. Work that is still ending (a
    stream the client just closed, a job finishing) gets ``within_s``."""
    deadline = time.monotonic() + within_s
    while scheduler.total_running or scheduler.total_queued:
        if time.monotonic() > deadline:
            raise AssertionError(
                "scheduler tickets left at the end of the test (a leaked slot?): "
                f"{scheduler.snapshot()}"
            )
        await asyncio.sleep(0.01)


async def poll_job(s: Stack, job_id: str) -> dict[str, Any]:
    """The job once it has ended (succeeded, failed or cancelled)."""
    for _ in range(500):
        _, job = await s.get(f"/v1/jobs/{job_id}")
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return dict(job)
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish")
