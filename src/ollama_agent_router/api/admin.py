"""The admin API (``/v1/admin/access/*``) and the wiring of access control into the app.

The admin checks (address, admin key, client certificate) have already run in the
``AccessControl`` middleware when a handler here is called; the handlers only change
the managed policy, one change at a time, and audit what they did.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from starlette.responses import Response
from starlette.types import ASGIApp

from ollama_agent_router.access import AccessControl, AccessGate, hash_key
from ollama_agent_router.access.keys import public_entry
from ollama_agent_router.access.planes import PlaneMap
from ollama_agent_router.api.body import json_response, read_json
from ollama_agent_router.api.jobs import admin_jobs_router
from ollama_agent_router.config.loader import dotted_key
from ollama_agent_router.config.models import ApiKey, ManagedAccess, RouterConfig, dump_config
from ollama_agent_router.errors import BadRequestError


def install_access(app: FastAPI, inner: ASGIApp, config: RouterConfig, planes: PlaneMap) -> ASGIApp:
    """``inner`` behind access control when the config has an ``access`` section (the
    admin routes are added to ``app``); ``inner`` unchanged otherwise, at no cost."""
    if config.access is None:
        return inner
    gate = AccessGate(config.access, planes=planes)
    app.state.access = gate
    app.include_router(admin_router(gate, config))

    def audit(request: Request, event: str, **fields: Any) -> None:
        gate.audit(event, client=request.scope.get("oar.client"), **fields)

    app.include_router(admin_jobs_router(config.server.prefix, audit))
    metrics = getattr(app.state, "metrics", None)
    count = getattr(metrics, "count_rejection", None)
    on_limited = (lambda: count("rate_limit")) if count is not None else None
    return AccessControl(inner, gate, on_rate_limited=on_limited)


def admin_router(gate: AccessGate, config: RouterConfig) -> APIRouter:
    router = APIRouter(prefix=f"{config.server.prefix}/v1/admin/access", tags=["admin"])
    limit = config.server.request_body_limit_bytes
    managed = gate.managed

    def audit(request: Request, event: str, **fields: Any) -> None:
        gate.audit(event, client=request.scope.get("oar.client"), **fields)

    @router.get("/config", summary="The managed access policy")
    async def get_config(request: Request) -> Response:
        audit(request, "admin.config.read", version=managed.current.version)
        return json_response(dump_config(managed.current))

    @router.put("/config", summary="Replace the managed access policy")
    async def put_config(request: Request) -> Response:
        body = await read_json(request, limit)
        expected = body.get("expectedVersion")
        if expected is not None and (not isinstance(expected, int) or isinstance(expected, bool)):
            raise BadRequestError(
                "expectedVersion: must be a whole number", param="expectedVersion"
            )
        if not isinstance(body.get("config"), dict):
            raise BadRequestError("config: required, the managed access policy", param="config")
        policy = _validate(ManagedAccess, body["config"], "config")
        before = managed.current.version
        updated = await managed.replace(policy, expected_version=expected)
        audit(
            request,
            "admin.config.replaced",
            fromVersion=before,
            version=updated.version,
            keyIds=[key.id for key in updated.api_keys],
        )
        return json_response(dump_config(updated))

    @router.post("/keys", status_code=201, summary="Add an API key")
    async def add_key(request: Request) -> Response:
        body = await read_json(request, limit)
        if "key" in body:
            plaintext = body.pop("key")
            if "keyHash" in body:
                raise BadRequestError("give either key or keyHash, not both", param="key")
            if not isinstance(plaintext, str) or len(plaintext) < 16:
                raise BadRequestError(
                    "key: must be a string of at least 16 characters", param="key"
                )
            body["keyHash"] = hash_key(plaintext)
        key = _validate(ApiKey, body, "")
        updated = await managed.add_key(key)
        audit(
            request, "admin.key.created", keyId=key.id, scopes=key.scopes, version=updated.version
        )
        return json_response(public_entry(key), status=201)

    @router.delete("/keys/{key_id}", summary="Revoke (remove) an API key")
    async def revoke_key(request: Request, key_id: str) -> Response:
        revoked = await managed.revoke_key(key_id)
        audit(request, "admin.key.revoked", keyId=key_id, version=managed.current.version)
        return json_response({"revoked": public_entry(revoked)})

    return router


M = TypeVar("M", ManagedAccess, ApiKey)


def _validate(model: type[M], data: Any, where: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first: ErrorDetails = exc.errors(include_url=False)[0]
        field = dotted_key((where, *first["loc"]) if where else first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown key"
        elif first["type"] == "missing":
            message = "required"
        raise BadRequestError(f"{field}: {message}", param=field) from None
