"""Every endpoint row of the router, face by face (see ``api/endpoints.py``)."""

from __future__ import annotations

from ollama_agent_router.api import responses
from ollama_agent_router.api.endpoints import Endpoint

ENDPOINTS: tuple[Endpoint, ...] = (*responses.ENDPOINTS,)
