"""Every endpoint row of the router, face by face (see ``api/endpoints.py``).

A new face is one subpackage under ``api/`` and its rows here; nothing else lists them.
"""

from __future__ import annotations

from ollama_agent_router.access.planes import PlaneMap
from ollama_agent_router.api.admin import handlers as admin
from ollama_agent_router.api.admin import jobs as admin_jobs
from ollama_agent_router.api.anthropic import handlers as anthropic
from ollama_agent_router.api.endpoints import Endpoint
from ollama_agent_router.api.ollama import handlers as ollama
from ollama_agent_router.api.openai import chat, completions, embeddings, models
from ollama_agent_router.api.responses import handlers as responses
from ollama_agent_router.api.router import health, jobs, status, ui
from ollama_agent_router.api.runtime import plane as runtime

ENDPOINTS: tuple[Endpoint, ...] = (
    *health.ENDPOINTS,
    *chat.ENDPOINTS,
    *embeddings.ENDPOINTS,
    *completions.ENDPOINTS,
    *status.ENDPOINTS,
    *models.ENDPOINTS,
    *jobs.ENDPOINTS,
    *runtime.ENDPOINTS,
    *ui.ENDPOINTS,
    *ollama.ENDPOINTS,
    *anthropic.ENDPOINTS,
    *responses.ENDPOINTS,
)

ADMIN_ENDPOINTS: tuple[Endpoint, ...] = (*admin.ENDPOINTS, *admin_jobs.ENDPOINTS)
"""The admin plane: mounted only when access control is configured."""
ALL_ENDPOINTS: tuple[Endpoint, ...] = (*ENDPOINTS, *ADMIN_ENDPOINTS)


def plane_map(prefix: str = "") -> PlaneMap:
    """The access plane of every path, from the rows."""
    return PlaneMap(prefix, ((row.path, row.plane) for row in ALL_ENDPOINTS))
