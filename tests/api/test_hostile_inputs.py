"""Hostile input on every endpoint of the OpenAPI document, open and secured (issue 12,
finding 7 and its "Must show"): no answer is a 5xx, no error text shows internals, no
response header carries what a request smuggled in, and the log holds no traceback.

Every JSON field of a valid body per endpoint is replaced in turn by each hostile value
(deep nesting, huge or non-finite numbers, lone surrogates, CR/LF/NUL, non-Latin-1, …);
every path and query parameter likewise; every body also goes with the wrong content
types and in broken shapes; a few requests carry raw hostile header bytes.

    pytest tests/api/test_hostile_inputs.py -rP    # prints the figures per config
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from yarl import URL

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.table import plane_map
from support.raw_http import raw_exchange
from support.secured import ADMIN, CLIENT, KONG, secured_data
from support.stack import Stack, gex44_data, stack

plane_of = plane_map()

QWEN = "qwen2.5-coder:7b"
MESSAGES = [{"role": "user", "content": "hello"}]
ROUTER = {
    "taskType": "code_fix",
    "priority": "normal",
    "maxQueueTimeMs": 250,
    "maxExecutionTimeMs": 60000,
    "preferredModels": [QWEN],
}
CHAT = {"model": "auto", "messages": MESSAGES, "router": ROUTER, "stream": False}
DIRECT = {
    "selectedModel": QWEN,
    "request": {"messages": MESSAGES, "stream": False},
    "priority": "high",
    "routerDecision": {"taskType": "code_fix", "reason": "chosen", "score": 0.5},
}

#: A valid body of each JSON endpoint, mutated field by field (PUT config runs last:
#: a valid mutation may change the policy the other cases run under).
BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/v1/chat/completions"): CHAT,
    ("POST", "/v1/router/route"): CHAT,
    ("POST", "/v1/completions"): {"model": "auto", "prompt": "hi", "max_tokens": 5},
    ("POST", "/v1/embeddings"): {"model": "auto", "input": ["hi"]},
    ("POST", "/v1/router/execute"): {**DIRECT, "endpoint": "/v1/chat/completions"},
    ("POST", "/v1/router/jobs"): {
        **DIRECT,
        "classification": {"taskType": "code_fix", "confidence": 0.9},
        "owner": "key:client-of-the-gateway",
    },
    ("POST", "/api/chat"): {**CHAT, "options": {"num_ctx": 2048}},
    ("POST", "/api/generate"): {"model": "auto", "prompt": "hi", "stream": False},
    ("POST", "/api/embed"): {"model": "auto", "input": "hi"},
    ("POST", "/api/embeddings"): {"model": "qwen2.5-coder:7b", "prompt": "hi"},
    ("POST", "/api/show"): {"model": "auto"},
    ("POST", "/v1/responses"): {
        "model": "gpt-5",
        "instructions": "be brief",
        "input": [
            {"role": "user", "content": [{"type": "input_text", "text": "hi"}]},
            {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "ok"},
        ],
        "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}],
        "text": {"format": {"type": "json_schema", "name": "o", "schema": {"type": "object"}}},
        "max_output_tokens": 5,
        "store": False,
    },
    **{("POST", f"/api/{path}"): {"model": "x"} for path in ("pull", "push", "create", "copy")},
    ("POST", "/v1/admin/access/keys"): {
        "id": "fuzz",
        "key": "fuzz-key-0123456789",
        "scopes": ["standalone"],
    },
    ("POST", "/v1/messages"): {"model": "claude-x", "max_tokens": 8, "messages": MESSAGES},
    ("POST", "/v1/messages/count_tokens"): {"model": "claude-x", "messages": MESSAGES},
    ("PUT", "/v1/admin/access/config"): None,  # the current policy, read at run time
}

DEEP = "[" * 1000 + "]" * 1000
#: Raw JSON put in place of one field: nesting, numbers, strings for headers and logs.
VALUES = [
    DEEP,
    "[" * 129 + "]" * 129,
    '{"a":' * 200 + "1" + "}" * 200,
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "1" + "0" * 400,
    "9" * 5000,
    str(2**63),
    "-1",
    "0.5",
    "true",
    "null",
    "{}",
    "[]",
    '"\\ud800"',
    '"x\\udfffy"',
    '"\\ud83d\\ude00 ok"',
    '"a\\r\\nX-Injected: 1"',
    '"a\\u0000b"',
    '"\\u20ac \\u2028 \\u0085"',
    '"' + "x" * 20000 + '"',
    '"%s"' % ("\\u00e9" * 50),
]
RAW_VALUES = [b'"\xed\xa0\x80"', b'"\xff\xfe"']  # not UTF-8
#: Path and query values, already percent-encoded as they go on the wire.
PARAMS = [
    "%C2%B2",  # ² — a Unicode digit
    "9" * 5000,
    str(2**63),
    "-1",
    "%00",
    "%0D%0AX-Injected:%201",
    "%E2%82%AC",
    "%ED%A0%80",
    "%FF",
    "a" * 3000,
    "..%2F..%2Fetc%2Fpasswd",
]
CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", None]
SHAPES = [b"", b"null", b"[]", b'"x"', b"{", b"\xef\xbb\xbf{}", b"{}" * 3]
HEADER_NAMES = [b"Host", b"Origin", b"Authorization", b"X-Api-Key", b"X-Forwarded-For",
                b"Content-Type", b"Accept", b"User-Agent"]  # fmt: skip
HEADER_VALUES = [b"\x80\xff", "€".encode(), b"a\x00b", b"a" * 8000]
INTERNALS = re.compile(
    r"Traceback|Unicode\w*Error|RecursionError|OverflowError|ValueError|TypeError|KeyError"
    r"|AttributeError|set_int_max_str_digits|File \""
)
SENTINEL = "@@HOSTILE@@"


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every field of ``value``, containers included (so whole objects are
    replaced too)."""
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))


