"""Waiting for a condition instead of sleeping a fixed time."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def until(
    check: Callable[[], T | Awaitable[T]],
    *,
    within_s: float = 10.0,
    what: str | None = None,
) -> T:
    """Poll ``check`` (plain or async) until it returns something true, and return that;
    fail the test once ``within_s`` has passed. Polls every millisecond at first, backing
    off to every 50 ms."""
    deadline = time.monotonic() + within_s
    wait = 0.001
    while True:
        value = check()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within_s} s: {what or check}")
        await asyncio.sleep(wait)
        wait = min(wait * 2, 0.05)
