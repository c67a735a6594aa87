"""The doctor's memory and context findings as tables over hand-built detections: the
gex44 models with the shapes and file sizes Ollama reports, held against the shipped
example as it was (``api: openai``, no ``contextLength``) and as it is now."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.setup.facts_builders import (
    DEEPSEEK,
    GEX44_MODELS,
    OSS,
    QWEN,
    VIBE,
    detection,
    gex44_detection,
    installed,
)

from ollama_agent_router.config import RouterConfig, parse_config
from ollama_agent_router.setup.budget import card_for, model_budgets
from ollama_agent_router.setup.doctor import Finding, diagnose, has_errors
from ollama_agent_router.setup.facts import Detection, LoadedModel

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "gex44.yaml"
NEW: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())


def gex44(changes: dict[str, Any] | None = None, **models: dict[str, Any]) -> RouterConfig:
    """The shipped example with ``changes`` (dotted keys; ``None`` removes the key) and
    per-model changes (``gpt_oss={"exclusive": False}`` by the model's short key)."""
    data = copy.deepcopy(NEW)
    for key, value in (changes or {}).items():
        node = data
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    names = {"vibe": VIBE, "qwen": QWEN, "deepseek": DEEPSEEK, "oss": OSS}
    for short, fields in models.items():
        entry = next(m for m in data["models"] if m["name"] == names[short])
        entry.update(fields)
    return parse_config(data)


def old_gex44(changes: dict[str, Any] | None = None) -> RouterConfig:
    """``examples/gex44.yaml`` as it shipped before: no contextLength, gpt-oss to 65536."""
    return gex44({"ollama.contextLength": None, **(changes or {})}, oss={"maxContext": 65536})


def found(config: RouterConfig, facts: Detection | None = None) -> list[Finding]:
    return diagnose(config, facts or gex44_detection(), port="free")


def codes(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.severity, f.code) for f in findings}


def one(findings: list[Finding], code: str) -> Finding:
    [finding] = [f for f in findings if f.code == code]
    return finding


def contexts(config: RouterConfig, facts: Detection | None = None) -> dict[str, int | None]:
    facts = facts or gex44_detection()
    return {b.name: b.context for b in model_budgets(config, facts, card_for(config, facts))}


def test_the_old_example_cuts_every_model_to_4096() -> None:
    """api: openai on a 20 GB card without OLLAMA_CONTEXT_LENGTH: Ollama's default, 4096."""
    config = old_gex44()
    assert set(contexts(config).values()) == {4096}
    findings = found(config)
    assert has_errors(findings)
    cut = one(findings, "context-cut")
    assert cut.severity == "error"
    message = cut.message
    assert "ollama.api is openai, which cannot send num_ctx" in message
    assert "Ollama loads every model with its default for 20475 MiB of VRAM: 4096 tokens" in message
    for name, configured in [(VIBE, 8192), (QWEN, 32768), (DEEPSEEK, 16384), (OSS, 65536)]:
        assert f"{name} ({configured})" in message
    assert "get only 4096 tokens of context" in message
    assert (
        "Fix: start Ollama with OLLAMA_CONTEXT_LENGTH=32768 and set ollama.contextLength: 32768 "
        "(and lower maxContext of gpt-oss:20b to 32768), or set ollama.api: native" in message
    )
    # Without a GPU here the config's card decides, the same way.
    assert one(found(config, gex44_detection(gpu_mb=None)), "context-cut").message.count("4096")


def test_the_shipped_example_is_clean() -> None:
    config = gex44()
    assert contexts(config) == {VIBE: 32768, QWEN: 32768, DEEPSEEK: 16384, OSS: 32768}
    findings = found(config)
    assert not has_errors(findings), [f.message for f in findings]
    assert codes(findings) == {("warning", "parallel"), ("info", "co-resident")}
    alone = one(findings, "co-resident").message
    assert alone.startswith("gpt-oss:20b runs alone (exclusive: true)")


