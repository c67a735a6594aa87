"""Who submits a job, and whether the caller submitted it already.

A job belongs to its submitter: the API key id, or the client address of a caller
without a key. ``/v1/jobs`` shows a caller only its own jobs; the admin plane
(``/v1/admin/jobs``) sees all.

``Idempotency-Key`` (draft-ietf-httpapi-idempotency-key-header) makes a submission safe
to retry: the same key from the same caller, while the job it created has not expired,
answers with that job again instead of creating another; the same key with a different
body is a 422, since it cannot be a retry.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from starlette.requests import Request

from ollama_agent_router.access.gate import ANONYMOUS
from ollama_agent_router.api.serving.body import caller_id
from ollama_agent_router.composition import Services
from ollama_agent_router.errors import BadRequestError, IdempotencyKeyReusedError
from ollama_agent_router.jobs.model import Job, Submitter, address_owner, key_owner

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
"""Set to ``true`` on an answer that returns a job submitted earlier with the same key."""

_KEY = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?")
"""1–255 visible ASCII characters (inner spaces allowed)."""


def idempotency_key_ok(key: str) -> bool:
    """Whether ``key`` is a usable idempotency key: 1–255 visible ASCII characters."""
    return _KEY.fullmatch(key) is not None


def job_owner(request: Request) -> str:
    """The owner of jobs this request submits or reads: ``key:<id>`` for a request with
    an API key, else ``addr:<client address>`` (as queues count the caller)."""
    principal = request.scope.get("oar.principal")
    if isinstance(principal, str) and principal != ANONYMOUS:
        return key_owner(principal)
    return address_owner(caller_id(request))


def submitter(request: Request, body: dict[str, Any], *, endpoint: str) -> Submitter:
    """The request's owner, ``Idempotency-Key`` (checked) and the hash of its body."""
    owner = job_owner(request)
    values = request.headers.getlist(IDEMPOTENCY_HEADER)
    if not values:
        return Submitter(owner)
    key = values[0].strip()
    if len(values) > 1 or not idempotency_key_ok(key):
        raise BadRequestError(
            f"{IDEMPOTENCY_HEADER}: send one value of 1 to 255 visible ASCII characters",
            param=IDEMPOTENCY_HEADER,
            code="invalid_idempotency_key",
        )
    return Submitter(owner, key, request_hash(endpoint, body))


def request_hash(endpoint: str, body: dict[str, Any]) -> str:
    """SHA-256 of the endpoint and the body as canonical JSON (key order and spacing do
    not matter; values do)."""
    try:
        text = json.dumps([endpoint, body], sort_keys=True, separators=(",", ":"))
    except (RecursionError, ValueError):
        raise BadRequestError("body: too deeply nested", param="body") from None
    return hashlib.sha256(text.encode()).hexdigest()


async def submitted_before(services: Services, who: Submitter) -> Job | None:
    """The live job ``who`` already submitted with its key, if any; 422 when that job was
    submitted with another body."""
    if who.idempotency_key is None:
        return None
    job = await services.jobs.find_by_key(who.owner, who.idempotency_key)
    if job is not None and job.request_hash != who.request_hash:
        raise IdempotencyKeyReusedError(
            f"{IDEMPOTENCY_HEADER} {who.idempotency_key!r} was used for job {job.id} with a"
            " different body; use a new key for a new request",
            param=IDEMPOTENCY_HEADER,
        )
    return job


async def job_of_duplicate(services: Services, who: Submitter, job_id: str) -> Job:
    """The job a concurrent submission with the same key created (its insert won)."""
    job = await submitted_before(services, who)
    if job is None:  # expired between the two reads: vanishingly rare
        job = await services.jobs.get(job_id, owner=who.owner)
    if job is None:
        raise IdempotencyKeyReusedError(
            f"{IDEMPOTENCY_HEADER} {who.idempotency_key!r} is in use; retry",
            param=IDEMPOTENCY_HEADER,
        )
    return job
