"""Scripted answers: tests choose the reply — its text, its tool calls, or a broken call.

A scripted answer is ``content`` (text), and optionally ``tool_calls`` (exact names and
argument texts, sent as written: unparsable arguments included) or ``tool_fault``: the
call the model would have made to the request's first tool, broken in one of the ways
local models break them (``TOOL_FAULTS``).
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ollama_agent_router.simulator import generation as gen
from ollama_agent_router.simulator.names import full_name

TOOL_FAULTS: Final = ("bad_arguments", "unknown_tool", "missing_required", "in_content")
"""How ``tool_fault`` breaks the call to the request's first tool:

- ``bad_arguments``: its arguments' JSON text loses its closing brace (does not parse);
- ``unknown_tool``: it calls ``no_such_tool``;
- ``missing_required``: the first field of ``parameters.required`` is left out;
- ``in_content``: no ``tool_calls``; the content is the call as JSON text,
  ``{"name": …, "arguments": {…}}``.

A request without ``tools`` gets the scripted ``content`` only."""

UNKNOWN_TOOL: Final = "no_such_tool"


@dataclass(frozen=True, slots=True)
class ScriptedCall:
    """A tool call to send as written: ``arguments`` is the JSON text (valid or not)."""

    name: str
    arguments: str = "{}"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "arguments": self.arguments}


@dataclass(frozen=True, slots=True)
class ScriptedAnswer:
    """Answer ``content`` to requests for ``model`` whose prompt has ``contains``."""

    content: str = ""
    model: str | None = None
    contains: str | None = None
    delay_ms: int = 0
    times: int | None = None
    tool_calls: tuple[ScriptedCall, ...] = ()
    tool_fault: str | None = None

    def __post_init__(self) -> None:
        if self.tool_fault is not None and self.tool_fault not in TOOL_FAULTS:
            raise ValueError(f"toolFault must be one of {', '.join(TOOL_FAULTS)}")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "content": self.content,
            "model": self.model,
            "contains": self.contains,
            "delayMs": self.delay_ms,
            "times": self.times,
        }
        if self.tool_calls:
            out["toolCalls"] = [call.to_json() for call in self.tool_calls]
        if self.tool_fault is not None:
            out["toolFault"] = self.tool_fault
        return out

    def output(
        self, tools: list[Any] | None, rng: random.Random
    ) -> tuple[str, tuple[gen.ToolCall, ...]]:
        """The text and the tool calls this answer sends to a request with ``tools``."""
        calls = tuple(
            gen.ToolCall(_call_id(rng), call.name, {}, raw_arguments=call.arguments)
            for call in self.tool_calls
        )
        if self.tool_fault is None or not tools:
            return self.content, calls
        call = gen.tool_call_for(tools, rng)
        if self.tool_fault == "in_content":
            text = json.dumps({"name": call.name, "arguments": call.arguments})
            return self.content + text, calls
        if self.tool_fault == "bad_arguments":
            call = gen.ToolCall(call.id, call.name, {}, json.dumps(call.arguments)[:-1])
        elif self.tool_fault == "unknown_tool":
            call = gen.ToolCall(call.id, UNKNOWN_TOOL, call.arguments)
        else:  # missing_required
            required = _required(tools[0])
            arguments = {k: v for k, v in call.arguments.items() if k not in required[:1]}
            call = gen.ToolCall(call.id, call.name, arguments)
        return self.content, (*calls, call)


def _required(tool: Any) -> list[str]:
    function = tool.get("function") if isinstance(tool, Mapping) else None
    params = function.get("parameters") if isinstance(function, Mapping) else None
    required = params.get("required") if isinstance(params, Mapping) else None
    return [r for r in required if isinstance(r, str)] if isinstance(required, list) else []


def _call_id(rng: random.Random) -> str:
    return "call_" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in "x" * 8)


def answer_from_json(body: dict[str, Any]) -> ScriptedAnswer:
    """Build from the control API; a non-string ``content`` is sent as its JSON text, and
    so is a non-string ``toolCalls[].arguments``."""
    if not {"content", "toolCalls", "toolFault"} & set(body):
        raise ValueError("content, toolCalls or toolFault is required")
    content = body.get("content", "")
    if not isinstance(content, str):
        content = json.dumps(content)
    times = body.get("times")
    if times is not None and (not isinstance(times, int) or times < 1):
        raise ValueError("times must be a positive integer")
    calls = body.get("toolCalls", [])
    if not isinstance(calls, list) or not all(
        isinstance(c, dict) and isinstance(c.get("name"), str) for c in calls
    ):
        raise ValueError("toolCalls must be a list of {name, arguments}")
    fault = body.get("toolFault")
    if fault is not None and not isinstance(fault, str):
        raise ValueError(f"toolFault must be one of {', '.join(TOOL_FAULTS)}")
    return ScriptedAnswer(
        content=content,
        model=body.get("model"),
        contains=body.get("contains"),
        delay_ms=int(body.get("delayMs", 0)),
        times=times,
        tool_calls=tuple(ScriptedCall(c["name"], _text(c.get("arguments", {}))) for c in calls),
        tool_fault=fault,
    )


def _text(arguments: Any) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


@dataclass(slots=True)
class _Entry:
    answer: ScriptedAnswer
    model_key: str | None
    remaining: int | None


@dataclass(slots=True)
class ScriptBook:
    """Scripted answers in the order added; the first that matches wins."""

    entries: list[_Entry] = field(default_factory=list)

    def add(self, answer: ScriptedAnswer) -> None:
        key = full_name(answer.model) if answer.model else None
        self.entries.append(_Entry(answer, key, answer.times))

    def clear(self) -> None:
        self.entries.clear()

    def match(self, model_key: str, prompt: str) -> ScriptedAnswer | None:
        for entry in self.entries:
            if entry.model_key is not None and entry.model_key != model_key:
                continue
            if entry.answer.contains is not None and entry.answer.contains not in prompt:
                continue
            if entry.remaining is not None:
                entry.remaining -= 1
                if entry.remaining <= 0:
                    self.entries.remove(entry)
            return entry.answer
        return None
