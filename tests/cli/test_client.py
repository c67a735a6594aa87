"""Client commands against a live router (in-process, on a free port) and a dead URL."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import threading
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from ollama_agent_router.cli import app
from support.processes import free_port
from support.stack import Stack, gex44_data, stack

QWEN = "qwen2.5-coder:7b"
VIBE = "B-A-M-N/vibethinker:1.5b"
runner = CliRunner()


async def oar(s: Stack | str, *args: str, base_path: str = "/") -> Result:
    """Run ``oar --url … ARGS`` in a thread: the router serves on this event loop."""
    url = s if isinstance(s, str) else s.url.removesuffix(s.config.server.prefix)
    argv = ["--url", url, "--base-path", base_path, *args]
    return await asyncio.to_thread(runner.invoke, app, argv)


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


async def finished_job(s: Stack) -> str:
    body = {
        "model": "auto",
        "messages": [{"role": "user", "content": "hello"}],
        "router": {"mode": "async"},
    }
    status, accepted, _ = await s.post("/v1/chat/completions", body)
    assert status == 202, accepted
    for _ in range(100):
        _, job = await s.get(f"/v1/jobs/{accepted['id']}")
        if job["status"] == "succeeded":
            return str(accepted["id"])
        await asyncio.sleep(0.02)
    raise AssertionError("the job did not finish")


async def test_status_models_gpu_as_tables_and_json() -> None:
    async with stack(gex44_data(**{"gpu.provider": "static"})) as s:
        status = ok(await oar(s, "status"))
        status_json = json.loads(ok(await oar(s, "--json", "status")))
        models = ok(await oar(s, "models"))
        models_json = json.loads(ok(await oar(s, "models", "--json")))
        gpu = ok(await oar(s, "gpu"))
    assert "Router gex44-a" in status
    assert QWEN in status
    assert "Ollama reachable" in status
    assert status_json["nodeId"] == "gex44-a"
    assert QWEN in models
    assert "installed" in models
    assert models_json["configured"][0]["name"] == VIBE
    assert "20480" in gpu


async def test_jobs_job_result_cancel() -> None:
    async with stack() as s:
        job_id = await finished_job(s)
        listed = ok(await oar(s, "jobs", "--status", "succeeded", "--limit", "5"))
        listed_json = json.loads(ok(await oar(s, "jobs", "--json")))
        one = ok(await oar(s, "job", job_id))
        result = ok(await oar(s, "result", job_id))
        result_json = json.loads(ok(await oar(s, "result", job_id, "--json")))
        cancelled = ok(await oar(s, "cancel", job_id))
        missing = await oar(s, "job", "job_gex44-a_nope")
        bad_status = await oar(s, "jobs", "--status", "done")
    assert job_id in listed  # the id column never wraps; the others fold at 80 columns
    assert listed_json["data"][0]["id"] == job_id
    assert listed_json["data"][0]["status"] == "succeeded"
    assert "selected_model" in one
    assert VIBE in one
    assert VIBE in result
    assert result_json["choices"][0]["message"]["content"].split()[0] in result
    assert result_json["router"]["jobId"] == job_id
    assert f"Job {job_id}: succeeded" in cancelled.replace("\n", "")
    assert missing.exit_code == 1
    assert missing.stderr.count("\n") == 1
    assert "404" in missing.stderr
    assert "not found" in missing.stderr
    assert bad_status.exit_code == 1
    assert "status: must be one of" in bad_status.stderr


async def test_route_online_renders_the_live_dry_run() -> None:
    prompt = "Fix this python bug, stack trace: KeyError"
    async with stack() as s:
        url = s.url
        table = ok(await asyncio.to_thread(runner.invoke, app, ["route", "--url", url, prompt]))
        data = json.loads(ok(await oar(s, "route", "--json", prompt)))
        mixed = await asyncio.to_thread(
            runner.invoke, app, ["route", "--url", url, "--loaded", QWEN, prompt]
        )
        unknown = await oar(s, "route", "--model", "nope", prompt)
    assert "Decision" in table
    assert QWEN in table
    assert data["decision"]["model"] == QWEN
    assert mixed.exit_code == 1
    assert "--loaded: offline only" in mixed.stderr
    assert unknown.exit_code == 1
    assert "404" in unknown.stderr


async def test_base_path_and_api_key() -> None:
    key = "oar-test-key-0123456789abcdef"
    data = gex44_data(
        **{
            "server.basePath": "/oar",
            "access": {
                "managed": {
                    "planes": {
                        "standalone": {"auth": {"requireApiKey": True, "anonymous": "reject"}}
                    },
                    "apiKeys": [
                        {
                            "id": "cli",
                            "keyHash": "sha256:" + hashlib.sha256(key.encode()).hexdigest(),
                            "scopes": ["standalone"],
                        }
                    ],
                }
            },
        }
    )
    async with stack(data) as s:
        # the dry-run belongs to the standalone plane, which requires a key here
        refused = await oar(s, "route", "hello", base_path="/oar")
        allowed = await oar(s, "--api-key", key, "route", "hello", base_path="/oar")
        wrong_path = await oar(s, "--api-key", key, "status")
    assert refused.exit_code == 1
    assert "401" in refused.stderr
    assert "API key required" in refused.stderr
    assert "Decision" in ok(allowed)
    assert wrong_path.exit_code == 1
    assert "404" in wrong_path.stderr


def dead_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["models"],
        ["gpu"],
        ["jobs"],
        ["job", "job_x_y"],
        ["result", "job_x_y"],
        ["cancel", "job_x_y"],
        ["route", "hello"],
    ],
)
def test_dead_url_is_one_line_and_exit_1(args: list[str]) -> None:
    url = dead_url()
    result: Any = runner.invoke(app, ["--url", url, *args])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: cannot reach the router at {url}")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("url", ["router.local", "http://[::1"])
def test_malformed_url_is_one_line_and_exit_1(url: str) -> None:
    result: Any = runner.invoke(app, ["--url", url, "status"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: --url: not a router URL ({url!r})")
    assert result.stderr.count("\n") == 1


def test_a_port_that_is_not_the_router_is_one_line_and_exit_1() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        url = f"http://127.0.0.1:{server.getsockname()[1]}"

        def banner() -> None:
            connection, _ = server.accept()
            with connection:
                connection.recv(4096)
                connection.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")

        thread = threading.Thread(target=banner)
        thread.start()
        result: Any = runner.invoke(app, ["--url", url, "status"])
        thread.join(5)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {url} does not answer like the router: BadStatusLine SSH-2.0-OpenSSH_9.6\n"
    )
