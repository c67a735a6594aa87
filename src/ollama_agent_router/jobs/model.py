"""Job records: what an accepted async request is, from 202 to its result."""

from __future__ import annotations

import ipaddress
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


def key_owner(key_id: str) -> str:
    """The owner of jobs submitted with the API key ``key_id``."""
    return f"key:{key_id}"


def address_owner(address: str) -> str:
    """The owner of jobs submitted without a key from ``address``. The prefixes keep a
    key whose id looks like an address apart from the caller at that address."""
    return f"addr:{address}"


def legacy_owner(user: str) -> str:
    """The owner of a job stored before jobs had one, from its queue ``user`` (the key id,
    or the client address of a caller without a key)."""
    try:
        ipaddress.ip_address(user.split("%")[0])
    except ValueError:
        return address_owner(user) if user == "unknown" else key_owner(user)
    return address_owner(user)


@dataclass(frozen=True, slots=True)
class Submitter:
    """Who submits a job, and what makes a resubmission the same one."""

    owner: str
    idempotency_key: str | None = None
    request_hash: str | None = None


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
    owner: str = ""
    """Who submitted it (``key:<id>`` or ``addr:<address>``): the only caller, besides the
    admin plane, that can see or cancel it."""
    idempotency_key: str | None = None
    """The submission's ``Idempotency-Key``; unique per owner until the job expires."""
    request_hash: str | None = None
    """SHA-256 of the submitted body, to tell a retry from a reuse of the key."""
    retry_at: float | None = None
    """Epoch seconds before which the next attempt must not start (retry backoff)."""

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
        if self.retry_at is not None and self.status is JobStatus.QUEUED:
            out["next_attempt_at"] = iso(self.retry_at)
        if payloads:
            out["request_json"] = self.request
            out["result_json"] = self.result
            out["error_json"] = self.error
        elif self.error is not None:
            out["error_json"] = self.error
        return out
