"""Routing: from a classified request and the live state to a sync/async/reject decision.

Pure logic; see ``engine`` for the entry points. The server parses options with
``parse_options``, classifies with ``classify_request`` and calls ``route_request`` (or
``evaluate`` for a dry-run).
"""

from ollama_agent_router.routing.candidates import Block
from ollama_agent_router.routing.decision import Decision, LoadState, ScoredCandidate
from ollama_agent_router.routing.engine import (
    DryRun,
    classify_request,
    evaluate,
    route_request,
)
from ollama_agent_router.routing.errors import RouterOptionError, RoutingError, UnknownModelError
from ollama_agent_router.routing.options import (
    ModelTarget,
    RequestOptions,
    default_options,
    parse_options,
    resolve_model_field,
    valid_model_names,
)
from ollama_agent_router.routing.policy import Candidate, ModelSpec, RoutingPolicy
from ollama_agent_router.routing.scoring import ScoreComponents
from ollama_agent_router.routing.state import LoadedModel, StateView

__all__ = [
    "Block",
    "Candidate",
    "Decision",
    "DryRun",
    "LoadState",
    "LoadedModel",
    "ModelSpec",
    "ModelTarget",
    "RequestOptions",
    "RouterOptionError",
    "RoutingError",
    "RoutingPolicy",
    "ScoreComponents",
    "ScoredCandidate",
    "StateView",
    "UnknownModelError",
    "classify_request",
    "default_options",
    "evaluate",
    "parse_options",
    "resolve_model_field",
    "route_request",
    "valid_model_names",
]
