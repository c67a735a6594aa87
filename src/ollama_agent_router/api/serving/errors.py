"""One place that turns every error into the OpenAI error shape (routing errors under
``/api/`` into Ollama's), and notes each answered error's reason for the request log."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any, Protocol

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from ollama_agent_router.api.serving.body import json_response
from ollama_agent_router.errors import BadRequestError, NotFoundError, RouterError
from ollama_agent_router.routing import RouterOptionError, UnknownModelError

log = logging.getLogger("ollama_agent_router.api")


ERROR_REASON: ContextVar[str | None] = ContextVar("oar_error_reason", default=None)
"""The reason of the error a request is being answered with (its code, else its type):
set where errors are written, read by ``AccessLog`` (the line's ``reason``) and
``RequestMetrics`` (``oar_rejections_total``). Every face writes through
``as_router_error`` or ``error_response``; Ollama's ``{"error": …}`` and Anthropic's
bodies show no router code, so this is how their refusals are named. A context
variable, because a face's renderer sees the exception, not the request; the
middlewares and the handler run in the request's task."""


def note_reason(reason: str) -> None:
    """Say why the current request is answered with an error (never with body text)."""
    ERROR_REASON.set(reason)


def error_response(error: RouterError) -> Response:
    """The OpenAI error shape, with the error's status and headers (``Retry-After``)."""
    note_reason(error.code or error.type)
    return json_response(error.body(), status=error.status, headers=error.headers)


def as_router_error(exc: Exception) -> RouterError:
    """Errors of lower layers mapped to API errors (and noted as the answer's reason)."""
    if isinstance(exc, RouterError):
        error = exc
    elif isinstance(exc, RouterOptionError):
        error = BadRequestError(f"{exc.field}: {exc.message}", param=exc.field)
    elif isinstance(exc, UnknownModelError):
        error = NotFoundError(str(exc), param="model", code="model_not_found")
    else:
        error = RouterError("Internal error; see the router log", status=500, code="internal_error")
    note_reason(error.code or error.type)
    return error


NATIVE_NOT_FOUND = (
    "404 page not found (the router's Ollama API serves /api/chat, /api/generate, "
    "/api/embed, /api/embeddings, /api/show, /api/tags, /api/ps and /api/version)"
)


_ROUTING_REASONS = {404: "not_found", 405: "method_not_allowed"}


def native_http_error(exc: HTTPException) -> Response:
    """A routing error (unknown path, wrong method) on ``/api/…``, in Ollama's shape
    ``{"error": "..."}``: native clients read that field and print nothing useful from
    the OpenAI shape."""
    message = NATIVE_NOT_FOUND if exc.status_code == 404 else str(exc.detail).lower()
    note_reason(_ROUTING_REASONS.get(exc.status_code, f"http_{exc.status_code}"))
    return json_response({"error": message}, status=exc.status_code, headers=exc.headers)


class SpeaksFace(Protocol):
    """``api.endpoints.FaceIndex``: the face of a request path."""

    def __call__(self, path: str) -> Any: ...


def install_error_handlers(app: FastAPI, faces: SpeaksFace) -> None:
    """Errors no handler rendered (unknown paths, wrong methods, FastAPI's parameter
    checks), each in the shape of the face its path belongs to."""

    async def router_error(_: Request, exc: Exception) -> Response:
        return error_response(as_router_error(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        face = faces(request.scope["path"])
        if face.name == "ollama":
            return native_http_error(exc)
        kind = NotFoundError if exc.status_code == 404 else RouterError
        error = kind(str(exc.detail), status=exc.status_code, headers=dict(exc.headers or {}))
        if exc.status_code == 405:  # Starlette's exception carries the Allow header
            error.type, error.code = "invalid_request_error", "method_not_allowed"
        response: Response = face.render(error)
        return response

    async def validation_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {"loc": ("body",), "msg": "invalid"}
        loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "query")]
        field = ".".join(loc) or "body"
        message = f"{field}: {first.get('msg', 'invalid value')}"
        return error_response(BadRequestError(message, param=field))

    async def unexpected(_: Request, exc: Exception) -> Response:
        log.exception("unhandled error", exc_info=exc)
        return error_response(as_router_error(exc))

    app.add_exception_handler(RouterError, router_error)
    app.add_exception_handler(RouterOptionError, router_error)
    app.add_exception_handler(UnknownModelError, router_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected)
