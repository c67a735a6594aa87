"""``POST /v1/embeddings``, pinned or routed (``auto`` picks among the embedding models),
run through Ollama's ``/api/embed`` and answered in OpenAI's shape."""

from __future__ import annotations

import base64
import struct
from typing import Any

from fastapi import Request
from starlette.responses import Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.openai.completions import sync_router_options
from ollama_agent_router.api.serving.body import (
    caller_id,
    json_response,
    read_json,
    unless_disconnected,
)
from ollama_agent_router.api.serving.explain import decision_headers
from ollama_agent_router.api.serving.plans import embedding_plan
from ollama_agent_router.composition import services_of
from ollama_agent_router.errors import BadRequestError
from ollama_agent_router.pipeline.explain import router_object


def _inputs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise BadRequestError("input: must be a string or a non-empty array of strings", param="input")


def _encoded(vector: list[float], encoding: str) -> list[float] | str:
    if encoding == "base64":
        return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
    return vector


async def embeddings(request: Request) -> Response:
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    inputs = _inputs(body.get("input"))
    encoding = body.get("encoding_format", "float")
    if encoding not in ("float", "base64"):
        raise BadRequestError("encoding_format: must be float or base64", param="encoding_format")
    sync_router_options(body)
    plan = await embedding_plan(services, body.get("model"), "\n".join(inputs))
    payload: dict[str, Any] = {"input": inputs, "keep_alive": services.config.ollama.keep_alive}
    if isinstance(body.get("dimensions"), int):
        payload["dimensions"] = body["dimensions"]
    client = services.upstream
    result = await unless_disconnected(
        request,
        services.gateway.run_call(
            plan, lambda m: client.embed({**payload, "model": m}), user=caller_id(request)
        ),
    )
    native = result.value
    vectors = native.get("embeddings") or []
    tokens = int(native.get("prompt_eval_count") or 0)
    answer = {
        "object": "list",
        "data": [
            {"object": "embedding", "embedding": _encoded(vector, encoding), "index": index}
            for index, vector in enumerate(vectors)
        ],
        "model": result.model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        "router": router_object(plan, result),
    }
    return json_response(answer, headers=decision_headers(plan, result.model, result.queue_ms))


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
