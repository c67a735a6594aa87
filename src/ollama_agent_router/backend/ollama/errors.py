"""Failures talking to Ollama, mapped at the client boundary to one typed tree.

::

    OllamaError                    base; ``status_code`` = what the router answers (502)
    ├── OllamaUnavailable          connection refused / reset / DNS: 503 "ollama unreachable"
    ├── OllamaTimeout              no answer in time: 504
    ├── OllamaHTTPError            Ollama answered with an error status: 502, carries
    │                              ``upstream_status`` and ``body``;
    │                              ``is_model_not_found`` (404), ``missing_capability``
    │                              (``does not support tools``), ``is_busy`` (503 queue
    │                              full, 429: try again later) and ``is_client_error``
    │                              (other 4xx, returned as is, never retried)
    └── OllamaProtocolError        an answer we cannot read (bad JSON, a stream that
        └── OllamaStreamError      ends early or reports an error mid-stream): 502

``fallback_allowed`` tells routing whether another model may be tried (SPEC §3.6):
yes for unreachable, timeout, 5xx, 429, model-not-found and a missing capability
(another model may have it, or be loaded already and not need Ollama's queue), no for
other client errors.
"""

from __future__ import annotations

import re
from typing import Any

_DOES_NOT_SUPPORT = re.compile(r"does not support ([a-z ]+)")
_NO_IMAGE_INPUT = "missing data required for image input"
BUSY_STATUSES = frozenset({429, 503})
"""Ollama asks to come back later: 503 when its pending-request queue is full
(``OLLAMA_MAX_QUEUE``; ``server/sched.go`` ``ErrMaxQueue``, answered by
``server/routes.go`` ``handleScheduleError``) or a runner/cloud model is overloaded; 429
when a cloud model is rate limited."""
_CAPABILITY_WORDS = {
    "chat": "completion",
    "generate": "completion",
    "completion": "completion",
    "tools": "tools",
    "vision": "vision",
    "insert": "insert",
    "embedding": "embedding",
    "thinking": "thinking",
}


class OllamaError(Exception):
    status_code: int = 502

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def fallback_allowed(self) -> bool:
        return True


class OllamaUnavailable(OllamaError):
    status_code = 503

    def __init__(self, message: str = "ollama unreachable") -> None:
        super().__init__(message)


class OllamaTimeout(OllamaError):
    status_code = 504

    def __init__(self, message: str = "ollama did not answer in time") -> None:
        super().__init__(message)


class OllamaHTTPError(OllamaError):
    def __init__(
        self, upstream_status: int, body: str, *, url: str = "", retry_after: str | None = None
    ) -> None:
        self.upstream_status = upstream_status
        self.body = body
        self.url = url
        self.retry_after = retry_after
        """Ollama's ``Retry-After`` header, if it sent one."""
        super().__init__(f"ollama answered {upstream_status}: {self.upstream_message}")

    @property
    def upstream_message(self) -> str:
        """The ``error`` text of a native or OpenAI-style error body, else the raw body."""
        import json

        try:
            data: Any = json.loads(self.body)
        except ValueError:
            return self.body.strip()[:500]
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            error = error.get("message")
        return str(error) if error is not None else self.body.strip()[:500]

    @property
    def is_model_not_found(self) -> bool:
        return self.upstream_status == 404 and "not found" in self.upstream_message.lower()

    @property
    def missing_capability(self) -> str | None:
        """The capability Ollama says the model lacks, in ``/api/show``'s words.

        400 ``<model> does not support tools`` (also ``chat``/``generate`` for an
        embedding model, ``thinking``, ``insert``), or the runner's 500 for an image sent
        to a model without a vision projector.
        """
        message = self.upstream_message
        if self.upstream_status >= 500:
            return "vision" if _NO_IMAGE_INPUT in message else None
        if self.upstream_status != 400:
            return None
        match = _DOES_NOT_SUPPORT.search(message)
        if match is None:
            return None
        words = [_CAPABILITY_WORDS[w] for w in match[1].split() if w in _CAPABILITY_WORDS]
        return words[0] if words else None

    @property
    def is_busy(self) -> bool:
        """Ollama asks to try again later (``BUSY_STATUSES``)."""
        return self.upstream_status in BUSY_STATUSES

    @property
    def is_client_error(self) -> bool:
        return (
            400 <= self.upstream_status < 500 and not self.is_model_not_found and not self.is_busy
        )

    @property
    def fallback_allowed(self) -> bool:
        return (
            self.upstream_status >= 500
            or self.is_busy
            or self.is_model_not_found
            or self.missing_capability is not None
        )


class OllamaProtocolError(OllamaError):
    pass


class OllamaStreamError(OllamaProtocolError):
    """The stream broke after it started; bytes may already have reached the client."""

    @property
    def fallback_allowed(self) -> bool:
        return False
