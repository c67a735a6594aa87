"""The runtime-agent plane (SPEC §5) through a real router and simulator: capabilities,
runtime, execute (sync and streamed) and jobs, field by field."""

from __future__ import annotations

import asyncio
import json
import re
import time
from types import SimpleNamespace
from typing import Any

import pytest

from ollama_agent_router.api.runtime.direct import ClassificationIn, gateway_classification
from ollama_agent_router.api.runtime.plane import config_digest, describe, redacted_url
from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import parse_config
from ollama_agent_router.gpu.snapshot import GpuDevice, GpuSnapshot
from ollama_agent_router.routing import RoutingPolicy
from ollama_agent_router.routing.footprint import OllamaServer
from ollama_agent_router.routing.state import StateView
from ollama_agent_router.routing.state_codec import view_from_dict
from support.stack import gex44_data, poll_job, stack

QWEN = "qwen2.5-coder:7b"
VIBE = "B-A-M-N/vibethinker:1.5b"
GPT = "gpt-oss:20b"
NODE = "gex44-a"


def request(text: str = "hello there", **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


class CountingMonitor:
    """A GPU monitor that counts reads and may report nothing."""

    def __init__(self, *, snapshot: bool = True) -> None:
        self.reads = 0
        self.snapshot = snapshot

    async def read(self) -> GpuSnapshot | None:
        self.reads += 1
        if not self.snapshot:
            return None
        device = GpuDevice(0, "Sim GPU", 20480, 1024, 19456, 7)
        return GpuSnapshot("nvidia", (device,), time.monotonic(), source="test")

    def close(self) -> None:
        pass


async def test_capabilities_from_config_alone_with_ollama_down() -> None:
    monitor = CountingMonitor()
    async with stack(overrides=Overrides(gpu_monitor=monitor, shutdown_grace_s=1)) as s:
        s.sim.pause_listening()
        await asyncio.sleep(0.01)
        reads, sim_requests = monitor.reads, s.sim.state["psHits"]
        for _ in range(3):
            status, body = await s.get("/v1/router/capabilities")
            assert status == 200, body
        assert monitor.reads == reads, "capabilities read the GPU"
        s.sim.resume_listening()
        assert s.sim.state["psHits"] == sim_requests, "capabilities asked Ollama"
    assert set(body) == {
        "nodeId",
        "status",
        "version",
        "router",
        "gpu",
        "queue",
        "ollama",
        "models",
        "routes",
        "configDigest",
    }
    assert body["nodeId"] == NODE
    assert body["status"] == "ok"
    assert isinstance(body["version"], str)
    assert body["version"]
    assert body["router"]["defaultTaskType"] == "unknown"
    assert body["router"]["heavyLoadQueueDepth"] == 3
    assert body["gpu"] == {
        "requireGpuOnlyByDefault": True,
        "vramSafetyReserveMb": 1536,
        "vramTotalMb": 20480,
        "maxGpuUtilizationPct": 92,
    }
    assert body["queue"] == {
        "defaultPriority": "normal",
        "timeoutMs": 180000,
        "globalMaxConcurrent": 3,
        "globalMaxQueued": 100,
        "perUserMaxQueued": 20,
    }
    assert [m["name"] for m in body["models"]] == [VIBE, QWEN, "deepseek-coder:6.7b", GPT]
    assert body["models"][3]["exclusive"] is True
    assert body["routes"]["code_review"] == ["deepseek-coder:6.7b", QWEN]


async def test_runtime_shape_and_real_snapshot_age() -> None:
    async with stack() as s:
        await asyncio.sleep(0.06)
        status, body = await s.get("/v1/router/runtime")
    assert status == 200
    assert set(body) == {
        "nodeId",
        "status",
        "timestamp",
        "ollama",
        "gpu",
        "loadedModels",
        "queues",
        "jobs",
        "configDigest",
        "view",
    }
    assert body["nodeId"] == NODE
    assert body["status"] == "ok"
    assert body["timestamp"].endswith("Z")
    assert body["ollama"] == {"baseUrl": s.sim.base_url, "reachable": True}
    gpu = body["gpu"]
    for key in (
        "provider",
        "name",
        "vramTotalMb",
        "vramUsedMb",
        "vramFreeMb",
        "utilizationPct",
        "snapshotAgeMs",
    ):
        assert key in gpu, key
    assert gpu["vramTotalMb"] == 20480
    # The static snapshot was taken at startup; its age grows until the next refresh.
    assert 50 <= gpu["snapshotAgeMs"] < 5000
    assert body["loadedModels"] == []
    queues = body["queues"]
    assert queues["globalQueued"] == 0
    assert queues["globalRunning"] == 0
    assert {"model": QWEN, "queued": 0, "running": 0, "concurrency": 1} in queues["byModel"]
    assert body["jobs"] == {
        "queued": 0,
        "running": 0,
        "succeededRetained": 0,
        "failedRetained": 0,
        "cancelledRetained": 0,
        "expiredRetained": 0,
    }


async def test_runtime_unavailable_when_ollama_is_unreachable() -> None:
    async with stack() as s:
        s.sim.pause_listening()
        # A failed execution pokes the live state, which then finds Ollama gone.
        await s.post("/v1/router/execute", {"selectedModel": VIBE, "request": request()})
        for _ in range(100):
            _, body = await s.get("/v1/router/runtime")
            if body["status"] == "unavailable":
                break
            await asyncio.sleep(0.03)
        s.sim.resume_listening()
    assert body["status"] == "unavailable"
    assert body["ollama"]["reachable"] is False


async def test_runtime_degraded_when_gpu_monitoring_has_no_snapshot() -> None:
    data = gex44_data(**{"gpu.monitor.enabled": True})
    overrides = Overrides(gpu_monitor=CountingMonitor(snapshot=False), shutdown_grace_s=1)
    async with stack(data, overrides=overrides) as s:
        _, body = await s.get("/v1/router/runtime")
    assert body["status"] == "degraded"
    assert body["gpu"]["provider"] == "nvidia"
    assert body["gpu"]["snapshotAgeMs"] is None
    assert body["gpu"]["vramFreeMb"] is None


async def test_runtime_gpu_from_a_monitor_snapshot() -> None:
    data = gex44_data(**{"gpu.monitor.enabled": True})
    async with stack(data, overrides=Overrides(gpu_monitor=CountingMonitor())) as s:
        _, body = await s.get("/v1/router/runtime")
    assert body["status"] == "ok"
    gpu = body["gpu"]
    assert (gpu["name"], gpu["vramTotalMb"], gpu["vramUsedMb"]) == ("Sim GPU", 20480, 1024)
    assert (gpu["vramFreeMb"], gpu["utilizationPct"]) == (19456, 7)


async def test_execute_runs_exactly_the_selected_model_without_routing() -> None:
    async with stack() as s:
        # A greeting routes to vibethinker; the gateway chose gpt-oss, and gpt-oss runs.
        status, body, headers = await s.post(
            "/v1/router/execute",
            {
                "selectedModel": GPT,
                "request": request("hi", router={"taskType": "triage"}),
                "routerDecision": {"taskType": "planning", "score": 12.5, "reason": "kong"},
            },
        )
        by_model = s.sim.state["requests"]["byModel"]
    assert status == 200, body
    assert set(body) == {"result", "nodeId", "selectedModel", "queueTimeMs", "executionTimeMs"}
    assert body["nodeId"] == NODE
    assert body["selectedModel"] == GPT
    assert body["result"]["object"] == "chat.completion"
    assert body["result"]["model"] == GPT
    assert "router" not in body["result"]
    assert body["queueTimeMs"] >= 0
    assert body["executionTimeMs"] > 0
    assert by_model == {GPT: 1}
    assert headers["x-router-selected-model"] == GPT
    assert headers["x-router-task-type"] == "planning"
    assert headers["x-router-decision-reason"] == "kong"


async def test_execute_streams_with_router_headers() -> None:
    async with (
        stack() as s,
        s.http.post(
            s.url + "/v1/router/execute",
            json={"selectedModel": QWEN, "request": request("write a function", stream=True)},
        ) as response,
    ):
        text = await response.text()
        headers = response.headers
    assert response.status == 200
    assert headers["content-type"].startswith("text/event-stream")
    assert headers["x-router-selected-model"] == QWEN
    assert headers["x-router-task-type"] == "unknown"
    assert "x-router-queue-time-ms" in headers
    events = [line[6:] for line in text.split("\n\n") if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert {c["model"] for c in chunks} == {QWEN}
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])


