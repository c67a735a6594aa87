"""A runner's parallel slots and the prompt each keeps in its KV cache.

Ollama hands prompts to llama-server with ``cache_prompt`` on; llama-server
(``get_available_slot``) puts a request in the free slot whose cached prompt shares the
largest part of the new one, when that part is above ``slot_prompt_similarity`` (0.1) of
the new prompt, else in the least recently used free slot. Only the tokens after the
shared prefix are evaluated (at least one is), and Ollama reports ``prompt_eval_count``
as ``cache_n + prompt_n`` (``llamaServerTimings.promptEvalCount``): the whole prompt, the
cached part included, while ``prompt_eval_duration`` covers only the evaluated part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from ollama_agent_router.simulator.prompt import CHARS_PER_TOKEN

#: llama-server's ``slot_prompt_similarity``: the share of the new prompt a slot's cache
#: must hold for the slot to be chosen by prefix.
SIMILARITY: Final = 0.1
_CHUNK: Final = 4096


def common_prefix(a: str, b: str) -> int:
    """Characters ``a`` and ``b`` share from the start (compared in C, chunk by chunk)."""
    limit = min(len(a), len(b))
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    if longer.startswith(shorter):
        return limit
    start = 0
    while start + _CHUNK <= limit and a[start : start + _CHUNK] == b[start : start + _CHUNK]:
        start += _CHUNK
    low, high = start, min(limit, start + _CHUNK)  # the prefix ends in [low, high)
    while low < high:
        middle = (low + high + 1) // 2
        if a[start:middle] == b[start:middle]:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass(slots=True)
class Slot:
    """One sequence of the runner: what its KV cache holds, and when it was last used."""

    cached: str = ""
    last_used: int = -1
    busy: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a request runs and how much of its prompt was already there."""

    slot: int
    cached_tokens: int


@dataclass(slots=True)
class Slots:
    """The slots of one runner; the scheduler guarantees a free one on ``assign``."""

    slots: list[Slot]
    _clock: int = field(default=0)

    @classmethod
    def of(cls, count: int) -> Slots:
        return cls([Slot() for _ in range(max(1, count))])

    def __len__(self) -> int:
        return len(self.slots)

    def assign(self, prompt: str, tokens: int) -> Placement:
        """Take the free slot with the best prefix, else the least recently used one."""
        best, best_share, best_prefix = -1, 0.0, 0
        size = max(1, len(prompt))
        for index, slot in enumerate(self.slots):
            if slot.busy or not slot.cached:
                continue
            prefix = common_prefix(slot.cached, prompt)
            share = prefix / size
            if share > best_share and share > SIMILARITY:
                best, best_share, best_prefix = index, share, prefix
        if best < 0:
            free = [i for i, slot in enumerate(self.slots) if not slot.busy]
            best = min(free, key=lambda i: self.slots[i].last_used) if free else 0
            best_prefix = 0
        slot = self.slots[best]
        slot.busy = True
        self._clock += 1
        slot.last_used = self._clock
        cached = min(best_prefix // CHARS_PER_TOKEN, max(0, tokens - 1))
        return Placement(best, cached)

    def finish(self, index: int, cached: str) -> None:
        """The request is done: the slot now holds its prompt and answer."""
        slot = self.slots[index]
        slot.busy = False
        slot.cached = cached
