"""What the router sends to Ollama for the model that runs a request, and how Ollama's
"try again later" reaches the client — through the real app in front of the simulator.

Capabilities come from the config (``models[].capabilities``): qwen thinks, deepseek
does not. What reached Ollama is read off the client (``OllamaClient._request``), so the
tests do not depend on the simulator refusing ``think``. Busy answers are simulator
faults with Ollama's own message (``server/sched.go`` ``ErrMaxQueue``).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.simulator import FaultKind, FaultSpec
from support.stack import Stack, gex44_data, poll_job, stack

QWEN = "qwen2.5-coder:7b"
DEEPSEEK = "deepseek-coder:6.7b"
CHAT_PATHS = ("/v1/chat/completions", "/api/chat", "/api/generate")
QUEUE_FULL = "server busy, please try again.  maximum pending requests exceeded"
FIX = {"taskType": "code_fix"}  # route: qwen, then deepseek
REVIEW = {"taskType": "code_review"}  # route: deepseek, then qwen

Sent = list[tuple[str, dict[str, Any]]]


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Sent:
    """Every chat body the router sends to Ollama: (path, body)."""
    calls: Sent = []
    original = OllamaClient._request

    def recording(self: OllamaClient, method: str, url: str, **kwargs: Any) -> Any:
        path = urlsplit(url).path
        if path in CHAT_PATHS and kwargs.get("payload") is not None:
            calls.append((path, dict(kwargs["payload"])))
        return original(self, method, url, **kwargs)

    monkeypatch.setattr(OllamaClient, "_request", recording)
    return calls


def data(**changes: Any) -> dict[str, Any]:
    config = gex44_data(**changes)
    capabilities = {QWEN: ["completion", "tools", "thinking"], DEEPSEEK: ["completion"]}
    for model in config["models"]:
        if model["name"] in capabilities:
            model["capabilities"] = capabilities[model["name"]]
    return config


def chat(router: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "model": "auto",
        "messages": [{"role": "user", "content": "fix it"}],
        "router": router,
        **extra,
    }


def to(sent: Sent, model: str) -> list[dict[str, Any]]:
    return [body for _, body in sent if body["model"] == model]


def busy(
    s: Stack, *, model: str | None = None, times: int | None = None, status: int = 503
) -> None:
    message = QUEUE_FULL if status == 503 else "rate limit exceeded"
    s.sim.simulator.faults.add(
        FaultSpec(FaultKind.ERROR, model, times, status=status, message=message)
    )


# -- thinking fields ------------------------------------------------------------------


async def test_a_thinker_gets_its_effort_on_ollamas_scale(sent: Sent) -> None:
    async with stack(data()) as s:
        status, body, headers = await s.post(
            "/v1/chat/completions", chat(FIX, reasoning_effort="xhigh")
        )
    assert status == 200, body
    assert body["router"]["selectedModel"] == QWEN
    [payload] = to(sent, QWEN)
    assert payload["reasoning_effort"] == "high"
    assert "droppedFields" not in body["router"]
    assert "x-router-dropped-fields" not in headers


async def test_fallback_to_a_non_thinker_drops_the_effort(sent: Sent) -> None:
    async with stack(data()) as s:
        s.sim.set_fault("500", model=QWEN)
        status, body, headers = await s.post(
            "/v1/chat/completions",
            chat(FIX, reasoning={"effort": "minimal"}, reasoning_effort="low"),
        )
    assert status == 200, body
    assert body["router"]["selectedModel"] == DEEPSEEK
    [first] = to(sent, QWEN)
    [second] = to(sent, DEEPSEEK)
    assert first["reasoning_effort"] == "low"
    assert "reasoning" not in first
    assert "reasoning_effort" not in second
    assert "reasoning" not in second
    assert body["router"]["droppedFields"] == ["reasoning_effort", "reasoning"]
    assert headers["x-router-dropped-fields"] == "reasoning_effort,reasoning"


async def test_a_stream_to_a_non_thinker_has_no_effort(sent: Sent) -> None:
    request = chat(REVIEW, reasoning_effort="high", stream=True)
    async with (
        stack(data()) as s,
        s.http.post(s.url + "/v1/chat/completions", json=request) as response,
    ):
        text = await response.text()
        headers = response.headers
    assert response.status == 200
    assert text.rstrip().endswith("data: [DONE]")
    assert headers["x-router-selected-model"] == DEEPSEEK
    assert headers["x-router-dropped-fields"] == "reasoning_effort"
    [payload] = to(sent, DEEPSEEK)
    assert "reasoning_effort" not in payload
    assert payload["stream"] is True


async def test_max_completion_tokens_becomes_max_tokens(sent: Sent) -> None:
    async with stack(data()) as s:
        status, body, _ = await s.post(
            "/v1/chat/completions", chat(FIX, max_tokens=200, max_completion_tokens=12)
        )
    assert status == 200, body
    [payload] = to(sent, QWEN)
    assert payload["max_tokens"] == 12
    assert "max_completion_tokens" not in payload


@pytest.mark.parametrize("stream", [False, True])
async def test_native_dialect(sent: Sent, stream: bool) -> None:
    """``ollama.api: native``: ``think`` for the thinker, none for the fallback, and the
    smaller limit as ``options.num_predict``."""
    request = chat(
        FIX, reasoning_effort="xhigh", max_completion_tokens=9, max_tokens=50, stream=stream
    )
    async with stack(data(**{"ollama.api": "native"})) as s:
        s.sim.set_fault("500", model=QWEN, times=1)
        async with s.http.post(s.url + "/v1/chat/completions", json=request) as response:
            text = await response.text()
            headers = response.headers
    assert response.status == 200, text
    assert headers["x-router-selected-model"] == DEEPSEEK
    assert headers["x-router-dropped-fields"] == "reasoning_effort"
    assert {path for path, _ in sent} == {"/api/chat"}
    [first] = to(sent, QWEN)
    [second] = to(sent, DEEPSEEK)
    assert first["think"] == "high"
    assert "think" not in second
    assert first["options"]["num_predict"] == second["options"]["num_predict"] == 9


async def test_ollama_face_drops_think_for_a_non_thinker(sent: Sent) -> None:
    async with stack(data()) as s:
        status, answer, headers = await s.post(
            "/api/chat",
            {
                "model": DEEPSEEK,
                "messages": [{"role": "user", "content": "hi"}],
                "think": True,
                "stream": False,
            },
        )
        status2, _, headers2 = await s.post(
            "/api/generate", {"model": QWEN, "prompt": "hi", "think": "xhigh", "stream": False}
        )
    assert status == status2 == 200, answer
    [chat_body] = to(sent, DEEPSEEK)
    [generate_body] = to(sent, QWEN)
    assert "think" not in chat_body
    assert headers["x-router-dropped-fields"] == "think"
    assert generate_body["think"] == "high"
    assert "x-router-dropped-fields" not in headers2


async def test_a_job_fits_its_payload_when_it_runs(sent: Sent) -> None:
    async with stack(data()) as s:
        status, accepted, _ = await s.post(
            "/v1/chat/completions",
            chat({**REVIEW, "mode": "async"}, reasoning_effort="high", max_completion_tokens=8),
        )
        assert status == 202, accepted
        job = await poll_job(s, accepted["id"])
    assert job["status"] == "succeeded", job
    [payload] = to(sent, DEEPSEEK)
    assert "reasoning_effort" not in payload
    assert payload["max_tokens"] == 8
    result = job["result_json"]
    result = json.loads(result) if isinstance(result, str) else result
    assert result["router"]["droppedFields"] == ["reasoning_effort"]


# -- Ollama busy: 503 queue full, 429 -------------------------------------------------


@pytest.mark.parametrize(
    ("upstream", "kind"), [(503, "overloaded_error"), (429, "rate_limit_error")]
)
async def test_busy_ollama_is_answered_busy_in_every_face(upstream: int, kind: str) -> None:
    async with stack(data()) as s:
        busy(s, status=upstream)
        openai = await s.post("/v1/chat/completions", chat(FIX))
        anthropic = await s.post(
            "/v1/messages",
            {"model": QWEN, "max_tokens": 16, "messages": [{"role": "user", "content": "hi"}]},
        )
        native = await s.post(
            "/api/chat",
            {"model": QWEN, "messages": [{"role": "user", "content": "hi"}], "stream": False},
        )
        streamed = await s.post("/v1/chat/completions", chat(FIX, stream=True))
        attempts = s.sim.state["requests"]["byModel"]
    for status, _, headers in (openai, anthropic, native, streamed):
        assert status == upstream
        assert headers["Retry-After"] == "2"
    assert openai[1]["error"]["type"] == kind
    assert openai[1]["error"]["code"] == (
        "ollama_busy" if upstream == 503 else "ollama_rate_limited"
    )
    assert QUEUE_FULL in openai[1]["error"]["message"] or upstream == 429
    assert "(tried qwen2.5-coder:7b, deepseek-coder:6.7b)" in openai[1]["error"]["message"]
    assert anthropic[1] == {
        "type": "error",
        "error": {"type": kind, "message": anthropic[1]["error"]["message"]},
    }
    assert set(native[1]) == {"error"}
    assert f"Ollama answered {upstream}" in native[1]["error"]
    assert streamed[1]["error"]["type"] == kind  # before the first byte: a status, not a stream
    assert attempts[DEEPSEEK] >= 2  # the routed requests tried the next candidate


async def test_a_queue_full_candidate_falls_back() -> None:
    async with stack(data()) as s:
        busy(s, model=QWEN, times=1)
        status, body, _ = await s.post("/v1/chat/completions", chat(FIX))
    assert status == 200, body
    assert body["router"]["selectedModel"] == DEEPSEEK
    assert body["router"]["attempts"][0] == {
        "model": QWEN,
        "error": f"Ollama answered 503: {QUEUE_FULL}",
        "status": 503,
    }


async def test_a_job_retries_a_queue_full_answer() -> None:
    config = data(**{"jobs.retryBackoffMs": 10, "jobs.retryBackoffMaxMs": 20})
    async with stack(config) as s:
        busy(s, model=QWEN, times=1)
        status, accepted, _ = await s.post(
            "/v1/chat/completions", chat({"mode": "async"}, model=QWEN)
        )
        assert status == 202, accepted
        job = await poll_job(s, accepted["id"])
    assert job["status"] == "succeeded", job
    assert job["attempts"] == 2
