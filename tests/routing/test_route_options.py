"""SPEC §3.1: the ``router`` object against config defaults, and the ``model`` field."""

from __future__ import annotations

from typing import Any

import pytest
from tests.routing.routing_helpers import gex44_policy, model, policy

from ollama_agent_router.routing import (
    RequestOptions,
    RouterOptionError,
    UnknownModelError,
    default_options,
    parse_options,
    resolve_model_field,
    valid_model_names,
)
from ollama_agent_router.tasks import CORE_TASK_TYPES

GEX = gex44_policy()


def test_defaults_for_a_client_that_sends_a_router_object() -> None:
    opts = parse_options({"router": {}}, GEX)
    assert opts == RequestOptions(
        mode="auto",
        allow_async=True,
        task_type=None,
        priority="normal",
        max_queue_time_ms=250,
        max_execution_time_ms=180000,
        require_gpu_only=True,
        has_router_object=True,
    )
    assert opts.priority_weight == 50


@pytest.mark.parametrize("body", [{}, {"router": None}, {"model": "auto"}])
def test_plain_clients_never_get_async_by_default(body: dict[str, Any]) -> None:
    opts = parse_options(body, GEX)
    assert opts.allow_async is False
    assert opts.has_router_object is False


def test_operator_can_allow_async_for_plain_clients() -> None:
    pol = policy([model("m")], router={"asyncForPlainClients": True})
    assert parse_options({}, pol).allow_async is True


def test_default_mode_async_is_not_applied_to_plain_clients() -> None:
    pol = policy([model("m")], router={"defaultMode": "async"})
    assert parse_options({}, pol).mode == "auto"
    assert parse_options({"router": {}}, pol).mode == "async"
    plain_allowed = policy(
        [model("m")], router={"defaultMode": "async", "asyncForPlainClients": True}
    )
    assert parse_options({}, plain_allowed).mode == "async"


def test_config_defaults_flow_in() -> None:
    pol = policy(
        [model("m")],
        router={"defaultMode": "sync", "syncMaxQueueTimeMs": 9},
        queue={"defaultPriority": "high", "timeoutMs": 77},
        gpu={"requireGpuOnlyByDefault": True},
    )
    opts = default_options(pol)
    assert (opts.mode, opts.priority, opts.max_queue_time_ms) == ("sync", "high", 9)
    assert (opts.max_execution_time_ms, opts.require_gpu_only) == (77, True)
    assert opts.priority_weight == 90


def test_every_field_set() -> None:
    router = {
        "mode": "sync",
        "allowAsync": False,
        "taskType": "code_fix",
        "priority": "low",
        "preferredModels": ["qwen2.5-coder:7b", "ghost", "qwen2.5-coder:7b"],
        "forbiddenModels": ["gpt-oss:20b"],
        "maxQueueTimeMs": 0,
        "maxExecutionTimeMs": 1,
        "requireGpuOnly": False,
    }
    opts = parse_options({"router": router}, GEX)
    assert opts.mode == "sync"
    assert opts.allow_async is False
    assert (opts.task_type, opts.task_type_source) == ("code_fix", "router")
    assert opts.priority_weight == 10
    assert opts.preferred_models == ("qwen2.5-coder:7b", "ghost")  # duplicates dropped
    assert opts.forbidden_models == ("gpt-oss:20b",)
    assert (opts.max_queue_time_ms, opts.max_execution_time_ms) == (0, 1)
    assert opts.require_gpu_only is False
    assert opts.as_dict()["taskType"] == "code_fix"


def test_nulls_mean_defaults() -> None:
    router = dict.fromkeys(
        ["mode", "allowAsync", "taskType", "priority", "preferredModels", "maxQueueTimeMs"]
    )
    assert parse_options({"router": router}, GEX) == default_options(GEX)


