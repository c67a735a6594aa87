"""The simulator against Ollama v0.33: one test per behaviour, each naming the Ollama
function it follows, with the numbers worked out by hand in the docstring or comment.

Sockets where the wire is the point; the scheduler objects directly where the order of
events is (the stall). No test times anything: durations are the simulated ones the
answers report.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from tests.simulator.sim_helpers import settle, wait_until

from ollama_agent_router.routing.memory import GIB, MIB
from ollama_agent_router.simulator import SimModel, Simulator, SimulatorSettings, run_simulator
from ollama_agent_router.simulator.plan import plan_key
from ollama_agent_router.simulator.scheduler import Demand, Lease, Scheduler

QWEN = "qwen2.5-coder:7b"
GPT = "gpt-oss:20b"
LLAMA = "llama3.2:3b"
QWEN_FILE = 4_683_087_332
GPT_FILE = 13_780_154_624
LLAMA_FILE = 2_019_393_189
#: KV cache per token (f16), 2 × blocks × KV heads × (embedding / heads) × 2 bytes.
QWEN_KV = 2 * 28 * 4 * 128 * 2  # 57 344
GPT_KV = 2 * 24 * 8 * 45 * 2  # 34 560 (2880 / 64 = 45, not key_length 64)
LLAMA_KV = 2 * 28 * 8 * 128 * 2  # 114 688


def sim_settings(**changes: Any) -> SimulatorSettings:
    """The default library models on the default 20 GiB card, instantly, seeded."""
    return SimulatorSettings(**{"instant": True, "seed": 3, **changes})


def chat(model: str, text: str = "hi", **extra: Any) -> dict[str, Any]:
    messages = [{"role": "user", "content": text}]
    return {"model": model, "messages": messages, "stream": False, **extra}


async def ps(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in (await client.get("/api/ps")).json()["models"]}


# Memory (llm/llama_server.go PredictServerVRAM, server/sched.go load,
# generationBatchSurcharge) and real metadata (/api/show, /api/tags).


@pytest.mark.parametrize(
    ("changes", "options", "context", "size"),
    [
        # 28 blocks × 4 KV heads × 128 × 32768 × 2 × 2 = 1 879 048 192; batch 768 MiB
        ({}, {"num_ctx": 32768}, 32768, QWEN_FILE + 1_879_048_192 + 768 * MIB),
        # default context 4096 on 20 GiB: 234 881 024 of cache, no batch surcharge
        ({}, None, 4096, QWEN_FILE + 4096 * QWEN_KV),
        # two slots hold twice the cache; 8192 in all: the 768 MiB batch
        ({"parallel": 2}, None, 4096, QWEN_FILE + 2 * 4096 * QWEN_KV + 768 * MIB),
        # q8_0 holds half the cache (the fit prediction stays f16)
        ({"kv_cache_type": "q8_0"}, {"num_ctx": 32768}, 32768, QWEN_FILE + 939_524_096 + 768 * MIB),
        # above the trained 32768: capped (effectiveContext)
        ({}, {"num_ctx": 65536}, 32768, QWEN_FILE + 1_879_048_192 + 768 * MIB),
    ],
)  # fmt: skip
async def test_ps_shows_the_predicted_memory(
    changes: dict[str, Any], options: dict[str, Any] | None, context: int, size: int
) -> None:
    """qwen2.5-coder:7b at 32768: 4.36 + 1.75 + 0.75 GiB ≈ 6.9 GiB in ``/api/ps``."""
    async with (
        run_simulator(sim_settings(**changes)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        body = chat(QWEN) if options is None else chat(QWEN, options=options)
        assert (await client.post("/api/chat", json=body)).status_code == 200
        entry = (await ps(client))[QWEN]
    assert (entry["context_length"], entry["size"], entry["size_vram"]) == (context, size, size)
    if context == 32768 and not changes:
        assert entry["size"] / GIB == pytest.approx(6.86, abs=0.01)


async def test_show_and_tags_carry_the_real_metadata() -> None:
    """``/api/show`` ``model_info`` and ``/api/tags`` ``size`` as Ollama's library has them."""
    async with (
        run_simulator(sim_settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        info = (await client.post("/api/show", json={"model": QWEN})).json()["model_info"]
        gpt = (await client.post("/api/show", json={"model": GPT})).json()
        sizes = {m["name"]: m["size"] for m in (await client.get("/api/tags")).json()["models"]}
    assert {k: v for k, v in info.items() if k.startswith("qwen2.")} == {
        "qwen2.block_count": 28,
        "qwen2.attention.head_count": 28,
        "qwen2.attention.head_count_kv": 4,
        "qwen2.embedding_length": 3584,
        "qwen2.context_length": 32768,
    }
    assert gpt["model_info"]["gptoss.attention.key_length"] == 64
    assert gpt["capabilities"] == ["completion", "tools", "thinking"]
    assert gpt["modelfile"].startswith("FROM /root/.ollama/models/blobs/sha256-")
    assert sizes == {
        LLAMA: LLAMA_FILE,
        QWEN: QWEN_FILE,
        GPT: GPT_FILE,
        "all-minilm:latest": 45_960_996,
    }


def test_a_model_known_only_by_size_gets_a_plausible_shape() -> None:
    """Not in the library: a Q4_K_M file of 4.7 GB is about 7.8 B parameters, shaped like
    llama3.1:8b (32 blocks, 8 KV heads of 128)."""
    entry = Simulator(sim_settings(models=(SimModel("mystery:7b", 4.7),))).catalog.get("mystery:7b")
    assert entry is not None
    shape = entry.shape
    assert (shape.block_count, shape.head_count_kv, shape.head_dim) == (32, 8, 128)
    assert (entry.size_bytes, shape.trained_context) == (4_700_000_000, 131072)


# Context (server/routes.go Serve's VRAM tiers, modelOptions, getRunner, needsReload).


@pytest.mark.parametrize(
    ("changes", "model", "context"),
    [
        ({}, QWEN, 4096),  # 20 GiB < 23 GiB
        ({"vram_mb": 24576}, QWEN, 32768),  # 24 GiB
        ({"vram_mb": 24576, "gpu_overhead_mb": 2048}, QWEN, 4096),  # 22 GiB left
        ({"vram_mb": 49152}, LLAMA, 131072),  # 262144, capped at llama3.2's trained 131072
        ({"vram_mb": 49152}, QWEN, 32768),  # capped at 32768
        ({"context_length": 8192}, QWEN, 8192),  # OLLAMA_CONTEXT_LENGTH
        ({"context_length": 8192}, "all-minilm", 512),  # capped at the trained 512
    ],
)
async def test_default_context(changes: dict[str, Any], model: str, context: int) -> None:
    """No ``num_ctx`` anywhere: OLLAMA_CONTEXT_LENGTH, else by total VRAM minus
    OLLAMA_GPU_OVERHEAD; ``/v1`` cannot set one at all."""
    async with (
        run_simulator(sim_settings(**changes)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        if model == "all-minilm":
            await client.post("/v1/embeddings", json={"model": model, "input": "x"})
        else:
            body = {**chat(model), "options": {"num_ctx": 2048}}  # ignored on /v1
            assert (await client.post("/v1/chat/completions", json=body)).status_code == 200
        (entry,) = (await ps(client)).values()
    assert entry["context_length"] == context


async def test_a_vision_model_gets_at_least_2048() -> None:
    """``getRunner``: "multimodal models require at least 2048 context"."""
    seer = SimModel("seer:7b", 4.5, capabilities=("completion", "vision"))
    async with (
        run_simulator(sim_settings(models=(seer,))) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/api/chat", json=chat("seer:7b", options={"num_ctx": 512}))
        assert (await ps(client))["seer:7b"]["context_length"] == 2048


async def test_another_num_ctx_reloads_even_a_smaller_one() -> None:
    """``needsReload``: any other ``num_ctx`` (smaller too) drains and reloads."""
    async with (
        run_simulator(sim_settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        for num_ctx in (8192, 8192, 4096):
            await client.post("/api/chat", json=chat(QWEN, options={"num_ctx": num_ctx}))
        await client.post("/v1/chat/completions", json=chat(QWEN))  # the default, 4096
        state = sim.state
        assert (await ps(client))[QWEN]["context_length"] == 4096
    assert state["loads"] == 2
    assert state["reloadsByReason"] == {"num_ctx": 1}
    assert state["evictions"] == 0


# Fitting and eviction (server/sched.go load's 80% rule, findRunnerToUnload,
# ByDurationAndName, OLLAMA_MAX_LOADED_MODELS).


async def test_the_shortest_keep_alive_is_evicted_not_the_least_recently_used() -> None:
    """20 GiB card, context 4096. gpt-oss (13 921 712 384 B) loads; qwen (4 917 968 356 B)
    fits 80% of the 7 553 124 096 B left; llama3.2 (2 489 155 237 B predicted) does not
    fit 80% of 2 635 155 740 B. qwen was used least recently, but gpt-oss has the shorter
    keep-alive (5m against 10m): gpt-oss goes."""
    async with (
        run_simulator(sim_settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/api/chat", json=chat(GPT, keep_alive="5m"))
        await client.post("/api/chat", json=chat(QWEN, keep_alive="10m"))
        assert set(await ps(client)) == {GPT, QWEN}
        await client.post("/api/chat", json=chat(GPT))  # no keep_alive: stays 5m
        await client.post("/api/chat", json=chat(LLAMA))
        loaded = await ps(client)
        state = sim.state
    assert set(loaded) == {QWEN, LLAMA}
    assert loaded[LLAMA]["size"] == LLAMA_FILE + 4096 * LLAMA_KV
    assert state["evictionsByModel"] == {GPT: 1}
    assert state["evictionsByReason"] == {"memory": 1}


async def test_equal_keep_alives_evict_by_model_path() -> None:
    """Same keep-alive: the runner whose GGUF blob path sorts first goes; at most 2 runners
    (OLLAMA_MAX_LOADED_MODELS), so the third model makes room."""
    models = tuple(SimModel(f"m{i}:1b", 1.0) for i in range(3))
    async with (
        run_simulator(sim_settings(models=models, max_loaded=2)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        for model in ("m0:1b", "m1:1b", "m2:1b"):
            await client.post("/api/chat", json=chat(model))
        catalog = sim.simulator.catalog
        paths = {name: getattr(catalog.get(name), "model_path", "") for name in ("m0:1b", "m1:1b")}
        first = min(paths, key=paths.__getitem__)
        state = sim.state
    assert state["evictionsByModel"] == {first: 1}
    assert state["evictionsByReason"] == {"max_loaded": 1}
    assert set(state["loadedModels"]) == {"m0:1b", "m1:1b", "m2:1b"} - {first}


async def test_alone_a_model_always_loads_split_onto_the_cpu() -> None:
    """8 GiB card: gpt-oss (13 921 712 384 B) loads anyway, 8 GiB of it on the GPU."""
    async with (
        run_simulator(sim_settings(vram_mb=8192)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/api/chat", json=chat(GPT))
        entry = (await ps(client))[GPT]
        assert sim.state["splitRequests"] == 1
    assert (entry["size"], entry["size_vram"]) == (GPT_FILE + 4096 * GPT_KV, 8 * GIB)


# The stall (processPending, findRunnerToUnload, useLoadedRunner, processCompleted).


def rig(**changes: Any) -> tuple[Scheduler, Any]:
    """A scheduler on its own, and a demand maker: (model, keep_alive) → Demand."""
    sim = Simulator(sim_settings(**changes))
    scheduler = sim.scheduler

    def demand(name: str, keep_alive: float | None = None) -> Demand:
        entry = sim.catalog.get(name)
        assert entry is not None
        return Demand(entry, scheduler.context_for(entry, None), keep_alive)

    return scheduler, demand


async def test_a_busy_victim_stalls_every_pending_load_but_keeps_serving() -> None:
    """qwen is busy; gpt-oss does not fit beside it, so qwen is chosen though busy. The
    pending loop waits: llama3.2, which would fit, waits behind gpt-oss. qwen still takes
    new requests on the fast path; once they are all done it leaves, and both loads go."""
    scheduler, demand = rig()
    busy = await scheduler.acquire(demand(QWEN))
    big = asyncio.create_task(scheduler.acquire(demand(GPT)))
    small = asyncio.create_task(scheduler.acquire(demand(LLAMA)))
    await settle()
    assert (big.done(), small.done()) == (False, False)
    assert (busy.runner.leaving, busy.runner.session) == ("memory", 0)
    late = await asyncio.wait_for(scheduler.reserve(demand(QWEN)), 1)  # the fast path
    assert late.runner is busy.runner
    scheduler.release(busy.runner)
    await settle()
    assert not big.done(), "a request is still running on the victim"
    scheduler.unref(late.runner)
    got_big, got_small = await big, await small
    assert set(scheduler.runners) == {GPT, LLAMA}
    stats = scheduler.stats
    assert (stats.stalled_loads, dict(stats.evictions_by_model)) == (1, {QWEN: 1})
    assert min(got_big.load_ns, got_small.load_ns) > 0
    release_all(scheduler, got_big, got_small)


async def test_keep_alive_on_the_victim_makes_the_load_wait_for_its_timer() -> None:
    """ollama#17408: a request with ``keep_alive`` to the chosen victim sets its keep-alive
    again, so when idle it arms a timer instead of leaving; the pending load waits for it.
    A ``/v1`` request (no keep_alive) would leave the victim's 0 alone."""
    scheduler, demand = rig()
    busy = await scheduler.acquire(demand(QWEN))
    big = asyncio.create_task(scheduler.acquire(demand(GPT)))
    await settle()
    renewing = await scheduler.reserve(demand(QWEN, keep_alive=0.05))
    assert busy.runner.session == 0.05
    scheduler.unref(renewing.runner)
    scheduler.release(busy.runner)
    await settle()
    assert QWEN in scheduler.runners, "idle, but waiting for its timer"
    assert not big.done()
    assert busy.runner.timer is not None
    got = await asyncio.wait_for(big, 5)
    assert set(scheduler.runners) == {GPT}
    assert scheduler.stats.stall_seconds > 0
    release_all(scheduler, got)


async def test_a_request_without_keep_alive_does_not_renew_the_victim() -> None:
    scheduler, demand = rig()
    busy = await scheduler.acquire(demand(QWEN))
    big = asyncio.create_task(scheduler.acquire(demand(GPT)))
    await settle()
    plain = await scheduler.reserve(demand(QWEN))  # as /v1 sends it
    scheduler.unref(plain.runner)
    scheduler.release(busy.runner)
    got = await asyncio.wait_for(big, 1)
    assert set(scheduler.runners) == {GPT}
    release_all(scheduler, got)


async def test_a_full_pending_queue_answers_503_while_loaded_models_still_serve() -> None:
    """OLLAMA_MAX_QUEUE 1: gpt-oss is being handled (stalled on busy qwen), llama3.2 waits
    in the queue, a third pending request gets 503; qwen's fast path never does."""
    slow = sim_settings(instant=False, load_ms_per_gb=0, tokens_per_s=20, max_queue=1)
    one = {"num_predict": 1}
    async with run_simulator(slow) as sim:
        scheduler = sim.simulator.scheduler
        async with httpx.AsyncClient(base_url=sim.base_url) as client:
            holding = asyncio.create_task(
                client.post("/api/chat", json=chat(QWEN, options={"num_predict": 10}))
            )
            await wait_until(lambda: QWEN in scheduler.runners)
            big = asyncio.create_task(client.post("/api/chat", json=chat(GPT, options=one)))
            await wait_until(lambda: scheduler.current is not None)
            small = asyncio.create_task(client.post("/api/chat", json=chat(LLAMA, options=one)))
            await wait_until(lambda: len(scheduler.queue) == 1)
            rejected = await client.post("/api/embed", json={"model": "all-minilm", "input": "x"})
            served = await client.post("/api/chat", json=chat(QWEN, "again", options=one))
            assert rejected.status_code == 503
            assert rejected.json() == {
                "error": "server busy, please try again.  maximum pending requests exceeded"
            }
            assert served.status_code == 200
            replies = await asyncio.gather(holding, big, small)
        assert [r.status_code for r in replies] == [200, 200, 200]
        state = sim.state
        assert (state["rejectedBusy"], state["stalledLoads"]) == (1, 1)


def release_all(scheduler: Scheduler, *leases: Lease) -> None:
    for lease in leases:
        scheduler.release(lease.runner)
    scheduler.clear()


# The prompt: truncation (server/prompt.go chatPrompt, truncateNativeChatMessages,
# llm/llama_server.go contextShiftPromptLimit) and the prefix cache (llama-server
# get_available_slot, promptEvalCount = cache_n + prompt_n).


async def test_a_long_chat_loses_its_oldest_messages_silently() -> None:
    """num_ctx 128. System 40 chars, old user 2000, assistant 400, latest 200: 2643
    characters with newlines, 661 tokens. Without the two middle ones: 241 characters,
    61 tokens, which fit: 600 tokens cut."""
    messages = [
        {"role": "system", "content": "s" * 40},
        {"role": "user", "content": "u" * 2000},
        {"role": "assistant", "content": "a" * 400},
        {"role": "user", "content": "q" * 200},
    ]  # with the assistant's answer still in: 642 characters, 161 tokens, still too many
    async with (
        run_simulator(sim_settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        body = {"model": LLAMA, "messages": messages, "stream": False}
        reply = (await client.post("/api/chat", json={**body, "options": {"num_ctx": 128}})).json()
        state = sim.state
    assert reply["prompt_eval_count"] == 61
    assert (state["truncations"], state["truncatedTokens"]) == (1, 600)


async def test_a_long_prompt_is_shifted_by_the_runner() -> None:
    """/api/generate, num_ctx 512, 1000 tokens: keep num_keep 4, then the newest up to
    512 - (512 - 4) // 2 = 258 tokens in all; 742 cut."""
    async with (
        run_simulator(sim_settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        body = {"model": LLAMA, "prompt": "p" * 4000, "stream": False}
        reply = (
            await client.post("/api/generate", json={**body, "options": {"num_ctx": 512}})
        ).json()
        state = sim.state
    assert reply["prompt_eval_count"] == 258
    assert (state["truncations"], state["truncatedTokens"]) == (1, 742)


async def test_a_cached_prefix_costs_only_the_suffix() -> None:
    """Prompt speed 1000 tokens/s. 4000 characters: 1000 tokens, 1 s. The same 4000 and
    400 more: 1100 tokens reported (cache_n + prompt_n), 1000 from the slot's cache, so
    100 evaluated: 0.1 s."""
    async with (
        run_simulator(sim_settings(tokens_per_s=100)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        first = (await client.post("/api/generate", json=gen(LLAMA, "c" * 4000))).json()
        second = (
            await client.post("/api/generate", json=gen(LLAMA, "c" * 4000 + "d" * 400))
        ).json()
        cache = sim.state["promptTokens"]
    assert (first["prompt_eval_count"], first["prompt_eval_duration"]) == (1000, 10**9)
    assert (second["prompt_eval_count"], second["prompt_eval_duration"]) == (1100, 10**8)
    assert cache["byModel"][LLAMA] == {"cached": 1000, "processed": 1100, "cachedPct": 47.6}


async def test_conversations_find_their_own_slot() -> None:
    """Two slots: each conversation's next turn goes to the slot holding its prefix; an
    unrelated prompt takes the least recently used one."""
    async with (
        run_simulator(sim_settings(parallel=2, tokens_per_s=100)) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/api/generate", json=gen(LLAMA, "x" * 800))
        await client.post("/api/generate", json=gen(LLAMA, "y" * 800))
        again_x = (await client.post("/api/generate", json=gen(LLAMA, "x" * 880))).json()
        again_y = (await client.post("/api/generate", json=gen(LLAMA, "y" * 880))).json()
        (runner,) = sim.simulator.scheduler.runners.values()
    assert again_x["prompt_eval_duration"] == again_y["prompt_eval_duration"] == 2 * 10**7
    assert [slot.cached[:1] for slot in runner.slots.slots] == ["x", "y"]


def gen(model: str, prompt: str) -> dict[str, Any]:
    return {"model": model, "prompt": prompt, "stream": False}


@pytest.mark.parametrize(
    ("model", "family", "parallel", "slots"),
    [
        ("plain:3b", None, 4, 4),
        ("vl:8b", "qwen3vl", 4, 1),  # SINGLE_SLOT_FAMILIES
        ("all-minilm", None, 4, 1),  # embedding models: one slot
    ],
)
async def test_slots_per_runner(model: str, family: str | None, parallel: int, slots: int) -> None:
    """``load``: OLLAMA_NUM_PARALLEL slots, one for embedding models and some families."""
    models = (
        SimModel("plain:3b", 2.0),
        SimModel("vl:8b", 5.0, family=family),
        SimModel("all-minilm", 0.05, embedding=True),
    )
    async with run_simulator(sim_settings(models=models, parallel=parallel)) as sim:
        async with httpx.AsyncClient(base_url=sim.base_url) as client:
            await client.post("/api/embed", json={"model": model, "input": "x"})
        (loaded,) = sim.state["loaded"]
    assert loaded["slots"] == slots


# Request fields (server/routes.go ChatHandler / GenerateHandler, openai/openai.go).


NO_THINKING = f'"{QWEN}" does not support thinking'


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        ("/api/chat", chat(QWEN, think=True), 400, NO_THINKING),
        ("/api/generate", {**gen(QWEN, "x"), "think": "high"}, 400, NO_THINKING),
        ("/api/chat", chat(QWEN, think=False), 200, None),
        ("/api/chat", chat(GPT, think="low"), 200, None),
        ("/v1/chat/completions", chat(QWEN, reasoning_effort="high"), 400, NO_THINKING),
        ("/v1/chat/completions", chat(QWEN, reasoning_effort="none"), 200, None),
        ("/v1/chat/completions", chat(GPT, reasoning={"effort": "xhigh"}), 200, None),
        ("/v1/chat/completions", chat(GPT, reasoning_effort="huge"), 400,
         'invalid reasoning value: "huge" (must be "minimal", "low", "medium", "high", '
         '"xhigh", "ultra", "max", or "none")'),
    ],
)  # fmt: skip
async def test_thinking_needs_the_capability(
    path: str, body: dict[str, Any], status: int, message: str | None
) -> None:
    async with (
        run_simulator(sim_settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        reply = await client.post(path, json=body)
    assert reply.status_code == status
    if message is not None:
        error = reply.json()["error"]
        assert (error["message"] if isinstance(error, dict) else error) == message


async def test_v1_caps_output_with_max_tokens_only() -> None:
    """``ChatCompletionRequest`` has ``max_tokens`` and no ``max_completion_tokens``."""
    async with (
        run_simulator(sim_settings()) as sim,
        httpx.AsyncClient(base_url=sim.base_url) as client,
    ):
        await client.post("/_sim/plan", json={"completions": {plan_key("hi"): 20}})
        ignored = await client.post(
            "/v1/chat/completions", json=chat(QWEN, max_completion_tokens=3)
        )
        capped = await client.post("/v1/chat/completions", json=chat(QWEN, max_tokens=3))
    assert ignored.json()["usage"]["completion_tokens"] == 20
    assert capped.json()["usage"]["completion_tokens"] == 3
