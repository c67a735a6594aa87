"""Small Ollama and OpenAI parity items through a real router and simulator: ``GET`` and
``HEAD /``, ``HEAD`` on read paths, ``GET /v1/models/{id}``, ``x:latest`` names, Ollama's
error shape on unknown ``/api/*`` paths, the legacy ``/api/embeddings``, the refused
model-management paths, ``/api/show`` context length for ``auto``, native traffic in
``/metrics`` and ``Allow`` on 405."""

from __future__ import annotations

import json
from typing import Any

import ollama
import openai
import pytest

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.table import plane_map
from ollama_agent_router.config import parse_config
from ollama_agent_router.routing import RoutingPolicy, resolve_model_field
from support.stack import Stack, gex44_data, stack

plane_of = plane_map()

QWEN = "qwen2.5-coder:7b"
VIBE = "B-A-M-N/vibethinker:1.5b"
MANAGEMENT = [
    ("POST", "/api/pull"),
    ("POST", "/api/push"),
    ("POST", "/api/create"),
    ("POST", "/api/copy"),
    ("DELETE", "/api/delete"),
]


def with_untagged_model() -> dict[str, Any]:
    """gex44 plus ``llama3.2`` configured without a tag."""
    data = gex44_data()
    data["models"].append({"name": "llama3.2", "sizeGb": 2.0, "purpose": ["simple_chat"]})
    return data


async def raw(
    s: Stack, method: str, path: str, body: Any = None
) -> tuple[int, dict[str, str], bytes]:
    kwargs: dict[str, Any] = {} if body is None else {"json": body}
    async with s.http.request(method, s.url + path, **kwargs) as response:
        return response.status, dict(response.headers), await response.read()


@pytest.mark.parametrize("base", ["", "/ollama-router"])
async def test_root_and_head_answer_like_ollama(base: str) -> None:
    async with stack(gex44_data(**{"server.basePath": base}) if base else None) as s:
        for method in ("GET", "HEAD"):
            status, headers, body = await raw(s, method, "/")
            assert status == 200
            assert headers["Content-Type"].startswith("text/plain")
            assert body == (b"Ollama is running" if method == "GET" else b"")
        for path in ("/api/tags", "/api/version", "/api/ps"):
            got, _, got_body = await raw(s, "GET", path)
            status, headers, body = await raw(s, "HEAD", path)
            assert (status, got) == (200, 200), path
            assert headers["Content-Type"] == "application/json"
            assert body == b""
            assert got_body


async def test_openai_sdk_retrieves_model_objects() -> None:
    async with stack(with_untagged_model()) as s:
        client = openai.AsyncOpenAI(base_url=s.url + "/v1", api_key="unused")
        try:
            auto = await client.models.retrieve("auto")
            assert (auto.id, auto.object, auto.owned_by) == ("auto", "model", "ollama-agent-router")
            assert (await client.models.retrieve("auto:latest")).id == "auto"
            assert (await client.models.retrieve("auto:code_fix")).id == "auto:code_fix"
            assert (await client.models.retrieve(QWEN)).id == QWEN
            assert (await client.models.retrieve(VIBE)).id == VIBE  # a name with a slash
            assert (await client.models.retrieve("llama3.2:latest")).id == "llama3.2"
            listed = {m.id async for m in client.models.list()}
            assert {"auto", "auto:code_fix", QWEN, VIBE, "llama3.2"} <= listed
            for unknown in ("nope", "code_fix", "auto:nope"):
                with pytest.raises(openai.NotFoundError) as caught:
                    await client.models.retrieve(unknown)
                error = caught.value.body
                assert isinstance(error, dict)
                assert error["code"] == "model_not_found"
                assert unknown in error["message"]
        finally:
            await client.close()


