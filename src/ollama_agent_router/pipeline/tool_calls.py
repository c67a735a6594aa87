"""Tool calls checked before the agent sees them: a model's answer and the request's
``tools`` in, a verdict out (what is wrong, what was repaired, the repaired message).

Pure: no I/O, no clock (callers pass ``now``). The gateway runs it on every answer to a
request with function tools (``service.gateway``, ``service.tool_stream`` for streams);
every chat face's answer passes through it in OpenAI chat shape, the native face's in
Ollama's (``native=True``: arguments are objects).

Checked, for each ``tool_calls`` entry:

- ``arguments_not_json``: the arguments do not parse as a JSON object;
- ``unknown_tool``: the name is not one of the request's tools;
- ``missing_required``: a field the tool's ``parameters.required`` lists is absent;
- ``wrong_type``: a declared top-level property has another basic JSON type;

and, when the message has no ``tool_calls``, ``call_in_content``: a call written as text
(``{"name": …, "arguments": …}``, ``<tool_call>{…}</tool_call>``, ``[TOOL_CALLS][…]``).

Repaired where the intent is unambiguous (each a ``Finding`` with a fixed reason, a
metrics label): ``arguments_fenced`` (in a code fence), ``arguments_lenient`` (trailing
commas, unquoted keys, single quotes, Python's ``True``/``False``/``None``),
``arguments_double_encoded`` (a JSON string holding the object), ``arguments_empty``
(empty or absent: ``{}``), ``arguments_object`` (an object where OpenAI wants its text),
``name_case`` / ``name_prefix`` (``write``, ``functions.Write``, ``default_api:Write``
for ``Write``, when exactly one tool matches), ``type_coerced`` (``"120"`` for an
integer, ``"true"`` for a boolean, an array's JSON text for an array) and
``call_in_content`` (the text call of a known tool with valid arguments becomes a real
``tool_calls`` entry, the call's text leaves the content, ``finish_reason: tool_calls``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

FAILURE_REASONS: Final = (
    "arguments_not_json",
    "unknown_tool",
    "missing_required",
    "wrong_type",
    "call_in_content",
)
REPAIR_REASONS: Final = (
    "arguments_fenced",
    "arguments_lenient",
    "arguments_double_encoded",
    "arguments_empty",
    "arguments_object",
    "name_case",
    "name_prefix",
    "type_coerced",
    "call_in_content",
)

_JSON_TYPES: Final[Mapping[str, tuple[type, ...]]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}
_FENCE = re.compile(r"^\s*```[\w+-]*[ \t]*\n?(.*?)\n?[ \t]*```\s*$", re.DOTALL)
_TAGGED = re.compile(r"<tool_call>(.*?)(?:</tool_call>|$)", re.DOTALL)
_MISTRAL = "[TOOL_CALLS]"
_INTEGER = re.compile(r"^\s*-?\d+\s*$")
_NUMBER = re.compile(r"^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$")
_NAME_SEPARATORS: Final = (".", ":", "/")
_PYTHON_LITERALS: Final = {"True": "true", "False": "false", "None": "null"}


class AnswerRejected(Exception):
    """An answer arrived but failed a check. ``value`` is that answer, kept as the last
    resort; ``retry``: try the next candidate (else serve ``value`` as it is)."""

    def __init__(self, message: str, value: Any, *, retry: bool) -> None:
        super().__init__(message)
        self.value = value
        self.retry = retry


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem or one repair: ``reason`` (a fixed label) and what it was about."""

    reason: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """What the check needs of one tool: its name, required fields, declared types."""

    name: str
    required: tuple[str, ...] = ()
    types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


ToolTable = Mapping[str, ToolSpec]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The check of one answer: problems left, repairs made, and the repaired message
    and finish reason (``None``: unchanged). No calls at all: ``calls == 0``."""

    problems: tuple[Finding, ...] = ()
    repairs: tuple[Finding, ...] = ()
    message: dict[str, Any] | None = None
    finish_reason: str | None = None
    calls: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The problems' reasons, each once, in order."""
        return tuple(dict.fromkeys(p.reason for p in self.problems))

    def describe(self) -> str:
        return "; ".join(f"{p.reason}: {p.detail}" for p in self.problems)


