"""Refusals written before any handler runs (access control, limits, unknown paths),
under ``/api/`` in Ollama's shape ``{"error": "…"}``: an Ollama client (the ``ollama``
package, LiteLLM's Ollama provider, the Ollama CLI) reads that field and nothing else."""

from __future__ import annotations

from typing import Any

import httpx
import ollama
import pytest

from access.app_client import app_client
from access.test_rules import (
    DISABLED_KEY,
    RUNTIME_KEY,
    STANDALONE_KEY,
    access,
    bearer,
    error_of,
    plane,
)
from support.stack import gex44_data, stack

CHAT = {"model": "auto", "messages": [{"role": "user", "content": "hi"}], "stream": False}


def ollama_error(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"], str)
    return str(body["error"])


async def both_faces(
    http: httpx.AsyncClient, method: str, native: str, openai: str, **kwargs: Any
) -> tuple[httpx.Response, httpx.Response]:
    """The same request on an Ollama path and an OpenAI one: same status, same words."""
    first = await http.request(method, native, **kwargs)
    second = await http.request(method, openai, **kwargs)
    assert first.status_code == second.status_code
    assert ollama_error(first) == error_of(second)["message"]
    return first, second


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),  # API key required
        (bearer("not-a-known-key"), 401),
        (bearer(DISABLED_KEY), 401),
        (bearer(RUNTIME_KEY), 403),  # the standalone plane needs its scope
    ],
)
async def test_access_refusals_under_api_are_ollama_shaped(
    headers: dict[str, str], status: int
) -> None:
    async with app_client(access()) as http:
        first, _ = await both_faces(
            http, "POST", "/api/chat", "/v1/chat/completions", json=CHAT, headers=headers
        )
        assert first.status_code == status
        response = await http.get("/api/tags", headers=headers)
        assert response.status_code == status
        ollama_error(response)


async def test_disabled_plane_and_unknown_paths_under_api_are_ollama_shaped_404s() -> None:
    config = access(standalone=plane(enabled=False))
    async with app_client(config) as http:
        response = await http.get("/api/tags", headers=bearer(STANDALONE_KEY))
        assert response.status_code == 404
        ollama_error(response)
    async with app_client(access()) as http:
        # an unknown path needs a key (a scan gets 401), then is Ollama's 404
        assert (await http.get("/api/nothing-here")).status_code == 401
        ollama_error(await http.get("/api/nothing-here"))
        response = await http.get("/api/nothing-here", headers=bearer(STANDALONE_KEY))
        assert response.status_code == 404
        assert ollama_error(response).startswith("404 page not found")


async def test_rate_limit_under_api_is_an_ollama_shaped_429_with_retry_after() -> None:
    config = access(standalone=plane(anonymous="limited", limit=2))
    async with app_client(config) as http:
        for _ in range(2):
            assert (await http.get("/api/tags")).status_code == 200
        refused = await http.get("/api/tags")
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.headers["x-ratelimit-remaining"] == "0"
        assert "rate limit" in ollama_error(refused).lower()


async def test_body_over_the_limit_under_api_is_an_ollama_shaped_413() -> None:
    async with app_client(None, **{"server.requestBodyLimit": "1kb"}) as http:
        big = {**CHAT, "messages": [{"role": "user", "content": "x" * 4000}]}
        first, _ = await both_faces(http, "POST", "/api/chat", "/v1/chat/completions", json=big)
        assert first.status_code == 413


async def test_the_ollama_client_reads_the_refusals() -> None:
    """The ``ollama`` package raises ``ResponseError`` with the router's words and status
    (with the OpenAI shape it printed the whole JSON document as the message)."""
    data = gex44_data()
    data["access"] = access()
    async with stack(data) as s:
        async with ollama.AsyncClient(host=s.url, headers=bearer(RUNTIME_KEY)) as client:
            with pytest.raises(ollama.ResponseError) as refused:
                await client.chat(model="auto", messages=CHAT["messages"])
        assert refused.value.status_code == 403
        assert refused.value.error == "This API key is not allowed on the standalone plane"
        page = {"origin": "https://evil.example"}
        async with ollama.AsyncClient(host=s.url, headers=page) as client:
            with pytest.raises(ollama.ResponseError) as refused:
                await client.list()
        assert refused.value.status_code == 403
        assert refused.value.error.startswith("Origin 'https://evil.example' may not use")
