"""The pure tool-call check (``service.tool_calls``): each failure and each repair, the
per-request record of what happened, and the models' failure rates."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ollama_agent_router.pipeline.tool_calls import AnswerRejected as Rejected
from ollama_agent_router.pipeline.tool_calls import (
    ToolCallHealth,
    ToolCheck,
    Verdict,
    calls_in_content,
    check_completion,
    check_message,
    check_native,
    header_summary,
    strict_json,
    tool_table,
)

WRITE = {
    "type": "function",
    "function": {
        "name": "Write",
        "parameters": {
            "type": "object",
            "properties": {
                "file_path": {"type": "string"},
                "content": {"type": "string"},
                "timeout": {"type": "integer"},
                "force": {"type": "boolean"},
                "ratio": {"type": ["number", "null"]},
                "lines": {"type": "array"},
            },
            "required": ["file_path", "content"],
        },
    },
}
READ = {
    "type": "function",
    "function": {
        "name": "Read",
        "parameters": {"properties": {"file_path": {"type": "string"}}, "required": ["file_path"]},
    },
}
MCP = {"type": "function", "function": {"name": "mcp__github__create_issue"}}
BODY = {"messages": [{"role": "user", "content": "x"}], "tools": [WRITE, READ, MCP]}
TABLE = tool_table(BODY)
assert TABLE is not None
GOOD = '{"file_path": "a.py", "content": "print(1)"}'
READ_A = '{"file_path": "a"}'
CALL_READ_A = '{"name": "Read", "arguments": {"file_path": "a"}}'


def call(name: str, arguments: Any) -> dict[str, Any]:
    """An assistant message with one tool call in OpenAI's shape."""
    function = {"name": name, "arguments": arguments}
    tool_call = {"id": "call_1", "type": "function", "function": function}
    return {"role": "assistant", "content": "", "tool_calls": [tool_call]}


def fixed(verdict: Verdict) -> tuple[str, Any]:
    """The repaired call's name and decoded arguments."""
    assert verdict.message is not None
    function = verdict.message["tool_calls"][0]["function"]
    return function["name"], json.loads(function["arguments"])


# (label, message, problems, repairs, repaired name and arguments or None)
CASES: list[tuple[str, dict[str, Any], tuple[str, ...], tuple[str, ...], Any]] = [
    ("a good call", call("Write", GOOD), (), (), None),
    (
        "arguments that do not parse",
        call("Write", '{"file_path": "a.py"'),
        ("arguments_not_json",),
        (),
        None,
    ),
    ("arguments that are an array", call("Write", "[1, 2]"), ("arguments_not_json",), (), None),
    ("an unknown tool", call("Edit", GOOD), ("unknown_tool",), (), None),
    ("a name no tool is near", call("functions.Edit", GOOD), ("unknown_tool",), (), None),
    (
        "a missing required field",
        call("Write", '{"file_path": "a.py"}'),
        ("missing_required",),
        (),
        None,
    ),
    (
        "a wrong basic type",
        call("Write", '{"file_path": 3, "content": "x"}'),
        ("wrong_type",),
        (),
        None,
    ),
    (
        "a number that is not a number",
        call("Write", '{"file_path": "a", "content": "x", "timeout": "soon"}'),
        ("wrong_type",),
        (),
        None,
    ),
    (
        "a boolean is no integer",
        call("Write", '{"file_path": "a", "content": "x", "timeout": true}'),
        ("wrong_type",),
        (),
        None,
    ),
    (
        "a nullable number may be null",
        call("Write", '{"file_path": "a", "content": "x", "ratio": null}'),
        (),
        (),
        None,
    ),
    (
        "a whole float is an integer",
        call("Write", '{"file_path": "a", "content": "x", "timeout": 5.0}'),
        (),
        (),
        None,
    ),
    (
        "arguments in a code fence",
        call("Write", f"```json\n{GOOD}\n```"),
        (),
        ("arguments_fenced",),
        ("Write", {"file_path": "a.py", "content": "print(1)"}),
    ),
    (
        "trailing comma, bare keys, single quotes",
        call("Write", "{file_path: 'a.py', content: \"it's, {x}: y\",}"),
        (),
        ("arguments_lenient",),
        ("Write", {"file_path": "a.py", "content": "it's, {x}: y"}),
    ),
    (
        "Python literals",
        call("Write", '{"file_path": "a", "content": "x", "force": True, "ratio": None}'),
        (),
        ("arguments_lenient",),
        ("Write", {"file_path": "a", "content": "x", "force": True, "ratio": None}),
    ),
    (
        "arguments encoded twice",
        call("Write", json.dumps(GOOD)),
        (),
        ("arguments_double_encoded",),
        ("Write", {"file_path": "a.py", "content": "print(1)"}),
    ),
    (
        "arguments as an object",
        call("Read", {"file_path": "a.py"}),
        (),
        ("arguments_object",),
        ("Read", {"file_path": "a.py"}),
    ),
    (
        "empty arguments, nothing required",
        call("mcp__github__create_issue", ""),
        (),
        ("arguments_empty",),
        ("mcp__github__create_issue", {}),
    ),
    (
        "empty arguments, fields required",
        call("Read", ""),
        ("missing_required",),
        ("arguments_empty",),
        None,
    ),
    (
        "a name in another case",
        call("write", GOOD),
        (),
        ("name_case",),
        ("Write", json.loads(GOOD)),
    ),
    (
        "a namespaced name",
        call("functions.Write", GOOD),
        (),
        ("name_prefix",),
        ("Write", json.loads(GOOD)),
    ),
    (
        "a namespaced name in another case",
        call("default_api:read", '{"file_path": "a"}'),
        (),
        ("name_prefix",),
        ("Read", {"file_path": "a"}),
    ),
    (
        "strings that spell the declared type",
        call(
            "Write",
            '{"file_path": "a", "content": "x", "timeout": "120", "force": "TRUE", "lines": "[1]"}',
        ),
        (),
        ("type_coerced",),
        ("Write", {"file_path": "a", "content": "x", "timeout": 120, "force": True, "lines": [1]}),
    ),
    (
        "a repair does not hide a failure",
        call("write", '{"file_path": "a"}'),
        ("missing_required",),
        ("name_case",),
        None,
    ),
]


