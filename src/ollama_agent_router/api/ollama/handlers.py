"""The router's Ollama-native face, so clients that speak Ollama's API can point at it.

``POST /api/chat`` and ``/api/generate`` (JSON, or NDJSON streams — the native default
when ``stream`` is absent) route like chat completions: ``model: "auto"`` or
``auto:<taskType>`` classifies and decides, a configured model pins. They run through
the same gateway (scheduler, limits, fallback before the first byte). The body goes to
Ollama as the client sent it, with only ``model`` replaced: native options
(``options.num_ctx``, ``keep_alive``, ``format``, ``tools``) are untouched; ``think`` is
left out for a model known not to think (``Gateway.fit``).
``/api/tags``, ``/api/ps``, ``/api/version``, ``/api/embed`` and ``/api/show`` complete
the set. Errors take Ollama's native form, ``{"error": "..."}``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Final

from fastapi import Request
from starlette.responses import PlainTextResponse, Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import Endpoint, Face
from ollama_agent_router.api.serving.body import json_response, read_json
from ollama_agent_router.api.serving.native import (
    generate_messages,
    native_error,
    preload,
    prompt_of,
    run_native,
    run_native_embedding,
    text_of,
)
from ollama_agent_router.api.serving.plans import embedding_plan, plan_for
from ollama_agent_router.backend.ollama.models import canonical_model_name
from ollama_agent_router.composition import Services, services_of
from ollama_agent_router.errors import BadRequestError, RouterError
from ollama_agent_router.routing import resolve_model_field
from ollama_agent_router.routing.capabilities import CAPABILITIES
from ollama_agent_router.routing.options import AUTO

OLLAMA = Face("ollama", native_error)
"""Ollama's dialect: failures as ``{"error": "..."}``."""


