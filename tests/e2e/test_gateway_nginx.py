"""Two nodes behind a real nginx using ``examples/gateway/nginx.conf``: two ``oar serve``
processes with different node ids, each on its own ``oar simulate`` process. Jobs are
created through the proxy (round-robin) and polled and fetched through it; the job id's
node id must bring every poll to the node that owns the job."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from support.stack import GEX44, gex44_data

pytestmark = pytest.mark.slow

OAR = [sys.executable, "-m", "ollama_agent_router"]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "gateway" / "nginx.conf"
NODES = ("gpu1", "gpu2")
VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def process(args: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def nginx_config(tmp: Path, listen: int, routers: dict[str, int]) -> Path:
    """The shipped example with this test's addresses, plus temp paths under ``tmp``."""
    text = EXAMPLE.read_text()
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{listen};")
    text = text.replace("10.0.0.11:11435", f"127.0.0.1:{routers['gpu1']}")
    text = text.replace("10.0.0.12:11435", f"127.0.0.1:{routers['gpu2']}")
    temp = "".join(
        f"    {kind}_temp_path {tmp / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = text.replace("http {\n", f"http {{\n    access_log off;\n{temp}", 1)
    path = tmp / "nginx.conf"
    path.write_text(text)
    return path


async def wait_up(session: aiohttp.ClientSession, url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"{proc.args} exited with {proc.returncode}"
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.05)
    raise AssertionError(f"{url} never came up")


async def get(session: aiohttp.ClientSession, url: str) -> tuple[int, Any]:
    async with session.get(url) as response:
        return response.status, await response.json(content_type=None)


async def post(session: aiohttp.ClientSession, url: str, body: Any) -> tuple[int, Any]:
    async with session.post(url, json=body) as response:
        return response.status, await response.json(content_type=None)


def chat(mark: str) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": f"hi sim-mark:{mark}"}]}


async def test_jobs_are_polled_through_nginx_on_the_node_that_owns_them(tmp_path: Path) -> None:
    nginx = nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (.ci/run installs it with apt-get)")
    sims = {node: free_port() for node in NODES}
    routers = {node: free_port() for node in NODES}
    proxy = f"http://127.0.0.1:{free_port()}"
    with ExitStack() as stack:
        procs = {}
        for node in NODES:
            procs[f"sim-{node}"] = stack.enter_context(
                process(
                    [*OAR, "simulate", "-c", str(GEX44), "--port", str(sims[node]), "--instant"],
                    tmp_path / f"sim-{node}.log",
                )
            )
            data = gex44_data(
                **{
                    "server.nodeId": node,
                    "server.port": routers[node],
                    "ollama.baseUrl": f"http://127.0.0.1:{sims[node]}",
                }
            )
            config = tmp_path / f"{node}.yaml"
            config.write_text(yaml.safe_dump(data))
            procs[node] = stack.enter_context(
                process(
                    [*OAR, "serve", "-c", str(config), "--log-level", "warning"],
                    tmp_path / f"{node}.log",
                )
            )
        conf = nginx_config(tmp_path, int(proxy.rsplit(":", 1)[1]), routers)
        procs["nginx"] = stack.enter_context(
            process(
                [
                    nginx,
                    "-p",
                    str(tmp_path),
                    "-c",
                    str(conf),
                    "-e",
                    "stderr",
                    "-g",
                    f"daemon off; pid {tmp_path / 'nginx.pid'};",
                ],
                tmp_path / "nginx.log",
            )
        )
        async with aiohttp.ClientSession() as session:
            await asyncio.gather(
                *(
                    wait_up(session, f"http://127.0.0.1:{port}/", procs[f"sim-{node}"])
                    for node, port in sims.items()
                ),
                *(
                    wait_up(session, f"http://127.0.0.1:{port}/health", procs[node])
                    for node, port in routers.items()
                ),
            )
            await wait_up(session, proxy + "/health", procs["nginx"])

            # Round-robin: the runtime plane answers from both nodes in turn.
            seen = {(await get(session, proxy + "/v1/router/capabilities"))[1]["nodeId"]}
            seen.add((await get(session, proxy + "/v1/router/capabilities"))[1]["nodeId"])
            assert seen == set(NODES)

            jobs: dict[str, str] = {}  # job id -> sim mark
            for index in range(4):  # runtime-agent plane jobs, spread over the nodes
                status, body = await post(
                    session,
                    proxy + "/v1/router/jobs",
                    {"selectedModel": QWEN, "request": chat(f"rt{index}")},
                )
                assert status == 202, body
                assert body["id"].startswith(f"job_{body['nodeId']}_")
                jobs[body["id"]] = f"rt{index}"
            for index in range(4):  # standalone async chat jobs
                body = {**chat(f"sa{index}"), "router": {"mode": "async"}}
                status, answer = await post(session, proxy + "/v1/chat/completions", body)
                assert status == 202, answer
                jobs[answer["id"]] = f"sa{index}"
            owners = {job_id: job_id.split("_")[1] for job_id in jobs}
            assert set(owners.values()) == set(NODES)

            for job_id in jobs:
                for _ in range(200):  # every poll must reach the owner (elsewhere: 404)
                    status, job = await get(session, f"{proxy}/v1/jobs/{job_id}")
                    assert status == 200, (job_id, job)
                    if job["status"] == "succeeded":
                        break
                    await asyncio.sleep(0.02)
                assert job["status"] == "succeeded", job
                status, result = await get(session, f"{proxy}/v1/jobs/{job_id}/result")
                assert status == 200, result
                assert result["router"]["jobId"] == job_id
                other = next(node for node in NODES if node != owners[job_id])
                status, _ = await get(
                    session, f"http://127.0.0.1:{routers[other]}/v1/jobs/{job_id}"
                )
                assert status == 404  # only the owner knows the job

            for node, port in sims.items():  # each job ran once, on its owner's Ollama
                _, state = await get(session, f"http://127.0.0.1:{port}/_sim/state")
                mine = {mark for job_id, mark in jobs.items() if owners[job_id] == node}
                assert state["marks"] == dict.fromkeys(mine, 1), node

            status, missing = await get(session, f"{proxy}/v1/jobs/job_gpu9_nothing")
            assert status == 404
            assert missing["error"]["code"] == "job_not_found"
