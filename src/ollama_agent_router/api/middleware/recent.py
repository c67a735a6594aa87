"""The last few routing decisions, kept in memory for ``/v1/router/decisions`` and ``/ui``.

The request path pays for one ``time.time()`` and one tuple appended to a bounded deque;
dicts are built only when someone asks. Only routing facts are kept: no prompts, no
client identity, no keys.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ollama_agent_router.pipeline.gateway import StreamResult, SyncResult
    from ollama_agent_router.pipeline.planning import Plan

DEFAULT_SIZE = 50


_Row = tuple[float, str, str, str | None, str | None, float, str, int, float, bool]
"""time, task type, classifier mode, decided model, model that answered, score, decision
type, status code, ms, fallback used: a plain tuple, the cheapest thing to append."""


class RecentDecisions:
    """A ring buffer of the last ``size`` routed requests (oldest dropped first)."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._rows: deque[_Row] = deque(maxlen=size)

    @property
    def capacity(self) -> int:
        return self._rows.maxlen or 0

    def __len__(self) -> int:
        return len(self._rows)

    def record(
        self, plan: Plan, result: SyncResult | StreamResult | None, status: int, ms: float
    ) -> None:
        classification = plan.classification
        decision = plan.decision
        self._rows.append(
            (
                time.time(),
                classification.task_type,
                classification.mode,
                decision.model,
                result.model if result is not None else None,
                decision.score,
                decision.type,
                status,
                ms,
                bool(result.attempts) if result is not None else False,
            )
        )

    def as_list(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Newest first, at most ``limit`` entries."""
        rows = list(reversed(self._rows))[:limit]
        return [
            {
                "time": round(at, 3),
                "taskType": task_type,
                "classifier": classifier,
                "model": model,
                "servedBy": served_by,
                "score": round(score, 4),
                "decision": decision,
                "status": status,
                "ms": round(ms, 1),
                "fallbackUsed": fallback_used,
            }
            for (
                at,
                task_type,
                classifier,
                model,
                served_by,
                score,
                decision,
                status,
                ms,
                fallback_used,
            ) in rows
        ]
