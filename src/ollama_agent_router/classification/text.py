"""Turning chat messages into the plain text classifiers read.

Public and stable: every classifier mode reads requests through these helpers, so they
agree on what "the text of a request" is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ollama_agent_router.tokens import text_tokens

__all__ = ["content_text", "estimate_tokens", "last_user_text", "request_text"]


def content_text(content: Any) -> str:
    """The text of one message ``content``.

    A string is taken as is. A list (OpenAI content parts) gives the ``text`` of each
    part that has one, joined by newlines; image and audio parts carry no text. Anything
    else (``None``, a missing field, a number) counts as empty, so a malformed message
    never stops classification.
    """
    if isinstance(content, str):
        return content
    if isinstance(content, list | tuple):
        texts: list[str] = []
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, Mapping):
                text = part.get("text")
                if isinstance(text, str):
                    texts.append(text)
        return "\n".join(texts)
    return ""


def _content(message: object) -> Any:
    return message.get("content") if isinstance(message, Mapping) else None


def request_text(messages: Iterable[Any]) -> str:
    """All message contents joined by newlines, in order, not lower-cased.

    Every message contributes, even an empty one, as in the reference implementation.
    """
    return "\n".join(content_text(_content(message)) for message in messages)


def last_user_text(messages: Iterable[Any]) -> str:
    """The text of the last ``user`` message, or ``""`` when there is none."""
    last = ""
    for message in messages:
        if isinstance(message, Mapping) and message.get("role") == "user":
            last = content_text(message.get("content"))
    return last


def estimate_tokens(text: str) -> int:
    """The router's one token estimate (``tokens.text_tokens``)."""
    return text_tokens(text)
