"""The estimate's parts (ms) and the residency strategy's ranking and blocks."""

from __future__ import annotations

import pytest

from ollama_agent_router.routing import StateView, evaluate, parse_options
from ollama_agent_router.routing.estimate import (
    Estimate,
    ModelLoad,
    ModelRates,
    Penalties,
    Rates,
    estimate,
    queue_wait_ms,
)
from ollama_agent_router.routing.residency import Fit, GpuBudget, Residency, Resident
from ollama_agent_router.routing.state import LoadedModel

from .routing_helpers import classified, gex44_policy, options

RATES = ModelRates(load_ms=2000, prompt_tps=1000, gen_tps=100, service_ms=4000)
KNOWN = Rates(models={"m": RATES, "other": RATES}, output_tokens={"code_fix": 200})
PENALTIES = Penalties(off_purpose_ms=30000, route_position_ms=4000, recent_use_s=15)


def run(
    fit: Fit,
    *,
    running: int = 0,
    queued: int = 0,
    residents: tuple[Resident, ...] = (),
    others: dict[str, ModelLoad] | None = None,
    on_purpose: bool = True,
    route_index: int | None = 0,
) -> Estimate:
    return estimate(
        ModelLoad("m", 4.0, slots=1, running=running, queued=queued),
        fit,
        prompt_tokens=500,
        output_tokens=KNOWN.expected_output("code_fix"),
        on_purpose=on_purpose,
        route_index=route_index,
        route_length=2,
        residency=Residency({r.name: r for r in residents}, GpuBudget(20480)),
        others=others or {},
        rates=KNOWN,
        penalties=PENALTIES,
    )


OTHER_BUSY = ModelLoad("other", 4.0, slots=1, running=1, queued=1)
OTHER_IDLE = ModelLoad("other", 4.0, slots=1, running=0, queued=0)


@pytest.mark.parametrize(
    ("label", "kwargs", "parts"),
    [
        ("loaded, idle", {"fit": Fit("loaded", 4096)}, (0, 0, 0, 500, 2000, 0, 0)),
        ("loads", {"fit": Fit("fits", 4096)}, (0, 0, 2000, 500, 2000, 0, 0)),
        (
            "one running ahead: half of it",
            {"fit": Fit("loaded", 4096), "running": 1},
            (2000, 0, 0, 500, 2000, 0, 0),
        ),
        (
            "running and queued",
            {"fit": Fit("loaded", 4096), "running": 1, "queued": 2},
            (10000, 0, 0, 500, 2000, 0, 0),
        ),
        (
            "evicting a long-idle model costs only the load",
            {
                "fit": Fit("evict", 4096, evict=("other",)),
                "others": {"other": OTHER_IDLE},
                "residents": (Resident("other", 4096, 4096, idle_s=600),),
            },
            (0, 0, 2000, 500, 2000, 0, 0),
        ),
        (
            "evicting a model used 5 s ago: others pay its reload (thrash guard)",
            {
                "fit": Fit("evict", 4096, evict=("other",)),
                "others": {"other": OTHER_IDLE},
                "residents": (Resident("other", 4096, 4096, idle_s=5),),
            },
            (0, 0, 2000, 500, 2000, 0, 2000),
        ),
        (
            "waiting for a busy model: its running half and its queue; its queue is displaced",
            {
                "fit": Fit("wait", 4096, wait_for=("other",)),
                "others": {"other": OTHER_BUSY},
                "residents": (Resident("other", 4096, 4096, running=1),),
            },
            (0, 6000, 2000, 500, 2000, 0, 8500),
        ),
        (
            "evicting an idle model with 2 queued: they wait for this request and its reload",
            {
                "fit": Fit("evict", 4096, evict=("other",)),
                "others": {"other": ModelLoad("other", 4.0, slots=1, running=0, queued=2)},
                "residents": (Resident("other", 4096, 4096, idle_s=600),),
            },
            (0, 0, 2000, 500, 2000, 0, 2000 + 2 * 6500),
        ),
        (
            "off purpose, second in route",
            {"fit": Fit("loaded", 4096), "on_purpose": False, "route_index": 1},
            (0, 0, 0, 500, 2000, 34000, 0),
        ),
        (
            "not in the route: after its end",
            {"fit": Fit("loaded", 4096), "route_index": None},
            (0, 0, 0, 500, 2000, 8000, 0),
        ),
        ("split: five times slower", {"fit": Fit("never", 4096)}, (0, 0, 2000, 2500, 10000, 0, 0)),
    ],
)
def test_estimate_parts(label: str, kwargs: dict[str, object], parts: tuple[float, ...]) -> None:
    guess = run(**kwargs)  # type: ignore[arg-type]
    got = (
        guess.wait_slot_ms,
        guess.wait_room_ms,
        guess.load_ms,
        guess.prompt_ms,
        guess.generate_ms,
        guess.penalty_ms,
        guess.displaced_ms,
    )
    assert got == pytest.approx(parts), label
    wait, (load, prompt, generate, penalty, displaced) = max(parts[0], parts[1]), parts[2:]
    if wait or displaced or guess.fit.placement == "never":  # time at stake: in full
        expected = wait + load + prompt + generate + penalty + displaced
    else:  # nobody waits: quality, and 5% of its own work
        expected = penalty + 0.05 * (load + prompt + generate)
    assert guess.total_ms == pytest.approx(expected)