def test_names_compare_as_ollama_compares_them() -> None:
    policy = RoutingPolicy.from_config(parse_config(with_untagged_model()))
    assert resolve_model_field("auto:latest", policy).kind == "auto"
    for name in ("llama3.2", "llama3.2:latest", "LLAMA3.2", "library/llama3.2:latest"):
        assert resolve_model_field(name, policy).name == "llama3.2", name
    assert resolve_model_field("QWEN2.5-Coder:7b", policy).name == QWEN
    assert resolve_model_field("auto:code_fix", policy).name == "code_fix"


async def test_latest_resolves_on_every_face() -> None:
    async with stack(with_untagged_model()) as s, ollama.AsyncClient(host=s.url) as native:
        answer = await native.chat(
            model="auto:latest", messages=[{"role": "user", "content": "hello"}]
        )
        assert answer.model == VIBE  # routed, as auto
        pinned = await native.generate(model="llama3.2:latest", prompt="hi")
        assert pinned.model == "llama3.2"
        shown = await native.show("auto:latest")
        assert shown.details is not None
        assert shown.details.family == "router"
        embedded = await native.embed(model=QWEN.upper(), input="one")
        assert len(embedded.embeddings) == 1

        client = openai.AsyncOpenAI(base_url=s.url + "/v1", api_key="unused")
        try:
            completion = await client.chat.completions.create(
                model="auto:latest", messages=[{"role": "user", "content": "hello"}]
            )
            assert completion.model == VIBE
            completion = await client.chat.completions.create(
                model="llama3.2:latest", messages=[{"role": "user", "content": "hello"}]
            )
            assert completion.model == "llama3.2"
        finally:
            await client.close()
        assert s.sim.state["requests"]["byModel"]["llama3.2:latest"] == 2  # Ollama's name


async def test_unknown_native_paths_answer_in_ollamas_shape() -> None:
    async with stack() as s, ollama.AsyncClient(host=s.url) as native:
        for method, path in (("GET", "/api/nope"), ("POST", "/api/blobs/sha256:00")):
            status, headers, body = await raw(s, method, path, {} if method == "POST" else None)
            assert status == 404
            assert headers["Content-Type"] == "application/json"
            error = json.loads(body)
            assert isinstance(error["error"], str)
            assert "not found" in error["error"]
        # Elsewhere the OpenAI shape stays.
        status, _, body = await raw(s, "GET", "/v1/nope")
        assert status == 404
        assert isinstance(json.loads(body)["error"], dict)
        with pytest.raises(ollama.ResponseError) as caught:
            await native.create(model="mine", from_="llama3.2")
        assert caught.value.status_code == 403


@pytest.mark.parametrize(("method", "path"), MANAGEMENT)
async def test_model_management_is_refused_clearly(method: str, path: str) -> None:
    async with stack() as s:
        status, headers, body = await raw(s, method, path, {"model": "llama3.2"})
        assert status == 403
        assert headers["Content-Type"] == "application/json"
        message = json.loads(body)["error"]
        assert "does not manage models" in message
        assert s.sim.state["requests"]["byModel"] == {}


async def test_official_client_pull_and_delete_print_the_reason() -> None:
    async with stack() as s, ollama.AsyncClient(host=s.url) as native:
        for call in (
            native.pull("llama3.2"),
            native.delete("llama3.2"),
            native.copy("llama3.2", "mine"),
            native.push("llama3.2"),
        ):
            with pytest.raises(ollama.ResponseError) as caught:
                await call
            assert caught.value.status_code == 403
            assert "does not manage models" in caught.value.error


async def test_legacy_embeddings_route_like_embed() -> None:
    async with stack() as s, ollama.AsyncClient(host=s.url) as native:
        answer = await native.embeddings(model=QWEN, prompt="one two")
        assert answer.embedding
        assert all(isinstance(x, float) for x in answer.embedding)
        status, data, headers = await s.post("/api/embeddings", {"model": QWEN, "prompt": "x"})
        assert status == 200
        assert set(data) == {"embedding"}
        assert headers["x-router-selected-model"] == QWEN
        status, data, _ = await s.post("/api/embeddings", {"model": QWEN, "prompt": 3})
        assert status == 400
        assert isinstance(data["error"], str)
        status, data, _ = await s.post("/api/embeddings", {"model": "nope", "prompt": "x"})
        assert status == 404
        assert "not found" in data["error"]
        assert s.sim.state["requests"]["byModel"] == {QWEN: 2}


