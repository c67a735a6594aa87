"""OpenAI Responses requests → the OpenAI chat body the pipeline runs (pure).

Input items are first checked into a canonical form (messages with typed parts,
``function_call`` and ``function_call_output``), the form stored responses keep, and
then turned into chat messages together with the stored conversation they continue.
Every malformed field is a 400 naming it (``input.2.content.0.type``). Tools and
``text.format`` are read by ``responses_tools``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ollama_agent_router.api.responses.tools import (
    ToolSet,
    decode_text,
    decode_tools,
    fail,
    offered,
)
from ollama_agent_router.api.serving.sampling import chat_sampling

ROLES = frozenset({"user", "assistant", "system", "developer"})
UNSERVED = {
    "background": "background responses are not served; send the request and wait",
    "conversation": "conversations are not served; use previous_response_id or send the input",
    "prompt": "stored prompt templates are not served; send instructions and input",
}
"""Request fields asking for OpenAI-hosted state the router does not have."""
DROPPED_ITEMS = frozenset(
    {
        "reasoning",
        "web_search_call",
        "file_search_call",
        "computer_call",
        "computer_call_output",
        "code_interpreter_call",
        "image_generation_call",
        "local_shell_call",
        "local_shell_call_output",
        "mcp_call",
        "mcp_list_tools",
        "mcp_approval_request",
        "mcp_approval_response",
        "tool_search_call",
        "tool_search_output",
    }
)
"""Input items a local model cannot use: OpenAI's reasoning, hosted tools' calls."""


@dataclass(slots=True)
class Decoded:
    """A Responses request, read."""

    chat: dict[str, Any]
    """The OpenAI chat body for ``serve_chat`` (messages filled in by ``chat_body``)."""
    input_items: list[dict[str, Any]]
    """This request's input, canonical (what a stored response keeps)."""
    echo: dict[str, Any]
    """Request fields the response object repeats."""
    previous_response_id: str | None = None
    store: bool = True
    stream: bool = False
    tools: ToolSet = field(default_factory=ToolSet)


def decode(body: Mapping[str, Any], *, model: object) -> Decoded:
    """Check ``body`` and build everything but the messages. ``model``: the requested
    model after the face's alias map."""
    for name, why in UNSERVED.items():
        if body.get(name) not in (None, False):
            raise fail(name, why)
    chat: dict[str, Any] = {}
    if model is not None:
        if not isinstance(model, str):
            raise fail("model", "must be a string")
        chat["model"] = model
    instructions = body.get("instructions")
    if instructions is not None and not isinstance(instructions, str):
        raise fail("instructions", "must be a string")
    toolset = decode_tools(body.get("tools"))
    tool_choice = body.get("tool_choice")
    chat.update(offered(toolset, tool_choice))
    text = body.get("text")
    response_format, text_echo = decode_text(text)
    if response_format is not None:
        chat["response_format"] = response_format
    sampling = chat_sampling(body, limit="max_output_tokens")
    sampling.pop("top_k", None)  # not a Responses field: ignored as the API does
    chat.update(sampling)
    flags = {name: body.get(name) for name in ("parallel_tool_calls", "store", "stream")}
    for name, value in flags.items():
        if value is not None and not isinstance(value, bool):
            raise fail(name, "must be a boolean")
    if flags["parallel_tool_calls"] is not None and chat.get("tools"):
        chat["parallel_tool_calls"] = flags["parallel_tool_calls"]
    stream = flags["stream"] is True
    if stream:
        chat["stream"] = True
        chat["stream_options"] = {"include_usage": True}
    metadata = body.get("metadata")
    if metadata is not None and (
        not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values())
    ):
        raise fail("metadata", "must be an object of strings")
    reasoning = body.get("reasoning")
    if reasoning is not None and not isinstance(reasoning, dict):
        raise fail("reasoning", "must be an object")
    previous = body.get("previous_response_id")
    if previous is not None and (not isinstance(previous, str) or not 0 < len(previous) <= 200):
        raise fail("previous_response_id", "must be a response id")
    if "router" in body:
        chat["router"] = body["router"]  # the pipeline checks it, naming router.<field>
    echo = {
        "instructions": instructions,
        "max_output_tokens": chat.get("max_tokens"),
        "metadata": metadata or {},
        "parallel_tool_calls": flags["parallel_tool_calls"] is not False,
        "previous_response_id": previous,
        "reasoning": {"effort": None, "summary": None, **(reasoning or {})},
        "store": flags["store"] is not False,
        "temperature": chat.get("temperature", 1.0),
        "text": text_echo,
        "tool_choice": tool_choice if tool_choice is not None else "auto",
        "tools": toolset.echoed,
        "top_p": chat.get("top_p", 1.0),
        "truncation": "disabled",
    }
    return Decoded(
        chat=chat,
        input_items=input_items(body.get("input")),
        echo=echo,
        previous_response_id=previous,
        store=flags["store"] is not False,
        stream=stream,
        tools=toolset,
    )


