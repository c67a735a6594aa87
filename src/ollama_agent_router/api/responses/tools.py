"""Responses ``tools``, ``tool_choice`` and ``text.format`` → their chat forms (pure).

Function tools map one to one. Custom tools (free-form input, what Codex's
``apply_patch`` is for the GPT-5 models) become function tools taking one string,
``input``, whose description carries the tool's grammar; a call to one comes back as a
``custom_tool_call`` item. A ``namespace`` tool (Codex's ``multi_agent_v1``) groups
function and custom tools: chat has no namespaces, so each of its tools is offered
flat as ``<namespace>__<name>`` (made unique against every other name offered), and a
call to one comes back as the client named it, ``name`` plus ``namespace``; a call
item the client sends back with a ``namespace`` is flattened the same way. Hosted
tools (web search, tool search, file search, computer use, code interpreter, MCP, …)
run on OpenAI's servers: a local model cannot run them, so they are dropped
(``ToolSet.dropped``, the ``x-router-dropped-tools`` header) rather than refused,
since Codex and other agents send some by default and work without them. Forcing one
through ``tool_choice`` is a 400.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ollama_agent_router.errors import BadRequestError

SERVED = ("function", "custom")
"""Tool types a local model can be offered (alone or in a namespace)."""
NAMESPACE_MAX = 128
"""The longest namespace name: it goes into the name of each of its tools (OpenAI
allows 64 characters for a name)."""


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
    """Names (as the model knows them) of the custom (free-form input) tools."""
    namespaced: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """The flat name the model knows → (namespace, name) as the client knows it."""
    flat: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(namespace, name) → the flat name: ``namespaced`` the other way round."""

    def model_name(self, name: str, namespace: str | None) -> str:
        """The name the model knows for a tool the client names (a call it sends back)."""
        if namespace is None:
            return name
        return self.flat.get((namespace, name), flat_name(namespace, name))

    def client_name(self, name: str) -> tuple[str, str | None]:
        """(name, namespace) as the client knows the tool the model called ``name``."""
        found = self.namespaced.get(name)
        if found is None:
            return name, None
        namespace, client_name = found
        return client_name, namespace


def flat_name(namespace: str, name: str) -> str:
    return f"{namespace}__{name}"


@dataclass(slots=True)
class _Reader:
    """``decode_tools``' state: what it has built so far."""

    taken: set[str]
    """Every name offered, so a flattened one never takes a name already offered."""
    chat: list[dict[str, Any]] = field(default_factory=list)
    echoed: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    custom: set[str] = field(default_factory=set)
    namespaced: dict[str, tuple[str, str]] = field(default_factory=dict)
    suffixes: dict[str, int] = field(default_factory=dict)
    """The last number tried after each flat name: many tools of one flat name cost
    linear time, not quadratic."""

    def namespace(self, tool: Mapping[str, Any], where: str) -> None:
        """Each function and custom tool of a namespace, offered flat."""
        space = tool.get("name")
        if not isinstance(space, str) or not 0 < len(space) <= NAMESPACE_MAX:
            raise fail(f"{where}.name", f"must be a string of 1 to {NAMESPACE_MAX} characters")
        about = optional_text(tool, "description", where)
        inner = tool.get("tools")
        if not isinstance(inner, list):
            raise fail(f"{where}.tools", "must be an array")
        echoed: list[dict[str, Any]] = []
        for index, member in enumerate(inner):
            at = f"{where}.tools.{index}"
            kind = tool_kind(member, at)
            if kind not in SERVED:
                self.dropped.append(kind)
                continue
            name = tool_name(member, at)
            flat = self.unique(flat_name(space, name))
            self.namespaced[flat] = (space, name)
            # the namespace's description once, with its first tool: each copy would
            # cost as much as the description again
            told = about if about and not echoed else None
            note = f"(one of the {space} tools{': ' + told if told else ''})"
            echoed.append(self.tool(member, at, kind, flat, note))
        self.echoed.append(
            {"type": "namespace", "name": space, "description": about or "", "tools": echoed}
        )

    def unique(self, name: str) -> str:
        """``name``, or ``name_2``, ``name_3`` … if taken; taken from now on."""
        chosen, number = name, self.suffixes.get(name, 1)
        while chosen in self.taken:
            number += 1
            chosen = f"{name}_{number}"
        self.suffixes[name] = number
        self.taken.add(chosen)
        return chosen

    def tool(
        self, tool: Mapping[str, Any], where: str, kind: str, name: str, note: str = ""
    ) -> dict[str, Any]:
        """Offer a function or custom tool to the model as ``name``; its echo."""
        description = optional_text(tool, "description", where)
        function: dict[str, Any] = {"name": name}
        if description is not None or note:
            function["description"] = "\n\n".join(text for text in (description, note) if text)
        if kind == "custom":
            function["parameters"] = free_form(tool.get("format"), f"{where}.format")
            self.custom.add(name)
            echo = dict(tool)
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
            echo = {
                "type": "function",
                "name": tool["name"],
                **({"description": description} if description is not None else {}),
                "parameters": function["parameters"],
                "strict": strict,
            }
        self.chat.append({"type": "function", "function": function})
        return echo


