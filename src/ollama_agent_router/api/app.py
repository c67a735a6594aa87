"""The application factory: routes mounted under ``server.basePath``, resources opened
in the lifespan, errors rendered in the OpenAI shape."""

from __future__ import annotations

import gc
import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.types import ASGIApp

from ollama_agent_router import SERVICE_NAME, __version__
from ollama_agent_router.access.forwarded import ClientAddress, ProxyTrust
from ollama_agent_router.api.admin.handlers import install_access
from ollama_agent_router.api.endpoints import FaceIndex, hot_routes, mount
from ollama_agent_router.api.middleware.access_log import AccessLog
from ollama_agent_router.api.middleware.browser import BrowserGuard
from ollama_agent_router.api.middleware.hot_path import HotPaths
from ollama_agent_router.api.middleware.recent import RecentDecisions
from ollama_agent_router.api.middleware.request_metrics import RequestMetrics
from ollama_agent_router.api.openapi import with_request_bodies
from ollama_agent_router.api.serving.errors import install_error_handlers
from ollama_agent_router.api.table import (
    ADMIN_ENDPOINTS,
    ALL_ENDPOINTS,
    ENDPOINTS,
    plane_map,
)
from ollama_agent_router.composition import Overrides, opened_services
from ollama_agent_router.config import RouterConfig
from ollama_agent_router.metrics import RouterMetrics


def create_app(config: RouterConfig, overrides: Overrides | None = None) -> ASGIApp:
    """The router as an ASGI app, outside in: the client address (behind trusted
    proxies), the request log, metrics, the browser checks, access control, the hot lane,
    the FastAPI app."""
    app = create_fastapi_app(config, overrides)
    prefix = config.server.prefix
    hot = HotPaths(app, hot_routes(prefix, ENDPOINTS))
    faces = FaceIndex(prefix, ALL_ENDPOINTS)
    guarded = install_access(app, hot, config, plane_map(prefix), faces, ADMIN_ENDPOINTS)
    browser_safe = BrowserGuard.from_config(guarded, config.server, refuse=faces.refusal)
    measured = RequestMetrics(
        browser_safe,
        app.state.metrics,
        prefix=prefix,
        # no route object in the scope: labelled by path
        hot=[row.path for row in ENDPOINTS if row.inference],
        recent=app.state.decisions,
    )
    logged = AccessLog(measured)
    trust = ProxyTrust.from_config(config)
    return logged if trust is None else ClientAddress(logged, trust)


def create_fastapi_app(config: RouterConfig, overrides: Overrides | None = None) -> FastAPI:
    deps = overrides or Overrides()
    prefix = config.server.prefix
    metrics = RouterMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            async with opened_services(config, deps, metrics) as services:
                app.state.services = services
                if deps.on_open is not None:
                    deps.on_open(services)
                if deps.freeze_gc:
                    # Long-lived objects (config, policy, model files, imports) move out
                    # of the collector's sight: collections then scan only per-request
                    # garbage, which keeps pauses short. A process-wide effect: only the
                    # server process asks for it.
                    gc.collect()
                    gc.freeze()
                yield
        finally:
            access = getattr(app.state, "access", None)
            if access is not None:
                await access.aclose()

    docs = _docs_enabled(config)
    app = FastAPI(
        title=SERVICE_NAME,
        version=__version__,
        lifespan=lifespan,
        docs_url=f"{prefix}/docs" if docs else None,
        redoc_url=None,
        openapi_url=f"{prefix}/openapi.json" if docs else None,
    )
    app.state.metrics = metrics
    app.state.decisions = RecentDecisions()
    api = APIRouter(prefix=prefix)
    mount(api, ENDPOINTS)
    app.include_router(api)
    install_error_handlers(app, FaceIndex(prefix, ALL_ENDPOINTS))
    app.openapi = with_request_bodies(app, prefix, ALL_ENDPOINTS)  # type: ignore[method-assign]
    return app


def _docs_enabled(config: RouterConfig) -> bool:
    if config.server.docs != "auto":
        return config.server.docs == "on"
    try:
        return ipaddress.ip_address(config.server.host).is_loopback
    except ValueError:
        return config.server.host == "localhost"
