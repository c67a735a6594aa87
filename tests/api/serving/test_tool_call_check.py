"""Tool calls checked before the agent sees them, through the real app against the
simulator scripted to break them: repaired, retried once on the next candidate, or
passed through unchanged; sync on every face, and streamed with the tool-call deltas
held back until checked."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from support.stack import Stack, poll_job, stack

QWEN = "qwen2.5-coder:7b"
GPT_OSS = "gpt-oss:20b"
WRITE = {
    "type": "function",
    "function": {
        "name": "Write",
        "description": "Write a file",
        "parameters": {
            "type": "object",
            "properties": {"file_path": {"type": "string"}, "content": {"type": "string"}},
            "required": ["file_path", "content"],
        },
    },
}
CHECK_HEADER = "x-router-tool-call-check"


def ask(**extra: Any) -> dict[str, Any]:
    """A tools request whose candidates are the two tool_use models."""
    return {
        "model": "auto",
        "messages": [{"role": "user", "content": "write hello.py"}],
        "tools": [WRITE],
        "router": {"taskType": "tool_use"},
        **extra,
    }


def the_call(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    call = body["choices"][0]["message"]["tool_calls"][0]["function"]
    return call["name"], json.loads(call["arguments"])


def by_model(s: Stack) -> dict[str, int]:
    return dict(s.sim.state["requests"]["byModel"])


# -- sync --------------------------------------------------------------------------------


async def test_a_repairable_call_is_repaired_in_place() -> None:
    async with stack(transport="asgi") as s:
        fenced = '```json\n{"file_path": "a.py", "content": "x",}\n```'
        s.sim.add_response(tool_calls=[("functions.write", fenced)], times=1)
        status, body, headers = await s.post("/v1/chat/completions", ask())
        assert status == 200, body
        assert by_model(s) == {body["router"]["selectedModel"]: 1}  # no retry
    assert the_call(body) == ("Write", {"file_path": "a.py", "content": "x"})
    check = body["router"]["toolCallCheck"]
    assert check["outcome"] == "repaired"
    assert [r["reason"] for r in check["repairs"]] == ["name_prefix", "arguments_fenced"]
    assert headers[CHECK_HEADER] == "repaired: name_prefix,arguments_fenced"
    assert "attempts" not in body["router"]


async def test_a_call_written_in_the_content_becomes_a_tool_call() -> None:
    async with stack(transport="asgi") as s:
        s.sim.add_response(tool_fault="in_content", times=1)
        status, body, headers = await s.post("/v1/chat/completions", ask())
    assert status == 200, body
    choice = body["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["content"] == ""
    name, arguments = the_call(body)
    assert name == "Write"
    assert set(arguments) == {"file_path", "content"}
    assert headers[CHECK_HEADER] == "repaired: call_in_content"


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("bad_arguments", "arguments_not_json"),
        ("unknown_tool", "unknown_tool"),
        ("missing_required", "missing_required"),
    ],
)
async def test_a_bad_call_is_retried_once_on_the_next_candidate(fault: str, reason: str) -> None:
    async with stack(transport="asgi") as s:
        s.sim.add_response(tool_fault=fault, times=1)  # the first answer only
        status, body, headers = await s.post("/v1/chat/completions", ask())
        models = by_model(s)
    assert status == 200, body
    router = body["router"]
    failed = router["attempts"][0]["model"]
    assert router["selectedModel"] != failed
    assert models == {QWEN: 1, GPT_OSS: 1}
    assert router["attempts"][0]["error"].startswith(f"tool call check: {reason}")
    assert router["fallbackUsed"] is True
    assert router["toolCallCheck"]["outcome"] == "retried"
    assert router["toolCallCheck"]["failed"][0]["model"] == failed
    assert router["toolCallCheck"]["failed"][0]["reasons"] == [reason]
    assert headers[CHECK_HEADER] == f"retried: {reason}"
    assert the_call(body)[0] == "Write"


async def test_when_the_retry_fails_too_the_last_answer_passes_through() -> None:
    async with stack(transport="asgi") as s:
        s.sim.add_response(tool_fault="unknown_tool")  # every answer
        status, body, headers = await s.post("/v1/chat/completions", ask())
        assert by_model(s) == {QWEN: 1, GPT_OSS: 1}  # one retry, no more
        s.sim.reset()
        s.sim.add_response(tool_fault="missing_required")
        pinned = ask(model=QWEN)  # no other candidate: served as it came, said so
        status_pinned, alone, _ = await s.post("/v1/chat/completions", pinned)
    assert status == 200, body
    assert the_call(body)[0] == "no_such_tool"  # unchanged
    router = body["router"]
    check = router["toolCallCheck"]
    assert check["outcome"] == "passed_through"
    assert check["reasons"] == ["unknown_tool"]
    assert [f["model"] for f in check["failed"]] == [router["attempts"][0]["model"]]
    assert len(router["attempts"]) == 1  # the first model's answer; the served one is not listed
    assert headers[CHECK_HEADER] == "passed_through: unknown_tool"
    assert status_pinned == 200
    assert alone["router"]["toolCallCheck"]["outcome"] == "passed_through"
    assert "failed" not in alone["router"]["toolCallCheck"]
    assert "attempts" not in alone["router"]


async def test_a_retry_that_errors_serves_the_first_answer() -> None:
    async with stack(transport="asgi") as s:
        _, probe, _ = await s.post("/v1/chat/completions", ask())  # who answers this first
        first = probe["router"]["selectedModel"]
        s.sim.add_response(tool_fault="unknown_tool", times=1)
        s.sim.set_fault("500", times=1, model=GPT_OSS if first == QWEN else QWEN)
        status, body, _ = await s.post("/v1/chat/completions", ask())
    assert status == 200, body  # never worse than without the check
    assert body["router"]["selectedModel"] == first
    assert the_call(body)[0] == "no_such_tool"
    assert body["router"]["toolCallCheck"]["outcome"] == "passed_through"
    [attempt] = body["router"]["attempts"]  # the retry's failure
    assert attempt["model"] != first
    assert attempt["status"] == 502


async def test_every_face_gets_the_checked_answer() -> None:
    anthropic_tool = {
        "name": "Write",
        "input_schema": WRITE["function"]["parameters"],  # type: ignore[index]
    }
    messages = {
        "model": "auto",
        "max_tokens": 256,
        "messages": [{"role": "user", "content": "write hello.py"}],
        "tools": [anthropic_tool],
        "router": {"taskType": "tool_use"},
    }
    responses = {
        "model": "auto",
        "input": "write hello.py",
        "tools": [{"type": "function", **WRITE["function"]}],  # type: ignore[dict-item]
        "router": {"taskType": "tool_use"},
    }
    native = {**ask(), "stream": False}
    async with stack(transport="asgi") as s:
        s.sim.add_response(tool_fault="unknown_tool", times=1)
        status, message, headers = await s.post("/v1/messages", messages)
        assert status == 200, message
        assert headers[CHECK_HEADER] == "retried: unknown_tool"
        assert [b["name"] for b in message["content"] if b["type"] == "tool_use"] == ["Write"]
        assert message["stop_reason"] == "tool_use"
        assert message["router"]["toolCallCheck"]["outcome"] == "retried"

        s.sim.add_response(tool_fault="missing_required", times=1)
        status, response, headers = await s.post("/v1/responses", responses)
        assert status == 200, response
        assert headers[CHECK_HEADER] == "retried: missing_required"
        calls = [item for item in response["output"] if item["type"] == "function_call"]
        assert [c["name"] for c in calls] == ["Write"]
        assert set(json.loads(calls[0]["arguments"])) == {"file_path", "content"}

        s.sim.add_response(tool_fault="bad_arguments", times=1)
        status, answer, headers = await s.post("/api/chat", native)
        assert status == 200, answer
        assert headers[CHECK_HEADER] == "retried: arguments_not_json"
        assert answer["message"]["tool_calls"][0]["function"]["name"] == "Write"
        assert headers["x-router-selected-model"] == answer["model"]


async def test_a_job_is_repaired_or_passed_through() -> None:
    """The job manager owns a job's retries: its answer is repaired, or kept as it came."""
    async with stack(transport="asgi") as s:
        results = []
        for fault in ("in_content", "unknown_tool"):
            s.sim.add_response(tool_fault=fault, times=1)
            body = ask(router={"taskType": "tool_use", "mode": "async"})
            status, accepted, _ = await s.post("/v1/chat/completions", body)
            assert status == 202, accepted
            job = await poll_job(s, accepted["id"])
            assert job["status"] == "succeeded", job
            result = job["result_json"]
            results.append(json.loads(result) if isinstance(result, str) else result)
    repaired, passed = results
    assert the_call(repaired)[0] == "Write"
    assert repaired["choices"][0]["finish_reason"] == "tool_calls"
    assert repaired["router"]["toolCallCheck"]["outcome"] == "repaired"
    assert the_call(passed)[0] == "no_such_tool"
    assert passed["router"]["toolCallCheck"]["outcome"] == "passed_through"


