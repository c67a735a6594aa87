"""Capabilities as hard constraints through a real router in front of the simulator, whose
``/api/show`` says what each model can do and whose chat refuses what Ollama refuses."""

from __future__ import annotations

import dataclasses
from typing import Any

from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator import FaultKind, FaultSpec, SimulatorSettings
from ollama_agent_router.simulator.settings import models_from_config
from support.stack import Stack, gex44_data, stack

VIBE = "B-A-M-N/vibethinker:1.5b"
QWEN = "qwen2.5-coder:7b"
DEEPSEEK = "deepseek-coder:6.7b"
LLAVA = "llava:7b"
MINILM = "all-minilm:latest"
TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
}
IMAGE = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
QWEN_REFUSES_TOOLS = f"registry.ollama.ai/library/{QWEN} does not support tools"


def data() -> dict[str, Any]:
    """gex44 plus a vision model and an embedding model placed first for triage."""
    config = gex44_data(**{"ollama.contextLength": 32768})  # the server's OLLAMA_CONTEXT_LENGTH
    config["models"] += [
        {"name": LLAVA, "sizeGb": 4.5},
        {"name": MINILM, "sizeGb": 0.1, "purpose": ["triage"], "priority": 500},
    ]
    config["routes"]["triage"] = [MINILM, VIBE]
    return config


def sim_settings(config: dict[str, Any]) -> SimulatorSettings:
    """What Ollama reports: the triage model has no tools and a 4k context, llava sees."""
    shown = {
        VIBE: {"capabilities": ("completion",), "context_length": 4096},
        # the fallback of code_fix in these tests: with tools, as in the tests' premise
        DEEPSEEK: {"capabilities": ("completion", "tools")},
        LLAVA: {"capabilities": ("completion", "vision")},
        MINILM: {"embedding": True, "context_length": 512},
    }
    models = tuple(
        dataclasses.replace(m, **shown.get(m.name, {}))
        for m in models_from_config(parse_config(config))
    )
    return SimulatorSettings(models=models, instant=True)


def capability_stack(config: dict[str, Any] | None = None, *, socket: bool = False) -> Any:
    """The router in front of the simulator above: in process (the routing is the point)
    unless the test reads a stream off a ``socket``."""
    config = config or data()
    return stack(
        config, sim_settings=sim_settings(config), transport="socket" if socket else "asgi"
    )


