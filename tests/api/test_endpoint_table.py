"""The endpoint table is the one source of truth for the edge: every row has a plane the
gate resolves, an OpenAPI operation with its request body, a route whose path labels
its metrics, and its face's error shape."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.admin.handlers import install_access
from ollama_agent_router.api.app import create_fastapi_app
from ollama_agent_router.api.endpoints import Endpoint, FaceIndex
from ollama_agent_router.api.openapi import documented
from ollama_agent_router.api.table import ADMIN_ENDPOINTS, ALL_ENDPOINTS, ENDPOINTS, plane_map
from ollama_agent_router.config import parse_config
from support.secured import CLIENT, secured_data
from support.stack import gex44_data, stack

PLANE_OF = plane_map()
_HI = {"role": "user", "content": "hi"}
PREFIXED = plane_map("/llm")


def _concrete(path: str) -> str:
    """A request path that matches the row's template."""
    return re.sub(r"\{[^}]+\}", "x1", path)


def _app(data: dict[str, Any] | None = None) -> Any:
    config = parse_config(data or gex44_data())
    app = create_fastapi_app(config)
    install_access(app, app, config, plane_map(), admin_rows=ADMIN_ENDPOINTS)
    return app


@pytest.mark.parametrize("row", ALL_ENDPOINTS, ids=lambda row: f"{row.method} {row.path}")
def test_every_row_has_its_plane_at_its_path(row: Endpoint) -> None:
    assert isinstance(row.plane, Plane)
    assert PLANE_OF(_concrete(row.path)) is row.plane
    assert PREFIXED("/llm" + _concrete(row.path)) is row.plane


def test_rows_are_unique_and_inference_rows_are_posts() -> None:
    keys = [(row.method, row.path) for row in ALL_ENDPOINTS]
    assert len(keys) == len(set(keys))
    for row in ENDPOINTS:
        if row.inference:
            assert row.method == "POST", row.path
            assert row.body is not None, row.path
            assert "{" not in row.path, "the hot lane matches exact paths"


def test_every_row_is_documented_with_its_body_and_labelled_by_its_path(tmp_path: Path) -> None:
    document = _app(secured_data(tmp_path)).openapi()
    for row in ALL_ENDPOINTS:
        operation = document["paths"].get(documented(row.path), {}).get(row.method.lower())
        assert operation is not None, (row.method, row.path)
        assert operation["summary"] == row.summary
        assert "422" not in operation["responses"]
        if row.body is not None:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            assert schema == row.body
        if row.method in ("POST", "PUT"):
            assert row.body is not None, f"{row.path}: declare its request body"


async def test_metrics_label_requests_of_every_face_by_their_row() -> None:
    """Hot-lane rows are labelled by their path, the others by their route template."""
    probes = [
        ("GET", "/v1/models", None),
        ("GET", "/v1/models/auto", None),
        ("GET", "/api/tags", None),
        ("POST", "/api/chat", {"model": "auto", "stream": False, "messages": [_HI]}),
        ("POST", "/v1/chat/completions", {"model": "auto", "messages": [_HI]}),
        ("GET", "/v1/jobs/nope", None),
    ]
    async with stack() as s:
        for method, path, body in probes:
            if method == "GET":
                await s.get(path)
            else:
                await s.post(path, body)
        async with s.http.get(s.url + "/metrics") as response:
            text = await response.text()
    for label in ("/v1/models", "/v1/models/{model_id:path}", "/api/tags", "/api/chat"):
        assert f'route="{label}"' in text, label
    assert 'route="/v1/chat/completions"' in text
    assert 'route="/v1/jobs/{job_id}"' in text
    assert 'route="unmatched"' not in text


def test_unknown_paths_and_admin_paths() -> None:
    assert PLANE_OF("/no/such/path") is Plane.EITHER
    assert PLANE_OF("/v1/admin/jobs") is Plane.ADMIN
    assert PREFIXED("/v1/chat/completions") is Plane.EITHER  # outside the base path


async def test_each_face_renders_its_own_errors() -> None:
    """The same bad body, three error shapes."""
    async with stack() as s:
        status, openai, _ = await s.post("/v1/chat/completions", {"model": "auto"})
        assert status == 400
        assert openai["error"]["param"] == "messages"
        status, ollama, _ = await s.post("/api/chat", {"model": "auto", "messages": "hi"})
        assert status == 400
        assert isinstance(ollama["error"], str)
        assert "messages" in ollama["error"]


@pytest.mark.parametrize(
    ("path", "face"),
    [
        ("/api/chat", "ollama"),
        ("/api/pull", "ollama"),
        ("/api/nope", "ollama"),
        ("/", "ollama"),
        ("/v1/messages", "anthropic"),
        ("/v1/messages/count_tokens", "anthropic"),
        ("/v1/messages/batches", "anthropic"),
        ("/v1/chat/completions", "openai"),
        ("/v1/nope", "openai"),
        ("/v1/messagesx", "openai"),
        ("/health", "openai"),
    ],
)
def test_the_face_of_a_path(path: str, face: str) -> None:
    assert FaceIndex("", ENDPOINTS)(path).name == face
    assert FaceIndex("/llm", ENDPOINTS)("/llm" + path).name == face


async def test_answers_no_handler_writes_take_the_paths_face(tmp_path: Path) -> None:
    """Unknown paths, wrong methods and access refusals read as the client expects."""
    async with stack(secured_data(tmp_path)) as s:
        auth = {"x-api-key": CLIENT}
        async with s.http.post(s.url + "/v1/messages", json={}) as response:
            assert response.status == 401
            body = await response.json()
        assert body["type"] == "error"
        assert body["error"]["type"] == "authentication_error"
        async with s.http.get(s.url + "/v1/messages/nope", headers=auth) as response:
            assert response.status == 404
            assert (await response.json())["error"]["type"] == "not_found_error"
        async with s.http.get(s.url + "/v1/messages", headers=auth) as response:
            assert response.status == 405
            assert "POST" in response.headers["allow"]
            assert (await response.json())["type"] == "error"
        async with s.http.post(s.url + "/api/nope", json={}, headers=auth) as response:
            assert response.status == 404
            assert isinstance((await response.json())["error"], str)
        async with s.http.get(s.url + "/v1/nope", headers=auth) as response:
            assert response.status == 404
            assert (await response.json())["error"]["code"] == "not_found"


def test_docs_list_every_endpoint() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    for row in ALL_ENDPOINTS:
        assert f"| {row.method} | `{documented(row.path)}` |" in text, (row.method, row.path)


def test_no_admin_route_exists_without_access_control() -> None:
    document = create_fastapi_app(parse_config(gex44_data())).openapi()
    assert not [path for path in document["paths"] if path.startswith("/v1/admin")]
    assert {row.plane for row in ADMIN_ENDPOINTS} == {Plane.ADMIN}
    assert not [row for row in ENDPOINTS if row.plane is Plane.ADMIN]