async def test_execute_queues_behind_the_model_limit() -> None:
    async with stack() as s:
        s.sim.set_fault("delay", delay_ms=300, model=QWEN, times=2)
        body = {"selectedModel": QWEN, "request": request()}
        first, second = await asyncio.gather(
            s.post("/v1/router/execute", body), s.post("/v1/router/execute", body)
        )
    assert first[0] == second[0] == 200
    waits = sorted(answer["queueTimeMs"] for _, answer, _ in (first, second))
    assert waits[0] < 100
    assert waits[1] >= 250


async def test_execute_times_out_with_queue_timeout() -> None:
    async with stack(gex44_data(**{"queue.timeoutMs": 300})) as s:
        s.sim.set_fault("hang", model=VIBE, times=1)
        status, body, _ = await s.post(
            "/v1/router/execute", {"selectedModel": VIBE, "request": request()}
        )
    assert status == 504, body
    assert body["error"]["type"] == "timeout_error"


@pytest.mark.parametrize("path", ["/v1/router/execute", "/v1/router/jobs"])
async def test_unknown_model_is_404(path: str) -> None:
    async with stack() as s:
        status, body, _ = await s.post(path, {"selectedModel": "llama9:1b", "request": request()})
    assert status == 404
    assert body["error"]["param"] == "selectedModel"
    assert body["error"]["code"] == "model_not_found"
    assert "llama9:1b" in body["error"]["message"]


