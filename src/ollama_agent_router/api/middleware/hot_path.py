"""A direct lane for the endpoints every client hits on every request.

FastAPI's per-request machinery (dependency solving, its router layers) costs more
than the whole routing decision, and these handlers use none of it. ``HotPaths`` sends
exact ``(method, path)`` matches straight to plain Starlette handlers and everything
else (docs, status, admin) to the FastAPI app. The handlers are the endpoint table's
inference rows, guarded (each renders its failures in its face's shape); they stay
registered on the FastAPI app too, so the OpenAPI schema still lists them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

Handler = Callable[[Request], Awaitable[Response]]


class HotPaths:
    def __init__(self, app: FastAPI, routes: Mapping[tuple[str, str], Handler]) -> None:
        self.app = app
        self.routes = dict(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            handler = self.routes.get((scope["method"], scope["path"]))
            if handler is not None:
                scope["app"] = self.app
                response = await handler(Request(scope, receive))  # renders its own errors
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
