"""Field-wise hashed n-grams of a request, computed in one numpy pass per field.

The ``enhanced`` model reads six fields of a request, each as its own bag of hashed
features: the ask lines (words, word pairs, character 2–5-grams), the last user turn
bounded to its first 2,000 and last 1,000 characters (words, pairs, character 3–5-grams),
the head of the system prompt (words), the tool names, the previous user turn (words),
and the first and last ask line again (words, pairs: where people put the verb of an
ask, so "fix" there weighs more than "fix" in the middle of a story). Keeping the fields
apart lets the same word mean one thing in the ask and another in a pasted log or an
agent's system prompt.

Hashing is a polynomial hash over Unicode code points, done with wrapping 64-bit numpy
arithmetic: a prefix sum of ``c[k] * Q**k`` (``Q`` the inverse of ``P`` modulo 2**64)
gives the hash of any span as ``(S[j] - S[i]) * P**(j-1)``, so every character n-gram
and every word costs a few vector operations, not a Python call each. The result is
stable across processes and platforms (no ``hash()`` randomisation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from ollama_agent_router.classification.signals import Signals, edge_lines

FEATURES_VERSION: Final = "fields/3"
"""Changes whenever the features change: a model file names the version it was trained on."""

DIM_BITS: Final = 22
DIM: Final = 1 << DIM_BITS
ASK_CHARS: Final = 1_500
TURN_HEAD: Final = 2_000
TURN_TAIL: Final = 1_000
SYSTEM_CHARS: Final = 1_500
PREVIOUS_CHARS: Final = 400
MAX_TOOLS: Final = 32
MAX_CHARS: Final = TURN_HEAD + TURN_TAIL + 64

FIELDS: Final = ("ask", "turn", "system", "tools", "previous", "edge")

_P: Final = 0x100000001B3
_Q: Final = pow(_P, -1, 1 << 64)
_MASK: Final = (1 << 64) - 1


def _powers(base: int, count: int) -> npt.NDArray[np.uint64]:
    out = np.empty(count, dtype=np.uint64)
    value = 1
    for k in range(count):
        out[k] = value
        value = (value * base) & _MASK
    return out


_PPOW: Final = _powers(_P, MAX_CHARS + 1)
_QPOW: Final = _powers(_Q, MAX_CHARS + 1)

# Word characters: ASCII letters and digits; above ASCII everything but punctuation,
# symbols and spaces. CJK ideographs are words of one character each.
_ASCII_WORD: Final = np.zeros(128, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
    _ASCII_WORD[_c] = True
_SPACE: Final = re.compile(r"\s+")
_U64 = npt.NDArray[np.uint64]

_SALTS: Final = {
    name: np.uint64((i + 1) * 0x9E3779B97F4A7C15 & _MASK)
    for i, name in enumerate(
        (
            "ask:w", "ask:p", "ask:c2", "ask:c3", "ask:c4", "ask:c5",
            "turn:w", "turn:p", "turn:c3", "turn:c4", "turn:c5",
            "system:w", "tools:n", "tools:w", "previous:w", "edge:w", "edge:p",
        )
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FieldCounts:
    """The hashed features of a request and how often each occurs.

    ``keys`` are sorted and unique: ``field index << DIM_BITS | hashed index``, so
    ``keys >> DIM_BITS`` is the position of the field in ``FIELDS`` and
    ``keys & INDEX_MASK`` the feature's index.
    """

    keys: npt.NDArray[np.int64]
    counts: npt.NDArray[np.float64]


INDEX_MASK: Final = DIM - 1


class _Collector:
    """Salted raw hashes of every field, mixed and counted once at the end."""

    __slots__ = ("fields", "hashes")

    def __init__(self) -> None:
        self.hashes: list[_U64] = []
        self.fields: list[tuple[int, int]] = []

    def add(self, field: int, hashes: _U64, salt: str) -> None:
        self.hashes.append(hashes ^ _SALTS[salt])
        self.fields.append((field, len(hashes)))

    def counted(self) -> FieldCounts:
        if not self.hashes:
            return FieldCounts(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))
        indexes = _mix(np.concatenate(self.hashes))
        ids, lengths = zip(*self.fields, strict=True)
        fields = np.repeat(np.array(ids, dtype=np.int64), lengths)
        keys, counts = np.unique((fields << DIM_BITS) | indexes, return_counts=True)
        return FieldCounts(keys, counts.astype(np.float64))


def _codes(text: str) -> _U64:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def _mix(x: _U64) -> npt.NDArray[np.int64]:
    """A 64-bit finaliser (splitmix64) over the salted hashes; the top bits index."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(64 - DIM_BITS)).astype(np.int64)