@pytest.mark.parametrize(
    ("label", "message", "problems", "repairs", "result"), CASES, ids=[c[0] for c in CASES]
)
def test_each_failure_and_repair(
    label: str,
    message: dict[str, Any],
    problems: tuple[str, ...],
    repairs: tuple[str, ...],
    result: Any,
) -> None:
    verdict = check_message(message, TABLE)
    assert verdict.reasons == problems, verdict.describe()
    assert tuple(dict.fromkeys(r.reason for r in verdict.repairs)) == repairs
    assert verdict.calls == 1
    if result is not None:
        assert not verdict.failed
        assert fixed(verdict) == result
        assert verdict.message is not None
        assert verdict.message["tool_calls"][0]["id"] == "call_1"  # the rest of the call kept
    if not repairs:
        assert verdict.message is None


IN_CONTENT: list[tuple[str, str, str | None, list[tuple[str, Any]], str]] = [
    # (label, content, problem or None, calls it becomes, content left)
    (
        "a bare call",
        '{"name": "Write", "arguments": ' + GOOD + "}",
        None,
        [("Write", json.loads(GOOD))],
        "",
    ),
    (
        "parameters, fenced",
        '```json\n{"name": "Read", "parameters": {"file_path": "a"}}\n```',
        None,
        [("Read", {"file_path": "a"})],
        "",
    ),
    (
        "under function",
        json.dumps({"type": "function", "function": {"name": "read", "arguments": READ_A}}),
        None,
        [("Read", {"file_path": "a"})],
        "",
    ),
    (
        "a list of calls",
        json.dumps([{"name": "Read", "arguments": {"file_path": f}} for f in "ab"]),
        None,
        [("Read", {"file_path": "a"}), ("Read", {"file_path": "b"})],
        "",
    ),
    (
        "tagged, with text around",
        f"Let me look.\n<tool_call>\n{CALL_READ_A}\n</tool_call>",
        None,
        [("Read", {"file_path": "a"})],
        "Let me look.",
    ),
    (
        "Mistral's prefix",
        '[TOOL_CALLS][{"name": "Read", "arguments": {"file_path": "a"}}]',
        None,
        [("Read", {"file_path": "a"})],
        "",
    ),
    ("an unknown tool", '{"name": "Edit", "arguments": {}}', "call_in_content", [], ""),
    ("a missing field", '{"name": "Read", "arguments": {}}', "call_in_content", [], ""),
    (
        "a tag without a call",
        "<tool_call>\nI will read it\n</tool_call>",
        "call_in_content",
        [],
        "",
    ),
]


