"""Hostile input on the Messages face: every field of a full request (system blocks, a
system turn, tools, a tool_use/tool_result history, an image, a document, sampling,
thinking and effort, the router object) replaced in turn by each wrong-typed or
extreme value, sync and streamed. No answer is a 5xx,
every error is in Anthropic's shape (``type: error``) and no text shows internals; the
stack's exit check proves no slot leaked."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from support.stack import Stack, gex44_data, stack

PNG = {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}
REQUEST: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 16,
    "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "look"},
                {"type": "image", "source": PNG},
                {"type": "document", "source": {"type": "text", "data": "notes"}, "title": "n"},
            ],
        },
        {"role": "system", "content": [{"type": "text", "text": "cwd: /tmp"}]},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "reading"},
                {"type": "tool_use", "id": "toolu_1", "name": "read", "input": {"path": "a"}},
            ],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_1",
                    "is_error": False,
                    "content": [{"type": "text", "text": "data"}],
                }
            ],
        },
    ],
    "tools": [
        {
            "name": "read",
            "description": "Read a file",
            "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}},
        }
    ],
    "tool_choice": {"type": "auto", "disable_parallel_tool_use": False},
    "stop_sequences": ["END"],
    "temperature": 0.5,
    "top_p": 0.9,
    "top_k": 5,
    "metadata": {"user_id": "u"},
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "output_config": {"effort": "low"},
    "router": {"priority": "normal"},
}
#: Raw JSON put in place of one field.
VALUES = [
    "3",
    "-1",
    "1e400",
    "true",
    "null",
    "{}",
    "[]",
    '"x"',
    '""',
    '"\\ud800"',
    "[" * 200 + "]" * 200,
    '"' + "y" * 5000 + '"',
]
INTERNALS = re.compile(r"Traceback|Error\(|KeyError|TypeError|AttributeError|File \"")
SENTINEL = "@@HOSTILE@@"


def fields(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from fields(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from fields(item, (*path, index))


def replaced(body: dict[str, Any], path: tuple[Any, ...], raw: str) -> bytes:
    copied = copy.deepcopy(body)
    node: Any = copied
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = SENTINEL
    return json.dumps(copied).encode().replace(f'"{SENTINEL}"'.encode(), raw.encode())


async def send(s: Stack, data: bytes, problems: list[str], statuses: Counter[int]) -> None:
    headers = {"content-type": "application/json"}
    async with s.http.post(s.url + "/v1/messages", data=data, headers=headers) as response:
        text = await response.text(errors="replace")
        status = response.status
    statuses[status] += 1
    case = f"{status} for {data[:160]!r}"
    if status >= 500:
        problems.append(f"{case}: {text[:200]}")
    elif status >= 400:
        body = json.loads(text)
        if body.get("type") != "error" or set(body["error"]) != {"type", "message"}:
            problems.append(f"not Anthropic's shape: {case}: {text[:200]}")
    if INTERNALS.search(text):
        problems.append(f"internals: {case}: {text[:200]}")


@pytest.mark.parametrize("streamed", [False, True])
async def test_every_field_with_every_hostile_value(streamed: bool) -> None:
    body = {**REQUEST, "stream": streamed}
    problems: list[str] = []
    statuses: Counter[int] = Counter()
    data = gex44_data()
    [reasoner] = [m for m in data["models"] if m["name"] == "gpt-oss:20b"]
    reasoner["capabilities"] = ["completion", "tools", "vision"]  # for the image
    async with stack(data) as s:
        assert (await s.post("/v1/messages", body))[0] == 200
        for path in fields(body):
            for raw in VALUES:
                await send(s, replaced(body, path, raw), problems, statuses)
        for shape in (b"", b"null", b"[]", b'"x"', b"{", b"{}"):
            await send(s, shape, problems, statuses)
    print(f"stream={streamed}: {sorted(statuses.items())}")
    assert not problems, "\n".join(problems[:20])
    assert statuses[400] > 300  # most replacements are refused, naming the field
    assert statuses[200] > 10  # the fields the face ignores or accepts as given
    assert set(statuses) <= {200, 400, 404, 413}
