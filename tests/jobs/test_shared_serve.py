"""Two real ``oar serve`` processes on one Redis: each serves the other's jobs, and when
one stops, the other finishes what it had accepted."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import redis

from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator import SimulatorSettings, run_simulator
from ollama_agent_router.simulator.settings import models_from_config
from support.processes import free_port, serve, wait_up, write_config
from support.stack import gex44_data

from .conftest import serve_data, submit

pytestmark = pytest.mark.slow

MAX_ATTEMPTS = 2
REDIS_DB = 5  # the other Redis tests use database 0 under random prefixes; the router's is fixed


def router_config(path: Path, sim_url: str, redis_url: str, port: int) -> Path:
    jobs = {"store": "redis", "redisUrl": redis_url, "maxAttempts": MAX_ATTEMPTS}
    data = serve_data(port=port, sim_url=sim_url, jobs=jobs, concurrency=4)
    return write_config(path, data)


async def listed(session: aiohttp.ClientSession, url: str, **params: str) -> list[dict[str, Any]]:
    async with session.get(url + "/v1/jobs", params={"limit": "1000", **params}) as response:
        assert response.status == 200
        return list((await response.json())["data"])


async def test_two_processes_share_jobs_and_one_finishes_the_others_work(
    tmp_path: Path, redis_url: str
) -> None:
    shared = redis_url.rsplit("/", 1)[0] + f"/{REDIS_DB}"
    with redis.Redis.from_url(shared) as client:
        client.flushdb()
    data = gex44_data()
    settings = SimulatorSettings(
        models=models_from_config(parse_config(data)),
        load_ms_per_gb=5,
        tokens_per_s=60,  # 12 tokens: ~0.2 s a job
        parallel=8,
    )
    async with run_simulator(settings) as sim, aiohttp.ClientSession() as session:
        url_a, url_b = (f"http://127.0.0.1:{free_port()}" for _ in range(2))
        config_a = router_config(
            tmp_path / "a.yaml", sim.base_url, shared, int(url_a.rsplit(":", 1)[1])
        )
        config_b = router_config(
            tmp_path / "b.yaml", sim.base_url, shared, int(url_b.rsplit(":", 1)[1])
        )
        with serve(config_a, grace_s=None) as a, serve(config_b, grace_s=None):
            await asyncio.gather(
                wait_up(session, url_a + "/health"), wait_up(session, url_b + "/health")
            )
            ids_a = await asyncio.gather(*(submit(session, url_a, i) for i in range(60)))
            ids_b = await asyncio.gather(*(submit(session, url_b, i) for i in range(60, 80)))

            for job_id in ids_a[:3]:  # accepted by A, read through B
                async with session.get(f"{url_b}/v1/jobs/{job_id}") as response:
                    assert response.status == 200
                    assert (await response.json())["id"] == job_id
            assert {j["id"] for j in await listed(session, url_b)} == {*ids_a, *ids_b}

            deadline = time.monotonic() + 20
            while len(await listed(session, url_b, status="succeeded")) < 10:
                assert time.monotonic() < deadline, "jobs did not start"
                await asyncio.sleep(0.02)
            a.send_signal(signal.SIGTERM)  # A drains, hands its queued jobs over, exits
            assert await asyncio.to_thread(a.wait, 20) == 0
            left_by_a = [j for j in await listed(session, url_b) if j["status"] == "queued"]
            assert left_by_a, "A finished everything before it stopped: nothing to hand over"

            deadline = time.monotonic() + 30
            while len(done := await listed(session, url_b, status="succeeded")) < 80:
                assert time.monotonic() < deadline, f"{len(done)} of 80 succeeded"
                await asyncio.sleep(0.1)
        marks = sim.state["marks"]

    executions = [marks.get(f"job{i}", 0) for i in range(80)]
    assert min(executions) >= 1
    assert max(executions) <= MAX_ATTEMPTS
    assert all(1 <= job["attempts"] <= MAX_ATTEMPTS for job in done)
