"""Completion-length plan: how many tokens the answer to a given request will take.

A benchmark knows how long each answer should be (from the request's true task type)
but must not tell the router, so it cannot put ``max_tokens`` in the request. It
registers the lengths here instead, keyed by a hash of the request's last user message
as the simulator receives it: the router forwards that text unchanged through both the
OpenAI and the native API (content parts are joined with newlines either way).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def plan_key(text: str) -> str:
    """The key of one request: a hash of its last user message text."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def content_text(content: Any) -> str:
    """A message's text: the string, or its text parts joined by newlines."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            str(part.get("text", ""))
            for part in content
            if isinstance(part, dict) and part.get("type", "text") == "text" and "text" in part
        )
    return ""


def last_user_text(messages: list[Any]) -> str:
    """The text of the last ``user`` message ("" when there is none)."""
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            return content_text(message.get("content"))
    return ""


@dataclass(slots=True)
class CompletionPlan:
    """Planned answer lengths by request key; a request not in the plan answers as usual."""

    lengths: dict[str, int] = field(default_factory=dict)
    #: How many inference requests found their length here (a check that keys survive).
    hits: int = 0

    def add(self, entries: Mapping[str, int]) -> None:
        for key, tokens in entries.items():
            if not isinstance(key, str) or not key:
                raise ValueError("plan keys must be non-empty strings")
            if isinstance(tokens, bool) or not isinstance(tokens, int) or tokens < 0:
                raise ValueError(f"plan length for {key!r} must be a whole number >= 0")
        self.lengths.update(entries)

    def tokens_for(self, ask: str) -> int | None:
        """The planned length for a request whose last user message is ``ask``."""
        if not self.lengths:
            return None
        tokens = self.lengths.get(plan_key(ask))
        if tokens is not None:
            self.hits += 1
        return tokens

    def clear(self) -> None:
        self.lengths.clear()
        self.hits = 0

    def to_json(self) -> dict[str, int]:
        return {"entries": len(self.lengths), "hits": self.hits}
