"""The small linear model shipped with the package, and the features it reads.

Features are hashed words, word pairs and character 4-grams of the bounded views that
``signals`` produces, plus the dense signal vector. The model is a multinomial logistic
regression trained by ``scripts/train_classifier.py`` on the project's own labelled
requests; its weights live in ``data/enhanced_model.json`` (float16, base64) and are
read once, lazily, with numpy. Nothing is downloaded.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ollama_agent_router.classification.signals import DENSE_NAMES, Signals, dense_features

MODEL_RESOURCE: Final = "enhanced_model.json"
DEFAULT_DIM: Final = 1 << 15
MAX_WORDS: Final = 600
MAX_TAIL_WORDS: Final = 200

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")

FloatArray = npt.NDArray[np.float32]


class ModelFileError(RuntimeError):
    """The shipped model file is missing or does not match this code."""


def _h(feature: str, dim: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % dim


def _words(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    if len(words) > MAX_WORDS + MAX_TAIL_WORDS:
        words = words[:MAX_WORDS] + words[-MAX_TAIL_WORDS:]
    return words


def hashed_features(signals: Signals, dim: int) -> dict[int, float]:
    """Sparse hashed features (index → weight), L2-normalised."""
    counts: dict[int, float] = {}

    def add(feature: str, weight: float = 1.0) -> None:
        index = _h(feature, dim)
        counts[index] = counts.get(index, 0.0) + weight

    words = _words(signals.last_user)
    word_index: dict[str, int] = {}
    previous = -1
    for word in words:
        index = word_index.get(word)
        if index is None:
            index = word_index[word] = _h("u:" + word, dim)
        counts[index] = counts.get(index, 0.0) + 1.0
        if previous >= 0:
            # Word pairs combine the two word hashes: no string building per pair.
            pair = (previous * 1_000_003 + index * 7 + 12_345) % dim
            counts[pair] = counts.get(pair, 0.0) + 0.7
        previous = index
    for run in _CJK_RUN.findall(signals.last_user[:3000]):
        for i in range(len(run) - 1):
            add("z:" + run[i : i + 2])
    for line in signals.ask.splitlines():
        for word in _WORD.findall(line)[:25]:
            add("p:" + word)
            padded = f" {word} "
            for i in range(len(padded) - 3):
                add("c:" + padded[i : i + 4], 0.5)
    for word in _WORD.findall(signals.system[:1500].lower()):
        add("s:" + word, 0.5)
    for word in _WORD.findall(signals.previous_user.lower()):
        add("h:" + word, 0.3)
    for name in signals.tool_names[:32]:
        add("t:" + name.lower(), 0.7)
    norm = float(np.sqrt(sum(v * v for v in counts.values()))) or 1.0
    return {k: v / norm for k, v in counts.items()}


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

    def probabilities(self, signals: Signals) -> dict[str, float]:
        sparse = hashed_features(signals, self.dim)
        logits = self.bias.astype(np.float64)
        if sparse:
            index = np.fromiter(sparse.keys(), dtype=np.int64, count=len(sparse))
            value = np.fromiter(sparse.values(), dtype=np.float64, count=len(sparse))
            logits = logits + value @ self.hashed[index]
        logits = logits + np.asarray(dense_features(signals), dtype=np.float64) @ self.dense
        logits -= logits.max()
        exp = np.exp(logits)
        probs = exp / exp.sum()
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}


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


def model_to_json(
    *, labels: list[str], dim: int, hashed: FloatArray, dense: FloatArray, bias: FloatArray
) -> dict[str, object]:
    def pack(array: FloatArray) -> str:
        return base64.b64encode(np.ascontiguousarray(array, dtype="<f2").tobytes()).decode()

    return {
        "format": "oar-enhanced-linear/1",
        "labels": labels,
        "dim": dim,
        "dense_names": list(DENSE_NAMES),
        "hashed": pack(hashed),
        "dense": pack(dense),
        "bias": pack(bias),
    }


@cache
def load_model() -> LinearModel:
    """The shipped model, read once per process."""
    try:
        package = resources.files("ollama_agent_router.classification")
        text = (package / "data" / MODEL_RESOURCE).read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelFileError(f"model file {MODEL_RESOURCE} is missing: {exc}") from exc
    return model_from_json(json.loads(text))
