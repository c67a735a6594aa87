"""A node's routing state as JSON: the ``StateView`` out and back in, exactly.

A fleet gateway in front of several nodes runs each node's own routing
(``routing.engine.evaluate``) on the view that node publishes in
``GET /v1/router/runtime`` (``view``); this is its wire form. Pure: no I/O.

The shape (camelCase keys, as the rest of the API)::

    {"version": 1,
     "loaded": {name: {name, sizeBytes, sizeVramBytes, contextLength}},
     "gpuFreeMb", "gpuUtilizationPct",                      # number or null
     "queued": {model: int}, "running": {model: int}, "runningForS": {model: number},
     "residency": null | {
         "residents": {name: {name, vramMb, sizeMb, running, queued, idleS, loading,
                              outside, orderKey, contextLength}},
         "budget": {totalMb, reserveMb, foreignMb, maxLoaded, overheadMb},
         "needs": {model: number}, "slots": {model: int},
         "leaving": [model], "pending": [model]},
     "rates": {"models": {model: {loadMs, promptTps, genTps, serviceMs}},
               "outputTokens": {taskType: number}},
     "capabilities": {model: {capabilities: [name] | null, contextLength, lacking,
                              source}},
     "toolDemoted": [model]}

Mappings keep their order (the residents' order breaks ties in Ollama's eviction
order); sets are sorted lists. The residency's derived fields (``used_mb``,
``eviction_order``) are not sent: ``Residency`` recomputes them. JSON has no infinity
and a resident never used has an infinite ``idleS``: a number that is not finite is
sent as the string ``"Infinity"``, ``"-Infinity"`` or ``"NaN"``.

Reading checks every type and raises ``ValueError`` naming the field
(``view.residency.residents["qwen2.5-coder:7b"].vramMb: expected a number, got
string``). Every key written is required; keys it does not know are ignored (a newer
node may send more); a ``version`` other than 1 is refused.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

from ollama_agent_router.routing.capabilities import ModelCapabilities
from ollama_agent_router.routing.estimate import ModelRates, Rates
from ollama_agent_router.routing.residency import GpuBudget, Residency, Resident
from ollama_agent_router.routing.state import LoadedModel, StateView

VERSION: Final = 1
"""Raised only by a change an older reader would misread; new keys keep it."""

_NON_FINITE: Final[Mapping[str, float]] = {
    "Infinity": math.inf,
    "-Infinity": -math.inf,
    "NaN": math.nan,
}

T = TypeVar("T")


# --- out -------------------------------------------------------------------------------


def view_to_dict(view: StateView) -> dict[str, Any]:
    """``view`` as JSON-ready data (strict JSON: ``json.dumps(..., allow_nan=False)``)."""
    residency = view.residency
    return {
        "version": VERSION,
        "loaded": {key: _loaded_out(model) for key, model in view.loaded.items()},
        "gpuFreeMb": _optional_number(view.gpu_free_mb),
        "gpuUtilizationPct": _optional_number(view.gpu_utilization_pct),
        "queued": dict(view.queued),
        "running": dict(view.running),
        "runningForS": _numbers(view.running_for_s),
        "residency": None if residency is None else _residency_out(residency),
        "rates": _rates_out(view.rates),
        "capabilities": {key: _capabilities_out(c) for key, c in view.capabilities.items()},
        "toolDemoted": sorted(view.tool_demoted),
    }


def _number(value: float) -> float | str:
    if math.isfinite(value):
        return value
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _optional_number(value: float | None) -> float | str | None:
    return None if value is None else _number(value)


def _numbers(values: Mapping[str, float]) -> dict[str, float | str]:
    return {key: _number(value) for key, value in values.items()}


def _loaded_out(model: LoadedModel) -> dict[str, Any]:
    return {
        "name": model.name,
        "sizeBytes": model.size_bytes,
        "sizeVramBytes": model.size_vram_bytes,
        "contextLength": model.context_length,
    }


def _resident_out(resident: Resident) -> dict[str, Any]:
    return {
        "name": resident.name,
        "vramMb": _number(resident.vram_mb),
        "sizeMb": _number(resident.size_mb),
        "running": resident.running,
        "queued": resident.queued,
        "idleS": _number(resident.idle_s),
        "loading": resident.loading,
        "outside": resident.outside,
        "orderKey": resident.order_key,
        "contextLength": resident.context,
    }


def _residency_out(residency: Residency) -> dict[str, Any]:
    budget = residency.budget
    return {
        "residents": {key: _resident_out(r) for key, r in residency.residents.items()},
        "budget": {
            "totalMb": _number(budget.total_mb),
            "reserveMb": _number(budget.reserve_mb),
            "foreignMb": _number(budget.foreign_mb),
            "maxLoaded": budget.max_loaded,
            "overheadMb": _number(budget.overhead_mb),
        },
        "needs": _numbers(residency.needs),
        "slots": dict(residency.slots),
        "leaving": sorted(residency.leaving),
        "pending": list(residency.pending),
    }


def _rates_out(rates: Rates) -> dict[str, Any]:
    return {
        "models": {
            key: {
                "loadMs": _number(r.load_ms),
                "promptTps": _number(r.prompt_tps),
                "genTps": _number(r.gen_tps),
                "serviceMs": _number(r.service_ms),
            }
            for key, r in rates.models.items()
        },
        "outputTokens": _numbers(rates.output_tokens),
    }


def _capabilities_out(known: ModelCapabilities) -> dict[str, Any]:
    listed = known.capabilities
    return {
        "capabilities": None if listed is None else sorted(listed),
        "contextLength": known.context_length,
        "lacking": sorted(known.lacking),
        "source": known.source,
    }


# --- in --------------------------------------------------------------------------------


def view_from_dict(data: Mapping[str, Any]) -> StateView:
    """The view ``view_to_dict`` wrote; ``ValueError`` naming the field when malformed."""
    root = _object(data, "view")
    version = _int(_get(root, "version", "view"), "view.version")
    if version != VERSION:
        raise ValueError(f"view.version: {version} is not one this router reads ({VERSION})")
    residency = _get(root, "residency", "view")
    return StateView(
        loaded=_mapping(root, "loaded", "view", _loaded_in),
        gpu_free_mb=_optional(_float)(_get(root, "gpuFreeMb", "view"), "view.gpuFreeMb"),
        gpu_utilization_pct=_optional(_float)(
            _get(root, "gpuUtilizationPct", "view"), "view.gpuUtilizationPct"
        ),
        queued=_mapping(root, "queued", "view", _int),
        running=_mapping(root, "running", "view", _int),
        running_for_s=_mapping(root, "runningForS", "view", _float),
        residency=None if residency is None else _residency_in(residency, "view.residency"),
        rates=_rates_in(_get(root, "rates", "view"), "view.rates"),
        capabilities=_mapping(root, "capabilities", "view", _capabilities_in),
        tool_demoted=frozenset(_names(_get(root, "toolDemoted", "view"), "view.toolDemoted")),
    )


def _loaded_in(value: Any, path: str) -> LoadedModel:
    item = _object(value, path)
    return LoadedModel(
        name=_str(_get(item, "name", path), f"{path}.name"),
        size_bytes=_int(_get(item, "sizeBytes", path), f"{path}.sizeBytes"),
        size_vram_bytes=_int(_get(item, "sizeVramBytes", path), f"{path}.sizeVramBytes"),
        context_length=_optional(_int)(_get(item, "contextLength", path), f"{path}.contextLength"),
    )


def _resident_in(value: Any, path: str) -> Resident:
    item = _object(value, path)

    def field(key: str, read: Callable[[Any, str], T]) -> T:
        return read(_get(item, key, path), f"{path}.{key}")

    return Resident(
        name=field("name", _str),
        vram_mb=field("vramMb", _float),
        size_mb=field("sizeMb", _float),
        running=field("running", _int),
        queued=field("queued", _int),
        idle_s=field("idleS", _float),
        loading=field("loading", _bool),
        outside=field("outside", _bool),
        order_key=field("orderKey", _str),
        context=field("contextLength", _optional(_int)),
    )


def _budget_in(value: Any, path: str) -> GpuBudget:
    item = _object(value, path)

    def field(key: str, read: Callable[[Any, str], T]) -> T:
        return read(_get(item, key, path), f"{path}.{key}")

    return GpuBudget(
        total_mb=field("totalMb", _float),
        reserve_mb=field("reserveMb", _float),
        foreign_mb=field("foreignMb", _float),
        max_loaded=field("maxLoaded", _int),
        overhead_mb=field("overheadMb", _float),
    )


def _residency_in(value: Any, path: str) -> Residency:
    item = _object(value, path)
    return Residency(
        residents=_mapping(item, "residents", path, _resident_in),
        budget=_budget_in(_get(item, "budget", path), f"{path}.budget"),
        needs=_mapping(item, "needs", path, _float),
        slots=_mapping(item, "slots", path, _int),
        leaving=frozenset(_names(_get(item, "leaving", path), f"{path}.leaving")),
        pending=tuple(_names(_get(item, "pending", path), f"{path}.pending")),
    )


def _model_rates_in(value: Any, path: str) -> ModelRates:
    item = _object(value, path)

    def field(key: str) -> float:
        return _float(_get(item, key, path), f"{path}.{key}")

    return ModelRates(
        load_ms=field("loadMs"),
        prompt_tps=field("promptTps"),
        gen_tps=field("genTps"),
        service_ms=field("serviceMs"),
    )


def _rates_in(value: Any, path: str) -> Rates:
    item = _object(value, path)
    return Rates(
        models=_mapping(item, "models", path, _model_rates_in),
        output_tokens=_mapping(item, "outputTokens", path, _float),
    )


def _capabilities_in(value: Any, path: str) -> ModelCapabilities:
    item = _object(value, path)
    listed = _get(item, "capabilities", path)
    return ModelCapabilities(
        capabilities=None if listed is None else frozenset(_names(listed, f"{path}.capabilities")),
        context_length=_optional(_int)(_get(item, "contextLength", path), f"{path}.contextLength"),
        lacking=frozenset(_names(_get(item, "lacking", path), f"{path}.lacking")),
        source=_str(_get(item, "source", path), f"{path}.source"),
    )


# --- checked reads ---------------------------------------------------------------------


def _kind(value: Any) -> str:
    """The JSON name of a value's type, for the error."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def _wrong(path: str, expected: str, value: Any) -> ValueError:
    return ValueError(f"{path}: expected {expected}, got {_kind(value)}")


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _wrong(path, "an object", value)
    return value


