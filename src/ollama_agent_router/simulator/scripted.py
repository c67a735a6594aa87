"""Scripted answers: tests of a model-asking classifier need to choose the reply."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ollama_agent_router.simulator.names import full_name


@dataclass(frozen=True, slots=True)
class ScriptedAnswer:
    """Answer ``content`` to requests for ``model`` whose prompt has ``contains``."""

    content: str
    model: str | None = None
    contains: str | None = None
    delay_ms: int = 0
    times: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "model": self.model,
            "contains": self.contains,
            "delayMs": self.delay_ms,
            "times": self.times,
        }


def answer_from_json(body: dict[str, Any]) -> ScriptedAnswer:
    """Build from the control API; a non-string ``content`` is sent as its JSON text."""
    if "content" not in body:
        raise ValueError("content is required")
    content = body["content"]
    if not isinstance(content, str):
        content = json.dumps(content)
    times = body.get("times")
    if times is not None and (not isinstance(times, int) or times < 1):
        raise ValueError("times must be a positive integer")
    return ScriptedAnswer(
        content=content,
        model=body.get("model"),
        contains=body.get("contains"),
        delay_ms=int(body.get("delayMs", 0)),
        times=times,
    )


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
