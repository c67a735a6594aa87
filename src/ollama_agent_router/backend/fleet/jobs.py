"""Async jobs at a fleet gateway: each job lives on the node that runs it.

A job the gateway accepts is created on its node (``POST /v1/router/jobs``) in the name
of the gateway's client (``owner``), with the client's ``Idempotency-Key``; its id names
the node (``job_<node>_…``, ``jobs.model.node_of``), so every later read or cancel goes
straight there (``GET``/``DELETE /v1/router/jobs/{id}?owner=``) and answers exactly what
that node answers its own clients. A listing asks every available node and merges the
pages newest first; its cursor carries each node's place. While a node is down its jobs
cannot be read (a 503 naming the node); they are not moved: the node keeps them, durably
if its job store is.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from ollama_agent_router.backend.fleet.client import NodeClient
from ollama_agent_router.backend.fleet.errors import NodeUnavailable
from ollama_agent_router.backend.fleet.state import FleetState
from ollama_agent_router.backend.ollama.errors import OllamaError
from ollama_agent_router.errors import BadRequestError, NotFoundError, RouterError
from ollama_agent_router.jobs.model import node_of
from ollama_agent_router.routing.fleet import split_qualified

JOBS = "/v1/router/jobs"
MAX_PAGE = 1000


class NodeJobUnavailable(RouterError):
    status = 503
    type = "overloaded_error"
    code = "node_unavailable"


class FleetJobs:
    """The job calls of a gateway, forwarded to the node that holds each job."""

    def __init__(self, fleet: FleetState) -> None:
        self.fleet = fleet

    async def submit(
        self,
        model: str,
        request: Mapping[str, Any],
        *,
        owner: str,
        idempotency_key: str | None,
        priority: str,
        classification: Mapping[str, Any],
        reason: str | None,
    ) -> dict[str, Any]:
        """Create the job on ``model@node``'s node; its 202 answer (id, status, position)."""
        plain, node = split_qualified(model)
        client = self._client(node or "", job_id=None)
        body: dict[str, Any] = {
            "selectedModel": plain,
            "request": {**request, "model": plain},
            "owner": owner,
            "priority": priority,
            "classification": _classification_in(classification),
            "routerDecision": {"reason": reason} if reason else None,
        }
        if idempotency_key is not None:
            body["idempotencyKey"] = idempotency_key
        body = {key: value for key, value in body.items() if value is not None}
        status, raw, _ = await self._send(client, "POST", JOBS, body)
        answer = _json(raw)
        if status != 202 or not isinstance(answer, dict):
            raise _node_error(client.id, status, answer)
        return answer

    async def read(self, job_id: str, owner: str, *, result: bool = False) -> tuple[int, Any]:
        """A job (or its result) as its node answers it, status included."""
        client = self._client(node_of(job_id) or "", job_id=job_id)
        path = f"{JOBS}/{job_id}/result" if result else f"{JOBS}/{job_id}"
        status, raw, _ = await self._send(client, "GET", path, params={"owner": owner})
        return status, _json(raw)

    async def cancel(self, job_id: str, owner: str) -> tuple[int, Any]:
        client = self._client(node_of(job_id) or "", job_id=job_id)
        path = f"{JOBS}/{job_id}"
        status, raw, _ = await self._send(client, "DELETE", path, params={"owner": owner})
        return status, _json(raw)

    async def listing(
        self, owner: str, *, limit: int, status: str | None, cursor: str | None
    ) -> dict[str, Any]:
        """The newest ``limit`` jobs of ``owner`` over every node (see the module doc)."""
        places = _places(cursor) if cursor is not None else None
        pages: dict[str, list[dict[str, Any]]] = {}
        more: dict[str, str | None] = {}
        for view in self.fleet.available():
            node = view.node
            if places is not None and node not in places:
                continue  # this listing is past every job of that node
            node_cursor, skip = places[node] if places is not None else (None, 0)
            params = {"owner": owner, "limit": str(min(limit + skip, MAX_PAGE))}
            if status is not None:
                params["status"] = status
            if node_cursor is not None:
                params["cursor"] = node_cursor
            client = self._client(node, job_id=None)
            code, raw, _ = await self._send(client, "GET", JOBS, params=params)
            answer = _json(raw)
            if code != 200:
                raise _node_error(node, code, answer)
            pages[node] = list(answer.get("data") or [])[skip:]
            more[node] = answer.get("nextCursor")
        merged = sorted(
            ((job, node) for node, jobs in pages.items() for job in jobs),
            key=lambda pair: str(pair[0].get("created_at") or ""),
            reverse=True,
        )[:limit]
        taken = {node: sum(1 for _, n in merged if n == node) for node in pages}
        following: dict[str, tuple[str | None, int]] = {}
        for node, jobs in pages.items():
            start, skip = places[node] if places is not None else (None, 0)
            if taken[node] < len(jobs):  # some of this page are still to show
                following[node] = (start, skip + taken[node])
            elif more[node] is not None:
                following[node] = (more[node], 0)
        return {
            "object": "list",
            "data": [job for job, _ in merged],
            "nextCursor": _cursor(following) if following else None,
        }

    def _client(self, node: str, *, job_id: str | None) -> NodeClient:
        client = self.fleet.client(node)
        if client is None:
            if job_id is not None:
                raise NotFoundError(f"Job {job_id!r} not found", param="id", code="job_not_found")
            raise NodeJobUnavailable(f"node {node!r} is not in the fleet")
        return client

    async def _send(
        self,
        client: NodeClient,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        params: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes, Mapping[str, str]]:
        try:
            return await client.send(method, path, body, params=params, relay_errors=True)
        except NodeUnavailable as exc:
            self.fleet.failed(client.id, exc.message)
            raise NodeJobUnavailable(
                f"node {client.id} holds this job and is unavailable: {exc.message}"
            ) from exc
        except OllamaError as exc:
            raise NodeJobUnavailable(f"node {client.id}: {exc.message}") from exc


def _classification_in(classification: Mapping[str, Any]) -> dict[str, Any]:
    """The gateway's label in the node's ``ClassificationIn`` words."""
    keys = {
        "taskType": "taskType",
        "complexity": "complexity",
        "requiresLargeContext": "requiresLargeContext",
        "requiresToolUse": "requiresToolUse",
        "confidence": "confidence",
    }
    return {
        ours: classification[theirs] for ours, theirs in keys.items() if theirs in classification
    }


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return {"error": {"message": raw[:200].decode(errors="replace")}}


def _node_error(node: str, status: int, answer: Any) -> RouterError:
    error = answer.get("error") if isinstance(answer, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return RouterError(
        f"node {node}: {message or 'answered ' + str(status)}",
        status=status if 400 <= status < 600 else 502,
        code=code if isinstance(code, str) else "node_error",
    )


def _cursor(places: Mapping[str, tuple[str | None, int]]) -> str:
    raw = json.dumps({node: [cursor, skip] for node, (cursor, skip) in places.items()})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _places(cursor: str) -> dict[str, tuple[str | None, int]]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        places = {
            str(node): (None if value[0] is None else str(value[0]), int(value[1]))
            for node, value in data.items()
        }
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, binascii.Error):
        raise BadRequestError("cursor: not a cursor this gateway gave", param="cursor") from None
    if any(skip < 0 for _, skip in places.values()):
        raise BadRequestError("cursor: not a cursor this gateway gave", param="cursor")
    return places
