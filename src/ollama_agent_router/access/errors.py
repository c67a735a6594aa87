"""The answers of the access checks, in the router's error tree."""

from __future__ import annotations

from ollama_agent_router.errors import AuthError, NotFoundError, RouterError


class KeyRequiredError(AuthError):
    def __init__(self) -> None:
        super().__init__("API key required", code="api_key_required")


class InvalidKeyError(AuthError):
    def __init__(self) -> None:
        super().__init__("Invalid API key", code="invalid_api_key")


class ForbiddenError(AuthError):
    status = 403
    type = "permission_error"
    code = "forbidden"


class PlaneDisabledError(NotFoundError):
    """A disabled plane answers as if its routes did not exist."""

    def __init__(self) -> None:
        super().__init__("Not Found")


class RateLimitedError(RouterError):
    status = 429
    type = "rate_limit_error"
    code = "rate_limit_exceeded"
