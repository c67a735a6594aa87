"""The ``embedding`` mode: centroid math, and its mechanics against the simulator.

The simulator's embeddings are deterministic per text but carry no meaning, so these
tests check the plumbing (exemplars embedded once, threshold and error fallbacks), not
how well real embeddings separate the labels.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator

import pytest

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.classification import ClassifierInput, get_async_classifier
from ollama_agent_router.classification.embedding_mode import (
    EXEMPLARS,
    EmbeddingClassifier,
    centroids,
    cosine_best,
)
from ollama_agent_router.classification.model_mode import FALLBACK_MODE
from ollama_agent_router.config.models import ClassificationConfig
from ollama_agent_router.simulator.server import SimulatorHandle, run_simulator
from ollama_agent_router.simulator.settings import SimModel, SimulatorSettings

MODEL = "nomic-embed-text"
ONE_EACH = {"code_fix": ("it crashes on start",), "summarize": ("make this shorter",)}


@pytest.fixture
async def sim() -> AsyncIterator[SimulatorHandle]:
    models = (SimModel(MODEL, 0.3, embedding=True),)
    async with run_simulator(SimulatorSettings(models=models, instant=True)) as handle:
        yield handle


@pytest.fixture
async def client(sim: SimulatorHandle) -> AsyncIterator[OllamaClient]:
    async with OllamaClient(sim.base_url, timeout_ms=10_000) as c:
        yield c


def embeds(sim: SimulatorHandle) -> int:
    by_endpoint: dict[str, int] = sim.state["requests"]["byEndpoint"]
    return sum(n for endpoint, n in by_endpoint.items() if "embed" in endpoint)


def ask(text: str) -> ClassifierInput:
    return ClassifierInput(messages=[{"role": "user", "content": text}])


def test_centroids_are_unit_means_per_label() -> None:
    centres = centroids(["a", "a", "b"], [[2.0, 0.0], [0.0, 3.0], [0.0, -1.0]])
    assert centres["a"] == pytest.approx([math.sqrt(0.5), math.sqrt(0.5)])
    assert centres["b"] == pytest.approx([0.0, -1.0])
    label, best, second = cosine_best([1.0, 1.0], centres)
    assert (label, best, second) == ("a", pytest.approx(1.0), pytest.approx(-math.sqrt(0.5)))


def test_exemplars_cover_every_label() -> None:
    assert len(EXEMPLARS) == 9
    assert all(len(texts) >= 3 for texts in EXEMPLARS.values())


async def test_nearest_exemplar_decides_and_exemplars_embed_once(
    sim: SimulatorHandle, client: OllamaClient
) -> None:
    classifier = EmbeddingClassifier(client, model=MODEL, timeout_ms=2000, exemplars=ONE_EACH)
    await classifier.prepare()
    await classifier.prepare()
    assert embeds(sim) == 1
    result = await classifier.classify(ask("it crashes on start"))
    assert (result.task_type, result.mode, result.confidence) == ("code_fix", "embedding", 1.0)
    again = await classifier.classify(ask("it crashes on start"))
    assert again == result
    assert embeds(sim) == 2  # exemplars once, the request once, the repeat from the cache


async def test_below_threshold_falls_back(sim: SimulatorHandle, client: OllamaClient) -> None:
    classifier = EmbeddingClassifier(client, model=MODEL, timeout_ms=2000, exemplars=ONE_EACH)
    result = await classifier.classify(ask("Write a Python function that parses ISO dates."))
    assert (result.mode, result.task_type) == (FALLBACK_MODE, "code_generate")
    assert classifier.outcomes["below-threshold"] == 1


async def test_errors_fall_back_and_exemplars_are_retried_later(
    sim: SimulatorHandle, client: OllamaClient
) -> None:
    sim.set_fault("500", times=1)
    classifier = EmbeddingClassifier(client, model=MODEL, timeout_ms=2000, exemplars=ONE_EACH)
    first = await classifier.classify(ask("make this shorter"))
    assert first.mode == FALLBACK_MODE
    assert classifier.outcomes["no-exemplars"] == 1
    classifier._failed_at = None  # the retry delay has passed
    second = await classifier.classify(ask("make this shorter"))
    assert (second.mode, second.task_type) == ("embedding", "summarize")
    sim.set_fault("500", times=1)
    third = await classifier.classify(ask("something else entirely"))
    assert third.mode == FALLBACK_MODE
    assert classifier.outcomes["error"] == 1


async def test_built_from_config(client: OllamaClient) -> None:
    config = ClassificationConfig(mode="embedding", embedding_model=MODEL)
    classifier = get_async_classifier("embedding", config, client)
    assert isinstance(classifier, EmbeddingClassifier)
