"""The job store seam: one small async interface, several implementations."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Protocol

from ollama_agent_router.jobs.model import Job, JobStatus


class JobStoreError(RuntimeError):
    """The job store cannot be used; the message names the file or URL and the cause."""


class DuplicateJobError(JobStoreError):
    """``insert`` found a live job of the same owner with the same idempotency key."""

    def __init__(self, existing_id: str) -> None:
        super().__init__(f"idempotency key already used by job {existing_id}")
        self.existing_id = existing_id


class JobStore(Protocol):
    """Where jobs live. Implementations: ``memory``, ``sqlite`` (durable), ``redis``.

    The manager is the only writer; it keeps live counters itself, so the store is
    asked for counts only at start.

    Leases (``claim``, ``renew``, ``release``) let several router processes share one
    store: a process runs a job only while it holds the job's lease. Stores used by one
    process (``shared`` false) grant every claim.
    """

    shared: bool
    """Several processes may use this store at once: look for orphaned jobs periodically."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def insert(self, job: Job) -> None:
        """Store a new job and set its ``seq``; durable once this returns.

        Raises ``DuplicateJobError`` when the job has an ``idempotency_key`` that a job of
        the same owner, not yet expired, already holds; nothing is stored then.
        """

    async def update(self, job: Job) -> None:
        """Write the job's mutable fields (status, attempts, times, result, error)."""

    async def get(self, job_id: str) -> Job | None: ...

    async def list_jobs(
        self,
        *,
        limit: int,
        status: JobStatus | None = None,
        before: int | None = None,
        owner: str | None = None,
    ) -> list[Job]:
        """Newest first; ``before`` is the ``seq`` cursor of the last job already seen;
        ``owner`` keeps only that owner's jobs (through an index, not by filtering)."""

    async def find_by_key(self, owner: str, idempotency_key: str) -> Job | None:
        """The job of ``owner`` holding ``idempotency_key``; keys of expired jobs are free."""

    async def unfinished(self) -> list[Job]:
        """Queued and running jobs, oldest first: what to resume after a restart."""

    async def expire(self, now: float) -> list[str]:
        """Mark jobs past ``expires_at`` as expired, drop their payloads, return ids."""

    async def count_by_status(self) -> dict[JobStatus, int]: ...

    async def claim(self, job_id: str, owner: str, ttl_ms: int) -> bool:
        """Take or extend the job's lease for ``ttl_ms``; false if another owner holds it
        or the job has finished."""

    async def renew(self, job_ids: Collection[str], owner: str, ttl_ms: int) -> set[str]:
        """Extend the owner's leases; return the ids it no longer holds (taken over or
        finished by another process): their work must stop without writing."""

    async def release(self, job_id: str, owner: str) -> None:
        """Give the lease up if the owner still holds it."""


class OneProcess:
    """Leases of a store one process uses (``shared`` false): every claim is granted and
    no lease is ever lost. A base for such stores."""

    shared = False

    async def claim(self, job_id: str, owner: str, ttl_ms: int) -> bool:
        return True

    async def renew(self, job_ids: Collection[str], owner: str, ttl_ms: int) -> set[str]:
        return set()

    async def release(self, job_id: str, owner: str) -> None:
        return None


def counts_template() -> dict[JobStatus, int]:
    return dict.fromkeys(JobStatus, 0)


def newest_first(jobs: Iterable[Job]) -> list[Job]:
    return sorted(jobs, key=lambda job: job.seq, reverse=True)
