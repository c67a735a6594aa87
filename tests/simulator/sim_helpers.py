"""Small shared helpers for the simulator tests (no fixtures: plain functions)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from ollama_agent_router.simulator import SimModel, SimulatorSettings

SMALL = "small:1b"
MID = "mid:4b"
BIG = "big:13b"

MODELS = (
    SimModel(SMALL, 1.0),
    SimModel(MID, 4.0),
    SimModel(BIG, 13.0),
    SimModel("embed:latest", 0.05, embedding=True),
)


def settings(**changes: Any) -> SimulatorSettings:
    """Fast defaults for tests: instant, 16 GB of VRAM, the four models above."""
    base: dict[str, Any] = {"models": MODELS, "instant": True, "vram_mb": 16384, "seed": 7}
    base.update(changes)
    return SimulatorSettings(**base)


def chat(model: str = SMALL, text: str = "hello", **extra: Any) -> dict[str, Any]:
    return {"model": model, "messages": [{"role": "user", "content": text}], **extra}


async def settle() -> None:
    """Let every task that can move, move (no clock involved)."""
    for _ in range(50):
        await asyncio.sleep(0)


async def wait_until(predicate: Callable[[], bool], seconds: float = 5.0) -> None:
    """Poll a condition on the simulator's state (it lives on this event loop)."""
    for _ in range(int(seconds / 0.005)):
        if predicate():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("condition not reached in time")
