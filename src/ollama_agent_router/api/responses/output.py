"""OpenAI chat answers → OpenAI Responses answers (pure).

``response_of`` turns a chat completion into a response object; ``ResponseEvents`` is
the state machine that turns chat completion chunks into the Responses event stream
(``response.created`` … ``response.output_text.delta`` … ``response.completed``),
numbering every event and keeping the response it builds, so the one that is stored
or reported on failure is the one the client saw.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from ollama_agent_router.api.responses.tools import ToolSet, custom_input
from ollama_agent_router.errors import RouterError
from ollama_agent_router.sse import sse_event

IdMaker = Callable[[str], str]


def new_id(prefix: str) -> str:
    """An id in OpenAI's style (``resp_…``, ``msg_…``, ``fc_…``)."""
    return f"{prefix}_{secrets.token_hex(16)}"


def skeleton(
    response_id: str, created_at: int, model: str, echo: Mapping[str, Any]
) -> dict[str, Any]:
    """The response object before any output: what ``response.created`` carries."""
    return {
        "id": response_id,
        "object": "response",
        "created_at": created_at,
        "status": "in_progress",
        "background": False,
        "error": None,
        "incomplete_details": None,
        **echo,
        "model": model,
        "output": [],
        "usage": None,
        "user": None,
    }


def usage_of(raw: object) -> dict[str, Any]:
    """Chat ``usage`` in the Responses shape (zeros when the backend sent none)."""
    usage = raw if isinstance(raw, Mapping) else {}
    prompt = _count(usage.get("prompt_tokens"))
    completion = _count(usage.get("completion_tokens"))
    return {
        "input_tokens": prompt,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": completion,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": prompt + completion,
    }


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def text_item(item_id: str, text: str, status: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "message",
        "status": status,
        "role": "assistant",
        "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}],
    }


def call_item(item_id: str, call_id: str, name: str, arguments: str, status: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "function_call",
        "status": status,
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
    }


def tool_call_item(
    ids: IdMaker, call_id: str, name: str, arguments: str, *, tools: ToolSet, status: str
) -> dict[str, Any]:
    """A ``function_call`` item, or a ``custom_tool_call`` for a custom tool (whose
    free-form input is the ``input`` argument of its function form), for a call of the
    model to ``name``; a tool of a namespace is named as the client knows it."""
    client_name, namespace = tools.client_name(name)
    if name not in tools.custom:
        item = call_item(ids("fc"), call_id, client_name, arguments, status)
    else:
        item = {
            "id": ids("ctc"),
            "type": "custom_tool_call",
            "status": status,
            "call_id": call_id,
            "name": client_name,
            "input": custom_input(arguments) if arguments else "",
        }
    if namespace is not None:
        item["namespace"] = namespace
    return item


def finished(response: dict[str, Any], finish_reason: object, usage: object, now: int) -> None:
    """Mark ``response`` done: ``length`` makes it incomplete (max_output_tokens)."""
    incomplete = finish_reason == "length"
    response["status"] = "incomplete" if incomplete else "completed"
    response["incomplete_details"] = {"reason": "max_output_tokens"} if incomplete else None
    response["completed_at"] = now
    response["usage"] = usage_of(usage)


def response_of(
    completion: Mapping[str, Any],
    base: dict[str, Any],
    *,
    now: int,
    tools: ToolSet | None = None,
    ids: IdMaker = new_id,
) -> dict[str, Any]:
    """The response object of a chat completion; ``base`` is its ``skeleton``;
    ``tools`` the request's (custom tools' calls and namespaces' are told apart)."""
    tools = tools or ToolSet()
    choices = completion.get("choices")
    choice = choices[0] if isinstance(choices, list) and choices else None
    message = choice.get("message") if isinstance(choice, Mapping) else None
    if not isinstance(message, Mapping):
        raise RouterError(
            "the backend answered without a message", status=502, code="upstream_error"
        )
    assert isinstance(choice, Mapping)
    response = {**base, "output": []}
    incomplete = choice.get("finish_reason") == "length"
    content = message.get("content")
    calls = message.get("tool_calls")
    calls = calls if isinstance(calls, list) else []
    text = content if isinstance(content, str) else ""
    if text or not calls:
        status = "incomplete" if incomplete else "completed"
        response["output"].append(text_item(ids("msg"), text, status))
    for call in calls:
        function = call.get("function") if isinstance(call, Mapping) else None
        if not isinstance(function, Mapping):
            continue
        call_id = call.get("id") if isinstance(call.get("id"), str) else ids("call")
        name = str(function.get("name") or "")
        arguments = arguments_text(function.get("arguments"))
        response["output"].append(
            tool_call_item(ids, str(call_id), name, arguments, tools=tools, status="completed")
        )
    finished(response, choice.get("finish_reason"), completion.get("usage"), now)
    return response


def arguments_text(raw: object) -> str:
    """Tool call arguments as the JSON text Responses carries (some backends send an
    object)."""
    if isinstance(raw, str):
        return raw
    return json.dumps(raw if raw is not None else {})


def sse(event: Mapping[str, Any]) -> bytes:
    """One event with its ``event: <type>`` line."""
    return sse_event(event, named=True)