def decode_tools(raw: object) -> ToolSet:
    if raw is None:
        return ToolSet()
    if not isinstance(raw, list):
        raise fail("tools", "must be an array")
    taken = {
        tool["name"]
        for tool in raw
        if isinstance(tool, dict)
        and tool.get("type") in SERVED
        and isinstance(tool.get("name"), str)
    }
    reader = _Reader(taken)
    for index, tool in enumerate(raw):
        where = f"tools.{index}"
        kind = tool_kind(tool, where)
        if kind == "namespace":
            reader.namespace(tool, where)
        elif kind in SERVED:
            reader.echoed.append(reader.tool(tool, where, kind, tool_name(tool, where)))
        else:
            reader.dropped.append(kind)
    return ToolSet(
        reader.chat,
        reader.echoed,
        reader.dropped,
        frozenset(reader.custom),
        reader.namespaced,
        {pair: flat for flat, pair in reader.namespaced.items()},
    )


def tool_kind(tool: object, where: str) -> str:
    if not isinstance(tool, dict):
        raise fail(where, "must be an object")
    kind = tool.get("type")
    if not isinstance(kind, str):
        raise fail(f"{where}.type", "must be a string")
    return kind


def tool_name(tool: Mapping[str, Any], where: str) -> str:
    name = tool.get("name")
    if not isinstance(name, str) or not name:
        raise fail(f"{where}.name", "must be a non-empty string")
    return name


def optional_text(tool: Mapping[str, Any], key: str, where: str) -> str | None:
    value = tool.get(key)
    if value is not None and not isinstance(value, str):
        raise fail(f"{where}.{key}", "must be a string")
    return value


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
    chat_choice, allowed = decode_tool_choice(choice, tools)
    served = (
        tools.chat
        if allowed is None
        else [t for t in tools.chat if t["function"]["name"] in allowed]
    )
    if chat_choice == "none" or not served:  # local backends ignore "none": offer nothing
        return {}
    return {"tools": served, "tool_choice": chat_choice}


def decode_tool_choice(raw: object, tools: ToolSet) -> tuple[object, set[str] | None]:
    """(the chat ``tool_choice``, the allowed tool names if restricted), the names as
    the model knows them (a tool of a namespace is named by ``name`` and
    ``namespace``)."""
    names = {t["function"]["name"] for t in tools.chat}
    if isinstance(raw, str):
        if raw not in ("none", "auto", "required"):
            raise fail("tool_choice", "must be none, auto, required or an object")
        return raw, None
    if not isinstance(raw, dict):
        raise fail("tool_choice", "must be a string or an object")
    kind = raw.get("type")
    if kind in ("function", "custom"):
        name = chosen_name(raw, tools, "tool_choice")
        if name not in names:
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
            if not isinstance(tool, dict):
                raise fail(f"tool_choice.tools.{index}", "must be an object")
            allowed.add(chosen_name(tool, tools, f"tool_choice.tools.{index}"))
        return mode, allowed
    if isinstance(kind, str):
        raise fail("tool_choice.type", f"{kind} tools run on OpenAI's servers; not served here")
    raise fail("tool_choice.type", "must be a string")


def chosen_name(choice: Mapping[str, Any], tools: ToolSet, where: str) -> str:
    """The name the model knows for a tool that ``tool_choice`` names."""
    name, namespace = choice.get("name"), choice.get("namespace")
    if not isinstance(name, str):
        raise fail(f"{where}.name", "must be a string")
    if namespace is not None and not isinstance(namespace, str):
        raise fail(f"{where}.namespace", "must be a string")
    return tools.model_name(name, namespace)


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
