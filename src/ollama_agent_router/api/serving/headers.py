"""The one encoder for header values built from data (task types, reasons, model names).

HTTP header values must be visible ASCII: a character outside Latin-1 makes the server
fail while building the response, and CR, LF or NUL break the response framing. Every
value the router derives from a request or the config goes through ``header_value``,
which percent-encodes anything that is not visible ASCII (and ``%`` itself, so the
encoding can be undone with ``urllib.parse.unquote``).
"""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

#: Printable ASCII (space to tilde) except ``%``: kept as is.
_KEPT: Final = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) != "%")


_ELLIPSIS: Final = "%E2%80%A6"
MAX_LENGTH: Final = 256
"""Longer values are cut (a gateway's free-form reason could be megabytes; proxies and
clients refuse header lines of more than a few kilobytes)."""


def header_value(text: str) -> str:
    """``text`` as a safe header value: visible ASCII kept, everything else ``%XX``,
    at most ``MAX_LENGTH`` characters (ending in ``…`` encoded when cut)."""
    if len(text) <= MAX_LENGTH and text.isascii() and text.isprintable() and "%" not in text:
        return text  # the common case: nothing to encode
    encoded = _encode(text)
    if len(encoded) <= MAX_LENGTH:
        return encoded
    kept, budget = [], MAX_LENGTH - len(_ELLIPSIS)
    for char in text:  # whole characters only: never half of a UTF-8 sequence
        piece = _encode(char)
        budget -= len(piece)
        if budget < 0:
            break
        kept.append(piece)
    return "".join(kept) + _ELLIPSIS


def _encode(text: str) -> str:
    return quote(text, safe=_KEPT, errors="backslashreplace")
