from __future__ import annotations

import pytest

from ollama_agent_router.backend import (
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
            False,
            "m does not support tools",
        ),
        (500, '{"error":"runner crashed"}', False, False, True, "runner crashed"),
        (503, "server busy", False, False, True, "server busy"),
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
