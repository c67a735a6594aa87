"""``StreamBuffer``: a stream's text flows, its tool calls wait for their check."""

from __future__ import annotations

import json
from typing import Any

from ollama_agent_router.pipeline.tool_calls import Verdict, tool_table
from ollama_agent_router.pipeline.tool_stream import StreamBuffer

READ = {
    "type": "function",
    "function": {
        "name": "Read",
        "parameters": {"properties": {"file_path": {"type": "string"}}, "required": ["file_path"]},
    },
}
TABLE = tool_table({"tools": [READ]})
assert TABLE is not None
HEAD = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "model": "m"}


def event(delta: dict[str, Any], finish: str | None = None) -> bytes:
    chunk = {**HEAD, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"


def text(piece: str) -> bytes:
    return event({"content": piece})


def tool(name: str, arguments: str, index: int = 0) -> bytes:
    function = {"name": name, "arguments": arguments}
    call = {"id": "call_1", "index": index, "type": "function", "function": function}
    return event({"tool_calls": [call]})


END = event({}, "tool_calls") + b"data: [DONE]\n\n"
STOP = event({}, "stop") + b"data: [DONE]\n\n"


def chunks(raw: bytes) -> list[dict[str, Any]]:
    out = []
    for block in raw.split(b"\n\n"):
        if block.startswith(b"data: {"):
            out.append(json.loads(block[6:]))
    return out


def said(raw: bytes) -> str:
    return "".join(
        c["choices"][0]["delta"].get("content") or "" for c in chunks(raw) if c["choices"]
    )


def calls(raw: bytes) -> list[tuple[str, Any]]:
    found = []
    for chunk in chunks(raw):
        for call in chunk["choices"][0]["delta"].get("tool_calls") or ():
            function = call["function"]
            found.append((function["name"], json.loads(function["arguments"])))
    return found


def run(buffer: StreamBuffer, *pieces: bytes) -> tuple[bytes, Verdict]:
    """Feed the pieces; return what went out as it came and the verdict at the end."""
    out = b"".join(buffer.feed(piece) for piece in pieces)
    buffer.end()
    return out, buffer.verdict()


def test_text_flows_and_a_good_call_goes_out_as_it_came() -> None:
    buffer = StreamBuffer(TABLE)
    stream = (event({"role": "assistant", "content": ""}), text("Let me"), text(" look."))
    out, verdict = run(buffer, *stream, tool("Read", '{"file_path": "a"}'), END)
    assert said(out) == "Let me look."  # the empty role chunk waited for the first text
    assert calls(out) == []
    assert not verdict.failed
    assert verdict.calls == 1
    released = buffer.release(verdict)
    assert released == tool("Read", '{"file_path": "a"}') + END


def test_a_bad_call_sends_none_of_its_bytes() -> None:
    buffer = StreamBuffer(TABLE)
    bad = tool("Edit", "{")
    out, verdict = run(buffer, text("Sure."), bad[:30], bad[30:], END)
    assert out == text("Sure.")
    assert verdict.reasons == ("unknown_tool", "arguments_not_json")
    assert buffer.holding
    assert buffer.release() == bad + END  # passed through: exactly what came


def test_a_call_in_fragments_is_checked_whole() -> None:
    pieces = (
        event(
            {"tool_calls": [{"index": 0, "id": "c", "function": {"name": "Read", "arguments": ""}}]}
        ),
        event({"tool_calls": [{"index": 0, "function": {"arguments": '{"file_'}}]}),
        event({"tool_calls": [{"index": 0, "function": {"arguments": 'path": "a"}'}}]}),
    )
    buffer = StreamBuffer(TABLE)
    out, verdict = run(buffer, *pieces, END)
    assert out == b""
    assert not verdict.failed
    assert verdict.calls == 1


def test_a_repaired_call_replaces_the_held_one() -> None:
    buffer = StreamBuffer(TABLE)
    out, verdict = run(buffer, tool("read", '```json\n{"file_path": "a"}\n```'), END)
    assert out == b""
    assert [r.reason for r in verdict.repairs] == ["name_case", "arguments_fenced"]
    released = buffer.release(verdict)
    assert calls(released) == [("Read", {"file_path": "a"})]
    assert chunks(released)[0]["id"] == "chatcmpl-1"
    assert released.endswith(END)


def test_a_call_written_as_text_is_held_and_becomes_a_tool_call() -> None:
    buffer = StreamBuffer(TABLE)
    out, verdict = run(
        buffer, text('{"name": "Read", '), text('"arguments": {"file_path": "a"}}'), STOP
    )
    assert out == b""  # text that starts like a call waits
    assert verdict.finish_reason == "tool_calls"
    released = buffer.release(verdict)
    assert said(released) == ""
    assert calls(released) == [("Read", {"file_path": "a"})]
    assert chunks(released)[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_text_that_only_starts_like_a_call_goes_out_unchanged() -> None:
    buffer = StreamBuffer(TABLE)
    pieces = (text("<"), text("think>hm</think> Sure"))
    out, verdict = run(buffer, *pieces, STOP)
    assert out == b"".join(pieces) + STOP  # "<th" cannot start "<tool_call>": it flows
    buffer = StreamBuffer(TABLE)
    out, verdict = run(buffer, text('{"answer": 42}'), STOP)
    assert out == b""
    assert verdict == Verdict()
    assert buffer.release(verdict) == text('{"answer": 42}') + STOP


def test_after_a_fallback_only_the_calls_go() -> None:
    buffer = StreamBuffer(TABLE, text_sent=True)
    out, verdict = run(buffer, text("Let me look again."), tool("Read", '{"file_path": "a"}'), END)
    assert out == b""
    assert not verdict.failed
    released = buffer.release(verdict)
    assert said(released) == ""
    assert calls(released) == [("Read", {"file_path": "a"})]


def test_a_cut_answer_is_not_judged() -> None:
    buffer = StreamBuffer(TABLE)
    _out, verdict = run(buffer, tool("Read", '{"file_'), event({}, "length"))
    assert verdict == Verdict()
    assert buffer.release(verdict) == tool("Read", '{"file_') + event({}, "length")
