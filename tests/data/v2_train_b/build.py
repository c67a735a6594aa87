"""Validate the batch-b requests and write them to one JSONL file.

Run from the repository root: ``.venv/bin/python tests/data/v2_train_b/build.py``.
The output is deterministic (case order is module order, keys are sorted), so a rebuild
without edits leaves the file byte-identical; the structure test checks exactly that.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
OUTPUT = FOLDER / "v2_train_b.jsonl"
PACKAGE = "data.v2_train_b"
MODULES = [
    "tool_use_a",
    "tool_use_b",
    "agentic_a",
    "agentic_b",
    "chat",
    "triage",
    "summarize_a",
    "summarize_b",
    "large",
    "contrast",
    "boundaries",
    "extra_tool_plan",
    "extra_short_asks",
    "histories",
]
LABELS = {
    "triage",
    "simple_chat",
    "summarize",
    "code_generate",
    "code_review",
    "code_fix",
    "agentic_reasoning",
    "large_context",
    "tool_use",
}
LANGS = {"en", "pl", "de", "es", "zh", "mixed"}
ROLES = {"system", "user", "assistant", "tool"}


class CaseError(ValueError):
    """A case that a client could not have sent, or that lacks a field we need."""


def _check_content(where: str, content: Any, *, nullable: bool) -> None:
    if content is None and nullable:
        return
    if isinstance(content, str):
        return
    if not isinstance(content, list) or not content:
        raise CaseError(f"{where}.content: expected a string or a non-empty list of parts")
    for n, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text" and isinstance(part.get("text"), str):
            continue
        if (
            kind == "image_url"
            and isinstance(part.get("image_url"), dict)
            and isinstance(part["image_url"].get("url"), str)
        ):
            continue
        raise CaseError(f"{where}.content[{n}]: expected a text or image_url part")


def _check_messages(cid: str, messages: Any) -> None:
    if not isinstance(messages, list) or not messages:
        raise CaseError(f"{cid}.messages: expected a non-empty list")
    open_calls: set[str] = set()
    for n, msg in enumerate(messages):
        where = f"{cid}.messages[{n}]"
        role = msg.get("role") if isinstance(msg, dict) else None
        if role not in ROLES:
            raise CaseError(f"{where}.role: unknown role {role!r}")
        calls = msg.get("tool_calls")
        if calls is not None:
            if role != "assistant" or not isinstance(calls, list) or not calls:
                raise CaseError(f"{where}.tool_calls: only a non-empty list on an assistant turn")
            for call in calls:
                fn = call.get("function", {})
                if call.get("type") != "function" or not isinstance(fn.get("name"), str):
                    raise CaseError(
                        f"{where}.tool_calls: each call needs type 'function' and a name"
                    )
                json.loads(fn.get("arguments", ""))
                open_calls.add(call["id"])
        if role == "tool":
            if msg.get("tool_call_id") not in open_calls:
                raise CaseError(f"{where}.tool_call_id: no earlier assistant call with this id")
            if not isinstance(msg.get("content"), str):
                raise CaseError(f"{where}.content: a tool result must be a string")
            continue
        _check_content(
            where, msg.get("content"), nullable=role == "assistant" and calls is not None
        )
    if messages[-1]["role"] != "user":
        raise CaseError(f"{cid}.messages: the last message must come from the user")


def _check_tools(cid: str, tools: Any) -> None:
    if not isinstance(tools, list) or not tools:
        raise CaseError(f"{cid}.tools: expected a non-empty list when present")
    for n, item in enumerate(tools):
        fn = item.get("function", {}) if isinstance(item, dict) else {}
        params = fn.get("parameters", {})
        if (
            item.get("type") != "function"
            or not isinstance(fn.get("name"), str)
            or params.get("type") != "object"
        ):
            raise CaseError(
                f"{cid}.tools[{n}]: expected a function tool with an object parameter schema"
            )


def validate(cases: list[dict[str, Any]]) -> None:
    """Raise CaseError naming the first bad case and field."""
    seen: set[str] = set()
    for case in cases:
        cid = case.get("id")
        if not isinstance(cid, str) or not cid.startswith("v2_train_b-"):
            raise CaseError(f"id: {cid!r} must be a string starting with 'v2_train_b-'")
        if cid in seen:
            raise CaseError(f"{cid}.id: duplicate")
        seen.add(cid)
        if case.get("label") not in LABELS:
            raise CaseError(f"{cid}.label: unknown label {case.get('label')!r}")
        if case.get("lang") not in LANGS:
            raise CaseError(f"{cid}.lang: unknown language {case.get('lang')!r}")
        if not isinstance(case.get("note"), str) or not case["note"].strip():
            raise CaseError(f"{cid}.note: must say why the label fits")
        _check_messages(cid, case.get("messages"))
        if "tools" in case:
            _check_tools(cid, case["tools"])
        extra = set(case) - {"id", "messages", "tools", "label", "lang", "note"}
        if extra:
            raise CaseError(f"{cid}: unexpected fields {sorted(extra)}")


def collect() -> list[dict[str, Any]]:
    """All cases in module order."""
    tests_dir = str(FOLDER.parents[1])
    if tests_dir not in sys.path:
        sys.path.insert(0, tests_dir)
    cases: list[dict[str, Any]] = []
    for name in MODULES:
        cases.extend(importlib.import_module(f"{PACKAGE}.{name}").CASES)
    return cases


def render(cases: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n" for c in cases)


def main() -> int:
    cases = collect()
    try:
        validate(cases)
    except (CaseError, json.JSONDecodeError) as exc:
        print(f"invalid case: {exc}", file=sys.stderr)
        return 1
    OUTPUT.write_text(render(cases), encoding="utf-8")
    print(f"wrote {len(cases)} cases to {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
