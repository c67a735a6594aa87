"""The OpenAI Responses face: ``POST /v1/responses`` (what Codex sends), and
``GET``/``DELETE /v1/responses/{id}`` for stored responses.

A thin codec over the one pipeline: the request becomes an OpenAI chat body
(``responses_input``), ``serve_now`` plans and runs it, the answer or the stream is
re-encoded (``responses_output``). Responses are stored for ``previous_response_id``
unless ``store`` is false (``Services.responses``). Never a 202: Responses clients wait.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.responses.input import Decoded, chat_body, decode
from ollama_agent_router.api.responses.output import (
    ResponseEvents,
    new_id,
    response_of,
    skeleton,
)
from ollama_agent_router.api.responses.store import ResponseStore, StoredResponse
from ollama_agent_router.api.serving.body import json_response, read_json
from ollama_agent_router.api.serving.explain import decision_headers
from ollama_agent_router.api.serving.headers import header_value
from ollama_agent_router.api.serving.relay import streaming_response
from ollama_agent_router.api.serving.serve import (
    Streaming,
    completion_of,
    serve_now,
    session_hint_of,
    transcode,
)
from ollama_agent_router.api.serving.submission import job_owner
from ollama_agent_router.composition import services_of
from ollama_agent_router.errors import BadRequestError, NotFoundError, RouterError
from ollama_agent_router.pipeline.explain import router_object
from ollama_agent_router.routing.options import model_alias

DROPPED_HEADER = "x-router-dropped-tools"
"""Hosted tool types the request offered and the router left out (comma-separated)."""


def now() -> int:
    return int(time.time())


async def create_response(request: Request) -> Response:
    """Plan and run a Responses request; answer JSON or the Responses event stream."""
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    face = services.config.faces.responses
    decoded = decode(body, model=model_alias(body.get("model"), face.model_map))
    owner = job_owner(request)
    store = services.responses
    earlier = continued(store, owner, decoded)
    chat = chat_body(decoded, earlier.conversation if earlier is not None else ())
    request.scope["oar.session_hint"] = session_hint_of(body)
    outcome = await serve_now(request, services, chat, endpoint="responses")
    if isinstance(outcome, Streaming):
        response = stream_response(request, decoded, outcome, store, owner, earlier)
    else:
        result = outcome.result
        base = skeleton(new_id("resp"), now(), result.model, decoded.echo)
        answer = response_of(completion_of(result), base, now=now(), tools=decoded.tools)
        answer["router"] = router_object(outcome.plan, result)
        if decoded.store:
            added = [*decoded.input_items, *answer["output"]]
            store.put(owner, answer, added, continued=earlier)
        headers = decision_headers(outcome.plan, result.model, result.queue_ms)
        response = json_response(answer, headers=headers)
    if decoded.tools.dropped:
        response.headers[DROPPED_HEADER] = header_value(",".join(decoded.tools.dropped))
    return response


def continued(store: ResponseStore, owner: str, decoded: Decoded) -> StoredResponse | None:
    """The conversation ``previous_response_id`` continues; 400 if it is not this
    caller's live stored response (as OpenAI answers an unknown id)."""
    previous = decoded.previous_response_id
    if previous is None:
        return None
    earlier = store.get(owner, previous)
    if earlier is None:
        raise BadRequestError(
            f"previous_response_id: Previous response with id '{previous}' not found "
            f"(the router keeps responses for {store.ttl_s:g} s, only for the API key or "
            "address that created them, and none sent with store: false)",
            param="previous_response_id",
            code="previous_response_not_found",
        )
    return earlier


