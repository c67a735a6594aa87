"""Deterministic fake model output: text, tokens, JSON for a schema, tool calls, vectors.

With a seed (from the settings or the request's ``seed`` option), the same model and
prompt always give the same output, so tests can compare whole responses.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import string
import struct
from dataclasses import dataclass
from typing import Any

_VOCABULARY = (
    "the model considered your request and suggests a short plan first check the input "
    "then handle each case carefully small steps keep the answer clear tests should pass "
    "after the change because the logic is simple and the data flows in one direction"
)
_WORDS = tuple(_VOCABULARY.split())


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A call the fake model decided to make; ``arguments`` is a JSON object."""

    id: str
    name: str
    arguments: dict[str, Any]
    raw_arguments: str | None = None
    """The arguments' JSON text as sent, when scripted (it may not parse)."""

    @property
    def arguments_text(self) -> str:
        return self.raw_arguments if self.raw_arguments is not None else json.dumps(self.arguments)

    @property
    def arguments_value(self) -> Any:
        """The arguments as an object, as Ollama's native API sends them (a scripted text
        that does not parse goes as the string)."""
        if self.raw_arguments is None:
            return self.arguments
        try:
            return json.loads(self.raw_arguments)
        except ValueError:
            return self.raw_arguments


@dataclass(frozen=True, slots=True)
class Output:
    """What the model produced: text split into tokens, or tool calls."""

    tokens: tuple[str, ...]
    tool_calls: tuple[ToolCall, ...]
    done_reason: str
    #: A small number drawn from the same stream, for ids such as ``chatcmpl-NNN``.
    ref: int = 0
    #: Tokens it took to generate, when that is not what the text says (a planned length
    #: behind a tool call or a JSON answer).
    eval_tokens: int | None = None

    @property
    def text(self) -> str:
        return "".join(self.tokens)

    @property
    def eval_count(self) -> int:
        """Generated tokens, as timed and reported (a tool call counts as 12)."""
        if self.eval_tokens is not None:
            return self.eval_tokens
        return len(self.tokens) + 12 * len(self.tool_calls)


def make_rng(seed: int | None, model: str, prompt: str) -> random.Random:
    """Seeded: same (seed, model, prompt) → same stream; unseeded: fresh entropy."""
    if seed is None:
        return random.Random()
    return random.Random(f"{seed}\x00{model}\x00{prompt}")


def count_prompt_tokens(text: str) -> int:
    """About four characters per token, at least one."""
    return max(1, (len(text) + 3) // 4)


def generate_text(rng: random.Random, limit: int | None, length: int | None = None) -> Output:
    """A sentence-like answer of ``length`` tokens (short when not given), cut at
    ``limit`` tokens (then ``length`` is the finish reason)."""
    wanted = rng.randint(12, 32) if length is None else length
    reason = "stop"
    if limit is not None and 0 <= limit < wanted:
        wanted, reason = limit, "length"
    words = [rng.choice(_WORDS) for _ in range(wanted)]
    if words:
        words[0] = words[0].capitalize()
    tokens = tuple(word if i == 0 else " " + word for i, word in enumerate(words))
    if tokens and reason == "stop":
        tokens = (*tokens[:-1], tokens[-1] + ".")
    return Output(tokens=tokens, tool_calls=(), done_reason=reason)


def split_tokens(text: str) -> tuple[str, ...]:
    """Split fixed content (scripted answers, JSON) into word-ish tokens for streaming."""
    if not text:
        return ()
    tokens: list[str] = []
    start = 0
    for index in range(1, len(text)):
        if text[index] in " \n" and text[index - 1] not in " \n":
            tokens.append(text[start:index])
            start = index
    tokens.append(text[start:])
    return tuple(tokens)


def value_for_schema(schema: Any, rng: random.Random, depth: int = 0) -> Any:
    """A small value that satisfies common JSON-schema shapes (enough for tests)."""
    if not isinstance(schema, dict):
        return rng.choice(_WORDS)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            return value_for_schema(options[0], rng, depth + 1)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = schema.get("properties") or {}
        if depth > 6 or not isinstance(props, dict):
            return {}
        return {name: value_for_schema(sub, rng, depth + 1) for name, sub in props.items()}
    if kind == "array":
        count = max(1, int(schema.get("minItems", 1)))
        return [value_for_schema(schema.get("items"), rng, depth + 1) for _ in range(count)]
    if kind == "integer":
        low = int(schema.get("minimum", 0))
        return rng.randint(low, max(low, int(schema.get("maximum", low + 10))))
    if kind == "number":
        floor = float(schema.get("minimum", 0.0))
        return round(rng.uniform(floor, float(schema.get("maximum", floor + 1.0))), 3)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    return rng.choice(_WORDS)


def json_for_format(fmt: Any, rng: random.Random) -> str:
    """Content for a ``format`` request: a schema-shaped object, or any JSON object."""
    if isinstance(fmt, dict):
        return json.dumps(value_for_schema(fmt, rng))
    return json.dumps({"answer": " ".join(rng.choice(_WORDS) for _ in range(4))})


def tool_call_for(tools: list[Any], rng: random.Random) -> ToolCall:
    """Call the first tool, with arguments built from its parameter schema."""
    function = tools[0].get("function", {}) if isinstance(tools[0], dict) else {}
    name = str(function.get("name", "tool"))
    params = function.get("parameters") or {"type": "object", "properties": {}}
    arguments = value_for_schema(params, rng)
    if not isinstance(arguments, dict):
        arguments = {}
    call_id = "call_" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in "x" * 8)
    return ToolCall(id=call_id, name=name, arguments=arguments)


def embed(text: str, dims: int) -> list[float]:
    """An L2-normalised vector that depends only on the text (same text, same vector)."""
    values: list[float] = []
    counter = 0
    while len(values) < dims:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        values.extend(v / 2.0**31 - 1.0 for v in struct.unpack("<8I", digest))
        counter += 1
    del values[dims:]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]
