"""Routing decision speed: parse options + heuristic classification + capability needs +
decision, no I/O.

Run: ``.venv/bin/python bench/routing_decision.py``. Prints decisions per second and
µs per full decision for ``examples/gex44.yaml`` and for a generated 20-model config,
under both strategies (``residency``, ``reference``) in the same run, each the median of
repeated runs. Target (SPEC §11): ≤ 50 µs with 20 models.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

from ollama_agent_router.classification import ClassifierInput, get_classifier
from ollama_agent_router.config import parse_config
from ollama_agent_router.routing import (
    LoadedModel,
    RoutingPolicy,
    StateView,
    classify_request,
    parse_options,
    route_request,
)
from ollama_agent_router.routing.capabilities import ModelCapabilities, request_needs
from ollama_agent_router.tasks import CORE_TASK_TYPES

ROOT = Path(__file__).resolve().parent.parent

PROMPTS = [
    "hello! how are you today?",
    "Fix this Python function, it throws an exception on empty input",
    "Can you review this pull request for security risks?",
    "Write a TypeScript function that debounces calls",
    "Summarize this thread in three bullet points: " + "we discussed the release. " * 20,
    "Plan a multi-step migration from MySQL to Postgres",
    "Classify this ticket: the login page is slow",
    "Call the get_weather tool for Berlin",
    "Traceback (most recent call last):\n  File 'app.py', line 3\nKeyError: 'x'\n" * 10,
    "What is the capital of Australia?",
]


def generated_config(count: int = 20) -> dict[str, Any]:
    """``count`` models spread over the core task types, with routes of three models."""
    tasks = [t for t in CORE_TASK_TYPES if t != "unknown"]
    models = [
        {
            "name": f"model-{i:02d}:{3 + i % 5}b",
            "sizeGb": 2.0 + (i % 7) * 1.5,
            "purpose": [tasks[i % len(tasks)], tasks[(i + 3) % len(tasks)]],
            "tags": [f"tag{i % 4}"],
            "priority": 40 + (i * 7) % 55,
            "maxConcurrent": 1 + i % 2,
            "costClass": ("low", "medium", "high")[i % 3],
            "exclusive": i % 6 == 5,
            "allowWhenBusy": i % 2 == 0,
        }
        for i in range(count)
    ]
    names = [m["name"] for m in models]
    routes = {task: [names[(j * 3 + k) % count] for k in range(3)] for j, task in enumerate(tasks)}
    routes["unknown"] = names[:2]
    return {
        "gpu": {"vramTotalMb": 49152, "vramSafetyReserveMb": 2048, "requireGpuOnlyByDefault": True},
        "models": models,
        "routes": routes,
    }


def state_view(policy: RoutingPolicy) -> StateView:
    """A busy-ish node: two models resident, some queued and running work, a GPU snapshot,
    every model's capabilities known (chat with tools, 32k context)."""
    names = list(policy.models)
    loaded = {
        name: LoadedModel(name, size_bytes=policy.models[name].size_bytes, size_vram_bytes=1 << 40)
        for name in names[:2]
    }
    return StateView(
        loaded=loaded,
        gpu_free_mb=9000.0,
        gpu_utilization_pct=60.0,
        queued={names[0]: 1, names[-1]: 1},
        running={names[1]: 1},
        capabilities=dict.fromkeys(
            names, ModelCapabilities(frozenset({"completion", "tools"}), 32768, source="ollama")
        ),
    )


def measure(policy: RoutingPolicy, *, repeats: int, number: int) -> list[float]:
    """Seconds per decision for each repeat; every decision parses, classifies and routes."""
    classifier = get_classifier("heuristic")
    view = state_view(policy)
    bodies = [
        {"model": "auto", "messages": [{"role": "user", "content": p}], "router": {}}
        for p in PROMPTS
    ]
    inputs = [ClassifierInput(body["messages"]) for body in bodies]
    pairs = list(zip(bodies, inputs, strict=True))
    results: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            for body, request in pairs:
                options = parse_options(body, policy)
                classification = classify_request(classifier, request, options)
                needs = request_needs(body)
                route_request(policy, classification, options, view, needs=needs)
        results.append((time.perf_counter() - start) / (number * len(pairs)))
    return results


def report(label: str, policy: RoutingPolicy, *, repeats: int, number: int) -> float:
    per_decision = measure(policy, repeats=repeats, number=number)
    median = statistics.median(per_decision)
    print(
        f"{label:<40} {len(policy.models):>3} models  "
        f"median {median * 1e6:7.1f} µs/decision  {1 / median:>10,.0f} decisions/s  "
        f"(best {min(per_decision) * 1e6:.1f} µs, {repeats} runs × {number * len(PROMPTS)})"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--number", type=int, default=500, help="passes over the prompts")
    args = parser.parse_args()
    example = yaml.safe_load((ROOT / "examples" / "gex44.yaml").read_text(encoding="utf-8"))
    gex = RoutingPolicy.from_config(parse_config(example))
    big = RoutingPolicy.from_config(parse_config(generated_config(20)))
    worst = 0.0
    for strategy in ("residency", "reference"):
        for label, policy in (("examples/gex44.yaml", gex), ("generated 20-model config", big)):
            chosen = dataclasses.replace(policy, strategy=strategy)
            median = report(
                f"{label}, {strategy}", chosen, repeats=args.repeats, number=args.number
            )
            if policy is big:
                worst = max(worst, median)
    verdict = "meets" if worst <= 50e-6 else "MISSES"
    print(f"target ≤ 50 µs per decision with 20 models: {verdict}")


if __name__ == "__main__":
    main()
