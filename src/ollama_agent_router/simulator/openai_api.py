"""Ollama's OpenAI-compatible API: /v1/chat/completions, /v1/completions, embeddings, models.

Replies follow the v0.32.6+ layout: role only on the first chunk, the finish reason on a
chunk of its own, a usage chunk with empty choices when asked, then ``data: [DONE]``.
"""

from __future__ import annotations

import base64
import struct
import time
from typing import Any

from starlette.types import Receive, Scope, Send

from ollama_agent_router.simulator import generation as gen
from ollama_agent_router.simulator.capabilities import (
    check_capabilities,
    check_thinking,
    has_images,
    openai_think,
)
from ollama_agent_router.simulator.catalog import CatalogEntry
from ollama_agent_router.simulator.core import Job, Metrics, Simulator
from ollama_agent_router.simulator.native import EmbedRenderer, resolve_model, wants_tool_call
from ollama_agent_router.simulator.plan import last_user_text
from ollama_agent_router.simulator.prompt import chat_turns, join_turns
from ollama_agent_router.simulator.wire import (
    SSE,
    ApiError,
    BadRequest,
    dumps,
    parse_json_body,
    read_body,
    send_bytes,
)

_DONE = b"data: [DONE]\n\n"
_ERROR_TYPES = {400: "invalid_request_error", 404: "not_found_error"}


def openai_error(status: int, message: str) -> bytes:
    kind = _ERROR_TYPES.get(status, "api_error")
    return dumps({"error": {"message": message, "type": kind, "param": None, "code": None}})


def usage(metrics: Metrics) -> dict[str, int]:
    return {
        "prompt_tokens": metrics.prompt_tokens,
        "completion_tokens": metrics.eval_count,
        "total_tokens": metrics.prompt_tokens + metrics.eval_count,
    }


def finish_reason(out: gen.Output) -> str:
    if out.tool_calls and out.done_reason != "length":
        return "tool_calls"
    return out.done_reason


