"""The HTTP API: FastAPI routes over the service layer."""

from ollama_agent_router.api.app import create_app
from ollama_agent_router.api.services import Overrides

__all__ = ["Overrides", "create_app"]