def with_raw(body: Any, path: tuple[Any, ...], raw: bytes) -> bytes:
    """``body`` as JSON with the field at ``path`` replaced by the raw JSON ``raw``."""
    copied = copy.deepcopy(body)
    node = copied
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = SENTINEL
    return json.dumps(copied).encode().replace(f'"{SENTINEL}"'.encode(), raw)


class Run:
    """Sends cases and collects what went wrong."""

    def __init__(self, s: Stack, keys: dict[Plane, str] | None) -> None:
        self.s = s
        self.keys = keys
        self.statuses: Counter[int] = Counter()
        self.problems: list[str] = []

    def auth(self, path: str) -> dict[str, str]:
        if self.keys is None:
            return {}
        plane = plane_of(path)
        key = self.keys.get(plane, self.keys[Plane.STANDALONE])
        return {"authorization": f"Bearer {key}"}

    async def send(
        self, method: str, path: str, *, body: bytes | None = None, ctype: str | None = None
    ) -> None:
        headers = self.auth(path.split("?")[0])
        if ctype is not None:
            headers["content-type"] = ctype
        url = URL(self.s.url + path, encoded=True)
        case = f"{method} {path[:80]} {ctype} {(body or b'')[:80]!r}"
        async with self.s.http.request(method, url, data=body, headers=headers) as response:
            text = await response.text(errors="replace")
            self.check(case, response.status, text, response.headers)

    def check(self, case: str, status: int, text: str, headers: Any) -> None:
        self.statuses[status] += 1
        if status >= 500:
            self.problems.append(f"{status} for {case}: {text[:200]}")
        if status >= 400 and INTERNALS.search(text):
            self.problems.append(f"internals in {status} for {case}: {text[:200]}")
        if "x-injected" in {name.lower() for name in headers}:
            self.problems.append(f"header injected by {case}")


async def operations(s: Stack, keys: dict[Plane, str] | None) -> list[tuple[str, str]]:
    headers = {"authorization": f"Bearer {keys[Plane.STANDALONE]}"} if keys else {}
    async with s.http.get(s.url + "/openapi.json", headers=headers) as response:
        document = await response.json()
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "delete")
    ]


