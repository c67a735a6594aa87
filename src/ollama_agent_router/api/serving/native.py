"""Running Ollama-native calls (``/api/chat``, ``/api/generate``, ``/api/embed``,
``/api/embeddings``) under a plan: the Ollama face plans them (routed or pinned), the
runtime-agent plane gives them the gateway's direct plan; both run them here.

The body goes to Ollama as the client sent it, with only ``model`` replaced per attempt
(and ``router`` left out); chat and generate answer JSON or NDJSON. Failures read as
Ollama writes them: ``{"error": "..."}`` (``native_error``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ollama_agent_router.api.serving.body import caller_id, json_response, unless_disconnected
from ollama_agent_router.api.serving.errors import as_router_error, note_reason
from ollama_agent_router.api.serving.explain import decision_headers
from ollama_agent_router.api.serving.relay import streaming_response
from ollama_agent_router.backend.ollama.errors import OllamaError, OllamaHTTPError
from ollama_agent_router.composition import Services
from ollama_agent_router.errors import BadRequestError
from ollama_agent_router.pipeline.planning import Plan
from ollama_agent_router.pipeline.upstream import to_router_error
from ollama_agent_router.routing import UnknownModelError

log = logging.getLogger("ollama_agent_router.api")

NDJSON = "application/x-ndjson"


def native_error(exc: Exception) -> Response:
    """Any failure as Ollama answers it: ``{"error": "..."}`` with a fitting status.

    A client error from Ollama itself (400/404) keeps Ollama's status and message.
    """
    cause = exc.__cause__
    if isinstance(exc, OllamaError):
        cause = exc
    headers: dict[str, str] = {}
    if isinstance(cause, OllamaHTTPError) and cause.is_client_error:
        status, message = cause.upstream_status, cause.upstream_message
        note_reason(f"ollama_{status}")
    elif isinstance(exc, UnknownModelError):
        valid = ", ".join(exc.valid_names)
        status, message = 404, f"model '{exc.model}' not found; valid names: {valid}"
        note_reason("model_not_found")
    else:
        error = to_router_error(exc) if isinstance(exc, OllamaError) else as_router_error(exc)
        note_reason(error.code or error.type)
        if error.status == 500:
            log.exception("unhandled error", exc_info=exc)
        status, message, headers = error.status, error.message, error.headers
    return json_response({"error": message}, status=status, headers=headers)


def prompt_of(body: dict[str, Any]) -> str | None:
    """``prompt`` of a generate or legacy embeddings body: a string or absent."""
    prompt = body.get("prompt")
    if prompt is not None and not isinstance(prompt, str):
        raise BadRequestError("prompt: must be a string", param="prompt")
    return prompt


def text_of(value: Any) -> str:
    """The text of an ``/api/embed`` ``input`` (a string or strings), for routing."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(v for v in value if isinstance(v, str))
    return ""


def generate_messages(body: dict[str, Any], prompt: str) -> list[dict[str, Any]]:
    """What routing reads of a generate body: its system and prompt as chat messages
    (with its images: only vision models)."""
    messages: list[dict[str, Any]] = []
    system = body.get("system")
    if isinstance(system, str) and system:
        messages.append({"role": "system", "content": system})
    question: dict[str, Any] = {"role": "user", "content": prompt}
    if isinstance(body.get("images"), list) and body["images"]:
        question["images"] = body["images"]
    messages.append(question)
    return messages


async def _ndjson(items: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
    async for item in items:
        yield json.dumps(item, ensure_ascii=False).encode() + b"\n"


def _ndjson_error(exc: Exception) -> bytes:
    """A mid-stream failure as the last NDJSON line, as Ollama ends a failed stream."""
    return json.dumps({"error": f"upstream stream failed: {exc}"}).encode() + b"\n"


async def run_native(
    request: Request,
    services: Services,
    plan: Plan,
    path: str,
    body: dict[str, Any],
    *,
    in_scope: bool = True,
) -> Response:
    """Send ``body`` (``model`` replaced per attempt) to ``/api/{path}`` under the plan.

    ``in_scope``: leave the plan and its result in the scope, for the request metrics,
    the request log and the recent decisions (the runtime plane's calls are not)."""
    client = services.upstream
    gateway = services.gateway
    user = caller_id(request)
    payload = {key: value for key, value in body.items() if key != "router"}
    if in_scope:
        request.scope["oar.plan"] = plan

    def for_model(model: str) -> dict[str, Any]:
        return gateway.fit(plan, {**payload, "model": model, "stream": plan.stream}, native=True)

    if plan.stream:
        stream = await unless_disconnected(
            request,
            gateway.open_call_stream(
                plan, lambda m: _ndjson(client.stream_native(path, for_model(m))), user=user
            ),
        )
        if in_scope:
            request.scope["oar.result"] = stream
        return streaming_response(
            services,
            plan,
            stream,
            media_type=NDJSON,
            error_chunk=_ndjson_error,
            label="native stream",
        )
    check = gateway.tool_check(body) if path == "chat" else None  # streams: not checked

    async def call(model: str) -> dict[str, Any]:
        answer = await client.post_native(path, for_model(model))
        return answer if check is None else check.native(model, answer)

    result = await unless_disconnected(request, gateway.run_call(plan, call, user=user))
    if check is not None:
        plan.tool_check = check.report(result.model)
    if in_scope:
        request.scope["oar.result"] = result
    headers = decision_headers(plan, result.model, result.queue_ms)
    return json_response(result.value, headers=headers, ensure_ascii=False)


async def preload(services: Services, path: str, body: dict[str, Any]) -> Response:
    """An empty chat/generate on a configured model loads or unloads it (no queue)."""
    answer = await services.upstream.post_native(path, {**body, "stream": False})
    return json_response(answer)


async def run_native_embedding(
    request: Request,
    services: Services,
    plan: Plan,
    path: str,
    body: dict[str, Any],
    *,
    in_scope: bool = True,
) -> Response:
    """Embed under ``plan``: ``/api/{path}`` (``embed`` or the legacy ``embeddings``)
    with ``model`` replaced per attempt."""
    if in_scope:
        request.scope["oar.plan"] = plan
    client = services.upstream
    payload = {key: value for key, value in body.items() if key != "router"}

    def call(model: str) -> Awaitable[dict[str, Any]]:
        if path == "embed":
            return client.embed({**payload, "model": model})
        return client.post_native(path, {**payload, "model": model})

    result = await unless_disconnected(
        request, services.gateway.run_call(plan, call, user=caller_id(request))
    )
    if in_scope:
        request.scope["oar.result"] = result
    return json_response(
        result.value, headers=decision_headers(plan, result.model, result.queue_ms)
    )
