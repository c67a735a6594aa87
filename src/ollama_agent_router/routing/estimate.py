"""Expected time to finish a request on a model: the measure the residency strategy ranks by.

Pure arithmetic over plain data. The parts, in milliseconds:

- ``waitSlot``: requests ahead of it on the model (half of each running one left),
- ``waitRoom``: busy models that must finish before it can load (overlaps ``waitSlot``:
  the larger of the two counts),
- ``load``: loading it,
- ``prompt`` and ``generate``: its own prompt processing and expected output,
- ``penalty``: the price of a worse fit (off-purpose, later in the route),
- ``displaced``: the thrash guard, the delay it imposes on others: a model its load
  evicts (or waits for) that is still wanted (queued work, or used within
  ``recentUseMs``) must be loaded again, and every request queued for it waits for this
  request and that reload; and an agent session whose cached prompt it pushes out of
  the model's last slot re-processes that prompt on its next turn.

What ranks the candidates: route order means quality, so the fit ``penalty`` always
counts in full. Time counts in full only where it is at stake for someone — the request
waits (for a slot, for busy models, behind a load Ollama is stalled on), its load pushes
others' work back (``displaced``: a model still wanted is evicted), the model would run
split onto the CPU, or the prompt is long or part of an agent session (re-processed on
every turn); then the rank is the expected finish plus penalty and displaced time.
Otherwise — a short request, a load that nobody waits behind, an idle box — only a small
share (``OWN_TIME_WEIGHT``) of the request's own load, prompt and generation counts, so
the model the operator ranked first is worth its load.

Rates come from the router's own observations (``runtime.observations``), seeded by
size-based defaults until it has seen the model work.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ollama_agent_router.routing.residency import Fit, Residency

#: Output tokens expected per task type before the router has measured any.
DEFAULT_OUTPUT_TOKENS: Final[Mapping[str, float]] = {
    "triage": 20,
    "classification": 20,
    "simple_chat": 150,
    "summarize": 200,
    "code_generate": 400,
    "code_fix": 400,
    "code_review": 400,
    "agentic_reasoning": 800,
    "planning": 800,
    "complex_debugging": 800,
    "large_context": 600,
    "tool_use": 80,
    "simple_agent": 200,
}
FALLBACK_OUTPUT_TOKENS: Final = 300.0
#: Seeds per GB of weights: generation ≈ 250/sizeGb tok/s, prompt ten times faster.
GEN_TOKENS_PER_S_GB: Final = 250.0
PROMPT_TOKENS_PER_S_GB: Final = 2500.0
#: A model split between CPU and GPU runs several times slower.
SPLIT_SLOWDOWN: Final = 5.0
#: The share of a request's own work (load, prompt, generation) in the rank when nothing
#: is at stake: a tie-break between candidates of equal quality (a long prompt puts time
#: at stake: ``placement.LONG_PROMPT_TOKENS``).
OWN_TIME_WEIGHT: Final = 0.05


@dataclass(frozen=True, slots=True)
class ModelRates:
    """How fast one model loads and works (learned, or seeded from its size)."""

    load_ms: float
    prompt_tps: float
    gen_tps: float
    service_ms: float
    """A typical request's time on it: what each request ahead of another one costs."""

    @classmethod
    def seeded(cls, size_gb: float, load_ms_per_gb: float) -> ModelRates:
        return _seeded(size_gb, load_ms_per_gb)


@functools.lru_cache(maxsize=256)
def _seeded(size_gb: float, load_ms_per_gb: float) -> ModelRates:
    """The size-based seed (cached: a handful of sizes, asked for on every decision)."""
    size = max(size_gb, 0.1)
    gen = GEN_TOKENS_PER_S_GB / size
    return ModelRates(
        load_ms=load_ms_per_gb * size,
        prompt_tps=PROMPT_TOKENS_PER_S_GB / size,
        gen_tps=gen,
        service_ms=FALLBACK_OUTPUT_TOKENS / gen * 1000,
    )


