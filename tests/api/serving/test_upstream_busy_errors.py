"""Ollama's "try again later" (503 queue full, 429) in each face's error shape, with
``Retry-After`` — a table over the faces' renderers, fed the error as the gateway raises
it (``to_router_error``, the Ollama error as its cause) and as a direct call raises it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from starlette.responses import Response

from ollama_agent_router.api.anthropic.handlers import anthropic_error
from ollama_agent_router.api.endpoints import openai_error
from ollama_agent_router.api.ollama.handlers import native_error
from ollama_agent_router.backend.ollama.errors import OllamaHTTPError
from ollama_agent_router.pipeline.upstream import retry_after, to_router_error

QUEUE_FULL = "server busy, please try again.  maximum pending requests exceeded"
"""server/sched.go ErrMaxQueue, answered 503 by server/routes.go handleScheduleError."""


def ollama(
    status: int, message: str, *, openai_shape: bool = False, after: str | None = None
) -> OllamaHTTPError:
    if openai_shape:  # what Ollama's /v1 wraps it in (openai.NewError: api_error)
        body = json.dumps(
            {"error": {"message": message, "type": "api_error", "param": None, "code": None}}
        )
    else:
        body = json.dumps({"error": message})
    return OllamaHTTPError(status, body, retry_after=after)


def as_gateway_raises(exc: OllamaHTTPError) -> Exception:
    error = to_router_error(exc)
    error.__cause__ = exc
    return error


def decoded(response: Response) -> Any:
    return json.loads(bytes(response.body))


FACES: dict[str, Callable[[Exception], Response]] = {
    "openai": openai_error,
    "anthropic": anthropic_error,
    "ollama": native_error,
}

CASES = [
    # face, upstream status, message, Ollama's Retry-After, status, Retry-After, error body
    (
        "openai",
        503,
        QUEUE_FULL,
        None,
        503,
        "2",
        {
            "error": {
                "message": f"Ollama answered 503: {QUEUE_FULL}",
                "type": "overloaded_error",
                "param": None,
                "code": "ollama_busy",
                "upstream_status": 503,
            }
        },
    ),
    (
        "openai",
        429,
        "rate limit exceeded",
        "30",
        429,
        "30",
        {
            "error": {
                "message": "Ollama answered 429: rate limit exceeded",
                "type": "rate_limit_error",
                "param": None,
                "code": "ollama_rate_limited",
                "upstream_status": 429,
            }
        },
    ),
    (
        "anthropic",
        503,
        QUEUE_FULL,
        None,
        503,
        "2",
        {
            "type": "error",
            "error": {"type": "overloaded_error", "message": f"Ollama answered 503: {QUEUE_FULL}"},
        },
    ),
    (
        "anthropic",
        429,
        "rate limit exceeded",
        None,
        429,
        "2",
        {
            "type": "error",
            "error": {
                "type": "rate_limit_error",
                "message": "Ollama answered 429: rate limit exceeded",
            },
        },
    ),
    ("ollama", 503, QUEUE_FULL, "1", 503, "1", {"error": f"Ollama answered 503: {QUEUE_FULL}"}),
    (
        "ollama",
        429,
        "rate limit exceeded",
        None,
        429,
        "2",
        {"error": "Ollama answered 429: rate limit exceeded"},
    ),
]


@pytest.mark.parametrize("openai_shape", [False, True], ids=["native-body", "v1-body"])
@pytest.mark.parametrize(
    ("face", "upstream", "message", "after", "status", "retry", "expected"), CASES
)
def test_busy_in_each_face(
    face: str,
    upstream: int,
    message: str,
    after: str | None,
    status: int,
    retry: str,
    expected: dict[str, Any],
    openai_shape: bool,
) -> None:
    response = FACES[face](
        as_gateway_raises(ollama(upstream, message, openai_shape=openai_shape, after=after))
    )
    assert response.status_code == status
    assert response.headers["retry-after"] == retry
    assert decoded(response) == expected


@pytest.mark.parametrize("upstream", [503, 429])
def test_native_face_direct_call(upstream: int) -> None:
    """A native call outside the gateway (``/api/show``) raises Ollama's error itself."""
    response = native_error(ollama(upstream, QUEUE_FULL))
    assert response.status_code == upstream
    assert response.headers["retry-after"] == "2"
    assert decoded(response) == {"error": f"Ollama answered {upstream}: {QUEUE_FULL}"}


def test_other_errors_keep_their_mapping() -> None:
    """A 500 stays a 502 without Retry-After; another 4xx stays a 400 (OpenAI face) or
    keeps Ollama's status and message (Ollama face)."""
    crashed = openai_error(as_gateway_raises(ollama(500, "runner crashed")))
    assert crashed.status_code == 502
    assert "retry-after" not in crashed.headers
    rejected = ollama(400, "bad keep_alive")
    assert openai_error(as_gateway_raises(rejected)).status_code == 400
    native = native_error(as_gateway_raises(rejected))
    assert (native.status_code, decoded(native)) == (400, {"error": "bad keep_alive"})


@pytest.mark.parametrize(
    ("sent", "answered"),
    [
        (None, "2"),
        ("", "2"),
        ("7", "7"),
        (" 12 ", "12"),
        ("0", "0"),
        ("3601", "2"),
        ("-1", "2"),
        ("Wed, 21 Oct 2015 07:28:00 GMT", "2"),
        ("1.5", "2"),
        ("٣", "2"),
    ],
)
def test_retry_after(sent: str | None, answered: str) -> None:
    assert retry_after(sent) == answered
