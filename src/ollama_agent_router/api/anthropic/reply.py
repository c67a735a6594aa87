"""OpenAI chat answers as Anthropic Messages answers: pure, table-tested.

``message_of`` turns a chat completion into a ``message``; ``MessageStream`` is the
state machine that turns OpenAI ``chat.completion.chunk`` objects into Anthropic's
event sequence (``message_start``, ``ping``, per block ``content_block_start`` /
``content_block_delta`` / ``content_block_stop``, ``message_delta``, ``message_stop``).
``error_body`` is Anthropic's error shape, typed by HTTP status.

Ollama never says which stop sequence ended an answer (both of its APIs report plain
``stop``), so ``stop_reason`` is ``end_turn`` then and ``stop_sequence`` stays null.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator, Mapping
from typing import Any

from ollama_agent_router.errors import RouterError
from ollama_agent_router.sse import sse_event

STOP_REASONS = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "content_filter": "refusal",
}

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",
    503: "overloaded_error",
    504: "timeout_error",
    529: "overloaded_error",
}


def error_type(status: int) -> str:
    """Anthropic's error ``type`` for an HTTP status (other 4xx: invalid request)."""
    if status in ERROR_TYPES:
        return ERROR_TYPES[status]
    return "invalid_request_error" if 400 <= status < 500 else "api_error"


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": error_type(status), "message": message}}


def new_id(prefix: str) -> str:
    """An id in Anthropic's style (``msg_…``, ``toolu_…``)."""
    return prefix + secrets.token_hex(12)


def stop_reason(finish: object, *, tool_calls: bool) -> str:
    """Anthropic's ``stop_reason`` for an OpenAI ``finish_reason``; a tool call is
    ``tool_use`` even when the backend said ``stop`` (Ollama sometimes does)."""
    if tool_calls and finish != "length":
        return "tool_use"
    return STOP_REASONS.get(finish, "end_turn") if isinstance(finish, str) else "end_turn"


def usage_of(usage: object, *, input_estimate: int = 0) -> dict[str, int]:
    """OpenAI ``usage`` as Anthropic's (``input_estimate`` when the backend gave none)."""
    source = usage if isinstance(usage, Mapping) else {}
    prompt = source.get("prompt_tokens")
    completion = source.get("completion_tokens")
    return {
        "input_tokens": prompt if isinstance(prompt, int) else input_estimate,
        "output_tokens": completion if isinstance(completion, int) else 0,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
    }


def tool_input(arguments: object, name: object) -> dict[str, Any]:
    """A tool call's ``arguments`` (a JSON string, or already an object) as ``input``."""
    if isinstance(arguments, Mapping):
        return dict(arguments)
    try:
        value = json.loads(arguments) if isinstance(arguments, str) and arguments else {}
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise RouterError(
            f"the model called tool {name!r} with arguments that are not a JSON object",
            status=502,
            code="upstream_error",
        )
    return value


def message_of(completion: Mapping[str, Any], *, message_id: str, model: str) -> dict[str, Any]:
    """A chat completion as an Anthropic ``message`` (text block, then tool_use blocks)."""
    choices = completion.get("choices")
    choice = choices[0] if isinstance(choices, list) and choices else {}
    message = choice.get("message") if isinstance(choice, Mapping) else None
    message = message if isinstance(message, Mapping) else {}
    content: list[dict[str, Any]] = []
    text = message.get("content")
    if isinstance(text, str) and text:
        content.append({"type": "text", "text": text})
    calls = message.get("tool_calls")
    for call in calls if isinstance(calls, list) else []:
        function = call.get("function") if isinstance(call, Mapping) else None
        if not isinstance(function, Mapping):
            continue
        name = function.get("name")
        content.append(
            {
                "type": "tool_use",
                "id": call.get("id") or new_id("toolu_"),
                "name": name if isinstance(name, str) else "",
                "input": tool_input(function.get("arguments"), name),
            }
        )
    used_tools = any(block["type"] == "tool_use" for block in content)
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason(choice.get("finish_reason"), tool_calls=used_tools),
        "stop_sequence": None,
        "usage": usage_of(completion.get("usage")),
    }


def sse(event: Mapping[str, Any]) -> bytes:
    """One event with its ``event: <type>`` line."""
    return sse_event(event, named=True)