BAD = [
    ({"router": "fast"}, "router"),
    ({"router": []}, "router"),
    ({"router": {"mode": "fast"}}, "router.mode"),
    ({"router": {"mode": 1}}, "router.mode"),
    ({"router": {"allowAsync": "yes"}}, "router.allowAsync"),
    ({"router": {"allowAsync": 1}}, "router.allowAsync"),
    ({"router": {"taskType": "coding"}}, "router.taskType"),
    ({"router": {"taskType": 3}}, "router.taskType"),
    ({"router": {"priority": "urgent"}}, "router.priority"),
    ({"router": {"priority": 90}}, "router.priority"),
    ({"router": {"preferredModels": "qwen2.5-coder:7b"}}, "router.preferredModels"),
    ({"router": {"preferredModels": [1]}}, "router.preferredModels"),
    ({"router": {"forbiddenModels": {"a": 1}}}, "router.forbiddenModels"),
    ({"router": {"maxQueueTimeMs": -1}}, "router.maxQueueTimeMs"),
    ({"router": {"maxQueueTimeMs": 1.5}}, "router.maxQueueTimeMs"),
    ({"router": {"maxQueueTimeMs": True}}, "router.maxQueueTimeMs"),
    ({"router": {"maxQueueTimeMs": "10"}}, "router.maxQueueTimeMs"),
    ({"router": {"maxExecutionTimeMs": 0}}, "router.maxExecutionTimeMs"),
    ({"router": {"requireGpuOnly": "true"}}, "router.requireGpuOnly"),
    ({"router": {"allowasync": True}}, "router.allowasync"),
    ({"model": 5}, "model"),
    ({"model": ["auto"]}, "model"),
]


@pytest.mark.parametrize(("body", "field"), BAD)
def test_bad_values_name_the_field(body: dict[str, Any], field: str) -> None:
    with pytest.raises(RouterOptionError) as info:
        parse_options(body, GEX)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")


MODEL_FIELD = [
    # (model value, kind, name)
    (None, "auto", None),
    ("auto", "auto", None),
    ("qwen2.5-coder:7b", "pinned", "qwen2.5-coder:7b"),
    ("auto:code_fix", "task", "code_fix"),
    ("code_fix", "task", "code_fix"),
    ("auto:planning", "task", "planning"),  # a route key of the config
    ("classification", "task", "classification"),  # a purpose only
    ("auto:unknown", "task", "unknown"),
]


@pytest.mark.parametrize(("value", "kind", "name"), MODEL_FIELD)
def test_model_field(value: str | None, kind: str, name: str | None) -> None:
    target = resolve_model_field(value, GEX)
    assert (target.kind, target.name) == (kind, name)


def test_missing_model_field_routes() -> None:
    assert parse_options({"router": {}}, GEX).pinned_model is None


def test_pinned_model_in_options() -> None:
    opts = parse_options({"model": "gpt-oss:20b"}, GEX)
    assert (opts.pinned_model, opts.task_type) == ("gpt-oss:20b", None)


def test_forced_task_type_from_model() -> None:
    opts = parse_options({"model": "auto:summarize"}, GEX)
    assert (opts.task_type, opts.task_type_source) == ("summarize", "model")


def test_router_task_type_wins_over_model_task_type() -> None:
    opts = parse_options({"model": "auto:summarize", "router": {"taskType": "triage"}}, GEX)
    assert (opts.task_type, opts.task_type_source) == ("triage", "router")


def test_router_task_type_auto_keeps_model_task_type() -> None:
    opts = parse_options({"model": "auto:summarize", "router": {"taskType": "auto"}}, GEX)
    assert opts.task_type == "summarize"


def test_model_name_beats_task_type_of_the_same_name() -> None:
    pol = policy([model("triage")], {"triage": ["triage"]})
    assert resolve_model_field("triage", pol).kind == "pinned"
    assert resolve_model_field("auto:triage", pol).kind == "task"


@pytest.mark.parametrize(
    "value", ["gpt-4o", "auto:", "auto:coding", "auto:auto", "AUTO", "auto:gpt-oss:20b", ""]
)
def test_unknown_model_lists_valid_names(value: str) -> None:
    with pytest.raises(UnknownModelError) as info:
        parse_options({"model": value}, GEX)
    assert info.value.model == value
    assert "auto" in info.value.valid_names
    assert "auto:code_fix" in info.value.valid_names
    assert "gpt-oss:20b" in info.value.valid_names
    assert "valid names: auto, auto:triage" in str(info.value)


def test_valid_task_types_are_core_route_keys_and_purposes() -> None:
    names = valid_model_names(GEX)
    assert names[0] == "auto"
    assert GEX.task_types[: len(CORE_TASK_TYPES)] == CORE_TASK_TYPES
    extras = {"simple_agent", "planning", "complex_debugging", "second_opinion", "classification"}
    assert extras <= set(GEX.task_types)
    assert names[-4:] == GEX.model_names
    assert len(names) == 1 + len(GEX.task_types) + 4
