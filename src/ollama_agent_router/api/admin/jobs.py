"""``/v1/admin/jobs``: every owner's jobs, with their owner, on the admin plane."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from starlette.responses import Response

from ollama_agent_router.access.gate import ADMIN
from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.serving.audit import admin_audit
from ollama_agent_router.api.serving.body import json_response
from ollama_agent_router.api.serving.jobs import Cursor, JobViews, Limit, Status
from ollama_agent_router.errors import NotFoundError


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


ENDPOINTS: tuple[Endpoint, ...] = (
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