@pytest.mark.parametrize(
    ("label", "content", "problem", "calls", "left"), IN_CONTENT, ids=[c[0] for c in IN_CONTENT]
)
def test_a_call_written_in_the_content(
    label: str, content: str, problem: str | None, calls: list[tuple[str, Any]], left: str
) -> None:
    message = {"role": "assistant", "content": content}
    verdict = check_message(message, TABLE, finish_reason="stop")
    if problem is not None:
        assert verdict.reasons == (problem,)
        assert verdict.message is None
        return
    assert not verdict.failed
    assert [r.reason for r in verdict.repairs] == ["call_in_content"]
    assert verdict.finish_reason == "tool_calls"
    assert verdict.message is not None
    assert verdict.message["content"] == left
    made = verdict.message["tool_calls"]
    assert [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in made] == calls
    assert all(c["type"] == "function" and c["id"].startswith("call_") for c in made)
    again = check_message(message, TABLE, finish_reason="stop")
    assert again.message == verdict.message  # ids depend on the text only


@pytest.mark.parametrize(
    "content",
    [
        "Done: the file is written.",
        '{"answer": 42}',
        "[1, 2, 3]",
        '{"name": "Write"}',  # a name but no arguments: not a call
        '{"name": "Write", "arguments": {}, "why": "extra keys"}',
        'I would call {"name": "Read", "arguments": {"file_path": "a"}} next.',
    ],
)
def test_text_that_is_not_a_call_is_left_alone(content: str) -> None:
    verdict = check_message({"role": "assistant", "content": content}, TABLE)
    assert verdict == Verdict()
    assert calls_in_content(content) is None or calls_in_content(content) == ([], content)


def test_content_calls_can_be_left_unchecked() -> None:
    """A stream whose text already went out passes ``content_calls=False``."""
    message = {"role": "assistant", "content": '{"name": "Edit", "arguments": {}}'}
    assert check_message(message, TABLE, content_calls=False) == Verdict()


@pytest.mark.parametrize(
    ("body", "checked"),
    [
        (BODY, True),
        ({**BODY, "tool_choice": "none"}, False),
        ({**BODY, "response_format": {"type": "json_object"}}, False),
        ({**BODY, "format": "json"}, False),  # native structured output
        ({**BODY, "tools": []}, False),
        ({"tools": [{"type": "web_search"}]}, False),  # no function tool to check against
        ({}, False),
    ],
)
def test_which_requests_are_checked(body: dict[str, Any], checked: bool) -> None:
    assert (tool_table(body) is not None) is checked


def test_required_fields_and_types_are_read_from_the_schema() -> None:
    assert TABLE["Write"].required == ("file_path", "content")
    assert TABLE["Write"].types["ratio"] == ("number", "null")
    assert TABLE["mcp__github__create_issue"].required == ()


def test_a_completion_is_checked_by_its_first_choice_and_a_cut_one_is_not() -> None:
    completion = {"choices": [{"message": call("Edit", "{"), "finish_reason": "tool_calls"}]}
    assert check_completion(completion, TABLE).reasons == ("unknown_tool", "arguments_not_json")
    cut = {"choices": [{"message": call("Edit", "{"), "finish_reason": "length"}]}
    assert check_completion(cut, TABLE) == Verdict()
    assert check_completion({"choices": []}, TABLE) == Verdict()


def test_native_answers_keep_object_arguments() -> None:
    message = {
        "role": "assistant",
        "content": "",
        "tool_calls": [{"function": {"name": "read", "arguments": {"file_path": "a"}}}],
    }
    verdict = check_native({"message": message, "done_reason": "stop"}, TABLE)
    assert [r.reason for r in verdict.repairs] == ["name_case"]
    assert verdict.message is not None
    assert verdict.message["tool_calls"][0]["function"] == {
        "name": "Read",
        "arguments": {"file_path": "a"},
    }
    text = {"role": "assistant", "content": '{"name": "Read", "arguments": {"file_path": "a"}}'}
    verdict = check_native({"message": text, "done_reason": "stop"}, TABLE)
    assert verdict.message is not None
    assert verdict.message["tool_calls"] == [
        {"function": {"index": 0, "name": "Read", "arguments": {"file_path": "a"}}}
    ]


