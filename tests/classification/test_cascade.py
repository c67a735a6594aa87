"""The ``cascade`` mode: when ``enhanced`` asks the small model, and what decides then."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from tests.support.stack import gex44_data, stack

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.classification import ClassifierInput, get_async_classifier
from ollama_agent_router.classification.base import Classification
from ollama_agent_router.classification.cascade import (
    ASKED_MODE,
    CONFIDENT_MODE,
    FALLBACK_MODE,
    CascadeClassifier,
    needs_second_opinion,
)
from ollama_agent_router.classification.enhanced import Assessment, EnhancedClassifier
from ollama_agent_router.classification.model_mode import ModelClassifier
from ollama_agent_router.classification.signals import Signals, scan
from ollama_agent_router.config.models import ClassificationConfig
from ollama_agent_router.simulator.server import SimulatorHandle, run_simulator
from ollama_agent_router.simulator.settings import SimModel, SimulatorSettings

MODEL = "qwen2.5:0.5b"
TRIAGE_MODEL = "B-A-M-N/vibethinker:1.5b"


class FixedModel:
    """A model that ranks every request the same way."""

    def __init__(self, ranked: list[tuple[str, float]]) -> None:
        self._ranked = ranked

    def best(self, signals: Signals) -> tuple[str, float]:
        return self._ranked[0]

    def ranked(self, signals: Signals) -> list[tuple[str, float]]:
        return list(self._ranked)


UNSURE = [("code_fix", 0.41), ("code_review", 0.38), ("triage", 0.12), ("simple_chat", 0.09)]
SURE = [("code_generate", 0.93), ("code_fix", 0.05), ("triage", 0.02)]


def assessment(probability: float, *, by_rule: bool = False) -> Assessment:
    result = Classification("code_fix", "medium", False, False, probability, "enhanced")
    return Assessment(result, probability, (("code_fix", probability),), by_rule=by_rule)


@pytest.mark.parametrize(
    ("probability", "by_rule", "threshold", "asked"),
    [
        (0.30, False, 0.7, True),
        (0.69, False, 0.7, True),
        (0.70, False, 0.7, False),  # at the threshold: confident enough
        (0.95, False, 0.7, False),
        (0.50, True, 0.7, False),  # large-context rules are never second-guessed
        (0.85, True, 0.9, False),
        (0.85, False, 0.9, True),
        (0.10, False, 0.05, False),
    ],
)
def test_threshold_decides_who_is_asked(
    probability: float, by_rule: bool, threshold: float, asked: bool
) -> None:
    assert needs_second_opinion(assessment(probability, by_rule=by_rule), threshold) is asked


@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.2, 1.5])
def test_threshold_outside_the_open_interval_is_refused(threshold: float) -> None:
    asker = ModelClassifier(client=None, model=MODEL, timeout_ms=100)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="between 0 and 1"):
        CascadeClassifier(asker, threshold=threshold)


@pytest.fixture
async def sim() -> AsyncIterator[SimulatorHandle]:
    settings = SimulatorSettings(models=(SimModel(MODEL, 0.4),), instant=True)
    async with run_simulator(settings) as handle:
        yield handle


@pytest.fixture
async def client(sim: SimulatorHandle) -> AsyncIterator[OllamaClient]:
    async with OllamaClient(sim.base_url, timeout_ms=10_000) as c:
        yield c


def cascade(client: OllamaClient, ranked: list[tuple[str, float]], **kw: Any) -> CascadeClassifier:
    enhanced = EnhancedClassifier(FixedModel(ranked))
    timeout_ms = kw.pop("timeout_ms", 2000)
    asker = ModelClassifier(client, model=MODEL, timeout_ms=timeout_ms, fallback=enhanced)
    return CascadeClassifier(asker, enhanced=enhanced, **kw)


def ask(text: str) -> ClassifierInput:
    return ClassifierInput(messages=[{"role": "user", "content": text}])


def chat_requests(sim: SimulatorHandle) -> int:
    by_endpoint: dict[str, int] = sim.state["requests"]["byEndpoint"]
    return sum(n for endpoint, n in by_endpoint.items() if "chat" in endpoint)


def answer(task_type: str, confidence: float = 0.9) -> str:
    return json.dumps({"taskType": task_type, "confidence": confidence})


async def test_unsure_requests_are_asked_with_the_candidates_as_hints(
    sim: SimulatorHandle, client: OllamaClient
) -> None:
    # The scripted answer only matches a prompt that lists the candidates.
    hints = "top candidates: code_fix (0.41), code_review (0.38), triage (0.12)"
    sim.add_response(answer("code_review", 0.8), contains=hints)
    classifier = cascade(client, UNSURE, threshold=0.7)
    result = await classifier.classify(ask("is this right? def mean(xs): return sum(xs)/len(xs)"))
    assert (result.task_type, result.mode, result.confidence) == ("code_review", ASKED_MODE, 0.8)
    assert result.complexity == "medium"
    assert classifier.outcomes == {"asked": 1}


async def test_confident_requests_are_not_asked(sim: SimulatorHandle, client: OllamaClient) -> None:
    sim.add_response(answer("triage"))
    classifier = cascade(client, SURE, threshold=0.7)
    before = chat_requests(sim)
    result = await classifier.classify(ask("Write a function that reverses a list."))
    assert (result.task_type, result.mode, result.confidence) == (
        "code_generate",
        CONFIDENT_MODE,
        0.93,
    )
    assert chat_requests(sim) == before
    assert classifier.outcomes == {"confident": 1}


async def test_a_timeout_keeps_the_enhanced_answer(
    sim: SimulatorHandle, client: OllamaClient
) -> None:
    sim.add_response(answer("triage"), delay_ms=2_000)
    classifier = cascade(client, UNSURE, threshold=0.7, timeout_ms=100)
    result = await classifier.classify(ask("it returns None sometimes"))
    assert (result.task_type, result.mode) == ("code_fix", FALLBACK_MODE)
    assert classifier.outcomes == {"timeout": 1}


@pytest.mark.parametrize(
    "content", ["no idea", json.dumps({"taskType": "poetry", "confidence": 1}), "[]"]
)
async def test_garbage_keeps_the_enhanced_answer(
    sim: SimulatorHandle, client: OllamaClient, content: str
) -> None:
    sim.add_response(content)
    classifier = cascade(client, UNSURE, threshold=0.7)
    result = await classifier.classify(ask("it returns None sometimes"))
    assert (result.task_type, result.mode) == ("code_fix", FALLBACK_MODE)
    assert classifier.outcomes == {"garbage": 1}


async def test_an_ollama_error_keeps_the_enhanced_answer(
    sim: SimulatorHandle, client: OllamaClient
) -> None:
    sim.set_fault("500")
    classifier = cascade(client, UNSURE, threshold=0.7)
    result = await classifier.classify(ask("it returns None sometimes"))
    assert (result.task_type, result.mode) == ("code_fix", FALLBACK_MODE)
    assert classifier.outcomes == {"error": 1}


@pytest.mark.parametrize(
    "text",
    [
        "x = compute(y)  # filler\n" * 3_000 + "what do you think?",  # > 12k tokens
        "Go through the entire codebase and list the dead code.",  # whole repository
    ],
    ids=["over-12k-tokens", "whole-repository"],
)
async def test_large_context_requests_never_reach_the_small_model(
    sim: SimulatorHandle, client: OllamaClient, text: str
) -> None:
    classifier = cascade(client, UNSURE, threshold=0.99)
    before = chat_requests(sim)
    result = await classifier.classify(ask(text))
    assert (result.task_type, result.mode) == ("large_context", CONFIDENT_MODE)
    assert chat_requests(sim) == before
    assert classifier.outcomes == {"large": 1}


async def test_the_same_unsure_request_asks_once(
    sim: SimulatorHandle, client: OllamaClient
) -> None:
    sim.add_response(answer("summarize"))
    classifier = cascade(client, UNSURE, threshold=0.7)
    before = chat_requests(sim)
    first = await classifier.classify(ask("shorter please"))
    second = await classifier.classify(ask("shorter please"))
    assert first == second
    assert first.mode == ASKED_MODE
    assert chat_requests(sim) - before == 1


async def test_built_from_config(client: OllamaClient) -> None:
    config = ClassificationConfig(mode="cascade", optional_classifier_model=MODEL)
    classifier = get_async_classifier("cascade", config, client)
    assert isinstance(classifier, CascadeClassifier)
    assert classifier.threshold == config.cascade_threshold
    assert classifier.fallback.name == "enhanced"
    assert classifier.asker.model == MODEL


def test_the_prompt_lists_the_hints() -> None:
    enhanced = EnhancedClassifier(FixedModel(UNSURE))
    assessed = enhanced.assess(scan(ask("is this right?")))
    asker = ModelClassifier(client=None, model=MODEL, timeout_ms=100)  # type: ignore[arg-type]
    prompt = asker.payload(scan(ask("is this right?")), assessed.candidates)["messages"][1]
    assert "code_fix (0.41), code_review (0.38), triage (0.12)" in prompt["content"]
    assert "simple_chat" not in prompt["content"].split("candidates:")[1].split(".")[0]


PROBES = [
    "Write a Python function that reverses a string.",
    "hey, how's it going?",
    "check the README",
    "what do you make of this: users say the app logs them out randomly",
    "handle the refund for order 1182",
    "tell me about the retry logic in the client",
    "the export job got slow since Tuesday, thoughts?",
]


def by_confidence(threshold: float) -> tuple[str, list[str]]:
    """A probe the shipped model is sure of, and two it is not sure of, at ``threshold``."""
    enhanced = EnhancedClassifier(cache_size=0)
    assessed = {text: enhanced.assess(scan(ask(text))) for text in PROBES}
    sure = [t for t, a in assessed.items() if a.probability >= threshold]
    unsure = [t for t, a in assessed.items() if a.probability < threshold]
    assert sure, "the shipped model is unsure of everything"
    assert len(unsure) >= 2, "the shipped model is sure of (nearly) everything"
    return sure[0], unsure[:2]


async def test_router_asks_only_for_unsure_requests_with_the_shipped_model() -> None:
    """Through the gateway, with the shipped model and the default threshold."""
    data = gex44_data(
        **{
            "router.classification.mode": "cascade",
            "router.classification.optionalClassifierModel": TRIAGE_MODEL,
            "router.classification.classifierTimeoutMs": 2000,
        }
    )
    sure, (unsure, other_unsure) = by_confidence(ClassificationConfig().cascade_threshold)
    async with stack(data) as s:
        s.sim.add_response(answer("summarize", 0.9), model=TRIAGE_MODEL, contains="candidates")
        asked_before = chat_requests(s.sim)
        body = {"model": "auto", "messages": [{"role": "user", "content": sure}]}
        status, done, _ = await s.post("/v1/chat/completions", body)
        assert status == 200, done
        assert done["router"]["classifier"] == CONFIDENT_MODE
        assert done["router"]["taskType"] == EnhancedClassifier().classify(ask(sure)).task_type
        # One chat call: the completion itself, none for classification.
        assert chat_requests(s.sim) - asked_before == 1
        body = {"model": "auto", "messages": [{"role": "user", "content": unsure}]}
        status, dry, _ = await s.post("/v1/router/route", body)
        assert status == 200, dry
        assert (dry["classification"]["mode"], dry["classification"]["taskType"]) == (
            ASKED_MODE,
            "summarize",
        )
        status, done, _ = await s.post("/v1/chat/completions", body)
        assert status == 200, done
        assert (done["router"]["classifier"], done["router"]["taskType"]) == (
            ASKED_MODE,
            "summarize",
        )
        s.sim.set_fault("500", model=TRIAGE_MODEL, times=1)
        body = {"model": "auto", "messages": [{"role": "user", "content": other_unsure}]}
        status, dry, _ = await s.post("/v1/router/route", body)
        assert status == 200, dry
        assert dry["classification"]["mode"] == FALLBACK_MODE
        large = {"model": "auto", "messages": [{"role": "user", "content": "word " * 12_000}]}
        before = chat_requests(s.sim)
        status, dry, _ = await s.post("/v1/router/route", large)
        assert (dry["classification"]["mode"], dry["classification"]["taskType"]) == (
            CONFIDENT_MODE,
            "large_context",
        )
        assert chat_requests(s.sim) == before
