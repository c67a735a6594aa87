"""Server-sent events, the wire format of every streamed OpenAI, Anthropic and Responses
answer: reading them from a backend and writing them to a client."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def sse_event(data: Mapping[str, Any] | str, *, named: bool = False) -> bytes:
    """One server-sent event: ``data: <json>``; ``named`` puts its ``type`` in an
    ``event:`` line first, as the Anthropic and Responses streams do."""
    if named and not isinstance(data, str):
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return f"event: {data['type']}\ndata: {text}\n\n".encode()
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return b"data: " + text.encode() + b"\n\n"


SSE_DONE = b"data: [DONE]\n\n"


def split_events(buffer: bytearray) -> list[bytes]:
    """Pop the complete SSE events (ending in a blank line) from the front of ``buffer``."""
    events: list[bytes] = []
    while True:
        lf = buffer.find(b"\n\n")
        crlf = buffer.find(b"\r\n\r\n")
        if lf < 0 and crlf < 0:
            return events
        end = crlf + 4 if crlf >= 0 and (lf < 0 or crlf < lf) else lf + 2
        events.append(bytes(buffer[:end]))
        del buffer[:end]
