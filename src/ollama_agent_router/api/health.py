"""``GET /health``: liveness only; never touches Ollama or the GPU."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from ollama_agent_router import SERVICE_NAME

router = APIRouter()

_BODY = b'{"status":"ok","service":"' + SERVICE_NAME.encode() + b'"}'


@router.get("/health", summary="Liveness")
async def health() -> Response:
    return Response(_BODY, media_type="application/json")
