"""The linear model shipped with the package, and how a request becomes its input.

Each field of ``fields`` becomes a TF-IDF vector of its own (sublinear term frequency,
inverse document frequency learnt in training, L2-normalised per field, so a 3,000-char
paste cannot drown a one-line ask); the dense features of ``features`` join them, scaled.
A multinomial logistic regression scores the labels, and its logits are divided by a
temperature fitted on held-out predictions, so the top probability is calibrated: among
requests given 0.8, about 80% are right. ``scripts/train_classifier.py`` trains it
(scikit-learn at build time only); the weights live in ``data/enhanced_model.npz``
(float16, only the features seen in at least two training requests) and are read once,
lazily, with numpy. Nothing is downloaded.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

import numpy as np
import numpy.typing as npt

from ollama_agent_router.classification.features import DENSE_NAMES, dense_features
from ollama_agent_router.classification.fields import (
    DIM,
    DIM_BITS,
    FEATURES_VERSION,
    FIELDS,
    INDEX_MASK,
    FieldCounts,
    field_counts,
)
from ollama_agent_router.classification.signals import Signals

MODEL_RESOURCE: Final = "enhanced_model.npz"
FORMAT: Final = "oar-enhanced-fields/1"

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


class ModelFileError(RuntimeError):
    """The shipped model file is missing or does not match this code."""


class Vocabulary:
    """Hashed feature index → row of the weights, with its inverse document frequency.

    Rows are found through a dense table over the hashed index space (``DIM`` int32,
    16 MiB): one gather per request instead of a binary search per feature.
    """

    __slots__ = ("field_weights", "idf", "keys", "table", "unknown_idf")

    def __init__(
        self,
        keys: IntArray,
        idf: npt.NDArray[np.float64],
        unknown_idf: float,
        field_weights: Mapping[str, float],
    ) -> None:
        self.keys = keys
        """Sorted hashed indexes of the known features."""
        self.idf = idf
        self.unknown_idf = unknown_idf
        """The weight of a feature never (or once) seen in training: it still counts in
        the norm of its field."""
        self.field_weights = np.array([field_weights.get(name, 1.0) for name in FIELDS])
        self.table = np.full(DIM, -1, dtype=np.int32)
        self.table[keys] = np.arange(len(keys), dtype=np.int32)

    def rows(self, counted: FieldCounts) -> tuple[IntArray, npt.NDArray[np.float64]]:
        """(rows, values) of the known features, TF-IDF and L2-normalised per field."""
        if len(counted.keys) == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        fields = counted.keys >> DIM_BITS
        rows = self.table[counted.keys & INDEX_MASK]
        found = rows >= 0
        weights = (1.0 + np.log(counted.counts)) * np.where(found, self.idf[rows], self.unknown_idf)
        norms = np.bincount(fields, weights=weights * weights, minlength=len(FIELDS))
        scale = self.field_weights / np.sqrt(np.maximum(norms, 1e-300))
        values = weights * scale[fields]
        return rows[found].astype(np.int64), values[found]


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Calibrated multinomial logistic regression over field TF-IDF + dense signals."""

    labels: tuple[str, ...]
    vocabulary: Vocabulary
    weights: FloatArray
    """Shape (known features, labels)."""
    dense: FloatArray
    """Shape (len(DENSE_NAMES), labels)."""
    bias: FloatArray
    signal_scale: float
    temperature: float

    def logits(self, signals: Signals) -> npt.NDArray[np.float64]:
        """Uncalibrated scores per label (before the temperature)."""
        rows, values = self.vocabulary.rows(field_counts(signals))
        scores = values @ self.weights[rows] + self.bias
        dense = np.asarray(dense_features(signals), dtype=np.float64) * self.signal_scale
        result: npt.NDArray[np.float64] = scores + dense @ self.dense
        return result

    def probabilities(self, signals: Signals) -> dict[str, float]:
        """Calibrated probability of every label."""
        return dict(zip(self.labels, softmax(self.logits(signals), self.temperature), strict=True))

    def ranked(self, signals: Signals) -> list[tuple[str, float]]:
        """Labels with calibrated probabilities, most probable first."""
        return sorted(self.probabilities(signals).items(), key=lambda item: -item[1])

    def best(self, signals: Signals) -> tuple[str, float]:
        """The most probable label and its calibrated probability."""
        probs = softmax(self.logits(signals), self.temperature)
        top = int(np.argmax(probs))
        return self.labels[top], float(probs[top])


