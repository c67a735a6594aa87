"""The last few routing decisions, kept in memory for ``/v1/router/decisions`` and ``/ui``.

The request path pays for one ``time.time()`` and one tuple appended to a bounded deque;
dicts are built only when someone asks. Only routing facts are kept: no prompts, no
client identity, no keys.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ollama_agent_router.service.gateway import Plan, StreamResult, SyncResult

DEFAULT_SIZE = 50


class _Row(NamedTuple):
    at: float
    task_type: str
    classifier: str
    model: str | None
    served_by: str | None
    score: float
    decision: str
    status: int
    ms: float
    fallback_used: bool


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
            _Row(
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
        rows = list(self._rows)  # a copy: appends may happen between awaits elsewhere
        rows.reverse()
        if limit is not None:
            rows = rows[:limit]
        return [
            {
                "time": round(row.at, 3),
                "taskType": row.task_type,
                "classifier": row.classifier,
                "model": row.model,
                "servedBy": row.served_by,
                "score": round(row.score, 4),
                "decision": row.decision,
                "status": row.status,
                "ms": round(row.ms, 1),
                "fallbackUsed": row.fallback_used,
            }
            for row in rows
        ]
