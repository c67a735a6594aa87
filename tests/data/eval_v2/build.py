"""Build `eval_v2.jsonl`: the independent evaluation set of chat requests for the task
classifier. Evaluation only — never train on it, tune thresholds or pick features with it.

Usage: python tests/data/eval_v2/build.py [--check]
`--check` rebuilds in memory and fails when the file on disk differs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "eval_v2.jsonl"
MODULES = (
    "ev2_triage",
    "ev2_chat",
    "ev2_summarize",
    "ev2_generate",
    "ev2_review",
    "ev2_fix",
    "ev2_agentic",
    "ev2_tool",
    "ev2_large",
    "ev2_turns",
    "ev2_longhand",
    "ev2_pairs",
)
LABELS = frozenset(
    {
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
)
LANGS = frozenset({"en", "pl", "de", "es", "zh", "mixed"})
ROLES = frozenset({"system", "user", "assistant", "tool"})
CASE_KEYS = frozenset({"id", "messages", "tools", "label", "lang", "note"})


class CaseError(ValueError):
    """A case that does not have the shape of a real chat request; names the field."""


def load_cases() -> list[dict[str, Any]]:
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    cases: list[dict[str, Any]] = []
    for name in MODULES:
        cases.extend(importlib.import_module(name).CASES)
    return cases


def _check_content(where: str, content: Any, *, optional: bool) -> None:
    if content is None and optional:
        return
    if isinstance(content, str):
        if not content.strip():
            raise CaseError(f"{where}.content is empty")
        return
    if not isinstance(content, list) or not content:
        raise CaseError(f"{where}.content must be a non-empty string or list of parts")
    for j, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text" and isinstance(part.get("text"), str) and part["text"].strip():
            continue
        if kind == "image_url" and isinstance(part.get("image_url", {}).get("url"), str):
            continue
        raise CaseError(f"{where}.content[{j}] is not a text or image_url part")


def _check_tool_calls(where: str, calls: Any, open_ids: set[str]) -> None:
    if not isinstance(calls, list) or not calls:
        raise CaseError(f"{where}.tool_calls must be a non-empty list")
    for j, tc in enumerate(calls):
        fn = tc.get("function", {}) if isinstance(tc, dict) else {}
        if tc.get("type") != "function" or not isinstance(tc.get("id"), str):
            raise CaseError(f"{where}.tool_calls[{j}] needs an id and type 'function'")
        if not isinstance(fn.get("name"), str) or not isinstance(fn.get("arguments"), str):
            raise CaseError(f"{where}.tool_calls[{j}].function needs name and arguments")
        json.loads(fn["arguments"])
        open_ids.add(tc["id"])


def check_messages(cid: str, messages: Any) -> None:
    if not isinstance(messages, list) or not messages:
        raise CaseError(f"{cid}: messages must be a non-empty list")
    open_ids: set[str] = set()
    for i, msg in enumerate(messages):
        where = f"{cid}: messages[{i}]"
        role = msg.get("role") if isinstance(msg, dict) else None
        if role not in ROLES:
            raise CaseError(f"{where}.role must be one of {sorted(ROLES)}")
        if role == "assistant" and "tool_calls" in msg:
            _check_tool_calls(where, msg["tool_calls"], open_ids)
            _check_content(where, msg.get("content"), optional=True)
        elif role == "tool":
            if msg.get("tool_call_id") not in open_ids:
                raise CaseError(f"{where}.tool_call_id answers no earlier tool call")
            _check_content(where, msg.get("content"), optional=False)
        else:
            _check_content(where, msg.get("content"), optional=False)
    if messages[-1]["role"] != "user":
        raise CaseError(f"{cid}: the last message must have role 'user'")


def check_tools(cid: str, tools: Any) -> None:
    if not isinstance(tools, list) or not tools:
        raise CaseError(f"{cid}: tools must be a non-empty list when present")
    for j, tool in enumerate(tools):
        fn = tool.get("function", {}) if isinstance(tool, dict) else {}
        params = fn.get("parameters", {})
        if tool.get("type") != "function" or not isinstance(fn.get("name"), str):
            raise CaseError(f"{cid}: tools[{j}] needs type 'function' and function.name")
        if params.get("type") != "object" or not isinstance(params.get("properties"), dict):
            raise CaseError(f"{cid}: tools[{j}].function.parameters must be an object schema")


def validate(cases: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for case in cases:
        cid = case.get("id")
        if not isinstance(cid, str) or not cid.startswith("eval_v2-"):
            raise CaseError(f"case id {cid!r} must be a string starting with 'eval_v2-'")
        if cid in seen:
            raise CaseError(f"{cid}: duplicate id")
        seen.add(cid)
        extra = set(case) - CASE_KEYS
        if extra:
            raise CaseError(f"{cid}: unknown fields {sorted(extra)}")
        if case.get("label") not in LABELS:
            raise CaseError(f"{cid}: label {case.get('label')!r} is not a known task type")
        if case.get("lang") not in LANGS:
            raise CaseError(f"{cid}: lang {case.get('lang')!r} not in {sorted(LANGS)}")
        if not isinstance(case.get("note"), str) or not case["note"].strip():
            raise CaseError(f"{cid}: note must be a non-empty string")
        check_messages(cid, case.get("messages"))
        if "tools" in case:
            check_tools(cid, case["tools"])


def render(cases: list[dict[str, Any]]) -> str:
    keys = ("id", "label", "lang", "note", "messages", "tools")
    lines = [json.dumps({k: c[k] for k in keys if k in c}, ensure_ascii=False) for c in cases]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file on disk")
    args = parser.parse_args(argv)
    cases = load_cases()
    try:
        validate(cases)
    except (CaseError, json.JSONDecodeError) as exc:
        print(f"invalid case: {exc}", file=sys.stderr)
        return 1
    text = render(cases)
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUTPUT.name} is stale; rebuild it")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    labels = Counter(c["label"] for c in cases)
    langs = Counter(c["lang"] for c in cases)
    print(f"wrote {len(cases)} cases to {OUTPUT}")
    print("labels:", dict(sorted(labels.items())))
    print("langs:", dict(sorted(langs.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
