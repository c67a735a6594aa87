"""The edge of the router on real sockets (findings 4, 5 and 6 of issue 12): forwarded
addresses only from trusted proxies, ``Host`` and ``Origin`` against web pages (bodies
and content types: ``test_browser_guard.py``), and limits on the request head."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from ollama_agent_router.access import hash_key
from ollama_agent_router.api.middleware.browser import AllowedHosts, OriginPolicy
from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.raw_http import raw_exchange
from support.stack import Stack, gex44_data, stack

ADMIN_KEY = "admin-secret-key-0001"
QWEN = "qwen2.5-coder:7b"


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


def admin_data(tmp_path: Path, **changes: Any) -> dict[str, Any]:
    data = gex44_data(**changes)
    data["access"] = {
        "managedConfigPath": str(tmp_path / "managed.yaml"),
        "bootstrapIfMissing": True,
        "admin": {
            "enabled": True,
            "allowedIps": ["10.0.0.0/8"],
            "apiKeyHashes": [hash_key(ADMIN_KEY)],
        },
    }
    return data


async def admin_get(s: Stack, forwarded: str) -> int:
    headers = {"authorization": f"Bearer {ADMIN_KEY}", "x-forwarded-for": forwarded}
    async with s.http.get(s.url + "/v1/admin/access/config", headers=headers) as response:
        return response.status


def audited_clients(caplog: pytest.LogCaptureFixture) -> list[str]:
    records = [r for r in caplog.records if r.name == "ollama_agent_router.audit"]
    return [json.loads(r.getMessage())["client"] for r in records]


async def test_forwarded_for_from_loopback_is_not_believed(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """From 127.0.0.1, ``X-Forwarded-For: 10.1.2.3`` used to pass ``allowedIps:
    [10.0.0.0/8]`` (uvicorn trusts loopback proxies by default) and be audited."""
    caplog.set_level(logging.INFO, logger="ollama_agent_router.audit")
    async with stack(admin_data(tmp_path)) as s:
        assert await admin_get(s, "10.1.2.3") == 403
    assert audited_clients(caplog) == ["127.0.0.1"]


async def test_forwarded_for_from_a_trusted_proxy_is_believed(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.INFO, logger="ollama_agent_router.audit")
    async with stack(admin_data(tmp_path, **{"server.trustedProxies": ["127.0.0.1"]})) as s:
        assert await admin_get(s, "10.1.2.3") == 200
        # what a client wrote itself sits left of what the proxy appended
        assert await admin_get(s, "10.1.2.3, 192.0.2.9") == 403
    assert audited_clients(caplog) == ["10.1.2.3", "192.0.2.9"]


async def test_forwarded_for_does_not_evade_the_per_address_queue_limit() -> None:
    data = gex44_data(**{"queue.perUserMaxQueued": 1, "queue.globalMaxConcurrent": 1})
    slow = SimulatorSettings(
        models=models_from_config(parse_config(data)), load_ms_per_gb=0, tokens_per_s=20
    )
    async with stack(data, sim_settings=slow) as s:
        answers = await asyncio.gather(
            *(
                s.post(
                    "/v1/chat/completions",
                    chat(f"hi {i}", router={"mode": "sync", "maxQueueTimeMs": 10000}),
                    headers={"x-forwarded-for": f"10.1.2.{i}"},
                )
                for i in range(4)
            )
        )
    codes = [a[1]["error"]["code"] for a in answers if a[0] == 429]
    assert "per_user_queue_full" in codes, [a[0] for a in answers]


HOSTS = [
    ("127.0.0.1", 200),
    ("localhost:11435", 200),
    ("LOCALHOST.", 200),
    ("[::1]:8080", 200),
    ("ui.localhost:3000", 200),
    ("evil.example", 421),  # a DNS-rebinding page
    ("evil.example:11435", 421),
    ("localhost.evil.example", 421),
    ("10.1.2.3", 421),  # bound to loopback: only loopback addresses
    ("app.example.com", 200),  # server.allowedHosts
    ("api.internal.example", 200),  # *.internal.example
    ("two words", 400),
    ("", 400),
]


async def test_host_header() -> None:
    data = gex44_data(**{"server.allowedHosts": ["app.example.com", "*.internal.example"]})
    seen = []
    async with stack(data) as s:
        for host, _ in HOSTS:
            async with s.http.get(s.url + "/v1/jobs", headers={"host": host}) as r:
                seen.append((host, r.status))
                if r.status != 200:
                    assert (await r.json())["error"]["param"] == "Host"
    assert seen == HOSTS


def test_allowed_hosts_beyond_loopback() -> None:
    hosts = AllowedHosts("0.0.0.0", [], hostname="gpu-box")
    assert hosts.check(b"gpu-box:11435")
    assert hosts.check(b"192.168.1.20:11435")  # an address cannot be rebound
    assert hosts.check(b"[2001:db8::1]")
    assert hosts.check(b"localhost")
    assert hosts.check(b"evil.example") is False
    assert AllowedHosts("127.0.0.1", ["*"]).check(b"evil.example")
    assert AllowedHosts("127.0.0.1", ["a.example:8443"]).check(b"a.example:8443")
    assert AllowedHosts("127.0.0.1", ["a.example:8443"]).check(b"a.example") is False


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://localhost", True),
        ("http://localhost:5173", True),
        ("https://127.0.0.1:8443", True),
        ("http://[::1]:3000", True),
        ("vscode-webview://abc123", True),
        ("https://app.example.com", True),  # server.cors.allowedOrigins
        ("https://x.tools.example", True),  # https://*.tools.example
        ("https://evil.example", False),
        ("http://localhost.evil.example", False),
        ("null", False),
        ("http://localhost\x7f", False),
    ],
)
def test_origin_policy(origin: str, allowed: bool) -> None:
    policy = OriginPolicy(["https://app.example.com", "https://*.tools.example"])
    assert policy.allows(origin.encode("latin-1"), b"127.0.0.1:11435") is allowed


async def test_cors_preflight_and_answers() -> None:
    """By default (``server.cors.allowedOrigins`` empty) the local origins are allowed."""
    async with stack() as s:
        assert s.config.server.cors.allowed_origins == []
        preflight = {
            "origin": "http://localhost:5173",
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type, x-stainless-os",
        }
        async with s.http.options(s.url + "/v1/chat/completions", headers=preflight) as r:
            assert r.status == 204
            assert r.headers["access-control-allow-origin"] == "http://localhost:5173"
            assert "POST" in r.headers["access-control-allow-methods"]
            assert "x-stainless-os" in r.headers["access-control-allow-headers"]
        evil = {**preflight, "origin": "https://evil.example"}
        async with s.http.options(s.url + "/v1/chat/completions", headers=evil) as r:
            assert r.status == 403
            assert "access-control-allow-origin" not in r.headers
        headers = {"origin": "http://localhost:5173"}
        async with s.http.post(
            s.url + "/v1/chat/completions", json=chat("hi"), headers=headers
        ) as r:
            assert r.status == 200
            assert r.headers["access-control-allow-origin"] == "http://localhost:5173"
            assert "x-router-selected-model" in r.headers["access-control-expose-headers"]
        async with s.http.get(s.url + "/v1/models", headers={"origin": s.url}) as r:
            assert r.status == 200  # the router's own pages are same-origin


@pytest.mark.parametrize("key", ["server.cors.allowedOrigins", "server.corsOrigins"])
async def test_cors_allowed_origins_over_http(key: str) -> None:
    """Origins in ``server.cors.allowedOrigins`` (or the deprecated ``corsOrigins``)
    get their preflight answered; the local origins still do; any other gets 403."""
    data = gex44_data(**{key: ["https://app.example.com", "https://*.tools.example"]})
    async with stack(data) as s:
        assert s.config.server.cors.allowed_origins == [
            "https://app.example.com",
            "https://*.tools.example",
        ]
        for origin, allowed in [
            ("https://app.example.com", True),
            ("https://ci.tools.example", True),
            ("http://localhost:5173", True),
            ("http://127.0.0.1:3000", True),
            ("https://evil.example", False),
            ("https://app.example.com.evil.example", False),
        ]:
            preflight = {
                "origin": origin,
                "access-control-request-method": "POST",
                "access-control-request-headers": "authorization, content-type",
            }
            url = s.url + "/v1/chat/completions"
            async with s.http.options(url, headers=preflight) as r:
                if allowed:
                    assert r.status == 204, origin
                    assert r.headers["access-control-allow-origin"] == origin
                    assert "POST" in r.headers["access-control-allow-methods"]
                    assert r.headers["access-control-allow-headers"] == (
                        "authorization, content-type"
                    )
                else:
                    assert r.status == 403, origin
                    assert "access-control-allow-origin" not in r.headers
                    error = (await r.json())["error"]
                    assert "server.cors.allowedOrigins" in error["message"]
        headers = {"origin": "https://app.example.com"}
        async with s.http.post(url, json=chat("hi"), headers=headers) as r:
            assert r.status == 200
            assert r.headers["access-control-allow-origin"] == "https://app.example.com"


async def test_headers_over_the_limits_are_431() -> None:
    data = gex44_data(**{"server.maxHeaderSize": "8kb", "server.maxHeaderCount": 20})
    async with stack(data) as s:
        base = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        ok = await raw_exchange(
            s.url, base + b"X-A: " + b"a" * 6000 + b"\r\nConnection: close\r\n\r\n"
        )
        assert ok.startswith(b"HTTP/1.1 200")
        big = await raw_exchange(s.url, base + b"X-A: " + b"a" * 9000 + b"\r\n\r\n")
        assert big.startswith(b"HTTP/1.1 431"), big[:100]
        assert b"server.maxHeaderSize" in big
        many = base + b"".join(b"X-%d: 1\r\n" % i for i in range(25)) + b"\r\n"
        assert (await raw_exchange(s.url, many)).startswith(b"HTTP/1.1 431")
        url = base.replace(b"/health", b"/health?" + b"q" * 9000) + b"\r\n"
        assert (await raw_exchange(s.url, url)).startswith(b"HTTP/1.1 431")
        # a head within the limits followed by a body in the same read is fine
        body = b'{"messages":[{"role":"user","content":"' + b"x" * 20000 + b'"}]}'
        post = (
            b"POST /v1/router/route HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
        )
        assert (await raw_exchange(s.url, post + body)).startswith(b"HTTP/1.1 200")
        async with s.http.get(s.url + "/health") as r:
            assert r.status == 200  # and the server is fine


async def test_a_32_mb_header_is_refused_early() -> None:
    async with stack() as s:
        head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
        answer = await raw_exchange(s.url, head, filler=32 * 1024 * 1024)
        assert answer == b"" or answer.startswith(b"HTTP/1.1 431"), answer[:100]
