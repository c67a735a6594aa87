"""The tracker: /api/ps merged with the router's own starts and evictions, the room
gate, learned footprints and other programs' VRAM."""

from __future__ import annotations

from typing import Any

import pytest

from ollama_agent_router.config import parse_config
from ollama_agent_router.gpu.snapshot import GpuDevice, GpuSnapshot
from ollama_agent_router.routing.state import LoadedModel
from ollama_agent_router.runtime.residency import ResidencyTracker
from support.stack import gex44_data

GPT, QWEN, DEEP, VIBE = (
    "gpt-oss:20b",
    "qwen2.5-coder:7b",
    "deepseek-coder:6.7b",
    "B-A-M-N/vibethinker:1.5b",
)
MIB = 1024 * 1024


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def tracker(**changes: Any) -> tuple[ResidencyTracker, dict[str, int], dict[str, int], Clock]:
    config = parse_config(gex44_data(**changes))
    running: dict[str, int] = dict.fromkeys(config.model_names, 0)
    queued: dict[str, int] = dict.fromkeys(config.model_names, 0)
    clock = Clock()
    return (
        ResidencyTracker(config, running=running, queued=queued, clock=clock),
        running,
        queued,
        clock,
    )


def ps(*models: tuple[str, float]) -> dict[str, LoadedModel]:
    return {n: LoadedModel(n, int(gb * 1024 * MIB), int(gb * 1024 * MIB)) for n, gb in models}


def test_a_started_model_is_resident_before_any_poll() -> None:
    track, running, _, clock = tracker()
    track.refreshed(ps(), started_at=clock.now, snapshot=None)
    clock.now += 1
    assert track.started(GPT) is True  # cold: it loads
    running[GPT] = 1
    residency = track.residency()
    assert residency.residents[GPT].loading
    assert residency.residents[GPT].busy
    assert track.loads == 1
    assert track.started(GPT) is False  # already resident: warm


def test_models_a_start_evicts_leave_at_once_and_come_back_with_a_later_poll() -> None:
    track, _, _, clock = tracker()
    track.refreshed(ps((GPT, 14), (VIBE, 3.6)), started_at=clock.now, snapshot=None)
    clock.now += 10
    assert track.started(QWEN)  # needs gpt-oss out (both idle, gpt-oss unknown idle time)
    residents = track.residency().residents
    assert QWEN in residents
    assert GPT not in residents
    assert track.evictions >= 1
    # a poll that began before the start still shows gpt-oss: it stays out
    track.refreshed(ps((GPT, 14), (VIBE, 3.6)), started_at=clock.now - 1, snapshot=None)
    assert GPT not in track.residency().residents
    # a later poll is the truth again
    track.refreshed(ps((QWEN, 4.7), (VIBE, 3.6)), started_at=clock.now + 1, snapshot=None)
    assert set(track.residency().residents) == {QWEN, VIBE}


def test_the_room_gate_waits_for_busy_models_only() -> None:
    track, running, _, clock = tracker()
    track.refreshed(ps((GPT, 14), (VIBE, 3.6)), started_at=clock.now, snapshot=None)
    assert track.room(QWEN).wait_for == ()  # gpt-oss idle: Ollama evicts it
    assert track.room(QWEN).loads
    running[GPT] = 1
    assert track.room(QWEN).wait_for == (GPT,)
    assert track.room(VIBE).loads is False


def test_footprints_learned_from_ps_count_the_kv_cache() -> None:
    track, _, _, clock = tracker()
    track.refreshed(ps((GPT, 16.4)), started_at=clock.now, snapshot=None)  # weights + KV
    residency = track.residency()
    assert residency.need_mb(GPT, 14 * 1024) == pytest.approx(16.4 * 1024)
    assert residency.need_mb(QWEN, 4.7 * 1024) == pytest.approx(4.7 * 1024)


def test_other_programs_vram_shrinks_the_budget_without_double_counting_a_load() -> None:
    track, running, _, clock = tracker()
    card = GpuDevice(0, "card", 20480, 6000, 14480, 5)
    snapshot = GpuSnapshot("nvidia", (card,), clock.now, source="test")
    track.refreshed(ps((VIBE, 3.6)), started_at=clock.now, snapshot=snapshot)
    budget = track.residency().budget
    assert budget.total_mb == 20480
    assert budget.foreign_mb == pytest.approx(6000 - 3.6 * 1024)
    # qwen starts; the next reading shows it before /api/ps does: not counted twice
    track.started(QWEN)
    running[QWEN] = 1
    later = GpuDevice(0, "card", 20480, 6000 + 4813, 20480 - 6000 - 4813, 5)
    track.gpu(GpuSnapshot("nvidia", (later,), clock.now, source="test"))
    assert track.residency().budget.foreign_mb == pytest.approx(6000 - 3.6 * 1024, abs=2)
