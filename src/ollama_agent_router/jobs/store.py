"""The job store seam: one small async interface, several implementations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ollama_agent_router.jobs.model import Job, JobStatus


class JobStore(Protocol):
    """Where jobs live. Implementations: ``memory``, ``sqlite`` (durable), ``redis``.

    The manager is the only writer; it keeps live counters itself, so the store is
    asked for counts only at start.
    """

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def insert(self, job: Job) -> None:
        """Store a new job and set its ``seq``; durable once this returns."""

    async def update(self, job: Job) -> None:
        """Write the job's mutable fields (status, attempts, times, result, error)."""

    async def get(self, job_id: str) -> Job | None: ...

    async def list_jobs(
        self, *, limit: int, status: JobStatus | None = None, before: int | None = None
    ) -> list[Job]:
        """Newest first; ``before`` is the ``seq`` cursor of the last job already seen."""

    async def unfinished(self) -> list[Job]:
        """Queued and running jobs, oldest first: what to resume after a restart."""

    async def expire(self, now: float) -> list[str]:
        """Mark jobs past ``expires_at`` as expired, drop their payloads, return ids."""

    async def count_by_status(self) -> dict[JobStatus, int]: ...


def counts_template() -> dict[JobStatus, int]:
    return dict.fromkeys(JobStatus, 0)


def newest_first(jobs: Iterable[Job]) -> list[Job]:
    return sorted(jobs, key=lambda job: job.seq, reverse=True)
