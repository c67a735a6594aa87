"""Anthropic Messages requests as OpenAI chat bodies: pure, table-tested.

The router plans and runs OpenAI chat bodies (``api/serving.py``), so the Messages face
translates once at the edge and validates while it does: a field the router reads with
the wrong type is a 400 naming it in Anthropic's dotted form (``messages.2.content.0``),
never a failure deeper down. Everything current clients send is accepted; what a local
model cannot use is degraded or dropped on purpose, and what changes the answer is
named in ``MessagesRequest.dropped`` (the ``x-router-dropped-fields`` header):

- ``system`` turns inside ``messages`` (Claude Code's mid-conversation system turns)
  stay in place as system messages; the top-level ``system`` is the first one.
- ``thinking`` and ``output_config.effort`` become ``reasoning_effort`` (the pipeline
  drops it for a model that cannot think): ``disabled`` → ``none``, else the effort,
  else a ``budget_tokens`` band. ``thinking`` and ``redacted_thinking`` blocks are
  dropped (a local model cannot read Anthropic's signed thinking).
- ``output_config.format`` (and the older ``output_format``) with a JSON schema becomes
  ``response_format``.
- Plain-text documents, search results and the history of server tools become text; a
  PDF becomes a note saying it was left out (a 400 when it is all the last user turn
  holds: the model would answer about a document it never saw).
- Silently ignored (no effect on a local answer): ``cache_control`` anywhere,
  ``citations``, ``service_tier``, ``betas``, ``thinking.display``, ``metadata``
  (its ``user_id`` is kept on the parsed request). Dropped and named: ``top_k``
  (Ollama's ``/v1`` has no such field), ``context_management``, ``mcp_servers``,
  ``container``, ``container_upload`` blocks, an unknown ``thinking`` type or effort.
  Any other top-level field is ignored (clients send new ones before anyone documents
  them).

Tools are decoded by ``anthropic_tools`` (server tools: 400; client tools: functions).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ollama_agent_router.api.anthropic.tools import bad, decode_tools
from ollama_agent_router.api.serving import sampling
from ollama_agent_router.routing.options import model_alias

_TOOL_CHOICES: Final = {"auto": "auto", "any": "required", "none": "none"}
_DROPPED_BLOCKS: Final = frozenset({"thinking", "redacted_thinking"})
_HISTORY_BLOCKS: Final = frozenset({"server_tool_use", "mcp_tool_use", "mcp_tool_result"})
"""Blocks of tools that ran elsewhere (Anthropic's servers, an MCP server); with every
``*_tool_result`` type but the client's own ``tool_result``, they become text."""
_EFFORTS: Final = frozenset({"low", "medium", "high", "xhigh", "max"})
_DROPPED_FIELDS: Final = ("context_management", "mcp_servers", "container")
"""Top-level fields with an effect the router cannot give, named when sent."""


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


def _text_part(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text}


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


def _texts_in(value: object, depth: int = 0) -> list[str]:
    """The readable strings of a server tool's result (titles, URLs, text, output);
    encrypted content and ids are left out."""
    if depth > 5:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [text for item in value for text in _texts_in(item, depth + 1)]
    if not isinstance(value, Mapping):
        return []
    if isinstance(value.get("error_code"), str):
        return [f"error: {value['error_code']}"]
    title, url = value.get("title"), value.get("url") or value.get("source")
    texts = []
    if isinstance(title, str) and isinstance(url, str):
        texts.append(f"{title} ({url})")
    elif isinstance(title, str) or isinstance(url, str):
        texts.append(title if isinstance(title, str) else str(url))
    for key in ("text", "stdout", "stderr", "content"):
        texts += _texts_in(value.get(key), depth + 1)
    return texts


def history_text(block: Mapping[str, Any]) -> str:
    """A block of a tool that ran elsewhere (a web search, code execution, an MCP
    call) as text, so the model still reads what happened."""
    kind = block["type"]
    if kind in ("server_tool_use", "mcp_tool_use"):
        arguments = json.dumps(block.get("input", {}), ensure_ascii=False, default=str)
        return f"[{kind} {block.get('name')}: {arguments}]"
    return "\n".join([f"[{kind}]", *_texts_in(block.get("content"))])


def _search_result(block: Mapping[str, Any], field: str) -> str:
    """A ``search_result`` block (retrieval results given to the model) as text."""
    source = _string(block.get("source"), f"{field}.source")
    title = _string(block.get("title", ""), f"{field}.title")
    content = _blocks(block.get("content", []), f"{field}.content")
    texts = [_text(part, f"{field}.content.{i}") for i, part in enumerate(content)]
    return "\n".join([f"Search result: {title} ({source})" if title else source, *texts])


def _is_history(kind: str) -> bool:
    return kind in _HISTORY_BLOCKS or (kind.endswith("_tool_result") and kind != "tool_result")


@dataclass(slots=True)
class _Decoder:
    """One request's translation: what was left out, and which deferred tools the
    conversation loaded."""

    dropped: list[str] = field(default_factory=list)
    referenced: set[str] = field(default_factory=set)

    def document(self, block: Mapping[str, Any], where: str) -> list[dict[str, Any]]:
        """A ``document`` block as parts: plain text (``text``, text/* ``base64``) and
        ``content`` sources are read; a PDF or a file becomes a note (and is named in
        ``dropped``)."""
        source = _object(block.get("source"), f"{where}.source")
        kind = source.get("type")
        title = block.get("title")
        heading = [title] if isinstance(title, str) and title else []
        context = block.get("context")
        heading += [context] if isinstance(context, str) and context else []
        if kind == "text":
            text = _string(source.get("data"), f"{where}.source.data")
            return [_text_part("\n\n".join([*heading, text]))]
        media = source.get("media_type")
        if kind == "base64" and isinstance(media, str) and media.startswith("text/"):
            data = _string(source.get("data"), f"{where}.source.data")
            try:
                text = base64.b64decode(data, validate=True).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                raise bad(f"{where}.source.data", "must be base64") from None
            return [_text_part("\n\n".join([*heading, text]))]
        if kind == "content":
            content = source.get("content")
            parts = [] if not heading else [_text_part("\n\n".join(heading))]
            for i, part in enumerate(_blocks(content, f"{where}.source.content")):
                inner = f"{where}.source.content.{i}"
                if part["type"] == "text":
                    parts.append(_text_part(_text(part, inner)))
                elif part["type"] == "image":
                    parts.append(image_url(part, inner))
                else:
                    raise bad(f"{inner}.type", "must be text or image")
            return parts
        if kind not in ("base64", "url", "file"):
            raise bad(f"{where}.source.type", "must be text, base64, url, content or file")
        self.dropped.append(where)
        name = f" {title!r}" if isinstance(title, str) and title else ""
        what = media if isinstance(media, str) else ("file" if kind == "file" else "PDF")
        return [_text_part(f"[document{name} ({what}) left out: this model cannot read it]")]

    def tool_result(
        self, block: Mapping[str, Any], where: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """A ``tool_result`` block → an OpenAI ``tool`` message, plus the images it
        carried (a tool message holds text only; they follow in a user message)."""
        call_id = _string(block.get("tool_use_id"), f"{where}.tool_use_id", empty=False)
        content = block.get("content", "")
        texts: list[str] = []
        images: list[dict[str, Any]] = []
        parts = [] if isinstance(content, str) else _blocks(content, f"{where}.content")
        if isinstance(content, str):
            texts.append(content)
        for i, part in enumerate(parts):
            inner, kind = f"{where}.content.{i}", part["type"]
            if kind == "text":
                texts.append(_text(part, inner))
            elif kind == "image":
                images.append(image_url(part, inner))
            elif kind == "document":
                for piece in self.document(part, inner):
                    if piece["type"] == "text":
                        texts.append(piece["text"])
                    else:
                        images.append(piece)
            elif kind == "search_result":
                texts.append(_search_result(part, inner))
            elif kind == "tool_reference":
                name = _string(part.get("tool_name"), f"{inner}.tool_name", empty=False)
                self.referenced.add(name)
                texts.append(f"Tool {name} is now available.")
            else:
                raise bad(f"{inner}.type", "must be text, image, document or search_result")
        is_error = block.get("is_error", False)
        if not isinstance(is_error, bool):
            raise bad(f"{where}.is_error", "must be a boolean")
        text = "\n".join(texts)
        if is_error:
            text = f"Error: {text}"
        return {"role": "tool", "tool_call_id": call_id, "content": text}, images

    def user(
        self, blocks: list[Mapping[str, Any]], field: str, *, last: bool
    ) -> list[dict[str, Any]]:
        """A user turn: its tool results first (as ``tool`` messages), then its text and
        images as one user message."""
        out: list[dict[str, Any]] = []
        parts: list[dict[str, Any]] = []
        unread: list[str] = []
        for i, block in enumerate(blocks):
            where, kind = f"{field}.{i}", block["type"]
            if kind == "text":
                parts.append(_text_part(_text(block, where)))
            elif kind == "image":
                parts.append(image_url(block, where))
            elif kind == "document":
                before = len(self.dropped)
                parts += self.document(block, where)
                unread += self.dropped[before:]
            elif kind == "search_result":
                parts.append(_text_part(_search_result(block, where)))
            elif kind == "tool_result":
                message, images = self.tool_result(block, where)
                out.append(message)
                parts.extend(images)
            elif kind == "container_upload":
                self.dropped.append(where)
            elif _is_history(kind):
                parts.append(_text_part(history_text(block)))
            elif kind in _DROPPED_BLOCKS:
                continue
            else:
                raise bad(
                    f"{where}.type",
                    "must be text, image, document, search_result or tool_result",
                )
        if last and unread and not out and len(unread) == len(parts):
            raise bad(
                f"{unread[0]}.source",
                "a PDF or file document cannot be read by a local model, and this "
                "message holds nothing else (send its text as a text document)",
            )
        if parts:
            out.append({"role": "user", "content": _joined(parts)})
        return out

    def assistant(self, blocks: list[Mapping[str, Any]], field: str) -> dict[str, Any]:
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
            elif _is_history(kind):
                texts.append(f"\n{history_text(block)}\n")
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

    def messages(self, value: object) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            raise bad("messages", "required, must be an array")
        if not value:
            raise bad("messages", "must contain at least one message")
        users = [
            i for i, m in enumerate(value) if isinstance(m, Mapping) and m.get("role") == "user"
        ]
        out: list[dict[str, Any]] = []
        for index, raw in enumerate(value):
            where = f"messages.{index}"
            message = _object(raw, where)
            role = message.get("role")
            content = f"{where}.content"
            blocks = _blocks(message.get("content"), content)
            if role == "user":
                if not blocks:
                    raise bad(content, "must not be empty")
                out += self.user(blocks, content, last=index == users[-1])
            elif role == "assistant":
                out.append(self.assistant(blocks, content))
            elif role == "system":
                text = system_text(blocks, content)
                if text:
                    out.append({"role": "system", "content": text})
            else:
                raise bad(f"{where}.role", "must be user, assistant or system")
        return out


def _joined(parts: list[dict[str, Any]]) -> str | list[dict[str, Any]]:
    """Text-only content as one string (what every classifier and backend reads best);
    parts when an image is among them."""
    if all(part["type"] == "text" for part in parts):
        return "\n\n".join(part["text"] for part in parts)
    return parts


def system_text(blocks: list[Mapping[str, Any]], field: str) -> str:
    """System content (text blocks; ``cache_control`` ignored) as one string."""
    for i, block in enumerate(blocks):
        if block["type"] != "text":
            raise bad(f"{field}.{i}.type", "must be text")
    return "\n\n".join(_text(block, f"{field}.{i}") for i, block in enumerate(blocks))


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


def _offer_tools(body: Mapping[str, Any], referenced: set[str], out: dict[str, Any]) -> list[str]:
    """``tools`` and ``tool_choice`` into ``out``; the tool entries left out."""
    dropped: list[str] = []
    if body.get("tools") is not None:
        tools = decode_tools(body["tools"])
        dropped += tools.dropped
        offered = tools.offered(referenced)
        if offered:
            out["tools"] = offered
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
    return dropped


def _budget_effort(budget: int) -> str:
    """A thinking budget as an effort (Claude Code's "think hard" bands)."""
    if budget < 4096:
        return "low"
    return "medium" if budget < 16384 else "high"


def _reasoning(body: Mapping[str, Any], dropped: list[str]) -> str | None:
    """``reasoning_effort`` for ``thinking`` and ``output_config.effort``."""
    kind: object = None
    budget: int | None = None
    if body.get("thinking") is not None:
        thinking = _object(body["thinking"], "thinking")
        kind = _string(thinking.get("type"), "thinking.type")
        if thinking.get("budget_tokens") is not None:
            budget = thinking["budget_tokens"]
            if isinstance(budget, bool) or not isinstance(budget, int) or budget < 0:
                raise bad("thinking.budget_tokens", "must be an integer of at least 0")
        if kind == "disabled":
            return "none"
        if kind not in ("enabled", "adaptive"):
            dropped.append("thinking")
    effort: str | None = None
    config = body.get("output_config")
    if config is not None and _object(config, "output_config").get("effort") is not None:
        effort = _string(config["effort"], "output_config.effort")
        if effort not in _EFFORTS:
            dropped.append("output_config.effort")
            effort = None
    if effort is None and kind == "enabled" and budget is not None:
        return _budget_effort(budget)
    return effort


def _response_format(body: Mapping[str, Any], dropped: list[str]) -> dict[str, Any] | None:
    """``output_config.format`` (or the older top-level ``output_format``) with a JSON
    schema as the OpenAI ``response_format``."""
    config = body.get("output_config")
    where, value = "output_config.format", None
    if isinstance(config, Mapping):
        value = config.get("format")
    if value is None:
        where, value = "output_format", body.get("output_format")
    if value is None:
        return None
    fmt = _object(value, where)
    if fmt.get("type") != "json_schema":
        dropped.append(where)
        return None
    schema = _object(fmt.get("schema"), f"{where}.schema")
    return {"type": "json_schema", "json_schema": {"name": "output", "schema": dict(schema)}}


def _user_id(value: object) -> str | None:
    if value is None:
        return None
    metadata = _object(value, "metadata")
    user = metadata.get("user_id")
    if user is None:
        return None
    return _string(user, "metadata.user_id")


@dataclass(frozen=True, slots=True)
class MessagesRequest:
    """A Messages request, decoded."""

    chat: dict[str, Any]
    """The OpenAI chat body the pipeline runs."""
    dropped: tuple[str, ...] = ()
    """Fields and blocks left out that change the answer (``x-router-dropped-fields``)."""
    user_id: str | None = None
    """``metadata.user_id`` (Claude Code puts its session there)."""


def decode(body: Mapping[str, Any], aliases: Mapping[str, str]) -> MessagesRequest:
    """The decoded Messages request; 400 naming the first bad field.

    ``aliases`` is ``faces.anthropic.modelMap`` (``claude-*`` → ``auto`` by default)."""
    model = _string(body.get("model"), "model", empty=False)
    out: dict[str, Any] = {"model": model_alias(model, aliases)}
    limits = sampling.chat_sampling(body, limit="max_tokens", required=True)
    out["max_tokens"] = limits.pop("max_tokens")
    decoder = _Decoder()
    messages = decoder.messages(body.get("messages"))
    system = ""
    if body.get("system") is not None:
        value = body["system"]
        system = (
            value if isinstance(value, str) else system_text(_blocks(value, "system"), "system")
        )
    out["messages"] = [{"role": "system", "content": system}, *messages] if system else messages
    dropped = decoder.dropped
    dropped += _offer_tools(body, decoder.referenced, out)
    if body.get("stop_sequences") is not None:
        stops = body["stop_sequences"]
        if not isinstance(stops, list):
            raise bad("stop_sequences", "must be an array of strings")
        out["stop"] = [_string(s, f"stop_sequences.{i}") for i, s in enumerate(stops)]
    if limits.pop("top_k", None) is not None:
        dropped.append("top_k")  # checked, then dropped: Ollama's /v1 has no top_k
    out.update(limits)
    effort = _reasoning(body, dropped)
    if effort is not None:
        out["reasoning_effort"] = effort
    response_format = _response_format(body, dropped)
    if response_format is not None:
        out["response_format"] = response_format
    user_id = _user_id(body.get("metadata"))
    dropped += [name for name in _DROPPED_FIELDS if body.get(name) not in (None, [], {})]
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise bad("stream", "must be a boolean")
    if stream:
        out["stream"] = True
        out["stream_options"] = {"include_usage": True}
    if "router" in body:
        out["router"] = body["router"]
    return MessagesRequest(out, tuple(dropped), user_id)


def chat_body(body: Mapping[str, Any], aliases: Mapping[str, str]) -> dict[str, Any]:
    """The OpenAI chat body of a Messages request (``decode(...).chat``)."""
    return decode(body, aliases).chat


def count_body(body: Mapping[str, Any], aliases: Mapping[str, str]) -> dict[str, Any]:
    """The chat body a ``count_tokens`` request would run: the same translation, with
    ``max_tokens`` (not part of that request) taken as one."""
    return chat_body({**body, "max_tokens": 1, "stream": False}, aliases)
