"""``/v1/jobs``: list, status, result and cancel of async jobs (both planes)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ollama_agent_router.api.params import cursor_value
from ollama_agent_router.api.services import services_of
from ollama_agent_router.errors import BadRequestError, NotFoundError
from ollama_agent_router.jobs.model import Job, JobStatus

router = APIRouter()


def _json(data: object, status: int = 200) -> Response:
    return Response(json.dumps(data), status_code=status, media_type="application/json")


async def _job(request: Request, job_id: str) -> Job:
    job = await services_of(request).jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"Job {job_id!r} not found", param="id", code="job_not_found")
    return job


@router.get("/v1/jobs", summary="List jobs, newest first")
async def list_jobs(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    status: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
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
    jobs = await services_of(request).jobs.list_jobs(limit=limit, status=wanted, before=before)
    next_cursor = str(jobs[-1].seq) if len(jobs) == limit else None
    return _json(
        {
            "object": "list",
            "data": [job.record(payloads=False) for job in jobs],
            "nextCursor": next_cursor,
        }
    )


@router.get("/v1/jobs/{job_id}", summary="A job's status")
async def get_job(request: Request, job_id: str) -> Response:
    return _json((await _job(request, job_id)).record())


@router.get("/v1/jobs/{job_id}/result", summary="A job's result (202 while not done)")
async def get_result(request: Request, job_id: str) -> Response:
    job = await _job(request, job_id)
    if job.status is JobStatus.SUCCEEDED:
        return _json(job.result)
    if job.status is JobStatus.FAILED:
        return _json({"id": job.id, "status": "failed", "error": job.error}, status=500)
    if job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        return _json({"id": job.id, "status": job.status.value}, status=202)
    return _json({"id": job.id, "status": job.status.value}, status=410)


@router.delete("/v1/jobs/{job_id}", summary="Cancel a queued or running job")
async def cancel_job(request: Request, job_id: str) -> Response:
    job = await services_of(request).jobs.cancel(job_id)
    if job is None:
        raise NotFoundError(f"Job {job_id!r} not found", param="id", code="job_not_found")
    return _json(job.record(payloads=False))
