"""What the router remembers of each session, and of each model's prompt-cache slots.

Per session: the model and task of its last turn and the prompt prefix it sent there.
Per model: the sessions whose prompts its slots hold, most recent first — Ollama's
runner puts a request in the slot sharing the longest prefix, else the least recently
used one, so with ``slots`` slots only the last ``slots`` sessions served there are still
warm; an older one will re-process its whole prompt. ``view`` turns both into the
``SessionView`` routing prices prompts by.

Bounded: at most ``max_sessions`` (least recently used go first) and ``ttl_s`` of
idleness; a session is its owner's (the key is hashed with it). ``SessionBook`` keeps
them in memory, per router process; ``runtime.sessions_redis.RedisSessionBook`` keeps
them in Redis, shared by every router on it. Both answer the ``Sessions`` contract.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ollama_agent_router.routing.session import (
    SessionKey,
    SessionView,
    shared_prefix_tokens,
)

Digests = tuple[tuple[str, int], ...]


@dataclass(slots=True)
class _Session:
    model: str
    task_type: str
    digests: Digests
    last_seen: float
    turns: int = 1
    moves: int = 0


@dataclass(slots=True)
class _Slots:
    """The sessions a model's slots hold, least recently served first."""

    held: OrderedDict[str, Digests] = field(default_factory=OrderedDict)


class Sessions(Protocol):
    """What the gateway needs of a session book, in memory or shared."""

    moves: dict[str, int]
    cache_misses: dict[str, int]
    on_count: Callable[[str, str], None] | None

    async def view(self, key: SessionKey, digests: Digests) -> SessionView:
        """The session of a request about to be routed (a new one when unknown)."""
        ...

    def served(
        self, view: SessionView, model: str, task_type: str, digests: Digests
    ) -> tuple[bool, int]:
        """The turn ran on ``model``: remember it (a shared book may write it after
        answering). Whether it stayed on the session's model, and the prompt tokens it
        is expected to have found cached (both from ``view``: no I/O)."""
        ...

    def count_move(self, reason: str) -> None: ...

    def count_miss(self, reason: str) -> None: ...

    async def flush(self) -> None:
        """Until every ``served`` so far is stored."""
        ...

    async def refresh(self) -> None:
        """Bring what ``as_dict`` and ``active`` show up to date (status reads)."""
        ...

    def active(self, within_s: float = 600.0) -> list[dict[str, Any]]: ...

    def as_dict(self) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


def outcome(view: SessionView, model: str) -> tuple[bool, int]:
    """Whether a turn routed with ``view`` that ran on ``model`` stayed on its session's
    model, and the prompt tokens it is expected to have found cached there."""
    return view.model is None or view.model == model, view.cached_tokens.get(model, 0)


class Counts:
    """Turns that moved or missed the cache: per router process, like every metric."""

    def __init__(self, on_count: Callable[[str, str], None] | None = None) -> None:
        self.moves: dict[str, int] = {}
        """Turns that left their session's model, by reason."""
        self.cache_misses: dict[str, int] = {}
        """Turns expected to re-process their prompt, by reason."""
        self.on_count: Callable[[str, str], None] | None = on_count
        """Told ("move" | "miss", reason) for metrics."""

    def count_move(self, reason: str) -> None:
        self.moves[reason] = self.moves.get(reason, 0) + 1
        if self.on_count is not None:
            self.on_count("move", reason)

    def count_miss(self, reason: str) -> None:
        self.cache_misses[reason] = self.cache_misses.get(reason, 0) + 1
        if self.on_count is not None:
            self.on_count("miss", reason)


