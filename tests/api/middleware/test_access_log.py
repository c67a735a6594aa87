"""The request log and the request metrics for operators, on real sockets: every error
line names its reason (a code, never the request's words), and a stream that broke after
its 200 head is logged and counted as broken."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from access.test_rules import RUNTIME_KEY, access, bearer, plane
from api.router.test_metrics import scrape, value
from support.stack import Stack, gex44_data, stack

SECRET = "sekrit-words-7731"
"""Written into bodies and paths; must never reach the log."""


def log_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "ollama_agent_router.access"
    ]


async def send(s: Stack, method: str, path: str, **kwargs: Any) -> int:
    async with s.http.request(method, s.url + path, **kwargs) as response:
        await response.read()
        return response.status


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


async def test_every_error_line_names_its_reason_and_no_words(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="ollama_agent_router.access")
    data = gex44_data(**{"server.requestBodyLimit": "2kb"})
    data["access"] = access(standalone=plane(anonymous="limited", limit=12))
    sent: list[tuple[int, str]] = []
    async with stack(data) as s:

        async def expect(status: int, reason: str, method: str, path: str, **kw: Any) -> None:
            got = await send(s, method, path, **kw)
            assert got == status, (method, path, got)
            sent.append((status, reason))

        await expect(401, "invalid_api_key", "GET", "/api/tags", headers=bearer(SECRET * 2))
        await expect(
            403, "scope", "POST", "/api/chat", json=chat("hi"), headers=bearer(RUNTIME_KEY)
        )
        await expect(
            403,
            "origin_not_allowed",
            "POST",
            "/v1/chat/completions",
            json=chat(SECRET),
            headers={"origin": f"https://{SECRET}.example"},
        )
        await expect(421, "misdirected_request", "GET", "/api/tags", headers={"host": SECRET})
        model = {"model": SECRET, "messages": [{"role": "user", "content": "hi"}]}
        await expect(404, "model_not_found", "POST", "/api/chat", json=model)
        await expect(404, "model_not_found", "POST", "/v1/chat/completions", json=model)
        await expect(400, "invalid_request", "POST", "/api/chat", data=f"prompt={SECRET}")
        await expect(400, "invalid_request", "POST", "/v1/messages", json={"model": SECRET})
        await expect(404, "not_found", "GET", f"/api/{SECRET}")
        await expect(405, "method_not_allowed", "DELETE", "/api/tags")
        await expect(403, "not_managed", "POST", "/api/pull", json={"model": SECRET})
        big = chat(SECRET * 300)
        await expect(413, "payload_too_large", "POST", "/api/chat", json=big)
        while len(sent) < 20:  # the anonymous limit of 12 requests a minute
            status = await send(s, "GET", "/api/version")
            if status == 429:
                sent.append((429, "rate_limit_exceeded"))
                break
    lines = log_lines(caplog)
    text = "\n".join(json.dumps(line) for line in lines)
    assert SECRET not in text.replace(f'"path": "/api/{SECRET}"', "")  # only the path itself
    errors = [(line["status"], line["reason"]) for line in lines if line["status"] >= 400]
    assert errors == sent
    assert all("reason" not in line for line in lines if line["status"] < 400)


async def test_a_stream_broken_after_its_head_is_logged_and_counted_as_broken(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="ollama_agent_router.access")
    async with stack() as s:
        for path, body in [
            ("/v1/chat/completions", chat("hi", stream=True)),
            ("/api/chat", chat("hi")),  # the native default: a stream
        ]:
            s.sim.set_fault("cut=2")
            async with s.http.post(s.url + path, json=body) as response:
                assert response.status == 200
                last = (await response.read()).strip().splitlines()[-1]
            assert b"error" in last  # the relay's in-band error, then the end
            s.sim.clear_faults()
        assert await send(s, "POST", "/api/chat", json=chat("hi")) == 200  # a whole stream
        _, samples = await scrape(s)
    vibe = "B-A-M-N/vibethinker:1.5b"
    for route in ("/v1/chat/completions", "/api/chat"):
        broken = value(samples, "oar_requests_total", route=route, status="broken", model=vibe)
        assert broken == 1, route
    assert value(samples, "oar_requests_total", route="/api/chat", status="200", model=vibe) == 1
    assert value(samples, "oar_requests_total", route="/v1/chat/completions", status="200") == 0
    reasons = [line.get("reason") for line in log_lines(caplog) if line["path"] != "/metrics"]
    assert reasons == ["stream_broken", "stream_broken", None]


async def test_rejections_count_on_every_face() -> None:
    """``oar_rejections_total`` reads the reason the renderer noted: the Ollama and
    Anthropic faces, whose bodies carry no router code, are counted like OpenAI's."""
    no_gpt = {"taskType": "planning", "forbiddenModels": ["gpt-oss:20b"]}
    async with stack() as s:
        for path, body in [
            ("/v1/chat/completions", chat("plan", router=no_gpt)),
            ("/api/chat", chat("plan", stream=False, router=no_gpt)),
            ("/v1/messages", {**chat("plan", router=no_gpt), "max_tokens": 8}),
        ]:
            assert await send(s, "POST", path, json=body) == 503, path
        _, samples = await scrape(s)
    assert value(samples, "oar_rejections_total", reason="no_model_available") == 3
