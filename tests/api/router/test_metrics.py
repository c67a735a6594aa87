"""``GET /metrics``: parses as Prometheus text, carries every listed metric, and the
counters move with traffic."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from ollama_agent_router.api.app import create_app
from ollama_agent_router.config import parse_config
from ollama_agent_router.metrics import node_queued
from support.fleet import Fleet, fleet
from support.stack import Stack, gex44_data, stack

QWEN = "qwen2.5-coder:7b"
VIBE = "B-A-M-N/vibethinker:1.5b"
CHAT = "/v1/chat/completions"

LISTED = {
    "oar_queue_global_queued",
    "oar_queue_global_running",
    "oar_ollama_reachable",
    "oar_gpu_vram_free_mb",
    "oar_gpu_utilization_pct",
    "oar_model_queue_depth",
    "oar_model_running",
    "oar_model_loaded",
    "oar_jobs_retained",
    "oar_jobs",
    "oar_jobs_by_model",
    "oar_requests",
    "oar_request_duration_seconds",
    "oar_queue_wait_seconds",
    "oar_time_to_first_token_seconds",
    "oar_tokens_generated",
    "oar_fallbacks",
    "oar_rejections",
}

FLEET_LISTED = {
    "oar_fleet_node_up",
    "oar_fleet_node_snapshot_age_seconds",
    "oar_fleet_node_queued",
}

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


async def scrape(s: Stack | Fleet) -> tuple[set[str], Samples]:
    async with s.http.get(s.url + "/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    families = list(text_string_to_metric_families(text))
    samples: Samples = {}
    for family in families:
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return {family.name for family in families}, samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_every_listed_metric_is_exposed_with_state_gauges() -> None:
    async with stack(gex44_data(**{"gpu.provider": "static"})) as s:
        names, samples = await scrape(s)
    assert names >= LISTED, LISTED - names
    assert value(samples, "oar_ollama_reachable") == 1
    assert value(samples, "oar_gpu_vram_free_mb") == 20480
    assert value(samples, "oar_queue_global_queued") == 0
    assert value(samples, "oar_model_queue_depth", model=QWEN) == 0
    assert value(samples, "oar_model_running", model=VIBE) == 0
    assert value(samples, "oar_jobs_retained", status="queued") == 0
    assert not {name for name in names if name.startswith("oar_fleet_")}  # a node, no fleet


async def test_a_gateway_has_a_gauge_per_node_up_age_and_queue() -> None:
    async with fleet("node-a", "node-b", pollIntervalMs=100) as f:
        names, samples = await scrape(f)
        assert names >= FLEET_LISTED
        for node in ("node-a", "node-b"):
            assert value(samples, "oar_fleet_node_up", node=node) == 1
            assert 0 <= value(samples, "oar_fleet_node_snapshot_age_seconds", node=node) < 5
            assert value(samples, "oar_fleet_node_queued", node=node) == 0
        await f.kill("node-b")
        await f.until(
            lambda s: any(n["status"] == "unavailable" for n in s["fleet"]["nodes"]),
        )
        _, samples = await scrape(f)
    assert value(samples, "oar_fleet_node_up", node="node-a") == 1
    assert value(samples, "oar_fleet_node_up", node="node-b") == 0
    assert ("oar_fleet_node_snapshot_age_seconds", frozenset({("node", "node-b")})) in samples
    assert ("oar_fleet_node_queued", frozenset({("node", "node-b")})) not in samples  # stale


@pytest.mark.parametrize(
    ("queues", "queued"),
    [
        ({"globalQueued": 3, "byModel": [{"model": "a", "queued": 2}, {"queued": 1}]}, 3),
        ({"globalQueued": 4}, 4),
        ({"byModel": [{"queued": True}, "junk"]}, 0),
        (None, 0),
    ],
)
def test_a_nodes_queue_is_the_sum_of_its_models_queues(queues: Any, queued: float) -> None:
    assert node_queued(queues) == queued


async def test_counters_move_with_traffic() -> None:
    async with stack() as s:
        _, before = await scrape(s)
        for text in ("hello", "hi there"):
            status, body, _ = await s.post(CHAT, chat(text))
            assert status == 200, body
        streamed = chat("hello", stream=True, stream_options={"include_usage": True})
        async with s.http.post(s.url + CHAT, json=streamed) as response:
            assert response.status == 200
            await response.read()
        s.sim.set_fault("500", model=QWEN, times=1)
        status, body, _ = await s.post(CHAT, chat("fix", router={"taskType": "code_fix"}))
        assert status == 200
        assert body["router"]["fallbackUsed"] is True
        status, job, _ = await s.post(CHAT, chat("later", router={"mode": "async"}))
        assert status == 202
        for _ in range(100):
            _, done = await s.get(f"/v1/jobs/{job['id']}")
            if done["status"] == "succeeded":
                break
            await asyncio.sleep(0.02)
        rejected, _, _ = await s.post(
            CHAT, chat("plan", router={"taskType": "planning", "forbiddenModels": ["gpt-oss:20b"]})
        )
        assert rejected == 503
        await s.get("/v1/jobs/job_gex44-a_missing")
        _names, after = await scrape(s)
    assert value(after, "oar_requests_total", route=CHAT, status="200", model=VIBE) == 3
    assert value(after, "oar_requests_total", route=CHAT, status="202", model=VIBE) == 1
    assert value(after, "oar_requests_total", route="/v1/jobs/{job_id}", status="404", model="")
    assert value(after, "oar_request_duration_seconds_count", route=CHAT) == 6
    assert value(before, "oar_request_duration_seconds_count", route=CHAT) == 0
    assert value(after, "oar_queue_wait_seconds_count", model=VIBE) == 3
    assert value(after, "oar_time_to_first_token_seconds_count", model=VIBE) == 1
    assert value(after, "oar_tokens_generated_total", model=VIBE) > 10
    assert value(after, "oar_fallbacks_total", from_model=QWEN, to_model="deepseek-coder:6.7b") == 1
    assert value(after, "oar_rejections_total", reason="no_model_available") == 1
    for status in ("queued", "running", "succeeded"):
        assert value(after, "oar_jobs_total", status=status) == 1
        assert value(after, "oar_jobs_by_model_total", status=status, model=VIBE) == 1
    assert value(after, "oar_jobs_retained", status="succeeded") == 1


async def test_two_apps_in_one_process_keep_separate_registries() -> None:
    config = parse_config(gex44_data())
    create_app(config)
    create_app(config)  # a shared default registry would raise "Duplicated timeseries"