def tool_table(body: Mapping[str, Any]) -> ToolTable | None:
    """The request's function tools by name, or ``None`` when there is nothing to check:
    no function tools, ``tool_choice: "none"``, or a structured-output request (whose
    JSON content is the answer, not a call)."""
    tools = body.get("tools")
    if not isinstance(tools, list) or not tools or body.get("tool_choice") == "none":
        return None
    if body.get("response_format") is not None or body.get("format") is not None:
        return None
    table: dict[str, ToolSpec] = {}
    for tool in tools:
        function = tool.get("function") if isinstance(tool, Mapping) else None
        if not isinstance(function, Mapping) or not isinstance(function.get("name"), str):
            continue
        name = function["name"]
        table[name] = _spec(name, function.get("parameters"))
    return table or None


def _spec(name: str, parameters: Any) -> ToolSpec:
    if not isinstance(parameters, Mapping):
        return ToolSpec(name)
    required = parameters.get("required")
    properties = parameters.get("properties")
    types: dict[str, tuple[str, ...]] = {}
    if isinstance(properties, Mapping):
        for prop, schema in properties.items():
            kind = schema.get("type") if isinstance(schema, Mapping) else None
            kinds = (kind,) if isinstance(kind, str) else kind
            if isinstance(kinds, list | tuple) and kinds and all(k in _JSON_TYPES for k in kinds):
                types[str(prop)] = tuple(kinds)
    names = tuple(r for r in required if isinstance(r, str)) if isinstance(required, list) else ()
    return ToolSpec(name, names, types)


# -- names ---------------------------------------------------------------------------


def resolve_name(name: str, table: ToolTable) -> tuple[str | None, str | None]:
    """The tool ``name`` means and the repair that took (``None``: exact), or
    ``(None, None)`` when no tool, or more than one, could be meant."""
    if name in table:
        return name, None
    folded = _unique(t for t in table if t.casefold() == name.strip().casefold())
    if folded is not None:
        return folded, "name_case"
    short = name.strip()
    for separator in _NAME_SEPARATORS:
        short = short.rsplit(separator, 1)[-1]
    if short != name.strip():
        exact = short if short in table else None
        match = exact or _unique(t for t in table if t.casefold() == short.casefold())
        if match is not None:
            return match, "name_prefix"
    return None, None


def _unique(names: Iterable[str]) -> str | None:
    found = list(names)
    return found[0] if len(found) == 1 else None


# -- arguments -------------------------------------------------------------------------


def parse_arguments(raw: Any, *, native: bool = False) -> tuple[dict[str, Any] | None, str | None]:
    """The arguments as an object and the repair that took (``None``: as sent), or
    ``(None, None)`` when they are not a JSON object however read."""
    if isinstance(raw, dict):
        return raw, None if native else "arguments_object"
    if raw is None:
        return {}, "arguments_empty"
    if not isinstance(raw, str):
        return None, None
    if not raw.strip():
        return {}, "arguments_empty"
    value, repair = _loads_lenient(raw)
    if isinstance(value, str):  # a JSON string holding the object
        inner, _ = _loads_lenient(value)
        if isinstance(inner, dict):
            return inner, "arguments_double_encoded"
    if isinstance(value, dict):
        return value, repair
    return None, None


_FAILED = object()


def _loads_lenient(text: str) -> tuple[Any, str | None]:
    """``json.loads``, else the unfenced text, else the text made strict; with the
    repair that took (``_FAILED`` when nothing parses)."""
    value = _loads(text)
    if value is not _FAILED:
        return value, None
    repair = "arguments_lenient"
    fence = _FENCE.match(text)
    if fence is not None:
        text, repair = fence.group(1), "arguments_fenced"
        value = _loads(text)
        if value is not _FAILED:
            return value, repair
    strict = strict_json(text)
    if strict is not None:
        value = _loads(strict)
        if value is not _FAILED:
            return value, repair
    return _FAILED, None


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return _FAILED


