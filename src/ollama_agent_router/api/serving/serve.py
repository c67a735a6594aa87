"""The face side of the one pipeline: every chat-shaped face (OpenAI chat completions,
Anthropic Messages, OpenAI Responses) parses its wire format into an OpenAI chat body,
hands it to ``serve_chat`` and encodes what comes back.

``serve_chat`` is plan → (job | stream | sync call) with the idempotency and
convert-to-job rules in one place. A face that cannot take a 202 passes ``jobs=False``.
Answers come back in the backend's OpenAI shape (JSON bytes, or SSE chunks); a face
in another format decodes them (``completion_of``) or re-encodes the stream
(``transcode`` over ``openai_chunks``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from ollama_agent_router.api.serving.body import caller_id, unless_disconnected
from ollama_agent_router.api.serving.submission import job_of_duplicate, submitted_before, submitter
from ollama_agent_router.composition import Services
from ollama_agent_router.errors import RouterError
from ollama_agent_router.jobs.model import Job
from ollama_agent_router.jobs.store import DuplicateJobError
from ollama_agent_router.pipeline.gateway import ConvertedToJob, StreamResult, SyncResult
from ollama_agent_router.pipeline.planning import Plan
from ollama_agent_router.routing.session import SessionHint, SessionKey, session_key
from ollama_agent_router.sse import split_events

log = logging.getLogger("ollama_agent_router.api")


@dataclass(slots=True)
class Completed:
    """Ran synchronously: ``result.value`` is the OpenAI chat completion as JSON bytes."""

    plan: Plan
    result: SyncResult


@dataclass(slots=True)
class Streaming:
    """Streaming: ``stream`` yields OpenAI SSE chunks; the response that relays it owns
    its slot (``api.chat.streaming_response``)."""

    plan: Plan
    stream: StreamResult


@dataclass(slots=True)
class Queued:
    """Became (or already was, for a retried ``Idempotency-Key``) an async job."""

    job: Job
    position: int
    replayed: bool = False


Outcome = Completed | Streaming | Queued


async def serve_chat(
    request: Request, services: Services, body: dict[str, Any], *, jobs: bool, endpoint: str
) -> Outcome:
    """Plan and run an OpenAI chat body. ``jobs``: the face may answer 202 with a job."""
    who = submitter(request, body, endpoint=endpoint) if jobs else None
    if who is not None:
        earlier = await submitted_before(services, who)
        if earlier is not None:  # a retry of a submission that became a job
            return Queued(earlier, services.jobs.position(earlier.id), replayed=True)
    gateway = services.gateway
    user = caller_id(request)
    session = session_of(request, body, user)
    plan = await gateway.plan(body, jobs=jobs, session=session)
    plan.submitter = who
    request.scope["oar.plan"] = plan
    decision = plan.decision
    if decision.type == "reject":
        raise gateway.reject(decision)
    try:
        if decision.type == "async" and not plan.stream:
            accepted = await gateway.accept_job(plan, user=user)
            return Queued(accepted.job, accepted.position)
        if plan.stream:
            stream = await unless_disconnected(request, gateway.open_stream(plan, user=user))
            request.scope["oar.result"] = stream
            gateway.session_served(plan, stream.model)
            return Streaming(plan, stream)
        try:
            result = await unless_disconnected(request, gateway.run_sync(plan, user=user))
        except ConvertedToJob as converted:
            return Queued(converted.accepted.job, converted.accepted.position)
        gateway.session_served(plan, result.model)
    except DuplicateJobError as duplicate:  # a concurrent retry with the same key won
        assert who is not None
        job = await job_of_duplicate(services, who, duplicate.existing_id)
        return Queued(job, services.jobs.position(job.id), replayed=True)
    request.scope["oar.result"] = result
    return Completed(plan, result)


async def serve_now(
    request: Request, services: Services, body: dict[str, Any], *, endpoint: str
) -> Completed | Streaming:
    """``serve_chat`` for a face whose clients cannot take a 202: never a job."""
    outcome = await serve_chat(request, services, body, jobs=False, endpoint=endpoint)
    if isinstance(outcome, Queued):  # the plan of a jobs=False request never defers
        raise RouterError("a request that may not queue became a job", status=500)
    return outcome


def session_hint_of(body: Mapping[str, Any]) -> SessionHint:
    """What an OpenAI body says of its conversation (``prompt_cache_key``, ``user``)."""
    cache_key, user = body.get("prompt_cache_key"), body.get("user")
    return SessionHint(
        cache_key=cache_key if isinstance(cache_key, str) else None,
        user=user if isinstance(user, str) else None,
    )


def session_of(request: Request, body: Mapping[str, Any], owner: str) -> SessionKey:
    """The session of a chat request, from what its client sent (``routing.session``):
    Claude Code's header, Anthropic ``metadata.user_id``, OpenAI ``prompt_cache_key`` /
    ``user`` (a face may leave its own in the scope), else the conversation's start."""
    hint = request.scope.get("oar.session_hint")
    if not isinstance(hint, SessionHint):
        hint = session_hint_of(body)
    anthropic = request.scope.get("oar.anthropic")
    user_id = getattr(anthropic, "user_id", None)
    header = request.headers.get("x-claude-code-session-id")
    hint = SessionHint(  # as dataclasses.replace would, without its per-call introspection
        header=header or None,
        metadata_user=user_id if isinstance(user_id, str) else None,
        cache_key=hint.cache_key,
        user=hint.user,
    )
    messages = body.get("messages")
    return session_key(owner, hint, messages if isinstance(messages, list) else [])