def chat_body(decoded: Decoded, history: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The chat body: instructions as the first system message, then the stored
    conversation ``history`` (from ``previous_response_id``), then this input."""
    messages: list[dict[str, Any]] = []
    instructions = decoded.echo["instructions"]
    if instructions:
        messages.append({"role": "system", "content": instructions})
    messages.extend(chat_messages([*history, *decoded.input_items], decoded.tools))
    if not any(m["role"] != "system" for m in messages):
        raise fail("input", "send at least one message or function call output")
    return {**decoded.chat, "messages": messages}


# -- input items ------------------------------------------------------------------------


def input_items(raw: object) -> list[dict[str, Any]]:
    """``input`` as canonical items. ``reasoning`` items are dropped (a local model
    cannot read OpenAI's encrypted reasoning), and so are the calls of hosted tools and
    their outputs (a history begun against OpenAI may hold them; no local tool ran)."""
    if isinstance(raw, str):
        return [message("user", [{"type": "input_text", "text": raw}])]
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise fail("input", "must be a string or an array of items")
    items: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        where = f"input.{index}"
        if not isinstance(item, dict):
            raise fail(where, "must be an object")
        kind = item.get("type", "message")
        if not isinstance(kind, str):
            raise fail(f"{where}.type", "must be a string")
        if kind == "message":
            items.append(input_message(item, where))
        elif kind == "function_call":
            call = {
                "type": "function_call",
                "call_id": text_field(item, "call_id", where),
                "name": text_field(item, "name", where),
                "arguments": text_field(item, "arguments", where, empty=True),
            }
            items.append(namespaced(call, item, where))
        elif kind == "function_call_output":
            items.append(
                {
                    "type": "function_call_output",
                    "call_id": text_field(item, "call_id", where),
                    "output": call_output(item.get("output"), f"{where}.output"),
                }
            )
        elif kind == "custom_tool_call":
            call = {
                "type": "custom_tool_call",
                "call_id": text_field(item, "call_id", where),
                "name": text_field(item, "name", where),
                "input": text_field(item, "input", where, empty=True),
            }
            items.append(namespaced(call, item, where))
        elif kind == "custom_tool_call_output":
            items.append(
                {
                    "type": "custom_tool_call_output",
                    "call_id": text_field(item, "call_id", where),
                    "output": call_output(item.get("output"), f"{where}.output"),
                }
            )
        elif kind not in DROPPED_ITEMS:
            raise fail(
                f"{where}.type",
                "must be message, function_call, function_call_output, custom_tool_call,"
                " custom_tool_call_output, reasoning or a hosted tool's call",
            )
    return items


def message(role: str, content: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "message", "role": role, "content": content}


def namespaced(call: dict[str, Any], item: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``call`` with the ``namespace`` of the tool, if ``item`` (a call) names one."""
    if item.get("namespace") is not None:
        call["namespace"] = text_field(item, "namespace", where)
    return call


def text_field(item: Mapping[str, Any], key: str, where: str, *, empty: bool = False) -> str:
    value = item.get(key)
    if not isinstance(value, str) or (not value and not empty):
        raise fail(
            f"{where}.{key}", "must be a non-empty string" if not empty else "must be a string"
        )
    return value


def input_message(item: Mapping[str, Any], where: str) -> dict[str, Any]:
    role = item.get("role")
    if not isinstance(role, str) or role not in ROLES:
        raise fail(f"{where}.role", f"must be one of {', '.join(sorted(ROLES))}")
    content = item.get("content")
    if isinstance(content, str):
        kind = "output_text" if role == "assistant" else "input_text"
        return message(role, [{"type": kind, "text": content}])
    if not isinstance(content, list):
        raise fail(f"{where}.content", "must be a string or an array of parts")
    parts: list[dict[str, Any]] = []
    for index, part in enumerate(content):
        at = f"{where}.content.{index}"
        if not isinstance(part, dict):
            raise fail(at, "must be an object")
        part_type = part.get("type")
        if part_type in ("input_text", "output_text", "refusal"):
            key = "refusal" if part_type == "refusal" else "text"
            parts.append(
                {
                    "type": "output_text" if part_type == "refusal" else part_type,
                    "text": text_field(part, key, at, empty=True),
                }
            )
        elif part_type == "input_image":
            url = part.get("image_url")
            if part.get("file_id") is not None and url is None:
                raise fail(f"{at}.file_id", "uploaded files are not served; send image_url")
            if not isinstance(url, str) or not url:
                raise fail(f"{at}.image_url", "must be a URL or a data: URL")
            parts.append({"type": "input_image", "image_url": url})
        elif part_type == "input_file":
            raise fail(f"{at}.type", "files are not served; send their text as input_text")
        else:
            raise fail(f"{at}.type", "must be input_text, output_text, refusal or input_image")
    return message(role, parts)


def call_output(raw: object, where: str) -> str:
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, list):
        raise fail(where, "must be a string or an array of input_text parts")
    texts: list[str] = []
    for index, part in enumerate(raw):
        if not isinstance(part, dict) or part.get("type") != "input_text":
            raise fail(f"{where}.{index}", "must be an input_text part")
        texts.append(text_field(part, "text", f"{where}.{index}", empty=True))
    return "\n".join(texts)


# -- canonical items → chat messages ----------------------------------------------------


def chat_messages(
    items: Sequence[dict[str, Any]], tools: ToolSet | None = None
) -> list[dict[str, Any]]:
    """Canonical items as chat messages: ``developer`` becomes ``system`` (what local
    models know), consecutive function calls join the assistant message before them,
    a call to a tool of a namespace names it flat, as ``tools`` offers it."""
    tools = tools or ToolSet()
    messages: list[dict[str, Any]] = []
    for item in items:
        kind = item["type"]
        if kind == "message":
            role = "system" if item["role"] == "developer" else item["role"]
            messages.append({"role": role, "content": chat_content(item["content"])})
        elif kind in ("function_call", "custom_tool_call"):
            arguments = (
                item["arguments"]
                if kind == "function_call"
                else json.dumps({"input": item["input"]})
            )
            call = {
                "id": item["call_id"],
                "type": "function",
                "function": {
                    "name": tools.model_name(item["name"], item.get("namespace")),
                    "arguments": arguments,
                },
            }
            last = messages[-1] if messages else None
            if last is not None and last["role"] == "assistant":
                last.setdefault("tool_calls", []).append(call)
            else:
                messages.append({"role": "assistant", "content": "", "tool_calls": [call]})
        elif kind in ("function_call_output", "custom_tool_call_output"):
            messages.append(
                {"role": "tool", "tool_call_id": item["call_id"], "content": item["output"]}
            )
    return messages


def chat_content(parts: Sequence[dict[str, Any]]) -> str | list[dict[str, Any]]:
    """Text parts joined into one string; with images, OpenAI chat content parts."""
    if all(part["type"] != "input_image" for part in parts):
        return "\n".join(part["text"] for part in parts)
    return [
        {"type": "image_url", "image_url": {"url": part["image_url"]}}
        if part["type"] == "input_image"
        else {"type": "text", "text": part["text"]}
        for part in parts
    ]
