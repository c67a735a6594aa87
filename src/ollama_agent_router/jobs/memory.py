"""Jobs in memory: fast and simple, lost on restart (``jobs.store: memory``)."""

from __future__ import annotations

import copy
import dataclasses
import itertools

from ollama_agent_router.jobs.model import TERMINAL, Job, JobStatus
from ollama_agent_router.jobs.store import DuplicateJobError, OneProcess, counts_template


class MemoryJobStore(OneProcess):
    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._seq = itertools.count(1)
        self._by_owner: dict[str, dict[str, None]] = {}  # ids per owner, in seq order
        self._keys: dict[tuple[str, str], str] = {}  # (owner, idempotency key) → job id

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def insert(self, job: Job) -> None:
        if job.idempotency_key is not None:
            holder = self._keys.get((job.owner, job.idempotency_key))
            if holder is not None:
                raise DuplicateJobError(holder)
            self._keys[job.owner, job.idempotency_key] = job.id
        job.seq = next(self._seq)
        self._jobs[job.id] = copy.copy(job)
        self._by_owner.setdefault(job.owner, {})[job.id] = None

    async def update(self, job: Job) -> None:
        stored = self._jobs.get(job.id)
        if stored is not None:  # owner, key and hash are set once, by the insert
            self._jobs[job.id] = dataclasses.replace(
                job,
                owner=stored.owner,
                idempotency_key=stored.idempotency_key,
                request_hash=stored.request_hash,
            )

    async def get(self, job_id: str) -> Job | None:
        job = self._jobs.get(job_id)
        return copy.copy(job) if job is not None else None

    async def list_jobs(
        self,
        *,
        limit: int,
        status: JobStatus | None = None,
        before: int | None = None,
        owner: str | None = None,
    ) -> list[Job]:
        out: list[Job] = []
        if owner is None:
            candidates = reversed(self._jobs.values())  # dicts keep insertion (= seq) order
        else:
            ids = self._by_owner.get(owner, {})
            candidates = (self._jobs[job_id] for job_id in reversed(ids))
        for job in candidates:
            if before is not None and job.seq >= before:
                continue
            if status is not None and job.status is not status:
                continue
            out.append(copy.copy(job))
            if len(out) >= limit:
                break
        return out

    async def find_by_key(self, owner: str, idempotency_key: str) -> Job | None:
        job_id = self._keys.get((owner, idempotency_key))
        return await self.get(job_id) if job_id is not None else None

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
                if job.idempotency_key is not None:  # the key is free again
                    self._keys.pop((job.owner, job.idempotency_key), None)
                    job.idempotency_key = None
                expired.append(job.id)
        return expired

    async def count_by_status(self) -> dict[JobStatus, int]:
        counts = counts_template()
        for job in self._jobs.values():
            counts[job.status] += 1
        return counts
