"""``POST /v1/router/execute``: run a request on the model a gateway in front chose.

The gateway has decided already: the node runs exactly ``selectedModel`` through a
direct plan (``pipeline.planning.direct_plan``) — the scheduler's queues, limits and
timeouts apply, with no classification, no routing and no fallback. ``endpoint`` names
the dialect of ``request``, so a gateway that serves every face can place any call:

- ``/v1/chat/completions`` (the default): an OpenAI chat body; the answer is
  ``{result, nodeId, selectedModel, queueTimeMs, executionTimeMs}``, or its SSE stream;
- ``/v1/completions``, ``/v1/embeddings``, ``/api/chat``, ``/api/generate``,
  ``/api/embed``, ``/api/embeddings``: the body of that endpoint, run by the same code
  the node's own face runs for a pinned model (``api/serving/extras.py``,
  ``api/serving/native.py``: body fitting, ``num_ctx``, ``keep_alive``, NDJSON streams);
  the answer is what that face answers, failures of the call in its error shape.

A body that does not fit is a 400 in the OpenAI shape naming the field (``endpoint``,
``request.prompt``, …). Every answer names the node: ``x-router-node``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal, TypeVar, get_args

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import Handler, openai_error
from ollama_agent_router.api.serving.body import (
    caller_id,
    json_response,
    read_json,
    unless_disconnected,
)
from ollama_agent_router.api.serving.explain import decision_headers
from ollama_agent_router.api.serving.extras import (
    completion_prompt,
    embedding_encoding,
    embedding_inputs,
    run_completion,
    run_embeddings,
)
from ollama_agent_router.api.serving.headers import header_value
from ollama_agent_router.api.serving.native import (
    native_error,
    preload,
    prompt_of,
    run_native,
    run_native_embedding,
)
from ollama_agent_router.api.serving.relay import streaming_response
from ollama_agent_router.classification import Classification
from ollama_agent_router.composition import Services, services_of
from ollama_agent_router.errors import BadRequestError, NotFoundError
from ollama_agent_router.pipeline.payload import check_chat_body
from ollama_agent_router.pipeline.planning import Plan, direct_plan
from ollama_agent_router.tasks import Priority

ModelT = TypeVar("ModelT", bound=BaseModel)

NODE_HEADER: Final = "x-router-node"
"""The node that answered (``server.nodeId``), on every execute and jobs answer."""

EndpointPath = Literal[
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/embeddings",
    "/api/chat",
    "/api/generate",
    "/api/embed",
    "/api/embeddings",
]
CHAT_COMPLETIONS: Final = "/v1/chat/completions"
ENDPOINT_PATHS: Final[tuple[str, ...]] = get_args(EndpointPath)


class _Body(BaseModel):
    # Unknown fields are ignored: a newer gateway plugin may send more than we read.
    model_config = ConfigDict(extra="ignore")


class RouterDecisionIn(_Body):
    taskType: str | None = None
    score: float | None = None
    reason: str | None = None
    priority: Priority | None = None


class ClassificationIn(_Body):
    taskType: str | None = None
    complexity: Literal["light", "medium", "heavy"] | None = None
    requiresLargeContext: bool | None = None
    requiresToolUse: bool | None = None
    confidence: Annotated[float, Field(ge=0, le=1)] | None = None


class DirectIn(_Body):
    """What execute and jobs share: the model the gateway chose and the request."""

    selectedModel: Annotated[str, Field(min_length=1)]
    request: dict[str, Any]
    priority: Priority | None = None
    routerDecision: RouterDecisionIn | None = None


class ExecuteIn(DirectIn):
    endpoint: EndpointPath = CHAT_COMPLETIONS


def validated(model: type[ModelT], body: dict[str, Any]) -> ModelT:
    """The body as ``model``, or 400 naming the first wrong field."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise BadRequestError(f"{field}: {first['msg']}", param=field) from None


@contextmanager
def in_request() -> Iterator[None]:
    """A 400 about a field of the forwarded request, named as ``request.<field>``."""
    try:
        yield
    except BadRequestError as exc:
        param = f"request.{exc.param}" if exc.param else "request"
        raise BadRequestError(f"request.{exc.message}", param=param) from None


