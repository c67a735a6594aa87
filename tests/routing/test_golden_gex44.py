"""Golden routing cases on ``examples/gex44.yaml`` with the exact heuristic classifier.

Scores worked by hand from SPEC §3.4. gex44: reserve 1536 MB, 20480 MB VRAM, so the VRAM
each model needs is vibethinker 5222.4, qwen 6348.8, deepseek 5427.2, gpt-oss 15872 MB;
without a GPU snapshot free VRAM is 20480, which gives the small models the full +25
headroom and gpt-oss +9. GPU-only is on by default; heavy load at 3 waiting or < 3072 MB
free or > 92 % utilisation.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.routing.routing_helpers import gex44_policy

from ollama_agent_router.classification import ClassifierInput, HeuristicClassifier
from ollama_agent_router.routing import (
    LoadedModel,
    StateView,
    classify_request,
    evaluate,
    parse_options,
)

POLICY = gex44_policy()
VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"
DEEP = "deepseek-coder:6.7b"
OSS = "gpt-oss:20b"
GB = 1024**3

IDLE = StateView()
OSS_RESIDENT = {OSS: LoadedModel(OSS, size_bytes=14 * GB, size_vram_bytes=14 * GB)}
DEEP_SPLIT = {DEEP: LoadedModel(DEEP, size_bytes=4 * GB, size_vram_bytes=3 * GB)}
QWEN_RESIDENT = {QWEN: LoadedModel(QWEN, size_bytes=5 * GB, size_vram_bytes=5 * GB)}
ROUTER: dict[str, Any] = {"router": {}}  # a client that knows the extension

FIX = "Fix this Python function, it throws an exception on empty input"
PLAN = "Plan a multi-step migration from MySQL to Postgres"
CHAT = "hello! how are you today?"
BEES = "Summarize this article in three bullet points: bees pollinate most crops we eat."

CASES = [
    # (label, prompt or messages, extra body, view, task, decision type, model, score)
    ("code fix", FIX, {}, IDLE, "code_fix", "sync", QWEN, 270.0),
    ("code review of a PR", "Can you review this pull request for security risks?", {}, IDLE,
     "code_review", "sync", DEEP, 268.0),
    ("code generation", "Write a Python script that renames all .jpg files by date", {}, IDLE,
     "code_generate", "sync", QWEN, 270.0),
    ("summary", BEES, {}, IDLE, "summarize", "sync", VIBE, 265.0),
    ("greeting", CHAT, {}, IDLE, "simple_chat", "sync", VIBE, 265.0),
    ("ticket triage", "Classify this ticket as billing, bug or feature: 'charged twice'", {},
     IDLE, "triage", "sync", VIBE, 265.0),
    # qwen 100+50+70+25+25 = 270 loses to gpt-oss 100+42+95+25+9 = 271
    ("tool call goes to gpt-oss when idle", "Call the get_weather tool for Berlin", {}, IDLE,
     "tool_use", "sync", OSS, 271.0),
    ("planning", PLAN, {}, IDLE, "agentic_reasoning", "sync", OSS, 299.0),
    ("whole repository", "Analyse the entire repository and list dead modules", {}, IDLE,
     "large_context", "sync", OSS, 299.0),
    ("huge pasted log", "please review this log\n" + "INFO ok\n" * 7000, {}, IDLE,
     "large_context", "sync", OSS, 299.0),
    # gpt-oss does not fit in 8000 MB: gpu_only; qwen 100+42+70+25+(8000-6348.8)/512
    ("planning, gpt-oss does not fit", PLAN, {}, StateView(gpu_free_mb=8000),
     "agentic_reasoning", "sync", QWEN, 240.225),
    # resident gpt-oss: +20 loaded, and still -60 since 4000 < 15872 (the table is literal)
    ("planning, gpt-oss resident", PLAN, {},
     StateView(loaded=OSS_RESIDENT, gpu_free_mb=4000), "agentic_reasoning", "sync", OSS,
     250.0),
    ("planning, gpt-oss busy, plain client", PLAN, {},
     StateView(loaded=OSS_RESIDENT, gpu_free_mb=4000, running={OSS: 1}),
     "agentic_reasoning", "reject", None, 0.0),
    ("planning, gpt-oss busy, router client", PLAN, ROUTER,
     StateView(loaded=OSS_RESIDENT, gpu_free_mb=4000, running={OSS: 1}),
     "agentic_reasoning", "async", OSS, 0.0),
    # qwen 100+50+70+25+20 (loaded)+(12000-6348.8)/512-25 (running); deepseek +12.8375
    ("code fix, qwen resident and running", FIX, {},
     StateView(loaded=QWEN_RESIDENT, gpu_free_mb=12000, running={QWEN: 1}), "code_fix",
     "sync", QWEN, 251.0375),
    ("code fix, qwen also has a queue", FIX, {},
     StateView(loaded=QWEN_RESIDENT, gpu_free_mb=12000, running={QWEN: 1}, queued={QWEN: 1}),
     "code_fix", "sync", DEEP, 247.8375),
    ("code fix under queue load", FIX, ROUTER, StateView(queued={QWEN: 2, DEEP: 1}),
     "code_fix", "async", DEEP, 242.0),
    ("code fix under queue load, plain client", FIX, {}, StateView(queued={QWEN: 2, DEEP: 1}),
     "code_fix", "sync", DEEP, 242.0),
    ("summary at 95 % GPU", BEES, ROUTER, StateView(gpu_utilization_pct=95), "summarize",
     "async", VIBE, 265.0),
    ("pinned deepseek for a chat", CHAT, {"model": DEEP}, IDLE, "simple_chat", "sync", DEEP,
     193.0),
    ("model auto:planning", "anything", {"model": "auto:planning"}, IDLE, "planning", "sync", OSS,
     279.0),
    # no route "classification": routes.unknown gives positions; vibe has the purpose
    ("explicit purpose-only task", "x", {"router": {"taskType": "classification"}}, IDLE,
     "classification", "sync", VIBE, 250.0),
    ("preferred deepseek", FIX, {"router": {"preferredModels": [DEEP]}}, IDLE, "code_fix",
     "sync", DEEP, 340.0),
    ("forbidden qwen", "Write a Python script that renames files", {
        "router": {"forbiddenModels": [QWEN]}}, IDLE, "code_generate", "sync", DEEP, 260.0),
    ("deepseek split onto CPU", "Can you review this pull request?", {},
     StateView(loaded=DEEP_SPLIT), "code_review", "sync", QWEN, 237.0),
    ("Polish code request (heuristic misses it)", "Napisz funkcję w Pythonie, która odwraca "
     "listę", {}, IDLE, "simple_chat", "sync", VIBE, 265.0),
    ("German review request (heuristic misses it)", "Kannst du diesen Python-Code überprüfen?",
     {}, IDLE, "simple_chat", "sync", VIBE, 265.0),
    ("thanks after a fix: earlier turns count in heuristic mode",
     [{"role": "user", "content": FIX}, {"role": "assistant", "content": "Add a guard."},
      {"role": "user", "content": "thanks, that worked!"}], {}, IDLE, "code_fix", "sync", QWEN,
     270.0),
    ("router question", "what is a router?", {}, IDLE, "triage", "sync", VIBE, 265.0),
    ("GPU full, plain client", CHAT, {}, StateView(gpu_free_mb=0), "simple_chat", "reject",
     None, 0.0),
    ("GPU full, router client", CHAT, ROUTER, StateView(gpu_free_mb=0), "simple_chat",
     "async", VIBE, 0.0),
]  # fmt: skip


def _route(prompt: str | list[dict[str, Any]], extra: dict[str, Any], view: StateView) -> Any:
    messages = [{"role": "user", "content": prompt}] if isinstance(prompt, str) else prompt
    body = {"messages": messages, **extra}
    options = parse_options(body, POLICY)
    request = ClassifierInput(messages)
    classification = classify_request(HeuristicClassifier(), request, options)
    return evaluate(POLICY, classification, options, view)


@pytest.mark.parametrize(
    ("label", "prompt", "extra", "view", "task", "kind", "model", "score"), CASES
)
def test_golden(
    label: str,
    prompt: Any,
    extra: dict[str, Any],
    view: StateView,
    task: str,
    kind: str,
    model: str | None,
    score: float,
) -> None:
    decision = _route(prompt, extra, view).decision
    assert (decision.task_type, decision.type, decision.model) == (task, kind, model), label
    assert decision.score == pytest.approx(score), label
    if kind == "sync":
        assert decision.reason == f"Selected {model} for {task} with score {score:.1f}"


def test_reject_message_names_every_blocked_model() -> None:
    decision = _route(CHAT, {}, StateView(gpu_free_mb=0)).decision
    assert decision.status_code == 503
    assert decision.reason == (
        f"{VIBE}: gpu_only (needs 5222 MB VRAM, 0 MB free); "
        f"{QWEN}: gpu_only (needs 6349 MB VRAM, 0 MB free)"
    )
    busy = StateView(loaded=OSS_RESIDENT, gpu_free_mb=4000, running={OSS: 1})
    decision = _route(PLAN, {}, busy).decision
    assert decision.reason == (
        f"{OSS}: busy (exclusive, 1 running); {QWEN}: gpu_only (needs 6349 MB VRAM, 4000 MB free)"
    )


def test_golden_async_positions() -> None:
    decision = _route(FIX, ROUTER, StateView(queued={QWEN: 2, DEEP: 1})).decision
    assert (decision.position, decision.reason) == (2, "Heavy load detected")
    assert decision.fallback_models == (QWEN,)
    busy = StateView(loaded=OSS_RESIDENT, gpu_free_mb=4000, running={OSS: 1}, queued={OSS: 1})
    decision = _route(PLAN, ROUTER, busy).decision
    assert (decision.model, decision.position) == (OSS, 2)
    assert decision.reason == "Preferred model is busy; accepted for async processing"
