"""Durable jobs through a real ``oar serve`` process: SIGKILL mid-way, restart on the
same SQLite file, every accepted job still ends ``succeeded``, none ran more often than
``jobs.maxAttempts``. Plus the startup error for a database that cannot be opened."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest
import yaml

from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator import SimulatorSettings, run_simulator
from ollama_agent_router.simulator.settings import models_from_config
from support.processes import OAR, free_port, serve, wait_up, write_config
from support.stack import gex44_data

from .conftest import serve_data, submit

JOBS = 200
MAX_ATTEMPTS = 2


def router_config(tmp_path: Path, sim_url: str, port: int) -> Path:
    jobs = {"store": "sqlite", "path": "jobs.db", "maxAttempts": MAX_ATTEMPTS}
    data = serve_data(port=port, sim_url=sim_url, jobs=jobs, concurrency=8)
    return write_config(tmp_path / "router.yaml", data)


async def counts(session: aiohttp.ClientSession, url: str) -> dict[str, int]:
    async with session.get(url + "/v1/router/status") as response:
        body = await response.json()
    return dict(body["jobs"])


async def page_through(
    session: aiohttp.ClientSession, url: str, *, status: str, limit: int
) -> list[str]:
    ids: list[str] = []
    params = {"limit": str(limit), "status": status}
    while True:
        async with session.get(url + "/v1/jobs", params=params) as response:
            page = await response.json()
        assert len(page["data"]) <= limit
        ids += [job["id"] for job in page["data"]]
        if page["nextCursor"] is None:
            return ids
        params["cursor"] = page["nextCursor"]


async def test_sigkill_mid_way_loses_nothing_and_runs_nothing_twice_too_often(
    tmp_path: Path,
) -> None:
    data = gex44_data()
    settings = SimulatorSettings(
        models=models_from_config(parse_config(data)),
        load_ms_per_gb=5,
        tokens_per_s=120,  # 12 tokens: ~0.1 s a job, 8 at a time
        parallel=8,
    )
    async with run_simulator(settings) as sim, aiohttp.ClientSession() as session:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        config = router_config(tmp_path, sim.base_url, port)

        with serve(config, grace_s=15) as first:
            await wait_up(session, url + "/health")
            ids = await asyncio.gather(*(submit(session, url, i) for i in range(JOBS)))
            deadline = time.monotonic() + 20
            while (await counts(session, url))["succeeded"] < JOBS // 4:
                assert time.monotonic() < deadline, "jobs did not start"
                await asyncio.sleep(0.02)
            first.send_signal(signal.SIGKILL)
            first.wait()
        done_before = sum(1 for n in sim.state["marks"].values() if n)
        assert done_before < JOBS, "every job reached the simulator before the kill"

        with serve(config, grace_s=15):
            await wait_up(session, url + "/health")
            deadline = time.monotonic() + 40
            while (await counts(session, url))["succeeded"] < JOBS:
                assert time.monotonic() < deadline, await counts(session, url)
                await asyncio.sleep(0.1)
            async with session.get(url + "/v1/jobs", params={"limit": "1000"}) as response:
                listed = (await response.json())["data"]
            paged = await page_through(session, url, status="succeeded", limit=64)
        marks = sim.state["marks"]

    assert len(set(ids)) == JOBS
    assert paged == [job["id"] for job in listed]  # newest first, same order by pages
    assert {job["id"] for job in listed} == set(ids)
    assert {job["status"] for job in listed} == {"succeeded"}
    executions = [marks.get(f"job{i}", 0) for i in range(JOBS)]
    assert min(executions) >= 1
    assert max(executions) <= MAX_ATTEMPTS
    attempts = {job["id"]: job["attempts"] for job in listed}
    assert all(1 <= n <= MAX_ATTEMPTS for n in attempts.values())


@pytest.mark.parametrize("problem", ["corrupt", "unwritable"])
def test_unopenable_job_database_is_a_one_line_startup_error(tmp_path: Path, problem: str) -> None:
    config = router_config(tmp_path, "http://127.0.0.1:9", free_port())
    if problem == "corrupt":
        (tmp_path / "jobs.db").write_bytes(b"this is not a database" * 100)
    else:  # a file where the database's folder should be: fails even for root
        data = yaml.safe_load(config.read_text())
        data["jobs"]["path"] = "blocked/jobs.db"
        config.write_text(yaml.safe_dump(data))
        (tmp_path / "blocked").write_text("a file, not a folder")
    proc = subprocess.run(
        [*OAR, "serve", "-c", str(config)], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: cannot open job store ")
    assert "jobs.db" in lines[0]


async def test_every_unfinished_job_runs_after_restart_beyond_the_queue_limits(
    tmp_path: Path,
) -> None:
    """Six unfinished jobs in the file, ``globalMaxQueued: 3``, one running at a time:
    jobs resumed at start are accepted work, so all six run (none stays ``queued``)."""
    from ollama_agent_router.jobs.model import JobStatus
    from ollama_agent_router.jobs.sqlite import SqliteJobStore

    from .conftest import make_job

    store = SqliteJobStore(tmp_path / "jobs.db")
    await store.open()
    for n in range(6):
        job = make_job(n, status=JobStatus.RUNNING if n < 2 else JobStatus.QUEUED)
        job.selected_model = "qwen2.5-coder:7b"
        job.created_at = time.time()
        job.expires_at = time.time() + 3600
        job.request = {
            "model": "qwen2.5-coder:7b",
            "messages": [{"role": "user", "content": f"resume sim-mark:resume{n}"}],
            "stream": False,
        }
        await store.insert(job)
    await store.close()

    data = gex44_data()
    settings = SimulatorSettings(models=models_from_config(parse_config(data)), instant=True)
    async with run_simulator(settings) as sim, aiohttp.ClientSession() as session:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        jobs = {"store": "sqlite", "path": "jobs.db", "maxAttempts": MAX_ATTEMPTS}
        config = serve_data(port=port, sim_url=sim.base_url, jobs=jobs, concurrency=1)
        config["queue"].update(globalMaxQueued=3, perUserMaxQueued=1, globalMaxConcurrent=1)
        with serve(write_config(tmp_path / "router.yaml", config), grace_s=15):
            await wait_up(session, url + "/health")
            deadline = time.monotonic() + 20
            while (await counts(session, url))["succeeded"] < 6:
                assert time.monotonic() < deadline, await counts(session, url)
                await asyncio.sleep(0.05)
        assert all(sim.state["marks"].get(f"resume{n}") == 1 for n in range(6))