@pytest.mark.parametrize(
    ("text", "strict"),
    [
        ('{"a": 1}', None),  # nothing to change
        ("{a: 1, b: [1, 2,],}", '{"a": 1, "b": [1, 2]}'),
        ("{'a': 'x \"y\"'}", '{"a": "x \\"y\\""}'),
        ('{"a": "b, }"}', None),  # a comma inside a string stays
        ("{a: True, b: None}", '{"a": true, "b": null}'),
        ("{'a: 1}", None),  # an unterminated single-quoted string
    ],
)
def test_strict_json(text: str, strict: str | None) -> None:
    assert strict_json(text) == strict


# -- one request ---------------------------------------------------------------------------


def raw(message: dict[str, Any], finish: str = "tool_calls") -> bytes:
    return json.dumps({"choices": [{"message": message, "finish_reason": finish}]}).encode()


def test_a_request_retries_once_then_passes_the_last_answer_through() -> None:
    seen: list[tuple[str, tuple[str, ...]]] = []
    check = ToolCheck(TABLE, on_verdict=lambda m, v: seen.append((m, v.reasons)))
    bad = raw(call("Edit", GOOD))
    with pytest.raises(Rejected) as first:
        check.completion("a", bad)
    assert first.value.retry
    assert first.value.value == bad
    with pytest.raises(Rejected) as second:
        check.completion("b", raw(call("Write", "{")))
    assert not second.value.retry
    assert seen == [("a", ("unknown_tool",)), ("b", ("arguments_not_json",))]
    report = check.report("b")
    assert report is not None
    assert report["outcome"] == "passed_through"
    assert report["reasons"] == ["arguments_not_json"]
    assert [f["model"] for f in report["failed"]] == ["a"]
    assert header_summary(report) == "passed_through: arguments_not_json"
    first_kept = check.report("a")  # the retry broke: the first answer was served
    assert first_kept is not None
    assert first_kept["outcome"] == "passed_through"


def test_a_retry_that_works_and_a_repair() -> None:
    check = ToolCheck(TABLE)
    with pytest.raises(Rejected):
        check.completion("a", raw(call("Write", '{"file_path": "a"}')))
    out = check.completion("b", raw(call("write", GOOD)))
    assert json.loads(out)["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "Write"
    report = check.report("b")
    assert report is not None
    assert report["outcome"] == "retried"
    assert report["repairs"] == [
        {"reason": "name_case", "detail": "tool_calls[0]: 'write' → 'Write'"}
    ]
    assert header_summary(report) == "retried: missing_required"
    plain = ToolCheck(TABLE)
    answer = raw(call("Write", GOOD))
    assert plain.completion("a", answer) is answer  # untouched, not even re-encoded
    assert plain.report("a") is None
    assert plain.completion("a", b"not json") == b"not json"


def test_a_job_is_repaired_or_passed_through_never_rejected() -> None:
    check = ToolCheck(TABLE)
    bad = {"choices": [{"message": call("Edit", GOOD), "finish_reason": "tool_calls"}]}
    assert check.settle("a", bad) is bad
    report = check.report("a")
    assert report is not None
    assert report["outcome"] == "passed_through"
    text = {"role": "assistant", "content": '{"name": "Read", "arguments": {"file_path": "a"}}'}
    repaired = ToolCheck(TABLE).settle(
        "a", {"choices": [{"message": text, "finish_reason": "stop"}]}
    )
    assert repaired["choices"][0]["finish_reason"] == "tool_calls"


# -- models over time ----------------------------------------------------------------------


def test_a_model_is_demoted_above_30_percent_of_its_last_20_and_recovers() -> None:
    health = ToolCallHealth()
    for _ in range(6):
        health.record("m", failed=True, now=0.0)
    assert health.demoted(0.0) == frozenset()  # 6 of 20: not more than 30 %
    health.record("m", failed=True, now=1.0)
    assert health.demoted(1.0) == {"m"}  # 7 of 20
    for _ in range(13):
        health.record("m", failed=False, now=2.0)
    assert health.demoted(2.0) == {"m"}  # still 7 failures among the last 20
    health.record("m", failed=False, now=3.0)
    assert health.demoted(3.0) == frozenset()  # the oldest failure left the window
    assert health.as_dict(3.0)["m"] == {"answers": 20, "failures": 6, "demoted": False}


def test_old_failures_are_forgotten() -> None:
    health = ToolCallHealth()
    for _ in range(7):
        health.record("m", failed=True, now=0.0)
    health.record("other", failed=False, now=0.0)
    assert health.demoted(10.0) == {"m"}
    assert health.demoted(health.forget_after_s + 1) == frozenset()
