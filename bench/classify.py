"""Time per classification of the ``enhanced`` (and ``heuristic``) modes.

Run: ``.venv/bin/python bench/classify.py [--rounds 2000]``. Prints median and p99 in
milliseconds for a short chat turn, a medium request (a stack trace with a question,
~1.5k characters, with a system prompt and tools) and a 60k-character request.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from ollama_agent_router.classification import ClassifierInput, get_classifier

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
    large = ("def handler_%d(x):\n    return x * 2  # filler line for a big paste\n" * 1200)[
        :60_000
    ]
    return {
        "short": ClassifierInput(messages=[{"role": "user", "content": "hi, how are you?"}]),
        "medium": ClassifierInput(
            messages=[
                {"role": "system", "content": "You are a helpful coding assistant."},
                {"role": "user", "content": medium},
            ],
            tools=tools,
        ),
        "60k chars": ClassifierInput(
            messages=[{"role": "user", "content": large + "\nReview this module."}]
        ),
    }


def measure(mode: str, request: ClassifierInput, rounds: int) -> tuple[float, float]:
    classifier = get_classifier(mode)
    classifier.classify(request)  # load the model, warm caches
    samples = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        classifier.classify(request)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def dataset_requests() -> list[ClassifierInput]:
    """The labelled dataset's requests, when the repository's tests are present."""
    data = Path(__file__).resolve().parent.parent / "tests" / "data"
    if not (data / "classification.jsonl.gz").exists():
        return []
    sys.path.insert(0, str(data))
    import dataset

    rows = dataset.load("all")
    return [ClassifierInput(messages=r["messages"], tools=r.get("tools")) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    print(f"{'mode':10} {'request':10} {'median ms':>10} {'p99 ms':>8}")
    for mode in ("enhanced", "heuristic"):
        for name, request in requests().items():
            median, p99 = measure(mode, request, args.rounds)
            print(f"{mode:10} {name:10} {median:10.3f} {p99:8.3f}")
    rows = dataset_requests()
    if rows:
        classifier = get_classifier("enhanced")
        samples = []
        for request in rows * 5:
            start = time.perf_counter_ns()
            classifier.classify(request)
            samples.append((time.perf_counter_ns() - start) / 1e6)
        samples.sort()
        median, p99 = statistics.median(samples), samples[int(len(samples) * 0.99) - 1]
        print(f"{'enhanced':10} {'dataset':10} {median:10.3f} {p99:8.3f}  ({len(rows)} requests)")


if __name__ == "__main__":
    main()
