"""Job records: what an accepted async request is, from 202 to its result."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    QUEUED = "queued"  #: accepted, waiting for a slot
    RUNNING = "running"  #: an attempt is executing
    SUCCEEDED = "succeeded"  #: result available
    FAILED = "failed"  #: every attempt failed; error available
    CANCELLED = "cancelled"  #: cancelled by a client
    EXPIRED = "expired"  #: past its TTL; payloads dropped


TERMINAL = frozenset(
    {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED}
)


def new_job_id(node_id: str) -> str:
    """``job_<nodeId>_<random>``: a gateway routes by the node id inside it."""
    return f"job_{node_id}_{secrets.token_urlsafe(16)}"


def node_of(job_id: str) -> str | None:
    if not job_id.startswith("job_"):
        return None
    # the random part may contain "_"; the node id never does
    node, sep, _ = job_id[4:].partition("_")
    return node if sep and node else None


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Job:
    id: str
    status: JobStatus
    task_type: str
    selected_model: str
    request: dict[str, Any] | None
    priority: str
    created_at: float
    expires_at: float
    user: str = "anonymous"
    attempts: int = 0
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    started_at: float | None = None
    finished_at: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    """Routing context kept with the job: classification, decision reason, kind."""
    seq: int = 0
    """Insertion order assigned by the store; the listing cursor."""

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL

    def record(self, *, payloads: bool = True) -> dict[str, Any]:
        """The job in the reference's snake_case shape."""
        out: dict[str, Any] = {
            "id": self.id,
            "object": "router.job",
            "status": self.status.value,
            "task_type": self.task_type,
            "selected_model": self.selected_model,
            "attempts": self.attempts,
            "priority": self.priority,
            "created_at": iso(self.created_at),
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "expires_at": iso(self.expires_at),
        }
        if payloads:
            out["request_json"] = self.request
            out["result_json"] = self.result
            out["error_json"] = self.error
        elif self.error is not None:
            out["error_json"] = self.error
        return out
