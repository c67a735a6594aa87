"""Chat request bodies: the light checks done on the hot path, and what goes upstream.

Bodies are checked only as deeply as routing needs (an object, a non-empty
``messages`` list of objects with a string ``role``); everything else passes through
to Ollama, which judges the rest — except what ``fit_payload`` changes for the model
that runs it (thinking fields, the reply limit), on every attempt.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ollama_agent_router.backend.ollama.fields import (
    ollama_effort,
    reply_limit,
    requested_effort,
    think_value,
)
from ollama_agent_router.errors import BadRequestError, PayloadTooLargeError
from ollama_agent_router.pipeline.json_limits import parse_json
from ollama_agent_router.routing.capabilities import ModelCapabilities

_ROLES = frozenset({"system", "user", "assistant", "tool", "developer", "function"})


def parse_json_body(raw: bytes) -> dict[str, Any]:
    if not raw:
        raise BadRequestError("Request body is empty; send a JSON object", param="body")
    body = parse_json(raw)
    if not isinstance(body, dict):
        raise BadRequestError("The JSON body must be an object", param="body")
    return body


def check_chat_body(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Return ``messages`` after the checks routing relies on; 400 naming the field."""
    messages = body.get("messages")
    if not isinstance(messages, list):
        raise BadRequestError("messages: required, must be an array", param="messages")
    if not messages:
        raise BadRequestError("messages: must contain at least one message", param="messages")
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            raise BadRequestError(
                f"messages[{index}]: must be an object", param=f"messages[{index}]"
            )
        role = message.get("role")
        if not isinstance(role, str) or role not in _ROLES:
            raise BadRequestError(
                f"messages[{index}].role: must be one of {', '.join(sorted(_ROLES))}",
                param=f"messages[{index}].role",
            )
        content = message.get("content")
        if content is not None and not isinstance(content, str | list):
            raise BadRequestError(
                f"messages[{index}].content: must be a string, an array of parts or null",
                param=f"messages[{index}].content",
            )
    tools = body.get("tools")
    if tools is not None and not isinstance(tools, list):
        raise BadRequestError("tools: must be an array", param="tools")
    stream = body.get("stream")
    if stream is not None and not isinstance(stream, bool):
        raise BadRequestError("stream: must be a boolean", param="stream")
    return messages


def check_body_size(length: int, limit: int) -> None:
    if length > limit:
        raise PayloadTooLargeError(
            f"Request body of {length} bytes is over the limit of {limit} bytes "
            "(server.requestBodyLimit)"
        )


def upstream_payload(body: dict[str, Any], model: str, *, stream: bool) -> dict[str, Any]:
    """The body Ollama gets: ``router`` removed, model forced, the rest untouched."""
    payload = {key: value for key, value in body.items() if key != "router"}
    payload["model"] = model
    payload["stream"] = stream
    if not stream:
        payload.pop("stream_options", None)
    return payload


@dataclass(frozen=True, slots=True)
class Fitted:
    """A payload fitted to its model, and the client's fields left out for it."""

    payload: dict[str, Any]
    dropped: tuple[str, ...] = ()


OPENAI_THINKING: tuple[str, ...] = ("reasoning_effort", "reasoning")
NATIVE_THINKING: tuple[str, ...] = ("think",)


def fit_payload(
    payload: Mapping[str, Any],
    known: ModelCapabilities | None,
    *,
    native: bool = False,
    num_ctx: int | None = None,
) -> Fitted:
    """``payload`` (its ``model`` set) as that model can take it: an OpenAI chat body,
    or with ``native`` an ``/api/chat`` or ``/api/generate`` body.

    - A model known not to think gets no thinking field (``reasoning_effort``,
      ``reasoning``; natively ``think``): Ollama would answer 400 ``"<model>" does not
      support thinking`` (``server/routes.go``, ``ChatHandler``/``GenerateHandler``).
      They are named in ``dropped``. Unknown capabilities keep them.
    - Otherwise the effort is clamped to Ollama's scale (``backend.fields``); an OpenAI
      body says it once, as ``reasoning_effort``.
    - OpenAI form: ``max_completion_tokens`` becomes ``max_tokens`` (the smaller of the
      two), the only limit Ollama's ``/v1`` reads (native: ``options.num_predict``).
    - Native form: a client's ``options.num_ctx`` that the model's real context already
      holds becomes the router's own for that model (``num_ctx``; none in the openai
      dialect): any other value makes Ollama drain and reload the model
      (``needsReload``), and mixed clients would reload it back and forth. A larger one
      is the client's explicit wish and passes.
    """
    out = dict(payload)
    fields = NATIVE_THINKING if native else OPENAI_THINKING
    dropped: tuple[str, ...] = ()
    if known is not None and known.supports("thinking") is False:
        dropped = tuple(name for name in fields if out.pop(name, None) is not None)
    elif native:
        if "think" in out:
            out["think"] = think_value(out["think"])
    else:
        effort = requested_effort(out)
        if isinstance(effort, str):
            out.pop("reasoning", None)
            out["reasoning_effort"] = ollama_effort(effort)
    if native:
        out = _fit_num_ctx(out, known, num_ctx)
    if not native and "max_completion_tokens" in out:
        limit = reply_limit(out)
        if limit is not None:
            out.pop("max_completion_tokens")
            out["max_tokens"] = limit
    return Fitted(out, dropped)


def _fit_num_ctx(
    payload: dict[str, Any], known: ModelCapabilities | None, num_ctx: int | None
) -> dict[str, Any]:
    options = payload.get("options")
    if not isinstance(options, Mapping) or "num_ctx" not in options:
        return payload
    asked = options["num_ctx"]
    context = known.context_length if known is not None else None
    if not isinstance(asked, int) or isinstance(asked, bool) or context is None or asked > context:
        return payload
    fitted = {k: v for k, v in options.items() if k != "num_ctx"}
    if num_ctx is not None:
        fitted["num_ctx"] = num_ctx
    return {**payload, "options": fitted}


def splice_router(raw: bytes, router: dict[str, Any]) -> bytes:
    """Add the top-level ``router`` object to an upstream JSON completion without
    decoding it: the completion is an object, so it ends with ``}``."""
    end = raw.rstrip()
    extra = json.dumps(router, separators=(",", ":")).encode()
    if end.endswith(b"}"):
        inner = end[:-1].rstrip()
        joiner = b"" if inner.endswith(b"{") else b","
        return inner + joiner + b'"router":' + extra + b"}"
    # Not an object (should not happen with Ollama): wrap it so the client gets JSON.
    return b'{"result":' + (end or b"null") + b',"router":' + extra + b"}"
