"""The runtime-agent plane as a fleet gateway uses it, through a real router and
simulator: ``execute`` runs every face's call on the chosen model (answering as that face
does for a pinned model), and jobs are submitted, read, listed and cancelled on behalf
of the gateway's clients (``owner``, ``idempotencyKey``)."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote

import pytest

from support.stack import Stack, gex44_data, stack

QWEN = "qwen2.5-coder:7b"
VIBE = "B-A-M-N/vibethinker:1.5b"
GPT = "gpt-oss:20b"
NODE = "gex44-a"
HI = [{"role": "user", "content": "hi there"}]


async def post(s: Stack, path: str, body: Any, **kwargs: Any) -> tuple[int, Any, dict[str, str]]:
    """``Stack.post`` with the header names in lower case."""
    status, answer, headers = await s.post(path, body, **kwargs)
    return status, answer, {name.lower(): value for name, value in headers.items()}


async def raw(s: Stack, path: str, body: Any) -> tuple[int, str, str, dict[str, str]]:
    """Status, content type, text and headers of a POST."""
    async with s.http.post(s.url + path, json=body) as response:
        text = await response.text()
        kind = response.headers.get("content-type", "")
        headers = {name.lower(): value for name, value in response.headers.items()}
        return response.status, kind, text, headers


def execute(endpoint: str, request: dict[str, Any], model: str = QWEN, **extra: Any) -> Any:
    return {"selectedModel": model, "endpoint": endpoint, "request": request, **extra}


def by_model(s: Stack) -> dict[str, int]:
    return dict(s.sim.state["requests"]["byModel"])


# -- execute: every endpoint, as the node's own face answers it --------------------------

SYNC = [
    ("/v1/completions", {"prompt": "hello", "max_tokens": 8}),
    ("/v1/embeddings", {"input": ["one", "two"]}),
    ("/api/chat", {"messages": HI, "stream": False}),
    ("/api/generate", {"prompt": "hello", "stream": False}),
    ("/api/embed", {"input": "hello"}),
    ("/api/embeddings", {"prompt": "hello"}),
]


@pytest.mark.parametrize(("endpoint", "request_body"), SYNC, ids=[e for e, _ in SYNC])
async def test_execute_answers_as_the_face_does_for_the_pinned_model(
    endpoint: str, request_body: dict[str, Any]
) -> None:
    async with stack() as s:
        # the request's own model is ignored: the gateway chose QWEN
        status, answer, headers = await post(
            s, "/v1/router/execute", execute(endpoint, {**request_body, "model": "auto"})
        )
        ran = by_model(s)
        face_status, face, face_headers = await post(s, endpoint, {**request_body, "model": QWEN})
    assert status == face_status == 200, answer
    assert ran == {QWEN: 1}
    # ``load_duration``: Ollama's, when the call loaded the model (the first one here)
    assert set(answer) - {"load_duration"} == set(face) - {"load_duration"}
    assert headers["content-type"] == face_headers["content-type"]
    assert headers["x-router-node"] == NODE
    assert headers["x-router-selected-model"] == QWEN
    assert headers["x-router-task-type"] == "unknown"  # router.defaultTaskType
    assert headers["x-router-decision-reason"] == f"Selected {QWEN} by the gateway"
    assert "x-router-queue-time-ms" in headers
    if "router" in face:  # OpenAI completions and embeddings carry the router object
        assert answer["router"]["selectedModel"] == QWEN
        assert answer["router"]["decisionReason"] == f"Selected {QWEN} by the gateway"
    if "model" in face:
        assert answer["model"] == QWEN


async def test_execute_chat_keeps_its_envelope_named_or_not() -> None:
    async with stack() as s:
        implicit = await post(
            s, "/v1/router/execute", {"selectedModel": VIBE, "request": {"messages": HI}}
        )
        named = await post(
            s, "/v1/router/execute", execute("/v1/chat/completions", {"messages": HI})
        )
    for status, answer, headers in (implicit, named):
        assert status == 200, answer
        assert set(answer) == {
            "result",
            "nodeId",
            "selectedModel",
            "queueTimeMs",
            "executionTimeMs",
        }
        assert answer["result"]["object"] == "chat.completion"
        assert headers["x-router-node"] == NODE
    assert implicit[1]["selectedModel"] == VIBE
    assert named[1]["selectedModel"] == QWEN


STREAMS = [
    ("/api/chat", {"messages": HI}, "application/x-ndjson"),  # stream absent: streamed
    ("/api/generate", {"prompt": "hello"}, "application/x-ndjson"),
    ("/v1/completions", {"prompt": "hello", "stream": True}, "text/event-stream"),
    ("/v1/chat/completions", {"messages": HI, "stream": True}, "text/event-stream"),
]


def _items(kind: str, text: str) -> list[Any]:
    if kind.startswith("application/x-ndjson"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    events = [e[6:] for e in text.split("\n\n") if e.startswith("data: ")]
    assert events[-1] == "[DONE]"
    return [json.loads(e) for e in events[:-1]]


@pytest.mark.parametrize(
    ("endpoint", "request_body", "media"), STREAMS, ids=[e for e, _, _ in STREAMS]
)
async def test_execute_streams_as_the_face_does(
    endpoint: str, request_body: dict[str, Any], media: str
) -> None:
    async with stack() as s:
        status, kind, text, headers = await raw(
            s, "/v1/router/execute", execute(endpoint, request_body, model=GPT)
        )
        face_status, face_kind, face_text, _ = await raw(
            s, endpoint, {**request_body, "model": GPT}
        )
        ran = by_model(s)
    assert status == face_status == 200, text
    assert kind.startswith(media)
    assert face_kind.startswith(media)
    assert headers["x-router-node"] == NODE
    assert headers["x-router-selected-model"] == GPT
    items, face_items = _items(kind, text), _items(face_kind, face_text)
    assert len(items) > 1
    assert {item["model"] for item in items} == {GPT}
    assert set(items[0]) == set(face_items[0])
    assert set(items[-1]) - {"load_duration"} == set(face_items[-1]) - {"load_duration"}
    assert ran == {GPT: 2}
    if media == "application/x-ndjson":
        assert items[-1]["done"] is True


async def test_execute_preloads_and_unloads_as_ollama_does() -> None:
    async with stack() as s:
        status, answer, headers = await post(s, "/v1/router/execute", execute("/api/generate", {}))
        assert (status, answer["done_reason"]) == (200, "load"), answer
        assert headers["x-router-node"] == NODE
        status, answer, _ = await post(
            s, "/v1/router/execute", execute("/api/chat", {"messages": [], "keep_alive": 0})
        )
        assert (status, answer["done_reason"]) == (200, "unload"), answer


async def test_execute_sends_the_models_context_and_keep_alive_as_the_face_does() -> None:
    data = gex44_data(**{"ollama.api": "native", "ollama.keepAlive": "9m"})
    async with stack(data) as s:
        status, answer, _ = await post(
            s, "/v1/router/execute", execute("/v1/completions", {"prompt": "hi"}, model=VIBE)
        )
        [vibe] = [m for m in s.sim.state["loaded"] if m["name"].startswith("B-A-M-N")]
    assert status == 200, answer
    assert vibe["context_length"] == 8192  # maxContext, as chat and the face send it
    assert 8 * 60 < vibe["keepAliveS"] <= 9 * 60


BAD = [
    (execute("/v1/nope", {"messages": HI}), "endpoint"),
    (execute("/api/chat", "hi"), "request"),
    (execute("/api/chat", {"messages": "hi"}), "request.messages"),
    (execute("/api/chat", {"messages": [{"content": "x"}]}), "request.messages[0].role"),
    (execute("/api/generate", {"prompt": 5}), "request.prompt"),
    (execute("/api/generate", {"images": ["aGk="]}), "request.prompt"),
    (execute("/api/embeddings", {"prompt": ["x"]}), "request.prompt"),
    (execute("/v1/completions", {"prompt": ""}), "request.prompt"),
    (execute("/v1/embeddings", {"input": [1]}), "request.input"),
    (
        execute("/v1/embeddings", {"input": "x", "encoding_format": "hex"}),
        "request.encoding_format",
    ),
]


async def test_bad_execute_bodies_are_400_naming_the_field_in_the_openai_shape() -> None:
    async with stack() as s:
        for body, field in BAD:
            status, answer, headers = await post(s, "/v1/router/execute", body)
            assert status == 400, (body, answer)
            assert answer["error"]["param"] == field, (body, answer)
            assert answer["error"]["message"].startswith(field), answer
            assert headers["x-router-node"] == NODE
        status, answer, headers = await post(
            s, "/v1/router/execute", execute("/api/embed", {"input": "x"}, model="llama9:1b")
        )
        assert status == 404
        assert answer["error"]["param"] == "selectedModel"
        assert headers["x-router-node"] == NODE
        assert by_model(s) == {}


async def test_a_native_call_fails_in_ollamas_shape() -> None:
    async with stack() as s:
        s.sim.set_fault("error", status=400, model=QWEN, times=2)
        status, answer, headers = await post(
            s, "/v1/router/execute", execute("/api/chat", {"messages": HI, "stream": False})
        )
        assert status == 400, answer
        assert set(answer) == {"error"}
        assert isinstance(answer["error"], str)
        assert headers["x-router-node"] == NODE
        status, _, text, headers = await raw(
            s, "/v1/router/execute", execute("/api/generate", {"prompt": "hi"})
        )
        assert status == 400, text
        assert set(json.loads(text)) == {"error"}
        assert headers["x-router-node"] == NODE
        # an OpenAI endpoint's failure keeps the OpenAI shape
        s.sim.set_fault("error", status=400, model=QWEN, times=1)
        status, answer, _ = await post(
            s, "/v1/router/execute", execute("/v1/completions", {"prompt": "hi"})
        )
        assert status == 400, answer
        assert isinstance(answer["error"], dict)


async def test_execute_runs_through_the_models_queue() -> None:
    """The direct plan takes the model's one slot: a second call waits behind the first,
    whatever its endpoint."""
    async with stack() as s:
        s.sim.set_fault("delay", delay_ms=300, model=QWEN, times=2)
        first, second = await asyncio.gather(
            post(
                s, "/v1/router/execute", execute("/api/generate", {"prompt": "a", "stream": False})
            ),
            post(s, "/v1/router/execute", execute("/v1/completions", {"prompt": "b"})),
        )
    assert first[0] == second[0] == 200
    waits = sorted(float(h["x-router-queue-time-ms"]) for _, _, h in (first, second))
    assert waits[0] < 100
    assert waits[1] >= 250


# -- jobs on behalf of the gateway's clients -----------------------------------------------

ALICE = "key:alice@gateway"
BOB = "key:bob"


def job(owner: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"selectedModel": VIBE, "request": {"messages": HI}, **extra}
    if owner is not None:
        body["owner"] = owner
    return body


def as_owner(path: str, owner: str) -> str:
    return f"{path}?owner={quote(owner, safe='')}"


async def owned(s: Stack, job_id: str, owner: str) -> dict[str, Any]:
    for _ in range(500):
        status, record = await s.get(as_owner(f"/v1/router/jobs/{job_id}", owner))
        assert status == 200, record
        if record["status"] in ("succeeded", "failed", "cancelled"):
            return dict(record)
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish")


async def test_a_job_for_an_owner_is_that_owners_alone() -> None:
    async with stack() as s:
        status, accepted, headers = await post(s, "/v1/router/jobs", job(ALICE))
        assert status == 202, accepted
        job_id = accepted["id"]
        assert headers["location"] == f"/v1/router/jobs/{job_id}?owner={quote(ALICE, safe='')}"
        assert headers["x-router-node"] == NODE
        record = await owned(s, job_id, ALICE)
        assert record["status"] == "succeeded"
        assert record["selected_model"] == VIBE
        assert "owner" not in record  # as the owner sees it at /v1/jobs

        status, result = await s.get(as_owner(f"/v1/router/jobs/{job_id}/result", ALICE))
        assert status == 200
        assert result["model"] == VIBE
        assert result["router"]["jobId"] == job_id

        status, page = await s.get(as_owner("/v1/router/jobs", ALICE))
        assert status == 200
        assert [j["id"] for j in page["data"]] == [job_id]
        assert page["nextCursor"] is None

        # to anyone else, the job does not exist
        for path in (f"/v1/router/jobs/{job_id}", f"/v1/router/jobs/{job_id}/result"):
            status, answer = await s.get(as_owner(path, BOB))
            assert status == 404, answer
            assert answer["error"]["code"] == "job_not_found"
        status, page = await s.get(as_owner("/v1/router/jobs", BOB))
        assert (status, page["data"]) == (200, [])
        status, answer = await s.get(f"/v1/jobs/{job_id}")  # the gateway key's own view
        assert status == 404
        async with s.http.delete(s.url + as_owner(f"/v1/router/jobs/{job_id}", BOB)) as response:
            assert response.status == 404
            assert response.headers["x-router-node"] == NODE


async def test_an_owner_cancels_its_running_job() -> None:
    async with stack() as s:
        s.sim.set_fault("delay", delay_ms=5000, model=VIBE, times=1)
        _, accepted, _ = await post(s, "/v1/router/jobs", job(ALICE))
        job_id = accepted["id"]
        async with s.http.delete(s.url + as_owner(f"/v1/router/jobs/{job_id}", BOB)) as response:
            assert response.status == 404
        async with s.http.delete(s.url + as_owner(f"/v1/router/jobs/{job_id}", ALICE)) as response:
            assert response.status == 200
            cancelled = await response.json()
            assert response.headers["x-router-node"] == NODE
        assert cancelled["id"] == job_id
        assert cancelled["status"] == "cancelled"
        status, answer = await s.get(as_owner(f"/v1/router/jobs/{job_id}/result", ALICE))
    assert status == 410, answer


async def test_without_an_owner_the_job_is_the_callers_as_before() -> None:
    async with stack() as s:
        _, accepted, headers = await post(s, "/v1/router/jobs", job())
        job_id = accepted["id"]
        assert headers["location"] == f"/v1/jobs/{job_id}"
        status, record = await s.get(f"/v1/jobs/{job_id}")
        assert status == 200, record
        mine = await owned(s, job_id, "addr:127.0.0.1")  # the caller's address owner
    assert mine["id"] == job_id


async def test_listing_an_owners_jobs_pages_and_filters() -> None:
    async with stack() as s:
        ids = []
        for _ in range(3):
            _, accepted, _ = await post(s, "/v1/router/jobs", job(ALICE))
            ids.append(accepted["id"])
        await post(s, "/v1/router/jobs", job(BOB))
        for job_id in ids:
            await owned(s, job_id, ALICE)
        status, first = await s.get(as_owner("/v1/router/jobs", ALICE) + "&limit=2")
        assert status == 200
        status, rest = await s.get(
            as_owner("/v1/router/jobs", ALICE) + f"&limit=2&cursor={first['nextCursor']}"
        )
        status, done = await s.get(as_owner("/v1/router/jobs", ALICE) + "&status=succeeded")
        status, none = await s.get(as_owner("/v1/router/jobs", ALICE) + "&status=queued")
    listed = [j["id"] for j in first["data"] + rest["data"]]
    assert listed == ids[::-1]
    assert rest["nextCursor"] is None
    assert len(done["data"]) == 3
    assert none["data"] == []


async def test_idempotency_key_replays_the_job_per_owner() -> None:
    async with stack() as s:
        body = job(ALICE, idempotencyKey="gw-retry-1")
        first = await post(s, "/v1/router/jobs", body)
        again = await post(s, "/v1/router/jobs", body)
        # the same key in the header instead of the body: the same submission
        header = await post(
            s, "/v1/router/jobs", job(ALICE), headers={"Idempotency-Key": "gw-retry-1"}
        )
        other_owner = await post(s, "/v1/router/jobs", job(BOB, idempotencyKey="gw-retry-1"))
        reused = await post(
            s, "/v1/router/jobs", job(ALICE, idempotencyKey="gw-retry-1", priority="high")
        )
        for answer in (first, other_owner):
            await owned(s, answer[1]["id"], ALICE if answer is first else BOB)
        _, page = await s.get(as_owner("/v1/router/jobs", ALICE))
    assert first[0] == 202
    assert "idempotent-replayed" not in first[2]
    for status, accepted, headers in (again, header):
        assert status == 202, accepted
        assert accepted["id"] == first[1]["id"]
        assert headers["idempotent-replayed"] == "true"
        assert headers["x-router-node"] == NODE
    assert other_owner[0] == 202
    assert other_owner[1]["id"] != first[1]["id"]
    assert reused[0] == 422, reused
    assert reused[1]["error"]["code"] == "idempotency_key_reused"
    assert len(page["data"]) == 1


BAD_JOBS = [
    (job(""), "owner"),
    (job("x" * 301), "owner"),
    (job("key:a\r\nb"), "owner"),
    ({**job(), "owner": 5}, "owner"),
    (job(ALICE, idempotencyKey=""), "idempotencyKey"),
    (job(ALICE, idempotencyKey="tab\tkey"), "idempotencyKey"),
    (job(ALICE, idempotencyKey="k" * 256), "idempotencyKey"),
]


async def test_bad_owners_and_keys_are_400_naming_the_field() -> None:
    async with stack() as s:
        for body, field in BAD_JOBS:
            status, answer, headers = await post(s, "/v1/router/jobs", body)
            assert status == 400, (body, answer)
            assert answer["error"]["param"] == field, (body, answer)
            assert headers["x-router-node"] == NODE
        status, answer, _ = await post(
            s,
            "/v1/router/jobs",
            job(ALICE, idempotencyKey="one"),
            headers={"Idempotency-Key": "two"},
        )
        assert status == 400
        assert answer["error"]["param"] == "idempotencyKey"
        for path in ("/v1/router/jobs", "/v1/router/jobs/job_x", "/v1/router/jobs/job_x/result"):
            status, answer = await s.get(path)
            assert status == 400, (path, answer)
            assert answer["error"]["param"] == "owner"
            status, answer = await s.get(as_owner(path, "a\x00b"))
            assert status == 400, (path, answer)
            assert answer["error"]["param"] == "owner"
            status, answer = await s.get(as_owner(path, "o" * 301))
            assert status == 400, (path, answer)
        status, answer = await s.get(as_owner("/v1/router/jobs", ALICE) + "&status=nope")
        assert (status, answer["error"]["param"]) == (400, "status")
