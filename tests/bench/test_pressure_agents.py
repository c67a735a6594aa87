"""``bench/pressure.py``'s coding-agent workload, its report columns and the settings the
simulator gets from the config: the pure parts, no processes, nothing timed."""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

import pressure
import pressure_agents as agents
import pressure_report as report
import pressure_stack as stack

SESSIONS = agents.build(4, 8, seed=7)
TOOLS = agents.tool_definitions(7)


def test_sessions_are_deterministic_from_the_seed() -> None:
    again = agents.build(4, 8, seed=7)
    assert again == SESSIONS
    other = agents.build(4, 8, seed=8)
    assert other[0].turns[0].messages != SESSIONS[0].turns[0].messages
    assert agents.tool_definitions(7) == TOOLS
    assert agents.plan_of(again) == agents.plan_of(SESSIONS)


def test_the_first_turn_is_a_long_system_prompt_tools_and_a_task() -> None:
    assert len(TOOLS) == len(agents.TOOL_DEFINITIONS)
    assert 3_000 <= agents.tokens(json.dumps(TOOLS)) <= 6_000
    shared = agents.shared_system(7)
    assert agents.tokens(shared) == agents.SHARED_SYSTEM_TOKENS
    for session in SESSIONS:
        system, task = session.turns[0].messages
        assert system["role"] == "system"
        assert system["content"].startswith(shared)
        assert 20_000 <= agents.tokens(system["content"]) <= 26_000
        assert task["role"] == "user"
        assert 20_000 <= session.turns[0].prompt_tokens(TOOLS) <= 31_000
    # Each session has its own project notes after the shared part.
    systems = {s.turns[0].messages[0]["content"] for s in SESSIONS}
    assert len(systems) == len(SESSIONS)


def test_the_history_grows_turn_after_turn() -> None:
    for session in SESSIONS:
        assert [t.index for t in session.turns] == list(range(8))
        sizes = [turn.prompt_tokens(TOOLS) for turn in session.turns]
        assert all(b > a for a, b in itertools.pairwise(sizes))
        for before, after in itertools.pairwise(session.turns):
            # The next turn is the previous one plus the answer and what came back.
            assert after.messages[: len(before.messages)] == before.messages
            added = after.messages[len(before.messages) :]
            assert added[0]["role"] == "assistant"
            assert added[-1]["role"] == "user"
            if before.tool is None:
                assert [m["role"] for m in added] == ["assistant", "user"]
                assert "tool_calls" not in added[0]
            else:
                assert [m["role"] for m in added] == ["assistant", "tool", "user"]
                call = added[0]["tool_calls"][0]
                assert call["function"]["name"] == before.tool
                json.loads(call["function"]["arguments"])
                assert added[1]["tool_call_id"] == call["id"]
                assert added[2]["content"].startswith("<system-reminder>")
        assert session.turns[-1].tool is None


def test_answers_mostly_call_tools_and_are_planned() -> None:
    turns = [turn for session in SESSIONS for turn in session.turns]
    calls = sum(turn.tool is not None for turn in turns)
    assert calls >= len(turns) // 2
    assert all(turn.completion_tokens >= 1 for turn in turns)
    plan = agents.plan_of(SESSIONS)
    assert len(plan) == len(turns)
    assert plan == {turn.key: turn.completion_tokens for turn in turns}


def test_pauses_spread_the_sessions_and_can_be_switched_off() -> None:
    starts = [session.turns[0].pause_s for session in SESSIONS]
    assert starts[0] == 0.0
    assert all(b > a for a, b in itertools.pairwise(starts))
    later = [turn.pause_s for session in SESSIONS for turn in session.turns[1:]]
    assert all(0 < pause <= agents.PAUSE_MAX_S for pause in later)
    still = agents.build(2, 3, seed=7, pauses=False)
    assert all(turn.pause_s == 0.0 for session in still for turn in session.turns)
    assert [t.messages for t in still[1].turns] == [t.messages for t in SESSIONS[1].turns[:3]]


def test_a_session_needs_a_turn() -> None:
    with pytest.raises(ValueError, match="at least one turn"):
        agents.build(1, 0, seed=7)


def _outcome(turn: str, status: str = "200", model: str | None = "m", **kw: Any) -> Any:
    return report.Outcome(turn, agents.LABEL, status, 2.0, model if status == "200" else None, **kw)


def test_agent_rows_count_context_refusals_and_models_per_session() -> None:
    refused = {"code": report.CONTEXT_EXCEEDED, "detail": "No configured model can serve"}
    sessions = [
        [_outcome("s0-t0", model="a"), _outcome("s0-t1", model="b"), _outcome("s0-t2", "503")],
        [_outcome("s1-t0", "400", **refused), _outcome("s1-t1", model="a")],
    ]
    state = {
        "loads": 2,
        "evictions": 1,
        "truncations": 3,
        "reloadsByReason": {"num_ctx": 2, "eviction": 1},
        "loadStallSeconds": 4.25,
        "promptTokens": {"cached": 300, "processed": 100},
    }
    status = {"residency": {"reloads": {"num_ctx": 1}, "loadStallS": 2.5}}
    row = report.summarize_agents("agents", sessions, state, revision="abc", router_status=status)
    assert (row.sessions, row.turns, row.completed_pct) == (2, 5, 60.0)
    assert row.errors == {"400": 1, "503": 1}
    assert row.context_refusals == 1
    assert row.models_per_session == [2, 1]
    assert row.models == {"a": 2, "b": 1}
    assert row.signals == report.Signals(3, 1, 2, 2.5, 4.25, 300, 100)
    assert row.signals.cached_pct == 75.0
    line = report.agent_table([row]).splitlines()[-1]
    assert line == (
        "| agents | abc | 2 × 2 | 60 % | 400 ×1, 503 ×1 | 1 | 3 | 2.0 | 2.0 | 2 | 1 "
        "| 1 / 2 | 2.5 / 4.2 | 75 % | 1.5, max 2 |"
    )
    assert row.to_json()["signals"]["cached_pct"] == 75.0


