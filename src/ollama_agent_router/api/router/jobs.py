"""Async jobs: ``/v1/jobs`` shows a caller its own jobs (both planes); the admin plane's
``/v1/admin/jobs`` is in ``api/admin/jobs.py``."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.serving.body import json_response
from ollama_agent_router.api.serving.jobs import Cursor, JobViews, Limit, Status
from ollama_agent_router.api.serving.submission import job_owner


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
