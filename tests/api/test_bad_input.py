"""Finding 7 of issue 12, case by case: bad input answers 400 naming the field — not
500, not a misleading 502, and never with internals in the text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ollama_agent_router.access import hash_key
from support.stack import Stack, gex44_data, stack

QWEN = "qwen2.5-coder:7b"
ADMIN_KEY = "admin-secret-key-0001"
DEEP = b"[" * 1000 + b"]" * 1000


def messages(content: bytes) -> bytes:
    return b'[{"role":"user","content":' + content + b"}]"


#: Every JSON POST endpoint, as raw bytes around the ``messages`` (or input) value.
BODIES = {
    "/v1/chat/completions": lambda m: b'{"model":"auto","messages":' + m + b"}",
    "/v1/router/route": lambda m: b'{"model":"auto","messages":' + m + b"}",
    "/v1/router/execute": lambda m: (
        b'{"selectedModel":"%s","request":{"messages":%s}}' % (QWEN.encode(), m)
    ),
    "/v1/router/jobs": lambda m: (
        b'{"selectedModel":"%s","request":{"messages":%s}}' % (QWEN.encode(), m)
    ),
    "/api/chat": lambda m: b'{"model":"auto","stream":false,"messages":' + m + b"}",
    "/api/generate": lambda m: b'{"model":"auto","stream":false,"prompt":"x","context":' + m + b"}",
    "/api/embed": lambda m: b'{"model":"auto","input":' + m + b"}",
    "/api/show": lambda m: b'{"model":"auto","options":' + m + b"}",
    "/v1/embeddings": lambda m: b'{"model":"auto","input":' + m + b"}",
    "/v1/completions": lambda m: b'{"model":"auto","prompt":' + m + b"}",
}


async def post_raw(s: Stack, path: str, raw: bytes, **headers: str) -> tuple[int, Any]:
    sent = {"content-type": "application/json", **headers}
    async with s.http.post(s.url + path, data=raw, headers=sent) as response:
        return response.status, json.loads(await response.text())


def error_of(body: Any) -> tuple[str, str | None]:
    """(message, param) of an OpenAI-shaped or an Ollama-shaped error."""
    error = body["error"]
    if isinstance(error, str):
        return error, None
    return error["message"], error["param"]


async def test_deep_nesting_is_400_on_every_json_endpoint() -> None:
    async with stack() as s:
        for path, body in BODIES.items():
            for content in (DEEP, b"[" * 200 + b"]" * 200):
                status, answer = await post_raw(s, path, body(messages(content)))
                assert status == 400, (path, answer)
                message, param = error_of(answer)
                assert "nested more than 128 levels" in message, (path, message)
                assert param is None or param.split(".")[0].split("[")[0] in (
                    "messages",
                    "request",
                    "context",
                    "input",
                    "options",
                    "prompt",
                ), (path, param)


async def test_deep_nesting_is_400_on_the_admin_config(tmp_path: Path) -> None:
    data = gex44_data()
    data["access"] = {
        "managedConfigPath": str(tmp_path / "managed.yaml"),
        "bootstrapIfMissing": True,
        "admin": {"enabled": True, "apiKeyHashes": [hash_key(ADMIN_KEY)]},
    }
    async with stack(data) as s:
        raw = b'{"config":{"apiKeys":' + DEEP + b"}}"
        async with s.http.put(
            s.url + "/v1/admin/access/config",
            data=raw,
            headers={"authorization": f"Bearer {ADMIN_KEY}", "content-type": "application/json"},
        ) as response:
            assert response.status == 400
            error = (await response.json())["error"]
    assert error["param"].startswith("config.apiKeys")


@pytest.mark.parametrize("cursor", ["%C2%B2", "%D9%A3", str(2**63), "9" * 4301, "-1", "1.5", "%20"])
async def test_bad_cursors_are_400(cursor: str) -> None:
    async with stack() as s, s.http.get(s.url + "/v1/jobs?cursor=" + cursor) as response:
        assert response.status == 400
        error = (await response.json())["error"]
    assert error["param"] == "cursor"


async def test_the_largest_cursor_is_fine() -> None:
    async with stack() as s:
        status, page = await s.get(f"/v1/jobs?cursor={2**63 - 1}")
    assert status == 200
    assert page["data"] == []


OUT_OF_RANGE = [b"1e400", b"1" + b"0" * 400, b"-1", b"86400001", b"1.5", b"NaN", b'"100"']


@pytest.mark.parametrize("field", ["maxExecutionTimeMs", "maxQueueTimeMs"])
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_router_time_options_are_range_checked(field: str, mode: str) -> None:
    """``1e400`` was a 500 in sync mode and an accepted job that failed later in async."""
    async with stack() as s:
        for value in OUT_OF_RANGE:
            raw = (
                b'{"model":"auto","messages":[{"role":"user","content":"hi"}],'
                b'"router":{"mode":"%s","%s":%s}}' % (mode.encode(), field.encode(), value)
            )
            status, answer = await post_raw(s, "/v1/chat/completions", raw)
            assert status == 400, (value, answer)
            assert answer["error"]["param"] == f"router.{field}"
        status, jobs = await s.get("/v1/jobs")
        assert jobs["data"] == []  # refused at submission, not failed later


SURROGATE_BODIES = {
    "/v1/chat/completions": ({"model": "auto", "messages": "@"}, "messages[0].content"),
    "/v1/router/execute": ({"selectedModel": QWEN, "request": {"messages": "@"}}, "request"),
    "/v1/router/jobs": ({"selectedModel": QWEN, "request": {"messages": "@"}}, "request"),
    "/api/chat": ({"model": "auto", "stream": False, "messages": "@"}, None),
    "/v1/completions": ({"model": "auto", "prompt": "\\ud800 hi"}, "prompt"),
}


@pytest.mark.parametrize("path", list(SURROGATE_BODIES))
async def test_lone_surrogates_are_a_client_error(path: str) -> None:
    """Were a 500 on /v1/router/jobs and a 502 "Backend failure: UnicodeEncodeError" on
    the others."""
    template, param = SURROGATE_BODIES[path]
    raw = json.dumps(template).encode().replace(b'"@"', messages(b'"\\ud800 hi"'))
    raw = raw.replace(b"\\\\ud800", b"\\ud800")
    async with stack() as s:
        status, answer = await post_raw(s, path, raw)
        _, jobs = await s.get("/v1/jobs")
    assert status == 400, answer
    message, got = error_of(answer)
    assert "lone UTF-16 surrogate" in message
    assert "Error" not in message
    if param is not None:
        assert got is not None
        assert got.startswith(param)
    assert jobs["data"] == []
