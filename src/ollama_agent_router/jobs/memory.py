"""Jobs in memory: fast and simple, lost on restart (``jobs.store: memory``)."""

from __future__ import annotations

import copy
import itertools

from ollama_agent_router.jobs.model import TERMINAL, Job, JobStatus
from ollama_agent_router.jobs.store import OneProcess, counts_template


class MemoryJobStore(OneProcess):
    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._seq = itertools.count(1)

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def insert(self, job: Job) -> None:
        job.seq = next(self._seq)
        self._jobs[job.id] = copy.copy(job)

    async def update(self, job: Job) -> None:
        if job.id in self._jobs:
            self._jobs[job.id] = copy.copy(job)

    async def get(self, job_id: str) -> Job | None:
        job = self._jobs.get(job_id)
        return copy.copy(job) if job is not None else None

    async def list_jobs(
        self, *, limit: int, status: JobStatus | None = None, before: int | None = None
    ) -> list[Job]:
        out: list[Job] = []
        for job in reversed(self._jobs.values()):  # dicts keep insertion (= seq) order
            if before is not None and job.seq >= before:
                continue
            if status is not None and job.status is not status:
                continue
            out.append(copy.copy(job))
            if len(out) >= limit:
                break
        return out

    async def unfinished(self) -> list[Job]:
        return [
            copy.copy(job)
            for job in self._jobs.values()
            if job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
        ]

    async def expire(self, now: float) -> list[str]:
        expired = []
        for job in self._jobs.values():
            if job.expires_at <= now and job.status is not JobStatus.EXPIRED:
                if job.status not in TERMINAL:
                    continue  # never expire work that is still queued or running
                job.status = JobStatus.EXPIRED
                job.request = job.result = job.error = None
                expired.append(job.id)
        return expired

    async def count_by_status(self) -> dict[JobStatus, int]:
        counts = counts_template()
        for job in self._jobs.values():
            counts[job.status] += 1
        return counts
