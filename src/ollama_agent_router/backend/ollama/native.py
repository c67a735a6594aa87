"""Ollama-native execution (``ollama.api: native``): pure OpenAI ⇄ ``/api/chat`` translation.

Ollama's OpenAI endpoint accepts neither ``keep_alive`` nor a context size, so long agent
prompts get cut at Ollama's default context. Talking to ``/api/chat`` instead lets us send
both. Nothing here does I/O; ids and timestamps are passed in.

The context size (``num_ctx``) is one stable value per model (``routing.footprint``),
never one per request: any change makes Ollama drain and reload the model.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ollama_agent_router.backend.ollama.fields import reply_limit, requested_effort, think_value
from ollama_agent_router.sse import SSE_DONE, sse_event

_OPTION_FIELDS = {
    "temperature": "temperature",
    "top_p": "top_p",
    "seed": "seed",
    "frequency_penalty": "frequency_penalty",
    "presence_penalty": "presence_penalty",
}


class NativeTranslationError(ValueError):
    """The OpenAI request cannot be expressed natively (a client error: HTTP 400)."""

    def __init__(self, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


def _text_and_images(content: Any, where: str) -> tuple[str, list[str]]:
    if content is None:
        return "", []
    if isinstance(content, str):
        return content, []
    if not isinstance(content, list):
        raise NativeTranslationError("content must be a string or a list of parts", param=where)
    texts: list[str] = []
    images: list[str] = []
    for part in content:
        if not isinstance(part, Mapping):
            raise NativeTranslationError("content parts must be objects", param=where)
        kind = part.get("type")
        if kind == "text":
            texts.append(str(part.get("text", "")))
        elif kind == "image_url":
            image = part.get("image_url")
            url = image.get("url") if isinstance(image, Mapping) else image
            if not isinstance(url, str) or not url.startswith("data:") or "," not in url:
                raise NativeTranslationError(
                    "only base64 data: image URLs are supported", param=where
                )
            images.append(url.split(",", 1)[1])
    return "\n".join(texts), images


def _arguments_object(raw: Any, where: str) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        return dict(raw)
    if raw is None or raw == "":
        return {}
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise NativeTranslationError("tool call arguments must be a JSON object", param=where)
    return value


def _message(message: Any, index: int, tool_names: dict[str, str]) -> dict[str, Any]:
    where = f"messages[{index}]"
    if not isinstance(message, Mapping):
        raise NativeTranslationError("each message must be an object", param=where)
    role = str(message.get("role", "user")).lower()
    content, images = _text_and_images(message.get("content"), f"{where}.content")
    out: dict[str, Any] = {"role": role, "content": content}
    if images:
        out["images"] = images
    reasoning = message.get("reasoning") or message.get("reasoning_content")
    if role == "assistant" and isinstance(reasoning, str) and reasoning:
        out["thinking"] = reasoning
    calls = message.get("tool_calls")
    if isinstance(calls, list) and calls:
        native_calls = []
        for number, call in enumerate(calls):
            function = call.get("function", {}) if isinstance(call, Mapping) else {}
            name = str(function.get("name", ""))
            native: dict[str, Any] = {
                "function": {
                    "index": number,
                    "name": name,
                    "arguments": _arguments_object(
                        function.get("arguments"), f"{where}.tool_calls[{number}]"
                    ),
                }
            }
            if isinstance(call, Mapping) and call.get("id"):
                native["id"] = str(call["id"])
                tool_names[str(call["id"])] = name
            native_calls.append(native)
        out["tool_calls"] = native_calls
    if role == "tool":
        call_id = message.get("tool_call_id")
        if call_id:
            out["tool_call_id"] = str(call_id)
        tool_name = message.get("name") or (tool_names.get(str(call_id)) if call_id else None)
        if tool_name:
            out["tool_name"] = str(tool_name)
    return out


def _format(response_format: Any) -> str | dict[str, Any] | None:
    if not isinstance(response_format, Mapping):
        return None
    kind = response_format.get("type")
    if kind == "json_object":
        return "json"
    if kind == "json_schema":
        schema = response_format.get("json_schema")
        if isinstance(schema, Mapping) and isinstance(schema.get("schema"), Mapping):
            return dict(schema["schema"])
        return "json"
    return None


def openai_to_native_chat(
    body: Mapping[str, Any],
    *,
    keep_alive: str | int | None,
    num_ctx: int | None,
) -> dict[str, Any]:
    """An OpenAI chat-completion request as a native ``/api/chat`` body.

    The caller has already set ``model`` and removed the ``router`` object.
    """
    messages = body.get("messages")
    if not isinstance(messages, list):
        raise NativeTranslationError("messages must be a list", param="messages")
    tool_names: dict[str, str] = {}
    out: dict[str, Any] = {
        "model": body.get("model"),
        "messages": [_message(m, i, tool_names) for i, m in enumerate(messages)],
        "stream": bool(body.get("stream", False)),
    }
    if body.get("tools"):
        out["tools"] = body["tools"]
    fmt = _format(body.get("response_format"))
    if fmt is not None:
        out["format"] = fmt
    options: dict[str, Any] = {
        native: body[name] for name, native in _OPTION_FIELDS.items() if body.get(name) is not None
    }
    stop = body.get("stop")
    if isinstance(stop, str):
        options["stop"] = [stop]
    elif isinstance(stop, list) and stop:
        options["stop"] = list(stop)
    limit = reply_limit(body)  # the smaller of max_tokens and max_completion_tokens
    if limit is not None:
        options["num_predict"] = limit
    if num_ctx is not None:
        options["num_ctx"] = num_ctx
    if options:
        out["options"] = options
    effort = requested_effort(body)
    if isinstance(effort, str):
        out["think"] = think_value(effort)
    if keep_alive is not None:
        out["keep_alive"] = keep_alive
    return out


def new_completion_id() -> str:
    return "chatcmpl-" + secrets.token_hex(12)


def _tool_calls_openai(calls: Any, *, with_index: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for number, call in enumerate(calls if isinstance(calls, list) else []):
        function = call.get("function", {}) if isinstance(call, Mapping) else {}
        arguments = function.get("arguments", {})
        entry: dict[str, Any] = {
            "id": str(call.get("id") or f"call_{secrets.token_hex(4)}"),
            "type": "function",
            "function": {
                "name": function.get("name", ""),
                "arguments": arguments
                if isinstance(arguments, str)
                else json.dumps(arguments, ensure_ascii=False),
            },
        }
        if with_index:
            entry = {"index": function.get("index", number), **entry}
        out.append(entry)
    return out


def _finish_reason(done_reason: Any, has_tool_calls: bool) -> str:
    if done_reason == "length":
        return "length"
    return "tool_calls" if has_tool_calls else "stop"


def usage_from_native(native: Mapping[str, Any]) -> dict[str, int]:
    prompt = int(native.get("prompt_eval_count") or 0)
    completion = int(native.get("eval_count") or 0)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def native_to_openai_completion(
    native: Mapping[str, Any],
    *,
    model: str,
    completion_id: str | None = None,
    created: int | None = None,
) -> dict[str, Any]:
    """A non-streaming ``/api/chat`` answer as an OpenAI ``chat.completion``."""
    message = native.get("message") or {}
    calls = _tool_calls_openai(message.get("tool_calls"), with_index=False)
    out_message: dict[str, Any] = {"role": "assistant", "content": message.get("content") or ""}
    if calls:
        out_message["tool_calls"] = calls
    if message.get("thinking"):
        out_message["reasoning"] = message["thinking"]
    return {
        "id": completion_id or new_completion_id(),
        "object": "chat.completion",
        "created": created if created is not None else int(time.time()),
        "model": model,
        "system_fingerprint": "fp_ollama",
        "choices": [
            {
                "index": 0,
                "message": out_message,
                "finish_reason": _finish_reason(native.get("done_reason"), bool(calls)),
            }
        ],
        "usage": usage_from_native(native),
    }


@dataclass(slots=True)
class NativeStreamTranslator:
    """Turns ``/api/chat`` NDJSON objects into OpenAI SSE events, one object at a time.

    Layout of the current Ollama (v0.32.6+): role on the first chunk only, the finish
    reason on its own chunk with an empty delta, then the usage chunk (``choices: []``)
    when ``include_usage``, then ``[DONE]``.
    """

    model: str
    include_usage: bool = False
    completion_id: str = field(default_factory=new_completion_id)
    created: int = field(default_factory=lambda: int(time.time()))
    _sent_role: bool = False
    _saw_tool_calls: bool = False
    _tool_index: int = 0
    finished: bool = False

    def _chunk(self, delta: dict[str, Any], finish_reason: str | None = None) -> bytes:
        return sse_event(
            {
                "id": self.completion_id,
                "object": "chat.completion.chunk",
                "created": self.created,
                "model": self.model,
                "system_fingerprint": "fp_ollama",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
            }
        )

    def feed(self, item: Mapping[str, Any]) -> list[bytes]:
        """SSE events for one native object (the caller raised on ``error`` lines)."""
        events: list[bytes] = []
        message = item.get("message") or {}
        delta: dict[str, Any] = {}
        if message.get("content"):
            delta["content"] = message["content"]
        if message.get("thinking"):
            delta["reasoning"] = message["thinking"]
        raw_calls = message.get("tool_calls")
        if isinstance(raw_calls, list) and raw_calls:
            calls = _tool_calls_openai(raw_calls, with_index=True)
            for call in calls:
                call["index"] = self._tool_index
                self._tool_index += 1
            delta["tool_calls"] = calls
            self._saw_tool_calls = True
        if delta or (not self._sent_role and not item.get("done")):
            if not self._sent_role:
                delta = {"role": "assistant", **delta}
                self._sent_role = True
            events.append(self._chunk(delta))
        if item.get("done"):
            events.extend(self._finish(item))
        return events

    def _finish(self, item: Mapping[str, Any]) -> list[bytes]:
        events = []
        if not self._sent_role:
            events.append(self._chunk({"role": "assistant", "content": ""}))
            self._sent_role = True
        reason = _finish_reason(item.get("done_reason"), self._saw_tool_calls)
        events.append(self._chunk({}, reason))
        if self.include_usage:
            events.append(
                sse_event(
                    {
                        "id": self.completion_id,
                        "object": "chat.completion.chunk",
                        "created": self.created,
                        "model": self.model,
                        "system_fingerprint": "fp_ollama",
                        "choices": [],
                        "usage": usage_from_native(item),
                    }
                )
            )
        events.append(SSE_DONE)
        self.finished = True
        return events


__all__: Sequence[str] = (
    "NativeStreamTranslator",
    "NativeTranslationError",
    "native_to_openai_completion",
    "openai_to_native_chat",
    "usage_from_native",
)
