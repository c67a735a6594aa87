"""Classification named by the request itself (``router.taskType`` or ``model: auto:<t>``).

The caller knows the task better than any rule, so it is taken with confidence 1 and
the complexity the specification assigns to it.
"""

from __future__ import annotations

from ollama_agent_router.classification.base import Classification
from ollama_agent_router.tasks import Complexity

HEAVY_TASK_TYPES = frozenset({"agentic_reasoning", "large_context"})


def explicit_classification(task_type: str, *, estimated_tokens: int = 0) -> Classification:
    """The classification for a task type given explicitly by the client."""
    complexity: Complexity = "heavy" if task_type in HEAVY_TASK_TYPES else "medium"
    return Classification(
        task_type=task_type,
        complexity=complexity,
        requires_large_context=task_type == "large_context",
        requires_tool_use=task_type == "tool_use",
        confidence=1.0,
        mode="explicit",
        estimated_tokens=estimated_tokens,
    )