BAD_BODIES = [
    ({"request": request()}, "selectedModel"),
    ({"selectedModel": "", "request": request()}, "selectedModel"),
    ({"selectedModel": QWEN}, "request"),
    ({"selectedModel": QWEN, "request": "hello"}, "request"),
    ({"selectedModel": QWEN, "request": {"messages": []}}, "request.messages"),
    (
        {"selectedModel": QWEN, "request": {"messages": [{"content": "x"}]}},
        "request.messages[0].role",
    ),
    ({"selectedModel": QWEN, "request": request(), "priority": "urgent"}, "priority"),
    (
        {"selectedModel": QWEN, "request": request(), "routerDecision": {"priority": 3}},
        "routerDecision.priority",
    ),
    (
        {"selectedModel": QWEN, "request": request(), "classification": {"confidence": 2}},
        "classification.confidence",
    ),
]


async def test_bad_bodies_are_400_naming_the_field() -> None:
    async with stack() as s:
        for body, field in BAD_BODIES:
            path = "/v1/router/jobs" if "classification" in body else "/v1/router/execute"
            status, answer, _ = await s.post(path, body)
            assert status == 400, (body, answer)
            assert answer["error"]["param"] == field, (body, answer)
            assert answer["error"]["message"].startswith(field), answer
        status, answer, _ = await s.post("/v1/router/jobs", [1, 2])
        assert status == 400
        assert answer["error"]["param"] == "body"


async def test_jobs_accepts_with_node_id_and_runs_the_selected_model() -> None:
    async with stack() as s:
        status, body, headers = await s.post(
            "/v1/router/jobs",
            {"selectedModel": "deepseek-coder:6.7b", "request": request("hi", stream=True)},
        )
        assert status == 202, body
        assert set(body) == {"id", "status", "position", "nodeId", "selectedModel"}
        assert body["id"].startswith(f"job_{NODE}_")
        assert body["status"] == "queued"
        assert body["position"] >= 1
        assert body["nodeId"] == NODE
        assert body["selectedModel"] == "deepseek-coder:6.7b"
        assert headers["Location"] == f"/v1/jobs/{body['id']}"
        job = await poll_job(s, body["id"])
        _, result = await s.get(f"/v1/jobs/{body['id']}/result")
    assert job["status"] == "succeeded"
    assert job["selected_model"] == "deepseek-coder:6.7b"
    assert job["task_type"] == "unknown"  # router.defaultTaskType
    assert job["priority"] == "normal"  # queue.defaultPriority
    assert result["model"] == "deepseek-coder:6.7b"
    assert result["router"]["jobId"] == body["id"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "normal"),
        ({"routerDecision": {"priority": "low"}}, "low"),
        ({"priority": "high", "routerDecision": {"priority": "low"}}, "high"),
    ],
)
async def test_job_priority_precedence(extra: dict[str, Any], expected: str) -> None:
    async with stack() as s:
        status, body, _ = await s.post(
            "/v1/router/jobs",
            {
                "selectedModel": VIBE,
                "request": request(),
                "classification": {"taskType": "triage"},
                **extra,
            },
        )
        assert status == 202, body
        job = await poll_job(s, body["id"])
    assert job["priority"] == expected
    assert job["task_type"] == "triage"


