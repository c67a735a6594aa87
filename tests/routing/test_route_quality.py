"""Route order means quality: on an idle box the first model of the route is worth its
load; where time is at stake (a queue, a recently used model to evict) time decides."""

from __future__ import annotations

from tests.routing.routing_helpers import classified, gex44_policy, options

from ollama_agent_router.routing import StateView, evaluate
from ollama_agent_router.routing.residency import GpuBudget, Residency, Resident

POLICY = gex44_policy("residency")
GPT, QWEN = "gpt-oss:20b", "qwen2.5-coder:7b"
GB = 1024.0


def view(*, idle_s: float, queued: int = 0) -> StateView:
    """qwen resident and idle for ``idle_s`` seconds on the gex44 card."""
    qwen = Resident(QWEN, vram_mb=4.7 * GB, size_mb=4.7 * GB, idle_s=idle_s, queued=queued)
    residency = Residency({QWEN: qwen}, GpuBudget(total_mb=20480, reserve_mb=1536))
    return StateView(residency=residency, queued={QWEN: queued})


def chosen(runtime: StateView, task: str = "agentic_reasoning") -> str | None:
    return evaluate(POLICY, classified(task), options(POLICY), runtime).decision.model


def test_idle_box_pays_the_load_for_the_first_of_the_route() -> None:
    # gpt-oss evicts qwen (14 GiB beside 4.7 does not fit 80% of free), but qwen has not
    # been used for ten minutes: nobody waits behind the load
    assert chosen(view(idle_s=600)) == GPT


def test_a_recently_used_model_to_evict_puts_time_back_in_charge() -> None:
    assert chosen(view(idle_s=2)) == QWEN


def test_work_queued_for_the_victim_puts_time_back_in_charge() -> None:
    assert chosen(view(idle_s=600, queued=2)) == QWEN