def completion_of(result: SyncResult) -> dict[str, Any]:
    """The OpenAI chat completion of a sync call, decoded (for faces that re-encode)."""
    value = json.loads(result.value)
    if not isinstance(value, dict):
        raise RouterError("the backend answered a non-object", status=502, code="upstream_error")
    return value


async def openai_chunks(
    first: bytes, chunks: AsyncIterator[bytes]
) -> AsyncIterator[dict[str, Any]]:
    """The chunk objects of an OpenAI SSE stream (``data: {...}``), however the bytes
    were split; stops at ``data: [DONE]``. An in-band ``{"error": …}`` raises."""
    buffer = bytearray(first)
    source = aiter(chunks)
    while True:
        for event in split_events(buffer):
            for line in event.splitlines():
                if not line.startswith(b"data:"):
                    continue
                data = line[5:].strip()
                if data == b"[DONE]":
                    return
                item = json.loads(data)
                if isinstance(item, dict) and "error" in item and "choices" not in item:
                    error = item["error"]
                    message = error.get("message") if isinstance(error, dict) else error
                    raise RouterError(str(message), status=502, code="upstream_error")
                if isinstance(item, dict):
                    yield item
        try:
            buffer += await anext(source)
        except StopAsyncIteration:
            return


def transcode(
    stream: StreamResult,
    encode: Callable[[AsyncIterator[dict[str, Any]]], AsyncIterator[bytes]],
) -> StreamResult:
    """``stream`` re-encoded by a face: ``encode`` gets the OpenAI chunk objects and
    yields the face's bytes. Closing the result closes the upstream stream."""

    async def chunks() -> AsyncIterator[bytes]:
        items = openai_chunks(stream.first, stream.chunks)
        encoded = encode(items)
        try:
            async for piece in encoded:
                yield piece
        finally:
            for closable in (encoded, items, stream.chunks):
                close = getattr(closable, "aclose", None)
                if close is not None:
                    try:
                        await close()
                    except Exception:
                        log.debug("closing a transcoded stream raised", exc_info=True)

    return StreamResult(
        chunks(), b"", stream.model, stream.queue_ms, stream.ticket, stream.attempts
    )
