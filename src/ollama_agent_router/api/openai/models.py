"""``GET /v1/models`` and ``GET /v1/models/{id}``: the names a client may send — ``auto``,
``auto:<taskType>`` and the configured models — as OpenAI model objects."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import Request
from starlette.responses import Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.serving.body import json_response
from ollama_agent_router.api.serving.errors import error_response
from ollama_agent_router.composition import Services, services_of
from ollama_agent_router.errors import NotFoundError
from ollama_agent_router.routing import UnknownModelError, resolve_model_field, valid_model_names
from ollama_agent_router.routing.options import AUTO, AUTO_PREFIX

OWNER = "ollama-agent-router"


async def list_models(request: Request) -> Response:
    services = services_of(request)
    created = _created(services)
    data = [model_object(name, created) for name in valid_model_names(services.policy)]
    return json_response({"object": "list", "data": data})


def model_object(name: str, created: int) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": created, "owned_by": OWNER}


def _created(services: Services) -> int:
    return int(time.time() - (asyncio.get_running_loop().time() - services.started_at))


async def retrieve_model(request: Request, model_id: str) -> Response:
    """One entry of ``GET /v1/models``; names compare as Ollama's (``x:latest`` is ``x``)
    and the answer names the model as the list does."""
    services = services_of(request)
    try:
        target = resolve_model_field(model_id, services.policy)
    except UnknownModelError:
        target = None
    if target is None or (target.kind == "task" and not model_id.startswith(AUTO_PREFIX)):
        error = NotFoundError(
            f"The model '{model_id[:200]}' does not exist; GET /v1/models lists the names",
            param="model",
            code="model_not_found",
        )
        error.type = "invalid_request_error"
        return error_response(error)
    if target.kind == "auto":
        name = AUTO
    elif target.kind == "task":
        name = AUTO_PREFIX + str(target.name)
    else:
        name = str(target.name)
    return json_response(model_object(name, _created(services)))


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/v1/models",
        list_models,
        Plane.STANDALONE,
        OPENAI,
        "OpenAI model list: auto, auto:<taskType>, configured",
        response=openapi.MODEL_LIST,
    ),
    Endpoint(
        "GET",
        "/v1/models/{model_id:path}",
        retrieve_model,
        Plane.STANDALONE,
        OPENAI,
        "OpenAI model object: auto, auto:<taskType> or a configured model",
        responses={404: {"description": "Not a model name the router accepts (OpenAI's shape)"}},
        response=openapi.MODEL,
    ),
)
