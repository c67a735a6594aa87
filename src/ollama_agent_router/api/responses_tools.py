"""Responses ``tools``, ``tool_choice`` and ``text.format`` → their chat forms (pure).

Function tools map one to one. Custom tools (free-form input, what Codex's
``apply_patch`` is for the GPT-5 models) become function tools taking one string,
``input``, whose description carries the tool's grammar; a call to one comes back as a
``custom_tool_call`` item. Hosted tools (web search, file search, computer use, code
interpreter, MCP, …) run on OpenAI's servers: a local model cannot run them, so they
are dropped (``ToolSet.dropped``, the ``x-router-dropped-tools`` header) rather than
refused, since Codex and other agents send some by default and work without them.
Forcing one through ``tool_choice`` is a 400.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ollama_agent_router.errors import BadRequestError


def fail(param: str, message: str) -> BadRequestError:
    return BadRequestError(f"{param}: {message}", param=param)


@dataclass(frozen=True, slots=True)
class ToolSet:
    chat: list[dict[str, Any]] = field(default_factory=list)
    """The chat ``tools``."""
    echoed: list[dict[str, Any]] = field(default_factory=list)
    """The served tools as the response repeats them."""
    dropped: list[str] = field(default_factory=list)
    """Types of the hosted tools left out."""
    custom: frozenset[str] = frozenset()
    """Names of the custom (free-form input) tools."""


def decode_tools(raw: object) -> ToolSet:
    if raw is None:
        return ToolSet()
    if not isinstance(raw, list):
        raise fail("tools", "must be an array")
    tools = ToolSet()
    custom: set[str] = set()
    for index, tool in enumerate(raw):
        where = f"tools.{index}"
        if not isinstance(tool, dict):
            raise fail(where, "must be an object")
        kind = tool.get("type")
        if not isinstance(kind, str):
            raise fail(f"{where}.type", "must be a string")
        if kind not in ("function", "custom"):
            tools.dropped.append(kind)
            continue
        name = tool.get("name")
        if not isinstance(name, str) or not name:
            raise fail(f"{where}.name", "must be a non-empty string")
        description = tool.get("description")
        if description is not None and not isinstance(description, str):
            raise fail(f"{where}.description", "must be a string")
        function: dict[str, Any] = {"name": name}
        if description is not None:
            function["description"] = description
        if kind == "custom":
            function["parameters"] = free_form(tool.get("format"), f"{where}.format")
            custom.add(name)
            tools.echoed.append(tool)
        else:
            parameters = tool.get("parameters")
            if parameters is not None and not isinstance(parameters, dict):
                raise fail(f"{where}.parameters", "must be a JSON schema object")
            strict = tool.get("strict")
            if strict is not None and not isinstance(strict, bool):
                raise fail(f"{where}.strict", "must be a boolean")
            function["parameters"] = parameters or {"type": "object", "properties": {}}
            if strict is not None:
                function["strict"] = strict
            tools.echoed.append({"type": "function", **function, "strict": strict})
        tools.chat.append({"type": "function", "function": function})
    return ToolSet(tools.chat, tools.echoed, tools.dropped, frozenset(custom))


def free_form(fmt: object, where: str) -> dict[str, Any]:
    """The parameters schema of a custom tool: one string, described by its format."""
    described = "The tool's raw input as plain text (not JSON)."
    if fmt is not None:
        if not isinstance(fmt, dict):
            raise fail(where, "must be an object")
        kind = fmt.get("type")
        if kind == "grammar":
            syntax, definition = fmt.get("syntax"), fmt.get("definition")
            if not isinstance(syntax, str) or not isinstance(definition, str):
                raise fail(where, "a grammar needs a syntax and a definition (strings)")
            described += f" It must follow this {syntax} grammar:\n{definition}"
        elif kind != "text":
            raise fail(f"{where}.type", "must be text or grammar")
    return {
        "type": "object",
        "properties": {"input": {"type": "string", "description": described}},
        "required": ["input"],
    }


def custom_input(arguments: str) -> str:
    """A custom tool's input from the arguments its function form was called with."""
    try:
        value = json.loads(arguments)
    except ValueError:
        return arguments
    text = value.get("input") if isinstance(value, dict) else None
    return text if isinstance(text, str) else arguments


