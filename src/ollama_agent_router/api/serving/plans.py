"""Plans for requests that are not an OpenAI chat body (Ollama's ``/api/*``, OpenAI
completions and embeddings): the body they would be, through the gateway's one plan."""

from __future__ import annotations

from typing import Any

from ollama_agent_router.composition import Services
from ollama_agent_router.errors import BadRequestError
from ollama_agent_router.pipeline.planning import Plan
from ollama_agent_router.routing import resolve_model_field
from ollama_agent_router.routing.capabilities import RequestKind
from ollama_agent_router.routing.options import AUTO

EMBEDDING_PURPOSES = frozenset({"embedding", "embeddings", "embed"})
"""The purposes or tags that make a configured model an embedder for ``auto``."""


async def plan_for(
    services: Services,
    model: object,
    messages: list[Any],
    *,
    tools: Any = None,
    router_options: Any = None,
    stream: bool,
    kind: RequestKind = "chat",
) -> Plan:
    """Classify and decide for a request that is not an OpenAI chat body."""
    body: dict[str, Any] = {"model": AUTO if model is None else model, "messages": messages}
    if isinstance(tools, list):
        body["tools"] = tools
    if router_options is not None:
        body["router"] = router_options
    plan = await services.gateway.plan(body, kind=kind, jobs=False)
    if plan.decision.type == "reject":
        raise services.gateway.reject(plan.decision)
    plan.stream = stream
    return plan


async def embedding_plan(services: Services, model: object, text: str) -> Plan:
    """Embeddings: a configured model pins, ``auto:<task>`` routes that task, and
    ``auto`` picks among the models whose purpose or tags say ``embedding``."""
    messages = [{"role": "user", "content": text[:4000] or " "}]
    if resolve_model_field(model, services.policy).kind != "auto":
        return await plan_for(services, model, messages, stream=False, kind="embedding")
    policy = services.policy
    embedders = [
        name
        for name, spec in policy.models.items()
        if EMBEDDING_PURPOSES & (spec.purpose | spec.tags)
    ]
    if not embedders:
        raise BadRequestError(
            "model: no configured model has purpose 'embedding'; name a model instead of auto",
            param="model",
        )
    options: dict[str, Any] = {
        "mode": "sync",
        "allowAsync": False,
        "preferredModels": embedders,
        "forbiddenModels": [name for name in policy.models if name not in embedders],
    }
    task = next((t for t in EMBEDDING_PURPOSES if t in policy.routes), None)
    if task is not None:
        options["taskType"] = task
    return await plan_for(
        services, AUTO, messages, router_options=options, stream=False, kind="embedding"
    )
