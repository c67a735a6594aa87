"""Errors the HTTP API turns into OpenAI-shaped answers.

    RouterError                    status, type, code, message, headers
    ├── BadRequestError            400 a field is malformed (``param`` names it)
    │   └── NoCapableModelError    400 no allowed model has what the request needs
    ├── AuthError                  401/403 missing, invalid or insufficient key
    ├── NotFoundError              404 unknown model, job or route
    ├── ConflictError              409 version or id conflicts
    ├── PayloadTooLargeError       413 body over ``server.requestBodyLimit``
    ├── IdempotencyKeyReusedError  422 an ``Idempotency-Key`` sent again with another body
    ├── QueueFullError             429 per user / 503 global, with ``Retry-After``
    ├── NoModelAvailableError      503 every candidate is blocked
    └── ExecutionTimeoutError      504 the execution deadline passed

Errors of lower layers (routing options, the Ollama client) are mapped to these at the
API boundary, never by string matching.
"""

from __future__ import annotations


class RouterError(Exception):
    status: int = 500
    type: str = "api_error"
    code: str | None = None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.param = param
        self.headers = headers or {}

    def body(self) -> dict[str, object]:
        error: dict[str, object] = {"message": self.message, "type": self.type}
        error["param"] = self.param
        error["code"] = self.code
        return {"error": error}


class BadRequestError(RouterError):
    status = 400
    type = "invalid_request_error"
    code = "invalid_request"


class NoCapableModelError(BadRequestError):
    """Tools, images, a long prompt or chat that no allowed model can serve."""

    code = "no_capable_model"


class ContextTooLongError(NoCapableModelError):
    """The prompt does not fit the context any allowed model really runs with: refused,
    never cut silently by Ollama (OpenAI's own code for it, which clients know)."""

    code = "context_length_exceeded"


class AuthError(RouterError):
    status = 401
    type = "authentication_error"
    code = "invalid_api_key"


class NotFoundError(RouterError):
    status = 404
    type = "not_found_error"
    code = "not_found"


class ConflictError(RouterError):
    status = 409
    type = "conflict_error"
    code = "conflict"


class PayloadTooLargeError(RouterError):
    status = 413
    type = "invalid_request_error"
    code = "payload_too_large"


class IdempotencyKeyReusedError(RouterError):
    """The caller sent an ``Idempotency-Key`` it used before, with a different body:
    not a retry (which would be answered with the first job), so nothing is done."""

    status = 422
    type = "invalid_request_error"
    code = "idempotency_key_reused"


RETRY_AFTER_S = 2
"""``Retry-After`` (seconds) when the router or Ollama is too busy and says no better."""


class QueueFullError(RouterError):
    status = 503
    type = "overloaded_error"

    def __init__(
        self, message: str, *, status: int, code: str, retry_after: int = RETRY_AFTER_S
    ) -> None:
        super().__init__(
            message, status=status, code=code, headers={"Retry-After": str(retry_after)}
        )


class NoModelAvailableError(RouterError):
    status = 503
    type = "overloaded_error"
    code = "no_model_available"


class ExecutionTimeoutError(RouterError):
    status = 504
    type = "timeout_error"
    code = "execution_timeout"
