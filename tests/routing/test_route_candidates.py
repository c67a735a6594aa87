"""SPEC §3.2 candidates and §3.3 blocks."""

from __future__ import annotations

from typing import Any

import pytest
from tests.routing.routing_helpers import classified, model, options, policy

from ollama_agent_router.routing import LoadedModel, StateView, evaluate, parse_options
from ollama_agent_router.routing.candidates import build_candidates

POLICY = policy(
    [
        model("a", purpose=["chat"]),
        model("b"),
        model("c", purpose=["chat"]),
        model("d", tags=["chat"]),
        model("e", purpose=["other"], tags=["chat"]),
        model("f"),
    ],
    {"chat": ["b", "a"], "unknown": ["f"]},
)


def names(task: str = "chat", **router: Any) -> tuple[list[str], list[str], str | None]:
    cands, key = build_candidates(POLICY, task, options(POLICY, **router))
    return [c.name for c in cands], [c.source for c in cands], key


def test_route_then_purpose_then_tags_without_duplicates() -> None:
    assert names() == (
        ["b", "a", "c", "d", "e"],
        ["route", "route", "purpose", "tag", "tag"],
        "chat",
    )


def test_preferred_come_first_and_unknown_names_drop() -> None:
    got, sources, _ = names(preferredModels=["ghost", "c", "f"])
    assert got == ["c", "f", "b", "a", "d", "e"]
    assert sources[:2] == ["preferred", "preferred"]


def test_forbidden_models_are_dropped_everywhere() -> None:
    got, _, _ = names(preferredModels=["c"], forbiddenModels=["c", "b", "d"])
    assert got == ["a", "e"]


def test_missing_route_uses_unknown_route() -> None:
    got, sources, key = names("other")
    assert (got, sources, key) == (["f", "e"], ["route", "purpose"], "unknown")


def test_no_route_and_no_unknown_route_leaves_purposes_only() -> None:
    pol = policy([model("a", purpose=["x"]), model("b", tags=["x"]), model("c")], {})
    cands, key = build_candidates(pol, "x", options(pol))
    assert ([c.name for c in cands], key) == (["a", "b"], None)


def test_task_type_unknown_to_the_config_still_routes() -> None:
    got, _, key = names("invented_by_a_classifier")
    assert (got, key) == (["f"], "unknown")


def test_pinned_model_is_the_only_candidate() -> None:
    body: dict[str, Any] = {"model": "f", "router": {"preferredModels": ["a"]}}
    cands, _ = build_candidates(POLICY, "chat", parse_options(body, POLICY))
    assert [(c.name, c.source, c.preferred_index) for c in cands] == [("f", "pinned", None)]
    body["router"]["forbiddenModels"] = ["f"]
    assert build_candidates(POLICY, "chat", parse_options(body, POLICY))[0] == ()


def test_positions_are_recorded() -> None:
    cands, _ = build_candidates(POLICY, "chat", options(POLICY, preferredModels=["a"]))
    assert [(c.name, c.route_index, c.preferred_index) for c in cands[:2]] == [
        ("a", 1, 0),
        ("b", 0, None),
    ]


# --- blocks ---------------------------------------------------------------------------

GPU = policy(
    [
        model("s", sizeGb=1),
        model("x", sizeGb=1, exclusive=True, allowWhenBusy=True, maxConcurrent=4),
        model("w", sizeGb=1, allowWhenBusy=False, maxConcurrent=2),
        model("ok", sizeGb=1, allowWhenBusy=True, maxConcurrent=1),
    ],
    {"chat": ["s", "x", "w", "ok"]},
    gpu={"vramTotalMb": 4096, "vramSafetyReserveMb": 1024},
)
SPLIT = LoadedModel("s", size_bytes=100, size_vram_bytes=60)
WHOLE = LoadedModel("s", size_bytes=100, size_vram_bytes=100)

BLOCKS = [
    # (label, policy, requireGpuOnly, view, model, expected block kinds, text in detail)
    ("gpu-only off ignores VRAM", GPU, False, StateView(gpu_free_mb=0), "s", [], ""),
    ("fits", GPU, True, StateView(gpu_free_mb=2048), "s", [], ""),
    ("too big", GPU, True, StateView(gpu_free_mb=2047), "s", ["gpu_only"], "needs 2048 MB"),
    ("no snapshot uses total", GPU, True, StateView(), "s", [], ""),
    ("loaded split", GPU, True, StateView(loaded={"s": SPLIT}), "s", ["gpu_only"], "split"),
    ("loaded whole skips VRAM", GPU, True, StateView(loaded={"s": WHOLE}, gpu_free_mb=0), "s",
     [], ""),
    ("exclusive running", GPU, False, StateView(running={"x": 1}), "x", ["busy"], "exclusive"),
    ("exclusive idle", GPU, False, StateView(running={"x": 0}), "x", [], ""),
    ("at max concurrent", GPU, False, StateView(running={"w": 2}), "w", ["busy"], "2/2"),
    ("below max concurrent", GPU, False, StateView(running={"w": 1}), "w", [], ""),
    ("allowWhenBusy", GPU, False, StateView(running={"ok": 3}), "ok", [], ""),
    ("both blocks", GPU, True, StateView(gpu_free_mb=0, running={"w": 2}), "w",
     ["gpu_only", "busy"], ""),
]  # fmt: skip


@pytest.mark.parametrize(("label", "pol", "gpu_only", "view", "name", "kinds", "text"), BLOCKS)
def test_blocks(
    label: str, pol: Any, gpu_only: bool, view: StateView, name: str, kinds: list[str], text: str
) -> None:
    run = evaluate(pol, classified("chat"), options(pol, requireGpuOnly=gpu_only), view)
    (row,) = [r for r in run.candidates if r.name == name]
    assert [b.kind for b in row.blocks] == kinds, label
    assert text in " ".join(b.detail for b in row.blocks)
    assert row.available is (not kinds)


def test_no_gpu_known_blocks_every_model() -> None:
    pol = policy([model("a"), model("b")], {"chat": ["a", "b"]}, gpu={"vramTotalMb": 0})
    run = evaluate(pol, classified("chat"), options(pol, requireGpuOnly=True), StateView())
    assert {str(b) for r in run.candidates for b in r.blocks} == {
        "gpu_only (no GPU known and gpu.vramTotalMb is 0)"
    }
    # A snapshot makes the GPU known even when the config says 0 MB.
    snap = evaluate(
        pol, classified("chat"), options(pol, requireGpuOnly=True), StateView(gpu_free_mb=5000)
    )
    assert all(r.available for r in snap.candidates)


def test_gpu_only_for_a_model_of_unknown_loaded_size_counts_as_split() -> None:
    # Ollama reports sizes for every loaded model; 0 means we cannot tell it is on GPU.
    view = StateView(loaded={"s": LoadedModel("s")})
    run = evaluate(GPU, classified("chat"), options(GPU, requireGpuOnly=True), view)
    assert run.candidates[0].blocks[0].kind == "gpu_only"
