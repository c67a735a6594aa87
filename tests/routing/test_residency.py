"""The residency model: runs now / after evicting idle models / after busy ones finish /
never fully on the GPU — as Ollama would place the model."""

from __future__ import annotations

import pytest

from ollama_agent_router.routing.residency import (
    GpuBudget,
    Residency,
    Resident,
    max_loaded_models,
    place,
)

GB = 1024.0


def gpu(
    *residents: Resident, total: float = 20 * GB, reserve: float = 1536, **kw: float
) -> Residency:
    budget = GpuBudget(total_mb=total, reserve_mb=reserve, **kw)  # type: ignore[arg-type]
    return Residency({r.name: r for r in residents}, budget)


def resident(
    name: str, gb: float, *, running: int = 0, idle_s: float = 60.0, **kw: float
) -> Resident:
    return Resident(name, vram_mb=gb * GB, size_mb=gb * GB, running=running, idle_s=idle_s, **kw)  # type: ignore[arg-type]


BIG = resident("gpt-oss", 14)
TRIAGE = resident("vibe", 3.6, idle_s=5)


@pytest.mark.parametrize(
    ("name", "need_gb", "residency", "placement", "evict", "wait_for"),
    [
        ("vibe", 3.6, gpu(TRIAGE), "loaded", (), ()),
        ("qwen", 4.7, gpu(), "fits", (), ()),
        # sched.go load: next to the triage model, 4.7 ≤ 80% of 16.4 GiB free
        ("qwen", 4.7, gpu(TRIAGE), "fits", (), ()),
        # gpt-oss and the triage model resident, 2.4 GiB free
        ("qwen", 4.7, gpu(BIG, TRIAGE), "evict", ("gpt-oss",), ()),
        # findRunnerToUnload: model-path order, not least recently used
        ("deep", 3.8, gpu(BIG, resident("vibe", 3.6, idle_s=600)), "evict", ("gpt-oss",), ()),
        (
            "deep",
            3.8,
            gpu(
                resident("gpt-oss", 14, order_key="/blobs/sha256-f0"),  # type: ignore[arg-type]
                resident("vibe", 3.6, idle_s=0, order_key="/blobs/sha256-a1"),  # type: ignore[arg-type]
            ),
            "evict",
            ("vibe",),  # its file sorts first; 3.8 ≤ 80% of 6.0 GiB then
            (),
        ),
        # the 80% rule: 4.7 GiB of 5.5 free does not fit beside another model
        ("qwen", 4.7, gpu(resident("x", 14.5)), "evict", ("x",), ()),
        # idle ones go first; evicting the triage model is enough (4.7 ≤ 80% of 6.0)
        ("qwen", 4.7, gpu(resident("gpt-oss", 14, running=1), TRIAGE), "evict", ("vibe",), ()),
        # not enough (5 > 4.8): then the first in order even if busy, and Ollama waits
        (
            "qwen",
            5.0,
            gpu(resident("gpt-oss", 14, running=1), TRIAGE),
            "wait",
            ("vibe",),
            ("gpt-oss",),
        ),
        (
            "qwen",
            4.7,
            gpu(resident("gpt-oss", 14, running=1), resident("vibe", 3.6, running=1)),
            "wait",
            (),
            ("gpt-oss",),  # none idle: the first in model-path order
        ),
        # too big for the card with the reserve: it would split
        ("huge", 19.5, gpu(), "never", (), ()),
        # loaded split by Ollama: never fully on the GPU
        ("deep", 3.8, gpu(Resident("deep", vram_mb=2000, size_mb=3891)), "never", (), ()),
        # another program holds VRAM: less room
        ("qwen", 4.7, gpu(total=8 * GB, reserve=0, foreign_mb=4 * GB), "never", (), ()),
    ],
)
def test_place(
    name: str,
    need_gb: float,
    residency: Residency,
    placement: str,
    evict: tuple[str, ...],
    wait_for: tuple[str, ...],
) -> None:
    fit = place(name, need_gb * GB, residency)
    assert (fit.placement, fit.evict, fit.wait_for) == (placement, evict, wait_for), fit.reason


def test_max_loaded_models_counts_like_vram() -> None:
    three = gpu(
        resident("a", 1), resident("b", 1, idle_s=5), resident("c", 1, running=1), max_loaded=3
    )
    fit = place("d", 1 * GB, three)
    assert (fit.placement, fit.evict) == ("evict", ("a",))  # room in VRAM, not in slots
    busy = gpu(*(resident(n, 1, running=1) for n in "abc"), max_loaded=3)
    assert place("d", GB, busy).placement == "wait"


def test_a_model_loading_counts_as_resident() -> None:
    loading = Resident("qwen", vram_mb=4.7 * GB, size_mb=4.7 * GB, loading=True)
    assert place("deep", 3.8 * GB, gpu(BIG, loading)).placement in ("evict", "wait")
    assert place("qwen", 4.7 * GB, gpu(loading)).placement == "loaded"


@pytest.mark.parametrize(
    ("configured", "gpus", "expected"), [(0, 1, 3), (0, 2, 6), (0, 0, 3), (2, 4, 2)]
)
def test_max_loaded_models_default_is_ollamas(configured: int, gpus: int, expected: int) -> None:
    assert max_loaded_models(configured, gpus) == expected


def test_free_and_capacity() -> None:
    residency = gpu(BIG, total=20 * GB, reserve=1536, foreign_mb=512)
    assert residency.budget.capacity_mb == 20 * GB - 1536 - 512
    assert residency.free_mb == 20 * GB - 1536 - 512 - 14 * GB
    assert residency.as_dict()["resident"][0]["model"] == "gpt-oss"


def test_a_model_being_unloaded_for_a_pending_load_is_not_loaded() -> None:
    """While a load waits for a busy model, new work there would wait for its reload."""
    busy = resident("gpt-oss", 14, running=1)
    residency = Residency(
        {"gpt-oss": busy}, GpuBudget(total_mb=20 * GB), leaving=frozenset({"gpt-oss"})
    )
    fit = place("gpt-oss", 14 * GB, residency)
    assert (fit.placement, fit.wait_for) == ("wait", ("gpt-oss",))


def test_an_outside_model_counts_and_may_be_evicted() -> None:
    """Models the config does not name take VRAM and a loaded-model place."""
    other = Resident("nomic-embed-text", vram_mb=0.5 * GB, size_mb=0.5 * GB, outside=True)
    three = gpu(resident("a", 1, running=1), resident("b", 1, running=1), other, max_loaded=3)
    fit = place("d", GB, three)
    assert (fit.placement, fit.evict) == ("evict", ("nomic-embed-text",))
