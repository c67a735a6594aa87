"""The ASGI application: Starlette routes onto raw handlers that share one Simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ollama_agent_router.simulator import control, native, openai_api
from ollama_agent_router.simulator.core import ErrorRenderer, Simulator
from ollama_agent_router.simulator.settings import SimulatorSettings
from ollama_agent_router.simulator.wire import (
    TRANSPORT_KEY,
    ApiError,
    ClientGone,
    guarded,
    send_bytes,
)

Handler = Callable[[Simulator, Scope, Receive, Send], Awaitable[None]]


class Endpoint:
    """Adapts a handler to ASGI: counts the request, maps errors to the API's shape."""

    def __init__(
        self,
        sim: Simulator,
        handler: Handler,
        path: str,
        *,
        error: ErrorRenderer = native.native_error,
        faultable: bool = False,
        counted: bool = True,
    ) -> None:
        self.sim = sim
        self.handler = handler
        self.path = path
        self.error = error
        self.faultable = faultable
        self.counted = counted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        sim = self.sim
        if self.counted:
            stats = sim.stats
            stats.requests += 1
            stats.requests_by_endpoint[self.path] += 1
        try:
            if self.faultable and sim.faults.faults:
                faults = sim.take_faults(scope["path"], None)
                if faults:
                    work = sim.answer_faults(faults, scope, receive, send, self.error)
                    handled, _ = await guarded(receive, work)
                    if handled:
                        return
            await self.handler(sim, scope, receive, send)
        except ApiError as exc:
            await send_bytes(send, exc.status, self.error(exc.status, exc.message))
        except ClientGone:
            sim.stats.aborted += 1


class SimulatorApp:
    """The outermost ASGI layer; keeps the transport reachable for "refuse" faults."""

    def __init__(self, starlette: Starlette, simulator: Simulator) -> None:
        self.starlette = starlette
        self.simulator = simulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # uvicorn's send is a bound method of its request cycle, which owns the transport.
            owner = getattr(send, "__self__", None)
            scope[TRANSPORT_KEY] = getattr(owner, "transport", None)
        await self.starlette(scope, receive, send)


def create_app(
    settings: SimulatorSettings | None = None, *, simulator: Simulator | None = None
) -> SimulatorApp:
    """Build a simulator app; pass ``simulator`` to share state with the caller."""
    sim = simulator or Simulator(settings or SimulatorSettings())

    def ep(path: str, handler: Handler, *, faultable: bool = False) -> Endpoint:
        return Endpoint(sim, handler, path, faultable=faultable)

    def v1(path: str, handler: Handler, *, faultable: bool = False) -> Endpoint:
        return Endpoint(sim, handler, path, error=openai_api.openai_error, faultable=faultable)

    def ctl(path: str, handler: Handler) -> Endpoint:
        return Endpoint(sim, handler, path, counted=False)

    routes = [
        Route("/", ep("/", native.root, faultable=True), methods=["GET"]),
        Route("/api/version", ep("/api/version", native.version, faultable=True), methods=["GET"]),
        Route("/api/tags", ep("/api/tags", native.tags, faultable=True), methods=["GET"]),
        Route("/api/ps", ep("/api/ps", native.ps, faultable=True), methods=["GET"]),
        Route("/api/show", ep("/api/show", native.show, faultable=True), methods=["POST"]),
        Route("/api/chat", ep("/api/chat", native.chat), methods=["POST"]),
        Route("/api/generate", ep("/api/generate", native.generate), methods=["POST"]),
        Route("/api/embed", ep("/api/embed", native.embed), methods=["POST"]),
        Route("/api/embeddings", ep("/api/embeddings", native.embeddings_legacy), methods=["POST"]),
        Route(
            "/v1/chat/completions",
            v1("/v1/chat/completions", openai_api.chat_completions),
            methods=["POST"],
        ),
        Route("/v1/completions", v1("/v1/completions", openai_api.completions), methods=["POST"]),
        Route("/v1/embeddings", v1("/v1/embeddings", openai_api.embeddings), methods=["POST"]),
        Route(
            "/v1/models", v1("/v1/models", openai_api.list_models, faultable=True), methods=["GET"]
        ),
        Route(
            "/v1/models/{model:path}",
            v1("/v1/models/{model}", openai_api.get_model, faultable=True),
            methods=["GET"],
        ),
        Route("/_sim/state", ctl("/_sim/state", control.state), methods=["GET"]),
        Route("/_sim/gpu", ctl("/_sim/gpu", control.gpu), methods=["GET"]),
        Route("/_sim/reset", ctl("/_sim/reset", control.reset), methods=["POST"]),
        Route("/_sim/plan", ctl("/_sim/plan", control.plan), methods=["GET", "POST", "DELETE"]),
        Route(
            "/_sim/faults", ctl("/_sim/faults", control.faults), methods=["GET", "POST", "DELETE"]
        ),
        Route(
            "/_sim/responses",
            ctl("/_sim/responses", control.responses),
            methods=["GET", "POST", "DELETE"],
        ),
    ]

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        sim.closing.set()

    starlette = Starlette(routes=routes, lifespan=lifespan)
    starlette.state.simulator = sim
    return SimulatorApp(starlette, sim)
