"""A streamed answer's tool calls held back until they are checked (``service.tool_calls``).

Pure: OpenAI SSE bytes in, the bytes that may reach the client now out. Text flows as it
comes; a tool-call delta, and everything after it, is held until the stream ends, then
released as it came, released repaired, or kept back for the gateway to try another
model (none of the tool call's bytes went out). Text that could be a call written as
text (it starts like ``{``, ``[``, a code fence or ``<tool_call>``) is held too, so a
call in the content can still become a real tool call.

After a fallback the next model's stream starts with ``text_sent``: the first model's
text already went out, so this one's text is dropped and only its tool calls go (the
client never sees the text twice).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ollama_agent_router.pipeline.tool_calls import ToolTable, Verdict, check_message
from ollama_agent_router.sse import split_events

_SUSPECT: Final = ("{", "[", "```", "<tool_call>")
"""How a call written as text starts (``[TOOL_CALLS]`` starts with ``[``)."""
_TOOL_CALLS: Final = b'"tool_calls"'
_DONE: Final = b"[DONE]"


@dataclass(slots=True)
class _Event:
    raw: bytes
    chunk: dict[str, Any] | None
    """The chunk object (``None``: ``[DONE]``, a comment, anything not a chunk)."""


class StreamBuffer:
    """One upstream stream of a request with tools: what may go out, what is held."""

    def __init__(self, table: ToolTable, *, text_sent: bool = False) -> None:
        self.table = table
        self.text_sent = text_sent
        """Text of this answer already reached the client (before a fallback): drop this
        stream's text, send only its tool calls."""
        self.sent = False
        """Some of this stream's bytes went out."""
        self._pending = bytearray()
        self._held: list[_Event] = []
        self._flowing = False
        """Its text is known not to be a call: text goes out as it comes."""
        self._hold_all = False
        """A tool call began: it and everything after it wait for the verdict."""
        self._content: list[str] = []
        self._calls: dict[int, dict[str, Any]] = {}
        self._finish: Any = None
        self._role: str | None = None

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def feed(self, data: bytes) -> bytes:
        """Take upstream bytes; return those that may go out now (maybe none)."""
        self._pending += data
        out = bytearray()
        for raw in split_events(self._pending):
            out += self._event(raw)
        if out:
            self.sent = True
        return bytes(out)

    def end(self) -> None:
        """The upstream ended: an unterminated last event is held as it is."""
        if self._pending:
            self._held.append(_Event(bytes(self._pending), None))
            self._pending.clear()

    def _event(self, raw: bytes) -> bytes:
        if self._flowing and not self._hold_all and _TOOL_CALLS not in raw:
            return raw  # text after the decision, nothing held: no need to read it
        chunk = _chunk(raw)
        delta, finish = _delta(chunk)
        if finish is not None:
            self._finish = finish
        if delta is not None:
            self._read(delta)
            if delta.get("tool_calls"):
                self._hold_all = True
        if self._hold_all or self.text_sent:
            self._held.append(_Event(raw, chunk))
            return b""
        if not self._flowing:
            text = "".join(self._content).lstrip()
            if not text or _suspect(text):
                self._held.append(_Event(raw, chunk))
                return b""
            self._flowing = True  # plain text: it goes, with what waited for the decision
            waited, self._held = self._held, []
            return b"".join(event.raw for event in waited) + raw
        return raw

    def _read(self, delta: Mapping[str, Any]) -> None:
        role = delta.get("role")
        if isinstance(role, str):
            self._role = role
        content = delta.get("content")
        if isinstance(content, str) and content:
            self._content.append(content)
        calls = delta.get("tool_calls")
        if isinstance(calls, list):
            for position, call in enumerate(calls):
                if isinstance(call, Mapping):
                    _merge(self._calls, call, position)

    def verdict(self) -> Verdict:
        """The check of what the stream said (after ``end``): its tool calls, or, when
        all of its text was held, a call written in it. A cut answer is not judged."""
        if self._finish == "length":
            return Verdict()
        message: dict[str, Any] = {"role": self._role or "assistant"}
        if self._content:
            message["content"] = "".join(self._content)
        if self._calls:
            message["tool_calls"] = [self._calls[i] for i in sorted(self._calls)]
        whole_text_held = not self._flowing and not self.text_sent
        return check_message(message, self.table, content_calls=whole_text_held)

    def release(self, verdict: Verdict | None = None) -> bytes:
        """The held bytes: as they came (``None``, or nothing repaired), or with the
        verdict's repairs; without text after a fallback (``text_sent``)."""
        held, self._held = self._held, []
        repaired = verdict is not None and verdict.message is not None and not verdict.failed
        if not repaired and not self.text_sent:
            out = b"".join(event.raw for event in held)
        else:
            out = b"".join(self._rewrite(held, verdict if repaired else None))
        if out:
            self.sent = True
        return out

    def _rewrite(self, held: list[_Event], verdict: Verdict | None) -> list[bytes]:
        """The held events with the repaired calls in place of the first call (or of
        the text that was a call), its finish reason set; text dropped after a fallback."""
        message = verdict.message if verdict is not None else None
        calls = message.get("tool_calls") if message is not None else None
        to_finish = verdict.finish_reason if verdict is not None else None
        from_text = to_finish is not None
        rest = message.get("content") if from_text and message is not None else None
        drop_text = from_text or self.text_sent
        placed = False
        out: list[bytes] = []
        for event in held:
            delta, finish = _delta(event.chunk)
            if event.chunk is None or delta is None:
                out.append(event.raw)
                continue
            has_text = isinstance(delta.get("content"), str) and bool(delta["content"])
            anchor = has_text if from_text else bool(delta.get("tool_calls"))
            changed = dict(delta)
            if drop_text and has_text:
                del changed["content"]
            if calls is not None:
                changed.pop("tool_calls", None)
                if anchor and not placed:
                    placed = True
                    changed["tool_calls"] = [{**c, "index": i} for i, c in enumerate(calls)]
                    if rest:
                        changed["content"] = rest
            reason = to_finish if from_text and finish is not None else finish
            if changed == delta and reason == finish:
                out.append(event.raw)
            elif changed or reason is not None:
                out.append(_with(event.chunk, changed, reason))
        return out


def _suspect(text: str) -> bool:
    """Whether text starting so could still be a call written as text."""
    return any(text.startswith(mark) or mark.startswith(text) for mark in _SUSPECT)


def _chunk(raw: bytes) -> dict[str, Any] | None:
    """The chunk object of one SSE event (``None``: ``[DONE]`` or not a chunk)."""
    for line in raw.splitlines():
        if line.startswith(b"data:"):
            data = line[5:].strip()
            if data == _DONE:
                return None
            try:
                chunk = json.loads(data)
            except ValueError:
                return None
            return chunk if isinstance(chunk, dict) else None
    return None


def _delta(chunk: Mapping[str, Any] | None) -> tuple[dict[str, Any] | None, Any]:
    """The first choice's delta and finish reason."""
    if chunk is None:
        return None, None
    choices = chunk.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None, None
    choice = choices[0]
    delta = choice.get("delta")
    return (delta if isinstance(delta, dict) else None), choice.get("finish_reason")


def _merge(calls: dict[int, dict[str, Any]], part: Mapping[str, Any], position: int) -> None:
    """Add one streamed tool-call fragment to the calls so far (by ``index``)."""
    index = part.get("index")
    key = index if isinstance(index, int) else position
    call = calls.setdefault(key, {"id": None, "type": "function", "function": {}})
    if isinstance(part.get("id"), str):
        call["id"] = part["id"]
    function = part.get("function")
    if not isinstance(function, Mapping):
        return
    target = call["function"]
    for name in ("name", "arguments"):
        value = function.get(name)
        if isinstance(value, str):
            target[name] = target.get(name, "") + value
        elif value is not None:
            target[name] = value


def _with(chunk: Mapping[str, Any], delta: Mapping[str, Any], finish: Any) -> bytes:
    """``chunk`` with another delta and finish reason in its first choice, as an event."""
    choices = list(chunk["choices"])
    choices[0] = {**choices[0], "delta": dict(delta), "finish_reason": finish}
    data = json.dumps({**chunk, "choices": choices}, ensure_ascii=False, separators=(",", ":"))
    return b"data: " + data.encode() + b"\n\n"
