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
            "faultsFired": dict(self.faults_fired),
            "marks": dict(self.marks),
        }

    def count_marks(self, prompt: str) -> None:
        self.marks.update(set(_MARKS.findall(prompt)))
