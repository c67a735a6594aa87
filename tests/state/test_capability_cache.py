"""The capability cache: /api/show read at start and again when /api/tags changes, the
config's overrides, Ollama's refusals remembered — against the real client and simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.backend.ollama.errors import OllamaHTTPError
from ollama_agent_router.config.models import RouterConfig
from ollama_agent_router.simulator import SimModel, SimulatorSettings, run_simulator
from ollama_agent_router.simulator.server import SimulatorHandle
from ollama_agent_router.state.capabilities import (
    CapabilityCache,
    ShowInfo,
    parse_show,
    tag_digests,
)

SMALL = SimModel("small:1b", 1.0, context_length=4096)
VISION = SimModel("llava:7b", 4.5, capabilities=("completion", "vision"), context_length=32768)
EMBED = SimModel("all-minilm", 0.05, embedding=True, context_length=512)
SIM = SimulatorSettings(models=(SMALL, VISION, EMBED), instant=True)
TOOLS_REFUSED = '{"error":"registry.ollama.ai/library/small:1b does not support tools"}'


def config(*models: dict[str, Any]) -> RouterConfig:
    base = [
        {"name": "small:1b", "sizeGb": 1},
        {"name": "llava:7b", "sizeGb": 4.5, "maxContext": 16384},
        {"name": "all-minilm", "sizeGb": 0.05},
        {"name": "not-pulled:3b", "sizeGb": 2, "defaultContext": 2048},
    ]
    return RouterConfig.model_validate({"models": list(models) or base})


@asynccontextmanager
async def cache_on(
    sim: SimulatorHandle, cfg: RouterConfig | None = None
) -> AsyncIterator[CapabilityCache]:
    async with OllamaClient(sim.base_url, timeout_ms=2000) as client:
        cache = CapabilityCache.from_config(cfg or config(), client, interval_s=3600)
        await cache.start()
        try:
            yield cache
        finally:
            await cache.aclose()


@pytest.mark.parametrize(
    ("body", "info"),
    [
        (
            {"capabilities": ["completion", "tools"], "model_info": {
                "general.architecture": "llama", "llama.context_length": 131072}},
            ShowInfo(frozenset({"completion", "tools"}), 131072),
        ),
        ({"model_info": {"bert.context_length": 512}}, ShowInfo(None, 512)),
        (
            {"capabilities": ["embedding", 3], "model_info": {
                "general.architecture": "bert", "bert.context_length": "512"}},
            ShowInfo(frozenset({"embedding"}), None),
        ),
        ({"capabilities": None, "model_info": []}, ShowInfo(None, None)),
        ({"model_info": {"llama.context_length": True}}, ShowInfo(None, None)),
        ([], ShowInfo(None, None)),
    ],
)  # fmt: skip
def test_parse_show(body: object, info: ShowInfo) -> None:
    assert parse_show(body) == info


def test_tag_digests_use_canonical_names() -> None:
    body = {"models": [{"name": "Small:1b", "digest": "d1"}, {"model": "llava"}, "junk", {}]}
    assert tag_digests(body) == {"small:1b": "d1", "llava:latest": ""}
    assert tag_digests({"models": None}) == {}


async def test_reads_show_at_start_and_merges_the_config() -> None:
    async with run_simulator(SIM) as sim, cache_on(sim) as cache:
        view = cache.view
    assert view["small:1b"].capabilities == {"completion", "tools"}
    assert (view["small:1b"].context_length, view["small:1b"].source) == (4096, "ollama")
    assert view["llava:7b"].capabilities == {"completion", "vision"}
    assert view["llava:7b"].context_length == 16384  # maxContext is smaller than 32768
    assert view["all-minilm"].capabilities == {"embedding"}
    missing = view["not-pulled:3b"]  # not installed: unknown, config context only
    assert (missing.capabilities, missing.context_length, missing.source) == (
        None,
        2048,
        "unknown",
    )
    assert cache.reads == 3


async def test_the_config_list_overrides_ollama() -> None:
    cfg = config({"name": "small:1b", "sizeGb": 1, "capabilities": ["completion", "vision"]})
    async with run_simulator(SIM) as sim, cache_on(sim, cfg) as cache:
        small = cache.view["small:1b"]
    assert (small.capabilities, small.source, small.context_length) == (
        {"completion", "vision"},
        "config",
        4096,
    )


async def test_ollama_down_leaves_everything_unknown_and_never_raises() -> None:
    async with run_simulator(SIM) as sim:
        sim.pause_listening()
        async with cache_on(sim) as cache:
            assert cache.view["small:1b"].capabilities is None
            assert cache.view["llava:7b"].context_length == 16384
            sim.resume_listening()
            await cache.refresh()
            assert cache.view["small:1b"].capabilities == {"completion", "tools"}


async def test_only_new_or_changed_models_are_read_again() -> None:
    async with run_simulator(SIM) as sim, cache_on(sim) as cache:
        await cache.refresh()
        assert cache.reads == 3, "nothing changed, nothing read"
        sim.pull(SimModel("small:1b", 1.0, capabilities=("completion",), context_length=8192))
        sim.pull(SimModel("not-pulled:3b", 2.0))
        await cache.refresh()
        assert cache.reads == 5
        small, pulled = cache.view["small:1b"], cache.view["not-pulled:3b"]
    assert (small.capabilities, small.context_length) == ({"completion"}, 8192)
    assert (pulled.capabilities, pulled.context_length) == ({"completion", "tools"}, 2048)


async def test_a_refusal_is_remembered_until_the_model_changes() -> None:
    async with run_simulator(SIM) as sim, cache_on(sim) as cache:
        refusal = OllamaHTTPError(400, TOOLS_REFUSED)
        assert cache.note_refusal("small:1b", refusal) == "tools"
        assert cache.note_refusal("small:1b", OllamaHTTPError(400, '{"error":"bad"}')) is None
        assert cache.note_refusal("ghost", refusal) is None
        small = cache.view["small:1b"]
        assert (small.supports("tools"), small.lacking) == (False, {"tools"})
        assert cache.as_dict()["small:1b"]["capabilities"] == ["completion"]
        await cache.refresh()
        assert cache.view["small:1b"].lacking == {"tools"}, "same digest: still lacking"
        sim.pull(SimModel("small:1b", 1.2))
        await cache.refresh()
        assert cache.view["small:1b"].supports("tools") is True


async def test_a_backend_that_cannot_show_gives_the_config_view() -> None:
    cfg = config({"name": "m", "sizeGb": 1, "capabilities": ["completion"], "maxContext": 1024})
    cache = CapabilityCache.from_config(cfg, object())
    await cache.start()
    await cache.refresh()
    await cache.aclose()
    assert cache.view["m"].capabilities == {"completion"}
    assert cache.view["m"].context_length == 1024
