"""Train the ``enhanced`` classifier's model on every training source, calibrate it, ship it.

Run: ``.venv/bin/python scripts/train_classifier.py [--cv] [--c 10] [--write]``.
Needs scikit-learn (``pip install -e '.[train]'``; build time only: the package reads the
weights with numpy). Never reads the fresh evaluation set (``tests/data/eval_v2``).

- ``--cv`` reports, for the current settings, leave-one-source-out accuracy (each
  independently written source predicted by a model trained on all the others: the
  closest stand-in for requests from a new author) and 5-fold accuracy of the dataset.
- ``--folds`` reports 5-fold accuracy over the independent sources (stratified by source
  and label, the project's dataset always in training).
- The temperature is fitted on the leave-one-source-out predictions of the independent
  sources (and 5-fold predictions of the project's dataset), so the shipped confidences
  are calibrated for unseen writers, not for the training set.
- ``--write`` writes ``src/ollama_agent_router/classification/data/enhanced_model.npz``
  and ``scripts/out/oof_predictions.jsonl`` (the held-out predictions, for the reports).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

import classifier_data

from ollama_agent_router.classification.enhanced import (
    LARGE_CONFIDENCE,
    REPO_WIDE_CONFIDENCE,
)
from ollama_agent_router.classification.features import DENSE_NAMES, dense_features
from ollama_agent_router.classification.fields import (
    FIELDS,
    INDEX_MASK,
    FieldCounts,
    field_counts,
)
from ollama_agent_router.classification.linear import (
    MODEL_RESOURCE,
    Vocabulary,
    model_to_arrays,
    softmax,
)
from ollama_agent_router.classification.signals import extract
from ollama_agent_router.tasks import CLASSIFIED_TASK_TYPES

ROOT = classifier_data.ROOT
OUT = ROOT / "src" / "ollama_agent_router" / "classification" / "data" / MODEL_RESOURCE
OOF = ROOT / "scripts" / "out" / "oof_predictions.jsonl"
LABELS = list(CLASSIFIED_TASK_TYPES)


@dataclass
class Example:
    id: str
    source: str
    label: int
    fields: FieldCounts
    dense: list[float]
    rule: str | None = None
    """``large`` or ``repo_wide`` when a large-context rule decides before the model."""


@dataclass
class Settings:
    c: float = 30.0
    min_df: int = 3
    signal_scale: float = 0.3
    new_weight: float = 3.0
    """Sample weight of the independently written sources relative to ``dataset``."""
    balanced: bool = True
    field_weights: tuple[float, ...] = (2.5, 1.0, 1.0, 1.0, 1.0, 2.0)
    """ask, turn, system, tools, previous, edge (see ``fields``)."""


def featurize(sources: list[str]) -> list[Example]:
    out: list[Example] = []
    for source in sources:
        for row in classifier_data.load(source):
            signals = extract(classifier_data.request(row))
            out.append(
                Example(
                    id=str(row["id"]),
                    source=source,
                    label=LABELS.index(row["label"]),
                    fields=field_counts(signals),
                    dense=dense_features(signals),
                    rule="large" if signals.large else "repo_wide" if signals.repo_wide else None,
                )
            )
    return out


def vocabulary(examples: list[Example], s: Settings) -> Vocabulary:
    """Features seen in at least ``min_df`` requests, with smoothed IDF."""
    per_doc = [np.unique(e.fields.keys & INDEX_MASK) for e in examples]
    keys, df = np.unique(np.concatenate(per_doc), return_counts=True)
    keep = df >= s.min_df
    n = len(examples)
    idf = np.log((1 + n) / (1 + df[keep])) + 1.0
    return Vocabulary(
        keys=keys[keep].astype(np.int64),
        idf=idf.astype(np.float16).astype(np.float64),  # as stored
        unknown_idf=math.log(1 + n) + 1.0,
        field_weights=dict(zip(FIELDS, s.field_weights, strict=True)),
    )


def design(examples: list[Example], vocab: Vocabulary, s: Settings) -> sparse.csr_matrix:
    width = len(vocab.keys)
    data: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    indptr = [0]
    for e in examples:
        rows, values = vocab.rows(e.fields)
        dense = np.asarray(e.dense) * s.signal_scale
        nz = np.flatnonzero(dense)
        cols += [rows, width + nz]
        data += [values, dense[nz]]
        indptr.append(indptr[-1] + len(rows) + len(nz))
    return sparse.csr_matrix(
        (np.concatenate(data), np.concatenate(cols), indptr),
        shape=(len(examples), width + len(DENSE_NAMES)),
    )


def weights(examples: list[Example], s: Settings) -> np.ndarray:
    w = np.array([1.0 if e.source == "dataset" else s.new_weight for e in examples])
    if s.balanced:
        y = np.array([e.label for e in examples])
        per_label = np.bincount(y, weights=w, minlength=len(LABELS))
        w = w * (w.sum() / (len(LABELS) * per_label[y]))
    return w / w.mean()


def fit(examples: list[Example], s: Settings) -> tuple[LogisticRegression, Vocabulary]:
    vocab = vocabulary(examples, s)
    x = design(examples, vocab, s)
    y = np.array([e.label for e in examples])
    model = LogisticRegression(C=s.c, max_iter=2000, tol=1e-4)
    model.fit(x, y, sample_weight=weights(examples, s))
    return model, vocab


def predict_logits(
    model: LogisticRegression, vocab: Vocabulary, examples: list[Example], s: Settings
) -> np.ndarray:
    logits = np.zeros((len(examples), len(LABELS)))
    logits[:, model.classes_] = model.decision_function(design(examples, vocab, s))
    missing = np.setdiff1d(np.arange(len(LABELS)), model.classes_)
    logits[:, missing] = -1e9
    return logits


def held_out_logits(
    examples: list[Example], s: Settings, folds: int = 5, *, dataset: bool = True
) -> np.ndarray:
    """Leave-one-source-out logits for the independent sources, k-fold for ``dataset``
    (left at zero when ``dataset`` is false: the quicker check while tuning)."""
    logits = np.zeros((len(examples), len(LABELS)))
    sources = sorted({e.source for e in examples})
    for source in sources:
        if source == "dataset":
            continue
        test = [i for i, e in enumerate(examples) if e.source == source]
        train = [i for i, e in enumerate(examples) if e.source != source]
        model, vocab = fit([examples[i] for i in train], s)
        logits[test] = predict_logits(model, vocab, [examples[i] for i in test], s)
    inside = [i for i, e in enumerate(examples) if e.source == "dataset"]
    if inside and dataset:
        y = [examples[i].label for i in inside]
        split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
        for train_pos, test_pos in split.split(np.zeros(len(inside)), y):
            train = [i for i, e in enumerate(examples) if e.source != "dataset"]
            train += [inside[p] for p in train_pos]
            test = [inside[p] for p in test_pos]
            model, vocab = fit([examples[i] for i in train], s)
            logits[test] = predict_logits(model, vocab, [examples[i] for i in test], s)
    return logits


def with_rules(examples: list[Example], logits: np.ndarray) -> np.ndarray:
    """The logits as the classifier decides: the large-context rules come first."""
    out = logits.copy()
    large = LABELS.index("large_context")
    for i, e in enumerate(examples):
        if e.rule is not None:
            out[i] = 0.0
            out[i, large] = 10.0
    return out


def independent_folds(examples: list[Example], s: Settings, folds: int = 5) -> np.ndarray:
    """k-fold logits over the independent sources (stratified by source and label), the
    project's dataset always in training: how the weighting of sources plays out."""
    logits = np.zeros((len(examples), len(LABELS)))
    inside = [i for i, e in enumerate(examples) if e.source != "dataset"]
    strata = [f"{examples[i].source}:{examples[i].label}" for i in inside]
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train_pos, test_pos in split.split(np.zeros(len(inside)), strata):
        train = [i for i, e in enumerate(examples) if e.source == "dataset"]
        train += [inside[p] for p in train_pos]
        test = [inside[p] for p in test_pos]
        model, vocab = fit([examples[i] for i in train], s)
        logits[test] = predict_logits(model, vocab, [examples[i] for i in test], s)
    return logits


