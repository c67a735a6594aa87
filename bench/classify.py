"""Time per classification of the ``enhanced`` mode, old and new model, and ``heuristic``.

Run: ``.venv/bin/python bench/classify.py [--rounds 2000]``. Prints median and p99 in
milliseconds for a short chat turn, a medium request (a stack trace with a question,
~1.5k characters, with a system prompt and tools), a 47k-character request (~11.8k tokens,
under the large-context limit: the bounded full path) and a 60k-character one (over it),
then over every request of the labelled dataset.

``enhanced`` (the shipped field-wise TF-IDF model) and ``enhanced v1`` (the previous
hashed model, ``bench/enhanced_v1.py``) run in the same process on the same requests.
Each is timed ``new`` with its decision cache off (every request unseen: the cost that
matters for chat traffic); the shipped one also ``repeat``, with the cache on, the same
request sent again as freshly parsed JSON (agent loops, retries, dry-run then run).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import enhanced_v1
from ollama_agent_router.classification import Classifier, ClassifierInput, get_classifier
from ollama_agent_router.classification.enhanced import EnhancedClassifier

TRACE = (
    "Traceback (most recent call last):\n"
    '  File "/srv/app/jobs.py", line 41, in run\n'
    "    result = handler(payload)\n"
    '  File "/srv/app/handlers.py", line 88, in handler\n'
    "    return payload['items'][0]['price'] * qty\n"
    "KeyError: 'items'\n"
)


def requests() -> dict[str, ClassifierInput]:
    tools: list[dict[str, Any]] = [
        {"type": "function", "function": {"name": "web_search", "description": "Search."}}
    ]
    medium = (
        "Our nightly import crashes since the upgrade. Here is the log tail:\n"
        + "2024-05-01T02:00:01Z INFO import started batch=17 rows=5000\n" * 12
        + TRACE * 3
        + "\nWhat is going on and how do I fix it?"
    )
    large = "def handler_%d(x):\n    return x * 2  # filler line for a big paste\n" * 1200
    return {
        "short": ClassifierInput(messages=[{"role": "user", "content": "hi, how are you?"}]),
        "medium": ClassifierInput(
            messages=[
                {"role": "system", "content": "You are a helpful coding assistant."},
                {"role": "user", "content": medium},
            ],
            tools=tools,
        ),
        "47k chars": ClassifierInput(
            messages=[{"role": "user", "content": large[:47_000] + "\nReview this module."}]
        ),
        "60k chars": ClassifierInput(
            messages=[{"role": "user", "content": large[:60_000] + "\nReview this module."}]
        ),
    }


Timing = tuple[float, float, float, float]
"""Median and p99 of the wall-clock time, then of the thread's CPU time, in ms."""


def summarise(wall: list[float], cpu: list[float]) -> Timing:
    wall, cpu = sorted(wall), sorted(cpu)
    at = max(int(len(wall) * 0.99) - 1, 0)
    return statistics.median(wall), wall[at], statistics.median(cpu), cpu[at]


def timed(classifier: Classifier, request: ClassifierInput) -> tuple[float, float]:
    start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
    classifier.classify(request)
    return (time.perf_counter_ns() - start) / 1e6, (time.thread_time_ns() - start_cpu) / 1e6


def measure(
    classifier: Classifier, request: ClassifierInput, rounds: int, *, fresh: bool = False
) -> Timing:
    """Wall and CPU median/p99 in ms; ``fresh`` re-parses the request each round."""
    classifier.classify(request)  # load the model, warm caches
    wire = json.dumps({"messages": request.messages, "tools": request.tools})
    wall, cpu = [], []
    for _ in range(rounds):
        if fresh:
            body = json.loads(wire)
            request = ClassifierInput(messages=body["messages"], tools=body["tools"])
        w, c = timed(classifier, request)
        wall.append(w)
        cpu.append(c)
    return summarise(wall, cpu)


def dataset_requests() -> list[ClassifierInput]:
    """The labelled training requests (project dataset and the independently written
    batches), when the repository's tests are present."""
    data = Path(__file__).resolve().parent.parent / "tests" / "data"
    if not (data / "classification.jsonl.gz").exists():
        return []
    sys.path.insert(0, str(data))
    import dataset

    rows = dataset.load("all")
    for batch in sorted(data.glob("v2_train_*/*.jsonl")):
        rows += [json.loads(line) for line in batch.read_text("utf-8").splitlines() if line]
    return [ClassifierInput(messages=r["messages"], tools=r.get("tools")) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    print(
        f"{'mode':16} {'request':10} {'median ms':>10} {'p99 ms':>8} {'cpu med':>8} {'cpu p99':>8}"
    )
    modes: list[tuple[str, Classifier, bool]] = [
        ("enhanced new", EnhancedClassifier(cache_size=0), False),
        ("enhanced v1 new", enhanced_v1.classifier(cache_size=0), False),
        ("enhanced repeat", EnhancedClassifier(), True),
        ("heuristic", get_classifier("heuristic"), False),
    ]
    for mode, classifier, fresh in modes:
        for name, request in requests().items():
            timing = measure(classifier, request, args.rounds, fresh=fresh)
            print(f"{mode:16} {name:10} " + " ".join(f"{t:8.3f}" for t in timing))
    rows = dataset_requests()
    if not rows:
        return
    for label, classifier in (
        ("enhanced new", EnhancedClassifier(cache_size=0)),
        ("enhanced v1 new", enhanced_v1.classifier(cache_size=0)),
    ):
        classifier.classify(rows[0])
        wall, cpu = [], []
        for request in rows * 3:
            w, c = timed(classifier, request)
            wall.append(w)
            cpu.append(c)
        timing = summarise(wall, cpu)
        print(f"{label:16} {'dataset':10} " + " ".join(f"{t:8.3f}" for t in timing), end="")
        print(f"  ({len(rows)} requests)")


if __name__ == "__main__":
    main()
