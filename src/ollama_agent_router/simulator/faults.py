"""Faults injected on demand: refuse, delay, HTTP error, cut stream, hang.

A fault can be limited to one model, to some paths and to the next N requests, which is
what a fallback test needs ("the first candidate fails, the second answers").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ollama_agent_router.simulator.names import full_name

#: Paths a fault applies to when it names none: the ones that run a model.
INFERENCE_PATHS: tuple[str, ...] = (
    "/api/chat",
    "/api/generate",
    "/api/embed",
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/embeddings",
)


#: Ollama's message when a runner fails mid-request.
RUNNER_ERROR = "an error was encountered while running the model"


class FaultKind(StrEnum):
    #: Close the connection without writing a byte.
    REFUSE = "refuse"
    #: Wait ``delay_ms`` before handling the request normally.
    DELAY = "delay"
    #: Answer with an HTTP error status (500 by default).
    ERROR = "error"
    #: Stop a stream after ``after_chunks`` chunks, the way Ollama does mid-stream.
    CUT = "cut"
    #: Never answer; wait until the client gives up.
    HANG = "hang"


@dataclass(frozen=True, slots=True)
class FaultSpec:
    """What to break, for whom, and how many times (None = until cleared)."""

    kind: FaultKind
    model: str | None = None
    times: int | None = None
    delay_ms: int = 0
    after_chunks: int = 1
    status: int = 500
    message: str = RUNNER_ERROR
    paths: tuple[str, ...] = INFERENCE_PATHS

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "model": self.model,
            "times": self.times,
            "delayMs": self.delay_ms,
            "afterChunks": self.after_chunks,
            "status": self.status,
            "message": self.message,
            "paths": list(self.paths),
        }


def parse_fault(text: str) -> FaultSpec:
    """Parse the flag form: ``KIND[=VALUE][,model=NAME][,times=N][,path=/api/x]``.

    ``500`` (any 4xx/5xx) is short for ``error=500``; ``delay=200`` is milliseconds;
    ``cut=3`` cuts after three chunks.
    """
    head, *opts = [part.strip() for part in text.split(",") if part.strip()]
    if not head:
        raise ValueError("empty fault")
    kind_text, _, value = head.partition("=")
    fields: dict[str, Any] = {}
    if kind_text.isdigit():
        fields["kind"], fields["status"] = FaultKind.ERROR, int(kind_text)
    else:
        try:
            fields["kind"] = FaultKind(kind_text.lower())
        except ValueError:
            choices = ", ".join(k.value for k in FaultKind)
            raise ValueError(
                f"unknown fault {kind_text!r} (one of {choices}, or a status)"
            ) from None
        if value:
            target = {
                FaultKind.DELAY: "delay_ms",
                FaultKind.ERROR: "status",
                FaultKind.CUT: "after_chunks",
            }.get(fields["kind"])
            if target is None:
                raise ValueError(f"fault {kind_text!r} takes no value")
            fields[target] = _int(value, text)
    paths: list[str] = []
    for opt in opts:
        key, _, val = opt.partition("=")
        if key == "model":
            fields["model"] = val
        elif key == "times":
            fields["times"] = _int(val, text)
        elif key == "path":
            paths.append(val)
        else:
            raise ValueError(f"unknown fault option {key!r} in {text!r}")
    if paths:
        fields["paths"] = tuple(paths)
    return fault_from_fields(**fields)


def fault_from_json(body: dict[str, Any]) -> FaultSpec:
    """Build a fault from the control API's JSON (camelCase keys, or a ``spec`` string)."""
    if isinstance(body.get("spec"), str):
        return parse_fault(body["spec"])
    kind_value = str(body.get("kind", ""))
    if kind_value.isdigit():
        body = {**body, "kind": "error", "status": int(kind_value)}
    try:
        kind = FaultKind(str(body.get("kind", "")).lower())
    except ValueError:
        raise ValueError(f"unknown fault kind {body.get('kind')!r}") from None
    paths = body.get("paths")
    return fault_from_fields(
        kind=kind,
        model=body.get("model"),
        times=body.get("times"),
        delay_ms=int(body.get("delayMs", 0)),
        after_chunks=int(body.get("afterChunks", 1)),
        status=int(body.get("status", 500)),
        message=str(body.get("message", RUNNER_ERROR)),
        paths=tuple(paths) if isinstance(paths, list) else INFERENCE_PATHS,
    )


def fault_from_fields(**fields: Any) -> FaultSpec:
    spec = FaultSpec(**fields)
    if spec.times is not None and spec.times < 1:
        raise ValueError("times must be at least 1")
    if spec.kind is FaultKind.ERROR and not 400 <= spec.status <= 599:
        raise ValueError("an error fault needs a 4xx or 5xx status")
    if spec.delay_ms < 0 or spec.after_chunks < 0:
        raise ValueError("delay and chunk counts cannot be negative")
    return spec


def _int(value: str, text: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"expected an integer in {text!r}") from None


@dataclass(slots=True)
class ActiveFault:
    id: int
    spec: FaultSpec
    remaining: int | None
    model_key: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **self.spec.to_json(), "remaining": self.remaining}


@dataclass(slots=True)
class FaultBook:
    """The faults in force; ``take`` consumes one use of each fault that matches."""

    faults: list[ActiveFault] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add(self, spec: FaultSpec) -> ActiveFault:
        fault = ActiveFault(
            id=next(self._ids),
            spec=spec,
            remaining=spec.times,
            model_key=full_name(spec.model) if spec.model else None,
        )
        self.faults.append(fault)
        return fault

    def clear(self) -> None:
        self.faults.clear()

    def take(self, path: str, model_key: str | None) -> list[FaultSpec]:
        """The faults that hit this request, oldest first; used-up ones are dropped."""
        hits: list[FaultSpec] = []
        for fault in self.faults:
            if fault.model_key is not None and fault.model_key != model_key:
                continue
            if not path.startswith(fault.spec.paths):
                continue
            hits.append(fault.spec)
            if fault.remaining is not None:
                fault.remaining -= 1
        if hits:
            self.faults = [f for f in self.faults if f.remaining is None or f.remaining > 0]
        return hits
