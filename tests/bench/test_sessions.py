"""``bench/sessions.py``'s pure parts: the Messages shape of the agent sessions, the setups,
the per-turn cache accounting and the report math. No processes, nothing timed."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

import pressure_agents as agents
import pressure_stack as stack
import sessions as bench
from ollama_agent_router.api.anthropic.codec import decode
from ollama_agent_router.simulator.plan import last_user_text, plan_key

SESSIONS = agents.build(3, 5, seed=7)
TOOLS = agents.tool_definitions(7)


def _request(turn: agents.Turn, model: str = bench.CLAUDE_MODEL) -> dict[str, Any]:
    return bench.request_of(turn, TOOLS, model, seed=7).kwargs


def _without_identity(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The decoded messages with Claude Code's identity block taken off the system."""
    system, *rest = messages
    head = bench.CLAUDE_IDENTITY + "\n\n"
    assert system["role"] == "system"
    assert system["content"].startswith(head)
    return [{"role": "system", "content": system["content"][len(head) :]}, *rest]


def _openai(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``pressure_agents``' messages as the router's codec writes them back."""
    out = []
    for message in messages:
        message = dict(message)
        if message["role"] == "assistant" and message.get("tool_calls"):
            message["tool_calls"] = [
                {**call, "id": bench.tool_use_id(call["id"])} for call in message["tool_calls"]
            ]
        if message["role"] == "tool":
            message["tool_call_id"] = bench.tool_use_id(message["tool_call_id"])
        out.append(message)
    return out


@pytest.mark.parametrize("turn", [t for s in SESSIONS for t in s.turns], ids=lambda t: t.id)
def test_the_router_reads_each_turn_back_as_the_chat_history_it_came_from(
    turn: agents.Turn,
) -> None:
    body = _request(turn)
    decoded = decode(body, {"claude-*": "auto"})
    chat = decoded.chat
    assert chat["model"] == "auto"
    assert chat["max_tokens"] == agents.MAX_TOKENS
    assert chat["stream"] is True
    assert decoded.dropped == ()
    assert _without_identity(chat["messages"]) == _openai(turn.messages)
    assert [t["function"]["name"] for t in chat["tools"]] == [t["function"]["name"] for t in TOOLS]
    # The simulator finds the answer's planned length under the same key.
    assert plan_key(last_user_text(chat["messages"])) == turn.key
    assert decoded.user_id == bench.user_id(7, turn.session)


def test_messages_alternate_and_tool_results_answer_the_call_before_them() -> None:
    turn = SESSIONS[0].turns[-1]
    system, messages = bench.to_messages(turn.messages)
    assert next(block["text"] for block in system) == bench.CLAUDE_IDENTITY
    assert all(block["cache_control"] == {"type": "ephemeral"} for block in system)
    roles = [m["role"] for m in messages]
    assert roles[0] == "user"
    assert all(a != b for a, b in itertools.pairwise(roles))
    for before, after in itertools.pairwise(messages):
        uses = [b["id"] for b in before["content"] if b["type"] == "tool_use"]
        results = [b["tool_use_id"] for b in after["content"] if b["type"] == "tool_result"]
        assert results == uses  # each result right after its call, first in the turn
        if results:
            assert after["content"][0]["type"] == "tool_result"
            assert after["content"][-1]["text"].startswith("<system-reminder>")
    # Only the end of the prompt is marked for caching.
    marked = [b for m in messages for b in m["content"] if "cache_control" in b]
    assert marked == [messages[-1]["content"][-1]]


def test_every_turn_re_sends_the_previous_one_as_its_start() -> None:
    for session in SESSIONS:
        for before, after in zip(session.turns, session.turns[1:], strict=False):
            old = _request(before)["messages"]
            new = _request(after)["messages"]
            unmarked = [
                {
                    **m,
                    "content": [
                        {k: v for k, v in b.items() if k != "cache_control"} for b in m["content"]
                    ],
                }
                for m in old
            ]
            assert new[: len(old)] == unmarked


def test_tools_and_metadata_are_claude_code_s() -> None:
    tools = bench.anthropic_tools(TOOLS)
    assert [t["name"] for t in tools] == list(agents.TOOL_DEFINITIONS)
    assert all(set(t) == {"name", "description", "input_schema"} for t in tools)
    ids = {bench.user_id(7, s) for s in range(4)}
    assert len(ids) == 4
    for value in ids:
        assert re.fullmatch(
            r"user_[0-9a-f]{64}_account__session_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
            r"[89ab][0-9a-f]{3}-[0-9a-f]{12}",
            value,
        )
    assert bench.user_id(7, 0) == bench.user_id(7, 0) != bench.user_id(8, 0)
    # One user: the part before the session is the same for every session.
    assert len({value.split("_account_")[0] for value in ids}) == 1
    body = _request(SESSIONS[0].turns[0])
    assert 80_000 <= len(json.dumps(body["system"])) <= 130_000  # ~100 KB


def test_pinned_sessions_name_their_model() -> None:
    body = _request(SESSIONS[1].turns[0], model="qwen2.5-coder:7b")
    assert decode(body, {"claude-*": "auto"}).chat["model"] == "qwen2.5-coder:7b"


# -- setups ------------------------------------------------------------------------------


def test_setups_parse() -> None:
    setups = bench.parse_setups(
        "residency, residency~base, pinned, pinned=qwen2.5-coder:7b, residency+parallel2,"
        "reference~abc123+qwen3+parallel2",
        baseline="a913ec4",
    )
    assert [(s.strategy, s.pinned, s.revision, s.variants) for s in setups] == [
        ("residency", None, None, ()),
        ("residency", None, "a913ec4", ()),
        ("residency", "", None, ()),
        ("residency", "qwen2.5-coder:7b", None, ()),
        ("residency", None, None, ("parallel2",)),
        ("reference", None, "abc123", ("qwen3", "parallel2")),
    ]
    assert [s.name for s in setups] == [
        "residency",
        "residency, base",
        "pinned (best model)",
        "pinned (qwen2.5-coder:7b)",
        "residency, parallel2",
        "reference, ~abc123, qwen3, parallel2",
    ]
    for bad, why in (
        ("nonsense", "unknown setup"),
        ("residency~", "a revision after"),
        ("residency=x", "only pinned"),
        ("pinned=", "a model after"),
        ("residency+turbo", "unknown variant"),
    ):
        with pytest.raises(ValueError, match=why):
            bench.parse_setups(bad)


def test_variants_change_a_copy_of_the_config() -> None:
    base = stack.load_base()
    before = json.dumps(base, sort_keys=True)
    two = bench.parse_setups("residency+parallel2")[0].config(base)
    assert two["ollama"]["numParallel"] == 2
    assert all(m["maxConcurrent"] >= 2 for m in two["models"])
    assert stack.ServerSettings.from_config(two).parallel == 2
    second = bench.parse_setups("residency+qwen3")[0].config(base)
    assert "qwen3:8b" in [m["name"] for m in second["models"]]
    for route in bench.SECOND_ROUTES:
        assert second["routes"][route][-1] == "qwen3:8b"
        assert second["routes"][route][:-1] == base["routes"][route]
    assert json.dumps(base, sort_keys=True) == before
    stack.ServerSettings.from_config(second)  # the router accepts it


def test_best_models_follow_the_route_of_each_session_s_task() -> None:
    base = stack.load_base()
    tasks, best = bench.best_models(base, SESSIONS, TOOLS)
    assert len(tasks) == len(best) == len(SESSIONS)
    assert best == [base["routes"][task][0] for task in tasks]


# -- the cache accounting and the report -------------------------------------------------


def test_the_ledger_gives_each_read_what_was_added_since_the_last() -> None:
    ledger = bench.Ledger()
    assert ledger.update("a", (0, 100)) == (0, 100)
    assert ledger.update("b", (5, 50)) == (5, 50)
    assert ledger.update("a", (90, 110)) == (90, 10)
    assert ledger.update("a", (90, 110)) == (0, 0)  # nothing new started there
    assert ledger.update("a", (80, 100)) == (0, 0)  # a stale read never goes negative
    assert ledger.update("a", (200, 120)) == (110, 10)


def test_model_counters_read_the_simulator_s_state() -> None:
    state = {
        "promptTokens": {
            "cached": 10,
            "processed": 30,
            "byModel": {"qwen2.5-coder:7b": {"cached": 10, "processed": 30, "cachedPct": 25.0}},
        }
    }
    assert bench.model_counters(state, "qwen2.5-coder:7b") == (10, 30)
    assert bench.model_counters(state, "gpt-oss:20b") is None
    assert bench.model_counters({}, "qwen2.5-coder:7b") is None


def _turn(session: int, turn: int, model: str | None, **kw: Any) -> bench.TurnResult:
    status = kw.pop("status", "200")
    return bench.TurnResult(session, turn, status, kw.pop("latency_s", 1.0), model, **kw)


def test_moves_and_models_per_session() -> None:
    turns = [
        _turn(0, 0, "q"),
        _turn(0, 1, None, status="400"),
        _turn(0, 2, "q"),
        _turn(0, 3, "g", moved="expected to finish sooner elsewhere, re-processing ..."),
        _turn(0, 4, "q"),
    ]
    moves = bench.moves_of(turns)
    assert [(m.turn, m.before, m.after) for m in moves] == [(3, "q", "g"), (4, "g", "q")]
    assert [bench.move_code(m.reason) for m in moves] == ["sooner", "unexplained"]
    assert bench.models_of(turns) == ["q", "g"]
    assert bench.models_text([["q"], ["q"], ["q", "g"]]) == "2 × q; 1 × q → g"
    assert bench.moves_text(moves) == "2: sooner ×1, unexplained ×1"
    assert bench.move_code("fallback after q failed") == "fallback"
    assert bench.move_code("q is not a candidate for triage") == "not_candidate"
    assert bench.move_code("q cannot take it: context of 8192 tokens") == "blocked"


def test_the_cache_share_leaves_out_each_session_s_first_turn() -> None:
    turns = [
        _turn(0, 0, "q", cached=0, processed=20_000),
        _turn(0, 1, "q", cached=20_000, processed=1_000),
        _turn(1, 0, "q", cached=16_000, processed=6_000),
        _turn(1, 1, "q", cached=0, processed=23_000),
        _turn(1, 2, None, status="timeout"),
    ]
    assert bench.cache_share(turns) == (20_000, 24_000)
    assert bench.cache_share(turns, after_first=False) == (36_000, 50_000)


def _row(**kw: Any) -> bench.Row:
    results = kw.pop("results")
    state = kw.pop("state", {})
    return bench.summarize(kw.pop("setup", "residency"), results, state, revision="abc", **kw)


def test_summary_counts_errors_percentiles_and_the_simulator_s_totals() -> None:
    results = [
        [
            _turn(0, 0, "q", latency_s=10, cached=0, processed=100),
            _turn(0, 1, "q", latency_s=2, cached=90, processed=10),
        ],
        [
            _turn(1, 0, "q", latency_s=4, cached=0, processed=100),
            _turn(1, 1, None, status="400", detail="context of 32768 tokens"),
        ],
    ]
    state = {
        "promptTokens": {"cached": 90, "processed": 210},
        "truncations": 0,
        "loads": 1,
        "evictions": 0,
    }
    row = _row(results=results, state=state)
    assert row.completed_pct == 75.0
    assert row.errors == {"400": 1}
    assert row.bad_requests == 1
    assert row.p50_s == 4
    assert row.p90_s == 10
    assert row.prompt_cached == 90
    assert row.prompt_processed == 210
    assert row.cached_pct == 30.0
    assert row.after_first_pct == 90.0
    assert row.truncations == 0
    assert row.models == [["q"], ["q"]]
    line = bench.table([row]).splitlines()[-1]
    assert "| 2 × q |" in line
    assert "0k / 0k (30 %)" in line
    assert "| 90 % |" in line
    assert json.loads(json.dumps(row.to_json()))["afterFirstCachedPct"] == 90.0
    assert bench.row_of(json.loads(json.dumps(row.to_json()))) == row


def test_without_counters_the_report_says_so() -> None:
    row = _row(results=[[_turn(0, 0, "q")]], state={})
    assert row.truncations is None
    assert row.cached_pct is None
    assert row.after_first_pct is None
    line = bench.table([row]).splitlines()[-1]
    assert "n/a / n/a (–)" in line


def test_targets() -> None:
    pinned = _row(
        setup="pinned (q)",
        results=[[_turn(0, 0, "q", latency_s=20), _turn(0, 1, "q", latency_s=30)]],
        pinned=["q"],
    )
    good = _row(
        results=[
            [
                _turn(0, 0, "q", latency_s=20, cached=0, processed=100),
                _turn(0, 1, "g", latency_s=25, cached=900, processed=100, moved="q cannot ..."),
            ]
        ],
        state={"truncations": 0},
    )
    bad = _row(
        results=[
            [
                _turn(0, 0, "q", latency_s=20, cached=0, processed=100),
                _turn(0, 1, "g", latency_s=40, cached=100, processed=900),
            ]
        ],
        state={"truncations": 2},
    )
    assert bench.row_of(json.loads(json.dumps(good.to_json()))) == good  # moves included
    assert [c.ok for c in bench.checks(good, pinned)] == [True, True, True, True]
    assert [c.ok for c in bench.checks(bad, pinned)] == [False, False, False, False]
    lines = bench.check_lines([good, pinned])
    assert len(lines) == 1
    assert lines[0].count("✓") == 4
    # Against the better of two pinned rows.
    assert bench.best_pinned([pinned, bad, _row(results=[], pinned=["g"])]) is pinned


def test_the_docs_section_is_replaced_in_place(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text(
        "# Performance notes\n\n## Other\n\ntext\n\n"
        f"## {bench.SECTION}\n\nold table\n\n## Agent sessions: what the table says\n\nkept\n"
    )
    bench.write_section(doc, bench.section("new table", command="cmd", about="About."))
    text = doc.read_text()
    assert "old table" not in text
    assert "new table" in text
    assert "    cmd" in text
    assert text.index("## Other") < text.index("new table") < text.index("kept")
    other = tmp_path / "fresh.md"
    bench.write_section(other, bench.section("t", command="c", about="A."))
    assert other.read_text().startswith("# Performance notes\n\n## Agent sessions")
