"""``GET /ui``, the status page, and ``GET /v1/router/decisions``, its recent decisions.

The page is one HTML file in the package, read once. The server fills in the static facts
(node, version, configured models, the configured VRAM total) with escaped values; a small
inline script then polls the JSON endpoints with relative URLs, so the page works under
any ``server.basePath`` and behind a proxy that moves it. No external assets. The inline
script and style are pinned by hash in the Content-Security-Policy, so nothing else runs.

On a fleet gateway (``data-fleet="on"``) the page shows the nodes, each as the gateway's
last poll left it, in place of VRAM, models and residency, which are the nodes' own.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from html import escape
from importlib import resources
from typing import Annotated

from fastapi import Query, Request
from starlette.responses import HTMLResponse, Response

from ollama_agent_router import SERVICE_NAME, __version__
from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.endpoints import OPENAI, Endpoint
from ollama_agent_router.api.middleware.recent import RecentDecisions
from ollama_agent_router.api.serving.body import json_response
from ollama_agent_router.composition import Services, services_of

_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@cache
def _template() -> tuple[str, str]:
    """The page template and its Content-Security-Policy."""
    page = resources.files(__package__).joinpath("ui.html").read_text(encoding="utf-8")
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in _INLINE.findall(page):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        hashes[kind].append(f"'sha256-{digest}'")
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {' '.join(hashes['script'])}",
            f"style-src {' '.join(hashes['style'])}",
            "connect-src 'self'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )
    return page, policy


def render_page(services: Services, *, status_readable: bool = True) -> str:
    """The page; ``status_readable`` false when ``/v1/router/status`` cannot answer it
    (the runtime-agent plane is disabled): the script then does not poll it and says so."""
    config = services.config
    rows = "".join(
        f"<tr><td>{escape(model.name)}</td><td class=num>{model.size_gb:g} GB</td>"
        f"<td class=wrap>{escape(', '.join(model.purpose))}</td>"
        '<td class="muted">–</td><td></td><td></td><td></td></tr>'
        for model in config.models
    )
    values = {
        "title": escape(f"{SERVICE_NAME} · {config.server.node_id}"),
        "service": escape(SERVICE_NAME),
        "node": escape(config.server.node_id),
        "version": escape(__version__),
        "gpu_name": escape(config.gpu.name or ""),
        "vram_total_mb": str(config.gpu.vram_total_mb),
        "model_rows": rows,
        "status_feed": "on" if status_readable else "off",
        # A fleet gateway has no Ollama of its own: its nodes instead of VRAM and models.
        "fleet": "on" if services.fleet is not None else "off",
        "backend": "nodes" if services.fleet is not None else "Ollama",
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], _template()[0])


def _runtime_plane_enabled(request: Request) -> bool:
    """``/v1/router/status`` belongs to the runtime-agent plane; without access control
    every plane is open."""
    gate = getattr(request.app.state, "access", None)
    if gate is None:
        return True
    return bool(gate.policy.planes["runtimeAgent"].enabled)


async def status_page(request: Request) -> Response:
    readable = _runtime_plane_enabled(request)
    return HTMLResponse(
        render_page(services_of(request), status_readable=readable),
        headers={
            "Cache-Control": "no-store",
            "Content-Security-Policy": _template()[1],
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def recent_decisions(request: Request) -> RecentDecisions:
    """The app's buffer; an app built without one (``create_fastapi_app`` alone in a
    test) gets an empty one."""
    state = request.app.state
    recent: RecentDecisions | None = getattr(state, "decisions", None)
    if recent is None:
        recent = state.decisions = RecentDecisions()
    return recent


async def decisions(
    request: Request, limit: Annotated[int | None, Query(ge=1, le=1000)] = None
) -> Response:
    recent = recent_decisions(request)
    body = {"object": "list", "capacity": recent.capacity, "data": recent.as_list(limit)}
    return json_response(body)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/ui",
        status_page,
        Plane.EITHER,
        OPENAI,
        "Status page (HTML, refreshes itself)",
        response_class=HTMLResponse,
    ),
    Endpoint(
        "GET",
        "/v1/router/decisions",
        decisions,
        Plane.EITHER,
        OPENAI,
        "Recent routing decisions, newest first",
    ),
)
