"""Anthropic Messages requests as OpenAI chat bodies: pure, table-tested.

The router plans and runs OpenAI chat bodies (``api/serving.py``), so the Messages face
translates once at the edge and validates while it does: a field the router reads with
the wrong type is a 400 naming it in Anthropic's dotted form (``messages.2.content.0``),
never a failure deeper down. What has no local meaning is dropped on purpose:
``cache_control``, ``metadata``, ``thinking`` blocks and settings, ``top_k`` (neither
Ollama API takes it), and any top-level field this module does not know (Claude Code
sends newer ones, such as ``context_management``, before anyone documents them).

Server tools (a ``tools`` entry with a ``type`` such as ``web_search_20250305``) run on
Anthropic's servers; no local model can run them, so they are refused with a 400 naming
the tool rather than silently dropped (a model told it has web search would make up
results).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ollama_agent_router.api.serving import model_alias
from ollama_agent_router.errors import BadRequestError

_TOOL_CHOICES = {"auto": "auto", "any": "required", "none": "none"}
_DROPPED_BLOCKS = frozenset({"thinking", "redacted_thinking"})


def bad(field: str, message: str) -> BadRequestError:
    return BadRequestError(f"{field}: {message}", param=field)


def _object(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise bad(field, "must be an object")
    return value


def _string(value: object, field: str, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise bad(field, "must be a string")
    if not empty and not value:
        raise bad(field, "must not be empty")
    return value


def _number(value: object, field: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad(field, "must be a number")
    return value


def _integer(value: object, field: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad(field, "must be an integer")
    if value < minimum:
        raise bad(field, f"must be at least {minimum}")
    return value


def _blocks(content: object, field: str) -> list[Mapping[str, Any]]:
    """``content`` as a list of blocks (a string is one text block)."""
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if not isinstance(content, list):
        raise bad(field, "must be a string or an array of content blocks")
    blocks = [_object(block, f"{field}.{i}") for i, block in enumerate(content)]
    for i, block in enumerate(blocks):
        _string(block.get("type"), f"{field}.{i}.type")
    return blocks


def _text(block: Mapping[str, Any], field: str) -> str:
    return _string(block.get("text"), f"{field}.text")


def image_url(block: Mapping[str, Any], field: str) -> dict[str, Any]:
    """An ``image`` block as an OpenAI ``image_url`` part (base64 becomes a data URL)."""
    source = _object(block.get("source"), f"{field}.source")
    kind = source.get("type")
    if kind == "base64":
        media = _string(source.get("media_type"), f"{field}.source.media_type", empty=False)
        data = _string(source.get("data"), f"{field}.source.data", empty=False)
        url = f"data:{media};base64,{data}"
    elif kind == "url":
        url = _string(source.get("url"), f"{field}.source.url", empty=False)
    else:
        raise bad(f"{field}.source.type", "must be base64 or url (files are not served)")
    return {"type": "image_url", "image_url": {"url": url}}


def _tool_result(block: Mapping[str, Any], field: str) -> tuple[dict[str, Any], list[Any]]:
    """A ``tool_result`` block → an OpenAI ``tool`` message, plus the images it carried
    (a tool message holds text only; they follow in a user message)."""
    call_id = _string(block.get("tool_use_id"), f"{field}.tool_use_id", empty=False)
    content = block.get("content", "")
    texts: list[str] = []
    images: list[Any] = []
    if isinstance(content, str):
        texts.append(content)
    else:
        for i, part in enumerate(_blocks(content, f"{field}.content")):
            where = f"{field}.content.{i}"
            if part["type"] == "text":
                texts.append(_text(part, where))
            elif part["type"] == "image":
                images.append(image_url(part, where))
            elif part["type"] == "document":
                texts.append(_document(part, where))
            else:
                raise bad(f"{where}.type", "must be text, image or document")
    is_error = block.get("is_error", False)
    if not isinstance(is_error, bool):
        raise bad(f"{field}.is_error", "must be a boolean")
    text = "\n".join(texts)
    if is_error:
        text = f"Error: {text}"
    return {"role": "tool", "tool_call_id": call_id, "content": text}, images


def _document(block: Mapping[str, Any], field: str) -> str:
    """A plain-text ``document`` block as text (PDFs and files are not served)."""
    source = _object(block.get("source"), f"{field}.source")
    if source.get("type") != "text":
        raise bad(f"{field}.source.type", "only text documents are served")
    return _string(source.get("data"), f"{field}.source.data")


def _user(blocks: list[Mapping[str, Any]], field: str) -> list[dict[str, Any]]:
    """A user turn: its tool results first (as ``tool`` messages), then its text and
    images as one user message."""
    out: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for i, block in enumerate(blocks):
        where, kind = f"{field}.{i}", block["type"]
        if kind == "text":
            parts.append({"type": "text", "text": _text(block, where)})
        elif kind == "image":
            parts.append(image_url(block, where))
        elif kind == "document":
            parts.append({"type": "text", "text": _document(block, where)})
        elif kind == "tool_result":
            message, images = _tool_result(block, where)
            out.append(message)
            parts.extend(images)
        elif kind in _DROPPED_BLOCKS:
            continue
        else:
            raise bad(f"{where}.type", "must be text, image, document or tool_result")
    if parts:
        out.append({"role": "user", "content": _joined(parts)})
    return out


def _joined(parts: list[dict[str, Any]]) -> str | list[dict[str, Any]]:
    """Text-only content as one string (what every classifier and backend reads best);
    parts when an image is among them."""
    if all(part["type"] == "text" for part in parts):
        return "\n\n".join(part["text"] for part in parts)
    return parts


def _assistant(blocks: list[Mapping[str, Any]], field: str) -> dict[str, Any]:
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    for i, block in enumerate(blocks):
        where, kind = f"{field}.{i}", block["type"]
        if kind == "text":
            texts.append(_text(block, where))
        elif kind == "tool_use":
            arguments = _object(block.get("input", {}), f"{where}.input")
            calls.append(
                {
                    "id": _string(block.get("id"), f"{where}.id", empty=False),
                    "type": "function",
                    "function": {
                        "name": _string(block.get("name"), f"{where}.name", empty=False),
                        "arguments": json.dumps(arguments),
                    },
                }
            )
        elif kind in _DROPPED_BLOCKS:
            continue
        else:
            raise bad(f"{where}.type", "must be text, tool_use, thinking or redacted_thinking")
    message: dict[str, Any] = {"role": "assistant", "content": "".join(texts) or None}
    if calls:
        message["tool_calls"] = calls
    elif message["content"] is None:
        message["content"] = ""
    return message


def _messages(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise bad("messages", "required, must be an array")
    if not value:
        raise bad("messages", "must contain at least one message")
    out: list[dict[str, Any]] = []
    for index, raw in enumerate(value):
        field = f"messages.{index}"
        message = _object(raw, field)
        role = message.get("role")
        blocks = _blocks(message.get("content"), f"{field}.content")
        if role == "user":
            if not blocks:
                raise bad(f"{field}.content", "must not be empty")
            out.extend(_user(blocks, f"{field}.content"))
        elif role == "assistant":
            out.append(_assistant(blocks, f"{field}.content"))
        else:
            raise bad(f"{field}.role", "must be user or assistant")
    return out


def _system(value: object) -> str:
    if isinstance(value, str):
        return value
    blocks = _blocks(value, "system")
    for i, block in enumerate(blocks):
        if block["type"] != "text":
            raise bad(f"system.{i}.type", "must be text")
    return "\n\n".join(_text(block, f"system.{i}") for i, block in enumerate(blocks))


def _tools(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise bad("tools", "must be an array")
    out: list[dict[str, Any]] = []
    for index, raw in enumerate(value):
        field = f"tools.{index}"
        tool = _object(raw, field)
        kind = tool.get("type")
        if kind is not None and kind != "custom":
            raise bad(
                f"{field}.type",
                f"{kind!r} is a server tool that runs on Anthropic's servers; local "
                "models cannot run it (remove it or use a client tool)",
            )
        function: dict[str, Any] = {
            "name": _string(tool.get("name"), f"{field}.name", empty=False),
            "parameters": dict(_object(tool.get("input_schema"), f"{field}.input_schema")),
        }
        if tool.get("description") is not None:
            function["description"] = _string(tool["description"], f"{field}.description")
        out.append({"type": "function", "function": function})
    return out


def _tool_choice(value: object, out: dict[str, Any]) -> None:
    choice = _object(value, "tool_choice")
    kind = choice.get("type")
    if kind == "tool":
        name = _string(choice.get("name"), "tool_choice.name", empty=False)
        out["tool_choice"] = {"type": "function", "function": {"name": name}}
    elif isinstance(kind, str) and kind in _TOOL_CHOICES:
        out["tool_choice"] = _TOOL_CHOICES[kind]
    else:
        raise bad("tool_choice.type", "must be auto, any, tool or none")
    parallel = choice.get("disable_parallel_tool_use")
    if parallel is not None:
        if not isinstance(parallel, bool):
            raise bad("tool_choice.disable_parallel_tool_use", "must be a boolean")
        out["parallel_tool_calls"] = not parallel


def chat_body(body: Mapping[str, Any], aliases: Mapping[str, str]) -> dict[str, Any]:
    """The OpenAI chat body of a Messages request; 400 naming the first bad field.

    ``aliases`` is ``faces.anthropic.modelMap`` (``claude-*`` → ``auto`` by default)."""
    model = _string(body.get("model"), "model", empty=False)
    out: dict[str, Any] = {"model": model_alias(model, aliases)}
    out["max_tokens"] = _integer(body.get("max_tokens"), "max_tokens", minimum=1)
    messages = _messages(body.get("messages"))
    system = _system(body["system"]) if body.get("system") is not None else ""
    out["messages"] = [{"role": "system", "content": system}, *messages] if system else messages
    if body.get("tools") is not None:
        tools = _tools(body["tools"])
        if tools:
            out["tools"] = tools
    if body.get("tool_choice") is not None:
        _tool_choice(body["tool_choice"], out)
        if out.get("tool_choice") == "none":  # Ollama ignores tool_choice: offer none
            out.pop("tools", None)
            out.pop("tool_choice")
            out.pop("parallel_tool_calls", None)
        elif "tools" not in out:
            if out["tool_choice"] != "auto":
                raise bad("tool_choice", "names or requires a tool, but tools is empty")
            out.pop("tool_choice")
            out.pop("parallel_tool_calls", None)
    if body.get("stop_sequences") is not None:
        stops = body["stop_sequences"]
        if not isinstance(stops, list):
            raise bad("stop_sequences", "must be an array of strings")
        out["stop"] = [_string(s, f"stop_sequences.{i}") for i, s in enumerate(stops)]
    for name in ("temperature", "top_p"):
        if body.get(name) is not None:
            out[name] = _number(body[name], name)
    if body.get("top_k") is not None:
        _integer(body["top_k"], "top_k", minimum=0)  # checked, then dropped (see above)
    if body.get("metadata") is not None:
        _object(body["metadata"], "metadata")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise bad("stream", "must be a boolean")
    if stream:
        out["stream"] = True
        out["stream_options"] = {"include_usage": True}
    if "router" in body:
        out["router"] = body["router"]
    return out


def count_body(body: Mapping[str, Any], aliases: Mapping[str, str]) -> dict[str, Any]:
    """The chat body a ``count_tokens`` request would run: the same translation, with
    ``max_tokens`` (not part of that request) taken as one."""
    return chat_body({**body, "max_tokens": 1, "stream": False}, aliases)
