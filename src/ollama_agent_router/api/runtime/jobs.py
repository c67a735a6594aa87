"""Async jobs on the runtime-agent plane: ``POST /v1/router/jobs`` accepts a chat job on
the model the gateway chose; the other rows read, list and cancel jobs as one owner sees
them at ``/v1/jobs``.

A fleet gateway submits on behalf of its clients: ``owner`` records the job as theirs
instead of the gateway key's (only the runtime-agent plane can name an owner, so the
gateway is trusted to name its client), and ``idempotencyKey`` (the ``Idempotency-Key``
rules, per owner) makes its retry answer the job it created. Reading them back, the
query's ``owner`` sees exactly what that owner sees at ``/v1/jobs``: another owner's job
is the same 404 as an unknown one.
"""

from __future__ import annotations

from typing import Annotated, Any, Final
from urllib.parse import quote

from fastapi import Query, Request
from pydantic import Field
from starlette.responses import Response

from ollama_agent_router.api import openapi
from ollama_agent_router.api.runtime.direct import (
    ClassificationIn,
    DirectIn,
    check_chat_request,
    gateway_classification,
    gateway_plan,
    known_model,
    on_node,
    validated,
)
from ollama_agent_router.api.serving.body import caller_id, json_response, read_json
from ollama_agent_router.api.serving.jobs import Cursor, JobViews, Limit, Status
from ollama_agent_router.api.serving.submission import (
    IDEMPOTENCY_HEADER,
    REPLAYED_HEADER,
    idempotency_key_ok,
    job_of_duplicate,
    request_hash,
    submitted_before,
    submitter,
)
from ollama_agent_router.composition import Services, services_of
from ollama_agent_router.errors import BadRequestError
from ollama_agent_router.jobs.model import Job, Submitter
from ollama_agent_router.jobs.store import DuplicateJobError

MAX_OWNER: Final = 300


class JobIn(DirectIn):
    classification: ClassificationIn | None = None
    owner: Annotated[str, Field(min_length=1, max_length=MAX_OWNER)] | None = None
    idempotencyKey: str | None = None


def checked_owner(owner: str) -> str:
    """An owner a gateway names: printable text (no control characters, no lone
    surrogates: it is stored, and written into a ``Location``)."""
    if not owner.isprintable():
        raise BadRequestError("owner: must be printable text", param="owner")
    return owner


def _submitter(request: Request, raw: dict[str, Any], body: JobIn) -> Submitter:
    """The job's owner (``owner``, else the caller's), its idempotency key (the body's
    or the header's: the same if both) and the hash of the body without the key."""
    caller = submitter(request, raw, endpoint="router.jobs")  # checks the header
    key = caller.idempotency_key
    if body.idempotencyKey is not None:
        if not idempotency_key_ok(body.idempotencyKey):
            raise BadRequestError(
                "idempotencyKey: must be 1 to 255 visible ASCII characters",
                param="idempotencyKey",
                code="invalid_idempotency_key",
            )
        if key is not None and key != body.idempotencyKey:
            raise BadRequestError(
                f"idempotencyKey: differs from the {IDEMPOTENCY_HEADER} header; send one",
                param="idempotencyKey",
                code="invalid_idempotency_key",
            )
        key = body.idempotencyKey
    owner = caller.owner if body.owner is None else checked_owner(body.owner)
    if key is None:
        return Submitter(owner)
    hashed = {name: value for name, value in raw.items() if name != "idempotencyKey"}
    return Submitter(owner, key, request_hash("router.jobs", hashed))


@on_node
async def create_job(request: Request) -> Response:
    services = services_of(request)
    raw = await read_json(request, services.body_limit)
    body = validated(JobIn, raw)
    who = _submitter(request, raw, body)
    named = body.owner is not None
    earlier = await submitted_before(services, who)
    if earlier is not None:  # a retry: the job this key created
        position = services.jobs.position(earlier.id)
        return _job_accepted(services, earlier, position, named=named, replayed=True)
    known_model(services, body.selectedModel)
    check_chat_request(body.request)
    task = body.routerDecision.taskType if body.routerDecision is not None else None
    classification = gateway_classification(services, body.classification, task)
    plan = gateway_plan(services, body, classification, stream=False)
    plan.submitter = who
    try:
        accepted = await services.gateway.accept_job(plan, user=caller_id(request))
    except DuplicateJobError as duplicate:  # a concurrent retry with the same key won
        job = await job_of_duplicate(services, who, duplicate.existing_id)
        position = services.jobs.position(job.id)
        return _job_accepted(services, job, position, named=named, replayed=True)
    return _job_accepted(services, accepted.job, accepted.position, named=named)


def job_location(services: Services, job: Job, *, named: bool) -> str:
    """Where the submitter reads the job: ``/v1/jobs/{id}``, or for a job submitted on
    behalf of an ``owner``, this plane's view of it as that owner."""
    if named:
        owner = quote(job.owner, safe="")
        return f"{services.prefix}/v1/router/jobs/{job.id}?owner={owner}"
    return f"{services.prefix}/v1/jobs/{job.id}"


def _job_accepted(
    services: Services, job: Job, position: int, *, named: bool, replayed: bool = False
) -> Response:
    headers = {"Location": job_location(services, job, named=named)}
    if replayed:
        headers[REPLAYED_HEADER] = "true"
    return json_response(
        {
            "id": job.id,
            "status": job.status.value,
            "position": position,
            "nodeId": services.config.server.node_id,
            "selectedModel": job.selected_model,
        },
        status=202,
        headers=headers,
    )


# -- one owner's jobs ---------------------------------------------------------------------

Owner = Annotated[str, Query(min_length=1, max_length=MAX_OWNER)]


def _as(request: Request, owner: str) -> JobViews:
    return JobViews(request, checked_owner(owner))


@on_node
async def list_jobs(
    request: Request,
    owner: Owner,
    limit: Limit = 50,
    status: Status = None,
    cursor: Cursor = None,
) -> Response:
    return await _as(request, owner).listing(limit=limit, status=status, cursor=cursor)


@on_node
async def get_job(request: Request, job_id: str, owner: Owner) -> Response:
    views = _as(request, owner)
    return json_response(views.record(await views.job(job_id)))


@on_node
async def get_result(request: Request, job_id: str, owner: Owner) -> Response:
    return await _as(request, owner).result(job_id)


@on_node
async def cancel_job(request: Request, job_id: str, owner: Owner) -> Response:
    views = _as(request, owner)
    return json_response(views.record(await views.cancel(job_id), payloads=False))


JOB_BODY: Final[dict[str, Any]] = {
    **openapi.DIRECT_JOB,
    "properties": {
        **openapi.DIRECT_JOB["properties"],
        "owner": {"type": "string", "minLength": 1, "maxLength": MAX_OWNER},
        "idempotencyKey": {"type": "string", "minLength": 1, "maxLength": 255},
    },
}
JOB_LIST: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["object", "data", "nextCursor"],
    "properties": {
        "object": {"type": "string", "enum": ["list"]},
        "data": {"type": "array", "items": openapi.JOB},
        "nextCursor": {"type": ["string", "null"]},
    },
}