def check_chat_request(request: dict[str, Any]) -> None:
    with in_request():
        check_chat_body(request)


def known_model(services: Services, name: str) -> str:
    if services.fleet is not None:  # its models are its nodes': it runs none itself
        raise BadRequestError(
            f"selectedModel: node {services.config.server.node_id} is a fleet gateway and "
            "runs no model itself; send this to one of its nodes, or send the request to "
            "its own endpoints (e.g. /v1/chat/completions) to have it placed",
            param="selectedModel",
            code="fleet_gateway",
        )
    if name not in services.policy.models:
        valid = ", ".join(services.policy.models)
        raise NotFoundError(
            f"selectedModel: {name!r} is not configured on node "
            f"{services.config.server.node_id}; configured: {valid}",
            param="selectedModel",
            code="model_not_found",
        )
    return name


def _priority(services: Services, body: DirectIn) -> Priority:
    """``priority``, else ``routerDecision.priority``, else ``queue.defaultPriority``."""
    if body.priority is not None:
        return body.priority
    if body.routerDecision is not None and body.routerDecision.priority is not None:
        return body.routerDecision.priority
    return services.policy.defaults.priority


def gateway_classification(
    services: Services, given: ClassificationIn | None, task: str | None
) -> Classification:
    given = given or ClassificationIn()
    return Classification(
        task_type=given.taskType or task or services.config.router.default_task_type,
        complexity=given.complexity or "medium",
        requires_large_context=bool(given.requiresLargeContext),
        requires_tool_use=bool(given.requiresToolUse),
        confidence=1.0 if given.confidence is None else given.confidence,
        mode="gateway",
    )


def gateway_plan(
    services: Services, body: DirectIn, classification: Classification, *, stream: bool
) -> Plan:
    """The direct plan of ``body``: exactly ``selectedModel`` (checked already)."""
    model = body.selectedModel
    decision = body.routerDecision or RouterDecisionIn()
    return direct_plan(
        services.policy,
        body.request,
        model,
        classification=classification,
        priority=_priority(services, body),
        reason=decision.reason or f"Selected {model} by the gateway",
        score=decision.score or 0.0,
        stream=stream,
    )


def on_node(handler: Handler) -> Handler:
    """``handler`` with every answer naming this node (``x-router-node``); a failure it
    did not render itself reads in the OpenAI shape."""

    @functools.wraps(handler)
    async def answer(*args: Any, **kwargs: Any) -> Response:
        request: Request = kwargs["request"] if "request" in kwargs else args[0]
        try:
            response = await handler(*args, **kwargs)
        except Exception as exc:
            response = openai_error(exc)
        node = services_of(request).config.server.node_id
        response.headers[NODE_HEADER] = header_value(node)
        return response

    return answer


# -- execute, endpoint by endpoint -------------------------------------------------------

