"""GPU utilisation as ``nvidia-smi`` reports it: the share of the last sampling window
during which at least one kernel ran, here at least one request held a slot."""

from __future__ import annotations

from dataclasses import dataclass, field

_HISTORY_S = 10.0


@dataclass(slots=True)
class BusyClock:
    """When any slot was busy, for a utilisation figure like ``nvidia-smi``'s: the share
    of the last sampling window during which the GPU was working."""

    slots: int = 0
    #: (time, busy seconds so far, busy from then on) at each change, oldest first.
    marks: list[tuple[float, float, bool]] = field(default_factory=list)

    def take(self, now: float) -> None:
        self.slots += 1
        if self.slots == 1:
            self._mark(now, busy=True)

    def release(self, now: float) -> None:
        if self.slots == 0:  # taken before a reset
            return
        self.slots -= 1
        if self.slots == 0:
            self._mark(now, busy=False)

    def busy_seconds(self, at: float) -> float:
        """Busy time from the first mark until ``at``."""
        total = 0.0
        for when, so_far, busy in reversed(self.marks):
            if when <= at:
                return so_far + (at - when if busy else 0.0)
            total = so_far
        return total

    def utilization(self, now: float, window: float = 1.0) -> float:
        """Percent of the last ``window`` seconds with at least one busy slot."""
        busy = self.busy_seconds(now) - self.busy_seconds(now - window)
        return max(0.0, min(100.0, 100.0 * busy / window))

    def _mark(self, now: float, *, busy: bool) -> None:
        so_far = self.busy_seconds(now)
        self.marks.append((now, so_far, busy))
        # Ten seconds of history is more than any sampling window needs.
        while len(self.marks) > 2 and self.marks[1][0] < now - _HISTORY_S:
            del self.marks[0]
