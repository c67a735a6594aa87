"""How long a job waits between attempts: exponential, capped, with jitter.

Pure: the random draw is passed in, so the schedule is table-tested without a clock.
"""

from __future__ import annotations


def retry_delay_s(attempts: int, *, base_ms: int, cap_ms: int, draw: float) -> float:
    """Seconds to wait after the ``attempts``-th attempt failed.

    The ceiling doubles per attempt from ``base_ms`` up to ``cap_ms``; the delay is half
    the ceiling plus a random part of the other half ("equal jitter", ``draw`` in
    [0, 1)). Jobs that failed together (Ollama went down) spread out instead of
    retrying in step, and no retry comes sooner than half the ceiling — full jitter
    could retry at once, which is what the backoff is there to prevent.
    """
    if attempts < 1 or base_ms <= 0 or cap_ms <= 0:
        return 0.0
    ceiling = min(cap_ms, base_ms * (1 << min(attempts - 1, 62)))
    draw = min(max(draw, 0.0), 1.0)
    return (ceiling / 2 + ceiling / 2 * draw) / 1000
