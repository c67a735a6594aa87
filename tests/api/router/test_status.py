"""Status endpoints over a real router and simulator: status, models, gpu, /v1/models,
and the dry-run ``POST /v1/router/route``. The answers' content is the point, not the
socket: the router app runs in process (``transport="asgi"``)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from support.stack import Stack, gex44_data, stack
from support.waiting import until

QWEN = "qwen2.5-coder:7b"
VIBE = "B-A-M-N/vibethinker:1.5b"


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


async def loaded_soon(s: Stack, path: str, key: str) -> dict[str, Any]:
    """The live state refreshes in the background after an execution: poll briefly."""
    for _ in range(50):
        _, body = await s.get(path)
        if body[key]:
            return dict(body)
        await asyncio.sleep(0.05)
    raise AssertionError(f"{path}: {key} stayed empty")


async def test_status_shows_queue_gpu_models_jobs_and_config_without_secrets() -> None:
    data = gex44_data(
        **{
            "server.basePath": "/oar",
            "access": {
                "managed": {
                    "planes": {
                        "standalone": {"auth": {"requireApiKey": False, "anonymous": "allow"}}
                    },
                    "apiKeys": [
                        {"id": "ci", "keyHash": "sha256:" + "ab" * 32, "scopes": ["standalone"]}
                    ],
                },
            },
        }
    )
    async with stack(data, transport="asgi") as s:
        status, answer, _ = await s.post("/v1/chat/completions", chat("hello"))
        assert status == 200, answer
        body = await loaded_soon(s, "/v1/router/status", "loadedModels")
    assert body["nodeId"] == "gex44-a"
    assert body["service"] == "ollama-agent-router"
    assert body["uptimeS"] >= 0
    assert body["queue"]["globalQueued"] == 0
    assert {m["model"] for m in body["queue"]["byModel"]} >= {QWEN, VIBE}
    assert "provider" in body["gpu"]
    assert [m["configuredName"] for m in body["loadedModels"]] == [VIBE]
    assert body["jobs"]["queued"] == 0
    assert set(body["config"]) == {"models", "routes", "basePath", "protocol"}
    assert body["config"]["basePath"] == "/oar"
    assert body["config"]["protocol"] == "http"
    assert body["config"]["routes"]["code_fix"] == [QWEN, "deepseek-coder:6.7b"]
    text = json.dumps(body)
    assert "sha256:" not in text
    assert "keyHash" not in text
    assert "access" not in text


async def test_models_lists_configured_installed_and_loaded_and_caches_tags() -> None:
    async with stack(transport="asgi") as s:
        # The capability cache reads /api/tags at start; count the calls after that.
        before = s.sim.state["requests"]["byEndpoint"].get("/api/tags", 0)
        await s.post("/v1/chat/completions", chat("hello"))
        body = await loaded_soon(s, "/v1/router/models", "loaded")
        _, again = await s.get("/v1/router/models")
        tag_calls = s.sim.state["requests"]["byEndpoint"].get("/api/tags", 0) - before
    assert [m["name"] for m in body["configured"]][:2] == [VIBE, QWEN]
    installed = {m["name"] for m in body["ollama"]["models"]}
    assert f"{QWEN}" in installed or f"{QWEN}:latest" in installed
    assert body["ollama"]["reachable"] is True
    assert [m["configuredName"] for m in body["loaded"]] == [VIBE]
    assert again["ollama"]["models"] == body["ollama"]["models"]
    assert tag_calls <= 1  # the second answer came from the cache


async def test_models_when_ollama_is_down_answer_quickly_with_nothing_installed() -> None:
    async with stack(transport="asgi") as s:
        s.sim.pause_listening()
        await asyncio.sleep(0.05)
        status, body = await s.get("/v1/router/models")
    assert status == 200
    assert body["ollama"]["models"] == []


async def test_gpu_snapshot_or_unavailable() -> None:
    async with stack(gex44_data(**{"gpu.provider": "none"}), transport="asgi") as s:
        status, body = await s.get("/v1/router/gpu")
    assert status == 200
    assert body == {"provider": "none", "available": False}
    async with stack(gex44_data(**{"gpu.provider": "static"}), transport="asgi") as s:
        status, body = await s.get("/v1/router/gpu")
    assert status == 200
    assert body["available"] is True
    assert body["vramTotalMb"] == 20480


async def test_openai_model_list() -> None:
    async with stack(transport="asgi") as s:
        status, body = await s.get("/v1/models")
    assert status == 200
    assert body["object"] == "list"
    ids = [m["id"] for m in body["data"]]
    assert ids[0] == "auto"
    assert {"auto:code_fix", "auto:planning", "auto:simple_chat", QWEN, VIBE} <= set(ids)
    assert {m["owned_by"] for m in body["data"]} == {"ollama-agent-router"}
    assert all(m["object"] == "model" for m in body["data"])


async def test_route_dry_run_over_live_state_runs_nothing() -> None:
    prompt = "Fix this python bug, stack trace:\nTraceback (most recent call last):\nKeyError: 1"
    async with stack(transport="asgi") as s:
        status, body, _ = await s.post("/v1/router/route", chat(prompt))
        executed = s.sim.state["requests"]["byModel"]
        bad, error, _ = await s.post("/v1/router/route", chat("x", router={"priority": "urgent"}))
        missing, unknown, _ = await s.post("/v1/router/route", {**chat("x"), "model": "nope"})
        empty, no_messages, _ = await s.post("/v1/router/route", {"model": "auto"})
    assert status == 200, body
    assert body["classification"]["taskType"] == "code_fix"
    assert body["decision"]["model"] == QWEN
    assert body["decision"]["type"] == "sync"
    assert [c["model"] for c in body["candidates"]][:2] == [QWEN, "deepseek-coder:6.7b"]
    assert executed == {}
    assert bad == 400
    assert error["error"]["param"] == "router.priority"
    assert missing == 404
    assert unknown["error"]["code"] == "model_not_found"
    assert empty == 400
    assert no_messages["error"]["param"] == "messages"


async def test_route_sees_the_live_queue() -> None:
    async with stack(transport="asgi") as s:
        s.sim.set_fault("delay=400", model=QWEN, times=1)
        slow = asyncio.create_task(
            s.post("/v1/chat/completions", chat("fix", router={"taskType": "code_fix"}))
        )
        await until(lambda: s.sim.state["inFlight"] >= 1, what="the slow request never ran")
        _, body, _ = await s.post("/v1/router/route", chat("fix", router={"taskType": "code_fix"}))
        await slow
    qwen = next(c for c in body["candidates"] if c["model"] == QWEN)
    assert qwen["estimate"]["waitSlotMs"] > 0  # half of the running request is still ahead
