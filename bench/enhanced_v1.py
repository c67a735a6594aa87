"""The previous ``enhanced`` model (hashed words and 4-grams, uncalibrated), kept to compare.

The benches and the evaluation script run it beside the shipped model, in the same
process, so "old vs new" is measured on the same machine and requests. Its weights are
``bench/data/enhanced_v1_model.json``. What follows is its original description:

The small linear model shipped with the package, and the features it reads.

Features are hashed words, word pairs and character 4-grams of the bounded views that
``signals`` produces, plus the dense signal vector. The model is a multinomial logistic
regression trained by ``scripts/train_classifier.py`` on the project's own labelled
requests; its weights live in ``data/enhanced_model.json`` (float16, base64) and are
read once, lazily, with numpy. Nothing is downloaded.
"""

from __future__ import annotations

import base64
import json
import math
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ollama_agent_router.classification.enhanced import EnhancedClassifier
from ollama_agent_router.classification.features import DENSE_NAMES, dense_features
from ollama_agent_router.classification.signals import Signals

MODEL_FILE: Final = Path(__file__).resolve().parent / "data" / "enhanced_v1_model.json"
DEFAULT_DIM: Final = 1 << 15
MAX_WORDS: Final = 600
MAX_TAIL_WORDS: Final = 200
MEMO_SIZE: Final = 200_000
FEW_WORDS: Final = 100

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")

FloatArray = npt.NDArray[np.float32]


class ModelFileError(RuntimeError):
    """The shipped model file is missing or does not match this code."""


