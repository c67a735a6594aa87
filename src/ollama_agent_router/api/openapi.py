"""Request bodies in the OpenAPI document.

The handlers read their JSON bodies themselves (``api/body.py``), so FastAPI does not
see them; this table declares them: ``application/json`` only (anything else is a 415,
``api/browser.py``), with the fields routing reads. Other fields pass through to
Ollama, so every object stays open (``additionalProperties``). Schemathesis generates
bodies from these (``tests/api/test_schemathesis.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from fastapi import FastAPI

from ollama_agent_router.api.endpoints import Endpoint

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
ACCESS_CONFIG: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["config"],
    "properties": {"expectedVersion": {"type": "integer"}, "config": {"type": "object"}},
}
ACCESS_KEY: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["id", "scopes"],
    "properties": {
        "id": _TEXT,
        "key": _TEXT,
        "keyHash": _TEXT,
        "scopes": {"type": "array", "items": _TEXT},
    },
}


ERROR: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {
                        "message": _TEXT,
                        "type": _TEXT,
                        "param": {"type": ["string", "null"]},
                        "code": {"type": ["string", "null"]},
                    },
                },
                _TEXT,  # Ollama's shape
            ]
        }
    },
}
_ROUTER_OBJECT: Final[dict[str, Any]] = {
    "type": "object",
    "description": "How the router decided: task type, model, queue and execution time",
    "properties": {
        "mode": _TEXT,
        "taskType": _TEXT,
        "selectedModel": _TEXT,
        "decisionReason": _TEXT,
        "queueTimeMs": {"type": "number"},
        "executionTimeMs": {"type": "number"},
    },
}
CHAT_COMPLETION: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["choices"],
    "properties": {
        "id": _TEXT,
        "object": {"type": "string", "enum": ["chat.completion"]},
        "model": _TEXT,
        "choices": {"type": "array", "items": {"type": "object"}},
        "usage": {"type": "object"},
        "router": _ROUTER_OBJECT,
    },
}
MODEL: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["id", "object"],
    "properties": {"id": _TEXT, "object": {"type": "string"}, "owned_by": _TEXT},
}
MODEL_LIST: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["data"],
    "properties": {"object": _TEXT, "data": {"type": "array", "items": MODEL}},
}
JOB: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["id", "status"],
    "properties": {"id": _TEXT, "object": _TEXT, "status": _TEXT, "router": {"type": "object"}},
}
OLLAMA_MODELS: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["models"],
    "properties": {"models": {"type": "array", "items": {"type": "object"}}},
}


def documented(path: str) -> str:
    """A route path as the OpenAPI document writes it (no ``:path`` converters)."""
    return re.sub(r":\w+\}", "}", path)


def with_request_bodies(
    app: FastAPI, prefix: str, rows: Iterable[Endpoint]
) -> Callable[[], dict[str, Any]]:
    """``app.openapi`` with what the handlers read and write themselves, from the
    endpoint table: request bodies, 200 schemas, and the 400 the
    router answers for bad input (FastAPI would document a 422 it never sends)."""
    generate = app.openapi
    rows = list(rows)
    bodies = {(r.method.lower(), documented(r.path)): r.body for r in rows if r.body is not None}
    answers = {(r.method.lower(), documented(r.path)): r.response for r in rows if r.response}

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = generate()
        for path, operations in document["paths"].items():
            below = path[len(prefix) :] if prefix and path.startswith(prefix) else path
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)
                if method in ("post", "put", "get", "delete") and "400" not in responses:
                    responses["400"] = {
                        "description": "Bad request; the message names the field",
                        "content": {"application/json": {"schema": ERROR}},
                    }
                schema = bodies.get((method, below))
                if schema is not None:
                    operation["requestBody"] = {
                        "required": True,
                        "content": {"application/json": {"schema": dict(schema)}},
                    }
                answer = answers.get((method, below))
                ok = responses.get("200")
                if answer is not None and ok is not None:
                    ok["content"] = {"application/json": {"schema": dict(answer)}}
        document.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
        document.get("components", {}).get("schemas", {}).pop("ValidationError", None)
        app.openapi_schema = document
        return document

    return openapi