def chat(content: Any, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": content}], **extra}


def refuse_tools(s: Stack, *, times: int) -> None:
    """Ollama answering qwen's tools requests with its 400, whatever /api/show says."""
    fault = FaultSpec(FaultKind.ERROR, QWEN, times, status=400, message=QWEN_REFUSES_TOOLS)
    s.sim.simulator.faults.add(fault)


def by_model(s: Stack) -> dict[str, int]:
    return dict(s.sim.state["requests"]["byModel"])


async def test_capabilities_are_read_from_ollama_at_start() -> None:
    async with capability_stack() as s:
        status, body = await s.get("/v1/router/models")
    assert status == 200
    caps = body["capabilities"]
    assert caps[VIBE] == {
        "capabilities": ["completion"],
        "contextLength": 4096,
        "lacking": [],
        "source": "ollama",
    }
    assert caps[QWEN]["capabilities"] == ["completion", "insert", "tools"]
    assert caps[QWEN]["contextLength"] == 32768  # the server's context, below the trained
    assert caps[MINILM]["capabilities"] == ["embedding"]


async def test_tools_never_go_to_a_model_without_tools() -> None:
    async with capability_stack() as s:
        status, plain, _ = await s.post("/v1/chat/completions", chat("hi"))
        assert (status, plain["router"]["selectedModel"]) == (200, VIBE)
        before = by_model(s)
        for stream in (False, True):
            status, body, headers = await s.post(
                "/v1/chat/completions", chat("hi", tools=[TOOL], stream=stream)
            )
            assert status == 200, body
            assert headers["x-router-selected-model"] == QWEN
        after = by_model(s)
    assert after.get(VIBE) == before.get(VIBE), "the model without tools got a tools request"
    assert after[QWEN] == 2
    assert MINILM not in after, "the embedding model got chat"


async def test_an_image_goes_to_the_vision_model() -> None:
    async with capability_stack() as s:
        text = {"type": "text", "text": "what is in this picture?"}
        status, body, _ = await s.post("/v1/chat/completions", chat([text, IMAGE]))
        assert status == 200, body
        assert body["router"]["selectedModel"] == LLAVA
        native = {"role": "user", "content": "and this one?", "images": ["iVBORw0KGgo="]}
        status, answer, _ = await s.post(
            "/api/chat", {"model": "auto", "messages": [native], "stream": False}
        )
        assert (status, answer["model"]) == (200, LLAVA)
        status, answer, _ = await s.post(
            "/api/generate",
            {"model": "auto", "prompt": "describe", "images": ["iVBORw0KGgo="], "stream": False},
        )
        assert (status, answer["model"]) == (200, LLAVA)
        assert by_model(s) == {LLAVA: 3}


async def test_a_prompt_too_long_for_the_small_context_goes_to_a_bigger_one() -> None:
    # ~6000 tokens: over the 4096 Ollama reports for the triage model (its config says 8192).
    long_prompt = "please look at this\n" + "lorem ipsum dolor " * 1300
    async with capability_stack() as s:
        status, body, _ = await s.post(
            "/v1/chat/completions", chat(long_prompt, router={"taskType": "simple_chat"})
        )
        status_dry, dry, _ = await s.post(
            "/v1/router/route", chat(long_prompt, router={"taskType": "simple_chat"})
        )
    assert status == 200, body
    assert body["router"]["selectedModel"] == QWEN
    assert VIBE not in body["router"]["fallbackModels"]
    assert status_dry == 200
    [vibe] = [row for row in dry["candidates"] if row["model"] == VIBE]
    assert vibe["blocks"] == [
        {"kind": "capability", "detail": "context of 4096 tokens, ~5855 needed"}
    ]


async def test_the_embedding_only_model_never_gets_chat() -> None:
    async with capability_stack() as s:
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("hi", router={"taskType": "triage"})
        )
        status_pinned, pinned, _ = await s.post(
            "/v1/chat/completions", {**chat("hi"), "model": MINILM}
        )
        status_embed, embedded, _ = await s.post(
            "/v1/embeddings", {"model": MINILM, "input": "still embeds"}
        )
        counts = by_model(s)
    assert status == 200, body
    assert body["router"]["selectedModel"] == VIBE
    assert MINILM not in body["router"]["fallbackModels"]
    assert status_pinned == 400
    assert pinned["error"]["code"] == "no_capable_model"
    assert pinned["error"]["message"] == (
        f"{MINILM} cannot serve this request (it needs completion): embedding only, no chat"
    )
    assert status_embed == 200, embedded
    assert counts.get(MINILM) == 1  # the embedding, never the chats


async def test_no_model_that_can_serve_is_a_400_naming_the_need() -> None:
    async with capability_stack() as s:
        status, body, _ = await s.post("/v1/chat/completions", chat([IMAGE], tools=[TOOL]))
        status_pinned, pinned, _ = await s.post(
            "/v1/chat/completions", {**chat("hi"), "model": VIBE, "tools": [TOOL]}
        )
        status_native, native, _ = await s.post(
            "/api/chat",
            {"model": VIBE, "messages": [{"role": "user", "content": "hi"}], "tools": [TOOL]},
        )
        counts = by_model(s)
    assert status == 400, body
    assert body["error"]["type"] == "invalid_request_error"
    assert body["error"]["code"] == "no_capable_model"
    message = body["error"]["message"]
    assert message.startswith("No configured model can serve this request (it needs tools")
    assert f"{LLAVA}: no tools support" in message
    assert f"{QWEN}: no vision support" in message
    assert status_pinned == 400
    assert pinned["error"]["message"] == (
        f"{VIBE} cannot serve this request (it needs tools): no tools support"
    )
    assert status_native == 400
    assert "no tools support" in native["error"]
    assert counts == {}, "refused requests reached Ollama"