def nll(logits: np.ndarray, y: np.ndarray, temperature: float) -> float:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z).sum(axis=1))
    return float(np.mean(log_norm - z[np.arange(len(y)), y]))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood (golden-section on log T)."""
    lo, hi = math.log(0.05), math.log(20.0)
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(80):
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if nll(logits, y, math.exp(a)) < nll(logits, y, math.exp(b)):
            hi = b
        else:
            lo = a
    return math.exp((lo + hi) / 2)


def summary(examples: list[Example], logits: np.ndarray) -> dict[str, float]:
    pred = logits.argmax(axis=1)
    y = np.array([e.label for e in examples])
    out: dict[str, float] = {}
    for source in sorted({e.source for e in examples}):
        mask = np.array([e.source == source for e in examples])
        out[source] = float(np.mean(pred[mask] == y[mask]))
        recalls = [
            float(np.mean(pred[mask & (y == k)] == k))
            for k in range(len(LABELS))
            if (mask & (y == k)).any()
        ]
        out[f"{source} worst recall"] = min(recalls)
    independent = np.array([e.source != "dataset" for e in examples])
    if independent.any():
        out["independent"] = float(np.mean(pred[independent] == y[independent]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--c", type=float, default=Settings.c)
    parser.add_argument("--min-df", type=int, default=Settings.min_df)
    parser.add_argument("--signal-scale", type=float, default=Settings.signal_scale)
    parser.add_argument("--new-weight", type=float, default=Settings.new_weight)
    parser.add_argument("--unbalanced", action="store_true")
    parser.add_argument(
        "--field-weights",
        default=",".join(str(w) for w in Settings.field_weights),
        help="ask,turn,system,tools,previous,edge",
    )
    parser.add_argument("--sources", default=",".join(classifier_data.TRAINING_SOURCES))
    parser.add_argument("--cv", action="store_true", help="report held-out accuracy")
    parser.add_argument(
        "--folds", action="store_true", help="report 5-fold accuracy over independent sources"
    )
    parser.add_argument("--write", action="store_true", help="calibrate and write the model")
    args = parser.parse_args()
    s = Settings(
        c=args.c,
        min_df=args.min_df,
        signal_scale=args.signal_scale,
        new_weight=args.new_weight,
        balanced=not args.unbalanced,
        field_weights=tuple(float(x) for x in args.field_weights.split(",")),
    )
    sources = [x for x in args.sources.split(",") if x != "eval_v2"]
    start = time.perf_counter()
    examples = featurize(sources)
    counts = {src: sum(e.source == src for e in examples) for src in sources}
    print(f"{len(examples)} requests {counts}; features in {time.perf_counter() - start:.1f} s")
    y = np.array([e.label for e in examples])
    if args.folds:
        print(f"5-fold over the independent sources, settings {s}")
        folds = with_rules(examples, independent_folds(examples, s))
        independent = [i for i, e in enumerate(examples) if e.source != "dataset"]
        picked = [examples[i] for i in independent]
        for key, value in summary(picked, folds[independent]).items():
            print(f"  {key:28} {value:.3f}")
    logits = None
    if args.cv or args.write:
        logits = held_out_logits(examples, s)
        print(f"settings {s}")
        for key, value in summary(examples, with_rules(examples, logits)).items():
            print(f"  {key:28} {value:.3f}")
    if not args.write:
        return
    assert logits is not None
    by_model = np.array([e.rule is None for e in examples])
    temperature = fit_temperature(logits[by_model], y[by_model])
    print(
        f"temperature {temperature:.3f}: held-out NLL"
        f" {nll(logits[by_model], y[by_model], 1.0):.3f}"
        f" → {nll(logits[by_model], y[by_model], temperature):.3f}"
    )
    model, vocab = fit(examples, s)
    coef = np.zeros((len(vocab.keys) + len(DENSE_NAMES), len(LABELS)))
    coef[:, model.classes_] = model.coef_.T
    bias = np.full(len(LABELS), -30.0)
    bias[model.classes_] = model.intercept_
    meta: dict[str, str | float] = {
        "temperature": round(temperature, 4),
        "signal_scale": s.signal_scale,
        "unknown_idf": vocab.unknown_idf,
        "trained_on": ",".join(f"{k}:{v}" for k, v in counts.items()),
        "c": s.c,
        **{f"field_weight.{k}": float(v) for k, v in zip(FIELDS, vocab.field_weights, strict=True)},
    }
    arrays = model_to_arrays(
        labels=LABELS,
        keys=vocab.keys,
        idf=vocab.idf,
        weights=coef[: len(vocab.keys)],
        dense=coef[len(vocab.keys) :],
        bias=bias,
        meta=meta,
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    OOF.parent.mkdir(parents=True, exist_ok=True)
    with OOF.open("w", encoding="utf-8") as handle:
        for e, row in zip(examples, logits, strict=True):
            probs = softmax(row, temperature)
            if e.rule is not None:
                p = LARGE_CONFIDENCE if e.rule == "large" else REPO_WIDE_CONFIDENCE
                probs = [(1 - p) / (len(LABELS) - 1)] * len(LABELS)
                probs[LABELS.index("large_context")] = p
            record = {"id": e.id, "source": e.source, "label": LABELS[e.label]}
            record["probs"] = [round(p, 5) for p in probs]
            handle.write(json.dumps(record) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, {len(vocab.keys)} features), {OOF}")


if __name__ == "__main__":
    main()
