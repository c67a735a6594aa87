"""The endpoint table: one row per (method, path) the router serves.

A row says everything the edge needs to know about a path: its handler, its access
plane (no default: a new path must choose), its face (which error shape its clients
read), the JSON schema of its body (the OpenAPI document) and whether it is an
inference path (served by the hot lane, counted by path). ``mount`` registers the rows
on the FastAPI router; the access plane, the OpenAPI bodies, the hot lane and the
metrics labels are all read from the same rows.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter
from starlette.responses import JSONResponse, Response

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.serving.errors import as_router_error, error_response
from ollama_agent_router.errors import RouterError

log = logging.getLogger("ollama_agent_router.api")

Handler = Callable[..., Awaitable[Response]]
"""Takes the ``Request`` (hot-lane rows) or FastAPI parameters (the others)."""


@dataclass(frozen=True, slots=True)
class Face:
    """An API dialect: its name and how a failure reads in it."""

    name: str
    render: Callable[[Exception], Response]


def openai_error(exc: Exception) -> Response:
    """Any failure in the OpenAI error shape (also the router's own API's)."""
    error = as_router_error(exc)
    if error.status == 500:
        log.error("unhandled error", exc_info=exc)
    return error_response(error)


OPENAI = Face("openai", openai_error)


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    """Below ``server.basePath``, in Starlette's syntax (``/v1/jobs/{job_id}``)."""
    handler: Handler
    plane: Plane
    face: Face
    summary: str
    body: Mapping[str, Any] | None = None
    """JSON schema of the request body (``None``: no body)."""
    response: Mapping[str, Any] | None = None
    """JSON schema of the 200 answer (the OpenAPI document)."""
    inference: bool = False
    """Runs a model: served by the hot lane (exact path, no FastAPI machinery)."""
    responses: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    """Extra OpenAPI responses (status → ``{"description": …}``)."""
    status_code: int | None = None
    """The success status the OpenAPI document names (202 for job submissions)."""
    response_class: type[Response] | None = None
    """The OpenAPI media type (``HTMLResponse`` for the page)."""

    @property
    def name(self) -> str:
        return self.handler.__name__

    def guarded(self) -> Handler:
        """The handler, failing in its face's error shape."""
        handler, render = self.handler, self.face.render

        @functools.wraps(handler)  # FastAPI reads the handler's parameters through it
        async def endpoint(*args: Any, **kwargs: Any) -> Response:
            try:
                return await handler(*args, **kwargs)
            except Exception as exc:
                return render(exc)

        return endpoint


def mount(router: APIRouter, endpoints: Iterable[Endpoint]) -> None:
    """Register ``endpoints`` on ``router`` (OpenAPI lists them with their summaries)."""
    for row in endpoints:
        router.add_api_route(
            row.path,
            row.guarded(),
            methods=[row.method],
            name=f"{row.name}_{row.method.lower()}",
            summary=row.summary,
            responses={status: dict(value) for status, value in row.responses.items()},
            status_code=row.status_code,
            response_class=row.response_class or JSONResponse,
        )


def hot_routes(prefix: str, endpoints: Iterable[Endpoint]) -> dict[tuple[str, str], Handler]:
    """``(method, full path)`` → guarded handler, for every inference endpoint."""
    return {(row.method, prefix + row.path): row.guarded() for row in endpoints if row.inference}


class FaceIndex:
    """The face a request path speaks, for answers no handler writes: an unknown path
    or method under a face's paths (``/api/…``, ``/v1/messages/…``) and access refusals.
    A row's path matches exactly or as a parent folder; the rest is OpenAI's."""

    def __init__(self, prefix: str, rows: Iterable[Endpoint]) -> None:
        self.prefix = prefix
        self._exact: dict[str, Face] = {}
        self._folders: list[tuple[str, Face]] = []
        for row in rows:
            self._exact.setdefault(row.path, row.face)
            if "{" not in row.path and row.path != "/":
                folder = row.path.rsplit("/", 1)[0] if row.path.startswith("/api/") else row.path
                self._folders.append((folder + "/", row.face))
        self._folders.sort(key=lambda entry: -len(entry[0]))

    def __call__(self, path: str) -> Face:
        if self.prefix and path.startswith(self.prefix):
            path = path[len(self.prefix) :] or "/"
        face = self._exact.get(path)
        if face is not None:
            return face
        for folder, face in self._folders:
            if path.startswith(folder) or path + "/" == folder:
                return face
        return OPENAI

    def refusal(self, path: str, error: RouterError) -> Response:
        """``error`` as the face of ``path`` writes it: the answers of the edge checks
        and of access control, written before any handler runs."""
        return self(path).render(error)
