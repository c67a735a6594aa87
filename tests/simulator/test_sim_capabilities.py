"""The simulator's capabilities: /api/show reports them, chat refuses what Ollama refuses,
with Ollama's statuses and messages, natively and OpenAI-wrapped."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from tests.simulator.sim_helpers import MODELS, SMALL, settings

from ollama_agent_router.simulator import SimModel, parse_model_flag, run_simulator
from ollama_agent_router.simulator.capabilities import NO_VISION_MESSAGE

PLAIN = SimModel("plain:2b", 2.0, capabilities=("completion",), context_length=2048)
SEER = SimModel("seer/llava:7b", 4.5, capabilities=("completion", "vision"))
TOOL = {"type": "function", "function": {"name": "f", "parameters": {}}}
IMAGE = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
SETTINGS = settings(models=(*MODELS, PLAIN, SEER))


async def post(base: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http, http.post(base + path, json=body) as response:
        return response.status, await response.json(content_type=None)


async def test_show_reports_capabilities_and_trained_context() -> None:
    async with run_simulator(SETTINGS) as sim:
        shown = {
            name: (await post(sim.base_url, "/api/show", {"model": name}))[1]
            for name in (SMALL, "embed", "plain:2b", "seer/llava:7b")
        }
        counted = sim.state["requests"]["byModel"]
    assert shown[SMALL]["capabilities"] == ["completion", "tools"]
    assert shown[SMALL]["model_info"]["llama.context_length"] == 131072
    assert shown["embed"]["capabilities"] == ["embedding"]
    assert shown["plain:2b"]["capabilities"] == ["completion"]
    assert shown["plain:2b"]["model_info"]["llama.context_length"] == 2048
    assert shown["seer/llava:7b"]["capabilities"] == ["completion", "vision"]
    assert counted == {}, "/api/show is not a request to the model"


REFUSALS = [
    # (path, body, status, native error or OpenAI message)
    ("/api/chat", {"model": "plain:2b", "messages": [{"role": "user", "content": "x"}],
                   "tools": [TOOL]}, 400,
     "registry.ollama.ai/library/plain:2b does not support tools"),
    ("/v1/chat/completions", {"model": "plain:2b", "tools": [TOOL],
                              "messages": [{"role": "user", "content": "x"}]}, 400,
     "registry.ollama.ai/library/plain:2b does not support tools"),
    ("/api/chat", {"model": "seer/llava:7b", "messages": [{"role": "user", "content": "x"}],
                   "tools": [TOOL]}, 400,
     "registry.ollama.ai/seer/llava:7b does not support tools"),
    ("/api/chat", {"model": "embed", "messages": [{"role": "user", "content": "x"}],
                   "tools": [TOOL]}, 400, '"embed" does not support chat'),
    ("/v1/completions", {"model": "embed", "prompt": "x"}, 400,
     '"embed" does not support generate'),
    ("/api/chat", {"model": SMALL, "messages": [{"role": "user", "content": "x",
                                                 "images": ["iVBORw0KGgo="]}]}, 500,
     NO_VISION_MESSAGE),
    ("/v1/chat/completions", {"model": SMALL, "messages": [{"role": "user",
                                                            "content": [IMAGE]}]}, 500,
     NO_VISION_MESSAGE),
    ("/api/generate", {"model": SMALL, "prompt": "x", "images": ["iVBORw0KGgo="]}, 500,
     NO_VISION_MESSAGE),
]  # fmt: skip


@pytest.mark.parametrize(("path", "body", "status", "message"), REFUSALS)
async def test_refusals_match_ollama(
    path: str, body: dict[str, Any], status: int, message: str
) -> None:
    async with run_simulator(SETTINGS) as sim:
        got, answer = await post(sim.base_url, path, {**body, "stream": False})
    assert got == status
    if path.startswith("/v1"):
        kind = "invalid_request_error" if status == 400 else "api_error"
        assert answer == {"error": {"message": message, "type": kind, "param": None, "code": None}}
    else:
        assert answer == {"error": message}


async def test_capable_models_answer() -> None:
    async with run_simulator(SETTINGS) as sim:
        seen, _ = await post(
            sim.base_url,
            "/v1/chat/completions",
            {"model": "seer/llava:7b", "messages": [{"role": "user", "content": [IMAGE]}]},
        )
        tooled, answer = await post(
            sim.base_url,
            "/v1/chat/completions",
            {"model": SMALL, "messages": [{"role": "user", "content": "x"}], "tools": [TOOL]},
        )
    assert (seen, tooled) == (200, 200)
    assert answer["choices"][0]["finish_reason"] == "tool_calls"


async def test_pull_installs_a_new_version() -> None:
    async with run_simulator(SETTINGS) as sim:
        _, before = await post(sim.base_url, "/api/show", {"model": "plain:2b"})
        old = {e.name: e.digest for e in sim.simulator.catalog.entries()}
        sim.pull(SimModel("plain:2b", 2.2, capabilities=("completion", "tools")))
        _, after = await post(sim.base_url, "/api/show", {"model": "plain:2b"})
        new = {e.name: e.digest for e in sim.simulator.catalog.entries()}
    assert before["capabilities"] == ["completion"]
    assert after["capabilities"] == ["completion", "tools"]
    assert new["plain:2b"] != old["plain:2b"]
    assert {k: v for k, v in new.items() if k != "plain:2b"} == {
        k: v for k, v in old.items() if k != "plain:2b"
    }


def test_parse_model_flag_capabilities() -> None:
    assert parse_model_flag("m=1").capability_list == ("completion", "tools")
    model = parse_model_flag("llava:7b=4.5@8192,completion,vision,vision")
    assert (model.default_context, model.capability_list) == (8192, ("completion", "vision"))
    embed = parse_model_flag("all-minilm=0.05,embedding")
    assert embed.embedding
    with pytest.raises(ValueError, match="unknown capability 'sight'"):
        parse_model_flag("m=1,sight")
