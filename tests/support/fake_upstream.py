"""A scripted in-process ``Upstream`` (``service.upstream``): no sockets, no simulator.

Each model's chat calls follow a script of steps, one step per call in order; the last
step repeats (an unscripted model always answers). Every chat call is recorded (which
entry point, the model, the body it received), in the order it arrived.

    upstream = FakeUpstream({"a": [fail(refused)], "b": answer("hi")})
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ollama_agent_router.backend.ollama.errors import (
    OllamaHTTPError,
    OllamaProtocolError,
    OllamaStreamError,
    OllamaTimeout,
    OllamaUnavailable,
)
from ollama_agent_router.backend.ollama.models import PsModel

ErrorFactory = Callable[[], BaseException]
"""Builds the exception a step raises: a fresh one per call, as a real client would."""


# -- backend errors, as the Ollama client raises them ------------------------------------


def refused() -> BaseException:
    return OllamaUnavailable("connection refused")


def timed_out() -> BaseException:
    return OllamaTimeout("ollama did not answer in time")


def http(status: int, message: str = "boom", retry_after: str | None = None) -> ErrorFactory:
    body = json.dumps({"error": message})
    return lambda: OllamaHTTPError(status, body, retry_after=retry_after)


server_error = http(500, "runner crashed")
rate_limited = http(429, "rate limited", retry_after="7")
busy = http(503, "server busy, please try again later", retry_after="3")
not_found = http(404, 'model "x" not found, try pulling it first')
no_tools = http(400, '"x" does not support tools')
bad_request = http(400, "invalid options")


def bad_json() -> BaseException:
    return OllamaProtocolError("ollama sent an answer that is not JSON")


def stream_broke() -> BaseException:
    return OllamaStreamError("ollama stream ended early")


# -- steps -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """A whole answer: a completion, or a stream of its events then ``[DONE]``."""

    text: str = "ok"
    delay_s: float = 0.0
    """Answer only after this long (a slow model)."""


@dataclass(frozen=True, slots=True)
class Fail:
    """The call fails at once (a stream: before its first chunk)."""

    error: ErrorFactory


@dataclass(frozen=True, slots=True)
class Hang:
    """Never answers (a stream: never sends its first chunk) until cancelled."""


@dataclass(frozen=True, slots=True)
class Break:
    """A stream that sends ``after`` chunks, then fails (a completion just fails)."""

    after: int
    error: ErrorFactory = stream_broke


Step = Answer | Fail | Hang | Break
CallKind = Literal["chat_raw", "chat_json", "chat_stream"]


def answer(text: str = "ok", delay_s: float = 0.0) -> Answer:
    return Answer(text, delay_s)


def fail(error: ErrorFactory) -> Fail:
    return Fail(error)


HANG = Hang()


@dataclass(frozen=True, slots=True)
class Call:
    """One chat call the fake received."""

    kind: CallKind
    model: str
    body: dict[str, Any]


@dataclass
class FakeUpstream:
    """The ``Upstream`` protocol with chat scripted per model (see the module doc)."""

    script: Mapping[str, Step | Sequence[Step]] = field(default_factory=dict)
    loaded: Sequence[str] = ()
    """What ``ps`` reports loaded (fully on the GPU): the live state's resident models."""
    calls: list[Call] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    """Models whose call was cancelled while it hung or answered slowly (a time limit)."""
    _used: dict[str, int] = field(default_factory=dict)

    # -- what a test reads ---------------------------------------------------------------

    @property
    def models(self) -> list[str]:
        """The models called, in order."""
        return [call.model for call in self.calls]

    # -- the script ----------------------------------------------------------------------

    def _next(self, kind: CallKind, body: dict[str, Any]) -> tuple[str, Step]:
        model = str(body.get("model"))
        self.calls.append(Call(kind, model, dict(body)))
        steps = self.script.get(model, Answer())
        if not isinstance(steps, Sequence):
            return model, steps
        index = self._used.get(model, 0)
        self._used[model] = index + 1
        return model, steps[min(index, len(steps) - 1)]

    async def _wait(self, model: str, step: Step) -> None:
        try:
            if isinstance(step, Hang):
                await asyncio.Event().wait()
            elif isinstance(step, Answer) and step.delay_s:
                await asyncio.sleep(step.delay_s)
        except asyncio.CancelledError:
            self.cancelled.append(model)
            raise

    async def _completion(self, kind: CallKind, body: dict[str, Any]) -> dict[str, Any]:
        model, step = self._next(kind, body)
        await self._wait(model, step)
        if isinstance(step, Fail | Break):
            raise step.error()
        assert isinstance(step, Answer)
        return completion(model, step.text)

    # -- Upstream: chat ------------------------------------------------------------------

    async def chat_raw(self, payload: dict[str, Any]) -> bytes:
        return json.dumps(await self._completion("chat_raw", payload)).encode()

    async def chat_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = await self._completion("chat_json", payload)
        return result

    def chat_stream(self, payload: dict[str, Any]) -> AsyncIterator[bytes]:
        model, step = self._next("chat_stream", payload)
        return self._stream(model, step)

    async def _stream(self, model: str, step: Step) -> AsyncIterator[bytes]:
        await self._wait(model, step)
        if isinstance(step, Fail):
            raise step.error()
        if isinstance(step, Break):
            for piece in range(step.after):
                yield sse(model, {"content": f"piece {piece}"})
            raise step.error()
        assert isinstance(step, Answer)
        for event in stream_events(model, step.text):
            yield event

    # -- Upstream: the rest (quiet defaults) ---------------------------------------------

    async def post_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        raise NotImplementedError(f"post_native {path}")

    def stream_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        raise NotImplementedError(f"stream_native {path}")

    async def get_native(self, path: str, *, timeout_ms: int | None = None) -> dict[str, Any]:
        raise NotImplementedError(f"get_native {path}")

    async def embed(
        self, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        raise NotImplementedError("embed")

    async def tags(self, *, timeout_ms: int | None = None) -> dict[str, Any]:
        return {"models": []}

    async def show(self, model: str, *, timeout_ms: int | None = None) -> dict[str, Any]:
        return {}  # nothing known: routing allows an unknown model

    async def ps(self, *, timeout_ms: int | None = None) -> list[PsModel]:
        size = 4 * 1024**3
        return [PsModel(name=name, size=size, size_vram=size) for name in self.loaded]

    async def version(self, *, timeout_ms: int | None = None) -> str:
        return "0.0.0-fake"

    async def probe(self, *, timeout_ms: int | None = None) -> bool:
        return True

    async def aclose(self) -> None:
        return None


# -- wire shapes -------------------------------------------------------------------------


def completion(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


def sse(model: str, delta: dict[str, Any], finish: str | None = None) -> bytes:
    chunk = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"


def stream_events(model: str, text: str) -> list[bytes]:
    return [
        sse(model, {"role": "assistant", "content": ""}),
        sse(model, {"content": text}),
        sse(model, {}, "stop"),
        b"data: [DONE]\n\n",
    ]
