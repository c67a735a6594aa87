"""A real router on a free port in front of a real simulator on another."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from ollama_agent_router.api import Overrides
from ollama_agent_router.config import RouterConfig, parse_config
from ollama_agent_router.server import running
from ollama_agent_router.simulator.server import SimulatorHandle, run_simulator
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config

GEX44 = Path(__file__).resolve().parents[2] / "examples" / "gex44.yaml"


def gex44_data(**changes: Any) -> dict[str, Any]:
    """The gex44 example as data, with test-friendly defaults and deep changes."""
    data: dict[str, Any] = yaml.safe_load(GEX44.read_text())
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
        self.http = session

    async def post(self, path: str, body: Any, **kwargs: Any) -> tuple[int, Any, dict[str, str]]:
        async with self.http.post(self.url + path, json=body, **kwargs) as response:
            text = await response.text()
            data = yaml.safe_load(text) if text else None
            return response.status, data, dict(response.headers)

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.http.get(self.url + path) as response:
            return response.status, await response.json(content_type=None)


@asynccontextmanager
async def stack(
    data: dict[str, Any] | None = None,
    *,
    sim_settings: SimulatorSettings | None = None,
    overrides: Overrides | None = None,
) -> AsyncIterator[Stack]:
    data = data or gex44_data()
    probe = parse_config(data)
    settings = sim_settings or SimulatorSettings(models=models_from_config(probe), instant=True)
    async with run_simulator(settings) as sim:
        data = {**data, "ollama": {**data.get("ollama", {}), "baseUrl": sim.base_url}}
        config = parse_config(data)
        async with (
            running(config, overrides or Overrides(shutdown_grace_s=1)) as url,
            aiohttp.ClientSession() as session,
        ):
            yield Stack(sim, url, config, session)
