"""Job stores under test, a real ``redis-server`` for the shared store, and a job factory."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from ollama_agent_router.jobs.memory import MemoryJobStore
from ollama_agent_router.jobs.model import Job, JobStatus
from ollama_agent_router.jobs.redis_store import RedisJobStore
from ollama_agent_router.jobs.sqlite import SqliteJobStore
from ollama_agent_router.jobs.store import JobStore
from support.processes import redis_server
from support.stack import gex44_data

VIBE = "B-A-M-N/vibethinker:1.5b"


def make_job(
    n: int,
    *,
    status: JobStatus = JobStatus.QUEUED,
    created_at: float = 1_000.0,
    expires_at: float = 5_000.0,
    **fields: Any,
) -> Job:
    return Job(
        id=f"job_node1_{n:06d}random",
        status=status,
        task_type="coding",
        selected_model="qwen2.5-coder:7b",
        request={"model": "auto", "messages": [{"role": "user", "content": f"task {n}"}]},
        priority="normal",
        created_at=created_at + n,
        expires_at=expires_at,
        **fields,
    )


def serve_data(
    *, port: int, sim_url: str, jobs: dict[str, Any], concurrency: int
) -> dict[str, Any]:
    """gex44 for an ``oar serve`` process in front of ``sim_url``: the ``jobs`` section given,
    queues deep enough for hundreds of jobs, ``concurrency`` running at once."""
    data = gex44_data(
        **{
            "server.port": port,
            "ollama.baseUrl": sim_url,
            "jobs": jobs,
            "queue.globalMaxQueued": 1000,
            "queue.perUserMaxQueued": 1000,
            "queue.globalMaxConcurrent": concurrency,
        }
    )
    for model in data["models"]:
        if model["name"] == VIBE:
            model["maxConcurrent"] = concurrency
    return data


async def submit(session: aiohttp.ClientSession, url: str, index: int) -> str:
    """An async chat job whose request carries ``sim-mark:job{index}``; its id."""
    body = {
        "model": "auto",
        "messages": [{"role": "user", "content": f"hello there, sim-mark:job{index}"}],
        "max_tokens": 12,
        "router": {"mode": "async", "taskType": "simple_chat"},
    }
    async with session.post(url + "/v1/chat/completions", json=body) as response:
        answer: dict[str, Any] = await response.json()
        assert response.status == 202, answer
        return str(answer["id"])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway ``redis-server`` (no persistence) on a free port, for the whole session."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def redis_store(url: str) -> RedisJobStore:
    """A store under a prefix of its own: tests share the server, never the keys."""
    return RedisJobStore(url, prefix=f"test-{secrets.token_hex(6)}")


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[JobStore]:
    """Each contract test runs once per implementation."""
    impl: JobStore
    if request.param == "memory":
        impl = MemoryJobStore()
    elif request.param == "sqlite":
        impl = SqliteJobStore(tmp_path / "jobs.db")
    else:
        impl = redis_store(request.getfixturevalue("redis_url"))
    await impl.open()
    try:
        yield impl
    finally:
        await impl.close()
