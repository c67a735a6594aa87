"""Async jobs: ``/v1/jobs`` (both planes) shows a caller its own jobs; the admin plane's
``/v1/admin/jobs`` shows every job, with its owner.

A job belongs to whoever submitted it (``api/submission.py``). To anyone else it does
not exist: its id answers 404, never 403, so ids cannot be probed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from starlette.responses import Response

from ollama_agent_router.access.gate import ADMIN
from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.admin import admin_audit
from ollama_agent_router.api.body import json_response
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.params import cursor_value
from ollama_agent_router.api.services import services_of
from ollama_agent_router.api.submission import job_owner
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


def _own(request: Request) -> JobViews:
    return JobViews(request, job_owner(request))


async def list_jobs(
    request: Request, limit: Limit = 50, status: Status = None, cursor: Cursor = None
) -> Response:
    return await _own(request).listing(limit=limit, status=status, cursor=cursor)


async def get_job(request: Request, job_id: str) -> Response:
    views = _own(request)
    return json_response(views.record(await views.job(job_id)))


async def get_result(request: Request, job_id: str) -> Response:
    return await _own(request).result(job_id)


async def cancel_job(request: Request, job_id: str) -> Response:
    views = _own(request)
    return json_response(views.record(await views.cancel(job_id), payloads=False))


def _all_jobs(request: Request) -> JobViews:
    """Every owner's jobs, for the admin plane (its checks ran already)."""
    if request.scope.get("oar.principal") != ADMIN:  # only the admin plane's checks set it
        raise NotFoundError("Not Found")
    return JobViews(request, None)


async def list_all(
    request: Request,
    limit: Limit = 50,
    status: Status = None,
    cursor: Cursor = None,
    owner: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    views = _all_jobs(request)
    admin_audit(request, "admin.jobs.listed", owner=owner, status=status)
    return await views.listing(limit=limit, status=status, cursor=cursor, owner=owner)


async def get_any(request: Request, job_id: str) -> Response:
    views = _all_jobs(request)
    job = await views.job(job_id)
    admin_audit(request, "admin.job.read", jobId=job.id, owner=job.owner)
    return json_response(views.record(job))


async def result_any(request: Request, job_id: str) -> Response:
    views = _all_jobs(request)
    admin_audit(request, "admin.job.read", jobId=job_id)
    return await views.result(job_id)


async def cancel_any(request: Request, job_id: str) -> Response:
    views = _all_jobs(request)
    job = await views.cancel(job_id)
    admin_audit(request, "admin.job.cancelled", jobId=job.id, owner=job.owner)
    return json_response(views.record(job, payloads=False))


ADMIN_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET", "/v1/admin/jobs", list_all, Plane.ADMIN, OPENAI,
        "List every job, newest first (optionally one owner's)",
    ),
    Endpoint(
        "GET", "/v1/admin/jobs/{job_id}", get_any, Plane.ADMIN, OPENAI,
        "Any job's status, with its owner", response=openapi.JOB,
    ),
    Endpoint(
        "GET", "/v1/admin/jobs/{job_id}/result", result_any, Plane.ADMIN, OPENAI,
        "Any job's result",
    ),
    Endpoint(
        "DELETE", "/v1/admin/jobs/{job_id}", cancel_any, Plane.ADMIN, OPENAI, "Cancel any job",
    ),
)  # fmt: skip
"""``/v1/admin/jobs``: every owner's jobs, on the admin plane."""


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET", "/v1/jobs", list_jobs, Plane.EITHER, OPENAI, "List the caller's jobs, newest first"
    ),
    Endpoint(
        "GET",
        "/v1/jobs/{job_id}",
        get_job,
        Plane.EITHER,
        OPENAI,
        "A job's status",
        response=openapi.JOB,
    ),
    Endpoint(
        "GET",
        "/v1/jobs/{job_id}/result",
        get_result,
        Plane.EITHER,
        OPENAI,
        "A job's result (202 while not done)",
    ),
    Endpoint(
        "DELETE",
        "/v1/jobs/{job_id}",
        cancel_job,
        Plane.EITHER,
        OPENAI,
        "Cancel a queued or running job",
    ),
)
