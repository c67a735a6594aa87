"""Validating and writing a batch of hand-written classifier cases (the batches
``v2_train_a`` and ``v2_train_c`` share it): each batch's ``build.py`` names its folder,
its case modules and its id prefix. The output is deterministic: modules in a fixed
order, cases in file order, sorted keys.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
CASE_KEYS = {"id", "messages", "tools", "label", "lang", "note"}


class CaseError(ValueError):
    """A case that does not have the shape of a real chat request."""


def _fail(cid: str, field: str, why: str) -> CaseError:
    return CaseError(f"{cid}: {field}: {why}")


def _check_content(cid: str, where: str, content: Any) -> None:
    if isinstance(content, str):
        if not content.strip():
            raise _fail(cid, where, "empty text")
        return
    if not isinstance(content, list) or not content:
        raise _fail(cid, where, "must be a non-empty string or a list of content parts")
    for n, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text":
            if not isinstance(part.get("text"), str) or not part["text"].strip():
                raise _fail(cid, f"{where}[{n}].text", "empty text part")
        elif kind == "image_url":
            image = part.get("image_url")
            url = image.get("url") if isinstance(image, dict) else None
            if not isinstance(url, str) or not url:
                raise _fail(cid, f"{where}[{n}].image_url.url", "missing url")
        else:
            raise _fail(cid, f"{where}[{n}].type", f"unknown part type {kind!r}")


def _check_message(cid: str, n: int, msg: Any, call_ids: set[str]) -> None:
    where = f"messages[{n}]"
    if not isinstance(msg, dict):
        raise _fail(cid, where, "not an object")
    role = msg.get("role")
    if role not in ROLES:
        raise _fail(cid, f"{where}.role", f"unknown role {role!r}")
    if role == "assistant" and msg.get("tool_calls"):
        for k, tc in enumerate(msg["tool_calls"]):
            fn = tc.get("function", {})
            if tc.get("type") != "function" or not tc.get("id") or not fn.get("name"):
                raise _fail(
                    cid, f"{where}.tool_calls[{k}]", "needs id, type=function, function.name"
                )
            try:
                json.loads(fn.get("arguments", ""))
            except json.JSONDecodeError as exc:
                field = f"{where}.tool_calls[{k}].function.arguments"
                raise _fail(cid, field, f"not JSON ({exc})") from exc
            call_ids.add(tc["id"])
        if msg.get("content") is not None:
            _check_content(cid, f"{where}.content", msg["content"])
        return
    if role == "tool" and msg.get("tool_call_id") not in call_ids:
        raise _fail(cid, f"{where}.tool_call_id", "does not answer an earlier tool call")
    _check_content(cid, f"{where}.content", msg.get("content"))


def _check_tools(cid: str, tools: Any) -> None:
    if not isinstance(tools, list) or not tools:
        raise _fail(cid, "tools", "must be a non-empty list when present")
    for n, t in enumerate(tools):
        fn = t.get("function") if isinstance(t, dict) else None
        if t.get("type") != "function" or not isinstance(fn, dict) or not fn.get("name"):
            raise _fail(cid, f"tools[{n}]", "needs type=function and function.name")
        params = fn.get("parameters", {})
        if params.get("type") != "object" or not isinstance(params.get("properties"), dict):
            raise _fail(cid, f"tools[{n}].function.parameters", "must be a JSON-schema object")


def validate(row: Any, seen: set[str], prefix: str) -> None:
    """Raise CaseError naming the field when a case is malformed (``prefix``: its id's)."""
    if not isinstance(row, dict):
        raise CaseError(f"case is not a dict: {row!r:.60}")
    cid = str(row.get("id", "<no id>"))
    if not cid.startswith(prefix):
        raise _fail(cid, "id", f"must start with {prefix!r}")
    if cid in seen:
        raise _fail(cid, "id", "duplicate")
    extra = set(row) - CASE_KEYS
    if extra:
        raise _fail(cid, "keys", f"unknown {sorted(extra)}")
    if row.get("label") not in LABELS:
        raise _fail(cid, "label", f"unknown {row.get('label')!r}")
    if row.get("lang") not in LANGS:
        raise _fail(cid, "lang", f"unknown {row.get('lang')!r}")
    if not isinstance(row.get("note"), str) or not row["note"].strip():
        raise _fail(cid, "note", "missing")
    messages = row.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _fail(cid, "messages", "must be a non-empty list")
    call_ids: set[str] = set()
    for n, msg in enumerate(messages):
        _check_message(cid, n, msg, call_ids)
    if messages[-1].get("role") != "user":
        raise _fail(cid, "messages[-1].role", "the last turn must be the user's")
    if "tools" in row:
        _check_tools(cid, row["tools"])
    seen.add(cid)


def load_cases(folder: Path, modules: Sequence[str], prefix: str) -> list[dict[str, Any]]:
    """Import a batch's case modules by file name, isolated from same-named modules of
    other batches (each has its own ``common``), and validate every case."""
    names = [*modules, "common", "bulk"]
    saved = {n: sys.modules.pop(n) for n in names if n in sys.modules}
    sys.path.insert(0, str(folder))
    try:
        rows: list[dict[str, Any]] = []
        for name in modules:
            rows.extend(importlib.import_module(name).CASES)
    finally:
        sys.path.remove(str(folder))
        for n in names:
            sys.modules.pop(n, None)
        sys.modules.update(saved)
    seen: set[str] = set()
    for row in rows:
        validate(row, seen, prefix)
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    """The JSONL text: one case per line, sorted keys, non-ASCII kept as is."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main(load: Callable[[], list[dict[str, Any]]], out: Path) -> int:
    """Validate a batch and write its JSONL file; a bad case is one line on stderr."""
    try:
        cases = load()
    except CaseError as exc:
        print(f"invalid case: {exc}", file=sys.stderr)
        return 1
    out.write_text(render(cases), encoding="utf-8")
    counts: dict[str, int] = {}
    for r in cases:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    print(f"wrote {len(cases)} cases to {out.name}: {dict(sorted(counts.items()))}")
    return 0
