"""Job stores under test, and a job factory with every field set."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from ollama_agent_router.jobs.memory import MemoryJobStore
from ollama_agent_router.jobs.model import Job, JobStatus
from ollama_agent_router.jobs.sqlite import SqliteJobStore
from ollama_agent_router.jobs.store import JobStore


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


@pytest.fixture(params=["memory", "sqlite"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[JobStore]:
    """Each contract test runs once per implementation."""
    impl: JobStore
    impl = MemoryJobStore() if request.param == "memory" else SqliteJobStore(tmp_path / "jobs.db")
    await impl.open()
    try:
        yield impl
    finally:
        await impl.close()