async def test_ollama_refusing_tools_falls_back_and_is_remembered() -> None:
    async with capability_stack() as s:
        # /api/show says qwen has tools, but Ollama answers 400 when it gets them.
        refuse_tools(s, times=1)
        task = {"taskType": "code_fix"}  # qwen, then deepseek
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("hi", tools=[TOOL], router=task)
        )
        assert status == 200, body
        assert body["router"]["selectedModel"] == DEEPSEEK
        assert body["router"]["attempts"] == [
            {"model": QWEN, "error": f"Ollama rejected the request: {QWEN_REFUSES_TOOLS}",
             "status": 400}
        ]  # fmt: skip
        status, again, _ = await s.post(
            "/v1/chat/completions", chat("hi", tools=[TOOL], router=task)
        )
        assert status == 200, again
        assert again["router"]["selectedModel"] == DEEPSEEK
        assert "attempts" not in again["router"], "qwen was tried again"
        _, models = await s.get("/v1/router/models")
        qwen_requests = by_model(s)[QWEN]
        # lacking tools does not block plain chat (pinned: deepseek, loaded and just used,
        # would win code_fix on time now that qwen's load would evict it)
        status, plain, _ = await s.post("/v1/chat/completions", {**chat("hi"), "model": QWEN})
    assert models["capabilities"][QWEN]["lacking"] == ["tools"]
    assert qwen_requests == 1, "qwen got the second tools request"
    assert (status, plain["router"]["selectedModel"]) == (200, QWEN), "chat without tools"


async def test_a_refusal_before_the_first_chunk_of_a_stream_falls_back_too() -> None:
    async with capability_stack(socket=True) as s:
        refuse_tools(s, times=1)
        async with s.http.post(
            s.url + "/v1/chat/completions",
            json=chat("hi", tools=[TOOL], stream=True, router={"taskType": "code_fix"}),
        ) as response:
            text = await response.text()
            model = response.headers["x-router-selected-model"]
    assert response.status == 200, text
    assert model == DEEPSEEK
    assert text.rstrip().endswith("data: [DONE]")


async def test_a_model_pulled_without_refreshing_is_caught_by_the_refusal() -> None:
    """The cache was right at start; then the model is replaced by one without tools.

    The router finds out from Ollama's 400 and falls back, no client error."""
    config = data()
    async with capability_stack(config) as s:
        spec = next(m for m in s.sim.settings.models if m.name == QWEN)
        s.sim.pull(dataclasses.replace(spec, capabilities=("completion",)))
        status, body, _ = await s.post(
            "/v1/chat/completions", chat("hi", tools=[TOOL], router={"taskType": "code_fix"})
        )
    assert status == 200, body
    assert body["router"]["selectedModel"] == DEEPSEEK
    assert body["router"]["attempts"][0]["model"] == QWEN
    assert body["router"]["attempts"][0]["status"] == 400


def test_sim_models_are_built_as_intended() -> None:
    models = {m.name: m for m in sim_settings(data()).models}
    assert models[VIBE].capability_list == ("completion",)
    assert models[QWEN].capability_list == ("completion", "tools", "insert")
    assert models[MINILM].capability_list == ("embedding",)
    assert models[LLAVA].capability_list == ("completion", "vision")


async def test_a_prompt_no_real_context_holds_is_refused_not_cut() -> None:
    """gex44 on its 20 GiB card without OLLAMA_CONTEXT_LENGTH: Ollama would load every
    model with 4096 tokens (routes.go Serve) and cut a 6k-token prompt silently."""
    data = gex44_data(**{"ollama.contextLength": None})
    async with stack(data) as s:
        status, body, _ = await s.post("/v1/chat/completions", chat("word " * 6000))
        metrics = await (await s.http.get(s.url + "/metrics")).text()
    assert status == 400, body
    assert body["error"]["code"] == "context_length_exceeded"
    assert "context of 4096 tokens" in body["error"]["message"]
    assert "oar_context_refusals_total 1.0" in metrics
