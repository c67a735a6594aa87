"""Request-level routing options: the ``router`` object and the ``model`` field (SPEC §3.1).

``parse_options`` validates the raw request values against the config defaults and
returns one typed ``RequestOptions``; a wrong value raises ``RouterOptionError`` naming
the field (→ 400) and an unroutable ``model`` raises ``UnknownModelError`` (→ 404).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Final, Literal, cast

from ollama_agent_router.routing.errors import RouterOptionError, UnknownModelError
from ollama_agent_router.routing.names import canonical_model_name
from ollama_agent_router.routing.policy import RoutingPolicy
from ollama_agent_router.tasks import PRIORITY_WEIGHTS, Mode, Priority

AUTO: Final = "auto"
AUTO_PREFIX: Final = "auto:"
AUTO_LATEST: Final = "auto:latest"
"""``auto`` as Ollama spells a name with its default tag: the same model."""
MODES: Final = ("auto", "sync", "async")
PRIORITIES: Final = ("low", "normal", "high")
ROUTER_FIELDS: Final = (
    "mode",
    "allowAsync",
    "taskType",
    "priority",
    "preferredModels",
    "forbiddenModels",
    "maxQueueTimeMs",
    "maxExecutionTimeMs",
    "requireGpuOnly",
)

MAX_MS: Final = 86_400_000
"""Upper bound of ``maxQueueTimeMs`` and ``maxExecutionTimeMs`` (a day): no call waits or
runs longer, and a bound keeps the deadline arithmetic in range."""

TaskTypeSource = Literal["router", "model"]


@dataclass(frozen=True, slots=True)
class ModelTarget:
    """What the ``model`` field asks for: routing, one pinned model, or a forced task."""

    kind: Literal["auto", "pinned", "task"]
    name: str | None = None
    """The model name (``pinned``) or the task type (``task``)."""


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """The routing options of one request, defaults applied and validated."""

    mode: Mode
    allow_async: bool
    task_type: str | None
    """A task type forced by the client (skips classification); ``None`` to classify."""
    priority: Priority
    preferred_models: tuple[str, ...] = ()
    forbidden_models: tuple[str, ...] = ()
    max_queue_time_ms: int = 250
    max_execution_time_ms: int = 180000
    require_gpu_only: bool = False
    pinned_model: str | None = None
    """A configured model named by ``model``: the only candidate."""
    has_router_object: bool = False
    task_type_source: TaskTypeSource | None = None

    @property
    def priority_weight(self) -> int:
        return PRIORITY_WEIGHTS[self.priority]

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "allowAsync": self.allow_async,
            "taskType": self.task_type or AUTO,
            "taskTypeSource": self.task_type_source,
            "priority": self.priority,
            "preferredModels": list(self.preferred_models),
            "forbiddenModels": list(self.forbidden_models),
            "maxQueueTimeMs": self.max_queue_time_ms,
            "maxExecutionTimeMs": self.max_execution_time_ms,
            "requireGpuOnly": self.require_gpu_only,
            "pinnedModel": self.pinned_model,
            "routerObject": self.has_router_object,
        }


def valid_model_names(policy: RoutingPolicy) -> tuple[str, ...]:
    """Every accepted ``model`` value: ``auto``, ``auto:<taskType>``, configured models."""
    return (AUTO, *(AUTO_PREFIX + t for t in policy.task_types), *policy.models)


def same_model(model: str, policy: RoutingPolicy) -> str | None:
    """The configured model ``model`` names as Ollama compares names (``x`` is
    ``x:latest``, case does not matter), or ``None``."""
    key = canonical_model_name(model)
    return next((name for name in policy.models if canonical_model_name(name) == key), None)


def resolve_model_field(model: object, policy: RoutingPolicy) -> ModelTarget:
    """Read the OpenAI ``model`` field (missing/``None`` means ``auto``).

    A configured model name wins over a task type of the same name. Names compare as
    Ollama compares them: ``auto:latest`` is ``auto``, ``x`` and ``x:latest`` are one
    configured model.
    """
    if model is None or model in (AUTO, AUTO_LATEST):
        return ModelTarget("auto")
    if not isinstance(model, str):
        raise RouterOptionError("model", "must be a string")
    if model in policy.models:
        return ModelTarget("pinned", model)
    configured = same_model(model, policy)
    if configured is not None:
        return ModelTarget("pinned", configured)
    task = model[len(AUTO_PREFIX) :] if model.startswith(AUTO_PREFIX) else model
    if task in policy.routes:
        return ModelTarget("task", task)
    raise UnknownModelError(model, valid_model_names(policy))


def _bool(router: Mapping[str, Any], key: str, default: bool) -> bool:
    value = router.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise RouterOptionError(f"router.{key}", "must be true or false")
    return value


def _choice(router: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = router.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or value not in choices:
        raise RouterOptionError(f"router.{key}", f"must be one of {', '.join(choices)}")
    return value


def _int(router: Mapping[str, Any], key: str, default: int, *, minimum: int) -> int:
    value = router.get(key)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= MAX_MS:
        raise RouterOptionError(
            f"router.{key}", f"must be a whole number of milliseconds from {minimum} to {MAX_MS}"
        )
    return value


def _names(router: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = router.get(key)
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise RouterOptionError(f"router.{key}", "must be a list of model names")
    return tuple(dict.fromkeys(value))


def _task_type(router: Mapping[str, Any], policy: RoutingPolicy) -> str | None:
    value = router.get("taskType")
    if value is None or value == AUTO:
        return None
    if not isinstance(value, str) or value not in policy.routes:
        raise RouterOptionError(
            "router.taskType", f"must be auto or one of {', '.join(policy.task_types)}"
        )
    return value


def parse_options(body: Mapping[str, Any], policy: RoutingPolicy) -> RequestOptions:
    """Validate ``body["router"]`` and ``body["model"]`` of a chat request.

    Without a ``router`` object (or with ``null``) the client is a plain OpenAI client:
    ``allowAsync`` is false unless ``router.asyncForPlainClients`` is set, and a config
    ``defaultMode: async`` becomes ``auto`` for it, so it never gets a 202 by surprise.
    An explicit ``router.taskType`` wins over a task type forced through ``model``.
    """
    defaults = policy.defaults
    raw = body.get("router")
    if raw is not None and not isinstance(raw, Mapping):
        raise RouterOptionError("router", "must be an object")
    router: Mapping[str, Any] = raw if raw is not None else {}
    for key in router:
        if key not in ROUTER_FIELDS:
            raise RouterOptionError(
                f"router.{key}", f"unknown option; known: {', '.join(ROUTER_FIELDS)}"
            )

    target = resolve_model_field(body.get("model"), policy)
    plain = raw is None
    allow_async = defaults.async_for_plain_clients if plain else _bool(router, "allowAsync", True)
    mode = cast(Mode, _choice(router, "mode", MODES, defaults.mode))
    if plain and not allow_async and mode == "async":
        mode = "auto"

    task_type = _task_type(router, policy)
    source: TaskTypeSource | None = "router" if task_type is not None else None
    if task_type is None and target.kind == "task":
        task_type, source = target.name, "model"

    return RequestOptions(
        mode=mode,
        allow_async=allow_async,
        task_type=task_type,
        priority=cast(Priority, _choice(router, "priority", PRIORITIES, defaults.priority)),
        preferred_models=_names(router, "preferredModels"),
        forbidden_models=_names(router, "forbiddenModels"),
        max_queue_time_ms=_int(router, "maxQueueTimeMs", defaults.max_queue_time_ms, minimum=0),
        max_execution_time_ms=_int(
            router, "maxExecutionTimeMs", defaults.max_execution_time_ms, minimum=1
        ),
        require_gpu_only=_bool(router, "requireGpuOnly", defaults.require_gpu_only),
        pinned_model=target.name if target.kind == "pinned" else None,
        has_router_object=not plain,
        task_type_source=source,
    )


def default_options(policy: RoutingPolicy, *, router_object: bool = True) -> RequestOptions:
    """The options of a request that sets nothing (with or without a ``router`` object)."""
    return parse_options({"router": {}} if router_object else {}, policy)


def model_alias(model: object, aliases: Mapping[str, str]) -> object:
    """``model`` after a face's alias map (shell-style patterns, first match wins):
    e.g. ``claude-*`` → ``auto``, so a client that insists on its vendor's names routes."""
    if isinstance(model, str):
        for pattern, target in aliases.items():
            if fnmatchcase(model, pattern):
                return target
    return model