async def hostile_run(s: Stack, keys: dict[Plane, str] | None) -> Run:
    run = Run(s, keys)
    ops = await operations(s, keys)
    missing = [op for op in ops if op[0] in ("POST", "PUT") and op not in BODIES]
    assert not missing, f"add a valid body for {missing} to BODIES"
    with_body = sorted((op for op in ops if op in BODIES), key=lambda op: op[0] == "PUT")
    for method, path in (op for op in ops if op not in BODIES):
        await send_params(run, method, path)
    for method, path in with_body:
        body = BODIES[(method, path)]
        if body is None:
            async with s.http.get(s.url + path, headers=run.auth(path)) as response:
                policy = await response.json()
            body = {"config": {k: v for k, v in policy.items() if k != "updatedAt"}}
        for field in leaves(body):
            for value in [*(v.encode() for v in VALUES), *RAW_VALUES]:
                await run.send(method, path, body=with_raw(body, field, value), ctype=JSON)
        for ctype in CONTENT_TYPES:
            await run.send(method, path, body=json.dumps(body).encode(), ctype=ctype)
        for shape in SHAPES:
            await run.send(method, path, body=shape, ctype=JSON)
    await send_raw_headers(run)
    return run


JSON = "application/json"


async def send_params(run: Run, method: str, path: str) -> None:
    names = re.findall(r"\{(\w+)\}", path)
    if not names:
        await run.send(method, path)
    for value in PARAMS:
        concrete = re.sub(r"\{\w+\}", value, path)
        await run.send(method, concrete)
        for query in ("limit", "status", "cursor"):
            await run.send(method, f"{concrete}?{query}={value}")


async def send_raw_headers(run: Run) -> None:
    for name in HEADER_NAMES:
        for value in HEADER_VALUES:
            for method, path in (("GET", "/v1/models"), ("POST", "/v1/chat/completions")):
                auth = run.auth(path).get("authorization", "")
                body = json.dumps(CHAT).encode() if method == "POST" else b""
                head = [f"{method} {path} HTTP/1.1".encode(), b"Connection: close"]
                head.append(b"Content-Length: %d" % len(body))
                if name != b"Host":
                    head.append(b"Host: 127.0.0.1")
                if name != b"Content-Type" and method == "POST":
                    head.append(b"Content-Type: application/json")
                if auth and name != b"Authorization":
                    head.append(b"Authorization: " + auth.encode())
                head.append(name + b": " + value)
                answer = await raw_exchange(run.s.url, b"\r\n".join(head) + b"\r\n\r\n" + body)
                status_line, _, rest = answer.partition(b"\r\n")
                status = int(status_line.split()[1]) if status_line else 0
                case = f"{method} {path} with {name.decode()}: {value[:20]!r}"
                headers = {
                    line.split(b":")[0].decode("latin-1")
                    for line in rest.split(b"\r\n\r\n")[0].split(b"\r\n")
                }
                run.check(case, status, answer.decode("latin-1"), headers)


def no_traceback(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()[:200]}"
        for r in caplog.records
        if r.exc_info or r.levelno >= logging.ERROR or "Traceback" in r.getMessage()
    ]


def report(name: str, run: Run) -> None:
    total = sum(run.statuses.values())
    shown = ", ".join(f"{status}: {n}" for status, n in sorted(run.statuses.items()))
    print(f"\nhostile inputs, {name} config: {total} requests — {shown}")


async def test_hostile_inputs_open_config(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    async with stack(gex44_data()) as s:
        run = await hostile_run(s, None)
    report("open", run)
    assert not run.problems, "\n".join(run.problems[:20])
    assert not no_traceback(caplog), no_traceback(caplog)[:10]


async def test_hostile_inputs_secured_config(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.WARNING)
    data = secured_data(tmp_path, unlimited=True)
    keys = {Plane.STANDALONE: CLIENT, Plane.RUNTIME_AGENT: KONG, Plane.ADMIN: ADMIN}
    async with stack(data) as s:
        run = await hostile_run(s, keys)
    report("secured", run)
    assert not run.problems, "\n".join(run.problems[:20])
    assert not no_traceback(caplog), no_traceback(caplog)[:10]
