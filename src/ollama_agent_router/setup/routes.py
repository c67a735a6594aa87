"""Routes from roles: every core task type gets an ordered list, best fit first.

Each task names the roles that fit it, in order; within a role, light tasks prefer the
smaller model (sooner answer) and heavy tasks the larger one (better answer). A task
whose roles are all absent falls back to every chat model, so no core task is left
without a route. Embedding models are never in a route. ``tool_use`` puts models Ollama
says support tools first and leaves out those it says do not, when any can.
"""

from __future__ import annotations

from typing import Final

from ollama_agent_router.setup.roles import Role
from ollama_agent_router.setup.shapes import ModelChoice
from ollama_agent_router.tasks import CORE_TASK_TYPES

ROUTE_ROLES: Final[dict[str, tuple[Role, ...]]] = {
    "triage": ("fast",),
    "simple_chat": ("fast", "code", "tool"),
    "summarize": ("fast",),
    "code_generate": ("code", "review"),
    "code_review": ("review", "code"),
    "code_fix": ("code", "review"),
    "agentic_reasoning": ("heavy", "code", "tool"),
    "large_context": ("heavy", "code"),
    "tool_use": ("tool", "code", "heavy", "fast"),
    "unknown": ("fast", "code"),
    # Extra route keys the example config uses, written only when some role fits.
    "simple_agent": ("code", "tool"),
    "planning": ("heavy",),
    "complex_debugging": ("heavy", "code"),
    "second_opinion": ("review",),
}
LIGHT_TASKS: Final = frozenset({"triage", "simple_chat", "summarize", "unknown"})
MAX_ROUTE: Final = 3
"""Candidates per route: enough to fall back, few enough to read."""


def _route(task: str, chat: list[ModelChoice]) -> list[ModelChoice]:
    roles = ROUTE_ROLES[task]
    light = task in LIGHT_TASKS

    def size_key(model: ModelChoice) -> float:
        return model.size_gb if light else -model.size_gb

    picked = sorted(
        (m for m in chat if m.role in roles),
        key=lambda m: (roles.index(m.role), size_key(m)),
    )
    if task == "tool_use":
        capable = [m for m in picked if m.tools is not False]
        if not capable:
            capable = sorted((m for m in chat if m.tools), key=size_key)
        picked = sorted(capable, key=lambda m: m.tools is not True)  # stable: known first
    if not picked and task in CORE_TASK_TYPES:
        picked = sorted(chat, key=size_key)
    return picked[:MAX_ROUTE]


def build_routes(models: tuple[ModelChoice, ...]) -> dict[str, list[str]]:
    chat = [m for m in models if m.role != "embedding"]
    routes: dict[str, list[str]] = {}
    for task in ROUTE_ROLES:
        names = [m.name for m in _route(task, chat)]
        if names:
            routes[task] = names
    return routes


def classifier_model(models: tuple[ModelChoice, ...]) -> str | None:
    """The smallest small (≤ ~4B) chat model, ``instruct`` builds first; ``None`` if none."""
    small = [
        m
        for m in models
        if m.small
        and m.role != "embedding"
        and (m.capabilities is None or "completion" in m.capabilities)
    ]
    if not small:
        return None
    small.sort(key=lambda m: ("instruct" not in m.name.lower(), m.size_gb))
    return small[0].name