def _h(feature: str, dim: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % dim


_ALNUM = b"abcdefghijklmnopqrstuvwxyz0123456789"
_ONLY_ALNUM = bytes(b if b in _ALNUM else 32 for b in range(256))
_LETTER_OR_DIGIT = bytes(97 if 97 <= b <= 122 else 48 if 48 <= b <= 57 else 32 for b in range(256))


def _split_words(low: str) -> list[str]:
    """``_WORD.findall(low)``; for ASCII text without letter-digit runs, by byte tables."""
    ascii_text = low.replace("…", " ") if "…" in low else low
    if not ascii_text.isascii():
        return _WORD.findall(low)
    spaced = ascii_text.encode("ascii").translate(_ONLY_ALNUM)
    classes = spaced.translate(_LETTER_OR_DIGIT)
    if b"a0" in classes or b"0a" in classes:
        return _WORD.findall(low)
    return spaced.decode("ascii").split()


def _words(text: str) -> list[str]:
    words = _split_words(text.lower())
    if len(words) > MAX_WORDS + MAX_TAIL_WORDS:
        words = words[:MAX_WORDS] + words[-MAX_TAIL_WORDS:]
    return words


class _Memo(dict[str, int]):
    """Feature string → hashed index, remembered; cleared when it grows too large."""

    __slots__ = ("dim", "prefix")

    def __init__(self, dim: int, prefix: str = "") -> None:
        super().__init__()
        self.dim = dim
        self.prefix = prefix

    def __missing__(self, feature: str) -> int:
        if len(self) >= MEMO_SIZE:
            self.clear()
        index = self[feature] = _h(self.prefix + feature, self.dim)
        return index


class _Hasher:
    """Hashed features for one ``dim``, with the hashing of words memoised."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.index = _Memo(dim)
        self.words = _Memo(dim, prefix="u:")
        self.ask: dict[str, tuple[int, ...]] = {}
        """Word of the ask → its ``p:`` index, then the indexes of its character 4-grams."""

    def ask_word(self, word: str) -> tuple[int, ...]:
        grams = self.ask.get(word)
        if grams is None:
            if len(self.ask) >= MEMO_SIZE:
                self.ask.clear()
            padded = f" {word} "
            grams = self.ask[word] = (
                self.index["p:" + word],
                *(self.index["c:" + padded[i : i + 4]] for i in range(len(padded) - 3)),
            )
        return grams

    def word_indexes(self, text: str) -> list[int]:
        """Indexes of the ``u:`` features of ``_words(text)``, in order."""
        memo = self.words
        return list(map(memo.__getitem__, _words(text)))

    def arrays(self, signals: Signals) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        """Hashed features as (indexes, values), L2-normalised over summed repeats.

        An index may repeat (its values add up); ``features`` gives them summed.
        """
        dim, index = self.dim, self.index
        counts: dict[int, float] = {}
        get = counts.get
        if not signals.last_user.isascii():
            for run in _CJK_RUN.findall(signals.last_user[:3000]):
                for i in range(len(run) - 1):
                    k = index["z:" + run[i : i + 2]]
                    counts[k] = get(k, 0.0) + 1.0
        for line in signals.ask.splitlines():
            for word in _WORD.findall(line)[:25]:
                first, *grams = self.ask_word(word)
                counts[first] = get(first, 0.0) + 1.0
                for k in grams:
                    counts[k] = get(k, 0.0) + 0.5
        for word in _WORD.findall(signals.system[:1500].lower()):
            k = index["s:" + word]
            counts[k] = get(k, 0.0) + 0.5
        for word in _WORD.findall(signals.previous_user.lower()):
            k = index["h:" + word]
            counts[k] = get(k, 0.0) + 0.3
        for name in signals.tool_names[:32]:
            k = index["t:" + name.lower()]
            counts[k] = get(k, 0.0) + 0.7
        words = self.word_indexes(signals.last_user)
        if len(words) <= FEW_WORDS:
            previous = -1
            for current in words:
                counts[current] = get(current, 0.0) + 1.0
                if previous >= 0:
                    # Word pairs combine the two word hashes: no string building per pair.
                    pair = (previous * 1_000_003 + current * 7 + 12_345) % dim
                    counts[pair] = get(pair, 0.0) + 0.7
                previous = current
            indexes = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        else:  # the bulk of a long turn is handled by numpy, repeated indexes included
            ids = np.array(words, dtype=np.intp)
            pairs = (ids[:-1] * 1_000_003 + ids[1:] * 7 + 12_345) % dim
            indexes = np.concatenate(
                [ids, pairs, np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))]
            )
            values = np.concatenate(
                [
                    np.ones(len(ids)),
                    np.full(len(pairs), 0.7),
                    np.fromiter(counts.values(), dtype=np.float64, count=len(counts)),
                ]
            )
            # The norm is over summed repeats; a dot product does not need them summed.
            summed = np.bincount(indexes, weights=values, minlength=dim)
            return indexes, values / (math.sqrt(float(summed @ summed)) or 1.0)
        norm = math.sqrt(float(values @ values)) or 1.0
        return indexes, values / norm

    def features(self, signals: Signals) -> dict[int, float]:
        indexes, values = self.arrays(signals)
        summed: dict[int, float] = {}
        for index, value in zip(indexes.tolist(), values.tolist(), strict=True):
            summed[index] = summed.get(index, 0.0) + value
        return summed


@cache
def _hasher(dim: int) -> _Hasher:
    return _Hasher(dim)


def hashed_features(signals: Signals, dim: int) -> dict[int, float]:
    """Sparse hashed features (index → weight), L2-normalised."""
    return _hasher(dim).features(signals)


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A multinomial logistic regression over hashed + dense features."""

    labels: tuple[str, ...]
    dim: int
    hashed: FloatArray
    """Shape (dim, labels)."""
    dense: FloatArray
    """Shape (len(DENSE_NAMES), labels)."""
    bias: FloatArray

    def logits(self, signals: Signals) -> list[float]:
        index, values = _hasher(self.dim).arrays(signals)
        scores = values @ self.hashed[index] + self.bias
        dense = np.asarray(dense_features(signals), dtype=np.float64)
        result: list[float] = (scores + dense @ self.dense).tolist()
        return result

    def best(self, signals: Signals) -> tuple[str, float]:
        """The most probable label and its probability."""
        logits = self.logits(signals)
        top = max(logits)
        total = sum(math.exp(x - top) for x in logits)
        return self.labels[logits.index(top)], 1.0 / total

    def ranked(self, signals: Signals) -> list[tuple[str, float]]:
        return sorted(self.probabilities(signals).items(), key=lambda item: -item[1])

    def probabilities(self, signals: Signals) -> dict[str, float]:
        logits = self.logits(signals)
        top = max(logits)
        exp = [math.exp(x - top) for x in logits]
        total = sum(exp)
        return {label: e / total for label, e in zip(self.labels, exp, strict=True)}


def _array(blob: str, shape: tuple[int, ...]) -> FloatArray:
    raw = np.frombuffer(base64.b64decode(blob), dtype="<f2")
    return raw.astype(np.float32).reshape(shape)


def model_from_json(data: Mapping[str, Any]) -> LinearModel:
    """Build a model from the shipped JSON document; ``ModelFileError`` when it is wrong."""
    try:
        labels = tuple(str(x) for x in data["labels"])
        dim = int(data["dim"])
        names = tuple(str(x) for x in data["dense_names"])
        if names != DENSE_NAMES:
            raise ModelFileError("model was trained with other dense features; retrain it")
        return LinearModel(
            labels=labels,
            dim=dim,
            hashed=_array(str(data["hashed"]), (dim, len(labels))),
            dense=_array(str(data["dense"]), (len(DENSE_NAMES), len(labels))),
            bias=_array(str(data["bias"]), (len(labels),)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelFileError(f"malformed model file: {exc}") from exc


@cache
def load_model() -> LinearModel:
    """The previous model, read once per process."""
    return model_from_json(json.loads(MODEL_FILE.read_text("utf-8")))


def classifier(*, cache_size: int = 0) -> EnhancedClassifier:
    """The previous ``enhanced`` classifier: today's signals and rules, the old model."""
    return EnhancedClassifier(load_model(), cache_size=cache_size)
