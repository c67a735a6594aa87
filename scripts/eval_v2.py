"""Evaluate the ``enhanced`` classifier: accuracy, recall per label and per language, the
confusion matrix, and how accurate its confident part is at each threshold.

Run:

- ``.venv/bin/python scripts/eval_v2.py --set eval_v2`` — the fresh evaluation set,
  classified now by the shipped model (and the previous one, for comparison);
- ``.venv/bin/python scripts/eval_v2.py --set holdout`` (or ``v2a``, ``v2b``,
  ``v2c``, ``dataset``, ``independent`` = all but ``dataset``) — a set the shipped model is trained
  on, so it reports the held-out predictions ``scripts/train_classifier.py --write``
  saved (each independent source predicted by a model trained without it; the dataset
  by 5-fold);
- ``--write`` puts the report into ``docs/classification.md`` between the
  ``<!-- eval-<set>:begin -->`` / ``<!-- eval-<set>:end -->`` markers.

The fresh set is looked at in aggregate only: this prints no request text or id.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import classifier_data

from ollama_agent_router.classification.enhanced import EnhancedClassifier
from ollama_agent_router.classification.signals import scan
from ollama_agent_router.tasks import CLASSIFIED_TASK_TYPES

LABELS = list(CLASSIFIED_TASK_TYPES)
DOC = classifier_data.ROOT / "docs" / "classification.md"
OOF = classifier_data.ROOT / "scripts" / "out" / "oof_predictions.jsonl"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
BINS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)

Prediction = tuple[str, str, float, str]
"""(gold, predicted, calibrated top probability, language)."""


def live(rows: list[classifier_data.Row], classifier: EnhancedClassifier) -> list[Prediction]:
    out: list[Prediction] = []
    for row in rows:
        assessed = classifier.assess(scan(classifier_data.request(row)))
        task_type = assessed.classification.task_type
        out.append((row["label"], task_type, assessed.probability, classifier_data.language(row)))
    return out


INDEPENDENT = ("holdout", "v2a", "v2b", "v2c")


def held_out(source: str) -> list[Prediction]:
    """Saved held-out predictions of one trained-on source (``independent``: all but the
    project's dataset)."""
    sources = INDEPENDENT if source == "independent" else (source,)
    rows = {(s, str(r["id"])): r for s in sources for r in classifier_data.load(s)}
    out: list[Prediction] = []
    for line in OOF.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["source"] not in sources:
            continue
        probs = record["probs"]
        top = max(range(len(probs)), key=probs.__getitem__)
        row = rows[(record["source"], record["id"])]
        out.append((record["label"], LABELS[top], probs[top], classifier_data.language(row)))
    return out


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def report(name: str, preds: list[Prediction]) -> list[str]:
    n = len(preds)
    right = sum(g == p for g, p, _, _ in preds)
    out = [f"#### {name}: top-1 accuracy {right / n:.3f} ({right}/{n})", ""]
    rows = []
    for label in LABELS:
        gold = [p for p in preds if p[0] == label]
        said = [p for p in preds if p[1] == label]
        hit = sum(p[1] == label for p in gold)
        recall = f"{hit / len(gold):.2f}" if gold else "—"
        precision = f"{hit / len(said):.2f}" if said else "—"
        rows.append([label, str(len(gold)), precision, recall])
    out += [*_table(["label", "n", "precision", "recall"], rows), ""]
    langs = Counter(p[3] for p in preds)
    rows = []
    for lang, count in langs.most_common():
        hit = sum(p[0] == p[1] for p in preds if p[3] == lang)
        rows.append([lang, str(count), f"{hit / count:.3f}"])
    out += ["Accuracy per language (language of the last user turn):", ""]
    out += [*_table(["language", "n", "accuracy"], rows), ""]
    pairs = Counter((g, p) for g, p, _, _ in preds)
    short = [label.replace("_", " ")[:10] for label in LABELS]
    out += ["Confusion (rows: gold, columns: predicted):", ""]
    out += _table(
        ["gold \\ pred", *short],
        [[g, *(str(pairs[(g, p)] or "·") for p in LABELS)] for g in LABELS],
    )
    out += ["", "The confident part: requests whose calibrated top probability is at least t.", ""]
    rows = []
    for t in THRESHOLDS:
        kept = [p for p in preds if p[2] >= t]
        acc = sum(p[0] == p[1] for p in kept) / len(kept) if kept else 0.0
        rows.append([f"{t:.1f}", f"{len(kept) / n:.1%}", f"{acc:.3f}", f"{1 - len(kept) / n:.1%}"])
    out += _table(["t", "coverage", "accuracy of the covered", "below t (cascade asks)"], rows)
    out += ["", "Reliability (top probability vs. how often it is right):", ""]
    rows = []
    for lo, hi in itertools.pairwise(BINS):
        part = [p for p in preds if lo <= p[2] < hi]
        if part:
            mean = sum(p[2] for p in part) / len(part)
            acc = sum(p[0] == p[1] for p in part) / len(part)
            rows.append(
                [f"{lo:.1f}–{min(hi, 1.0):.1f}", str(len(part)), f"{mean:.2f}", f"{acc:.2f}"]
            )
    out += _table(["probability", "n", "mean predicted", "actual accuracy"], rows)
    return [*out, ""]


def build(source: str) -> str:
    if source == "eval_v2":
        import enhanced_v1

        rows = classifier_data.load(source)
        if not rows:
            raise SystemExit("tests/data/eval_v2 holds no requests")
        text = report("`enhanced` (shipped)", live(rows, EnhancedClassifier(cache_size=0)))
        old = live(rows, enhanced_v1.classifier())
        text_old = report("`enhanced` v1 (the previous model, for comparison)", old)
        return "\n".join([*text, *text_old])
    if not OOF.exists():
        raise SystemExit(f"{OOF} is missing: run scripts/train_classifier.py --write")
    return "\n".join(report(f"`{source}`, held-out predictions", held_out(source)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--set",
        default="eval_v2",
        choices=["eval_v2", "independent", *classifier_data.TRAINING_SOURCES],
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    text = build(args.set)
    if not args.write:
        print(text)
        return
    begin, end = f"<!-- eval-{args.set}:begin -->", f"<!-- eval-{args.set}:end -->"
    doc = DOC.read_text(encoding="utf-8")
    if begin not in doc:
        raise SystemExit(f"{DOC} has no {begin} marker")
    head, _, rest = doc.partition(begin)
    _, _, tail = rest.partition(end)
    DOC.write_text(f"{head}{begin}\n{text}\n{end}{tail}", encoding="utf-8")
    print(f"updated {DOC}")


if __name__ == "__main__":
    main()
