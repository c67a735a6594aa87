"""The tracker: /api/ps merged with the router's own starts and evictions, the room
gate, learned footprints and other programs' VRAM."""

from __future__ import annotations

from typing import Any

import pytest

from ollama_agent_router.config import parse_config
from ollama_agent_router.gpu.snapshot import GpuDevice, GpuSnapshot
from ollama_agent_router.routing.footprint import ModelFacts
from ollama_agent_router.routing.memory import ModelShape
from ollama_agent_router.routing.residency import place
from ollama_agent_router.routing.state import LoadedModel
from ollama_agent_router.scheduling.scheduler import Room
from ollama_agent_router.state.residency import ResidencyTracker
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
    """gex44 on its 20 GiB card; without ``OLLAMA_CONTEXT_LENGTH`` unless told, so each
    model runs at Ollama's 4096 default (no batch buffer) and, with nothing read from
    ``/api/show``, needs its ``sizeGb``."""
    config = parse_config(gex44_data(**{"ollama.contextLength": None, **changes}))
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
    # both idle: Ollama unloads the first by model path ("B-A-M-N/…" sorts before
    # "gpt-oss…"), and then 4.7 GiB fits 80% of the 6 GiB free
    assert track.started(QWEN)
    residents = track.residency().residents
    assert QWEN in residents
    assert VIBE not in residents
    assert GPT in residents
    assert track.evictions == 1
    # a poll that began before the start still shows the triage model: it stays out
    track.refreshed(ps((GPT, 14), (VIBE, 3.6)), started_at=clock.now - 1, snapshot=None)
    assert VIBE not in track.residency().residents
    # a later poll is the truth again
    track.refreshed(ps((QWEN, 4.7), (GPT, 14)), started_at=clock.now + 1, snapshot=None)
    assert set(track.residency().residents) == {QWEN, GPT}


def test_the_room_gate_waits_for_busy_models_only() -> None:
    track, running, _, clock = tracker()
    track.refreshed(ps((GPT, 14), (VIBE, 3.6)), started_at=clock.now, snapshot=None)
    assert track.room(QWEN).wait_for == ()  # both idle: Ollama evicts one
    assert track.room(QWEN).loads
    running[GPT] = 1
    running[VIBE] = 1
    assert track.room(QWEN).wait_for == (VIBE,)  # the first by model path, busy or not
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


QWEN_SHAPE = ModelShape("qwen2", 28, 28, 4, 3584, 32768)
QWEN_FILE = 4_683_087_332


def qwen_facts(name: str) -> ModelFacts:
    return ModelFacts(QWEN_FILE, QWEN_SHAPE) if name == QWEN else ModelFacts()


@pytest.mark.parametrize(
    ("changes", "context", "num_ctx", "need_gib"),
    [
        # the gex44 card with api: openai and no contextLength: Ollama's 4096 default
        ({"ollama.contextLength": None}, 4096, None, 4.58),
        # OLLAMA_CONTEXT_LENGTH=32768 on the server: the worked example, ≈ 6.9 GiB
        ({"ollama.contextLength": 32768}, 32768, None, 6.86),
        # native: the model's maxContext, sent as num_ctx on every call
        ({"ollama.api": "native"}, 32768, 32768, 6.86),
        # two slots: twice the cache, and the large batch above 32768 tokens in all
        ({"ollama.contextLength": 32768, "ollama.numParallel": 2}, 32768, None, 9.86),
    ],
)
def test_footprint_is_ollamas_prediction_at_the_real_context(
    changes: dict[str, Any], context: int, num_ctx: int | None, need_gib: float
) -> None:
    track, _, _, _ = tracker(**changes)
    track.facts = qwen_facts
    print_ = track.footprint(QWEN)
    assert print_.context == context
    assert print_.num_ctx == num_ctx
    assert print_.source == "ollama"
    assert print_.need_mb / 1024 == pytest.approx(need_gib, abs=0.01)
    assert track.residency().need_mb(QWEN, 1.0) == print_.need_mb


def test_unknown_gpu_means_unknown_context() -> None:
    track, _, _, clock = tracker(
        **{"gpu.provider": "none", "gpu.vramTotalMb": 0, "ollama.contextLength": None}
    )
    track.facts = qwen_facts
    assert track.footprint(QWEN).context is None  # nothing blocks on it
    loaded = {QWEN: LoadedModel(QWEN, 5 * 1024 * MIB, 5 * 1024 * MIB, context_length=8192)}
    track.refreshed(loaded, started_at=clock.now, snapshot=None)
    assert track.footprint(QWEN).context == 8192  # what /api/ps shows


