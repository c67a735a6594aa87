"""What a caller sees of jobs: its own (``/v1/jobs``) or, on the admin plane, every
owner's (``/v1/admin/jobs``), with the same listing, result and cancel rules."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from starlette.responses import Response

from ollama_agent_router.api.serving.body import json_response
from ollama_agent_router.api.serving.params import cursor_value
from ollama_agent_router.composition import services_of
from ollama_agent_router.errors import BadRequestError, NotFoundError
from ollama_agent_router.jobs.model import Job, JobStatus


def _not_found(job_id: str) -> NotFoundError:
    return NotFoundError(f"Job {job_id!r} not found", param="id", code="job_not_found")


class JobViews:
    """The job endpoints as one caller sees them: ``owner`` ``None`` sees every job (and
    each job's owner), an owner only its own."""

    def __init__(self, request: Request, owner: str | None) -> None:
        self.jobs = services_of(request).jobs
        self.owner = owner

    def record(self, job: Job, *, payloads: bool = True) -> dict[str, Any]:
        out = job.record(payloads=payloads)
        if self.owner is None:
            out["owner"] = job.owner
        return out

    async def job(self, job_id: str) -> Job:
        job = await self.jobs.get(job_id, owner=self.owner)
        if job is None:
            raise _not_found(job_id)
        return job

    async def listing(
        self, *, limit: int, status: str | None, cursor: str | None, owner: str | None = None
    ) -> Response:
        wanted: JobStatus | None = None
        if status is not None:
            try:
                wanted = JobStatus(status)
            except ValueError:
                choices = ", ".join(s.value for s in JobStatus)
                raise BadRequestError(f"status: must be one of {choices}", param="status") from None
        before: int | None = None
        if cursor is not None:
            before = cursor_value(cursor)
        jobs = await self.jobs.list_jobs(
            limit=limit, status=wanted, before=before, owner=self.owner or owner
        )
        next_cursor = str(jobs[-1].seq) if len(jobs) == limit else None
        return json_response(
            {
                "object": "list",
                "data": [self.record(job, payloads=False) for job in jobs],
                "nextCursor": next_cursor,
            }
        )

    async def result(self, job_id: str) -> Response:
        job = await self.job(job_id)
        if job.status is JobStatus.SUCCEEDED:
            return json_response(job.result)
        if job.status is JobStatus.FAILED:
            return json_response({"id": job.id, "status": "failed", "error": job.error}, status=500)
        if job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            return json_response({"id": job.id, "status": job.status.value}, status=202)
        return json_response({"id": job.id, "status": job.status.value}, status=410)

    async def cancel(self, job_id: str) -> Job:
        job = await self.jobs.cancel(job_id, owner=self.owner)
        if job is None:
            raise _not_found(job_id)
        return job


Limit = Annotated[int, Query(ge=1, le=1000)]
Status = Annotated[str | None, Query()]
Cursor = Annotated[str | None, Query()]
