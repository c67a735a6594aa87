"""The admin API (``/v1/admin/access/*``) and the wiring of access control into the app.

The admin checks (address, admin key, client certificate) have already run in the
``AccessControl`` middleware when a handler here is called; the handlers only change
the managed policy, one change at a time, and audit what they did.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from starlette.responses import Response
from starlette.types import ASGIApp

from ollama_agent_router.access import AccessControl, AccessGate, hash_key
from ollama_agent_router.access.keys import public_entry
from ollama_agent_router.access.managed import ManagedPolicy
from ollama_agent_router.access.planes import Plane, PlaneMap
from ollama_agent_router.api import openapi
from ollama_agent_router.api.endpoints import OPENAI, Endpoint, FaceIndex, mount
from ollama_agent_router.api.serving.audit import admin_audit
from ollama_agent_router.api.serving.body import json_response, read_json
from ollama_agent_router.composition import services_of
from ollama_agent_router.config.loader import dotted_key
from ollama_agent_router.config.models import ApiKey, ManagedAccess, RouterConfig, dump_config
from ollama_agent_router.errors import BadRequestError


def install_access(
    app: FastAPI,
    inner: ASGIApp,
    config: RouterConfig,
    planes: PlaneMap,
    faces: FaceIndex | None = None,
    admin_rows: Iterable[Endpoint] = (),
) -> ASGIApp:
    """``inner`` behind access control when the config has an ``access`` section, and
    the admin plane's rows mounted on ``app``; ``inner`` unchanged otherwise, at no cost
    (and no admin route exists)."""
    if config.access is None:
        return inner
    gate = AccessGate(config.access, planes=planes)
    app.state.access = gate
    admin = APIRouter(prefix=config.server.prefix, tags=["admin"])
    mount(admin, admin_rows)
    app.include_router(admin)
    metrics = getattr(app.state, "metrics", None)
    count = getattr(metrics, "count_rejection", None)
    on_limited = (lambda: count("rate_limit")) if count is not None else None
    render = faces.refusal if faces is not None else None
    return AccessControl(inner, gate, on_rate_limited=on_limited, render=render)


def _managed(request: Request) -> ManagedPolicy:
    gate: AccessGate = request.app.state.access
    return gate.managed


async def get_config(request: Request) -> Response:
    managed = _managed(request)
    admin_audit(request, "admin.config.read", version=managed.current.version)
    return json_response(dump_config(managed.current))


async def put_config(request: Request) -> Response:
    managed = _managed(request)
    body = await read_json(request, services_of(request).body_limit)
    expected = body.get("expectedVersion")
    if expected is not None and (not isinstance(expected, int) or isinstance(expected, bool)):
        raise BadRequestError("expectedVersion: must be a whole number", param="expectedVersion")
    if not isinstance(body.get("config"), dict):
        raise BadRequestError("config: required, the managed access policy", param="config")
    policy = _validate(ManagedAccess, body["config"], "config")
    before = managed.current.version
    updated = await managed.replace(policy, expected_version=expected)
    admin_audit(
        request,
        "admin.config.replaced",
        fromVersion=before,
        version=updated.version,
        keyIds=[key.id for key in updated.api_keys],
    )
    return json_response(dump_config(updated))


async def add_key(request: Request) -> Response:
    managed = _managed(request)
    body = await read_json(request, services_of(request).body_limit)
    if "key" in body:
        plaintext = body.pop("key")
        if "keyHash" in body:
            raise BadRequestError("give either key or keyHash, not both", param="key")
        if not isinstance(plaintext, str) or len(plaintext) < 16:
            raise BadRequestError("key: must be a string of at least 16 characters", param="key")
        body["keyHash"] = hash_key(plaintext)
    key = _validate(ApiKey, body, "")
    updated = await managed.add_key(key)
    admin_audit(
        request, "admin.key.created", keyId=key.id, scopes=key.scopes, version=updated.version
    )
    return json_response(public_entry(key), status=201)


async def revoke_key(request: Request, key_id: str) -> Response:
    managed = _managed(request)
    revoked = await managed.revoke_key(key_id)
    admin_audit(request, "admin.key.revoked", keyId=key_id, version=managed.current.version)
    return json_response({"revoked": public_entry(revoked)})


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


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET", "/v1/admin/access/config", get_config, Plane.ADMIN, OPENAI,
        "The managed access policy",
    ),
    Endpoint(
        "PUT", "/v1/admin/access/config", put_config, Plane.ADMIN, OPENAI,
        "Replace the managed access policy", body=openapi.ACCESS_CONFIG,
    ),
    Endpoint(
        "POST", "/v1/admin/access/keys", add_key, Plane.ADMIN, OPENAI, "Add an API key",
        body=openapi.ACCESS_KEY, status_code=201,
    ),
    Endpoint(
        "DELETE", "/v1/admin/access/keys/{key_id}", revoke_key, Plane.ADMIN, OPENAI,
        "Revoke (remove) an API key",
    ),
)  # fmt: skip
"""The admin plane's rows: mounted only when access control is configured."""
