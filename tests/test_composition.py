"""The composition root: one exit stack opens and closes every part (``composition``)."""

from __future__ import annotations

from typing import Any

import pytest

from ollama_agent_router.composition import Overrides, opened_services
from ollama_agent_router.config import parse_config
from ollama_agent_router.jobs.manager import JobManager
from ollama_agent_router.state.capabilities import CapabilityCache
from ollama_agent_router.state.live import LiveState
from support.stack import gex44_data


class ClosingUpstream:
    """A backend double that only records being closed (nothing here calls it)."""

    def __init__(self) -> None:
        self.closed = 0

    async def aclose(self) -> None:
        self.closed += 1


def recording(monkeypatch: pytest.MonkeyPatch, cls: type, name: str, log: list[str]) -> None:
    original = getattr(cls, name)

    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        log.append(f"{cls.__name__}.{name}")
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, wrapper)


async def test_a_failing_start_closes_what_started(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[str] = []
    recording(monkeypatch, LiveState, "aclose", closed)
    recording(monkeypatch, CapabilityCache, "aclose", closed)

    async def refuse(self: JobManager) -> None:
        raise RuntimeError("the job store refused its recovery")

    monkeypatch.setattr(JobManager, "start", refuse)
    upstream = ClosingUpstream()
    config = parse_config(gex44_data())
    with pytest.raises(RuntimeError, match="refused its recovery"):
        async with opened_services(config, Overrides(upstream=upstream)):  # type: ignore[arg-type]
            pytest.fail("the services opened although a start failed")
    assert closed == ["CapabilityCache.aclose", "LiveState.aclose"]  # reverse start order
    assert upstream.closed == 1


async def test_every_closer_runs_when_one_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[str] = []
    recording(monkeypatch, CapabilityCache, "aclose", closed)
    recording(monkeypatch, JobManager, "aclose", closed)

    async def broken(self: LiveState) -> None:
        closed.append("LiveState.aclose")
        raise OSError("the GPU monitor would not stop")

    monkeypatch.setattr(LiveState, "aclose", broken)
    upstream = ClosingUpstream()
    config = parse_config(gex44_data())
    with pytest.raises(OSError, match="would not stop"):
        async with opened_services(config, Overrides(upstream=upstream)) as services:  # type: ignore[arg-type]
            assert services.gateway.sessions is not None
    assert closed == ["JobManager.aclose", "CapabilityCache.aclose", "LiveState.aclose"]
    assert upstream.closed == 1  # after the failing closer


async def test_the_parts_are_wired_by_construction() -> None:
    config = parse_config(gex44_data(**{"router.strategy": "residency"}))
    async with opened_services(config, Overrides(upstream=ClosingUpstream())) as services:  # type: ignore[arg-type]
        scheduler = services.scheduler
        assert scheduler.room is not None
        assert scheduler.on_start is not None
        assert services.jobs.executor is not None
        assert services.jobs.binding is not None
        assert services.gateway.on_call is not None
        assert services.gateway.sessions is not None
        ticket_view = services.view()  # the closures resolve once everything exists
        assert set(ticket_view.queued) == set(config.model_names)