def test_the_worked_example_is_what_the_table_says() -> None:
    """qwen2.5-coder:7b at 32768: 4.36 GiB weights + 1.75 GiB cache + 0.75 GiB batch."""
    facts = gex44_detection()
    config = gex44()
    budgets = {b.name: b for b in model_budgets(config, facts, card_for(config, facts))}
    qwen = budgets[QWEN].memory
    assert qwen is not None
    assert qwen.held == 4_683_087_332 + 1_879_048_192 + 805_306_368
    assert budgets[QWEN].weights_source == "/api/tags"
    assert budgets[DEEPSEEK].context_source == "ollama.contextLength, capped at the trained 16384"
    deepseek = budgets[DEEPSEEK].memory
    assert deepseek is not None
    assert deepseek.held_kv_cache == 8 * 1024**3  # 32 KV heads: 0.5 MiB per token


def test_a_48_gib_card_gets_ollamas_large_default() -> None:
    """≥ 47 GiB: Ollama's default is 262144, capped at each trained context; no cut."""
    config = old_gex44({"gpu.vramTotalMb": 49152})
    facts = gex44_detection(gpu_mb=49152)
    assert contexts(config, facts) == {VIBE: 131072, QWEN: 32768, DEEPSEEK: 16384, OSS: 131072}
    findings = found(config, facts)
    assert not has_errors(findings), [f.message for f in findings]
    assert ("error", "context-cut") not in codes(findings)


def test_native_api_sends_each_models_context() -> None:
    config = old_gex44({"ollama.api": "native"})
    assert contexts(config) == {VIBE: 8192, QWEN: 32768, DEEPSEEK: 16384, OSS: 65536}
    findings = found(config)
    assert not has_errors(findings), [f.message for f in findings]
    assert "context-cut" not in {f.code for f in findings}


def test_native_api_above_the_trained_context_is_capped() -> None:
    config = gex44({"ollama.api": "native"}, qwen={"maxContext": 65536})
    cut = one(found(config), "context-cut")
    assert cut.severity == "warning"
    assert cut.message == (
        "qwen2.5-coder:7b: maxContext 65536 is above the context it was trained for (32768, "
        "Ollama's /api/show), where Ollama caps it: set maxContext: 32768"
    )


def test_a_context_that_does_not_fit_names_the_largest_that_does() -> None:
    """Four slots multiply every cache by four: deepseek-coder at 16384 needs 35 GiB."""
    config = gex44({"ollama.api": "native", "ollama.numParallel": 4})
    findings = found(config, gex44_detection(env={"OLLAMA_NUM_PARALLEL": 4}))
    too_big = {f.message.split(" ")[0]: f for f in findings if f.code == "context-too-big"}
    assert set(too_big) == {DEEPSEEK}  # the others' caches are a few GiB even times four
    deepseek = too_big[DEEPSEEK]
    assert deepseek.severity == "error"  # gpu.requireGpuOnlyByDefault: true
    assert "at 16384 tokens of context" in deepseek.message
    assert "the largest context that fits is 4096: set its maxContext to 4096" in deepseek.message
    relaxed = gex44(
        {"ollama.api": "native", "ollama.numParallel": 4, "gpu.requireGpuOnlyByDefault": False}
    )
    findings = found(relaxed, gex44_detection(env={"OLLAMA_NUM_PARALLEL": 4}))
    assert {f.severity for f in findings if f.code == "context-too-big"} == {"warning"}


def test_openai_context_too_big_says_how_to_start_ollama() -> None:
    facts = gex44_detection(env={"OLLAMA_NUM_PARALLEL": 4})
    config = gex44(
        {"gpu.requireGpuOnlyByDefault": False, "ollama.numParallel": 4},
        deepseek={"maxContext": 8192},
    )
    deepseek = next(f for f in found(config, facts) if f.message.startswith(DEEPSEEK))
    assert deepseek.code == "context-too-big"
    assert (
        "start Ollama with OLLAMA_CONTEXT_LENGTH=4096 and set ollama.contextLength: 4096, or "
        "set ollama.api: native and give it maxContext: 4096" in deepseek.message
    )