def test_ps_size_corrects_later_estimates() -> None:
    track, _, _, clock = tracker(**{"ollama.contextLength": 32768})
    track.facts = qwen_facts
    estimate = track.footprint(QWEN).need_mb
    size = int(estimate * 1.1 * MIB)
    loaded = {QWEN: LoadedModel(QWEN, size, size, context_length=32768)}
    track.refreshed(loaded, started_at=clock.now, snapshot=None)
    assert track.footprint(QWEN).source == "ps"
    track.refreshed({}, started_at=clock.now + 1, snapshot=None)  # unloaded again
    assert track.footprint(QWEN).need_mb == pytest.approx(estimate * 1.1, rel=0.001)


def test_models_outside_the_config_count() -> None:
    track, _, _, clock = tracker()
    embed = LoadedModel("nomic-embed-text:latest", 600 * MIB, 600 * MIB)
    track.refreshed(ps((GPT, 14)), clock.now, None, {"nomic-embed-text:latest": embed})
    residency = track.residency()
    assert residency.residents["nomic-embed-text:latest"].outside
    assert residency.used_mb == pytest.approx(14 * 1024 + 600)


def test_a_held_start_marks_its_victims_leaving_and_its_wait_is_timed() -> None:
    track, running, queued, clock = tracker()
    track.refreshed(ps((GPT, 14), (VIBE, 3.6)), started_at=clock.now, snapshot=None)
    running[GPT] = running[VIBE] = 1
    queued[QWEN] = 1
    stalls: list[tuple[str, float]] = []
    track.on_stall = lambda model, seconds: stalls.append((model, seconds))
    track.held(QWEN)
    residency = track.residency()
    assert residency.pending == (QWEN,)
    assert residency.leaving == {VIBE}
    clock.now += 7
    running[VIBE] = 0
    track.started(QWEN)
    assert stalls == [(QWEN, 7.0)]
    assert track.stall_seconds == 7.0


def test_an_outside_model_a_start_evicts_leaves_at_once() -> None:
    track, _, _, clock = tracker(**{"ollama.maxLoadedModels": 2})
    embed = LoadedModel("nomic-embed-text:latest", 600 * MIB, 600 * MIB)
    track.refreshed(ps((VIBE, 3.6)), clock.now, None, {"nomic-embed-text:latest": embed})
    clock.now += 1
    assert track.started(QWEN)  # two loaded already: Ollama unloads one
    residents = track.residency().residents
    assert len(residents) == 2
    assert QWEN in residents


def test_is_resident_answers_as_the_resident_set_does() -> None:
    """``started`` and ``room`` ask ``is_resident`` instead of building the whole set:
    both agree in every state a model can be in (polled, started, evicted, outside,
    gone again), and so does the room a start finds."""
    track, running, queued, clock = tracker()
    names = [GPT, QWEN, DEEP, VIBE, "llama3:8b"]

    def agree() -> None:
        residency = track.residency()
        for name in names:
            assert track.is_resident(name) == (name in residency.residents), name
            if name in track.footprints():  # room() takes the shortcut for residents
                fit = place(name, residency.need_mb(name, 0.0), residency)
                loads = fit.placement not in ("loaded", "never")
                wait_for = fit.wait_for if fit.placement == "wait" else ()
                expected = Room(wait_for, loads or name not in residency.residents)
                assert track.room(name) == expected, name

    agree()
    outside = {"llama3:8b": LoadedModel("llama3:8b", 2 * 1024 * MIB, 2 * 1024 * MIB)}
    track.refreshed(ps((GPT, 14), (VIBE, 3.6)), clock.now, None, outside)
    agree()
    clock.now += 10
    track.started(QWEN)  # evicts the triage model
    agree()
    running[QWEN] = 1
    track.refreshed(ps((GPT, 14)), clock.now - 5, None)  # a poll from before the start
    agree()
    running[QWEN] = 0
    track.finished(QWEN)
    track.refreshed(ps((GPT, 14)), clock.now + 1, None)  # after it: QWEN is not shown
    agree()
    track.started(DEEP)
    agree()
    split = LoadedModel(VIBE, 4 * 1024 * MIB, 2 * 1024 * MIB)  # half of it on the CPU
    track.refreshed({**ps((QWEN, 4.7)), VIBE: split}, clock.now + 2, None)
    agree()
    running[QWEN], queued[GPT] = 1, 1
    track.held(GPT)  # a pending load waits for the busy QWEN: it is leaving
    agree()
