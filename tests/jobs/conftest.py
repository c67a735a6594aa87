"""Job stores under test, a real ``redis-server`` for the shared store, and a job factory."""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from ollama_agent_router.jobs.memory import MemoryJobStore
from ollama_agent_router.jobs.model import Job, JobStatus
from ollama_agent_router.jobs.redis_store import RedisJobStore
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway ``redis-server`` (no persistence) on a free port, for the whole session."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    workdir = tmp_path_factory.mktemp("redis")
    port = _free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    args += ["no", "--dir", str(workdir), "--logfile", str(workdir / "redis.log")]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not _answers_ping(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (workdir / "redis.log").read_text(errors="replace")[-500:]
                pytest.skip(f"redis-server did not start on port {port}: {log}")
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


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
