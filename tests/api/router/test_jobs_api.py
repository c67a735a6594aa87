"""Job endpoints: cancel queued and running jobs, listing, result status codes."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import aiohttp

from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import parse_config
from ollama_agent_router.server import running
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.processes import free_port
from support.stack import gex44_data, stack
from support.waiting import until


def job_request(text: str) -> dict[str, Any]:
    return {
        "model": "auto",
        "messages": [{"role": "user", "content": text}],
        "router": {"mode": "async"},
    }


def slow(data: dict[str, Any]) -> SimulatorSettings:
    models = models_from_config(parse_config(data))
    return SimulatorSettings(models=models, load_ms_per_gb=0, tokens_per_s=8)


async def wait_status(s: Any, job_id: str, wanted: str) -> dict[str, Any]:
    for _ in range(200):
        _, job = await s.get(f"/v1/jobs/{job_id}")
        if job["status"] == wanted:
            return dict(job)
        await asyncio.sleep(0.02)
    raise AssertionError(f"{job_id} never reached {wanted}: {job}")


async def test_cancel_running_job_aborts_upstream_and_queued_job_leaves_queue() -> None:
    data = gex44_data(**{"queue.globalMaxConcurrent": 1})
    async with stack(data, sim_settings=slow(data)) as s:
        _, first, _ = await s.post("/v1/chat/completions", job_request("first"))
        _, second, _ = await s.post("/v1/chat/completions", job_request("second"))
        await wait_status(s, first["id"], "running")
        async with s.http.delete(f"{s.url}/v1/jobs/{second['id']}") as response:
            assert response.status == 200
            assert (await response.json())["status"] == "cancelled"
        async with s.http.delete(f"{s.url}/v1/jobs/{first['id']}") as response:
            assert response.status == 200
            cancelled = await response.json()
        assert cancelled["status"] == "cancelled"
        await until(lambda: s.sim.state["aborted"] >= 1, within_s=3, what="no upstream abort")
        status, body = await s.get(f"/v1/jobs/{first['id']}/result")
        assert status == 410
        assert body["status"] == "cancelled"
        # Cancelling again leaves a terminal job as it is.
        async with s.http.delete(f"{s.url}/v1/jobs/{first['id']}") as response:
            assert (await response.json())["status"] == "cancelled"
        async with s.http.delete(f"{s.url}/v1/jobs/job_gex44-a_unknown") as response:
            assert response.status == 404


async def test_list_jobs_newest_first_with_limit_status_and_cursor() -> None:
    async with stack() as s:
        ids = []
        for i in range(5):
            _, body, _ = await s.post("/v1/chat/completions", job_request(f"job {i}"))
            ids.append(body["id"])
        for job_id in ids:
            await wait_status(s, job_id, "succeeded")
        status, page = await s.get("/v1/jobs?limit=2")
        assert status == 200
        assert [j["id"] for j in page["data"]] == ids[::-1][:2]
        assert "request_json" not in page["data"][0]
        status, rest = await s.get(f"/v1/jobs?limit=10&cursor={page['nextCursor']}")
        assert [j["id"] for j in rest["data"]] == ids[::-1][2:]
        assert rest["nextCursor"] is None
        status, done = await s.get("/v1/jobs?status=succeeded")
        assert len(done["data"]) == 5
        status, none = await s.get("/v1/jobs?status=failed")
        assert none["data"] == []
        status, bad = await s.get("/v1/jobs?status=bogus")
        assert status == 400
        assert bad["error"]["param"] == "status"
        status, bad = await s.get("/v1/jobs?limit=0")
        assert status == 400


async def test_failed_job_is_retried_then_reports_500() -> None:
    async with stack() as s:
        s.sim.set_fault("500")
        _, body, _ = await s.post("/v1/chat/completions", job_request("doomed"))
        job = await wait_status(s, body["id"], "failed")
        assert job["attempts"] == 2
        status, result = await s.get(f"/v1/jobs/{body['id']}/result")
    assert status == 500
    assert result["status"] == "failed"
    assert "500" in result["error"]["message"]


async def test_a_job_accepted_while_ollama_is_down_waits_between_its_attempts() -> None:
    """Issue 12, finding 9, with the default backoff: the attempts are at least a second
    apart (read from the job's recorded times), and the wait holds no queue place."""
    data = gex44_data(**{"ollama.baseUrl": f"http://127.0.0.1:{free_port()}"})
    body = {
        "selectedModel": "qwen2.5-coder:7b",
        "request": {"messages": [{"role": "user", "content": "hi"}]},
    }
    async with (
        running(parse_config(data), Overrides(shutdown_grace_s=1)) as url,
        aiohttp.ClientSession() as http,
    ):
        async with http.post(url + "/v1/router/jobs", json=body) as response:
            assert response.status == 202
            job_id = (await response.json())["id"]
        waiting: dict[str, Any] = {}
        for _ in range(500):
            async with http.get(f"{url}/v1/jobs/{job_id}") as response:
                job = await response.json()
            if job["attempts"] == 1 and job["status"] == "queued":
                waiting = job
                async with http.get(url + "/v1/router/status") as response:
                    queue = (await response.json())["queue"]
                break
            await asyncio.sleep(0.01)
        assert waiting, "the first attempt never failed"
        assert queue["globalQueued"] == queue["globalRunning"] == 0
        for _ in range(500):
            async with http.get(f"{url}/v1/jobs/{job_id}") as response:
                done = await response.json()
            if done["status"] == "failed":
                break
            await asyncio.sleep(0.02)
    first_start = parse_iso(waiting["started_at"])
    due = parse_iso(waiting["next_attempt_at"])
    assert 1.0 <= due - first_start <= 2.0 + 0.5  # jobs.retryBackoffMs 2000: 1–2 s later
    assert done["status"] == "failed"
    assert done["attempts"] == 2
    assert parse_iso(done["started_at"]) >= due  # the second attempt did not start early
    assert "next_attempt_at" not in done


def parse_iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