def softmax(logits: npt.NDArray[np.float64], temperature: float = 1.0) -> list[float]:
    scaled = logits / temperature
    exp = np.exp(scaled - scaled.max())
    result: list[float] = (exp / exp.sum()).tolist()
    return result


def model_from_arrays(arrays: Mapping[str, npt.NDArray[np.generic]]) -> LinearModel:
    """Build a model from the arrays of the model file; ``ModelFileError`` when wrong."""
    try:
        meta = {
            str(k): str(v) for k, v in zip(arrays["meta_keys"], arrays["meta_values"], strict=True)
        }
        if meta.get("format") != FORMAT:
            raise ModelFileError(f"model file format {meta.get('format')!r}, expected {FORMAT!r}")
        if meta.get("features") != FEATURES_VERSION:
            raise ModelFileError("model was trained with other text features; retrain it")
        if tuple(str(x) for x in arrays["dense_names"]) != DENSE_NAMES:
            raise ModelFileError("model was trained with other dense features; retrain it")
        labels = tuple(str(x) for x in arrays["labels"])
        keys = np.asarray(arrays["keys"], dtype=np.int64)
        weights = np.asarray(arrays["weights"], dtype=np.float32)
        dense = np.asarray(arrays["dense"], dtype=np.float32)
        if weights.shape != (len(keys), len(labels)) or dense.shape != (
            len(DENSE_NAMES),
            len(labels),
        ):
            raise ModelFileError("model arrays do not fit together")
        if len(keys) == 0 or np.any(np.diff(keys) <= 0):
            raise ModelFileError("model feature keys are not sorted and unique")
        field_weights = {name: float(meta.get(f"field_weight.{name}", "1")) for name in FIELDS}
        return LinearModel(
            labels=labels,
            vocabulary=Vocabulary(
                keys=keys,
                idf=np.asarray(arrays["idf"], dtype=np.float64),
                unknown_idf=float(meta["unknown_idf"]),
                field_weights=field_weights,
            ),
            weights=weights,
            dense=dense,
            bias=np.asarray(arrays["bias"], dtype=np.float32),
            signal_scale=float(meta["signal_scale"]),
            temperature=float(meta["temperature"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"malformed model file: {exc}") from exc


def model_to_arrays(
    *,
    labels: list[str],
    keys: IntArray,
    idf: npt.NDArray[np.float64],
    weights: npt.NDArray[np.floating],
    dense: npt.NDArray[np.floating],
    bias: npt.NDArray[np.floating],
    meta: Mapping[str, str | float],
) -> dict[str, npt.NDArray[np.generic]]:
    """The arrays of a model file (``numpy.savez_compressed`` them)."""
    info = {"format": FORMAT, "features": FEATURES_VERSION, **{k: str(v) for k, v in meta.items()}}
    return {
        "meta_keys": np.array(list(info)),
        "meta_values": np.array([str(v) for v in info.values()]),
        "labels": np.array(labels),
        "dense_names": np.array(DENSE_NAMES),
        "keys": np.asarray(keys, dtype=np.uint32),
        "idf": np.asarray(idf, dtype=np.float16),
        "weights": np.asarray(weights, dtype=np.float16),
        "dense": np.asarray(dense, dtype=np.float32),
        "bias": np.asarray(bias, dtype=np.float32),
    }


def read_model(data: bytes) -> LinearModel:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"model file is not a numpy archive: {exc}") from exc
    return model_from_arrays(arrays)


@cache
def load_model() -> LinearModel:
    """The shipped model, read once per process."""
    try:
        package = resources.files("ollama_agent_router.classification")
        data = (package / "data" / MODEL_RESOURCE).read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise ModelFileError(f"model file {MODEL_RESOURCE} is missing: {exc}") from exc
    return read_model(data)
