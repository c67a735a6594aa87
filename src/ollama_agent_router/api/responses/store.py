"""Stored responses of the OpenAI Responses face, so ``previous_response_id`` can
continue a conversation without the client resending it.

In memory only: a router restart forgets them, as ``store`` promises nothing more
than OpenAI's 30 days do to a client that must handle a 400 anyway. Bounded in count and
in size (the oldest go first) and expiring, and each belongs to the owner that created
it (the API key, else the client address): another owner's id reads as unknown, so
ids leak nothing. A response keeps the whole conversation up to its own output; the
items are shared with the response it continued, so a chain costs one list of
references per turn. Its size is the JSON of everything it keeps: the response object
as answered (the ``instructions``, ``tools``, ``reasoning``, ``metadata`` and ``text``
it echoes included, however big the request made them) and the whole conversation.
The conversation is counted whole even where a chain shares it, and the output twice
(in the response and in the conversation): overcounts, but ones that keep the bound
true whichever entries go first.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ollama_agent_router.config.models import ResponsesFaceConfig


@dataclass(frozen=True, slots=True)
class StoredResponse:
    owner: str
    response: dict[str, Any]
    """The response object as it was answered."""
    conversation: tuple[dict[str, Any], ...]
    """Every input item of the chain (instructions excluded) and then this output."""
    expires_at: float
    size: int
    """The JSON size in bytes of the response and the conversation (what the budget
    counts)."""
    conversation_size: int
    """The conversation's JSON size alone (what a response continuing this one adds
    its own to)."""


class ResponseStore:
    """Response id → ``StoredResponse``: at most ``capacity`` of them and ``max_bytes``
    of JSON (responses and conversations), each for ``ttl_s``."""

    def __init__(
        self,
        *,
        capacity: int,
        ttl_s: float,
        max_bytes: int = 256 * 1024**2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.ttl_s = ttl_s
        self.max_bytes = max_bytes
        self.bytes = 0
        self._clock = clock
        self._entries: OrderedDict[str, StoredResponse] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def put(
        self,
        owner: str,
        response: dict[str, Any],
        added: Sequence[dict[str, Any]],
        *,
        continued: StoredResponse | None = None,
    ) -> StoredResponse | None:
        """Keep ``response``, whose conversation is that of the response it
        ``continued`` (measured then) and the ``added`` input and output items;
        ``None`` if the store keeps nothing or this alone is over the budget."""
        if self.capacity == 0:
            return None
        conversation = json_size(added)
        history: tuple[dict[str, Any], ...] = ()
        if continued is not None:
            conversation += continued.conversation_size
            history = continued.conversation
        size = conversation + json_size(response)
        if size > self.max_bytes:
            return None
        now = self._clock()
        self._expire(now)
        key = str(response["id"])
        self._drop(key)
        entry = StoredResponse(
            owner, response, (*history, *added), now + self.ttl_s, size, conversation
        )
        self._entries[key] = entry
        self.bytes += size
        while len(self._entries) > self.capacity or self.bytes > self.max_bytes:
            self._drop(next(iter(self._entries)))
        return entry

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.bytes -= entry.size

    def get(self, owner: str, response_id: str) -> StoredResponse | None:
        """The response, or ``None`` if unknown, expired or another owner's."""
        entry = self._entries.get(response_id)
        if entry is None:
            return None
        if entry.expires_at <= self._clock():
            self._drop(response_id)
            return None
        return entry if entry.owner == owner else None

    def delete(self, owner: str, response_id: str) -> bool:
        if self.get(owner, response_id) is None:
            return False
        self._drop(response_id)
        return True

    def _expire(self, now: float) -> None:
        """Drop expired entries from the front (insertion order is expiry order)."""
        while self._entries:
            oldest = next(iter(self._entries.values()))
            if oldest.expires_at > now:
                return
            self._drop(str(oldest.response["id"]))


def json_size(value: object) -> int:
    """Bytes of ``value`` as compact JSON (non-ASCII escaped: an overcount, never less)."""
    return len(json.dumps(value, separators=(",", ":")))


def open_response_store(config: ResponsesFaceConfig) -> ResponseStore:
    """The router's store, from ``faces.responses``."""
    return ResponseStore(
        capacity=config.store_max_responses,
        ttl_s=config.store_ttl_seconds,
        max_bytes=config.store_max_bytes,
    )