def _native(
    handler: Callable[[Request, Services], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """``handler`` as an endpoint of the same name, given the services."""

    async def endpoint(request: Request) -> Response:
        return await handler(request, services_of(request))

    endpoint.__name__ = endpoint.__qualname__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


def _configured_name(services: Services, model: object) -> str | None:
    """The configured model ``model`` pins, if any (the ``auto`` forms pin nothing)."""
    target = resolve_model_field(model, services.policy)
    return target.name if target.kind == "pinned" else None


@_native
async def chat(request: Request, services: Services) -> Response:
    body = await read_json(request, services.body_limit)
    messages = body.get("messages")
    pinned = _configured_name(services, body.get("model"))
    if pinned is not None and (messages is None or messages == []):
        request.scope["oar.model"] = pinned
        return await preload(services, "chat", {**body, "model": pinned})
    if not isinstance(messages, list):
        raise BadRequestError("messages: required, must be an array", param="messages")
    plan = await plan_for(
        services,
        body.get("model"),
        messages,
        tools=body.get("tools"),
        router_options=body.get("router"),
        stream=body.get("stream") is not False,
    )
    return await run_native(request, services, plan, "chat", body)


@_native
async def generate(request: Request, services: Services) -> Response:
    body = await read_json(request, services.body_limit)
    prompt = prompt_of(body)
    pinned = _configured_name(services, body.get("model"))
    if pinned is not None and not prompt and not body.get("images"):
        request.scope["oar.model"] = pinned
        return await preload(services, "generate", {**body, "model": pinned})
    if not prompt:
        raise BadRequestError("prompt: required to route model auto", param="prompt")
    messages = generate_messages(body, prompt)
    plan = await plan_for(
        services,
        body.get("model"),
        messages,
        router_options=body.get("router"),
        stream=body.get("stream") is not False,
    )
    return await run_native(request, services, plan, "generate", body)


async def _run_embedding(
    request: Request, services: Services, body: dict[str, Any], text: str, path: str
) -> Response:
    """Embed under an embedding plan: ``/api/{path}`` with ``model`` replaced per attempt."""
    plan = await embedding_plan(services, body.get("model"), text)
    return await run_native_embedding(request, services, plan, path, body)


@_native
async def embed(request: Request, services: Services) -> Response:
    body = await read_json(request, services.body_limit)
    return await _run_embedding(request, services, body, text_of(body.get("input")), "embed")


@_native
async def embeddings(request: Request, services: Services) -> Response:
    body = await read_json(request, services.body_limit)
    return await _run_embedding(request, services, body, prompt_of(body) or "", "embeddings")


def _configured_entries(services: Services, models: Any) -> list[dict[str, Any]]:
    """Ollama's model entries that are configured here, named as Ollama names them."""
    configured = {canonical_model_name(name) for name in services.policy.models}
    return [
        entry
        for entry in models or []
        if isinstance(entry, dict)
        and canonical_model_name(str(entry.get("name") or entry.get("model") or "")) in configured
    ]


def auto_entry(modified_at: str) -> dict[str, Any]:
    """``auto`` as an ``/api/tags`` entry: the router itself, not a model on disk."""
    return {
        "name": AUTO,
        "model": AUTO,
        "modified_at": modified_at,
        "size": 0,
        "digest": hashlib.sha256(b"ollama-agent-router:auto").hexdigest(),
        "details": {
            "parent_model": "",
            "format": "router",
            "family": "router",
            "families": ["router"],
            "parameter_size": "",
            "quantization_level": "",
        },
    }


def auto_show(services: Services) -> dict[str, Any]:
    """``/api/show`` for ``auto``: the router as one model that can do what its chat
    models can. ``router.context_length`` is the largest usable context among them (the
    router sends a long prompt to a model that holds it); capabilities are their union.
    """
    context = 0
    capabilities: set[str] = {"completion"}
    listed = False
    for known in services.capabilities.view.values():
        if known.supports("completion") is False:
            continue  # an embedding model: auto never chats with it
        context = max(context, known.context_length or 0)
        if known.capabilities is not None:
            listed = True
            capabilities |= known.capabilities - known.lacking
    if not listed:
        capabilities.add("tools")  # nothing known yet: what routing can offer
    capabilities.discard("embedding")
    info: dict[str, Any] = {"general.architecture": "router"}
    if context:
        info["router.context_length"] = context
    return {
        "modelfile": "",
        "parameters": "",
        "template": "",
        "details": auto_entry("")["details"],
        "model_info": info,
        "capabilities": [c for c in CAPABILITIES if c in capabilities],
    }


@_native
async def tags(request: Request, services: Services) -> Response:
    tags = await services.upstream.tags(timeout_ms=3000)
    entries = _configured_entries(services, tags.get("models"))
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return json_response({"models": [auto_entry(now), *entries]})


@_native
async def ps(request: Request, services: Services) -> Response:
    loaded = await services.upstream.get_native("ps", timeout_ms=3000)
    entries = _configured_entries(services, loaded.get("models"))
    return json_response({"models": entries})


@_native
async def version(request: Request, services: Services) -> Response:
    version = await services.upstream.version(timeout_ms=3000)
    return json_response({"version": version})


@_native
async def show(request: Request, services: Services) -> Response:
    body = await read_json(request, services.body_limit)
    model = body.get("model", body.get("name"))
    pinned = _configured_name(services, model)
    if pinned is None:  # auto or auto:<task>: describe the router
        return json_response(auto_show(services))
    request.scope["oar.model"] = pinned
    payload = {key: value for key, value in body.items() if key != "name"}
    answer = await services.upstream.post_native("show", {**payload, "model": pinned})
    return json_response(answer)


MANAGEMENT_PATHS: Final = (
    ("POST", "/api/pull"),
    ("POST", "/api/push"),
    ("POST", "/api/create"),
    ("POST", "/api/copy"),
    ("DELETE", "/api/delete"),
)
NOT_MANAGED: Final = (
    "the router does not manage models: pull, push, create, copy and delete them "
    "on the Ollama server itself (the router uses the models in its config)"
)


async def not_managed(request: Request) -> Response:
    """Ollama's model management, refused in Ollama's error shape: 403, the request is
    understood and will not be served here (a 5xx would invite retries)."""
    raise RouterError(NOT_MANAGED, status=403, code="not_managed")


RUNNING: Final = "Ollama is running"


async def root(request: Request) -> Response:
    """``GET``/``HEAD /`` → 200 ``Ollama is running``: what the Ollama CLI checks."""
    return PlainTextResponse(RUNNING)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "POST",
        "/api/chat",
        chat,
        Plane.STANDALONE,
        OLLAMA,
        "Ollama-native chat, routed (model auto) or pinned",
        inference=True,
        body=openapi.CHAT,
    ),
    Endpoint(
        "POST",
        "/api/generate",
        generate,
        Plane.STANDALONE,
        OLLAMA,
        "Ollama-native generate, routed or pinned",
        inference=True,
        body=openapi.PROMPT,
    ),
    Endpoint(
        "POST",
        "/api/embed",
        embed,
        Plane.STANDALONE,
        OLLAMA,
        "Ollama-native embeddings, routed or pinned",
        inference=True,
        body=openapi.INPUT,
    ),
    Endpoint(
        "POST",
        "/api/embeddings",
        embeddings,
        Plane.STANDALONE,
        OLLAMA,
        "Ollama's legacy embeddings (prompt → embedding)",
        inference=True,
        body=openapi.LEGACY_EMBEDDINGS,
    ),
    Endpoint(
        "GET",
        "/api/tags",
        tags,
        Plane.STANDALONE,
        OLLAMA,
        "Configured models Ollama has, plus auto",
        response=openapi.OLLAMA_MODELS,
    ),
    Endpoint(
        "HEAD",
        "/api/tags",
        tags,
        Plane.STANDALONE,
        OLLAMA,
        "Configured models Ollama has, plus auto (no body)",
    ),
    Endpoint(
        "GET",
        "/api/ps",
        ps,
        Plane.STANDALONE,
        OLLAMA,
        "Configured models Ollama has loaded",
        response=openapi.OLLAMA_MODELS,
    ),
    Endpoint(
        "HEAD",
        "/api/ps",
        ps,
        Plane.STANDALONE,
        OLLAMA,
        "Configured models Ollama has loaded (no body)",
    ),
    Endpoint("GET", "/api/version", version, Plane.STANDALONE, OLLAMA, "Ollama's version"),
    Endpoint(
        "HEAD", "/api/version", version, Plane.STANDALONE, OLLAMA, "Ollama's version (no body)"
    ),
    Endpoint(
        "POST",
        "/api/show",
        show,
        Plane.STANDALONE,
        OLLAMA,
        "Model details from Ollama (auto: the router)",
        body=openapi.SHOW,
    ),
    *(
        Endpoint(
            method,
            path,
            not_managed,
            Plane.STANDALONE,
            OLLAMA,
            "Model management: refused (403), the router does not manage models",
            body=openapi.NAMED_MODEL,
            responses={403: {"description": "Ollama's error shape: the router does not manage"}},
        )
        for method, path in MANAGEMENT_PATHS
    ),
    Endpoint(
        "GET", "/", root, Plane.OPEN, OLLAMA, "Liveness as Ollama answers it: Ollama is running"
    ),
    Endpoint("HEAD", "/", root, Plane.OPEN, OLLAMA, "Liveness as Ollama answers it (no body)"),
)