def test_a_model_that_can_never_be_co_resident() -> None:
    config = gex44(oss={"exclusive": False})
    finding = one(found(config), "co-resident")
    assert finding.severity == "warning"
    assert finding.message.startswith(
        "gpt-oss:20b (14222 MB at 32768 tokens) can never stay loaded beside another configured "
        "model: next to the smallest other model, B-A-M-N/vibethinker:1.5b (5097 MB)"
    )
    assert "set exclusive: true" in finding.message
    # One model per server: nothing is ever co-resident, nothing to say.
    assert "co-resident" not in {f.code for f in found(gex44({"ollama.maxLoadedModels": 1}))}


def test_a_model_too_big_for_the_card_at_any_context() -> None:
    config = gex44({"gpu.vramTotalMb": 8188, "gpu.vramSafetyReserveMb": 1024})
    finding = one(found(config, gex44_detection(gpu_mb=8188)), "too-big")
    assert finding.severity == "error"
    assert finding.message.startswith(
        "gpt-oss:20b needs 15246 MB with the reserve but the GPU has 8188 MB, and "
        "gpu.requireGpuOnlyByDefault forbids a CPU/GPU split"
    )
    # the batch buffer shrinks to nothing when the prediction leaves no headroom
    assert "weights 13142 + KV cache 1080 + batch 0 MB at 32768 tokens x 1 slot(s)" in (
        finding.message
    )


def test_without_model_info_the_file_alone_is_counted() -> None:
    facts = detection([installed(name, shape=name != OSS) for name in GEX44_MODELS])
    findings = found(gex44(), facts)
    note = one(findings, "estimate")
    assert note.severity == "info"
    assert note.message.startswith("no model_info from Ollama's /api/show for gpt-oss:20b:")
    # Not installed at all: sizeGb stands in for the file.
    config = gex44()
    facts = detection([installed(VIBE)])
    budgets = {b.name: b for b in model_budgets(config, facts, card_for(config, facts))}
    assert budgets[OSS].weights == 14_000_000_000
    assert budgets[OSS].weights_source == "sizeGb"


def test_an_unknown_card_cannot_tell_the_default() -> None:
    config = old_gex44({"gpu.provider": "none", "gpu.vramTotalMb": 0, "gpu.monitor.enabled": False})
    facts = gex44_detection(gpu_mb=None, apple=True)
    cut = one(found(config, facts), "context-cut")
    assert cut.severity == "warning"
    assert cut.message.startswith("cannot tell what context Ollama gives B-A-M-N/vibethinker")
    # With the server's context in the config there is nothing to guess.
    assert "context-cut" not in {f.code for f in found(gex44(), facts)}


def test_the_running_server_is_the_truth() -> None:
    """A model loaded now with 4096 tokens (``/api/ps``): most likely the server was not
    restarted with OLLAMA_CONTEXT_LENGTH, whatever the config says."""
    loaded = LoadedModel(QWEN, 5 * 1024**3, 5 * 1024**3, context_length=4096)
    cut = one(found(gex44(), gex44_detection(loaded=[loaded])), "context-cut")
    assert cut.severity == "warning"  # a client with its own num_ctx may have loaded it so
    assert "Ollama has them loaded now with 4096 tokens (/api/ps)" in cut.message
    assert "qwen2.5-coder:7b (32768) get only 4096" in cut.message


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"OLLAMA_CONTEXT_LENGTH": 32768}, set()),
        (
            {"OLLAMA_CONTEXT_LENGTH": 8192},
            {("warning", "context-setting"), ("error", "context-cut")},
        ),
    ],
)
def test_the_shells_ollama_context_length(env: dict[str, int], expected: set[Any]) -> None:
    findings = found(gex44(), gex44_detection(env=env))
    assert codes(findings) - {("warning", "parallel"), ("info", "co-resident")} == expected
    if expected:
        assert (
            "ollama.contextLength is 32768 but OLLAMA_CONTEXT_LENGTH=8192 here"
            in one(findings, "context-setting").message
        )


def test_a_remote_ollama_is_held_against_the_configs_card() -> None:
    """The doctor runs on a laptop with its own 8 GB GPU; Ollama runs on the gex44."""
    laptop = gex44_detection(gpu_mb=8188)
    here = card_for(gex44(), laptop)
    there = card_for(gex44({"ollama.baseUrl": "http://gex44-a:11434"}), laptop)
    assert (here.total_mb, there.total_mb, there.source) == (8188, 20480, "gpu.vramTotalMb")
