"""Counters that tests read through ``GET /_sim/state``; cleared by ``POST /_sim/reset``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MARK = "sim-mark:"
"""Inference requests whose prompt holds ``sim-mark:<id>`` are counted per id, so a
test can tell how often one logical request (a job, say) reached the simulator."""
_MARKS = re.compile(r"sim-mark:([A-Za-z0-9_.:-]{1,80})")


@dataclass(slots=True)
class Stats:
    """Plain counters, bumped on the request path (no locks: one event loop)."""

    requests_by_model: Counter[str] = field(default_factory=Counter)
    requests_by_endpoint: Counter[str] = field(default_factory=Counter)
    loads_by_model: Counter[str] = field(default_factory=Counter)
    evictions_by_model: Counter[str] = field(default_factory=Counter)
    unloads_by_model: Counter[str] = field(default_factory=Counter)
    aborted_by_model: Counter[str] = field(default_factory=Counter)
    faults_fired: Counter[str] = field(default_factory=Counter)
    marks: Counter[str] = field(default_factory=Counter)
    ps_hits: int = 0
    in_flight: int = 0
    aborted: int = 0
    rejected_busy: int = 0
    requests: int = 0
    #: Weights read into memory by all loads (bytes) and the simulated time it took.
    loaded_bytes: int = 0
    load_seconds: float = 0.0
    #: Answers produced by a runner split between GPU and CPU (``size_vram < size``).
    split_requests: int = 0
    evictions_by_reason: Counter[str] = field(default_factory=Counter)
    #: Loads of a model that was loaded before, by why it left (``num_ctx``, ``eviction``,
    #: ``expired``).
    reloads_by_reason: Counter[str] = field(default_factory=Counter)
    #: Pending loads that waited for a busy runner to leave, and the loop's time waiting.
    stalled_loads: int = 0
    stall_seconds: float = 0.0
    #: Prompts cut to fit the context, and the tokens cut.
    truncations: int = 0
    truncated_tokens: int = 0
    #: Prompt tokens found in a slot's cache and tokens evaluated, per model.
    prompt_cached: Counter[str] = field(default_factory=Counter)
    prompt_processed: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": {
                "total": self.requests,
                "byModel": dict(self.requests_by_model),
                "byEndpoint": dict(self.requests_by_endpoint),
            },
            "loads": sum(self.loads_by_model.values()),
            "loadsByModel": dict(self.loads_by_model),
            "loadedBytes": self.loaded_bytes,
            "loadSeconds": round(self.load_seconds, 3),
            "evictions": sum(self.evictions_by_model.values()),
            "evictionsByModel": dict(self.evictions_by_model),
            "unloads": sum(self.unloads_by_model.values()),
            "unloadsByModel": dict(self.unloads_by_model),
            "psHits": self.ps_hits,
            "inFlight": self.in_flight,
            "aborted": self.aborted,
            "abortedByModel": dict(self.aborted_by_model),
            "rejectedBusy": self.rejected_busy,
            "splitRequests": self.split_requests,
            "evictionsByReason": dict(self.evictions_by_reason),
            "reloads": sum(self.reloads_by_reason.values()),
            "reloadsByReason": dict(self.reloads_by_reason),
            "stalledLoads": self.stalled_loads,
            "stallSeconds": round(self.stall_seconds, 3),
            "truncations": self.truncations,
            "truncatedTokens": self.truncated_tokens,
            "promptTokens": self.prompt_tokens_json(),
            "faultsFired": dict(self.faults_fired),
            "marks": dict(self.marks),
        }

    def prompt_tokens_json(self) -> dict[str, Any]:
        """Prompt tokens served from a slot's cache against those evaluated."""
        by_model = {
            name: _cache_share(self.prompt_cached[name], self.prompt_processed[name])
            for name in sorted(set(self.prompt_cached) | set(self.prompt_processed))
        }
        cached = sum(self.prompt_cached.values())
        return {**_cache_share(cached, sum(self.prompt_processed.values())), "byModel": by_model}

    def count_marks(self, prompt: str) -> None:
        self.marks.update(set(_MARKS.findall(prompt)))


def _cache_share(cached: int, processed: int) -> dict[str, Any]:
    total = cached + processed
    share = round(100 * cached / total, 1) if total else 0.0
    return {"cached": cached, "processed": processed, "cachedPct": share}
