"""``POST /v1/chat/completions``: sync, async (202), streaming, reject."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.serving.body import read_json
from ollama_agent_router.api.serving.explain import job_accepted, sync_response
from ollama_agent_router.api.serving.relay import streaming_response
from ollama_agent_router.api.serving.serve import Queued, Streaming, serve_chat
from ollama_agent_router.composition import services_of


async def chat_completions(request: Request) -> Response:
    services = services_of(request)
    body = await read_json(request, services.body_limit)
    outcome = await serve_chat(request, services, body, jobs=True, endpoint="chat")
    if isinstance(outcome, Queued):
        return job_accepted(services, outcome.job, outcome.position, replayed=outcome.replayed)
    if isinstance(outcome, Streaming):
        return streaming_response(services, outcome.plan, outcome.stream)
    return sync_response(outcome.plan, outcome.result)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "POST",
        "/v1/chat/completions",
        chat_completions,
        Plane.STANDALONE,
        OPENAI,
        "Routed OpenAI chat completion",
        inference=True,
        body=openapi.CHAT,
        response=openapi.CHAT_COMPLETION,
    ),
)
