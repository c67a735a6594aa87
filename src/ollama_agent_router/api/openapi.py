"""Request bodies in the OpenAPI document.

The handlers read their JSON bodies themselves (``api/body.py``), so FastAPI does not
see them; this table declares them: ``application/json`` only (anything else is a 415,
``api/browser.py``), with the fields routing reads. Other fields pass through to
Ollama, so every object stays open (``additionalProperties``). Schemathesis generates
bodies from these (``tests/api/test_schemathesis.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from fastapi import FastAPI

_TEXT: Final[dict[str, Any]] = {"type": "string"}
_MESSAGE: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["role"],
    "properties": {
        "role": {"type": "string", "enum": ["system", "user", "assistant", "tool", "developer"]},
        "content": {"anyOf": [_TEXT, {"type": "array", "items": {"type": "object"}}]},
    },
}
_ROUTER: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "mode": {"type": "string", "enum": ["auto", "sync", "async"]},
        "allowAsync": {"type": "boolean"},
        "taskType": _TEXT,
        "priority": {"type": "string", "enum": ["low", "normal", "high"]},
        "preferredModels": {"type": "array", "items": _TEXT},
        "forbiddenModels": {"type": "array", "items": _TEXT},
        "maxQueueTimeMs": {"type": "integer", "minimum": 0, "maximum": 86_400_000},
        "maxExecutionTimeMs": {"type": "integer", "minimum": 1, "maximum": 86_400_000},
        "requireGpuOnly": {"type": "boolean"},
    },
}
CHAT: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["messages"],
    "properties": {
        "model": _TEXT,
        "messages": {"type": "array", "minItems": 1, "items": _MESSAGE},
        "stream": {"type": "boolean"},
        "tools": {"type": "array", "items": {"type": "object"}},
        "router": _ROUTER,
    },
}
PROMPT: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["prompt"],
    "properties": {"model": _TEXT, "prompt": _TEXT, "stream": {"type": "boolean"}},
}
INPUT: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["input"],
    "properties": {
        "model": _TEXT,
        "input": {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]},
    },
}
DIRECT: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["selectedModel", "request"],
    "properties": {
        "selectedModel": _TEXT,
        "request": CHAT,
        "priority": {"type": "string", "enum": ["low", "normal", "high"]},
        "routerDecision": {
            "type": "object",
            "properties": {"taskType": _TEXT, "reason": _TEXT, "score": {"type": "number"}},
        },
    },
}

LEGACY_EMBEDDINGS: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["prompt"],
    "properties": {"model": _TEXT, "prompt": _TEXT},
}
SHOW: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["model"],
    "properties": {"model": _TEXT},
}
NAMED_MODEL: Final[dict[str, Any]] = {"type": "object", "properties": {"model": _TEXT}}
DIRECT_JOB: Final[dict[str, Any]] = {
    **DIRECT,
    "properties": {**DIRECT["properties"], "classification": {"type": "object"}},
}
ADMIN_BODIES: Final[dict[tuple[str, str], dict[str, Any]]] = {
    ("put", "/v1/admin/access/config"): {
        "type": "object",
        "required": ["config"],
        "properties": {"expectedVersion": {"type": "integer"}, "config": {"type": "object"}},
    },
    ("post", "/v1/admin/access/keys"): {
        "type": "object",
        "required": ["id", "scopes"],
        "properties": {
            "id": _TEXT,
            "key": _TEXT,
            "keyHash": _TEXT,
            "scopes": {"type": "array", "items": _TEXT},
        },
    },
}
"""The admin plane's bodies: its routes exist only when access control is configured."""


def with_request_bodies(
    app: FastAPI, prefix: str, bodies: Mapping[tuple[str, str], Mapping[str, Any]]
) -> Callable[[], dict[str, Any]]:
    """``app.openapi`` that also declares ``bodies``: ``(method, path)`` → JSON schema
    (the endpoint table's, and ``ADMIN_BODIES``)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = generate()
        for (method, path), schema in {**bodies, **ADMIN_BODIES}.items():
            operation = document["paths"].get(prefix + path, {}).get(method.lower())
            if operation is not None:
                operation["requestBody"] = {
                    "required": True,
                    "content": {"application/json": {"schema": schema}},
                }
        app.openapi_schema = document
        return document

    return openapi
