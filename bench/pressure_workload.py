"""The workload of ``bench/pressure.py``: which requests, when, and how long each answer is.

Requests come from the classification hold-out set (written by hand, never trained on),
stratified over the nine task types and picked with a seed. Arrival gaps are seeded
unit exponentials scaled by the rate, so runs at two rates replay the same pattern.
Each answer's length is drawn once from the request's true task type and handed to the
simulator as a completion plan keyed on the last user message, where the router cannot
see it.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ollama_agent_router.simulator.plan import last_user_text, plan_key

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT = ROOT / "tests" / "data" / "classification_holdout.jsonl"

#: Mean completion length (tokens) per task type; lognormal around it with sigma 0.5.
MEAN_TOKENS: dict[str, int] = {
    "triage": 20,
    "simple_chat": 150,
    "summarize": 200,
    "code_generate": 400,
    "code_fix": 400,
    "code_review": 400,
    "agentic_reasoning": 800,
    "large_context": 600,
    "tool_use": 80,
}
TASK_TYPES = tuple(MEAN_TOKENS)
SIGMA = 0.5


@dataclass(frozen=True, slots=True)
class Item:
    """One labelled request of the hold-out set."""

    id: str
    label: str
    messages: list[dict[str, Any]]
    tools: list[dict[str, Any]] | None = None

    @property
    def key(self) -> str:
        """Its completion-plan key, as the simulator computes it."""
        return plan_key(last_user_text(self.messages))


@dataclass(frozen=True, slots=True)
class Request:
    """One request of the run: the item, when it is sent and how long its answer is."""

    item: Item
    at_s: float
    completion_tokens: int


def load_items(path: Path = HOLDOUT) -> list[Item]:
    items = []
    for line in path.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            items.append(Item(row["id"], row["label"], row["messages"], row.get("tools")))
    return items


MIXES = ("uniform", "outside")
"""``uniform``: the nine task types equally often. ``outside``: as in the independent set
the targets are checked on, 15 of 240 requests are large-context bodies (6 %), the rest
spread evenly over the other eight types."""
OUTSIDE_LARGE_SHARE = 15 / 240


def quotas(count: int, mix: str, rng: random.Random) -> dict[str, int]:
    """How many requests of each task type a run of ``count`` has under ``mix``."""
    if mix not in MIXES:
        raise ValueError(f"unknown mix {mix!r}: {', '.join(MIXES)}")
    fixed: dict[str, int] = {}
    if mix == "outside":
        fixed["large_context"] = round(count * OUTSIDE_LARGE_SHARE)
    spread = [label for label in TASK_TYPES if label not in fixed]
    base, extra = divmod(count - sum(fixed.values()), len(spread))
    lucky = set(rng.sample(spread, extra))
    return {label: fixed.get(label, base + (label in lucky)) for label in TASK_TYPES}


def stratified(
    items: Sequence[Item], count: int, rng: random.Random, mix: str = "uniform"
) -> list[Item]:
    """``count`` items over the task types as ``mix`` says (the remainder to random types)."""
    by_label: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.label in MEAN_TOKENS:
            by_label[item.label].append(item)
    wanted = quotas(count, mix, rng)
    picked: list[Item] = []
    for label in TASK_TYPES:
        want = wanted[label]
        pool = by_label[label]
        if len(pool) < want:
            # The hold-out set has 30 of each; anything else from tests/data is training data.
            raise ValueError(f"{label}: {len(pool)} items in the hold-out set, {want} wanted")
        picked.extend(rng.sample(pool, want))
    rng.shuffle(picked)
    if len({item.key for item in picked}) != len(picked):
        raise ValueError("two picked requests share a last user message: plan keys collide")
    return picked


def completion_tokens(label: str, rng: random.Random) -> int:
    """Lognormal with the task type's mean and sigma 0.5, at least one token."""
    mu = math.log(MEAN_TOKENS[label]) - SIGMA**2 / 2
    return max(1, round(rng.lognormvariate(mu, SIGMA)))


def build(
    count: int,
    rate: float,
    seed: int,
    items: Sequence[Item] | None = None,
    mix: str = "uniform",
) -> list[Request]:
    """The run: picked items in arrival order, Poisson arrivals at ``rate`` per second."""
    pool = items if items is not None else load_items()
    picked = stratified(pool, count, random.Random(seed), mix)
    lengths = random.Random(f"{seed}:lengths")
    gaps = random.Random(f"{seed}:arrivals")
    requests = []
    at = 0.0
    for item in picked:
        requests.append(Request(item, at, completion_tokens(item.label, lengths)))
        at += gaps.expovariate(1.0) / rate
    return requests


def plan_of(requests: Sequence[Request]) -> dict[str, int]:
    """What the bench registers with the simulator: ``POST /_sim/plan``."""
    return {request.item.key: request.completion_tokens for request in requests}
