"""``POST /v1/embeddings``, pinned or routed (``auto`` picks among the embedding models),
run through Ollama's ``/api/embed`` and answered in OpenAI's shape
(``api/serving/extras.py``)."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.openai.completions import sync_router_options
from ollama_agent_router.api.serving.body import read_json
from ollama_agent_router.api.serving.extras import (
    embedding_encoding,
    embedding_inputs,
    run_embeddings,
)
from ollama_agent_router.api.serving.plans import embedding_plan
from ollama_agent_router.composition import services_of


async def embeddings(request: Request) -> Response:
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    inputs = embedding_inputs(body)
    encoding = embedding_encoding(body)
    sync_router_options(body)
    plan = await embedding_plan(services, body.get("model"), "\n".join(inputs))
    return await run_embeddings(request, services, plan, body, inputs, encoding)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "POST",
        "/v1/embeddings",
        embeddings,
        Plane.STANDALONE,
        OPENAI,
        "OpenAI embeddings, routed or pinned",
        inference=True,
        body=openapi.INPUT,
    ),
)
