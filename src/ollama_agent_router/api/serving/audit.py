"""The admin audit log: every admin action, with the admin client that did it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ollama_agent_router.access import AccessGate


def admin_audit(request: Request, event: str, **fields: Any) -> None:
    """Record an admin action in the audit log, with the admin client that did it."""
    gate: AccessGate = request.app.state.access
    gate.audit(event, client=request.scope.get("oar.client"), **fields)