def strict_json(text: str) -> str | None:
    """``text`` with what a lenient reader forgives made strict, outside strings only:
    trailing commas dropped, bare keys quoted, single-quoted strings double-quoted,
    ``True``/``False``/``None`` as JSON. ``None`` when nothing changed."""
    out: list[str] = []
    i, n, changed = 0, len(text), False
    last = last_before = ""  # the last token start that is not a space, and the one before
    while i < n:
        c = text[i]
        if not c.isspace():
            last_before, last = last, c
        if c == '"':
            end = _string_end(text, i, '"')
            out.append(text[i:end])
            i = end
        elif c == "'":
            end = _string_end(text, i, "'")
            inner = text[i + 1 : end - 1] if end - i >= 2 and text[end - 1] == "'" else None
            if inner is None:
                return None
            out.append(json.dumps(inner.replace("\\'", "'").replace('\\"', '"')))
            i, changed = end, True
        elif c == ",":
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] in "}]":
                i, changed = i + 1, True  # a trailing comma
            else:
                out.append(c)
                i += 1
        elif c.isalpha() or c == "_" or c == "$":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            word = text[i:j]
            k = j
            while k < n and text[k].isspace():
                k += 1
            if k < n and text[k] == ":" and last_before in ("{", ","):
                out.append(json.dumps(word))
                changed = True
            elif word in _PYTHON_LITERALS:
                out.append(_PYTHON_LITERALS[word])
                changed = True
            else:
                out.append(word)
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out) if changed else None


def _string_end(text: str, start: int, quote: str) -> int:
    """The index just after the string opened at ``start`` (or the end of ``text``)."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        i += 1
    return len(text)


def check_arguments(
    spec: ToolSpec, arguments: dict[str, Any]
) -> tuple[dict[str, Any], list[Finding], list[Finding]]:
    """Required fields and declared basic types: the arguments (coerced where a string
    says the value unambiguously), the problems and the coercions."""
    problems: list[Finding] = []
    repairs: list[Finding] = []
    missing = [name for name in spec.required if name not in arguments]
    if missing:
        problems.append(Finding("missing_required", f"{spec.name}: missing {', '.join(missing)}"))
    fixed = arguments
    for prop, kinds in spec.types.items():
        if prop not in arguments or _has_type(arguments[prop], kinds):
            continue
        coerced = _coerce(arguments[prop], kinds)
        if coerced is _FAILED:
            got = _type_name(arguments[prop])
            problems.append(
                Finding("wrong_type", f"{spec.name}.{prop}: {got}, expected {'|'.join(kinds)}")
            )
            continue
        if fixed is arguments:
            fixed = dict(arguments)
        fixed[prop] = coerced
        repairs.append(Finding("type_coerced", f"{spec.name}.{prop}: to {'|'.join(kinds)}"))
    return fixed, problems, repairs


def _has_type(value: Any, kinds: Sequence[str]) -> bool:
    for kind in kinds:
        if kind in ("integer", "number") and isinstance(value, bool):
            continue
        if kind == "integer" and isinstance(value, float) and value.is_integer():
            return True
        if isinstance(value, _JSON_TYPES[kind]):
            return True
    return False


def _coerce(value: Any, kinds: Sequence[str]) -> Any:
    """A string that unambiguously spells a value of one of ``kinds``; else ``_FAILED``."""
    if not isinstance(value, str):
        return _FAILED
    for kind in kinds:
        if kind == "integer" and _INTEGER.match(value):
            return int(value)
        if kind == "number" and _NUMBER.match(value):
            number = float(value)
            return int(number) if _INTEGER.match(value) else number
        if kind == "boolean" and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if kind in ("array", "object"):
            parsed = _loads(value)
            if _has_type(parsed, (kind,)):
                return parsed
    return _FAILED


def _type_name(value: Any) -> str:
    for kind in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _has_type(value, (kind,)):
            return kind
    return type(value).__name__


# -- one answer --------------------------------------------------------------------------


def check_message(
    message: Mapping[str, Any],
    table: ToolTable,
    *,
    finish_reason: Any = None,
    native: bool = False,
    content_calls: bool = True,
) -> Verdict:
    """Check an assistant message against the request's tools (``tool_table``).

    ``native``: Ollama's shape (arguments are objects, no ``type``/ids needed).
    ``content_calls``: also look for a call written in the content (a stream whose
    text already went out cannot take it back, so it passes ``False``)."""
    calls = message.get("tool_calls")
    if isinstance(calls, list) and calls:
        return _check_calls(message, calls, table, finish_reason, native)
    content = message.get("content")
    if content_calls and isinstance(content, str) and content.strip():
        return _check_content(message, content, table, finish_reason, native)
    return Verdict()


def _check_calls(
    message: Mapping[str, Any],
    calls: list[Any],
    table: ToolTable,
    finish_reason: Any,
    native: bool,
) -> Verdict:
    problems: list[Finding] = []
    repairs: list[Finding] = []
    fixed_calls: list[Any] = []
    for index, call in enumerate(calls):
        function = call.get("function") if isinstance(call, Mapping) else None
        if not isinstance(function, Mapping):
            problems.append(Finding("unknown_tool", f"tool_calls[{index}]: no function"))
            fixed_calls.append(call)
            continue
        fixed, found, made = _check_call(function, table, index, native)
        problems += found
        repairs += made
        fixed_calls.append({**call, "function": fixed} if made else call)
    message_out = None
    if repairs:
        message_out = {**message, "tool_calls": fixed_calls}
    return Verdict(tuple(problems), tuple(repairs), message_out, None, len(calls))


def _check_call(
    function: Mapping[str, Any], table: ToolTable, index: int, native: bool
) -> tuple[dict[str, Any], list[Finding], list[Finding]]:
    """One call's function: the repaired function, its problems, its repairs."""
    problems: list[Finding] = []
    repairs: list[Finding] = []
    where = f"tool_calls[{index}]"
    name = function.get("name")
    resolved, name_repair = resolve_name(name, table) if isinstance(name, str) else (None, None)
    if resolved is None:
        problems.append(Finding("unknown_tool", f"{where}: {name!r} is not a tool of the request"))
    elif name_repair is not None:
        repairs.append(Finding(name_repair, f"{where}: {name!r} → {resolved!r}"))
    raw = function.get("arguments")
    arguments, arg_repair = parse_arguments(raw, native=native)
    if arguments is None:
        problems.append(Finding("arguments_not_json", f"{where}: {_excerpt(raw)}"))
        return dict(function), problems, repairs
    if arg_repair is not None:
        repairs.append(Finding(arg_repair, f"{where}: {_excerpt(raw)}"))
    if resolved is not None:
        arguments, found, coerced = check_arguments(table[resolved], arguments)
        problems += [Finding(p.reason, f"{where} {p.detail}") for p in found]
        repairs += [Finding(r.reason, f"{where} {r.detail}") for r in coerced]
    fixed: dict[str, Any] = dict(function)
    if resolved is not None:
        fixed["name"] = resolved
    fixed["arguments"] = arguments if native else json.dumps(arguments, ensure_ascii=False)
    return fixed, problems, repairs