async def test_requests_without_tools_or_declining_them_are_not_checked() -> None:
    async with stack(transport="asgi") as s:
        s.sim.add_response('{"name": "Write", "arguments": {}}')
        plain = {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}
        status, body, headers = await s.post("/v1/chat/completions", plain)
        assert status == 200
        assert body["choices"][0]["message"]["content"] == '{"name": "Write", "arguments": {}}'
        assert CHECK_HEADER not in headers
        status, body, headers = await s.post("/v1/chat/completions", ask(tool_choice="none"))
        assert status == 200
        assert "toolCallCheck" not in body["router"]
        assert CHECK_HEADER not in headers


async def test_failures_and_repairs_are_counted_per_model() -> None:
    async with stack() as s:
        s.sim.add_response(tool_fault="unknown_tool", model=QWEN)  # always: GPT_OSS answers
        s.sim.add_response(tool_calls=[("write", '{"file_path": "a", "content": "b"}')])
        for _ in range(2):
            status, _, _ = await s.post("/v1/chat/completions", ask())
            assert status == 200
        tried = by_model(s)
        async with s.http.get(s.url + "/metrics") as response:
            text = await response.text()
    series = dict(
        line.rsplit(" ", 1) for line in text.splitlines() if line.startswith("oar_tool_call")
    )
    failed = series[f'oar_tool_call_failures_total{{model="{QWEN}",reason="unknown_tool"}}']
    answers = series[f'oar_tool_call_answers_total{{model="{QWEN}"}}']
    repaired = series[f'oar_tool_call_repairs_total{{model="{GPT_OSS}",reason="name_case"}}']
    assert float(failed) == float(answers) == tried[QWEN]
    assert float(repaired) == 2