@pytest.mark.parametrize(
    ("state", "status", "expected"),
    [
        ({}, None, report.Signals()),
        # An older router: a residency object without reloads or stall.
        ({}, {"residency": {"loadsCaused": 3}}, report.Signals()),
        # This router, no reload yet: zero, not n/a.
        ({}, {"residency": {"reloads": {}, "loadStallS": 0.0}}, report.Signals(None, 0, None, 0.0)),
        (
            {"truncations": {"a": 2, "b": 1}, "reloads": {"numCtx": 4}, "loadStallS": 1.0},
            None,
            report.Signals(3, None, 4, None, 1.0),
        ),
        (  # The shape the Ollama-faithful simulator is being given.
            {
                "reloads": 3,
                "reloadsByReason": {"num_ctx": 2, "eviction": 1},
                "stallSeconds": 1.5,
                "truncations": 4,
                "truncatedTokens": 9000,
                "promptTokens": {"cached": 30, "processed": 10, "cachedPct": 75.0, "byModel": {}},
            },
            None,
            report.Signals(4, None, 2, None, 1.5, 30, 10),
        ),
        (
            {"promptTokensCached": 10, "promptTokensTotal": 40},
            None,
            report.Signals(prompt_cached=10, prompt_processed=30),
        ),
    ],
)
def test_signals_read_what_each_side_counts(
    state: dict[str, Any], status: dict[str, Any] | None, expected: report.Signals
) -> None:
    assert report.Signals.read(state, status) == expected


def test_missing_counters_print_as_na() -> None:
    row = report.summarize_agents("a", [[_outcome("s0-t0", "timeout")]], {})
    line = report.agent_table([row]).splitlines()[-1]
    assert "| – | – |" in line  # no latencies
    assert line.endswith("| n/a / n/a | n/a / n/a | n/a | 0.0, max 0 |")


def test_server_settings_follow_the_config() -> None:
    base = stack.load_base(
        stack.GEX44,
        ["ollama.numParallel=2", "ollama.contextLength=32768", "ollama.kvCacheType=q8_0"],
    )
    server = stack.ServerSettings.from_config(base)
    assert server == stack.ServerSettings(20480, 2, 3, 32768, "q8_0", 0)
    every = frozenset({"--context-length", "--kv-cache-type", "--gpu-overhead-mb"})
    flags, missing = server.flags(every)
    assert flags == [
        "--vram-mb=20480",
        "--parallel=2",
        "--max-loaded=3",
        "--context-length=32768",
        "--kv-cache-type=q8_0",
        "--gpu-overhead-mb=0",
    ]
    assert missing == []
    flags, missing = server.flags(frozenset())
    assert flags == ["--vram-mb=20480", "--parallel=2", "--max-loaded=3"]
    assert missing == ["--context-length=32768", "--kv-cache-type=q8_0"]
    # Settings at Ollama's defaults need no flag.
    plain = stack.ServerSettings.from_config(
        stack.load_base(stack.GEX44, ["ollama.contextLength=null"])
    )
    assert plain.flags(frozenset())[1] == []
    explicit = stack.load_base(stack.GEX44, ["ollama.maxLoadedModels=2"])
    assert stack.ServerSettings.from_config(explicit).max_loaded == 2


def test_config_overrides_and_dropped_keys() -> None:
    base = stack.load_base(stack.GEX44, ["ollama.contextLength=65536", "extra.new.key=[1, 2]"])
    assert base["ollama"]["contextLength"] == 65536
    assert base["extra"] == {"new": {"key": [1, 2]}}
    with pytest.raises(ValueError, match="KEY=VALUE"):
        stack.load_base(stack.GEX44, ["ollama.contextLength"])
    older = stack.drop_keys(base, ("ollama.contextLength", "models.0.maxContext", "no.such"))
    assert "contextLength" not in older["ollama"]
    assert "maxContext" not in older["models"][0]
    assert "maxContext" in older["models"][1]
    assert base["ollama"]["contextLength"] == 65536  # the original is untouched


def test_router_code_puts_its_tree_first_on_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    assert stack.RouterCode("abc").env() == {}
    code = stack.RouterCode("abc", Path("/tmp/x/src"))
    assert code.env() == {"PYTHONPATH": "/tmp/x/src:/elsewhere"}


def test_the_command_line_names_the_new_options() -> None:
    args = argparse.Namespace(
        quick=True,
        requests=240,
        rate=1.5,
        seed=7,
        setups="residency~base:agents",
        baseline="0f7aea8",
        sessions=2,
        turns=5,
        config=stack.GEX44,
        set=["ollama.contextLength=65536"],
    )
    assert pressure.command_line(args) == (
        ".venv/bin/python bench/pressure.py --quick --setups residency~base:agents "
        "--baseline 0f7aea8 --sessions 2 --turns 5 --set ollama.contextLength=65536 "
        "--write-docs"
    )


def test_speed_flags_the_simulator_lacks_are_left_out() -> None:
    speeds = stack.SimSpeeds(instant=True)
    assert speeds.supported(frozenset()) == (speeds.flags(), [])
    have, lacking = speeds.supported(frozenset({"--load-ms-per-gb", "--instant"}))
    assert have == ["--load-ms-per-gb=400", "--instant"]
    assert lacking == ["--tokens-per-s-gb=1200", "--prompt-tokens-per-s-gb=12000"]
