"""What the router learns from its own calls: load time, token rates, output lengths.

Every finished call is one ``Observation``: the model, the task type, the wall time,
whether the model had to load, and the token counts (from the answer's ``usage``, or
Ollama's native ``load_duration`` / ``prompt_eval_*`` / ``eval_*`` when it carries them).
Each rate is an exponentially weighted moving average per model, seeded from the model's
size, so the residency strategy's estimates follow the real machine within a few calls.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ollama_agent_router.routing.estimate import ModelRates, Rates

#: Weight of a new observation: a handful of calls move an average most of the way.
ALPHA = 0.3
_USAGE = re.compile(rb'"(prompt_tokens|completion_tokens)"\s*:\s*(\d+)')


@dataclass(frozen=True, slots=True)
class Observation:
    model: str
    task_type: str
    wall_ms: float
    cold: bool
    """The model was not resident when the call started (it loaded)."""
    prompt_tokens: int | None = None
    output_tokens: int | None = None
    native: Mapping[str, Any] | None = None
    """Ollama's durations (ns) when the answer carries them."""
    expected_ms: float | None = None
    """What the estimate said (wait + load + work), for the estimate-error metric."""
    actual_ms: float | None = None
    """What it took: queue time + execution."""


def usage_of(value: object) -> tuple[int | None, int | None, Mapping[str, Any] | None]:
    """(prompt tokens, output tokens, native durations) of a call's answer, if it has them."""
    if isinstance(value, bytes | bytearray):
        found = {m.group(1): int(m.group(2)) for m in _USAGE.finditer(bytes(value[-600:]))}
        return found.get(b"prompt_tokens"), found.get(b"completion_tokens"), None
    if isinstance(value, Mapping):
        usage = value.get("usage")
        if isinstance(usage, Mapping):
            return _int(usage.get("prompt_tokens")), _int(usage.get("completion_tokens")), None
        if "eval_count" in value:
            return _int(value.get("prompt_eval_count")), _int(value.get("eval_count")), value
    return None, None, None


class Observations:
    """Learned rates per model and output lengths per task type (see module doc)."""

    def __init__(self, sizes_gb: Mapping[str, float], load_ms_per_gb: float) -> None:
        self._sizes_gb = dict(sizes_gb)
        self._load_ms_per_gb = load_ms_per_gb
        self._models: dict[str, ModelRates] = {}
        self._outputs: dict[str, float] = {}
        self._cold: set[str] = set()
        self._warm: set[str] = set()
        self._rates = Rates()
        self.count = 0

    def rates(self) -> Rates:
        return self._rates

    def record(self, seen: Observation) -> None:
        size = self._sizes_gb.get(seen.model)
        if size is None or seen.wall_ms <= 0:
            return
        self.count += 1
        current = self._rates.model(seen.model, size, self._load_ms_per_gb)
        if seen.output_tokens is not None and seen.output_tokens > 0:
            self._outputs[seen.task_type] = _ewma(
                self._outputs.get(seen.task_type), float(seen.output_tokens)
            )
        # The first cold (warm) call replaces the size-based seed of the load time (the
        # token rates); later ones move the average.
        seen_before = self._cold if seen.cold else self._warm
        alpha = ALPHA if seen.model in seen_before else 1.0
        seen_before.add(seen.model)
        self._models[seen.model] = _learn(current, seen, alpha)
        self._rates = Rates(models=dict(self._models), output_tokens=dict(self._outputs))


def _learn(current: ModelRates, seen: Observation, alpha: float) -> ModelRates:
    native = seen.native or {}
    learned = current
    eval_count, eval_ns = _int(native.get("eval_count")), _int(native.get("eval_duration"))
    prompt_count = _int(native.get("prompt_eval_count"))
    prompt_ns = _int(native.get("prompt_eval_duration"))
    load_ns = _int(native.get("load_duration"))
    if eval_count and eval_ns:
        rate = eval_count / (eval_ns / 1e9)
        learned = replace(learned, gen_tps=_ewma(learned.gen_tps, rate, alpha))
    if prompt_count and prompt_ns:
        rate = prompt_count / (prompt_ns / 1e9)
        learned = replace(learned, prompt_tps=_ewma(learned.prompt_tps, rate, alpha))
    prompt_ms = (seen.prompt_tokens or 0) / max(learned.prompt_tps, 1e-6) * 1000
    out = seen.output_tokens or 0
    generate_ms = out / max(learned.gen_tps, 1e-6) * 1000
    if seen.cold:  # the load time is what it teaches; token rates come from warm calls
        load_ms = load_ns / 1e6 if load_ns else seen.wall_ms - prompt_ms - generate_ms
        if load_ms > 0:
            learned = replace(learned, load_ms=_ewma(learned.load_ms, load_ms, alpha))
        return learned
    warm_ms = seen.wall_ms
    if not eval_count and out > 0 and warm_ms > prompt_ms:
        rate = out / ((warm_ms - prompt_ms) / 1000)
        learned = replace(learned, gen_tps=_ewma(learned.gen_tps, rate, alpha))
    return replace(learned, service_ms=_ewma(learned.service_ms, warm_ms, alpha))


def _ewma(previous: float | None, value: float, alpha: float = ALPHA) -> float:
    return value if previous is None else previous + alpha * (value - previous)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
