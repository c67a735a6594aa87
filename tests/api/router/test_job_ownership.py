"""Job ownership (issue 12, finding 3) through a real router with API keys: key B can
neither list, read, fetch the result of nor cancel key A's jobs — their ids answer 404,
as unknown ids do — while the admin plane sees and cancels every job."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from access.app_client import lifespan
from ollama_agent_router.access import hash_key
from ollama_agent_router.api.app import create_app
from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator.server import run_simulator
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.stack import Stack, gex44_data, stack

KEY_A, KEY_B, ADMIN_KEY = "key-of-alice-000001", "key-of-bob-00000002", "admin-key-000000003"
QWEN = "qwen2.5-coder:7b"
SECRET = "alice's secret prompt"


def secured(tmp_path: Path, **changes: Any) -> dict[str, Any]:
    both = ["standalone", "runtimeAgent"]
    return gex44_data(
        access={
            "managedConfigPath": str(tmp_path / "access-managed.yaml"),
            "bootstrapIfMissing": True,
            "admin": {"enabled": True, "apiKeyHashes": [hash_key(ADMIN_KEY)]},
            "managed": {
                "planes": {
                    "standalone": {"auth": {"requireApiKey": True, "anonymous": "reject"}},
                    "runtimeAgent": {"auth": {"requireApiKey": True, "anonymous": "reject"}},
                },
                "apiKeys": [
                    {"id": "alice", "keyHash": hash_key(KEY_A), "scopes": both},
                    {"id": "bob", "keyHash": hash_key(KEY_B), "scopes": both},
                ],
            },
        },
        **changes,
    )


def slow_settings(data: dict[str, Any]) -> SimulatorSettings:
    """Jobs that take seconds, so they are still queued or running when cancelled."""
    models = models_from_config(parse_config(data))
    return SimulatorSettings(models=models, load_ms_per_gb=0, tokens_per_s=4)


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


async def call(s: Stack, method: str, path: str, key: str, body: Any = None) -> tuple[int, Any]:
    async with s.http.request(method, s.url + path, json=body, headers=bearer(key)) as response:
        return response.status, await response.json(content_type=None)


def chat_job(text: str) -> dict[str, Any]:
    return {
        "model": "auto",
        "messages": [{"role": "user", "content": text}],
        "router": {"mode": "async"},
    }


async def test_key_b_cannot_list_read_fetch_or_cancel_key_a_jobs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ollama_agent_router.audit")
    data = secured(tmp_path, **{"queue.globalMaxConcurrent": 1})
    async with stack(data, sim_settings=slow_settings(data)) as s:
        status, chat = await call(s, "POST", "/v1/chat/completions", KEY_A, chat_job(SECRET))
        assert status == 202, chat
        runtime_body = {"selectedModel": QWEN, "request": chat_job(SECRET)}
        status, direct = await call(s, "POST", "/v1/router/jobs", KEY_A, runtime_body)
        assert status == 202, direct
        status, bobs = await call(s, "POST", "/v1/chat/completions", KEY_B, chat_job("bob's"))
        assert status == 202, bobs
        alice_ids = {chat["id"], direct["id"]}

        # B sees none of A's jobs, and A's ids look exactly like unknown ones
        status, listing = await call(s, "GET", "/v1/jobs?limit=100", KEY_B)
        assert status == 200
        assert [job["id"] for job in listing["data"]] == [bobs["id"]]
        unknown = "job_gex44-a_doesnotexist"
        _, not_found = await call(s, "GET", f"/v1/jobs/{unknown}", KEY_B)
        for job_id in alice_ids:
            for method, path in (
                ("GET", f"/v1/jobs/{job_id}"),
                ("GET", f"/v1/jobs/{job_id}/result"),
                ("DELETE", f"/v1/jobs/{job_id}"),
            ):
                status, body = await call(s, method, path, KEY_B)
                assert status == 404, (method, path, body)
                assert SECRET not in json.dumps(body)
                assert body["error"]["code"] == not_found["error"]["code"] == "job_not_found"

        # A still has both, uncancelled, with its prompt
        status, listing = await call(s, "GET", "/v1/jobs?limit=100", KEY_A)
        assert {job["id"] for job in listing["data"]} == alice_ids
        for job_id in alice_ids:
            status, job = await call(s, "GET", f"/v1/jobs/{job_id}", KEY_A)
            assert status == 200
            assert job["status"] in ("queued", "running")
            assert SECRET in json.dumps(job["request_json"])
            assert "owner" not in job

        # the admin plane sees every job with its owner, and may cancel any
        status, every = await call(s, "GET", "/v1/admin/jobs?limit=100", ADMIN_KEY)
        assert status == 200
        owners = {job["id"]: job["owner"] for job in every["data"]}
        assert owners == {chat["id"]: "key:alice", direct["id"]: "key:alice", bobs["id"]: "key:bob"}
        status, bob_only = await call(s, "GET", "/v1/admin/jobs?owner=key:bob", ADMIN_KEY)
        assert [job["id"] for job in bob_only["data"]] == [bobs["id"]]
        status, one = await call(s, "GET", f"/v1/admin/jobs/{chat['id']}", ADMIN_KEY)
        assert status == 200
        assert one["owner"] == "key:alice"
        status, cancelled = await call(s, "DELETE", f"/v1/admin/jobs/{direct['id']}", ADMIN_KEY)
        assert status == 200
        assert cancelled["status"] == "cancelled"
        status, _ = await call(s, "GET", f"/v1/admin/jobs/{unknown}", ADMIN_KEY)
        assert status == 404

        # client keys are not admin keys
        status, _ = await call(s, "GET", "/v1/admin/jobs", KEY_A)
        assert status == 401
        for job_id in alice_ids:
            await call(s, "DELETE", f"/v1/jobs/{job_id}", KEY_A)
        await call(s, "DELETE", f"/v1/jobs/{bobs['id']}", KEY_B)
    events = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "ollama_agent_router.audit"
    ]
    cancels = [e for e in events if e["event"] == "admin.job.cancelled"]
    assert cancels == [{**cancels[0], "jobId": direct["id"], "owner": "key:alice"}]
    assert any(e["event"] == "admin.jobs.listed" for e in events)


async def test_a_callers_pages_hold_only_its_jobs(tmp_path: Path) -> None:
    async with stack(secured(tmp_path)) as s:
        mine: list[str] = []
        for n in range(7):
            _, a = await call(s, "POST", "/v1/chat/completions", KEY_A, chat_job(f"a{n}"))
            mine.append(a["id"])
            await call(s, "POST", "/v1/chat/completions", KEY_B, chat_job(f"b{n}"))
        seen: list[str] = []
        cursor = ""
        while True:
            status, page = await call(s, "GET", f"/v1/jobs?limit=3{cursor}", KEY_A)
            assert status == 200
            assert len(page["data"]) <= 3
            seen += [job["id"] for job in page["data"]]
            if page["nextCursor"] is None:
                break
            cursor = f"&cursor={page['nextCursor']}"
    assert seen == mine[::-1]


@asynccontextmanager
async def anonymous_clients(*addresses: str) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Clients of one router app (no access section) from different addresses."""
    data = gex44_data()
    settings = SimulatorSettings(models=models_from_config(parse_config(data)), instant=True)
    async with run_simulator(settings) as sim:
        data["ollama"]["baseUrl"] = sim.base_url
        app = create_app(parse_config(data), Overrides(shutdown_grace_s=1))
        clients = [
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app, client=(address, 5000)),
                base_url="http://localhost",
            )
            for address in addresses
        ]
        async with lifespan(app):
            try:
                yield clients
            finally:
                await asyncio.gather(*(client.aclose() for client in clients))


async def test_callers_without_a_key_own_jobs_by_address() -> None:
    async with anonymous_clients("10.0.0.1", "10.0.0.2") as (one, two):
        first = (await one.post("/v1/chat/completions", json=chat_job("from one"))).json()
        second = (await two.post("/v1/chat/completions", json=chat_job("from two"))).json()
        assert [j["id"] for j in (await one.get("/v1/jobs")).json()["data"]] == [first["id"]]
        assert [j["id"] for j in (await two.get("/v1/jobs")).json()["data"]] == [second["id"]]
        assert (await two.get(f"/v1/jobs/{first['id']}")).status_code == 404
        assert (await two.delete(f"/v1/jobs/{first['id']}")).status_code == 404
        assert (await one.get(f"/v1/jobs/{first['id']}")).status_code == 200
        # no access section: no admin plane either
        assert (await one.get("/v1/admin/jobs")).status_code == 404
