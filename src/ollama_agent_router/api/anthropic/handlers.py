"""The Anthropic Messages face: ``POST /v1/messages`` and ``/v1/messages/count_tokens``.

What Claude Code and other Anthropic-SDK clients send. A thin layer: the request is
translated to an OpenAI chat body (``anthropic_codec``), planned and run by the one
pipeline (``serving.serve_now``; no async jobs: these clients cannot take a 202), and
the answer re-encoded (``anthropic_reply``). The answer's ``model`` is the local model
that ran, as on the OpenAI face; the ``router`` object and ``x-router-*`` headers come
with it. Failures read in Anthropic's error shape; access control (401/403/429) answers
before this face and keeps the router's OpenAI shape, which the SDKs read by status.

What the face leaves out of a request (``MessagesRequest.dropped``) is added to the
plan's dropped fields, so the ``x-router-dropped-fields`` header and
``router.droppedFields`` name both; the decoded request stays on the request scope
(``oar.anthropic``) with its ``metadata.user_id``.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.anthropic.codec import count_body, decode
from ollama_agent_router.api.anthropic.reply import (
    MessageStream,
    error_body,
    error_event,
    message_of,
    new_id,
)
from ollama_agent_router.api.endpoints import Endpoint, Face
from ollama_agent_router.api.serving.body import json_response, read_json
from ollama_agent_router.api.serving.errors import as_router_error
from ollama_agent_router.api.serving.explain import decision_headers
from ollama_agent_router.api.serving.relay import streaming_response
from ollama_agent_router.api.serving.serve import (
    Streaming,
    completion_of,
    serve_now,
    transcode,
)
from ollama_agent_router.composition import services_of
from ollama_agent_router.pipeline.explain import router_object
from ollama_agent_router.routing.options import resolve_model_field
from ollama_agent_router.tokens import prompt_tokens

log = logging.getLogger("ollama_agent_router.api")


def anthropic_error(exc: Exception) -> Response:
    """Any failure as ``{"type": "error", "error": {"type", "message"}}``, keeping the
    status and headers (``Retry-After``); a 500 logs its traceback and says nothing more."""
    error = as_router_error(exc)
    if error.status == 500:
        log.error("unhandled error", exc_info=exc)
    return json_response(
        error_body(error.status, error.message), status=error.status, headers=error.headers
    )


ANTHROPIC: Final = Face("anthropic", anthropic_error)


async def messages(request: Request) -> Response:
    """Create a message (sync or streamed) with a routed local model."""
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    decoded = decode(body, services.config.faces.anthropic.model_map)
    request.scope["oar.anthropic"] = decoded
    chat = decoded.chat
    input_estimate = prompt_tokens(chat)
    outcome = await serve_now(request, services, chat, endpoint="messages")
    if decoded.dropped:  # what the face left out, then what the pipeline left out
        outcome.plan.dropped = (*decoded.dropped, *outcome.plan.dropped)
    if isinstance(outcome, Streaming):
        stream = outcome.stream
        encoder = MessageStream(
            message_id=new_id("msg_"), model=stream.model, input_estimate=input_estimate
        )
        return streaming_response(
            services,
            outcome.plan,
            transcode(stream, encoder.encode),
            error_chunk=error_event,
            label="messages stream",
        )
    plan, result = outcome.plan, outcome.result
    message = message_of(completion_of(result), message_id=new_id("msg_"), model=result.model)
    message["router"] = router_object(plan, result)
    return json_response(message, headers=decision_headers(plan, result.model, result.queue_ms))


async def count_tokens(request: Request) -> Response:
    """Estimate the input tokens of a Messages request; no model runs."""
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    chat = count_body(body, services.config.faces.anthropic.model_map)
    resolve_model_field(chat["model"], services.gateway.policy)  # unknown model: 404
    return json_response({"input_tokens": prompt_tokens(chat)})


_TEXT: Final[dict[str, Any]] = {"type": "string"}
_BLOCKS: Final[dict[str, Any]] = {
    "type": "array",
    "items": {"type": "object", "required": ["type"], "properties": {"type": _TEXT}},
}
_CONTENT: Final[dict[str, Any]] = {"anyOf": [_TEXT, _BLOCKS]}
_REQUEST: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["model", "messages"],
    "properties": {
        "model": _TEXT,
        "system": _CONTENT,
        "messages": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["role", "content"],
                "properties": {
                    "role": {"enum": ["user", "assistant", "system"]},
                    "content": _CONTENT,
                },
            },
        },
        "tools": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "type": {"type": "string", "description": "custom, or a client tool type"},
                    "name": _TEXT,
                    "description": _TEXT,
                    "input_schema": {"type": "object"},
                    "defer_loading": {"type": "boolean"},
                },
            },
        },
        "tool_choice": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": ["auto", "any", "tool", "none"]}, "name": _TEXT},
        },
        "router": {"type": "object", "description": "The router's own options"},
    },
}
_MESSAGE_REQUEST: Final[dict[str, Any]] = {
    **_REQUEST,
    "required": ["model", "max_tokens", "messages"],
    "properties": {
        **_REQUEST["properties"],
        "max_tokens": {"type": "integer", "minimum": 1},
        "stop_sequences": {"type": "array", "items": _TEXT},
        "temperature": {"type": "number", "minimum": 0, "maximum": 2},
        "top_p": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "top_k": {"type": "integer", "minimum": 0},
        "metadata": {"type": "object", "properties": {"user_id": _TEXT}},
        "thinking": {
            "type": "object",
            "properties": {
                "type": {"enum": ["enabled", "disabled", "adaptive"]},
                "budget_tokens": {"type": "integer", "minimum": 0},
            },
        },
        "output_config": {
            "type": "object",
            "properties": {
                "effort": {"enum": ["low", "medium", "high", "xhigh", "max"]},
                "format": {"type": "object"},
            },
        },
        "stream": {"type": "boolean"},
    },
}
_ERRORS: Final[dict[int, dict[str, Any]]] = {
    400: {"description": "A malformed field, named in the message (Anthropic error shape)"},
    404: {"description": "An unknown model"},
}

ENDPOINTS: Final[tuple[Endpoint, ...]] = (
    Endpoint(
        "POST",
        "/v1/messages",
        messages,
        Plane.STANDALONE,
        ANTHROPIC,
        "Routed Anthropic Messages request (Claude Code, Anthropic SDKs)",
        body=_MESSAGE_REQUEST,
        inference=True,
        responses={**_ERRORS, 503: {"description": "No model available (overloaded_error)"}},
    ),
    Endpoint(
        "POST",
        "/v1/messages/count_tokens",
        count_tokens,
        Plane.STANDALONE,
        ANTHROPIC,
        "Estimated input tokens of an Anthropic Messages request",
        body=_REQUEST,
        responses=_ERRORS,
    ),
)
