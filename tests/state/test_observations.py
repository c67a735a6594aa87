"""Learning rates from the router's own calls: the first call replaces the seed, later
ones move an average; native durations are used when the answer carries them."""

from __future__ import annotations

import json

import pytest

from ollama_agent_router.state.observations import Observation, Observations, usage_of

SIZES = {"m": 4.0}


def test_usage_from_openai_bytes_dicts_and_native() -> None:
    raw = json.dumps({"choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 34}})
    assert usage_of(raw.encode())[:2] == (12, 34)
    assert usage_of({"usage": {"prompt_tokens": 1, "completion_tokens": 2}})[:2] == (1, 2)
    native = {"eval_count": 5, "prompt_eval_count": 3, "eval_duration": 10**9}
    assert usage_of(native) == (3, 5, native)
    assert usage_of(b"not json") == (None, None, None)
    assert usage_of(None) == (None, None, None)


def test_warm_calls_teach_generation_speed_and_output_length() -> None:
    seen = Observations(SIZES, load_ms_per_gb=500)
    seed = seen.rates().model("m", 4.0, 500)
    assert seed.gen_tps == pytest.approx(250 / 4)
    # 400 tokens in 2 s with a negligible prompt: about 200 tok/s
    seen.record(Observation("m", "code_fix", 2000, cold=False, prompt_tokens=0, output_tokens=400))
    first = seen.rates().model("m", 4.0, 500)
    assert first.gen_tps == pytest.approx(200)
    assert first.service_ms == pytest.approx(2000)
    assert seen.rates().expected_output("code_fix") == 400
    seen.record(Observation("m", "code_fix", 1000, cold=False, prompt_tokens=0, output_tokens=100))
    second = seen.rates().model("m", 4.0, 500)
    assert 100 < second.gen_tps < 200  # moved towards 100 tok/s, not replaced
    assert 100 < seen.rates().expected_output("code_fix") < 400


def test_cold_calls_teach_the_load_time() -> None:
    seen = Observations(SIZES, load_ms_per_gb=500)
    seen.record(Observation("m", "triage", 1000, cold=False, prompt_tokens=0, output_tokens=100))
    # 100 tokens take 1 s warm; a cold call of 100 tokens taking 2.6 s loaded for ~1.6 s
    seen.record(Observation("m", "triage", 2600, cold=True, prompt_tokens=0, output_tokens=100))
    assert seen.rates().model("m", 4.0, 500).load_ms == pytest.approx(1600)


def test_native_durations_win() -> None:
    seen = Observations(SIZES, load_ms_per_gb=500)
    native = {
        "eval_count": 300,
        "eval_duration": 2 * 10**9,
        "prompt_eval_count": 1000,
        "prompt_eval_duration": 10**9 // 2,
        "load_duration": 3 * 10**9,
    }
    seen.record(
        Observation("m", "x", 6000, cold=True, prompt_tokens=1000, output_tokens=300, native=native)
    )
    rates = seen.rates().model("m", 4.0, 500)
    assert rates.gen_tps == pytest.approx(150)
    assert rates.prompt_tps == pytest.approx(2000)
    assert rates.load_ms == pytest.approx(3000)


def test_unknown_models_and_empty_calls_are_ignored() -> None:
    seen = Observations(SIZES, load_ms_per_gb=500)
    seen.record(Observation("ghost", "x", 100, cold=False))
    seen.record(Observation("m", "x", 0, cold=False))
    assert seen.count == 0
