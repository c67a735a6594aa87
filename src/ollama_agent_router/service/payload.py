"""Chat request bodies: the light checks done on the hot path, and what goes upstream.

Bodies are checked only as deeply as routing needs (an object, a non-empty
``messages`` list of objects with a string ``role``); everything else passes through
to Ollama untouched, which judges the rest.
"""

from __future__ import annotations

import json
from typing import Any

from ollama_agent_router.errors import BadRequestError, PayloadTooLargeError
from ollama_agent_router.service.json_limits import parse_json

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
