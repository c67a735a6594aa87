"""Train the ``enhanced`` classifier's linear model on the dev split and ship it.

Run: ``.venv/bin/python scripts/train_classifier.py [--dim 32768] [--c 4.0] [--cv]``.
Needs scikit-learn (build time only; the package reads the weights with numpy).
Writes ``src/ollama_agent_router/classification/data/enhanced_model.json``.
Never reads the test split.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "data"))

import dataset  # noqa: E402

from ollama_agent_router.classification.base import ClassifierInput  # noqa: E402
from ollama_agent_router.classification.linear import (  # noqa: E402
    MODEL_RESOURCE,
    hashed_features,
    model_to_json,
)
from ollama_agent_router.classification.signals import DENSE_NAMES, dense_features, extract  # noqa: E402

OUT = ROOT / "src" / "ollama_agent_router" / "classification" / "data" / MODEL_RESOURCE


def featurize(rows: list[dict[str, object]], dim: int) -> sparse.csr_matrix:
    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    for row in rows:
        request = ClassifierInput(messages=row["messages"], tools=row.get("tools"))  # type: ignore[arg-type]
        signals = extract(request)
        for index, value in sorted(hashed_features(signals, dim).items()):
            cols.append(index)
            data.append(value)
        for j, value in enumerate(dense_features(signals)):
            if value:
                cols.append(dim + j)
                data.append(value)
        indptr.append(len(cols))
    return sparse.csr_matrix((data, cols, indptr), shape=(len(rows), dim + len(DENSE_NAMES)))


def fit(x: sparse.csr_matrix, y: list[str], c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(x, y)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dim", type=int, default=1 << 15)
    parser.add_argument("--c", type=float, default=8.0)
    parser.add_argument("--cv", action="store_true", help="5-fold CV on dev for several C")
    args = parser.parse_args()
    rows = dataset.load("dev")
    y = [str(r["label"]) for r in rows]
    x = featurize(rows, args.dim)
    if args.cv:
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
        for c in (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0):
            scores = []
            for train, valid in folds.split(x, y):
                m = fit(x[train], [y[i] for i in train], c)
                pred = m.predict(x[valid])
                scores.append(np.mean([p == y[i] for p, i in zip(pred, valid, strict=True)]))
            print(f"C={c:5}: cv accuracy {np.mean(scores):.3f}")
    model = fit(x, y, args.c)
    labels = [str(label) for label in model.classes_]
    coef = model.coef_.T.astype(np.float32)  # (features, labels)
    doc = model_to_json(
        labels=labels,
        dim=args.dim,
        hashed=coef[: args.dim],
        dense=coef[args.dim :],
        bias=model.intercept_.astype(np.float32),
    )
    OUT.write_text(json.dumps(doc), encoding="utf-8")
    print(f"trained on {len(rows)} dev requests; wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