async def test_plane_under_base_path() -> None:
    async with stack(gex44_data(**{"server.basePath": "/ollama-router"})) as s:
        assert (await s.get("/v1/router/capabilities"))[0] == 200
        assert (await s.get("/v1/router/runtime"))[0] == 200
        status, body, headers = await s.post(
            "/v1/router/jobs", {"selectedModel": VIBE, "request": request()}
        )
        assert status == 202
        assert headers["Location"] == f"/ollama-router/v1/jobs/{body['id']}"
        status, _, _ = await s.post(
            "/v1/router/execute", {"selectedModel": VIBE, "request": request()}
        )
        assert status == 200
        root = s.url.removesuffix("/ollama-router")
        async with s.http.get(root + "/v1/router/capabilities") as response:
            assert response.status == 404


def test_classification_defaults() -> None:
    services: Any = SimpleNamespace(
        config=SimpleNamespace(router=SimpleNamespace(default_task_type="unknown"))
    )
    given = gateway_classification(services, None, None)
    assert given.as_dict() | {"mode": None} == {
        "taskType": "unknown",
        "complexity": "medium",
        "requiresLargeContext": False,
        "requiresToolUse": False,
        "confidence": 1.0,
        "mode": None,
        "estimatedTokens": 0,
    }
    partial = gateway_classification(
        services, ClassificationIn(complexity="heavy", requiresToolUse=True), "planning"
    )
    assert (partial.task_type, partial.complexity, partial.requires_tool_use) == (
        "planning",
        "heavy",
        True,
    )
    assert partial.confidence == 1.0


@pytest.mark.parametrize("task_type", ["\u20ac-task", "a\r\nSet-Cookie: x=1", "nul\x00", "100%"])
async def test_a_task_type_outside_visible_ascii_is_encoded_and_frees_the_slot(
    task_type: str,
) -> None:
    """A header value built from a request is percent-encoded (never a 500 or a dropped
    connection), and the stream's slot is free again afterwards."""
    from urllib.parse import unquote

    body = {
        "selectedModel": GPT,
        "request": request("write a function", stream=True),
        "routerDecision": {"taskType": task_type},
    }
    async with stack() as s:
        for _ in range(2):  # the second call would wait for ever on a leaked slot
            async with s.http.post(s.url + "/v1/router/execute", json=body) as response:
                text = await response.text()
                assert response.status == 200, text
                header = response.headers["x-router-task-type"]
            assert header.isascii()
            assert header.isprintable()
            assert unquote(header) == task_type
            assert text.rstrip().endswith("data: [DONE]")
        _, status = await s.get("/v1/router/status")
    (gpt,) = [m for m in status["queue"]["byModel"] if m["model"] == GPT]
    assert gpt["running"] == gpt["queued"] == 0


# --- what a fleet gateway reads to run this node's routing -----------------------------


async def test_runtime_view_is_the_nodes_own_routing_state() -> None:
    """The view decodes into the node's ``StateView``: what is loaded, queued and running
    there, the same as the runtime's other fields say."""
    async with stack() as s:
        assert s.services is not None
        body = {"selectedModel": QWEN, "request": request()}
        for model in (VIBE, QWEN):  # both loaded
            await s.post("/v1/router/execute", {"selectedModel": model, "request": request()})
        s.sim.set_fault("delay", delay_ms=3000, model=QWEN, times=2)
        calls = [asyncio.create_task(s.post("/v1/router/execute", body)) for _ in range(2)]
        for _ in range(200):
            _, runtime = await s.get("/v1/router/runtime")
            view = view_from_dict(runtime["view"])
            busy = view.running.get(QWEN) == 1 and view.queued.get(QWEN) == 1
            if busy and {VIBE, QWEN} <= set(view.loaded):
                break
            await asyncio.sleep(0.02)
        own = s.services.view()
        # the view holds the scheduler's live counters: copied before the calls end
        own_loaded, own_queued = dict(own.loaded), dict(own.queued)
        own_running = dict(own.running)
        answers = await asyncio.gather(*calls)
    assert [status for status, _, _ in answers] == [200, 200]
    assert isinstance(view, StateView)
    assert (view.running[QWEN], view.queued[QWEN]) == (1, 1)
    assert view.loaded == own_loaded
    assert set(view.loaded) >= {VIBE, QWEN}
    assert view.queued == own_queued
    assert view.running == own_running
    assert view.capabilities == own.capabilities
    assert view.residency is not None
    assert own.residency is not None
    assert list(view.residency.residents) == list(own.residency.residents)
    assert view.residency.budget == own.residency.budget
    assert view.residency.needs == own.residency.needs
    # the same as the fields a Kong plugin reads
    assert {m["configuredName"] for m in runtime["loadedModels"]} == set(view.loaded)
    by_model = {q["model"]: q for q in runtime["queues"]["byModel"]}
    assert {m: q["queued"] for m, q in by_model.items() if q["queued"]} == {
        m: n for m, n in view.queued.items() if n
    }