def stream_response(
    request: Request,
    decoded: Decoded,
    outcome: Streaming,
    store: ResponseStore,
    owner: str,
    earlier: StoredResponse | None,
) -> Response:
    services = services_of(request)
    stream = outcome.stream
    base = skeleton(new_id("resp"), now(), stream.model, decoded.echo)
    events = ResponseEvents(base, now=now, tools=decoded.tools)

    async def encode(chunks: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
        yield events.start()
        async for chunk in chunks:
            piece = events.feed(chunk)
            if piece:
                yield piece
        last = events.finish()
        if decoded.store:  # before the last event: a client that leaves then still can continue
            added = [*decoded.input_items, *events.response["output"]]
            store.put(owner, events.response, added, continued=earlier)
        yield last

    def failed(exc: Exception) -> bytes:
        message = exc.message if isinstance(exc, RouterError) else str(exc)
        return events.failed(f"the backend stream failed: {message}")

    return streaming_response(
        services,
        outcome.plan,
        transcode(stream, encode),
        error_chunk=failed,
        label="responses stream",
    )


def stored(request: Request) -> tuple[ResponseStore, str, str]:
    response_id = str(request.path_params["response_id"])
    return services_of(request).responses, job_owner(request), response_id


def not_found(response_id: str) -> NotFoundError:
    return NotFoundError(
        f"No response with id '{response_id}' found", param="response_id", code="not_found"
    )


async def get_response(request: Request) -> Response:
    """A stored response (only to the key or address that created it)."""
    store, owner, response_id = stored(request)
    entry = store.get(owner, response_id)
    if entry is None:
        raise not_found(response_id)
    return json_response(entry.response)


async def delete_response(request: Request) -> Response:
    """Forget a stored response (only the key or address that created it can)."""
    store, owner, response_id = stored(request)
    if not store.delete(owner, response_id):
        raise not_found(response_id)
    return json_response({"id": response_id, "object": "response", "deleted": True})


_TEXT: dict[str, Any] = {"type": "string"}
REQUEST_BODY: dict[str, Any] = {
    "type": "object",
    "properties": {
        "model": _TEXT,
        "input": {"anyOf": [_TEXT, {"type": "array", "items": {"type": "object"}}]},
        "instructions": _TEXT,
        "tools": {"type": "array", "items": {"type": "object"}},
        "tool_choice": {"anyOf": [_TEXT, {"type": "object"}]},
        "text": {"type": "object"},
        "max_output_tokens": {"type": "integer", "minimum": 1},
        "temperature": {"type": "number", "minimum": 0, "maximum": 2},
        "top_p": {"type": "number", "minimum": 0, "maximum": 1},
        "parallel_tool_calls": {"type": "boolean"},
        "previous_response_id": _TEXT,
        "store": {"type": "boolean"},
        "stream": {"type": "boolean"},
        "metadata": {"type": "object", "additionalProperties": _TEXT},
        "reasoning": {"type": "object"},
        "router": {"type": "object"},
    },
}
RESPONSE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "object", "status", "output"],
    "properties": {
        "id": _TEXT,
        "object": {"type": "string", "enum": ["response"]},
        "created_at": {"type": "integer"},
        "status": {"type": "string", "enum": ["completed", "incomplete", "failed"]},
        "model": _TEXT,
        "output": {"type": "array", "items": {"type": "object"}},
        "usage": {"type": "object"},
        "previous_response_id": {"type": ["string", "null"]},
        "router": {"type": "object"},
    },
}
_BAD = {400: {"description": "A malformed field (``param`` names it)"}}
_MISSING = {404: {"description": "No such stored response for this caller"}}

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "POST",
        "/v1/responses",
        create_response,
        Plane.STANDALONE,
        OPENAI,
        "Routed OpenAI Responses request (Codex)",
        body=REQUEST_BODY,
        response=RESPONSE,
        inference=True,
        responses=_BAD,
    ),
    Endpoint(
        "GET",
        "/v1/responses/{response_id}",
        get_response,
        Plane.STANDALONE,
        OPENAI,
        "A stored response",
        response=RESPONSE,
        responses=_MISSING,
    ),
    Endpoint(
        "DELETE",
        "/v1/responses/{response_id}",
        delete_response,
        Plane.STANDALONE,
        OPENAI,
        "Forget a stored response",
        responses=_MISSING,
    ),
)
