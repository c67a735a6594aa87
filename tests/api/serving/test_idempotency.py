"""``Idempotency-Key`` on job submission (issue 12, finding 11): a client that retries a
submission gets the job it created, not a second one — also when the retries race, and
after a restart with the SQLite store; the same key with another body is a 422."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from ollama_agent_router.access import hash_key
from support.stack import Stack, gex44_data, stack

QWEN = "qwen2.5-coder:7b"
KEY_A, KEY_B = "key-of-alice-000001", "key-of-bob-00000002"


def chat_job(text: str = "summarize: the quick brown fox") -> dict[str, Any]:
    return {
        "model": "auto",
        "messages": [{"role": "user", "content": text}],
        "router": {"mode": "async"},
    }


def runtime_job(text: str = "hello") -> dict[str, Any]:
    return {"selectedModel": QWEN, "request": {"messages": [{"role": "user", "content": text}]}}


async def submit(
    s: Stack, path: str, body: Any, key: str | None, api_key: str | None = None
) -> tuple[int, Any, dict[str, str]]:
    headers = {} if key is None else {"Idempotency-Key": key}
    if api_key is not None:
        headers["authorization"] = f"Bearer {api_key}"
    status, answer, got = await s.post(path, body, headers=headers)
    return status, answer, {name.lower(): value for name, value in got.items()}


async def job_ids(s: Stack, api_key: str | None = None) -> list[str]:
    headers = {} if api_key is None else {"authorization": f"Bearer {api_key}"}
    async with s.http.get(s.url + "/v1/jobs?limit=100", headers=headers) as response:
        return [job["id"] for job in (await response.json())["data"]]


@pytest.mark.parametrize(
    ("path", "body", "other"),
    [
        ("/v1/chat/completions", chat_job(), chat_job("something else")),
        ("/v1/router/jobs", runtime_job(), runtime_job("something else")),
    ],
)
async def test_a_retried_submission_returns_the_same_job(
    path: str, body: dict[str, Any], other: dict[str, Any]
) -> None:
    async with stack() as s:
        status, first, headers = await submit(s, path, body, "order-42")
        assert status == 202, first
        assert "idempotent-replayed" not in headers
        status, again, headers = await submit(s, path, dict(reversed(body.items())), "order-42")
        assert status == 202  # the same answer as the first time, for the same job
        assert again["id"] == first["id"]
        assert headers["idempotent-replayed"] == "true"
        assert headers["location"].endswith(f"/v1/jobs/{first['id']}")
        assert set(again) == set(first)

        status, refused, _ = await submit(s, path, other, "order-42")
        assert status == 422
        assert refused["error"]["code"] == "idempotency_key_reused"
        assert refused["error"]["param"] == "Idempotency-Key"

        status, fresh, _ = await submit(s, path, body, "order-43")  # a new key: a new job
        assert status == 202
        status, unkeyed, _ = await submit(s, path, body, None)  # no key: always a new job
        assert status == 202
        assert await job_ids(s) == [unkeyed["id"], fresh["id"], first["id"]]


async def test_racing_retries_create_one_job() -> None:
    async with stack() as s:
        answers = await asyncio.gather(
            *(submit(s, "/v1/chat/completions", chat_job(), "race") for _ in range(12))
        )
        assert {status for status, _, _ in answers} == {202}
        ids = {body["id"] for _, body, _ in answers}
        assert len(ids) == 1
        assert await job_ids(s) == list(ids)
        replayed = [h.get("idempotent-replayed") for _, _, h in answers]
        assert replayed.count(None) == 1  # one created it; every other got it back


async def test_the_key_is_per_caller(tmp_path: Path) -> None:
    both = ["standalone", "runtimeAgent"]
    data = gex44_data(
        access={
            "managed": {
                "planes": {"standalone": {"auth": {"requireApiKey": True}}},
                "apiKeys": [
                    {"id": "alice", "keyHash": hash_key(KEY_A), "scopes": both},
                    {"id": "bob", "keyHash": hash_key(KEY_B), "scopes": both},
                ],
            }
        }
    )
    async with stack(data) as s:
        _, alices, _ = await submit(s, "/v1/chat/completions", chat_job(), "k", KEY_A)
        _, bobs, _ = await submit(s, "/v1/chat/completions", chat_job("other"), "k", KEY_B)
        assert alices["id"] != bobs["id"]  # bob's key neither finds nor blocks alice's
        _, again, headers = await submit(s, "/v1/chat/completions", chat_job(), "k", KEY_A)
        assert again["id"] == alices["id"]
        assert headers["idempotent-replayed"] == "true"
        assert await job_ids(s, KEY_B) == [bobs["id"]]


@pytest.mark.parametrize(
    "headers",
    [
        [("Idempotency-Key", "x" * 256)],
        [("Idempotency-Key", "   ")],
        [("Idempotency-Key", "a\tb")],
        [("Idempotency-Key", "one"), ("Idempotency-Key", "two")],
    ],
)
async def test_a_malformed_key_is_a_400(headers: list[tuple[str, str]]) -> None:
    async with stack() as s:
        async with s.http.post(
            s.url + "/v1/chat/completions", json=chat_job(), headers=headers
        ) as response:
            assert response.status == 400
            body = await response.json()
        assert body["error"]["param"] == "Idempotency-Key"
        assert await job_ids(s) == []


async def test_the_key_survives_a_restart_with_sqlite(tmp_path: Path) -> None:
    jobs = {"store": "sqlite", "path": str(tmp_path / "jobs.db"), "maxAttempts": 2}
    data = gex44_data(jobs=jobs)
    async with stack(data) as s:
        status, first, _ = await submit(s, "/v1/chat/completions", chat_job(), "nightly-7")
        assert status == 202
        status, direct, _ = await submit(s, "/v1/router/jobs", runtime_job(), "nightly-8")
        assert status == 202
    async with stack(data) as s:  # a new process on the same file
        status, again, headers = await submit(s, "/v1/chat/completions", chat_job(), "nightly-7")
        assert status == 202
        assert again["id"] == first["id"]
        assert headers["idempotent-replayed"] == "true"
        status, direct_again, _ = await submit(s, "/v1/router/jobs", runtime_job(), "nightly-8")
        assert direct_again["id"] == direct["id"]
        status, _, _ = await submit(s, "/v1/chat/completions", chat_job("new"), "nightly-7")
        assert status == 422
        assert sorted(await job_ids(s)) == sorted([first["id"], direct["id"]])