class SessionBook(Counts):
    """Sessions and slots (see the module doc) in memory; everything runs on the event
    loop, and nothing in it awaits."""

    def __init__(
        self,
        *,
        slots: Callable[[str], int],
        max_sessions: int = 10_000,
        ttl_s: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
        on_count: Callable[[str, str], None] | None = None,
    ) -> None:
        super().__init__(on_count)
        self._slots = slots
        self._max = max_sessions
        self._ttl_s = ttl_s
        self._clock = clock
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self._models: dict[str, _Slots] = {}

    async def view(self, key: SessionKey, digests: Digests) -> SessionView:
        """The session of a request about to be routed (a new one when unknown)."""
        own = key.id
        session = self._live(own)
        cached: dict[str, int] = {}
        evicts: dict[str, int] = {}
        warm: dict[str, int] = {}
        for model, slots in self._models.items():
            held = slots.held.get(own)
            if held is not None:
                cached[model] = shared_prefix_tokens(held, digests)
                if len(slots.held) == 1:
                    continue  # its slots hold this session only: nobody else is warm there
            elif len(slots.held) >= max(1, self._slots(model)):
                evicts[model] = self._warm_tokens(next(iter(slots.held)))
            others = sum(self._warm_tokens(other) for other in slots.held if other != own)
            if others:
                warm[model] = others
        if session is None:
            return SessionView(key, cached_tokens=cached, evicts=evicts, warm=warm)
        return SessionView(
            key, session.model, session.task_type, cached, session.turns, evicts, warm
        )

    def _warm_tokens(self, key: str, within_s: float = 600.0) -> int:
        """The prompt of a session still active, that a turn taking its slot would make
        it re-process (0 when it has gone quiet)."""
        session = self._sessions.get(key)
        if session is None or self._clock() - session.last_seen > within_s:
            return 0
        return session.digests[-1][1] if session.digests else 0

    def served(
        self, view: SessionView, model: str, task_type: str, digests: Digests
    ) -> tuple[bool, int]:
        """The turn ran on ``model``: remember it. Answers whether it stayed on the
        session's model and the prompt tokens it is expected to have found cached."""
        now = self._clock()
        key = view.key.id
        stayed, cached = outcome(view, model)
        session = self._sessions.pop(key, None)
        if session is None:
            session = _Session(model, task_type, digests, now, turns=0)
        if not stayed:
            session.moves += 1
        session.model, session.task_type, session.digests = model, task_type, digests
        session.last_seen = now
        session.turns += 1
        self._sessions[key] = session
        slots = self._models.get(model)
        if slots is None:  # not setdefault: that builds a _Slots for every turn
            slots = self._models[model] = _Slots()
        slots.held.pop(key, None)
        slots.held[key] = digests
        while len(slots.held) > max(1, self._slots(model)):
            slots.held.popitem(last=False)  # its slot went to a later session
        if len(self._sessions) > self._max:
            self._drop(next(iter(self._sessions)))
        return stayed, cached

    async def flush(self) -> None:
        """Nothing to wait for: ``served`` remembers at once."""

    async def refresh(self) -> None:
        """Nothing to fetch: ``active`` reads the book itself."""

    async def aclose(self) -> None:
        """Nothing to close."""

    def active(self, within_s: float = 600.0) -> list[dict[str, Any]]:
        """Sessions seen within ``within_s``, most recent first (status, ``/ui``)."""
        now = self._clock()
        out = []
        for key, session in reversed(self._sessions.items()):
            if now - session.last_seen > within_s:
                break
            out.append(
                {
                    "id": key,
                    "model": session.model,
                    "taskType": session.task_type,
                    "turns": session.turns,
                    "moves": session.moves,
                    "promptTokens": session.digests[-1][1] if session.digests else 0,
                    "idleS": round(now - session.last_seen, 1),
                }
            )
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "store": "memory",
            "tracked": len(self._sessions),
            "moves": dict(self.moves),
            "cacheMisses": dict(self.cache_misses),
            "active": self.active(),
        }

    def _live(self, key: str) -> _Session | None:
        session = self._sessions.get(key)
        if session is None:
            return None
        if self._clock() - session.last_seen > self._ttl_s:
            self._drop(key)
            return None
        return session

    def _drop(self, key: str) -> None:
        self._sessions.pop(key, None)
        for slots in self._models.values():
            slots.held.pop(key, None)


def slot_counts(footprints: Callable[[], Mapping[str, Any]]) -> Callable[[str], int]:
    """Each model's slots from the residency tracker's footprints (``parallel``)."""

    def slots(model: str) -> int:
        footprint = footprints().get(model)
        return int(getattr(footprint, "parallel", 1)) if footprint is not None else 1

    return slots