def _excerpt(raw: Any, limit: int = 80) -> str:
    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def calls_in_content(content: str) -> tuple[list[Mapping[str, Any]], str] | None:
    """The calls written as text in ``content`` and the text left around them, or
    ``None`` when it holds none: tagged calls anywhere (``<tool_call>``), a
    ``[TOOL_CALLS]`` prefix, or a content that is only a call (an object with ``name``
    and ``arguments``/``parameters``, bare or under ``function``; a list of them; fenced
    or not)."""
    if "<tool_call>" in content:
        found = [_as_calls(_loads_lenient(m[1].strip())[0]) for m in _TAGGED.finditer(content)]
        if not all(found):
            return [], content
        return [c for calls in found for c in calls], _TAGGED.sub("", content).strip()
    text = content.strip()
    if text.startswith(_MISTRAL):
        text = text[len(_MISTRAL) :]
    fence = _FENCE.match(text)
    if fence is not None:
        text = fence.group(1)
    if not text.lstrip().startswith(("{", "[")):
        return None
    value, _ = _loads_lenient(text)
    calls = _as_calls(value)
    return (calls, "") if calls else None


def _as_calls(value: Any) -> list[Mapping[str, Any]]:
    """``value`` as written calls (``{name, arguments}`` each), or ``[]`` if it is not."""
    if isinstance(value, Mapping) and isinstance(value.get("tool_calls"), list):
        value = value["tool_calls"]
    items = value if isinstance(value, list) else [value]
    calls: list[Mapping[str, Any]] = []
    for item in items:
        if isinstance(item, Mapping) and isinstance(item.get("function"), Mapping):
            item = item["function"]
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            return []
        if not set(item) <= {"name", "arguments", "parameters", "id", "type"}:
            return []
        if "arguments" not in item and "parameters" not in item:
            return []
        arguments = item.get("arguments", item.get("parameters"))
        calls.append({"name": item["name"], "arguments": arguments})
    return calls


