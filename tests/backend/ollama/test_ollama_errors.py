from __future__ import annotations

import json

import pytest

from ollama_agent_router.backend.ollama.errors import (
    OllamaError,
    OllamaHTTPError,
    OllamaStreamError,
    OllamaTimeout,
    OllamaUnavailable,
)


@pytest.mark.parametrize(
    ("status", "body", "not_found", "client_error", "fallback", "message"),
    [
        (404, '{"error":"model \'x\' not found"}', True, False, True, "model 'x' not found"),
        (
            404,
            '{"error":{"message":"model \\"x\\" not found, try pulling it first",'
            '"type":"not_found_error"}}',
            True,
            False,
            True,
            'model "x" not found, try pulling it first',
        ),
        (404, "404 page not found", True, False, True, "404 page not found"),
        (404, '{"error":"no route"}', False, True, False, "no route"),
        (
            400,
            '{"error":"m does not support tools"}',
            False,
            True,
            True,  # another model may have tools
            "m does not support tools",
        ),
        (400, '{"error":"bad keep_alive"}', False, True, False, "bad keep_alive"),
        (500, '{"error":"runner crashed"}', False, False, True, "runner crashed"),
        (503, "server busy", False, False, True, "server busy"),
        (429, '{"error":"rate limit exceeded"}', False, False, True, "rate limit exceeded"),
    ],
)
def test_http_error_classification(
    status: int, body: str, not_found: bool, client_error: bool, fallback: bool, message: str
) -> None:
    error = OllamaHTTPError(status, body)
    assert error.status_code == 502
    assert error.upstream_status == status
    assert error.is_model_not_found is not_found
    assert error.is_client_error is client_error
    assert error.fallback_allowed is fallback
    assert error.upstream_message == message
    assert str(status) in str(error)


def test_tree() -> None:
    assert OllamaUnavailable().status_code == 503
    assert OllamaUnavailable().message == "ollama unreachable"
    assert OllamaTimeout().status_code == 504
    assert OllamaUnavailable().fallback_allowed
    assert OllamaTimeout().fallback_allowed
    assert not OllamaStreamError("cut").fallback_allowed
    for cls in (OllamaUnavailable, OllamaTimeout, OllamaHTTPError, OllamaStreamError):
        assert issubclass(cls, OllamaError)


@pytest.mark.parametrize(
    ("status", "message", "missing"),
    [
        (400, "registry.ollama.ai/library/m:latest does not support tools", "tools"),
        (400, '"all-minilm" does not support chat', "completion"),
        (400, '"all-minilm" does not support generate', "completion"),
        (400, '"m" does not support thinking', "thinking"),
        (400, "m does not support insert", "insert"),
        (400, "m does not support tools\nvision", "tools"),
        (400, "raw mode does not support template, system, or context", None),
        (400, "model is required", None),
        (404, "m does not support tools", None),
        (
            500,
            "Failed to create new sequence: failed to process inputs: "
            "this model is missing data required for image input",
            "vision",
        ),
        (500, "an error was encountered while running the model", None),
    ],
)
def test_missing_capability(status: int, message: str, missing: str | None) -> None:
    openai_shape = json.dumps({"error": {"message": message, "type": "invalid_request_error"}})
    for body in (json.dumps({"error": message}), openai_shape):
        error = OllamaHTTPError(status, body)
        assert error.missing_capability == missing
        if missing is not None:
            assert error.fallback_allowed


QUEUE_FULL = "server busy, please try again.  maximum pending requests exceeded"


@pytest.mark.parametrize(
    ("status", "body", "busy"),
    [
        # server/sched.go ErrMaxQueue, answered 503 by server/routes.go handleScheduleError
        (503, json.dumps({"error": QUEUE_FULL}), True),
        (503, json.dumps({"error": {"message": QUEUE_FULL, "type": "api_error"}}), True),
        (429, json.dumps({"error": "rate limit exceeded"}), True),
        (500, json.dumps({"error": "runner crashed"}), False),
        (400, json.dumps({"error": "bad"}), False),
    ],
)
def test_busy_means_try_again_later(status: int, body: str, busy: bool) -> None:
    error = OllamaHTTPError(status, body, retry_after="7")
    assert error.is_busy is busy
    assert error.retry_after == "7"
    if busy:
        assert error.fallback_allowed
        assert not error.is_client_error
