"""Sampling settings and the reply limit, checked the same way by every face: pure.

Each function takes the value a client sent and the field's name as the client spelled
it (``temperature``, ``max_output_tokens``, ``messages``' ``max_tokens``), and answers
the value the chat body gets, or raises a 400 naming that field
(``BadRequestError("<field>: …", param=<field>)``, which each face renders in its shape).

- ``temperature``: a number in [0, 2]. Anthropic allows [0, 1] and OpenAI [0, 2]; every
  Ollama model takes the wider range, so both faces accept it.
- ``top_p``: a number in (0, 1]; 0 would leave no token to sample.
- ``top_k``: an integer ≥ 0 (0: no limit, as in Ollama).
- the reply limit (``max_tokens``, ``max_output_tokens``): an integer ≥ 1; above
  ``OUTPUT_CEILING`` it is lowered to it, not refused. Clients send their own vendor's
  ceilings (Claude Code asks for 128000) and 2**63 would overflow Ollama's ``int``; no
  local model writes a million tokens in one answer, and routing reserves at most
  ``routing.capabilities.REPLY_RESERVE_TOKENS`` of the limit anyway.

Booleans are not numbers here, and NaN and the infinities are outside every range.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ollama_agent_router.errors import BadRequestError

OUTPUT_CEILING: Final = 1_000_000
"""The highest reply limit passed on; a larger one is lowered to it."""

TEMPERATURE_MAX: Final = 2.0


def _bad(field: str, message: str) -> BadRequestError:
    return BadRequestError(f"{field}: {message}", param=field)


def _number(value: object, field: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(field, "must be a number")
    return value


def _integer(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(field, "must be an integer")
    return value


def temperature(value: object, field: str = "temperature") -> float | int:
    """``value`` if it is a number in [0, 2]."""
    number = _number(value, field)
    if not 0 <= number <= TEMPERATURE_MAX:
        raise _bad(field, "must be between 0 and 2")
    return number


def top_p(value: object, field: str = "top_p") -> float | int:
    """``value`` if it is a number in (0, 1]."""
    number = _number(value, field)
    if not 0 < number <= 1:
        raise _bad(field, "must be greater than 0 and at most 1")
    return number


def top_k(value: object, field: str = "top_k") -> int:
    """``value`` if it is an integer ≥ 0."""
    number = _integer(value, field)
    if number < 0:
        raise _bad(field, "must be at least 0")
    return number


def output_limit(value: object, field: str = "max_tokens", *, ceiling: int = OUTPUT_CEILING) -> int:
    """An integer ≥ 1, lowered to ``ceiling`` when above it."""
    number = _integer(value, field)
    if number < 1:
        raise _bad(field, "must be at least 1")
    return min(number, ceiling)


def chat_sampling(
    body: Mapping[str, Any], *, limit: str = "max_tokens", required: bool = False
) -> dict[str, Any]:
    """The OpenAI chat fields of a face's request: ``temperature``, ``top_p`` and
    ``max_tokens`` (read from the field named ``limit``), each only when sent (``null``
    counts as not sent); ``top_k`` is checked, and returned as ``top_k`` for the face to
    pass on or drop. ``required``: a missing limit is a 400."""
    out: dict[str, Any] = {}
    if body.get(limit) is not None:
        out["max_tokens"] = output_limit(body[limit], limit)
    elif required:
        raise _bad(limit, "required, must be an integer")
    if body.get("temperature") is not None:
        out["temperature"] = temperature(body["temperature"])
    if body.get("top_p") is not None:
        out["top_p"] = top_p(body["top_p"])
    if body.get("top_k") is not None:
        out["top_k"] = top_k(body["top_k"])
    return out
