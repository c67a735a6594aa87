"""Query parameters the handlers read by hand, range-checked in one place."""

from __future__ import annotations

from typing import Final

from ollama_agent_router.errors import BadRequestError

MAX_CURSOR: Final = 2**63 - 1
"""Job sequence numbers are SQLite (and Redis) 64-bit integers."""


def cursor_value(text: str) -> int:
    """A list cursor (the ``nextCursor`` of a previous page): ASCII digits only — not
    ``²`` or other Unicode digits ``str.isdigit`` accepts — and at most ``MAX_CURSOR``."""
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) > MAX_CURSOR:
        raise BadRequestError("cursor: use the nextCursor of a previous page", param="cursor")
    return int(text)
