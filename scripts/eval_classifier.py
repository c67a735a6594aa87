"""Evaluate classifier modes on the labelled dataset and (re)write docs/classification.md.

Run: ``.venv/bin/python scripts/eval_classifier.py [--split test] [--write]``.
Without ``--write`` it prints the report; with it, it replaces the generated part of
``docs/classification.md`` (between the ``<!-- eval:begin -->`` / ``<!-- eval:end -->``
markers).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "data"))

import dataset  # noqa: E402

from ollama_agent_router.classification.base import Classifier, ClassifierInput  # noqa: E402
from ollama_agent_router.classification.enhanced import EnhancedClassifier  # noqa: E402
from ollama_agent_router.classification.heuristic import HeuristicClassifier  # noqa: E402
from ollama_agent_router.tasks import CLASSIFIED_TASK_TYPES  # noqa: E402

LABELS = list(CLASSIFIED_TASK_TYPES)
DOC = ROOT / "docs" / "classification.md"
BEGIN, END = "<!-- eval:begin -->", "<!-- eval:end -->"


def predict(classifier: Classifier, rows: list[dict[str, object]]) -> list[str]:
    return [
        classifier.classify(
            ClassifierInput(messages=r["messages"], tools=r.get("tools"))  # type: ignore[arg-type]
        ).task_type
        for r in rows
    ]


def report(name: str, gold: list[str], pred: list[str]) -> list[str]:
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    out = [f"### `{name}` — top-1 accuracy {acc:.3f} ({len(gold)} requests)", ""]
    out += ["| label | n | precision | recall |", "|---|---:|---:|---:|"]
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred = pred.count(label)
        n_gold = gold.count(label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        out.append(f"| {label} | {n_gold} | {precision:.2f} | {recall:.2f} |")
    extra = sorted(set(pred) - set(LABELS))
    cols = LABELS + extra
    short = {label: label.replace("_", " ")[:10] for label in cols}
    out += ["", "Confusion matrix (rows: gold, columns: predicted):", ""]
    out.append("| gold \\ pred | " + " | ".join(short[c] for c in cols) + " |")
    out.append("|---|" + "---:|" * len(cols))
    pairs = Counter(zip(gold, pred, strict=True))
    for g in LABELS:
        out.append(f"| {g} | " + " | ".join(str(pairs[(g, c)] or "·") for c in cols) + " |")
    return [*out, ""]


def build(split: str) -> str:
    rows = dataset.load(split)
    gold = [str(r["label"]) for r in rows]
    lines = [f"Split `{split}` of `tests/data/classification.jsonl.gz`: {len(rows)} requests.", ""]
    modes: list[tuple[str, Classifier]] = [
        ("enhanced", EnhancedClassifier()),
        ("enhanced, rules only (no model)", EnhancedClassifier(use_model=False)),
        ("heuristic", HeuristicClassifier()),
    ]
    for name, classifier in modes:
        start = time.perf_counter()
        pred = predict(classifier, rows)
        elapsed = time.perf_counter() - start
        lines += report(name, gold, pred)
        print(f"{name}: {elapsed * 1000 / len(rows):.3f} ms/request", file=sys.stderr)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="test", choices=["dev", "test", "all"])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    text = build(args.split)
    if not args.write:
        print(text)
        return
    doc = DOC.read_text(encoding="utf-8")
    head, _, rest = doc.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    print(f"updated {DOC}")


if __name__ == "__main__":
    main()
