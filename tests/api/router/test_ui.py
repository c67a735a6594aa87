"""The recent-decisions buffer, ``GET /v1/router/decisions`` and the HTML of ``GET /ui``."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.middleware.recent import RecentDecisions
from ollama_agent_router.api.table import plane_map
from support.fleet import fleet
from support.stack import gex44_data, stack

plane_of = plane_map()

DECISION_KEYS = {
    "time",
    "taskType",
    "classifier",
    "model",
    "servedBy",
    "score",
    "decision",
    "status",
    "ms",
    "fallbackUsed",
}
SECRET_PROMPT = "the-prompt-must-not-leak-7d1f"


def plan(task: str = "code_fix", model: str | None = "m1", kind: str = "sync") -> Any:
    return SimpleNamespace(
        classification=SimpleNamespace(task_type=task, mode="heuristic"),
        decision=SimpleNamespace(type=kind, model=model, score=0.712345),
    )


def result(model: str, failed: int = 0) -> Any:
    return SimpleNamespace(model=model, attempts=[object()] * failed)


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


def test_buffer_keeps_the_newest_entries_newest_first() -> None:
    recent = RecentDecisions(size=3)
    for n in range(5):
        recent.record(plan(task=f"t{n}"), result("m1"), 200, float(n))
    assert len(recent) == 3
    assert recent.capacity == 3
    assert [row["taskType"] for row in recent.as_list()] == ["t4", "t3", "t2"]
    assert [row["taskType"] for row in recent.as_list(limit=2)] == ["t4", "t3"]


def test_buffer_entry_has_only_routing_facts() -> None:
    recent = RecentDecisions()
    recent.record(plan(model="m1"), result("m2", failed=1), 200, 12.345)
    recent.record(plan(model=None, kind="reject"), None, 503, 0.4)
    rejected, served = recent.as_list()
    assert set(served) == DECISION_KEYS
    assert served["model"] == "m1"
    assert served["servedBy"] == "m2"
    assert served["fallbackUsed"] is True
    assert served["score"] == 0.7123
    assert served["ms"] == 12.3
    assert served["classifier"] == "heuristic"
    assert served["decision"] == "sync"
    assert rejected == {**rejected, "model": None, "servedBy": None, "status": 503}
    assert rejected["fallbackUsed"] is False
    assert rejected["decision"] == "reject"


def test_decisions_and_ui_are_shared_between_planes() -> None:
    assert plane_of("/v1/router/decisions") is Plane.EITHER
    assert plane_of("/ui") is Plane.EITHER


async def test_decisions_endpoint_lists_routed_requests_without_prompts() -> None:
    async with stack() as s:
        for _ in range(3):
            status, answer, _ = await s.post("/v1/chat/completions", chat(SECRET_PROMPT))
            assert status == 200, answer
        await s.get("/v1/router/status")  # not routed: not recorded
        status, body = await s.get("/v1/router/decisions")
        assert status == 200
        _, two = await s.get("/v1/router/decisions?limit=2")
        async with s.http.get(s.url + "/v1/router/decisions") as raw:
            text = await raw.text()
    assert body["object"] == "list"
    assert body["capacity"] == 50
    assert len(body["data"]) == 3
    assert len(two["data"]) == 2
    for row in body["data"]:
        assert set(row) == DECISION_KEYS
        assert row["status"] == 200
        assert row["decision"] == "sync"
        assert row["servedBy"] == row["model"]
        assert row["ms"] > 0
    assert SECRET_PROMPT not in text


async def test_out_of_range_limit_is_a_400() -> None:
    async with stack() as s:
        status, body = await s.get("/v1/router/decisions?limit=0")
    assert status == 400, body


async def test_ui_page_is_self_contained_escaped_and_relative() -> None:
    data = gex44_data(**{"server.basePath": "/oar", "gpu.name": "<GPU & co>"})
    async with stack(data) as s:
        async with s.http.get(s.url + "/ui") as response:
            assert response.status == 200
            assert response.content_type == "text/html"
            page = await response.text()
            headers = response.headers
        decisions, _ = await s.get("/v1/router/decisions")
    assert decisions == 200
    assert "&lt;GPU &amp; co&gt;" in page
    assert "<GPU & co>" not in page
    assert "{{" not in page
    assert 'data-config-total-mb="20480"' in page
    assert "qwen2.5-coder:7b" in page  # configured models are rendered by the server
    # no external assets; every fetched path is relative, so any basePath works
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    fetched = re.findall(r'\["(v1/[^"]+)"', page)
    assert fetched == ["v1/router/status", "v1/router/decisions?limit=20", "v1/jobs?limit=10"]
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'sha256-" in policy
    assert "unsafe-inline" not in policy
    assert headers["cache-control"] == "no-store"


async def test_ui_and_decisions_open_when_only_the_standalone_plane_allows_anonymous() -> None:
    data = gex44_data(
        access={
            "managed": {
                "planes": {"standalone": {"auth": {"requireApiKey": False, "anonymous": "allow"}}},
                "apiKeys": [
                    {"id": "ci", "keyHash": "sha256:" + "ab" * 32, "scopes": ["standalone"]}
                ],
            }
        }
    )
    async with stack(data) as s:
        async with s.http.get(s.url + "/ui") as response:
            assert response.status == 200
        status, _ = await s.get("/v1/router/decisions")
        assert status == 200


async def test_with_the_runtime_agent_plane_disabled_the_page_does_not_poll_status() -> None:
    """Issue 12, finding 12: /v1/router/status is the runtime-agent plane's; /ui is not."""
    data = gex44_data(
        access={"managed": {"planes": {"runtimeAgent": {"enabled": False}}}},
    )
    async with stack(data) as s:
        async with s.http.get(s.url + "/ui") as response:
            assert response.status == 200
            page = await response.text()
        status, _ = await s.get("/v1/router/status")
        assert status == 404
        for path in ("/v1/router/decisions", "/v1/jobs"):
            assert (await s.get(path))[0] == 200
    assert 'data-status-feed="off"' in page
    async with stack() as s, s.http.get(s.url + "/ui") as response:
        assert 'data-status-feed="on"' in await response.text()


async def test_a_gateway_page_shows_its_nodes_and_a_node_page_does_not() -> None:
    async with fleet("node-a") as f, f.http.get(f.url + "/ui") as response:
        assert response.status == 200
        page = await response.text()
    assert 'data-fleet="on"' in page
    assert '<span>nodes <span id="ollama"' in page  # the nodes' state, not Ollama's
    assert '<section id="nodes">' in page
    async with stack() as s, s.http.get(s.url + "/ui") as response:
        page = await response.text()
    assert 'data-fleet="off"' in page  # the style hides the nodes section
    assert '<span>Ollama <span id="ollama"' in page