def _check_content(
    message: Mapping[str, Any], content: str, table: ToolTable, finish_reason: Any, native: bool
) -> Verdict:
    found = calls_in_content(content)
    if found is None:
        return Verdict()
    written, rest = found
    if not written:  # a <tool_call> tag that holds no readable call
        detail = f"content: a <tool_call> that is not a call: {_excerpt(content)}"
        return Verdict((Finding("call_in_content", detail),), calls=1)
    problems: list[str] = []
    calls: list[dict[str, Any]] = []
    for index, item in enumerate(written):
        function = {"name": item["name"], "arguments": item["arguments"]}
        fixed, found_problems, _ = _check_call(function, table, index, native)
        problems += [p.detail for p in found_problems]
        calls.append(_tool_call(fixed, content, index, native))
    if problems:
        detail = "content holds a call that cannot be used: " + "; ".join(problems)
        return Verdict((Finding("call_in_content", detail),), calls=len(written))
    names = ", ".join(str(c["function"]["name"]) for c in calls)
    repair = Finding("call_in_content", f"content → tool_calls ({names})")
    repaired = {**message, "content": rest, "tool_calls": calls}
    reason = None if native else "tool_calls"
    return Verdict((), (repair,), repaired, reason, len(calls))


def _tool_call(function: dict[str, Any], content: str, index: int, native: bool) -> dict[str, Any]:
    """A ``tool_calls`` entry for a call read from text; its id depends on the text only."""
    digest = hashlib.sha256(f"{index}\x00{content}".encode()).hexdigest()[:24]
    if native:
        return {"function": {"index": index, **function}}
    return {"id": f"call_{digest}", "index": index, "type": "function", "function": function}


def check_completion(completion: Mapping[str, Any], table: ToolTable) -> Verdict:
    """Check an OpenAI chat completion's first choice (Ollama answers one); a cut answer
    (``finish_reason: length``) is not judged: its limit, not the model, broke it."""
    choices = completion.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], Mapping):
        return Verdict()
    choice = choices[0]
    message = choice.get("message")
    reason = choice.get("finish_reason")
    if not isinstance(message, Mapping) or reason == "length":
        return Verdict()
    return check_message(message, table, finish_reason=reason)


def repaired_completion(completion: Mapping[str, Any], verdict: Verdict) -> dict[str, Any]:
    """``completion`` with the verdict's message and finish reason in its first choice."""
    choices = list(completion["choices"])
    choice = dict(choices[0])
    if verdict.message is not None:
        choice["message"] = verdict.message
    if verdict.finish_reason is not None:
        choice["finish_reason"] = verdict.finish_reason
    choices[0] = choice
    return {**completion, "choices": choices}


def check_native(answer: Mapping[str, Any], table: ToolTable) -> Verdict:
    """Check a native ``/api/chat`` answer (``message`` with object arguments)."""
    message = answer.get("message")
    if not isinstance(message, Mapping) or answer.get("done_reason") == "length":
        return Verdict()
    return check_message(message, table, native=True)


# -- one request -------------------------------------------------------------------------


@dataclass(slots=True)
class ToolCheck:
    """The check of one request's answers, model by model: at most one retry elsewhere,
    then the last answer goes through as it is. ``report`` says what happened."""

    table: ToolTable
    on_verdict: Callable[[str, Verdict], None] | None = None
    """Told each judged answer (metrics, the models' failure rates)."""
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    retried: bool = False

    def judge(self, model: str, verdict: Verdict) -> Verdict:
        """Record ``verdict`` for ``model``'s answer (``on_verdict`` when it had calls)."""
        self.verdicts[model] = verdict
        if self.on_verdict is not None and (verdict.calls or verdict.failed):
            self.on_verdict(model, verdict)
        return verdict

    def rejection(self, model: str, verdict: Verdict, value: Any) -> AnswerRejected:
        """The failure to raise for ``model``'s answer: the first may retry, no other."""
        retry = not self.retried
        self.retried = True
        return AnswerRejected(f"tool call check: {verdict.describe()}", value, retry=retry)

    def completion(self, model: str, raw: bytes) -> bytes:
        """A sync OpenAI answer of ``model``: as it came, repaired, or ``AnswerRejected``
        (an answer that is not a JSON object is not this check's business)."""
        try:
            completion = json.loads(raw)
        except ValueError:
            return raw
        if not isinstance(completion, dict):
            return raw
        verdict = self.judge(model, check_completion(completion, self.table))
        if verdict.failed:
            raise self.rejection(model, verdict, raw)
        if verdict.message is None and verdict.finish_reason is None:
            return raw
        return json.dumps(repaired_completion(completion, verdict), ensure_ascii=False).encode()

    def native(self, model: str, answer: dict[str, Any]) -> dict[str, Any]:
        """``completion`` for a native ``/api/chat`` answer."""
        verdict = self.judge(model, check_native(answer, self.table))
        if verdict.failed:
            raise self.rejection(model, verdict, answer)
        if verdict.message is None:
            return answer
        return {**answer, "message": verdict.message}

    def settle(self, model: str, completion: dict[str, Any]) -> dict[str, Any]:
        """A decoded OpenAI answer with no retry to come (a job's): repaired, or as it
        came; ``report`` says which."""
        verdict = self.judge(model, check_completion(completion, self.table))
        if verdict.failed or (verdict.message is None and verdict.finish_reason is None):
            return completion
        return repaired_completion(completion, verdict)

    def report(self, model: str) -> dict[str, Any] | None:
        """``router.toolCallCheck`` for an answer served from ``model`` (``None`` when
        its answer needed nothing and nothing was retried)."""
        served = self.verdicts.get(model)
        failed = [(m, v) for m, v in self.verdicts.items() if v.failed and m != model]
        out: dict[str, Any] = {}
        if served is not None and served.failed:
            out = {"outcome": "passed_through", "reasons": list(served.reasons)}
            out["detail"] = served.describe()
        elif failed:
            out = {"outcome": "retried"}
        elif served is not None and served.repairs:
            out = {"outcome": "repaired"}
        else:
            return None
        if served is not None and served.repairs:
            out["repairs"] = [r.as_dict() for r in served.repairs]
        if failed:
            out["failed"] = [
                {"model": m, "reasons": list(v.reasons), "detail": v.describe()} for m, v in failed
            ]
        return out


