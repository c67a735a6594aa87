"""Candidates for a request (SPEC §3.2) and the blocks that keep them from sync runs (§3.3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ollama_agent_router.routing.options import RequestOptions
from ollama_agent_router.routing.policy import Candidate, ModelSpec, RoutingPolicy
from ollama_agent_router.routing.state import StateView

BlockKind = Literal["gpu_only", "busy", "capability"]


@dataclass(frozen=True, slots=True)
class Block:
    """Why a model cannot take a sync run right now."""

    kind: BlockKind
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} ({self.detail})"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail}


def build_candidates(
    policy: RoutingPolicy, task_type: str, options: RequestOptions
) -> tuple[tuple[Candidate, ...], str | None]:
    """The ordered candidates and the route key used (the task's, ``unknown`` or ``None``).

    Order: preferred models, then the route, then purpose/tag matches; duplicates,
    forbidden models and names that are not configured are dropped. A pinned model is
    the only candidate (unless forbidden).
    """
    route = policy.task_route(task_type)
    forbidden = options.forbidden_models
    if options.pinned_model is not None:
        pinned = options.pinned_model
        index = route.positions.get(pinned)
        only = () if pinned in forbidden else (Candidate(pinned, "pinned", index),)
        return only, route.route_key
    if not options.preferred_models and not forbidden:
        return route.candidates, route.route_key  # the common case: no allocation

    models = policy.models
    result: list[Candidate] = []
    seen: set[str] = set()
    for j, name in enumerate(options.preferred_models):
        if name in models and name not in forbidden:
            result.append(Candidate(name, "preferred", route.positions.get(name), j))
            seen.add(name)
    for candidate in route.candidates:
        if candidate.name not in seen and candidate.name not in forbidden:
            result.append(candidate)
    return tuple(result), route.route_key


def free_vram_mb(policy: RoutingPolicy, view: StateView) -> float:
    """Free VRAM from the GPU snapshot, else the configured total."""
    return view.gpu_free_mb if view.gpu_free_mb is not None else policy.vram_total_mb


def find_blocks(
    spec: ModelSpec,
    view: StateView,
    *,
    policy: RoutingPolicy,
    require_gpu_only: bool,
    free_mb: float,
) -> tuple[Block, ...]:
    """At most one ``gpu_only`` block (the first reason that applies) and one ``busy``."""
    running = view.running.get(spec.name, 0)
    if not require_gpu_only and not running:
        return ()
    blocks: list[Block] = []
    if require_gpu_only:
        loaded = view.loaded.get(spec.name)
        if view.gpu_free_mb is None and policy.vram_total_mb <= 0:
            blocks.append(Block("gpu_only", "no GPU known and gpu.vramTotalMb is 0"))
        elif loaded is not None:
            if not loaded.fully_on_gpu:
                blocks.append(Block("gpu_only", "loaded but split between CPU and GPU"))
        elif spec.required_vram_mb > free_mb:
            blocks.append(
                Block(
                    "gpu_only",
                    f"needs {spec.required_vram_mb:.0f} MB VRAM, {free_mb:.0f} MB free",
                )
            )
    if spec.exclusive and running > 0:
        blocks.append(Block("busy", f"exclusive, {running} running"))
    elif not spec.allow_when_busy and running >= spec.max_concurrent:
        blocks.append(Block("busy", f"{running}/{spec.max_concurrent} running"))
    return tuple(blocks)
