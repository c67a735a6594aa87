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
from ollama_agent_router.backend.fleet.jobs import FleetJobs
from ollama_agent_router.composition import services_of


def _own(request: Request) -> JobViews:
    return JobViews(request, job_owner(request))


def _on_nodes(request: Request) -> FleetJobs | None:
    """A fleet gateway's jobs live on their nodes (``backend/fleet/jobs.py``)."""
    return services_of(request).fleet_jobs


async def list_jobs(
    request: Request, limit: Limit = 50, status: Status = None, cursor: Cursor = None
) -> Response:
    nodes = _on_nodes(request)
    if nodes is not None:
        listing = await nodes.listing(job_owner(request), limit=limit, status=status, cursor=cursor)
        return json_response(listing)
    return await _own(request).listing(limit=limit, status=status, cursor=cursor)


async def get_job(request: Request, job_id: str) -> Response:
    nodes = _on_nodes(request)
    if nodes is not None:
        status, answer = await nodes.read(job_id, job_owner(request))
        return json_response(answer, status=status)
    views = _own(request)
    return json_response(views.record(await views.job(job_id)))


async def get_result(request: Request, job_id: str) -> Response:
    nodes = _on_nodes(request)
    if nodes is not None:
        status, answer = await nodes.read(job_id, job_owner(request), result=True)
        return json_response(answer, status=status)
    return await _own(request).result(job_id)


async def cancel_job(request: Request, job_id: str) -> Response:
    nodes = _on_nodes(request)
    if nodes is not None:
        status, answer = await nodes.cancel(job_id, job_owner(request))
        return json_response(answer, status=status)
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
