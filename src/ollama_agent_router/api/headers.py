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


def header_value(text: str) -> str:
    """``text`` as a safe header value: visible ASCII kept, everything else ``%XX``."""
    if text.isascii() and text.isprintable() and "%" not in text:
        return text  # the common case: nothing to encode
    return quote(text, safe=_KEPT, errors="backslashreplace")
