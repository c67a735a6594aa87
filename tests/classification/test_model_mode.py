"""The ``model`` mode against the simulator: answers, timeouts, errors, garbage, cache."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.support.stack import gex44_data, stack

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.classification import ClassifierInput, get_async_classifier
from ollama_agent_router.classification.model_mode import (
    FALLBACK_MODE,
    ModelClassifier,
    build_prompt,
    parse_answer,
)
from ollama_agent_router.classification.signals import scan
from ollama_agent_router.config.models import ClassificationConfig
from ollama_agent_router.simulator.server import SimulatorHandle, run_simulator
from ollama_agent_router.simulator.settings import SimModel, SimulatorSettings

MODEL = "qwen2.5:0.5b"
TRIAGE_MODEL = "B-A-M-N/vibethinker:1.5b"


@pytest.fixture
async def sim() -> AsyncIterator[SimulatorHandle]:
    settings = SimulatorSettings(models=(SimModel(MODEL, 0.4),), instant=True)
    async with run_simulator(settings) as handle:
        yield handle


@pytest.fixture
async def client(sim: SimulatorHandle) -> AsyncIterator[OllamaClient]:
    async with OllamaClient(sim.base_url, timeout_ms=10_000) as c:
        yield c


def ask(text: str, **extra: Any) -> ClassifierInput:
    return ClassifierInput(messages=[{"role": "user", "content": text}], **extra)


def chat_requests(sim: SimulatorHandle) -> int:
    by_endpoint: dict[str, int] = sim.state["requests"]["byEndpoint"]
    return sum(n for endpoint, n in by_endpoint.items() if "chat" in endpoint)


def answer(task_type: str, confidence: float = 0.9) -> str:
    return json.dumps({"taskType": task_type, "confidence": confidence})


async def test_the_models_answer_decides(sim: SimulatorHandle, client: OllamaClient) -> None:
    sim.add_response(answer("code_review", 0.8), contains="anything wrong here")
    classifier = ModelClassifier(client, model=MODEL, timeout_ms=2000)
    result = await classifier.classify(ask("anything wrong here? def f(x): return x/0"))
    assert (result.task_type, result.confidence, result.mode) == ("code_review", 0.8, "model")
    assert result.complexity == "medium"
    assert classifier.outcomes["answered"] == 1


async def test_a_slow_model_times_out_to_enhanced(
    sim: SimulatorHandle, client: OllamaClient
) -> None:
    sim.add_response(answer("triage"), delay_ms=2_000)
    classifier = ModelClassifier(client, model=MODEL, timeout_ms=100)
    result = await classifier.classify(ask("hi there!"))
    assert result.mode == FALLBACK_MODE
    assert result.task_type == "simple_chat"
    assert classifier.outcomes["timeout"] == 1


async def test_an_ollama_error_falls_back(sim: SimulatorHandle, client: OllamaClient) -> None:
    sim.set_fault("500")
    classifier = ModelClassifier(client, model=MODEL, timeout_ms=2000)
    result = await classifier.classify(ask("Write a Python function that parses ISO dates."))
    assert (result.mode, result.task_type) == (FALLBACK_MODE, "code_generate")
    assert classifier.outcomes["error"] == 1


@pytest.mark.parametrize(
    "content",
    ["not json at all", json.dumps({"taskType": "poetry", "confidence": 1}), "[1, 2]"],
)
async def test_garbage_falls_back(sim: SimulatorHandle, client: OllamaClient, content: str) -> None:
    sim.add_response(content)
    classifier = ModelClassifier(client, model=MODEL, timeout_ms=2000)
    result = await classifier.classify(ask("thanks, that worked!"))
    assert result.mode == FALLBACK_MODE
    assert classifier.outcomes["garbage"] == 1


async def test_identical_requests_ask_the_model_once(
    sim: SimulatorHandle, client: OllamaClient
) -> None:
    sim.add_response(answer("summarize"))
    classifier = ModelClassifier(client, model=MODEL, timeout_ms=2000)
    before = chat_requests(sim)
    first = await classifier.classify(ask("Summarise this thread in three bullets: ..."))
    second = await classifier.classify(ask("Summarise this thread in three bullets: ..."))
    assert first == second
    assert first.task_type == "summarize"
    assert chat_requests(sim) - before == 1
    assert classifier.outcomes == {"answered": 1, "cached": 1}


async def test_large_requests_never_reach_the_model(
    sim: SimulatorHandle, client: OllamaClient
) -> None:
    classifier = ModelClassifier(client, model=MODEL, timeout_ms=2000)
    before = chat_requests(sim)
    result = await classifier.classify(ask("x " * 30_000 + "review this"))
    assert (result.task_type, result.mode) == ("large_context", FALLBACK_MODE)
    assert chat_requests(sim) == before


async def test_the_request_sent_is_constrained_and_compact(client: OllamaClient) -> None:
    classifier = ModelClassifier(client, model=MODEL, timeout_ms=500)
    request = ask(
        "word " * 2_000,
        tools=[{"type": "function", "function": {"name": "set_thermostat"}}],
    )
    payload = classifier.payload(scan(request))
    assert payload["stream"] is False
    assert payload["format"]["properties"]["taskType"]["enum"][0] == "triage"
    assert payload["options"] == {"temperature": 0, "num_predict": 32}
    user = payload["messages"][1]["content"]
    assert "set_thermostat" in user
    assert len(user) < 2_600


def test_prompt_summarises_context() -> None:
    request = ClassifierInput(
        messages=[
            {"role": "system", "content": "You have access to the following tools: ..."},
            {"role": "user", "content": "first"},
            {"role": "user", "content": "second"},
        ]
    )
    prompt = build_prompt(scan(request))
    assert "System prompt: tool-using agent" in prompt
    assert "User turns so far: 2" in prompt
    assert prompt.rstrip().endswith("second\n>>>")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"taskType": "code_fix", "confidence": 0.5}', ("code_fix", 0.5)),
        ('{"taskType": "code_fix", "confidence": 7}', ("code_fix", 1.0)),
        ('{"taskType": "code_fix"}', ("code_fix", 0.7)),
        ('{"taskType": "unknown", "confidence": 0.5}', None),
        ("", None),
        (None, None),
    ],
)
def test_parse_answer(content: object, expected: tuple[str, float] | None) -> None:
    assert parse_answer(content) == expected


async def test_built_from_config(client: OllamaClient) -> None:
    config = ClassificationConfig(mode="model", optional_classifier_model=MODEL)
    classifier = get_async_classifier("model", config, client)
    assert isinstance(classifier, ModelClassifier)
    assert classifier.fallback.name == "enhanced"


async def test_router_and_dry_run_report_the_deciding_mode() -> None:
    data = gex44_data(
        **{
            "router.classification.mode": "model",
            "router.classification.optionalClassifierModel": TRIAGE_MODEL,
            "router.classification.classifierTimeoutMs": 2000,
        }
    )
    async with stack(data) as s:
        s.sim.add_response(answer("triage", 0.9), model=TRIAGE_MODEL, contains="Last user turn")
        body = {"model": "auto", "messages": [{"role": "user", "content": "hello, route me"}]}
        status, dry, _ = await s.post("/v1/router/route", body)
        assert status == 200, dry
        assert dry["classification"]["mode"] == "model"
        assert dry["classification"]["taskType"] == "triage"
        status, done, _ = await s.post("/v1/chat/completions", body)
        assert status == 200, done
        assert done["router"]["classifier"] == "model"
        assert done["router"]["taskType"] == "triage"
        s.sim.set_fault("500", model=TRIAGE_MODEL, times=1)
        other = {"model": "auto", "messages": [{"role": "user", "content": "hi again"}]}
        status, dry, _ = await s.post("/v1/router/route", other)
        assert dry["classification"]["mode"] == FALLBACK_MODE


@pytest.mark.slow
async def test_oar_classify_asks_the_configured_model(sim: SimulatorHandle, tmp_path: Path) -> None:
    sim.add_response(answer("code_fix", 0.66))
    config = tmp_path / "router.yaml"
    data = gex44_data(**{"ollama.baseUrl": "http://127.0.0.1:9"})
    config.write_text(yaml.safe_dump(data))
    line = json.dumps({"id": 7, "messages": [{"role": "user", "content": "it crashes"}]})
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "ollama_agent_router", "classify", "-", "--mode", "model"),
        *("--config", str(config), "--ollama-url", sim.base_url, "--classifier-model", MODEL),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(line.encode()), timeout=60)
    assert process.returncode == 0, err.decode()
    record = json.loads(out)
    assert record == {"id": 7, "taskType": "code_fix", "confidence": 0.66, "mode": "model"}
