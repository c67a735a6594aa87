"""The request examples of SPEC §3/§5 through a real router and simulator."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.stack import gex44_data, stack
from support.waiting import until

VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"
DEEPSEEK = "deepseek-coder:6.7b"
GPT = "gpt-oss:20b"


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


def slow_sim(data: dict[str, Any], tokens_per_s: float = 20.0) -> SimulatorSettings:
    """A simulator where a reply takes a noticeable time (~1 s at 20 tokens/s)."""
    return SimulatorSettings(
        models=models_from_config(parse_config(data)),
        load_ms_per_gb=0,
        tokens_per_s=tokens_per_s,
        parallel=4,
    )


async def test_explicit_task_type() -> None:
    async with stack() as s:
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("anything at all", router={"taskType": "code_review"})
        )
    assert status == 200, body
    assert body["router"]["taskType"] == "code_review"
    assert body["router"]["selectedModel"] == DEEPSEEK
    assert body["router"]["fallbackModels"][0] == QWEN
    assert body["router"]["confidence"] == 1


async def test_pinned_model_and_auto_task_model_field() -> None:
    async with stack() as s:
        status, body, _ = await s.post("/v1/chat/completions", {**chat("hi"), "model": GPT})
        assert status == 200, body
        assert body["router"]["selectedModel"] == GPT
        status, body, _ = await s.post(
            "/v1/chat/completions", {**chat("hi"), "model": "auto:code_fix"}
        )
        assert status == 200, body
        # gpt-oss, just used, stays resident and qwen, first of the route, fits next to
        # it in Ollama's 80% of free VRAM (4.7 GiB of 6 GiB free; sched.go load)
        assert (body["router"]["taskType"], body["router"]["selectedModel"]) == (
            "code_fix",
            QWEN,
        )
        status, body, _ = await s.post("/v1/chat/completions", {**chat("hi"), "model": "gpt-4o"})
    assert status == 404
    assert body["error"]["param"] == "model"
    assert "auto" in body["error"]["message"]
    assert QWEN in body["error"]["message"]


async def test_forbidden_and_preferred_models() -> None:
    async with stack() as s:
        status, body, _ = await s.post(
            "/v1/chat/completions",
            chat("fix it", router={"taskType": "code_fix", "forbiddenModels": [QWEN]}),
        )
        assert status == 200, body
        assert body["router"]["selectedModel"] == DEEPSEEK
        assert QWEN not in body["router"]["fallbackModels"]
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("hello", router={"preferredModels": [DEEPSEEK]})
        )
    assert body["router"]["selectedModel"] == DEEPSEEK


async def test_gpu_only_with_too_little_vram_is_503() -> None:
    data = gex44_data(**{"gpu.vramTotalMb": 4096, "gpu.requireGpuOnlyByDefault": True})
    async with stack(data) as s:
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("plan", router={"taskType": "planning"})
        )
    assert status == 503
    assert GPT in body["error"]["message"]
    assert body["error"]["type"] == "overloaded_error"


async def test_bad_bodies_are_400_naming_the_field() -> None:
    async with stack() as s:
        cases = [
            ({"model": "auto"}, "messages"),
            ({"messages": []}, "messages"),
            ({"messages": ["hi"]}, "messages[0]"),
            ({"messages": [{"role": "robot", "content": "x"}]}, "messages[0].role"),
            ({"messages": [{"role": "user", "content": 5}]}, "messages[0].content"),
            (chat("x", router={"priority": "urgent"}), "router.priority"),
            (chat("x", router={"maxQueueTimeMs": -1}), "router.maxQueueTimeMs"),
            (chat("x", router=[1]), "router"),
            (chat("x", stream="yes"), "stream"),
        ]
        for body, field in cases:
            status, answer, _ = await s.post("/v1/chat/completions", body)
            assert status == 400, (body, answer)
            assert answer["error"]["param"] == field, answer
            assert answer["error"]["message"].startswith(field), answer
        async with s.http.post(
            s.url + "/v1/chat/completions",
            data=b"{nope",
            headers={"content-type": "application/json"},
        ) as response:
            assert response.status == 400
            assert "Malformed JSON" in (await response.json())["error"]["message"]


async def test_body_over_the_limit_is_413() -> None:
    async with stack(gex44_data(**{"server.requestBodyLimit": "1kb"})) as s:
        status, body, _ = await s.post("/v1/chat/completions", chat("x" * 2000))
    assert status == 413
    assert "requestBodyLimit" in body["error"]["message"]


async def test_explicit_async_gives_202_and_a_job_that_completes() -> None:
    async with stack() as s:
        status, body, headers = await s.post(
            "/v1/chat/completions", chat("summarize this", router={"mode": "async"})
        )
        assert status == 202, body
        assert body["object"] == "router.job"
        assert body["status"] == "queued"
        assert body["id"].startswith("job_gex44-a_")
        assert body["router"]["mode"] == "async"
        assert body["router"]["preferredModel"] == VIBE
        assert body["router"]["position"] >= 1
        assert headers["Location"].endswith(body["id"])
        job_id = body["id"]
        for _ in range(100):
            status, result = await s.get(f"/v1/jobs/{job_id}/result")
            if status != 202:
                break
            await asyncio.sleep(0.02)
        assert status == 200, result
        assert result["object"] == "chat.completion"
        assert result["router"]["mode"] == "async"
        status, job = await s.get(f"/v1/jobs/{job_id}")
        assert status == 200
        assert job["status"] == "succeeded"
        assert job["attempts"] == 1
        assert job["selected_model"] == VIBE
        assert job["request_json"]["model"] == VIBE
        assert "router" not in job["request_json"]
        status, _ = await s.get("/v1/jobs/job_gex44-a_nothere/result")
        assert status == 404


async def test_plain_clients_get_only_200s_under_load_async_clients_get_202s() -> None:
    data = gex44_data()
    async with stack(data, sim_settings=slow_sim(data, tokens_per_s=200)) as s:
        plain = await asyncio.gather(
            *(s.post("/v1/chat/completions", chat(f"hello number {i}")) for i in range(16))
        )
        assert [status for status, _, _ in plain] == [200] * 16
        opted_in = await asyncio.gather(
            *(
                s.post("/v1/chat/completions", chat(f"hi {i}", router={"allowAsync": True}))
                for i in range(16)
            )
        )
        for status, body, _ in opted_in:  # leave no job behind (the end-of-test invariant)
            if status == 202:
                async with s.http.delete(f"{s.url}/v1/jobs/{body['id']}") as response:
                    assert response.status == 200
    statuses = [status for status, _, _ in opted_in]
    assert 202 in statuses, statuses
    assert set(statuses) <= {200, 202}


async def test_force_sync_waits_instead_of_202() -> None:
    data = gex44_data(**{"router.syncMaxQueueTimeMs": 0})
    async with stack(data, sim_settings=slow_sim(data, tokens_per_s=400)) as s:
        answers = await asyncio.gather(
            *(
                s.post("/v1/chat/completions", chat(f"hey {i}", router={"mode": "sync"}))
                for i in range(6)
            )
        )
    assert [status for status, _, _ in answers] == [200] * 6


async def test_global_queue_limit_is_503_with_retry_after() -> None:
    data = gex44_data(**{"queue.globalMaxQueued": 2, "queue.globalMaxConcurrent": 1})
    async with stack(data, sim_settings=slow_sim(data)) as s:
        answers = await asyncio.gather(
            *(
                s.post("/v1/chat/completions", chat(f"hi {i}", router={"allowAsync": False}))
                for i in range(6)
            )
        )
    rejected = [(body, headers) for status, body, headers in answers if status == 503]
    assert rejected, [a[0] for a in answers]
    body, headers = rejected[0]
    assert headers["Retry-After"].isdigit()
    assert body["error"]["code"] == "global_queue_full"


async def test_per_user_queue_limit_is_429() -> None:
    data = gex44_data(**{"queue.perUserMaxQueued": 1, "queue.globalMaxConcurrent": 1})
    async with stack(data, sim_settings=slow_sim(data)) as s:
        answers = await asyncio.gather(
            *(s.post("/v1/chat/completions", chat(f"hi {i}")) for i in range(4))
        )
    statuses = sorted(status for status, _, _ in answers)
    assert 429 in statuses, statuses
    limited = next(a for a in answers if a[0] == 429)
    assert limited[1]["error"]["code"] == "per_user_queue_full"
    assert limited[2]["Retry-After"].isdigit()


async def test_priority_order_under_contention() -> None:
    data = gex44_data(**{"queue.globalMaxConcurrent": 1})
    async with stack(data, sim_settings=slow_sim(data, tokens_per_s=60)) as s:
        finished: list[str] = []

        async def send(name: str, priority: str, delay: float) -> None:
            await asyncio.sleep(delay)
            body = chat(f"hello {name}", router={"priority": priority, "mode": "sync"})
            status, answer, _ = await s.post("/v1/chat/completions", body)
            assert status == 200, answer
            finished.append(name)

        await asyncio.gather(
            send("first", "normal", 0),
            send("low", "low", 0.05),
            send("normal", "normal", 0.1),
            send("high", "high", 0.15),
        )
    assert finished == ["first", "high", "normal", "low"]


async def test_fallback_to_the_next_candidate_when_the_first_fails() -> None:
    async with stack() as s:
        s.sim.set_fault("500", model=QWEN)
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("x", router={"taskType": "code_fix"})
        )
        assert status == 200, body
        assert body["router"]["selectedModel"] == DEEPSEEK
        assert body["router"]["fallbackUsed"] is True
        assert body["router"]["attempts"][0]["model"] == QWEN
        assert body["router"]["attempts"][0]["status"] == 502


async def test_client_error_from_ollama_is_returned_not_retried() -> None:
    async with stack() as s:
        s.sim.set_fault("500", model=QWEN, status=400)
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("x", router={"taskType": "code_fix"})
        )
        state = s.sim.state
    assert status == 400, body
    assert state["requests"]["byModel"].get(DEEPSEEK, 0) == 0


async def test_ollama_down_is_503_unreachable() -> None:
    async with stack() as s:
        s.sim.pause_listening()
        await asyncio.sleep(0.05)
        status, body, _ = await s.post("/v1/chat/completions", chat("hello"))
        s.sim.resume_listening()
    assert status == 503, body
    assert "unreachable" in body["error"]["message"]


async def test_execution_timeout_is_504_and_aborts_upstream() -> None:
    data = gex44_data()
    async with stack(data, sim_settings=slow_sim(data, tokens_per_s=5)) as s:
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("hello", router={"maxExecutionTimeMs": 300})
        )
        assert status == 504, body
        await until(lambda: s.sim.state["aborted"] >= 1, within_s=3, what="no upstream abort")


async def test_no_per_request_probe_or_ps() -> None:
    async with stack() as s:
        before = s.sim.state["psHits"]
        started = time.monotonic()
        for _ in range(20):
            await asyncio.gather(*(s.post("/v1/chat/completions", chat("hi")) for _ in range(10)))
        elapsed = time.monotonic() - started
        after = s.sim.state["psHits"]
    # 200 requests; only the background refresher asks, at most every 250 ms when poked.
    assert after - before <= 2 + elapsed / 0.25, (before, after, elapsed)
    assert after - before < 20
