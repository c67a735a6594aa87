"""The whole router app in process (``support.asgi``), with an access section."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from ollama_agent_router.api.app import create_app
from ollama_agent_router.composition import Overrides, Services
from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator.server import run_simulator
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.asgi import lifespan
from support.stack import expect_idle, gex44_data


@asynccontextmanager
async def app_client(
    access: dict[str, Any] | None, *, client: tuple[str, int] = ("127.0.0.1", 50000), **changes: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a real router app (in front of a real simulator) with ``access``;
    leaving it checks that no scheduler ticket is left (``expect_idle``)."""
    data = gex44_data(**changes)
    if access is not None:
        data["access"] = access
    probe = parse_config(data)
    settings = SimulatorSettings(models=models_from_config(probe), instant=True)
    opened: list[Services] = []
    async with run_simulator(settings) as sim:
        data["ollama"]["baseUrl"] = sim.base_url
        app = create_app(parse_config(data), Overrides(shutdown_grace_s=1, on_open=opened.append))
        transport = httpx.ASGITransport(app=app, client=client)
        async with lifespan(app):
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
                yield http
            await expect_idle(opened[0].scheduler)