def _get(item: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in item:
        raise ValueError(f"{path}.{key}: missing")
    return item[key]


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(path, "an integer", value)
    return value


def _float(value: Any, path: str) -> float:
    if isinstance(value, str) and value in _NON_FINITE:
        return _NON_FINITE[value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong(path, "a number", value)
    try:
        return float(value)
    except OverflowError:  # an integer beyond any float
        raise ValueError(f"{path}: {value} is out of range") from None


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _wrong(path, "a string", value)
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _wrong(path, "true or false", value)
    return value


def _optional(read: Callable[[Any, str], T]) -> Callable[[Any, str], T | None]:
    def optional(value: Any, path: str) -> T | None:
        return None if value is None else read(value, path)

    return optional


def _names(value: Any, path: str) -> list[str]:
    if not isinstance(value, list):
        raise _wrong(path, "an array of strings", value)
    return [_str(name, f"{path}[{index}]") for index, name in enumerate(value)]


def _mapping(
    item: Mapping[str, Any], key: str, path: str, read: Callable[[Any, str], T]
) -> dict[str, T]:
    """``item[key]``, an object, with each value read by ``read``."""
    where = f"{path}.{key}"
    values = _object(_get(item, key, path), where)
    out: dict[str, T] = {}
    for name, value in values.items():
        if not isinstance(name, str):  # a mapping built in Python, not parsed JSON
            raise _wrong(f"{where} key", "a string", name)
        out[name] = read(value, f"{where}[{json.dumps(name)}]")
    return out
