"""Sessions, pure: keys from what clients send, prompt prefixes, labels kept per session,
and placement that prices each candidate's prompt by what its cache holds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.routing.routing_helpers import classified, gex44_policy, options

from ollama_agent_router.routing import StateView, evaluate
from ollama_agent_router.routing.residency import GpuBudget, Residency, Resident
from ollama_agent_router.routing.session import (
    SESSION_MODE,
    SessionHint,
    SessionKey,
    SessionView,
    prefix_digests,
    session_classification,
    session_key,
    shared_prefix_tokens,
)

SYSTEM = {"role": "system", "content": "You are a coding agent. " * 200}
FIRST = {"role": "user", "content": "Fix the failing test in parser.py"}
REPLY = {"role": "assistant", "content": "Done: the tokenizer skipped a quote."}
NEXT = {"role": "user", "content": "thanks, now run the tests"}


@pytest.mark.parametrize(
    ("hint", "source"),
    [
        (SessionHint(header="h", metadata_user="m", cache_key="c", user="u"), "header"),
        (SessionHint(metadata_user="m", cache_key="c", user="u"), "metadata"),
        (SessionHint(cache_key="c", user="u"), "prompt_cache_key"),
        (SessionHint(user="u"), "user"),
        (SessionHint(), "prompt"),
    ],
)
def test_the_most_specific_key_wins(hint: SessionHint, source: str) -> None:
    key = session_key("owner", hint, [SYSTEM, FIRST])
    assert key.source == source
    assert len(key.id) == 16
    assert "owner" not in key.id


def test_a_conversation_keeps_its_key_turn_after_turn_and_owners_stay_apart() -> None:
    first = session_key("alice", SessionHint(), [SYSTEM, FIRST])
    later = session_key("alice", SessionHint(), [SYSTEM, FIRST, REPLY, NEXT])
    assert first == later
    assert session_key("bob", SessionHint(), [SYSTEM, FIRST]) != first
    assert session_key("alice", SessionHint(), [SYSTEM, NEXT]) != first


def test_shared_prefix_counts_the_tokens_both_prompts_start_with() -> None:
    turn1 = prefix_digests([SYSTEM, FIRST], tools=[{"name": "Write"}])
    turn2 = prefix_digests([SYSTEM, FIRST, REPLY, NEXT], tools=[{"name": "Write"}])
    assert shared_prefix_tokens(turn1, turn2) == turn1[-1][1]
    assert turn2[-1][1] > turn1[-1][1]
    other_tools = prefix_digests([SYSTEM, FIRST], tools=[{"name": "Read"}])
    assert shared_prefix_tokens(turn1, other_tools) == 0  # tools render first
    assert shared_prefix_tokens((), turn2) == 0


def test_keys_and_digests_are_the_sha256_of_the_canonical_json() -> None:
    """The format is shared through Redis across routers (and their versions): a key is
    the first 16 hex digits of sha256(owner NUL source NUL value), a digest those of
    sha256 over the tools and each message as sorted-key JSON, UTF-8, lone surrogates
    replaced."""
    import hashlib
    import json

    def canonical(value: object) -> bytes:
        text = (
            value
            if isinstance(value, str)
            else json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
        )
        return text.encode(errors="replace")

    odd = {"role": "user", "content": [{"type": "text", "text": "é \ud800 ✓"}], "name": "x"}
    tools = [{"name": "Write", "parameters": {"b": 1, "a": [2.5, None]}}]
    running = hashlib.sha256(canonical(tools))
    expected = []
    tokens = 0
    for message in (SYSTEM, FIRST, odd):
        running.update(canonical(message))
        tokens = prefix_digests([SYSTEM, FIRST, odd], tools)[len(expected)][1]
        expected.append((running.copy().hexdigest()[:16], tokens))
    assert prefix_digests([SYSTEM, FIRST, odd], tools) == tuple(expected)
    start = canonical(SYSTEM["content"]) + b"\x00" + canonical(odd["content"])
    prompt = hashlib.sha256(b"alice\x00prompt\x00" + start).hexdigest()[:16]
    assert session_key("alice", SessionHint(), [SYSTEM, odd]) == SessionKey(prompt, "prompt")
    user = hashlib.sha256("alice\x00user\x00\ud800é".encode(errors="replace")).hexdigest()
    assert session_key("alice", SessionHint(user="\ud800é"), []).id == user[:16]


@pytest.mark.parametrize(
    "message",
    [
        {
            "role": "user",
            "content": 'say "hi"\\n\n\ttab \x00 \x1f é ✓ 日本 \U0001f600 \ud800 </script>',
        },
        {"content": "", "role": "assistant"},
        {"role": "user", "content": None},
        {"role": 1, "content": "x"},
        {"role": "user", "content": "x", "name": "n"},
        {"role": "user", "content": [{"type": "text", "text": "x"}]},
        {"role": "tool", "tool_call_id": "c1"},
    ],
)
def test_a_message_digests_as_its_sorted_key_json(message: dict[str, object]) -> None:
    import json

    from ollama_agent_router.routing.session import _text

    assert _text(message) == json.dumps(message, sort_keys=True, ensure_ascii=False, default=str)


@pytest.mark.parametrize(
    ("session_task", "turn_task", "kept"),
    [
        ("code_fix", "simple_chat", "code_fix"),  # "thanks, now run the tests"
        ("code_fix", "triage", "code_fix"),
        ("code_fix", "planning", "planning"),  # a real new task moves the session
        (None, "simple_chat", "simple_chat"),  # a new session takes the turn's label
    ],
)
def test_a_light_turn_keeps_the_sessions_task(
    session_task: str | None, turn_task: str, kept: str
) -> None:
    view = SessionView(SessionKey("s", "prompt"), "m", session_task)
    result = session_classification(view, classified(turn_task))
    assert result.task_type == kept
    assert (result.mode == SESSION_MODE) == (kept != turn_task)


POLICY = gex44_policy("residency")
QWEN, DEEP = "qwen2.5-coder:7b", "deepseek-coder:6.7b"
GB = 1024.0


def both_loaded() -> StateView:
    residents = {
        name: Resident(name, vram_mb=gb * GB, size_mb=gb * GB, idle_s=1.0)
        for name, gb in ((QWEN, 4.7), (DEEP, 3.8))
    }
    return StateView(residency=Residency(residents, GpuBudget(20480, 1536)))


def route(session: SessionView | None, tokens: int = 24_000) -> str | None:
    task = replace(classified("code_review"), estimated_tokens=tokens)  # deepseek first
    run = evaluate(POLICY, task, options(POLICY), both_loaded(), session=session)
    return run.decision.model


def test_a_session_stays_on_the_model_that_caches_its_prompt() -> None:
    assert route(None) == DEEP  # without a session: the route's first
    on_qwen = SessionView(SessionKey("s", "prompt"), QWEN, "code_review", {QWEN: 23_000}, 3)
    assert route(on_qwen) == QWEN  # 1k new tokens there beats 24k cold on deepseek


def test_a_session_whose_cache_is_gone_weighs_the_models_afresh() -> None:
    cold = SessionView(SessionKey("s", "prompt"), QWEN, "code_review", {}, 3)
    # no fit penalty on its own model, the same cold prompt on both: the faster wins
    assert route(cold) in (QWEN, DEEP)
    assert route(cold) == route(cold)


def test_a_new_session_keeps_off_a_slot_another_session_holds_warm() -> None:
    """OLLAMA_NUM_PARALLEL=1: deepseek's only slot holds another agent's 24k-token
    prompt; a new session goes to qwen rather than make that agent re-process it."""
    new = SessionView(SessionKey("b", "prompt"), evicts={DEEP: 24_000})
    assert route(None, tokens=2_000) == DEEP
    assert route(new, tokens=2_000) == QWEN


def test_a_load_that_would_evict_warm_agent_sessions_pays_for_them() -> None:
    """gpt-oss, first of the agentic route, must evict both code models; with nothing
    cached there the load is worth it, with other agents' prompts cached on qwen not."""
    residents = {
        name: Resident(name, vram_mb=gb * GB, size_mb=gb * GB, idle_s=600.0)
        for name, gb in ((QWEN, 4.7), (DEEP, 3.8))
    }
    idle = StateView(residency=Residency(residents, GpuBudget(20480, 1536)))
    task = replace(classified("agentic_reasoning"), estimated_tokens=2_000)
    fresh = SessionView(SessionKey("n", "prompt"))
    warm = SessionView(SessionKey("n", "prompt"), warm={QWEN: 60_000})
    assert evaluate(POLICY, task, options(POLICY), idle, session=fresh).decision.model == (
        "gpt-oss:20b"
    )
    assert evaluate(POLICY, task, options(POLICY), idle, session=warm).decision.model == QWEN


