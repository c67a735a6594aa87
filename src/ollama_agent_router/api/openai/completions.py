"""``POST /v1/completions``, pinned or routed (``embeddings.py`` is its sibling).

Both run through the gateway (scheduler, limits, fallback before the first byte) and
talk to Ollama's native endpoints (``/api/embed``, ``/api/generate``) whatever
``ollama.api`` says, translating to OpenAI shapes (``api/serving/extras.py``, which the
runtime plane runs too): the native calls carry ``ollama.keepAlive``, and in native mode
the model's ``num_ctx`` step too. Errors keep the OpenAI shape. These requests always
run synchronously: async jobs are for chat.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from starlette.responses import Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.serving.body import read_json
from ollama_agent_router.api.serving.extras import completion_prompt, run_completion
from ollama_agent_router.api.serving.plans import plan_for
from ollama_agent_router.composition import services_of
from ollama_agent_router.errors import BadRequestError


def sync_router_options(body: Mapping[str, Any]) -> Any:
    options = body.get("router")
    if isinstance(options, Mapping) and options.get("mode") == "async":
        raise BadRequestError(
            "router.mode: async jobs are for chat completions; use sync or auto",
            param="router.mode",
        )
    return options


async def completions(request: Request) -> Response:
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    prompt = completion_prompt(body)
    plan = await plan_for(
        services,
        body.get("model"),
        [{"role": "user", "content": prompt}],
        router_options=sync_router_options(body),
        stream=body.get("stream") is True,
    )
    return await run_completion(request, services, plan, body, prompt)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "POST",
        "/v1/completions",
        completions,
        Plane.STANDALONE,
        OPENAI,
        "OpenAI text completions, routed or pinned",
        inference=True,
        body=openapi.PROMPT,
    ),
)
