"""The Ollama backend: one pooled client, its error tree, and native-API translation."""

from ollama_agent_router.backend.errors import (
    OllamaError,
    OllamaHTTPError,
    OllamaProtocolError,
    OllamaStreamError,
    OllamaTimeout,
    OllamaUnavailable,
)
from ollama_agent_router.backend.models import PsModel, canonical_model_name, parse_ps
from ollama_agent_router.backend.ollama import OllamaClient
from ollama_agent_router.backend.ps_cli import parse_ollama_ps_table

__all__ = [
    "OllamaClient",
    "OllamaError",
    "OllamaHTTPError",
    "OllamaProtocolError",
    "OllamaStreamError",
    "OllamaTimeout",
    "OllamaUnavailable",
    "PsModel",
    "canonical_model_name",
    "parse_ollama_ps_table",
    "parse_ps",
]