def test_a_long_prompt_puts_time_at_stake_on_an_idle_box() -> None:
    """A 29k-token agent turn labelled large_context: gpt-oss is first of the route, but
    processing that prompt every turn there takes far longer than on qwen, loaded."""
    residents = {QWEN: Resident(QWEN, vram_mb=4.7 * GB, size_mb=4.7 * GB, idle_s=600.0)}
    idle = StateView(residency=Residency(residents, GpuBudget(20480, 1536)))
    short = replace(classified("large_context"), estimated_tokens=2_000)
    long = replace(classified("large_context"), estimated_tokens=29_000)
    run = evaluate(POLICY, short, options(POLICY), idle).decision.model
    assert run == "gpt-oss:20b"  # short: route order is quality
    assert evaluate(POLICY, long, options(POLICY), idle).decision.model == QWEN


def test_a_model_no_longer_loaded_has_no_cache_to_offer() -> None:
    """Its slots went with it: the session's turn is priced cold there."""
    gone = SessionView(SessionKey("s", "prompt"), DEEP, "code_review", {DEEP: 23_000}, 3)
    residents = {QWEN: Resident(QWEN, vram_mb=4.7 * GB, size_mb=4.7 * GB, idle_s=1.0)}
    only_qwen = StateView(residency=Residency(residents, GpuBudget(20480, 1536)))
    task = replace(classified("code_review"), estimated_tokens=24_000)
    run = evaluate(POLICY, task, options(POLICY), only_qwen, session=gone)
    deep = next(c for c in run.candidates if c.name == DEEP)
    assert deep.estimate is not None
    assert deep.estimate.prompt_ms > 1000  # the whole prompt, not the 1k-token suffix


def test_a_view_keeps_everything_but_the_unloaded_models() -> None:
    """``resident`` builds the view itself (not ``dataclasses.replace``): every field is
    carried over, so a field added to the view must be added there too."""
    from dataclasses import fields

    view = SessionView(
        SessionKey("s", "prompt"),
        "a",
        "code_fix",
        cached_tokens={"a": 10, "gone": 5},
        turns=3,
        evicts={"gone": 7},
        warm={"a": 1, "gone": 2},
    )
    expected = replace(view, cached_tokens={"a": 10}, evicts={}, warm={"a": 1})
    assert view.resident({"a", "b"}) == expected
    assert view.resident({"a", "gone"}) is view
    assert [f.name for f in fields(SessionView)] == [
        "key",
        "model",
        "task_type",
        "cached_tokens",
        "turns",
        "evicts",
        "warm",
    ]