async def test_show_auto_has_a_context_length_and_capabilities() -> None:
    async with stack() as s, ollama.AsyncClient(host=s.url) as native:
        assert s.services is not None
        known = s.services.capabilities.view
        expected = max(
            caps.context_length or 0
            for caps in known.values()
            if caps.supports("completion") is not False
        )
        assert expected > 0
        for name in ("auto", "auto:code_fix"):
            shown = await native.show(name)
            assert shown.modelinfo is not None
            assert shown.modelinfo["general.architecture"] == "router"
            assert shown.modelinfo["router.context_length"] == expected
            assert shown.capabilities is not None
            assert {"completion", "tools"} <= set(shown.capabilities)
            assert "embedding" not in shown.capabilities


async def test_native_traffic_is_counted_with_route_and_model() -> None:
    async with stack() as s, ollama.AsyncClient(host=s.url) as native:
        await native.chat(model="auto", messages=[{"role": "user", "content": "hello"}])
        await native.generate(model=QWEN, prompt="hi")
        await native.embed(model=QWEN, input="hi")
        await native.embeddings(model=QWEN, prompt="hi")
        await native.show(QWEN)
        await native.generate(model=VIBE, prompt="")  # a load: not routed, still counted
        await native.list()
        async with s.http.get(s.url + "/metrics") as response:
            text = await response.text()
    lines = [line for line in text.splitlines() if line.startswith("oar_requests_total{")]
    for route, model in (
        ("/api/chat", VIBE),
        ("/api/generate", QWEN),
        ("/api/generate", VIBE),
        ("/api/embed", QWEN),
        ("/api/embeddings", QWEN),
        ("/api/show", QWEN),
    ):
        wanted = f'model="{model}",route="{route}",status="200"'
        assert any(wanted in line for line in lines), (wanted, lines)
    assert any('route="/api/tags",status="200"' in line for line in lines)
    assert not any('route="unmatched"' in line for line in lines)


async def test_405_answers_carry_allow() -> None:
    async with stack() as s:
        status, headers, body = await raw(s, "GET", "/api/chat")
        assert status == 405
        assert headers["Allow"] == "POST"
        assert isinstance(json.loads(body)["error"], str)  # Ollama's shape
        status, headers, body = await raw(s, "GET", "/v1/chat/completions")
        assert status == 405
        assert headers["Allow"] == "POST"
        assert json.loads(body)["error"]["code"] == "method_not_allowed"
        status, headers, _ = await raw(s, "POST", "/v1/models", {})
        assert status == 405
        assert "GET" in headers["Allow"]


async def test_new_paths_have_planes_and_openapi_entries() -> None:
    expected = {
        ("get", "/"): Plane.OPEN,
        ("head", "/"): Plane.OPEN,
        ("head", "/api/tags"): Plane.STANDALONE,
        ("head", "/api/version"): Plane.STANDALONE,
        ("head", "/api/ps"): Plane.STANDALONE,
        ("get", "/v1/models/{model_id}"): Plane.STANDALONE,
        ("post", "/api/embeddings"): Plane.STANDALONE,
        **{(m.lower(), p): Plane.STANDALONE for m, p in MANAGEMENT},
    }
    async with stack() as s:
        status, document = await s.get("/openapi.json")
    assert status == 200
    for (method, path), plane in expected.items():
        assert method in document["paths"].get(path, {}), (method, path)
        assert plane_of(path) is plane
        if method == "post":
            assert "requestBody" in document["paths"][path][method]
    assert plane_of("/v1/models/auto") is Plane.STANDALONE