class ResponseEvents:
    """Chat completion chunks in, Responses SSE bytes out.

    ``start`` → ``feed`` per chunk → ``finish`` (or ``failed`` when the backend broke).
    A text message item opens at the first text and closes when a tool call starts;
    function call items stay open (arguments may stream) until the end.
    """

    def __init__(
        self,
        response: dict[str, Any],
        *,
        now: Callable[[], int],
        tools: ToolSet | None = None,
        ids: IdMaker = new_id,
    ):
        self.response = response
        self._tools = tools or ToolSet()
        self._arguments: dict[int, str] = {}
        """Each call's arguments so far (a custom call's input is known at its end)."""
        self._now = now
        self._ids = ids
        self._sequence = 0
        self._text: dict[str, Any] | None = None
        self._calls: dict[int, dict[str, Any]] = {}
        self._finish_reason: object = None
        self._usage: object = None

    def _event(self, kind: str, **fields: Any) -> bytes:
        event = {"type": kind, "sequence_number": self._sequence, **fields}
        self._sequence += 1
        return sse(event)

    def _position(self, item: dict[str, Any]) -> int:
        return next(i for i, known in enumerate(self.response["output"]) if known is item)

    def start(self) -> bytes:
        return self._event("response.created", response=self.response) + self._event(
            "response.in_progress", response=self.response
        )

    def feed(self, chunk: Mapping[str, Any]) -> bytes:
        if chunk.get("usage"):
            self._usage = chunk["usage"]
        choices = chunk.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], Mapping):
            return b""
        choice = choices[0]
        if choice.get("finish_reason"):
            self._finish_reason = choice["finish_reason"]
        delta = choice.get("delta")
        if not isinstance(delta, Mapping):
            return b""
        out = b""
        content = delta.get("content")
        if isinstance(content, str) and content:
            out += self._text_delta(content)
        calls = delta.get("tool_calls")
        for call in calls if isinstance(calls, list) else []:
            if isinstance(call, Mapping):
                out += self._call_delta(call)
        return out

    def _text_delta(self, text: str) -> bytes:
        out = self._open_text()
        assert self._text is not None
        self._text["content"][0]["text"] += text
        return out + self._event(
            "response.output_text.delta",
            item_id=self._text["id"],
            output_index=self._position(self._text),
            content_index=0,
            delta=text,
            logprobs=[],
        )

    def _open_text(self) -> bytes:
        out = b""
        if self._text is None:
            self._text = text_item(self._ids("msg"), "", "in_progress")
            self._text["content"] = []
            self.response["output"].append(self._text)
            index = len(self.response["output"]) - 1
            part = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
            out += self._event("response.output_item.added", output_index=index, item=self._text)
            out += self._event(
                "response.content_part.added",
                item_id=self._text["id"],
                output_index=index,
                content_index=0,
                part=part,
            )
            self._text["content"].append(dict(part))
        return out

    def _call_delta(self, call: Mapping[str, Any]) -> bytes:
        index = call.get("index", len(self._calls))
        index = index if isinstance(index, int) else len(self._calls)
        function = call.get("function")
        function = function if isinstance(function, Mapping) else {}
        out = b""
        item = self._calls.get(index)
        if item is None:
            out += self._close_text()
            call_id = call.get("id") if isinstance(call.get("id"), str) else self._ids("call")
            name = str(function.get("name") if isinstance(function.get("name"), str) else "")
            item = tool_call_item(
                self._ids, str(call_id), name, "", tools=self._tools, status="in_progress"
            )
            self._calls[index] = item
            self._arguments[index] = ""
            self.response["output"].append(item)
            out += self._event(
                "response.output_item.added", output_index=self._position(item), item=item
            )
        arguments = function.get("arguments")
        piece = arguments_text(arguments) if arguments is not None else ""
        self._arguments[index] += piece
        if piece and item["type"] == "function_call":
            item["arguments"] += piece
            out += self._event(
                "response.function_call_arguments.delta",
                item_id=item["id"],
                output_index=self._position(item),
                delta=piece,
            )
        return out

    def _close_text(self) -> bytes:
        item, self._text = self._text, None
        if item is None:
            return b""
        index = self._position(item)
        part = item["content"][0]
        item["status"] = "incomplete" if self._finish_reason == "length" else "completed"
        common = {"item_id": item["id"], "output_index": index, "content_index": 0}
        return (
            self._event("response.output_text.done", **common, text=part["text"], logprobs=[])
            + self._event("response.content_part.done", **common, part=part)
            + self._event("response.output_item.done", output_index=index, item=item)
        )

    def _close_call(self, item: dict[str, Any], arguments: str) -> bytes:
        index = self._position(item)
        item["status"] = "completed"
        if item["type"] == "custom_tool_call":
            item["input"] = custom_input(arguments)
            common = {"item_id": item["id"], "output_index": index}
            delta = (
                self._event("response.custom_tool_call_input.delta", **common, delta=item["input"])
                if item["input"]
                else b""
            )
            return (
                delta
                + self._event("response.custom_tool_call_input.done", **common, input=item["input"])
                + self._event("response.output_item.done", output_index=index, item=item)
            )
        return self._event(
            "response.function_call_arguments.done",
            item_id=item["id"],
            output_index=index,
            arguments=item["arguments"],
        ) + self._event("response.output_item.done", output_index=index, item=item)

    def finish(self) -> bytes:
        """Close every open item and end with ``response.completed`` (or
        ``response.incomplete`` when the answer hit ``max_output_tokens``)."""
        out = b""
        if not self.response["output"]:
            out += self._open_text()  # an empty answer is still one (empty) message
        out += self._close_text()
        for index, item in self._calls.items():
            out += self._close_call(item, self._arguments[index])
        self._calls = {}
        finished(self.response, self._finish_reason, self._usage, self._now())
        kind = (
            "response.incomplete"
            if self.response["status"] == "incomplete"
            else "response.completed"
        )
        return out + self._event(kind, response=self.response)

    def failed(self, message: str) -> bytes:
        """``response.failed``: the backend broke mid-stream; the output so far stays."""
        self.response["status"] = "failed"
        self.response["error"] = {"code": "server_error", "message": message}
        return self._event("response.failed", response=self.response)