def _prefix(codes: _U64) -> _U64:
    out = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes * _QPOW[: len(codes)], out=out[1:])
    return out


def _span_hashes(prefix: _U64, starts: npt.NDArray[np.intp], ends: npt.NDArray[np.intp]) -> _U64:
    result: _U64 = (prefix[ends] - prefix[starts]) * _PPOW[ends - 1]
    return result


def _char_grams(text: str, sizes: range, field: str, out: _Collector) -> None:
    codes = _codes(_SPACE.sub(" ", text))
    n = len(codes)
    if n == 0:
        return
    prefix = _prefix(codes)
    number = FIELDS.index(field)
    for size in sizes:
        if n < size:
            break
        # The hash of the gram starting at i is a span hash from i to i + size.
        hashes = (prefix[size:] - prefix[:-size]) * _PPOW[size - 1 : n]
        out.add(number, hashes, f"{field}:c{size}")


def _word_char(codes: _U64) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None]:
    """(is a word character, is a CJK ideograph or ``None`` for ASCII) per code point."""
    if int(codes.max()) < 128:
        return _ASCII_WORD[codes], None
    ascii_ = codes < 128
    word = np.where(ascii_, _ASCII_WORD[np.minimum(codes, 127)], True)
    punct = (
        (codes < 0xC0)  # Latin-1 punctuation and symbols
        | ((codes >= 0x2000) & (codes < 0x2070))
        | ((codes >= 0x3000) & (codes < 0x3040))
        | ((codes >= 0xFF00) & (codes < 0xFF10))
        | ((codes >= 0xFF1A) & (codes < 0xFF21))
        | ((codes >= 0x2190) & (codes < 0x2C00))
        | (codes >= 0x1F000)
    )
    word &= ascii_ | ~punct
    return word, (codes >= 0x3040) & (codes < 0xA000)


_FALSE: Final = np.zeros(1, dtype=bool)


def _words(text: str, field: str, out: _Collector, *, pairs: bool = True) -> None:
    """Hashed words (and pairs of neighbouring words) of ``text``."""
    codes = _codes(text)
    if len(codes) == 0:
        return
    word, cjk = _word_char(codes)
    padded = np.concatenate((_FALSE, word, _FALSE))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = edges[::2], edges[1::2]
    if cjk is not None and cjk.any():
        # Every CJK ideograph is a word of its own.
        inside = np.flatnonzero(cjk & word)
        bounds = np.union1d(np.concatenate((starts, ends)), np.concatenate((inside, inside + 1)))
        keep = np.concatenate((word, _FALSE))[bounds[:-1]]
        starts, ends = bounds[:-1][keep], bounds[1:][keep]
    if len(starts) == 0:
        return
    hashes = _span_hashes(_prefix(codes), starts, ends)
    number = FIELDS.index(field)
    out.add(number, hashes, f"{field}:w")
    if pairs and len(hashes) > 1:
        out.add(number, hashes[:-1] * np.uint64(0x2545F4914F6CDD1D) + hashes[1:], f"{field}:p")


def _bounded_turn(text: str) -> str:
    if len(text) <= TURN_HEAD + TURN_TAIL:
        return text
    return text[:TURN_HEAD] + " " + text[-TURN_TAIL:]


def field_counts(signals: Signals) -> FieldCounts:
    """The hashed n-gram counts of every field of one request."""
    out = _Collector()
    text = signals.ask[:ASK_CHARS]
    _words(text, "ask", out)
    _char_grams(text, range(2, 6), "ask", out)
    turn = _bounded_turn(signals.last_user.lower())
    _words(turn, "turn", out)
    _char_grams(turn, range(3, 6), "turn", out)
    _words(signals.system[:SYSTEM_CHARS].lower(), "system", out, pairs=False)
    names = [name.lower()[:64] for name in signals.tool_names[:MAX_TOOLS]]
    if names:
        out.add(FIELDS.index("tools"), _span_hashes(*_name_spans(names)), "tools:n")
        _words(" ".join(names), "tools", out, pairs=False)
    _words(signals.previous_user[:PREVIOUS_CHARS].lower(), "previous", out, pairs=False)
    _words(edge_lines(text), "edge", out)
    return out.counted()


def _name_spans(names: list[str]) -> tuple[_U64, npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Prefix hashes of the joined names and the span of each whole name."""
    joined = "\n".join(names)
    lengths = np.array([len(n) for n in names], dtype=np.intp)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    keep = lengths > 0
    return _prefix(_codes(joined)), starts[keep], (starts + lengths)[keep]