def test_slots_share_the_queue() -> None:
    two = ModelLoad("m", 4.0, slots=2, running=1, queued=0)
    assert queue_wait_ms(two, RATES) == 0  # a slot is free
    busy = ModelLoad("m", 4.0, slots=2, running=2, queued=2)
    assert queue_wait_ms(busy, RATES) == pytest.approx((1 + 2) * 4000 / 2)


def test_seeds_and_learned_output() -> None:
    assert Rates().expected_output("triage") == 20
    assert Rates().expected_output("something_new") == 300
    assert Rates(output_tokens={"triage": 35}).expected_output("triage") == 35
    seeded = Rates().model("x", 5.0, load_ms_per_gb=400)
    assert seeded.load_ms == 2000
    assert seeded.gen_tps == pytest.approx(50)


GPT, QWEN, DEEP, VIBE = (
    "gpt-oss:20b",
    "qwen2.5-coder:7b",
    "deepseek-coder:6.7b",
    "B-A-M-N/vibethinker:1.5b",
)
MIB = 1024 * 1024


def loaded(*names_gb: tuple[str, float]) -> dict[str, LoadedModel]:
    return {n: LoadedModel(n, int(gb * 1024 * MIB), int(gb * 1024 * MIB)) for n, gb in names_gb}


def test_idle_big_model_resident_code_request_evicts_instead_of_503() -> None:
    """The measured failure: gpt-oss and the triage model resident, 2.4 GB free, a plain
    client's code request. Reference blocks every model that is not loaded (503);
    residency places it where Ollama would evict the idle model."""
    view = StateView(loaded=loaded((GPT, 14.0), (VIBE, 3.6)), gpu_free_mb=2458)
    policy = gex44_policy("reference")
    reference = evaluate(policy, classified("code_fix"), parse_options({}, policy), view).decision
    assert reference.type == "reject"
    policy = gex44_policy("residency")
    dry = evaluate(policy, classified("code_fix"), parse_options({}, policy), view)
    assert dry.decision.type == "sync"
    assert dry.decision.model in (QWEN, DEEP)
    row = next(r for r in dry.candidates if r.name == dry.decision.model)
    assert row.estimate is not None
    assert row.estimate.fit.placement == "evict"
    assert "expected to finish in" in dry.decision.reason


def test_gpu_only_blocks_only_what_never_fits() -> None:
    policy = gex44_policy("residency")
    small_card = StateView(loaded={}, gpu_free_mb=8000)  # an 8 GB card, nothing loaded
    dry = evaluate(policy, classified("planning"), options(policy, requireGpuOnly=True), small_card)
    assert dry.decision.type == "reject"
    assert "gpu_only" in dry.decision.reason
    dry = evaluate(policy, classified("agentic_reasoning"), options(policy), small_card)
    assert dry.decision.model == QWEN  # gpt-oss is blocked, qwen fits
    busy = StateView(loaded=loaded((GPT, 14.0)), gpu_free_mb=6000, running={GPT: 1})
    dry = evaluate(policy, classified("planning"), options(policy), busy)
    assert dry.decision.model == GPT
    assert not dry.candidates[0].blocks  # busy is not a block: the request waits


def test_route_order_means_quality_on_an_idle_box() -> None:
    """The first of the route needs a 7 s load that nobody waits behind; the second is
    loaded. The load is paid for the model the operator ranked first."""
    first = run(fit=Fit("fits", 14 * 1024), route_index=0)
    second = run(fit=Fit("loaded", 4.7 * 1024), route_index=1)
    assert first.load_ms > 0
    assert first.total_ms < second.total_ms


def test_time_at_stake_beats_route_order() -> None:
    """A queue on the first of the route: the second, free now, wins."""
    first = run(fit=Fit("loaded", 4096), running=1, queued=3, route_index=0)
    second = run(fit=Fit("loaded", 4096), route_index=1)
    assert first.total_ms > second.total_ms