@dataclass(frozen=True, slots=True)
class Rates:
    """What the router has learned; empty mappings mean "use the seeds"."""

    models: Mapping[str, ModelRates] = field(default_factory=dict)
    output_tokens: Mapping[str, float] = field(default_factory=dict)

    def model(self, name: str, size_gb: float, load_ms_per_gb: float) -> ModelRates:
        rates = self.models.get(name)
        return rates if rates is not None else ModelRates.seeded(size_gb, load_ms_per_gb)

    def expected_output(self, task_type: str) -> float:
        learned = self.output_tokens.get(task_type)
        if learned is not None:
            return learned
        return DEFAULT_OUTPUT_TOKENS.get(task_type, FALLBACK_OUTPUT_TOKENS)


@dataclass(frozen=True, slots=True)
class Penalties:
    off_purpose_ms: float = 30000.0
    route_position_ms: float = 4000.0
    recent_use_s: float = 15.0
    load_ms_per_gb: float = 500.0


@dataclass(frozen=True, slots=True)
class Estimate:
    """The expected time to finish, in parts (ms)."""

    wait_slot_ms: float
    wait_room_ms: float
    load_ms: float
    prompt_ms: float
    generate_ms: float
    penalty_ms: float
    fit: Fit
    displaced_ms: float = 0.0
    session: bool = False
    """Time is at stake whatever the rest: a session's turn (another model re-processes
    the whole prompt cold) or a long prompt (``placement.LONG_PROMPT_TOKENS``)."""

    @property
    def finish_ms(self) -> float:
        """When the answer is expected."""
        return (
            max(self.wait_slot_ms, self.wait_room_ms)
            + self.load_ms
            + self.prompt_ms
            + self.generate_ms
        )

    @property
    def wait_ms(self) -> float:
        return max(self.wait_slot_ms, self.wait_room_ms)

    @property
    def at_stake(self) -> bool:
        """Someone waits on this placement: the request itself, or others' work."""
        return (
            self.session
            or self.wait_ms > 0
            or self.displaced_ms > 0
            or self.fit.placement == "never"
        )

    @property
    def total_ms(self) -> float:
        """What ranks the candidates (see the module doc): the penalty always, time in
        full where it is at stake, else a small share of the request's own work."""
        if self.at_stake:
            return self.finish_ms + self.penalty_ms + self.displaced_ms
        own = self.load_ms + self.prompt_ms + self.generate_ms
        return self.penalty_ms + OWN_TIME_WEIGHT * own

    def as_dict(self) -> dict[str, Any]:
        return {
            "totalMs": round(self.total_ms, 1),
            "finishMs": round(self.finish_ms, 1),
            "waitSlotMs": round(self.wait_slot_ms, 1),
            "waitRoomMs": round(self.wait_room_ms, 1),
            "loadMs": round(self.load_ms, 1),
            "promptMs": round(self.prompt_ms, 1),
            "generateMs": round(self.generate_ms, 1),
            "penaltyMs": round(self.penalty_ms, 1),
            "displacedMs": round(self.displaced_ms, 1),
            "residency": self.fit.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class ModelLoad:
    """One model as the estimate needs it: size, slots and what waits for it."""

    name: str
    size_gb: float
    slots: int
    running: int
    queued: int
    running_for_ms: float | None = None
    """How long its longest-running execution has run (``None``: unknown)."""


def queue_wait_ms(load: ModelLoad, rates: ModelRates) -> float:
    """Until a slot frees: the work of the running requests left, then the queue's."""
    if load.running + load.queued < load.slots:
        return 0.0
    return _work_ms(load, rates) / max(1, load.slots)


def remaining_ms(elapsed_ms: float | None, service_ms: float) -> float:
    """What is left of a running request. Unknown: half of a typical one. One that has
    run longer than typical is taken to run about half as long again (long requests
    tend to be longer still), never less than a tenth of a typical one."""
    if elapsed_ms is None:
        return 0.5 * service_ms
    return max(service_ms - elapsed_ms, 0.5 * elapsed_ms, 0.1 * service_ms)


def _work_ms(load: ModelLoad, rates: ModelRates) -> float:
    if not load.running:
        return load.queued * rates.service_ms
    oldest = remaining_ms(load.running_for_ms, rates.service_ms)
    return oldest + (0.5 * (load.running - 1) + load.queued) * rates.service_ms


def estimate(
    model: ModelLoad,
    fit: Fit,
    *,
    prompt_tokens: float,
    output_tokens: float,
    on_purpose: bool,
    route_index: int | None,
    route_length: int,
    residency: Residency,
    others: Mapping[str, ModelLoad],
    rates: Rates,
    penalties: Penalties,
    session: bool = False,
    evicted_prompt_tokens: float = 0.0,
    warm_sessions: Mapping[str, int] | None = None,
) -> Estimate:
    """The expected time to finish one request on ``model``, placed as ``fit`` says
    (``prompt_tokens``: what it must process, its cached prefix left out)."""
    own = rates.model(model.name, model.size_gb, penalties.load_ms_per_gb)
    prompt_tps, gen_tps = own.prompt_tps, own.gen_tps
    if fit.placement == "never":
        prompt_tps, gen_tps = prompt_tps / SPLIT_SLOWDOWN, gen_tps / SPLIT_SLOWDOWN
    wait_slot = queue_wait_ms(model, own)
    wait_room = 0.0
    load = 0.0 if fit.placement == "loaded" else own.load_ms
    blocking = fit.wait_for
    if fit.placement in ("fits", "evict", "wait") and residency.pending:
        # Ollama loads one model at a time: a load waits behind the pending one, which
        # waits for its busy victims to finish.
        blocking = (*blocking, *residency.leaving)
    for name in blocking:
        other = others.get(name)
        if other is not None:
            rates_other = rates.model(name, other.size_gb, penalties.load_ms_per_gb)
            wait_room = max(wait_room, _drain_ms(other, rates_other))
    prompt_ms = prompt_tokens / max(prompt_tps, 1e-6) * 1000
    generate_ms = output_tokens / max(gen_tps, 1e-6) * 1000
    displaced = 0.0
    for name in (*fit.evict, *fit.wait_for):
        resident = residency.residents.get(name)
        other = others.get(name)
        if other is None:
            continue
        warm = warm_sessions.get(name, 0) if warm_sessions else 0
        if warm and name != model.name:
            # agent sessions cached there re-process their prompts after its reload
            rates_other = rates.model(name, other.size_gb, penalties.load_ms_per_gb)
            displaced += warm / max(rates_other.prompt_tps, 1e-6) * 1000
        recent = resident is not None and resident.idle_s < penalties.recent_use_s
        if other.queued > 0 or recent:
            reload_ms = rates.model(name, other.size_gb, penalties.load_ms_per_gb).load_ms
            displaced += reload_ms + other.queued * (load + prompt_ms + generate_ms + reload_ms)
    if evicted_prompt_tokens:
        # another agent session's cached prompt, pushed out of the model's only free
        # slot: it re-processes all of it on its next turn
        displaced += evicted_prompt_tokens / max(prompt_tps, 1e-6) * 1000
    penalty = 0.0 if on_purpose else penalties.off_purpose_ms
    position = route_index if route_index is not None else route_length
    penalty += penalties.route_position_ms * position
    return Estimate(
        wait_slot_ms=wait_slot,
        wait_room_ms=wait_room,
        load_ms=load,
        prompt_ms=prompt_ms,
        generate_ms=generate_ms,
        penalty_ms=penalty,
        fit=fit,
        displaced_ms=displaced,
        session=session,
    )


def _drain_ms(load: ModelLoad, rates: ModelRates) -> float:
    """Until a busy model has finished everything it runs and everything queued for it."""
    return _work_ms(load, rates) / max(1, load.slots)
