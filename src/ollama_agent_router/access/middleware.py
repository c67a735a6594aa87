"""``AccessControl``: the access checks as a plain ASGI middleware.

It sits around the hot lane, so every request — the direct chat lane and the FastAPI
routes alike — is checked before any handler runs. Refusals are written here in the
error shape of the path's face (OpenAI's by default); admitted requests carry
``scope["oar.principal"]`` and, on a rate-limited plane, the ``X-RateLimit-*`` headers
on their answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ollama_agent_router.access.gate import AccessGate
from ollama_agent_router.errors import RouterError


class AccessControl:
    def __init__(
        self,
        app: ASGIApp,
        gate: AccessGate,
        *,
        on_rate_limited: Callable[[], None] | None = None,
        render: Callable[[str, RouterError], ASGIApp] | None = None,
    ) -> None:
        self.app = app
        self.gate = gate
        self.on_rate_limited = on_rate_limited
        self.render = render
        """A refusal as the path's face writes it (Anthropic clients read their shape);
        ``None``: the OpenAI shape."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            admitted = await self.gate.admit(scope)
        except RouterError as error:
            if error.status == 429 and self.on_rate_limited is not None:
                self.on_rate_limited()
            if self.render is None:
                await send_error(send, error)
            else:
                await self.render(scope["path"], error)(scope, receive, send)
            return
        if admitted.principal is not None:
            scope["oar.principal"] = admitted.principal
        if admitted.client is not None:
            scope["oar.client"] = admitted.client
        verdict = admitted.verdict
        if verdict is None:
            await self.app(scope, receive, send)
            return
        extra = verdict.headers()

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_limits)


async def send_error(send: Send, error: RouterError) -> None:
    body = json.dumps(error.body()).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in error.headers.items()]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
