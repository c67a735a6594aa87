"""``GET /health``: liveness only; never touches Ollama or the GPU."""

from __future__ import annotations

from starlette.responses import Response

from ollama_agent_router import SERVICE_NAME
from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.endpoints import OPENAI, Endpoint

_BODY = b'{"status":"ok","service":"' + SERVICE_NAME.encode() + b'"}'


async def health() -> Response:
    return Response(_BODY, media_type="application/json")


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("GET", "/health", health, Plane.OPEN, OPENAI, "Liveness"),
)