def offered(tools: ToolSet, choice: object) -> dict[str, Any]:
    """The chat ``tools`` and ``tool_choice`` for the Responses ``tool_choice``."""
    if choice is None:
        return {"tools": tools.chat} if tools.chat else {}
    chat_choice, allowed = decode_tool_choice(choice, tools.chat)
    served = (
        tools.chat
        if allowed is None
        else [t for t in tools.chat if t["function"]["name"] in allowed]
    )
    if chat_choice == "none" or not served:  # local backends ignore "none": offer nothing
        return {}
    return {"tools": served, "tool_choice": chat_choice}


def decode_tool_choice(raw: object, tools: list[dict[str, Any]]) -> tuple[object, set[str] | None]:
    """(the chat ``tool_choice``, the allowed tool names if restricted)."""
    names = {t["function"]["name"] for t in tools}
    if isinstance(raw, str):
        if raw not in ("none", "auto", "required"):
            raise fail("tool_choice", "must be none, auto, required or an object")
        return raw, None
    if not isinstance(raw, dict):
        raise fail("tool_choice", "must be a string or an object")
    kind = raw.get("type")
    if kind in ("function", "custom"):
        name = raw.get("name")
        if not isinstance(name, str) or name not in names:
            raise fail("tool_choice.name", "must name one of the tools")
        return {"type": "function", "function": {"name": name}}, None
    if kind == "allowed_tools":
        mode = raw.get("mode", "auto")
        if mode not in ("auto", "required"):
            raise fail("tool_choice.mode", "must be auto or required")
        listed = raw.get("tools")
        if not isinstance(listed, list):
            raise fail("tool_choice.tools", "must be an array")
        allowed: set[str] = set()
        for index, tool in enumerate(listed):
            name = tool.get("name") if isinstance(tool, dict) else None
            if not isinstance(name, str):
                raise fail(f"tool_choice.tools.{index}.name", "must be a string")
            allowed.add(name)
        return mode, allowed
    if isinstance(kind, str):
        raise fail("tool_choice.type", f"{kind} tools run on OpenAI's servers; not served here")
    raise fail("tool_choice.type", "must be a string")


def decode_text(raw: object) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """(the chat ``response_format``, the ``text`` object the response repeats)."""
    if raw is None:
        return None, {"format": {"type": "text"}}
    if not isinstance(raw, dict):
        raise fail("text", "must be an object")
    fmt = raw.get("format")
    if fmt is None:
        return None, {**raw, "format": {"type": "text"}}
    if not isinstance(fmt, Mapping):
        raise fail("text.format", "must be an object")
    kind = fmt.get("type")
    if kind == "text":
        return None, raw
    if kind == "json_object":
        return {"type": "json_object"}, raw
    if kind != "json_schema":
        raise fail("text.format.type", "must be text, json_object or json_schema")
    schema = fmt.get("schema")
    if not isinstance(schema, dict):
        raise fail("text.format.schema", "must be a JSON schema object")
    spec: dict[str, Any] = {"name": fmt.get("name", "response"), "schema": schema}
    if not isinstance(spec["name"], str):
        raise fail("text.format.name", "must be a string")
    strict, description = fmt.get("strict"), fmt.get("description")
    if strict is not None and not isinstance(strict, bool):
        raise fail("text.format.strict", "must be a boolean")
    if description is not None and not isinstance(description, str):
        raise fail("text.format.description", "must be a string")
    spec.update(
        {k: v for k, v in (("strict", strict), ("description", description)) if v is not None}
    )
    return {"type": "json_schema", "json_schema": spec}, raw