async def test_a_model_failing_often_is_demoted_for_tools_until_it_recovers() -> None:
    async with stack() as s:
        s.sim.add_response(tool_fault="bad_arguments", model=QWEN, times=7)
        for _ in range(7):  # pinned: no retry, passed through, counted
            _, body, _ = await s.post("/v1/chat/completions", ask(model=QWEN))
            assert body["router"]["toolCallCheck"]["outcome"] == "passed_through"
        async with s.http.get(s.url + "/metrics") as response:
            metrics = await response.text()
        assert f'oar_tool_use_demoted{{model="{QWEN}"}} 1.0' in metrics
        _, body, _ = await s.post("/v1/chat/completions", ask())
        assert body["router"]["selectedModel"] == GPT_OSS  # qwen is loaded, yet demoted
        plain = {**ask(), "router": {"taskType": "code_fix"}}
        del plain["tools"]
        _status, body, _ = await s.post("/v1/chat/completions", plain)
        assert body["router"]["selectedModel"] == QWEN  # only requests with tools
        assert s.services is not None
        health = s.services.gateway.tool_health
        now = time.monotonic()
        for _ in range(13):
            health.record(QWEN, failed=False, now=now)
        assert health.demoted(now) == {QWEN}  # 7 failures still among its last 20
        health.record(QWEN, failed=False, now=now)
        assert health.demoted(now) == frozenset()  # recovered: 6 of 20


# -- streams -----------------------------------------------------------------------------


