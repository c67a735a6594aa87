"""Request bodies in the OpenAPI document.

The handlers read their JSON bodies themselves (``api/body.py``), so FastAPI does not
see them; this table declares them: ``application/json`` only (anything else is a 415,
``api/browser.py``), with the fields routing reads. Other fields pass through to
Ollama, so every object stays open (``additionalProperties``). Schemathesis generates
bodies from these (``tests/api/test_schemathesis.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from fastapi import FastAPI

from ollama_agent_router.api.table import ENDPOINTS

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
_CHAT: Final[dict[str, Any]] = {
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
_PROMPT: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["prompt"],
    "properties": {"model": _TEXT, "prompt": _TEXT, "stream": {"type": "boolean"}},
}
_INPUT: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["input"],
    "properties": {
        "model": _TEXT,
        "input": {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]},
    },
}
_DIRECT: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["selectedModel", "request"],
    "properties": {
        "selectedModel": _TEXT,
        "request": _CHAT,
        "priority": {"type": "string", "enum": ["low", "normal", "high"]},
        "routerDecision": {
            "type": "object",
            "properties": {"taskType": _TEXT, "reason": _TEXT, "score": {"type": "number"}},
        },
    },
}

#: ``(method, path below the base path)`` → JSON schema of the body.
REQUEST_BODIES: Final[dict[tuple[str, str], dict[str, Any]]] = {
    ("post", "/v1/chat/completions"): _CHAT,
    ("post", "/v1/router/route"): _CHAT,
    ("post", "/api/chat"): _CHAT,
    ("post", "/v1/completions"): _PROMPT,
    ("post", "/api/generate"): _PROMPT,
    ("post", "/v1/embeddings"): _INPUT,
    ("post", "/api/embed"): _INPUT,
    ("post", "/api/embeddings"): {
        "type": "object",
        "required": ["prompt"],
        "properties": {"model": _TEXT, "prompt": _TEXT},
    },
    ("post", "/api/show"): {
        "type": "object",
        "required": ["model"],
        "properties": {"model": _TEXT},
    },
    **{
        ("post", f"/api/{path}"): {"type": "object", "properties": {"model": _TEXT}}
        for path in ("pull", "push", "create", "copy")
    },
    ("post", "/v1/router/execute"): _DIRECT,
    ("post", "/v1/router/jobs"): {
        **_DIRECT,
        "properties": {**_DIRECT["properties"], "classification": {"type": "object"}},
    },
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


def with_request_bodies(app: FastAPI, prefix: str) -> Callable[[], dict[str, Any]]:
    """``app.openapi`` that also declares the bodies of ``REQUEST_BODIES`` and of the
    endpoint table's rows."""
    generate = app.openapi
    bodies = dict(REQUEST_BODIES)
    bodies.update({(row.method.lower(), row.path): dict(row.body) for row in ENDPOINTS if row.body})

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = generate()
        for (method, path), schema in bodies.items():
            operation = document["paths"].get(prefix + path, {}).get(method)
            if operation is not None:
                operation["requestBody"] = {
                    "required": True,
                    "content": {"application/json": {"schema": schema}},
                }
        app.openapi_schema = document
        return document

    return openapi
