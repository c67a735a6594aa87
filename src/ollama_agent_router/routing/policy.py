"""The routing policy: everything routing needs from the config, computed once.

``RoutingPolicy.from_config`` turns a validated ``RouterConfig`` into immutable lookup
tables (model specs, route positions, the per-task base candidate lists) so that a
routing decision is only dictionary reads and a little arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from ollama_agent_router.config import RouterConfig
from ollama_agent_router.routing.estimate import Penalties
from ollama_agent_router.tasks import CORE_TASK_TYPES, Mode, Priority

CostClass = Literal["low", "medium", "high"]
Strategy = Literal["residency", "reference"]
CandidateSource = Literal["pinned", "preferred", "route", "purpose", "tag", "capability"]

UNKNOWN_TASK = "unknown"


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """One configured model, as routing sees it."""

    name: str
    size_gb: float
    required_vram_mb: float
    """``sizeGb·1024 + vramSafetyReserveMb``: what loading it needs free."""
    priority: int
    purpose: frozenset[str]
    tags: frozenset[str]
    max_concurrent: int
    cost_class: CostClass
    exclusive: bool
    allow_when_busy: bool

    @property
    def size_bytes(self) -> int:
        return int(self.size_gb * 1024**3)


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    source: CandidateSource
    """What put the model on the list first: pinned, preferred, route, purpose or tag
    (``capability``: none of those could serve the request, this model can)."""
    route_index: int | None
    """Position in the route used for the task, ``None`` when not in it."""
    preferred_index: int | None = None
    """Position in the request's ``preferredModels``, ``None`` when not preferred."""


@dataclass(frozen=True, slots=True)
class TaskRoute:
    """The config-derived half of the candidate list for one task type.

    ``route_key`` is the route used (the task's own, else ``unknown``, else ``None``);
    ``candidates`` is that route followed by purpose/tag matches, duplicates dropped.
    """

    task_type: str
    route_key: str | None
    positions: Mapping[str, int]
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class RequestDefaults:
    """Config defaults for the request-level ``router`` options (SPEC §3.1)."""

    mode: Mode
    async_for_plain_clients: bool
    priority: Priority
    max_queue_time_ms: int
    max_execution_time_ms: int
    require_gpu_only: bool


@dataclass(frozen=True, slots=True)
class RoutingPolicy:
    models: Mapping[str, ModelSpec]
    """Configured models by name, in config order."""
    routes: Mapping[str, TaskRoute]
    """One entry per known task type (core types, route keys, purposes)."""
    route_lists: Mapping[str, tuple[str, ...]]
    """``routes`` of the config as given."""
    task_types: tuple[str, ...]
    """Valid explicit task types: core types, then route keys, then purposes."""
    defaults: RequestDefaults
    vram_total_mb: float
    heavy_load_queue_depth: int
    heavy_load_gpu_free_mb: float
    max_gpu_utilization_pct: float
    strategy: Strategy = "reference"
    penalties: Penalties = field(default_factory=Penalties)
    num_parallel: int = 1
    vram_reserve_mb: float = 0.0
    max_loaded_models: int = 0
    """``ollama.maxLoadedModels`` as configured (0: Ollama's default)."""
    """Ollama's parallel slots per model: a model serves ``min(maxConcurrent, this)``."""

    @classmethod
    def from_config(cls, config: RouterConfig) -> RoutingPolicy:
        reserve = config.gpu.vram_safety_reserve_mb
        models = {
            m.name: ModelSpec(
                name=m.name,
                size_gb=m.size_gb,
                required_vram_mb=m.size_gb * 1024 + reserve,
                priority=m.priority,
                purpose=frozenset(m.purpose),
                tags=frozenset(m.tags),
                max_concurrent=m.max_concurrent,
                cost_class=m.cost_class,
                exclusive=m.exclusive,
                allow_when_busy=m.allow_when_busy,
            )
            for m in config.models
        }
        task_types = list(CORE_TASK_TYPES)
        extra = [*config.routes, config.router.default_task_type]
        extra += [p for m in config.models for p in m.purpose]
        for name in extra:
            if name not in task_types:
                task_types.append(name)
        route_lists = {key: tuple(names) for key, names in config.routes.items()}
        routes = {task: build_task_route(task, route_lists, models) for task in task_types}
        return cls(
            models=MappingProxyType(models),
            routes=MappingProxyType(routes),
            route_lists=MappingProxyType(route_lists),
            task_types=tuple(task_types),
            defaults=RequestDefaults(
                mode=config.router.default_mode,
                async_for_plain_clients=config.router.async_for_plain_clients,
                priority=config.queue.default_priority,
                max_queue_time_ms=config.router.sync_max_queue_time_ms,
                max_execution_time_ms=config.queue.timeout_ms,
                require_gpu_only=config.gpu.require_gpu_only_by_default,
            ),
            vram_total_mb=config.gpu.vram_total_mb,
            heavy_load_queue_depth=config.router.heavy_load_queue_depth,
            heavy_load_gpu_free_mb=config.router.heavy_load_gpu_free_mb_threshold,
            max_gpu_utilization_pct=config.gpu.max_gpu_utilization_pct,
            strategy=config.router.strategy,
            penalties=Penalties(
                off_purpose_ms=config.router.residency.off_purpose_penalty_ms,
                route_position_ms=config.router.residency.route_position_penalty_ms,
                recent_use_s=config.router.residency.recent_use_ms / 1000,
                load_ms_per_gb=config.router.residency.load_ms_per_gb,
            ),
            num_parallel=config.ollama.num_parallel,
            vram_reserve_mb=reserve,
            max_loaded_models=config.ollama.max_loaded_models,
        )

    def task_route(self, task_type: str) -> TaskRoute:
        """The route for a task type; computed on the spot for a type not in the config."""
        route = self.routes.get(task_type)
        if route is not None:
            return route
        return build_task_route(task_type, self.route_lists, self.models)

    @property
    def model_names(self) -> tuple[str, ...]:
        return tuple(self.models)


def build_task_route(
    task_type: str, routes: Mapping[str, Sequence[str]], models: Mapping[str, ModelSpec]
) -> TaskRoute:
    """Steps (2) and (3) of SPEC §3.2 for one task type, before the request is known."""
    route_key: str | None = task_type if task_type in routes else None
    if route_key is None and UNKNOWN_TASK in routes:
        route_key = UNKNOWN_TASK
    ordered = routes[route_key] if route_key is not None else []
    positions: dict[str, int] = {}
    for index, name in enumerate(ordered):
        if name in models:
            positions.setdefault(name, index)
    candidates = [Candidate(name, "route", index) for name, index in positions.items()]
    seen = set(positions)
    for spec in models.values():
        if spec.name in seen:
            continue
        if task_type in spec.purpose:
            candidates.append(Candidate(spec.name, "purpose", None))
        elif task_type in spec.tags:
            candidates.append(Candidate(spec.name, "tag", None))
        else:
            continue
        seen.add(spec.name)
    return TaskRoute(
        task_type=task_type,
        route_key=route_key,
        positions=MappingProxyType(positions),
        candidates=tuple(candidates),
    )
