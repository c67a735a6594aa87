"""Every endpoint row of the router, face by face (see ``api/endpoints.py``)."""

from __future__ import annotations

from ollama_agent_router.access.planes import PlaneMap
from ollama_agent_router.api import (
    admin,
    anthropic,
    chat,
    health,
    jobs,
    native,
    openai_extras,
    responses,
    runtime_plane,
    status,
    ui,
)
from ollama_agent_router.api.endpoints import Endpoint

ENDPOINTS: tuple[Endpoint, ...] = (
    *health.ENDPOINTS,
    *chat.ENDPOINTS,
    *openai_extras.ENDPOINTS,
    *status.ENDPOINTS,
    *jobs.ENDPOINTS,
    *runtime_plane.ENDPOINTS,
    *ui.ENDPOINTS,
    *native.ENDPOINTS,
    *anthropic.ENDPOINTS,
    *responses.ENDPOINTS,
)

ADMIN_ENDPOINTS: tuple[Endpoint, ...] = (*admin.ENDPOINTS, *jobs.ADMIN_ENDPOINTS)
"""The admin plane: mounted only when access control is configured."""
ALL_ENDPOINTS: tuple[Endpoint, ...] = (*ENDPOINTS, *ADMIN_ENDPOINTS)


def plane_map(prefix: str = "") -> PlaneMap:
    """The access plane of every path, from the rows."""
    return PlaneMap(prefix, ((row.path, row.plane) for row in ALL_ENDPOINTS))