async def test_config_digest_is_stable_and_follows_the_config() -> None:
    """One digest in both answers, the same after a restart with the same config (even
    on another Ollama port), another once a route changes."""
    async with stack() as s:
        _, first = await s.get("/v1/router/capabilities")
        _, again = await s.get("/v1/router/capabilities")
        _, runtime = await s.get("/v1/router/runtime")
    digest = first["configDigest"]
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert again["configDigest"] == runtime["configDigest"] == digest
    described = {key: value for key, value in first.items() if key != "configDigest"}
    assert config_digest(described) == digest
    async with stack() as s:
        _, restarted = await s.get("/v1/router/capabilities")
    assert restarted["configDigest"] == digest
    changed = gex44_data(**{"routes.code_review": [QWEN]})
    async with stack(changed) as s:
        _, other = await s.get("/v1/router/capabilities")
        _, other_runtime = await s.get("/v1/router/runtime")
    assert other["configDigest"] != digest
    assert other_runtime["configDigest"] == other["configDigest"]


@pytest.mark.parametrize(
    "change",
    [
        {"routes.triage": [QWEN]},
        {"models": [{**m, "priority": 1} for m in gex44_data()["models"]]},
        {"router.heavyLoadQueueDepth": 9},
        {"router.residency.offPurposePenaltyMs": 1},
        {"ollama.numParallel": 2},
        {"ollama.api": "native"},
        {"gpu.vramSafetyReserveMb": 0},
        {"queue.timeoutMs": 1000},
    ],
)
def test_any_routing_setting_changes_the_digest(change: dict[str, Any]) -> None:
    base = config_digest(describe(parse_config(gex44_data())))
    assert config_digest(describe(parse_config(gex44_data()))) == base
    assert config_digest(describe(parse_config(gex44_data(**change)))) != base


def test_the_nodes_routing_policy_rebuilds_from_its_capabilities() -> None:
    """``gpu``, ``queue`` and ``ollama`` are config keys: a gateway that parses them with
    ``router``, ``models`` and ``routes`` gets the node's own policy and footprints."""
    config = parse_config(gex44_data(**{"ollama.api": "native", "ollama.kvCacheType": "q8_0"}))
    described = json.loads(json.dumps(describe(config)))
    sections = ("router", "gpu", "queue", "ollama", "models", "routes")
    rebuilt = parse_config({key: described[key] for key in sections})
    assert RoutingPolicy.from_config(rebuilt) == RoutingPolicy.from_config(config)
    assert OllamaServer.from_config(rebuilt) == OllamaServer.from_config(config)
    assert rebuilt.ollama.max_loaded_models == config.ollama.max_loaded_models


SECRET_HASH = "sha256:" + "ab" * 32


async def test_capabilities_has_the_ollama_settings_and_no_secret() -> None:
    data = gex44_data(
        **{
            "ollama.kvCacheType": "q8_0",
            "access.admin.apiKeyHashes": [SECRET_HASH],
            "access.managed.apiKeys": [
                {
                    "id": "kong",
                    "keyHash": SECRET_HASH.replace("ab", "cd"),
                    "scopes": ["runtimeAgent"],
                }
            ],
        }
    )
    async with stack(data) as s:
        _, body = await s.get("/v1/router/capabilities")
        _, runtime = await s.get("/v1/router/runtime")
    assert body["ollama"] == {
        "api": "openai",
        "contextLength": 32768,
        "numParallel": 1,
        "kvCacheType": "q8_0",
        "gpuOverheadMb": 0,
        "maxLoadedModels": 0,
        "keepAlive": "5m",
        "requestTimeoutMs": 120000,
    }
    for answer in (body, runtime):
        text = json.dumps(answer)
        assert "sha256:" not in text
        assert "keyHash" not in text
        assert "apiKey" not in text
    assert "baseUrl" not in json.dumps(body)  # the URL is runtime's, masked


def test_an_ollama_password_is_never_described() -> None:
    config = parse_config(gex44_data(**{"ollama.baseUrl": "http://oar:s3cret@gpu-1:11434"}))
    assert "s3cret" not in json.dumps(describe(config))
    assert redacted_url(config.ollama.base_url) == "http://oar:***@gpu-1:11434"
