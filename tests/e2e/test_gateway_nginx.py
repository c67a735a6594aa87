"""Two nodes behind a real nginx using ``examples/gateway/nginx.conf``: two ``oar serve``
processes with different node ids, each on its own ``oar simulate`` process. Jobs are
created through the proxy (round-robin) and polled and fetched through it; the job id's
node id must bring every poll to the node that owns the job."""

from __future__ import annotations

import asyncio
import shutil
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from support.processes import (
    OAR,
    expect_idle_over_http,
    free_port,
    process,
    serve,
    wait_up,
    write_config,
)
from support.stack import GEX44, gex44_data

pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "gateway" / "nginx.conf"
NODES = ("gpu1", "gpu2")
VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


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
                    log=tmp_path / f"sim-{node}.log",
                )
            )
            data = gex44_data(
                **{
                    "server.nodeId": node,
                    "server.port": routers[node],
                    "ollama.baseUrl": f"http://127.0.0.1:{sims[node]}",
                }
            )
            config = write_config(tmp_path / f"{node}.yaml", data)
            procs[node] = stack.enter_context(serve(config, log=tmp_path / f"{node}.log"))
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
                log=tmp_path / "nginx.log",
            )
        )
        async with aiohttp.ClientSession() as session:
            await asyncio.gather(
                *(
                    wait_up(
                        session, f"http://127.0.0.1:{port}/", proc=procs[f"sim-{node}"], limit_s=30
                    )
                    for node, port in sims.items()
                ),
                *(
                    wait_up(
                        session, f"http://127.0.0.1:{port}/health", proc=procs[node], limit_s=30
                    )
                    for node, port in routers.items()
                ),
            )
            await wait_up(session, proxy + "/health", proc=procs["nginx"], limit_s=30)

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
            for port in routers.values():
                await expect_idle_over_http(session, f"http://127.0.0.1:{port}")
