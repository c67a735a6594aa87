"""Request fields Ollama reads its own way: reasoning effort (``think``) and the reply limit.

Reasoning effort. OpenAI's scale is ``none``, ``minimal``, ``low``, ``medium``, ``high``,
``xhigh``; Ollama's ``think`` (``api/types.go`` ``ThinkValue``) is a boolean or
``low``/``medium``/``high`` (``max`` since v0.22), and its ``/v1`` endpoint takes
``reasoning_effort`` / ``reasoning.effort`` only on that scale plus ``none`` — until
v0.32.11, where ``openai.go`` ``thinkFromReasoningEffort`` started clamping
``minimal`` → ``low`` and ``xhigh``/``ultra`` → ``max``. The router clamps the same way,
but to what every version accepts: ``minimal`` → ``low``, ``xhigh``/``ultra`` → ``high``
(``max`` only when the client names it), ``none`` → thinking off.

Reply limit. ``/v1/chat/completions`` caps the answer only with ``max_tokens`` (→
``num_predict``) and ignores OpenAI's newer ``max_completion_tokens``; when a client
sends both, the smaller one is the limit it asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

EFFORTS: Final[Mapping[str, str]] = {
    "none": "none",
    "minimal": "low",
    "low": "low",
    "medium": "medium",
    "high": "high",
    "xhigh": "high",
    "ultra": "high",
    "max": "max",
}
"""A client's reasoning effort → the effort Ollama's ``/v1`` accepts for it."""


def requested_effort(body: Mapping[str, Any]) -> Any:
    """The reasoning effort of an OpenAI body: ``reasoning.effort`` when set (Ollama
    reads it first), else ``reasoning_effort``; ``None`` when neither says one."""
    reasoning = body.get("reasoning")
    if isinstance(reasoning, Mapping) and reasoning.get("effort") not in (None, ""):
        return reasoning["effort"]
    return body.get("reasoning_effort")


def ollama_effort(effort: Any) -> Any:
    """``effort`` on Ollama's scale (``EFFORTS``); anything else unchanged (Ollama
    judges it)."""
    return EFFORTS.get(effort, effort) if isinstance(effort, str) else effort


def think_value(effort: Any) -> Any:
    """Native ``think`` for an OpenAI effort or a native ``think``: booleans as they
    are, ``none`` → ``false``, the other efforts clamped; anything else unchanged."""
    if isinstance(effort, bool) or not isinstance(effort, str):
        return effort
    clamped = ollama_effort(effort)
    return False if clamped == "none" else clamped


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def reply_limit(body: Mapping[str, Any]) -> int | None:
    """The answer's token limit: the smaller of ``max_tokens`` and
    ``max_completion_tokens`` (integers only); ``None`` when neither is one."""
    limits = [
        n
        for n in (_count(body.get("max_tokens")), _count(body.get("max_completion_tokens")))
        if n is not None
    ]
    return min(limits) if limits else None
