"""Real processes for end-to-end tests: ``oar`` subprocesses, a throwaway ``redis-server``,
free ports, config files, and waiting until a URL answers."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

OAR = [sys.executable, "-m", "ollama_agent_router"]


def free_port() -> int:
    """A port nothing listens on right now (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (made if missing): one process at a time, for
    work shared across pytest-xdist workers or concurrent runs (an npm install into a
    shared folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_config(path: Path, data: dict[str, Any]) -> Path:
    """Write ``data`` as YAML to ``path`` and return ``path``."""
    path.write_text(yaml.safe_dump(data))
    return path


@contextmanager
def process(
    args: Sequence[str], *, log: Path | None = None, grace_s: float | None = 10.0
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``args`` with stdout and stderr to ``log``, or discarded. On exit a process still
    running gets SIGTERM and ``grace_s`` seconds, then SIGKILL; ``grace_s=None`` kills it
    at once."""
    if log is None:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        with log.open("wb") as out:
            proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        if proc.poll() is None and grace_s is not None:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(grace_s)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def serve(
    config: Path, *, log: Path | None = None, grace_s: float | None = 10.0
) -> AbstractContextManager[subprocess.Popen[bytes]]:
    """``oar serve -c CONFIG --log-level warning`` as a :func:`process`."""
    args = [*OAR, "serve", "-c", str(config), "--log-level", "warning"]
    return process(args, log=log, grace_s=grace_s)


async def wait_up(
    session: aiohttp.ClientSession,
    url: str,
    *,
    proc: subprocess.Popen[bytes] | None = None,
    ssl_context: ssl.SSLContext | None = None,
    limit_s: float = 20.0,
) -> None:
    """Poll ``url`` until it answers 200; fail if ``proc`` exits or ``limit_s`` passes."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc is not None:
            assert proc.poll() is None, f"{proc.args!r} exited with {proc.returncode}"
        try:
            async with session.get(url, ssl=ssl_context or True) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.05)
    raise AssertionError(f"{url} never came up")


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """A throwaway ``redis-server`` (no persistence) on a free port: yields its URL, or
    skips the test when there is no ``redis-server`` or it does not start."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    port = free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    args += ["no", "--dir", str(workdir), "--logfile", str(workdir / "redis.log")]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not _answers_ping(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                log = (workdir / "redis.log").read_text(errors="replace")[-500:]
                pytest.skip(f"redis-server did not start on port {port}: {log}")
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def expect_idle_over_http(
    session: aiohttp.ClientSession,
    url: str,
    *,
    ssl_context: ssl.SSLContext | None = None,
    headers: dict[str, str] | None = None,
    within_s: float = 3.0,
) -> None:
    """``support.stack.expect_idle`` for a router in another process: its status shows no
    running and no waiting ticket (within ``within_s``)."""
    deadline = time.monotonic() + within_s
    while True:
        async with session.get(
            url + "/v1/router/status", ssl=ssl_context or True, headers=headers
        ) as response:
            assert response.status == 200, await response.text()
            queue = (await response.json())["queue"]
        if not queue["globalRunning"] and not queue["globalQueued"]:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"scheduler tickets left at the end of the test: {queue}")
        await asyncio.sleep(0.02)
