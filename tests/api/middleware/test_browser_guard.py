"""The browser guard as Ollama has it, on real sockets: ``Origin`` decides whether a
web page may use the router, not ``Content-Type``; every refusal of the edge is written
in the error shape of the path's face (Ollama's ``{"error": "…"}`` under ``/api/``)."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from support.stack import Stack, stack

QWEN = "qwen2.5-coder:7b"
HI = [{"role": "user", "content": "hi"}]

SERVED: list[tuple[str, dict[str, Any]]] = [
    ("/api/chat", {"model": "auto", "messages": HI, "stream": False}),
    ("/api/generate", {"model": "auto", "prompt": "hi", "stream": False}),
    ("/api/show", {"model": QWEN}),
    ("/v1/chat/completions", {"model": "auto", "messages": HI, "max_tokens": 4}),
    ("/v1/router/route", {"messages": HI}),
]

CONTENT_TYPES: list[str | None] = [
    None,  # LiteLLM's Ollama provider (ollama_chat/…, ollama/…)
    "application/x-www-form-urlencoded",  # curl -d '{…}', as in Ollama's docs
    "text/plain;charset=UTF-8",
    "application/octet-stream",
    "application/json",
]


async def post_raw(
    s: Stack, path: str, body: bytes, content_type: str | None, **headers: str
) -> tuple[int, Any]:
    sent = dict(headers)
    if content_type is not None:
        sent["content-type"] = content_type
    async with s.http.post(
        s.url + path,
        data=body,
        headers=sent,
        skip_auto_headers=() if content_type else ("Content-Type",),
    ) as response:
        return response.status, await response.json(content_type=None)


def ollama_error(answer: Any) -> str:
    """The message of an error in Ollama's shape, which has nothing else."""
    assert isinstance(answer, dict)
    assert set(answer) == {"error"}, answer
    assert isinstance(answer["error"], str)
    return answer["error"]


async def test_without_origin_a_json_body_is_served_whatever_its_content_type() -> None:
    """No browser page sends a request without ``Origin`` that has a body: so, as Ollama
    does, the body is read as JSON whatever the header says (or without one)."""
    async with stack() as s:
        for (path, body), content_type in itertools.product(SERVED, CONTENT_TYPES):
            status, answer = await post_raw(s, path, json.dumps(body).encode(), content_type)
            assert status == 200, (path, content_type, answer)


@pytest.mark.parametrize("path", ["/api/chat", "/v1/chat/completions"])
async def test_without_origin_a_body_that_is_not_json_is_a_400_naming_the_body(
    path: str,
) -> None:
    async with stack() as s:
        status, answer = await post_raw(
            s, path, b"model=auto&prompt=hi", "application/x-www-form-urlencoded"
        )
    assert status == 400
    if path.startswith("/api/"):
        assert ollama_error(answer).startswith("Malformed JSON body")
    else:
        assert answer["error"]["param"] == "body"


PAGE_TYPES = [
    "application/x-www-form-urlencoded",  # a form
    "multipart/form-data; boundary=x",
    "text/plain",  # a fetch without preflight
    None,
]


async def test_pages_cannot_run_anything() -> None:
    """A browser adds ``Origin`` to every request with a body. From a foreign origin
    (``null`` too: sandboxed frames, some redirects) that is a 403 whatever the body;
    from an allowed (local) origin a body that is not ``application/json`` is a 415,
    so a form or a preflight-free fetch runs nothing there either."""
    job = b'{"selectedModel":"qwen2.5-coder:7b","request":{"messages":'
    job += b'[{"role":"user","content":"sim-mark:csrf"}]}}'
    chat = b'{"model":"auto","messages":[{"role":"user","content":"sim-mark:csrf"}]}'
    paths = {path: chat for path, _ in SERVED} | {
        "/v1/router/jobs": job,
        "/v1/router/execute": job,
        "/api/embed": b'{"model":"auto","input":"sim-mark:csrf"}',
    }
    async with stack() as s:
        for (path, body), content_type in itertools.product(paths.items(), PAGE_TYPES):
            for origin, expected in [
                ("https://evil.example", 403),
                ("null", 403),
                ("http://localhost:5173", 415),
                ("vscode-webview://abc", 415),
            ]:
                status, answer = await post_raw(s, path, body, content_type, origin=origin)
                assert status == expected, (path, content_type, origin, answer)
        assert s.sim.state["marks"] == {}
        status, jobs = await s.get("/v1/jobs")
        assert (status, jobs["data"]) == (200, [])
        # a page on an allowed origin sends JSON (after its preflight): served, with CORS
        async with s.http.post(
            s.url + "/api/chat",
            json={"model": "auto", "messages": HI, "stream": False},
            headers={"origin": "http://localhost:5173"},
        ) as response:
            assert response.status == 200
            assert response.headers["access-control-allow-origin"] == "http://localhost:5173"
        status, _ = await post_raw(
            s,
            "/v1/router/route",
            b'{"messages":[{"role":"user","content":"hi"}]}',
            "Application/JSON; charset=utf-8",  # parameters and case do not matter
            origin="http://127.0.0.1:8080",
        )
        assert status == 200


EDGE_REFUSALS: list[tuple[dict[str, str], int, str]] = [
    ({"origin": "https://evil.example"}, 403, "origin_not_allowed"),
    (
        {"origin": "http://localhost:3000", "content-type": "text/plain"},
        415,
        "unsupported_media_type",
    ),
    ({"host": "evil.example"}, 421, "misdirected_request"),
    ({"host": ""}, 400, "invalid_request"),
]


@pytest.mark.parametrize(("headers", "status", "code"), EDGE_REFUSALS)
async def test_edge_refusals_speak_the_face_of_their_path(
    headers: dict[str, str], status: int, code: str
) -> None:
    body = b'{"model":"auto","messages":[{"role":"user","content":"hi"}]}'
    content_type = headers.pop("content-type", "application/json")
    async with stack() as s:
        got, answer = await post_raw(s, "/api/chat", body, content_type, **headers)
        assert got == status
        message = ollama_error(answer)
        assert message
        got, answer = await post_raw(s, "/v1/chat/completions", body, content_type, **headers)
        assert got == status
        assert answer["error"]["code"] == code
        assert answer["error"]["message"] == message  # the same words in both shapes
