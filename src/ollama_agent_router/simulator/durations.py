"""``keep_alive`` values as Ollama reads them: Go duration strings or seconds."""

from __future__ import annotations

import math
import re

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")

#: A negative keep-alive keeps the model loaded for ever.
FOREVER = math.inf


class DurationError(ValueError):
    """A keep_alive Ollama would reject with 400."""


def parse_keep_alive(value: object, default: float) -> float:
    """Seconds to keep a model loaded once idle; ``FOREVER`` for negative values."""
    if value is None:
        return default
    if isinstance(value, bool):
        raise DurationError(f"invalid keep_alive {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = parse_go_duration(value.strip())
    else:
        raise DurationError(f"invalid keep_alive {value!r}")
    return FOREVER if seconds < 0 else seconds


def parse_go_duration(text: str) -> float:
    """Parse ``"5m"``, ``"1h30m"``, ``"-1m"`` or ``"0"`` like Go's ``time.ParseDuration``."""
    original = text
    sign = 1.0
    if text[:1] in "+-" and text:
        sign = -1.0 if text[0] == "-" else 1.0
        text = text[1:]
    if text == "0":
        return 0.0
    if not text:
        raise DurationError(f'time: invalid duration "{original}"')
    total, pos = 0.0, 0
    while pos < len(text):
        match = _PART.match(text, pos)
        if match is None:
            if re.fullmatch(r"[\d.]+", text[pos:]):
                raise DurationError(f'time: missing unit in duration "{original}"')
            raise DurationError(f'time: invalid duration "{original}"')
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    return sign * total
