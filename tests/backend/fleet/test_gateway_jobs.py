"""Async jobs at the gateway: created on the node that runs them, read there by id."""

from __future__ import annotations

import asyncio
from typing import Any

from support.fleet import QWEN, Fleet, chat, fleet

NODES = ("node-a", "node-b")


async def finished(f: Fleet, job_id: str) -> dict[str, Any]:
    for _ in range(300):
        job = await f.get(f"/v1/jobs/{job_id}")
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return dict(job)
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish: {job}")


async def test_a_job_through_the_gateway_lives_on_its_node() -> None:
    async with fleet(*NODES) as f:
        body = {**chat("write a python function"), "model": QWEN, "router": {"mode": "async"}}
        status, accepted, headers = await f.post("/v1/chat/completions", body)
        assert status == 202, accepted
        node = accepted["router"]["node"]
        assert node in NODES
        assert headers["x-router-node"] == node
        assert accepted["id"].startswith(f"job_{node}_")
        assert headers["Location"].endswith(f"/v1/jobs/{accepted['id']}")
        job = await finished(f, accepted["id"])
        assert job["status"] == "succeeded", job
        async with f.http.get(f"{f.url}/v1/jobs/{accepted['id']}/result") as response:
            assert response.status == 200
            result = await response.json()
        assert result["choices"][0]["message"]["content"]
        # the node has it, as its own: the gateway's listing merges every node's
        listing = await f.get("/v1/jobs?limit=10")
        assert [j["id"] for j in listing["data"]] == [accepted["id"]]
        unknown = await f.get("/v1/jobs/job_node-z_nothing")
        assert unknown["error"]["code"] == "job_not_found"


async def test_the_listing_pages_across_nodes() -> None:
    async with fleet(*NODES) as f:
        ids = []
        for node in NODES:  # jobs made on each node directly, by the same owner
            for _ in range(3):
                body = {**chat("hi"), "model": QWEN, "router": {"mode": "async"}}
                status, accepted, _ = await f.nodes[node].post("/v1/chat/completions", body)
                assert status == 202, accepted
                ids.append(accepted["id"])
        seen: list[str] = []
        cursor = None
        for _ in range(10):
            query = "/v1/jobs?limit=4" + (f"&cursor={cursor}" if cursor else "")
            page = await f.get(query)
            seen += [job["id"] for job in page["data"]]
            cursor = page["nextCursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(ids)
        assert len(seen) == len(set(seen))
        bad = await f.get("/v1/jobs?cursor=not-a-cursor")
        assert bad["error"]["param"] == "cursor"
        for job_id in ids:
            await finished(f, job_id)


async def test_a_job_can_be_cancelled_through_the_gateway() -> None:
    async with fleet(*NODES) as f:
        for node in NODES:  # keep both nodes' qwen busy so the job waits
            f.nodes[node].sim.set_fault("delay", delay_ms=2000, model=QWEN, times=3)
        body = {**chat("fix it"), "model": QWEN, "router": {"mode": "async"}}
        blockers = [
            asyncio.create_task(f.post("/v1/chat/completions", {**chat("x"), "model": QWEN}))
            for _ in range(2)
        ]
        for _ in range(200):  # until both blockers run, one on each node
            running = [s.services.scheduler.running[QWEN] for s in f.nodes.values() if s.services]
            if running == [1, 1]:
                break
            await asyncio.sleep(0.01)
        status, accepted, _ = await f.post("/v1/chat/completions", body)
        assert status == 202, accepted
        async with f.http.delete(f"{f.url}/v1/jobs/{accepted['id']}") as response:
            cancelled = await response.json()
        assert response.status == 200, cancelled
        assert cancelled["status"] in ("cancelled", "succeeded"), cancelled
        await asyncio.gather(*blockers)