async def stream(s: Stack, body: dict[str, Any]) -> tuple[dict[str, str], list[Any]]:
    async with s.http.post(s.url + "/v1/chat/completions", json={**body, "stream": True}) as r:
        assert r.status == 200
        raw = (await r.read()).decode()
        headers = dict(r.headers)
    events = [line[6:] for line in raw.split("\n") if line.startswith("data: ")]
    assert events.count("[DONE]") == 1
    assert events[-1] == "[DONE]"
    return headers, [json.loads(e) for e in events[:-1]]


def text_of(chunks: list[Any]) -> str:
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])


def calls_of(chunks: list[Any]) -> list[tuple[str, str, str]]:
    """(model, name, arguments) of each tool-call delta."""
    return [
        (c["model"], call["function"]["name"], call["function"]["arguments"])
        for c in chunks
        if c["choices"]
        for call in c["choices"][0]["delta"].get("tool_calls") or ()
    ]


def finish_of(chunks: list[Any]) -> list[str]:
    return [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]][-1:]


async def test_a_streamed_bad_call_with_no_byte_sent_falls_back() -> None:
    async with stack() as s:
        s.sim.add_response(tool_fault="unknown_tool", times=1)
        headers, chunks = await stream(s, ask())
        models = by_model(s)
    assert models == {QWEN: 1, GPT_OSS: 1}
    assert headers[CHECK_HEADER] == "retried: unknown_tool"
    selected = headers["x-router-selected-model"]
    assert {c["model"] for c in chunks} == {selected}  # nothing of the first answer
    [(_model, name, arguments)] = calls_of(chunks)
    assert name == "Write"
    assert set(json.loads(arguments)) == {"file_path", "content"}
    assert finish_of(chunks) == ["tool_calls"]


async def test_streamed_text_before_a_bad_call_is_not_repeated() -> None:
    async with stack() as s:
        s.sim.add_response("I'll write it now.", tool_calls=[("Write", '{"file_path": ')], times=1)
        headers, chunks = await stream(s, ask())
        models = by_model(s)
    assert models == {QWEN: 1, GPT_OSS: 1}
    first = headers["x-router-selected-model"]
    assert text_of(chunks) == "I'll write it now."  # once, from the first model
    [(model, name, arguments)] = calls_of(chunks)  # the bad call never went out
    assert model != first
    assert name == "Write"
    assert set(json.loads(arguments)) == {"file_path", "content"}
    assert finish_of(chunks) == ["tool_calls"]


async def test_a_streamed_call_is_repaired_and_a_failed_retry_passes_through() -> None:
    async with stack() as s:
        s.sim.add_response(tool_fault="in_content", times=1)
        headers, chunks = await stream(s, ask())
        assert headers[CHECK_HEADER] == "repaired: call_in_content"
        assert text_of(chunks) == ""
        assert [name for _, name, _ in calls_of(chunks)] == ["Write"]
        assert finish_of(chunks) == ["tool_calls"]

        s.sim.add_response(tool_fault="missing_required")
        headers, chunks = await stream(s, ask())
        assert headers[CHECK_HEADER] == "passed_through: missing_required"
        [(model, _name, arguments)] = calls_of(chunks)
        assert model == headers["x-router-selected-model"]
        assert "file_path" not in json.loads(arguments)  # unchanged

        s.sim.reset()
        s.sim.add_response("Writing.", tool_calls=[("Edit", "{}")])  # the retry fails too
        headers, chunks = await stream(s, ask())
        assert text_of(chunks) == "Writing."
        assert [name for _, name, _ in calls_of(chunks)] == ["Edit"]  # the first, as it came
        assert {c["model"] for c in chunks} == {headers["x-router-selected-model"]}
        assert by_model(s) == {QWEN: 1, GPT_OSS: 1}


async def test_a_stream_that_breaks_still_sends_what_it_held() -> None:
    """Never worse than without the check: what came before the break goes out."""
    async with stack() as s:
        s.sim.add_response("Sure.", tool_calls=[("Write", "{}")], times=1)
        s.sim.set_fault("cut=2", times=1)  # the text and the call, then Ollama stops
        async with s.http.post(s.url + "/v1/chat/completions", json={**ask(), "stream": True}) as r:
            raw = (await r.read()).decode()
    assert raw.index("Sure.") < raw.index('"tool_calls"') < raw.index("upstream stream failed")
