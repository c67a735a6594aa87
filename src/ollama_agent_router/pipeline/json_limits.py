"""What a JSON request body may hold, checked once where every body is parsed.

Python's ``json.loads`` accepts more than the router can carry further: nesting until
its recursion limit (then ``RecursionError``), lone UTF-16 surrogates, from ``\\ud800``
escapes or raw bytes (a ``str`` that cannot be encoded to UTF-8, so the upstream call or
the job store fails later), ``NaN``, ``Infinity`` and ``1e400`` (floats that are no JSON
number). ``parse_json`` refuses all of these with a ``BadRequestError`` naming the field
(``messages[0].content``); the body must be UTF-8.

The walk over the decoded value runs only when the body could hold a problem: more
brackets than ``MAX_DEPTH``, a ``\\ud…`` escape, or a float the decoder's hooks saw out
of range — a plain chat body is decoded by the C decoder and not looked at again.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final

from ollama_agent_router.errors import BadRequestError

MAX_DEPTH: Final = 128
"""Deepest nesting of arrays and objects (serde_json's default limit)."""

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_TOKEN: Final = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{},:]')
_SHOWN_PARTS: Final = 3
"""A field path is named down to this many parts (``messages[0].content``)."""

Path = tuple[object, ...]


class _Numbers:
    """Decoder hooks that note a float JSON cannot carry (the walk then names it)."""

    out_of_range = 0

    def parse_float(self, text: str) -> float:
        value = float(text)
        if math.isinf(value):
            self.out_of_range += 1
        return value

    def parse_constant(self, text: str) -> float:
        self.out_of_range += 1
        return float(text)


_NUMBERS: Final = _Numbers()
_DECODER: Final = json.JSONDecoder(
    parse_float=_NUMBERS.parse_float, parse_constant=_NUMBERS.parse_constant
)


def parse_json(raw: bytes) -> Any:
    """``raw`` decoded, or ``BadRequestError`` naming the field that breaks a limit."""
    seen = _NUMBERS.out_of_range
    try:
        value = _DECODER.decode(raw.decode("utf-8"))
    except RecursionError:
        raise _too_deep(_deep_path(raw)) from None
    except UnicodeDecodeError:
        raise BadRequestError("Malformed JSON body: not UTF-8", param="body") from None
    except ValueError as exc:
        raise BadRequestError(f"Malformed JSON body: {_reason(exc)}", param="body") from None
    if isinstance(value, dict | list):
        deep = raw.count(b"[") + raw.count(b"{") > MAX_DEPTH
        strings = b"\\ud" in raw or b"\\uD" in raw
        numbers = _NUMBERS.out_of_range != seen  # (another thread's count: a no-op walk)
        if (deep and _too_deep_anywhere(value)) or strings or numbers:
            _check_tree(value, strings=strings, numbers=numbers)
    return value


def _reason(exc: ValueError) -> str:
    text = str(exc)
    if "integer string conversion" in text:
        return "a number has more than 4300 digits"
    return text


def field_name(path: Path) -> str:
    """``("messages", 0, "content")`` as ``messages[0].content``; ``body`` when empty."""
    out = ""
    for part in path[:_SHOWN_PARTS]:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def _fail(path: Path, problem: str) -> BadRequestError:
    field = field_name(path)
    return BadRequestError(f"{field}: {problem}", param=field)


def _too_deep(path: Path) -> BadRequestError:
    return _fail(path, f"JSON nested more than {MAX_DEPTH} levels deep")


def _check_string(text: str, path: Path) -> None:
    if not text.isascii() and _SURROGATE.search(text):
        raise _fail(path, "contains a lone UTF-16 surrogate (\\ud800-\\udfff); not valid Unicode")


def _too_deep_anywhere(root: dict[str, Any] | list[Any]) -> bool:
    """The depth check alone, without field paths (bodies with many tools take it)."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        for item in node.values() if type(node) is dict else node:
            kind = type(item)
            if kind is dict or kind is list:
                stack.append((item, depth + 1))
    return False


def _check_tree(root: Any, *, strings: bool, numbers: bool) -> None:
    """Depth (always), strings and floats (when asked) of a decoded body; iterative, so
    depth costs no stack."""
    stack: list[tuple[Any, int, Path]] = [(root, 1, ())]
    scalars = strings or numbers
    while stack:
        node, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(path)
        items = node.items() if type(node) is dict else enumerate(node)
        for key, item in items:
            kind = type(item)
            if strings and type(key) is str:
                _check_string(key, path)
            if kind is dict or kind is list:
                stack.append((item, depth + 1, (*path, key)))
            elif scalars:
                _check_scalar(item, (*path, key), strings=strings, numbers=numbers)


def _check_scalar(item: object, path: Path, *, strings: bool, numbers: bool) -> None:
    if strings and type(item) is str:
        _check_string(item, path)
    elif numbers and type(item) is float and not math.isfinite(item):
        raise _fail(path, "number out of range (NaN, Infinity or beyond 1e308)")


def _deep_path(raw: bytes) -> Path:
    """Where ``raw`` first nests deeper than ``MAX_DEPTH`` (it failed to decode for it).

    A token scan that follows keys and indexes; only for bodies the decoder gave up on.
    """
    path: list[object] = []
    kinds: list[bytes] = []
    expecting_key = False
    for match in _TOKEN.finditer(raw):
        token = match.group()
        if token in (b"[", b"{"):
            if len(kinds) >= MAX_DEPTH:
                return tuple(path)
            kinds.append(token)
            path.append(0)
            expecting_key = token == b"{"
        elif token in (b"]", b"}"):
            if kinds:
                kinds.pop()
                path.pop()
            expecting_key = False
        elif token == b",":
            if kinds and kinds[-1] == b"[" and isinstance(path[-1], int):
                path[-1] += 1
            expecting_key = bool(kinds) and kinds[-1] == b"{"
        elif token == b":":
            expecting_key = False
        elif expecting_key and kinds:
            try:
                path[-1] = json.loads(token)
            except ValueError:
                path[-1] = "?"
    return tuple(path)