class ChatCompletionRenderer:
    """``/v1/chat/completions``; chunk bytes are assembled around a per-request prefix."""

    stream_type = SSE
    error = staticmethod(openai_error)
    object_name = "chat.completion"
    id_prefix = "chatcmpl-"

    def __init__(self, include_usage: bool) -> None:
        self.include_usage = include_usage
        self.created = int(time.time())
        self._prefix = b""

    def head(self, job: Job, out: gen.Output, suffix: str = "") -> dict[str, Any]:
        return {
            "id": f"{self.id_prefix}{out.ref}",
            "object": self.object_name + suffix,
            "created": self.created,
            "model": job.model,
            "system_fingerprint": "fp_ollama",
        }

    def prefix(self, job: Job, out: gen.Output) -> bytes:
        if not self._prefix:
            head = dumps(self.head(job, out, ".chunk"))
            self._prefix = b"data: " + head[:-1] + b',"choices":[{"index":0,"delta":'
        return self._prefix

    def full(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        message: dict[str, Any] = {"role": "assistant", "content": out.text}
        if out.tool_calls:
            message["tool_calls"] = tool_calls_json(out)
        body = self.head(job, out)
        body["choices"] = [{"index": 0, "message": message, "finish_reason": finish_reason(out)}]
        body["usage"] = usage(metrics)
        return dumps(body)

    def _chunk(self, job: Job, out: gen.Output, delta: dict[str, Any], reason: str | None) -> bytes:
        reason_json = b"null" if reason is None else dumps(reason)
        return (
            self.prefix(job, out) + dumps(delta) + b',"finish_reason":' + reason_json + b"}]}\n\n"
        )

    def token(self, job: Job, out: gen.Output, index: int) -> bytes:
        delta = {"content": out.tokens[index]}
        if index == 0:
            delta = {"role": "assistant", **delta}
        return self._chunk(job, out, delta, None)

    def tools(self, job: Job, out: gen.Output) -> bytes:
        delta: dict[str, Any] = {"tool_calls": tool_calls_json(out)}
        if not out.tokens:
            delta = {"role": "assistant", "content": "", **delta}
        return self._chunk(job, out, delta, None)

    def final(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        delta: dict[str, Any] = {}
        if not out.tokens and not out.tool_calls:
            delta = {"role": "assistant", "content": ""}
        parts = [self._chunk(job, out, delta, finish_reason(out))]
        if self.include_usage:
            body = self.head(job, out, ".chunk")
            body["choices"] = []
            body["usage"] = usage(metrics)
            parts.append(b"data: " + dumps(body) + b"\n\n")
        parts.append(_DONE)
        return b"".join(parts)

    def cut(self, job: Job, out: gen.Output) -> bytes:
        # Ollama's /v1 stream just stops on a runner failure: no finish chunk, no [DONE].
        return b""


class CompletionRenderer(ChatCompletionRenderer):
    """``/v1/completions``: ``text`` instead of ``message``/``delta``."""

    object_name = "text_completion"
    id_prefix = "cmpl-"

    def head(self, job: Job, out: gen.Output, suffix: str = "") -> dict[str, Any]:
        # Completion chunks keep the plain object name.
        return super().head(job, out, "")

    def full(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        body = self.head(job, out)
        body["choices"] = [{"text": out.text, "index": 0, "finish_reason": out.done_reason}]
        body["usage"] = usage(metrics)
        return dumps(body)

    def _text_chunk(self, job: Job, out: gen.Output, text: str, reason: str | None) -> bytes:
        body = self.head(job, out)
        body["choices"] = [{"text": text, "index": 0, "finish_reason": reason}]
        return b"data: " + dumps(body) + b"\n\n"

    def token(self, job: Job, out: gen.Output, index: int) -> bytes:
        return self._text_chunk(job, out, out.tokens[index], None)

    def final(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        parts = [self._text_chunk(job, out, "", out.done_reason)]
        if self.include_usage:
            body = self.head(job, out)
            body["choices"] = []
            body["usage"] = usage(metrics)
            parts.append(b"data: " + dumps(body) + b"\n\n")
        parts.append(_DONE)
        return b"".join(parts)


class OpenAIEmbedRenderer(EmbedRenderer):
    error = staticmethod(openai_error)

    def __init__(self, dims: int, *, base64_output: bool) -> None:
        super().__init__(dims)
        self.base64_output = base64_output

    def full(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        data: list[dict[str, Any]] = []
        for index, text in enumerate(job.inputs or ()):
            vector = gen.embed(text, self.dims)
            value: Any = vector
            if self.base64_output:
                value = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            data.append({"object": "embedding", "embedding": value, "index": index})
        tokens = metrics.prompt_tokens
        return dumps(
            {
                "object": "list",
                "data": data,
                "model": job.model,
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )


def tool_calls_json(out: gen.Output) -> list[dict[str, Any]]:
    return [
        {
            "id": call.id,
            "index": i,
            "type": "function",
            "function": {"name": call.name, "arguments": call.arguments_text},
        }
        for i, call in enumerate(out.tool_calls)
    ]


def _resolve(sim: Simulator, body: dict[str, Any]) -> tuple[str, CatalogEntry]:
    """The model as requested (echoed back as OpenAI does) and its catalog entry."""
    entry = resolve_model(sim, body)
    return str(body["model"]), entry


def _response_format(body: dict[str, Any]) -> Any:
    fmt = body.get("response_format")
    if not isinstance(fmt, dict):
        return None
    if fmt.get("type") == "json_object":
        return "json"
    if fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema")
        return schema if isinstance(schema, dict) else "json"
    return None


def _limit(body: dict[str, Any]) -> int | None:
    """``max_tokens`` only: Ollama's ``ChatCompletionRequest`` has no
    ``max_completion_tokens``, so that field caps nothing."""
    value = body.get("max_tokens")
    return value if isinstance(value, int) and value >= 0 else None


def _include_usage(body: dict[str, Any]) -> bool:
    options = body.get("stream_options")
    return isinstance(options, dict) and options.get("include_usage") is True


async def chat_completions(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    body = parse_json_body(await read_body(receive))
    name, entry = _resolve(sim, body)
    messages = body.get("messages")
    if not isinstance(messages, list):
        raise BadRequest("messages is required")
    if not messages:
        raise BadRequest("[] is too short - 'messages'")
    check_thinking(entry, name, openai_think(body))
    check_capabilities(
        entry, name, verb="chat", tools=body.get("tools"), images=has_images(messages)
    )
    stream = body.get("stream") is True
    seed = body.get("seed")
    turns = chat_turns(messages)
    job = Job(  # no num_ctx, no keep_alive: the OpenAI API cannot say either
        path="/v1/chat/completions",
        entry=entry,
        model=name,
        renderer=ChatCompletionRenderer(stream and _include_usage(body)),
        prompt=join_turns(turns),
        stream=stream,
        limit=_limit(body),
        seed=seed if isinstance(seed, int) else None,
        fmt=_response_format(body),
        tools=wants_tool_call(messages, body.get("tools")),
        ask=last_user_text(messages),
        turns=turns,
    )
    await sim.execute(job, scope, receive, send)


async def completions(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    body = parse_json_body(await read_body(receive))
    name, entry = _resolve(sim, body)
    prompt = body.get("prompt")
    if not isinstance(prompt, str):
        raise BadRequest("prompt must be a string")
    check_capabilities(entry, name, verb="generate")
    stream = body.get("stream") is True
    seed = body.get("seed")
    job = Job(
        path="/v1/completions",
        entry=entry,
        model=name,
        renderer=CompletionRenderer(stream and _include_usage(body)),
        prompt=prompt,
        stream=stream,
        limit=_limit(body),
        seed=seed if isinstance(seed, int) else None,
        ask=prompt,
    )
    await sim.execute(job, scope, receive, send)


async def embeddings(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    body = parse_json_body(await read_body(receive))
    name, entry = _resolve(sim, body)
    raw = body.get("input")
    inputs = [raw] if isinstance(raw, str) else raw
    if not isinstance(inputs, list) or not inputs or not all(isinstance(i, str) for i in inputs):
        raise BadRequest("invalid input type")
    dims = body.get("dimensions")
    renderer = OpenAIEmbedRenderer(
        dims if isinstance(dims, int) and dims > 0 else sim.settings.embedding_dims,
        base64_output=body.get("encoding_format") == "base64",
    )
    job = Job(
        path="/v1/embeddings",
        entry=entry,
        model=name,
        renderer=renderer,
        prompt="\n".join(inputs),
        stream=False,
        inputs=tuple(inputs),
    )
    await sim.execute(job, scope, receive, send)


async def list_models(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    data = [entry.openai_json() for entry in sim.catalog.entries()]
    await send_bytes(send, 200, dumps({"object": "list", "data": data or None}))


async def get_model(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    name = scope["path_params"]["model"]
    entry = sim.catalog.get(name)
    if entry is None:
        raise ApiError(404, f"model '{name}' not found")
    await send_bytes(send, 200, dumps(entry.openai_json()))