def header_summary(report: Mapping[str, Any] | None) -> str | None:
    """``x-router-tool-call-check``: the outcome and its reasons, e.g.
    ``retried: unknown_tool`` or ``repaired: name_case``."""
    if report is None:
        return None
    if report["outcome"] == "passed_through":
        reasons = report["reasons"]
    elif report["outcome"] == "retried":
        reasons = [r for f in report["failed"] for r in f["reasons"]]
    else:
        reasons = [r["reason"] for r in report.get("repairs", ())]
    return f"{report['outcome']}: {','.join(dict.fromkeys(reasons))}"


# -- models over time ---------------------------------------------------------------------

WINDOW: Final = 20
"""Tool-call answers remembered per model."""
DEMOTE_ABOVE: Final = 0.3
"""A model is demoted for tools when more than this share of ``WINDOW`` answers failed."""
FORGET_AFTER_S: Final = 1800.0
"""Answers older than this are forgotten, so a demoted model that gets no more tool
requests recovers anyway."""


@dataclass(slots=True)
class ToolCallHealth:
    """Each model's last ``WINDOW`` checked tool-call answers (failed or not, when).

    A model is demoted when more than ``DEMOTE_ABOVE × WINDOW`` of them failed (7 of its
    last 20): too few answers never demote it, and it recovers as good answers push the
    failures out of its window or ``FORGET_AFTER_S`` passes. A repaired answer counts as
    good: the client got a usable call."""

    window: int = WINDOW
    demote_above: float = DEMOTE_ABOVE
    forget_after_s: float = FORGET_AFTER_S
    answers: dict[str, deque[tuple[float, bool]]] = field(default_factory=dict)
    _suspects: set[str] = field(default_factory=set)
    """Models with enough failures in their window to be demoted (before expiry)."""

    def record(self, model: str, *, failed: bool, now: float) -> None:
        seen = self.answers.get(model)
        if seen is None:
            seen = self.answers[model] = deque(maxlen=self.window)
        seen.append((now, failed))
        if self._failures(model, now) > self.demote_above * self.window:
            self._suspects.add(model)
        else:
            self._suspects.discard(model)

    def _failures(self, model: str, now: float) -> int:
        since = now - self.forget_after_s
        return sum(1 for at, failed in self.answers.get(model, ()) if failed and at >= since)

    def demoted(self, now: float) -> frozenset[str]:
        """Models demoted for tool use now (a routing input)."""
        if not self._suspects:
            return frozenset()
        limit = self.demote_above * self.window
        for model in [m for m in self._suspects if self._failures(m, now) <= limit]:
            self._suspects.discard(model)
        return frozenset(self._suspects)

    def as_dict(self, now: float) -> dict[str, dict[str, Any]]:
        demoted = self.demoted(now)
        return {
            model: {
                "answers": len(seen),
                "failures": self._failures(model, now),
                "demoted": model in demoted,
            }
            for model, seen in self.answers.items()
        }
