"""What the checks at the edge add per request: access control (1,000 keys in the
policy, memory rate limits) and the browser checks (Host, Origin, Content-Type), each
around an ASGI app that answers at once, called in process (no sockets).

Run: ``.venv/bin/python bench/edge_overhead.py``. Prints µs per request for each case,
the median of repeated runs.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from ollama_agent_router.access import AccessControl, AccessGate, hash_key
from ollama_agent_router.api.middleware.browser import BrowserGuard
from ollama_agent_router.api.table import plane_map
from ollama_agent_router.config.models import AccessConfig, ServerConfig

KEYS = 1000
N = 20000
RUNS = 5


async def ok_app(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def send(message: Any) -> None:
    return None


def scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(b"host", b"127.0.0.1:11435"), *headers],
        "client": ("127.0.0.1", 5000),
        "http_version": "1.1",
        "scheme": "http",
    }


def access(limited: bool) -> AccessGate:
    limit = {"requests": 10**9, "windowSeconds": 60} if limited else None
    keys = [
        {
            "id": f"k{i}",
            "keyHash": hash_key(f"key-{i:04d}-0123456789"),
            "scopes": ["standalone"],
            **({"limits": {"standalone": limit}} if limit else {}),
        }
        for i in range(KEYS)
    ]
    config = AccessConfig.model_validate({"managed": {"apiKeys": keys}})
    return AccessGate(config, planes=plane_map())


async def per_request_us(app: Any, request: dict[str, Any]) -> float:
    results = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for _ in range(N):
            await app(dict(request), receive, send)
        results.append((time.perf_counter() - started) / N * 1e6)
    return statistics.median(results)


async def main() -> None:
    key = [(b"authorization", b"Bearer key-0500-0123456789")]
    json = [(b"content-type", b"application/json")]
    base = await per_request_us(ok_app, scope("GET", "/v1/models", key))
    cases = {
        "key checked, plane without limit": (
            AccessControl(ok_app, access(limited=False)),
            scope("GET", "/v1/models", key),
        ),
        "key checked and counted (memory moving window)": (
            AccessControl(ok_app, access(limited=True)),
            scope("GET", "/v1/models", key),
        ),
        "browser checks, GET without Origin": (
            BrowserGuard.from_config(ok_app, ServerConfig()),
            scope("GET", "/v1/models", []),
        ),
        "browser checks, JSON POST with a local Origin": (
            BrowserGuard.from_config(ok_app, ServerConfig()),
            scope("POST", "/v1/chat/completions", [*json, (b"origin", b"http://localhost:5173")]),
        ),
    }
    print(f"bare app: {base:.2f} µs per request")
    for name, (app, request) in cases.items():
        print(f"{name}: +{await per_request_us(app, request) - base:.2f} µs")
    tight = AccessGate(
        AccessConfig.model_validate(
            {
                "managed": {
                    "apiKeys": [
                        {
                            "id": "t",
                            "keyHash": hash_key("tight-key-0123456789"),
                            "scopes": ["standalone"],
                            "limits": {"standalone": {"requests": 1, "windowSeconds": 3600}},
                        }
                    ]
                }
            }
        ),
        planes=plane_map(),
    )
    refused = scope("GET", "/v1/models", [(b"authorization", b"Bearer tight-key-0123456789")])
    print(f"a 429: +{await per_request_us(AccessControl(ok_app, tight), refused) - base:.2f} µs")


if __name__ == "__main__":
    asyncio.run(main())