Run = Callable[[Request, Services, Plan], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class _Call:
    """A checked request of one endpoint: how to run it under the gateway's plan."""

    stream: bool
    run: Run | None
    """``None``: an empty native chat or generate, which loads or unloads the model."""
    render: Callable[[Exception], Response] = openai_error
    """How the call's failures read (Ollama's ``{"error": …}`` for native endpoints)."""
    preload: str = ""


async def _run_chat(request: Request, services: Services, plan: Plan) -> Response:
    user = caller_id(request)
    gateway = services.gateway
    if plan.stream:
        stream = await unless_disconnected(request, gateway.open_stream(plan, user=user))
        return streaming_response(services, plan, stream)
    result = await unless_disconnected(request, gateway.run_sync(plan, user=user))
    answer = {
        "result": json.loads(result.value),
        "nodeId": services.config.server.node_id,
        "selectedModel": result.model,
        "queueTimeMs": round(result.queue_ms, 1),
        "executionTimeMs": round(result.execution_ms, 1),
    }
    return json_response(answer, headers=decision_headers(plan, result.model, result.queue_ms))


def _chat_completions(body: dict[str, Any]) -> _Call:
    check_chat_request(body)
    return _Call(body.get("stream") is True, _run_chat)


def _completions(body: dict[str, Any]) -> _Call:
    with in_request():
        prompt = completion_prompt(body)

    async def run(request: Request, services: Services, plan: Plan) -> Response:
        return await run_completion(request, services, plan, body, prompt)

    return _Call(body.get("stream") is True, run)


def _embeddings(body: dict[str, Any]) -> _Call:
    with in_request():
        inputs = embedding_inputs(body)
        encoding = embedding_encoding(body)

    async def run(request: Request, services: Services, plan: Plan) -> Response:
        return await run_embeddings(request, services, plan, body, inputs, encoding)

    return _Call(False, run)


def _native(path: str, body: dict[str, Any], *, stream: bool) -> _Call:
    async def run(request: Request, services: Services, plan: Plan) -> Response:
        if path in ("embed", "embeddings"):
            return await run_native_embedding(request, services, plan, path, body, in_scope=False)
        return await run_native(request, services, plan, path, body, in_scope=False)

    return _Call(stream, run, native_error)


def _native_chat(body: dict[str, Any]) -> _Call:
    messages = body.get("messages")
    if messages is None or messages == []:
        return _Call(False, None, native_error, preload="chat")
    routed: dict[str, Any] = {"messages": messages}  # what the face's plan checks
    if isinstance(body.get("tools"), list):
        routed["tools"] = body["tools"]
    check_chat_request(routed)
    return _native("chat", body, stream=body.get("stream") is not False)


def _native_generate(body: dict[str, Any]) -> _Call:
    with in_request():
        prompt = prompt_of(body)
        if not prompt and not body.get("images"):
            return _Call(False, None, native_error, preload="generate")
        if not prompt:
            raise BadRequestError("prompt: required with images", param="prompt")
    return _native("generate", body, stream=body.get("stream") is not False)


def _native_embeddings(body: dict[str, Any]) -> _Call:
    with in_request():
        prompt_of(body)
    return _native("embeddings", body, stream=False)


_CALLS: Final[dict[str, Callable[[dict[str, Any]], _Call]]] = {
    "/v1/chat/completions": _chat_completions,
    "/v1/completions": _completions,
    "/v1/embeddings": _embeddings,
    "/api/chat": _native_chat,
    "/api/generate": _native_generate,
    "/api/embed": lambda body: _native("embed", body, stream=False),
    "/api/embeddings": _native_embeddings,
}
assert set(_CALLS) == set(ENDPOINT_PATHS)


@on_node
async def execute(request: Request) -> Response:
    services = services_of(request)
    body = validated(ExecuteIn, await read_json(request, services.body_limit))
    model = known_model(services, body.selectedModel)
    call = _CALLS[body.endpoint](body.request)
    task = body.routerDecision.taskType if body.routerDecision is not None else None
    try:
        if call.run is None:  # Ollama's own way to load (or unload) a model: no queue
            return await preload(services, call.preload, {**body.request, "model": model})
        plan = gateway_plan(
            services, body, gateway_classification(services, None, task), stream=call.stream
        )
        return await call.run(request, services, plan)
    except Exception as exc:
        return call.render(exc)


_REQUEST: Final[dict[str, Any]] = {
    "description": "The body of `endpoint` (its `model` and `router` are ignored)",
    "anyOf": [openapi.CHAT, openapi.PROMPT, openapi.INPUT, openapi.LEGACY_EMBEDDINGS],
}
EXECUTE_BODY: Final[dict[str, Any]] = {
    **openapi.DIRECT,
    "properties": {
        **openapi.DIRECT["properties"],
        "endpoint": {"type": "string", "enum": list(ENDPOINT_PATHS), "default": CHAT_COMPLETIONS},
        "request": _REQUEST,
    },
}
EXECUTE_ANSWER: Final[dict[str, Any]] = {
    "description": "/v1/chat/completions: the envelope below; the other endpoints: what "
    "that endpoint answers",
    "type": "object",
    "properties": {
        "result": openapi.CHAT_COMPLETION,
        "nodeId": {"type": "string"},
        "selectedModel": {"type": "string"},
        "queueTimeMs": {"type": "number"},
        "executionTimeMs": {"type": "number"},
    },
}
