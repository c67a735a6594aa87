"""Score ``enhanced`` on the independent hold-out set, printing aggregate numbers only.

Run: ``.venv/bin/python scripts/eval_holdout.py``.

``tests/data/classification_holdout.jsonl`` was written by another person from the SPEC §2
definitions and is evaluation-only: nothing is trained or tuned on it, and its requests are
not to be read while working on the classifier. This script therefore prints only overall
accuracy, per-label recall and the label → label confusion counts — never an id, a note or
any request text. Every run is a "look" at the set; looks are few and each one is reported
in ``docs/classification.md``.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

from ollama_agent_router.classification.base import ClassifierInput
from ollama_agent_router.classification.enhanced import EnhancedClassifier

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
from ollama_agent_router.tasks import CLASSIFIED_TASK_TYPES  # noqa: E402

LABELS = list(CLASSIFIED_TASK_TYPES)


def _rows() -> list[dict[str, object]]:
    plain = DATA / "classification_holdout.jsonl"
    if plain.exists():
        text = plain.read_text(encoding="utf-8")
    else:
        text = gzip.decompress((DATA / "classification_holdout.jsonl.gz").read_bytes()).decode()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def main() -> None:
    classifier = EnhancedClassifier()
    pairs: Counter[tuple[str, str]] = Counter()
    for row in _rows():
        request = ClassifierInput(messages=row["messages"], tools=row.get("tools"))  # type: ignore[arg-type]
        pairs[(str(row["label"]), classifier.classify(request).task_type)] += 1
    total = sum(pairs.values())
    right = sum(n for (g, p), n in pairs.items() if g == p)
    out = [f"overall accuracy {right / total:.3f} ({right}/{total})", "", "recall per label:"]
    for label in LABELS:
        n = sum(v for (g, _), v in pairs.items() if g == label)
        hit = pairs[(label, label)]
        out.append(f"  {label:18} {hit / n if n else 0.0:.2f} ({hit}/{n})")
    out += ["", "confusion (rows gold, columns predicted):"]
    short = [label[:9] for label in LABELS]
    out.append(" " * 18 + " ".join(f"{s:>9}" for s in short))
    for g in LABELS:
        out.append(f"{g:18}" + " ".join(f"{pairs[(g, p)] or '.':>9}" for p in LABELS))
    print("\n".join(out))


if __name__ == "__main__":
    main()