class MessageStream:
    """OpenAI chunk objects in, Anthropic events out; no I/O.

    Blocks open as content arrives and close when another kind starts: text, then each
    tool call (OpenAI streams tool calls one after another, arguments in pieces that
    become ``input_json_delta`` events). A stream that ends without a finish reason was
    cut: ``finish`` raises, and the relay ends it with an ``error`` event.
    """

    def __init__(self, *, message_id: str, model: str, input_estimate: int) -> None:
        self.message_id = message_id
        self.model = model
        self.input_estimate = input_estimate
        self.started = False
        self.index = -1
        self.open: str | None = None
        """``"text"`` or ``"tool:<OpenAI tool index>"`` while a block is open."""
        self.open_id: str | None = None
        """The id of the open tool_use block."""
        self.tools_seen: set[int] = set()
        self.finish_reason: str | None = None
        self.usage: object = None

    def start(self) -> list[dict[str, Any]]:
        self.started = True
        message: dict[str, Any] = {
            "id": self.message_id,
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {**usage_of(None, input_estimate=self.input_estimate), "output_tokens": 0},
        }
        return [{"type": "message_start", "message": message}, {"type": "ping"}]

    def _close(self) -> list[dict[str, Any]]:
        if self.open is None:
            return []
        self.open = None
        return [{"type": "content_block_stop", "index": self.index}]

    def _open(self, key: str, block: dict[str, Any]) -> list[dict[str, Any]]:
        events = self._close()
        self.index += 1
        self.open = key
        events.append({"type": "content_block_start", "index": self.index, "content_block": block})
        return events

    def _delta(self, delta: dict[str, Any]) -> dict[str, Any]:
        return {"type": "content_block_delta", "index": self.index, "delta": delta}

    def _tool_call(self, call: Mapping[str, Any]) -> list[dict[str, Any]]:
        position = call.get("index", 0)
        position = position if isinstance(position, int) else 0
        key = f"tool:{position}"
        function = call.get("function")
        function = function if isinstance(function, Mapping) else {}
        call_id = call.get("id")
        call_id = call_id if isinstance(call_id, str) and call_id else None
        events: list[dict[str, Any]] = []
        # a new id starts a new call even at the same index (Ollama numbers the calls
        # of each chunk from 0)
        if self.open != key or (call_id is not None and call_id != self.open_id):
            if call_id is None and position in self.tools_seen:
                raise RouterError(
                    "the backend interleaved two tool calls in its stream",
                    status=502,
                    code="upstream_error",
                )
            self.tools_seen.add(position)
            self.open_id = call_id or new_id("toolu_")
            name = function.get("name")
            block = {
                "type": "tool_use",
                "id": self.open_id,
                "name": name if isinstance(name, str) else "",
                "input": {},
            }
            events += self._open(key, block)
        arguments = function.get("arguments")
        if isinstance(arguments, Mapping):  # some backends send the object itself
            arguments = json.dumps(arguments)
        if isinstance(arguments, str) and arguments:
            events.append(self._delta({"type": "input_json_delta", "partial_json": arguments}))
        return events

    def feed(self, chunk: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The events for one OpenAI chunk (the first one also starts the message)."""
        events = [] if self.started else self.start()
        if chunk.get("usage"):
            self.usage = chunk["usage"]
        choices = chunk.get("choices")
        choice = choices[0] if isinstance(choices, list) and choices else None
        if not isinstance(choice, Mapping):
            return events
        delta = choice.get("delta")
        delta = delta if isinstance(delta, Mapping) else {}
        text = delta.get("content")
        if isinstance(text, str) and text:
            if self.open != "text":
                events += self._open("text", {"type": "text", "text": ""})
            events.append(self._delta({"type": "text_delta", "text": text}))
        calls = delta.get("tool_calls")
        for call in calls if isinstance(calls, list) else []:
            if isinstance(call, Mapping):
                events += self._tool_call(call)
        finish = choice.get("finish_reason")
        if isinstance(finish, str) and finish:
            self.finish_reason = finish
        return events

    def finish(self) -> list[dict[str, Any]]:
        """The closing events, once the backend stream ended."""
        if self.finish_reason is None:
            raise RouterError(
                "the backend stream ended before the answer did", status=502, code="upstream_error"
            )
        events = ([] if self.started else self.start()) + self._close()
        usage = usage_of(self.usage, input_estimate=self.input_estimate)
        reason = stop_reason(self.finish_reason, tool_calls=bool(self.tools_seen))
        events.append(
            {
                "type": "message_delta",
                "delta": {"stop_reason": reason, "stop_sequence": None},
                "usage": {
                    "input_tokens": usage["input_tokens"],
                    "output_tokens": usage["output_tokens"],
                },
            }
        )
        events.append({"type": "message_stop"})
        return events

    async def encode(self, items: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
        """The face's stream encoder (``api.serving.transcode``): one write per chunk."""
        async for item in items:
            events = self.feed(item)
            if events:
                yield b"".join(sse(event) for event in events)
        yield b"".join(sse(event) for event in self.finish())


def error_event(exc: Exception) -> bytes:
    """A failure after the stream began, as Anthropic's in-band ``error`` event."""
    if isinstance(exc, RouterError):
        body = error_body(exc.status, exc.message)
    else:
        body = error_body(502, f"the backend stream failed: {exc}")
    return sse(body)
