"""Pure parts of access control: key extraction and lookup, planes by path, admin
fingerprint and subject matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from ollama_agent_router.access import Plane, hash_key, new_key, presented_key
from ollama_agent_router.access.admin_plane import (
    normalise_fingerprint,
    parse_subject,
    subject_matches,
)
from ollama_agent_router.access.keys import KeyIndex, matches_any
from ollama_agent_router.access.tls import subject_name
from ollama_agent_router.api.admin.handlers import install_access
from ollama_agent_router.api.app import create_fastapi_app
from ollama_agent_router.api.table import ADMIN_ENDPOINTS, plane_map
from ollama_agent_router.config import parse_config
from ollama_agent_router.config.models import ApiKey
from support.secured import secured_data

plane_of = plane_map()


def test_hash_format_and_new_keys() -> None:
    assert hash_key("abc") == (
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    key = new_key()
    assert key.startswith("oar_")
    assert len(key) >= 40
    assert new_key() != key


@pytest.mark.parametrize(
    ("headers", "key"),
    [
        ([], None),
        ([(b"authorization", b"Bearer abc")], "abc"),
        ([(b"authorization", b"bearer   abc ")], "abc"),
        ([(b"authorization", b"Basic abc")], None),
        ([(b"authorization", b"Bearer ")], None),
        ([(b"x-api-key", b"xyz")], "xyz"),
        ([(b"x-api-key", b"xyz"), (b"authorization", b"Bearer abc")], "abc"),
        ([(b"x-api-key", b"  ")], None),
    ],
)
def test_presented_key(headers: list[tuple[bytes, bytes]], key: str | None) -> None:
    assert presented_key(headers) == key


def test_key_index_finds_enabled_keys_only() -> None:
    keys = [
        ApiKey.model_validate({"id": "on", "keyHash": hash_key("k1"), "scopes": ["standalone"]}),
        ApiKey.model_validate(
            {"id": "off", "keyHash": hash_key("k2"), "scopes": ["standalone"], "enabled": False}
        ),
    ]
    index = KeyIndex(keys)
    found = index.find("k1")
    assert found is not None
    assert found.id == "on"
    assert index.find("k2") is None
    assert index.find("k3") is None
    assert matches_any("k1", [hash_key("x"), hash_key("k1")])
    assert not matches_any("k1", [])


@pytest.mark.parametrize(
    ("path", "plane"),
    [
        ("/health", Plane.OPEN),
        ("/", Plane.OPEN),
        ("/v1/models/auto", Plane.STANDALONE),
        ("/v1/models/B-A-M-N/vibethinker:1.5b", Plane.STANDALONE),
        ("/api/pull", Plane.STANDALONE),
        ("/api/embeddings", Plane.STANDALONE),
        ("/v1/chat/completions", Plane.STANDALONE),
        ("/v1/completions", Plane.STANDALONE),
        ("/v1/embeddings", Plane.STANDALONE),
        ("/v1/models", Plane.STANDALONE),
        ("/api/chat", Plane.STANDALONE),
        ("/api/tags", Plane.STANDALONE),
        ("/v1/router/route", Plane.STANDALONE),
        ("/v1/router/capabilities", Plane.RUNTIME_AGENT),
        ("/v1/router/runtime", Plane.RUNTIME_AGENT),
        ("/v1/router/execute", Plane.RUNTIME_AGENT),
        ("/v1/router/jobs", Plane.RUNTIME_AGENT),
        ("/v1/router/status", Plane.RUNTIME_AGENT),  # as in the reference (issue 12 #12)
        ("/v1/router/models", Plane.RUNTIME_AGENT),
        ("/v1/router/gpu", Plane.RUNTIME_AGENT),
        ("/v1/router/decisions", Plane.EITHER),
        ("/v1/jobs", Plane.EITHER),
        ("/v1/jobs/job_a_b/result", Plane.EITHER),
        ("/metrics", Plane.EITHER),
        ("/ui", Plane.EITHER),
        ("/docs", Plane.EITHER),
        ("/openapi.json", Plane.EITHER),
        ("/v1/admin/access/config", Plane.ADMIN),
        ("/v1/admin/anything", Plane.ADMIN),
    ],
)
def test_plane_of(path: str, plane: Plane) -> None:
    assert plane_of(path) is plane
    assert plane_map("/r")("/r" + path) is plane
    assert plane_map("")(path) is plane


def test_paths_outside_the_base_path_need_either_plane() -> None:
    assert plane_map("/r")("/health") is Plane.EITHER
    assert plane_map("/r")("/rx/health") is Plane.EITHER


@pytest.mark.parametrize("value", ["AA:BB:CC", "aa:bb:cc", "aabbcc", "sha256:AABBCC", " AA BB CC "])
def test_fingerprint_forms(value: str) -> None:
    assert normalise_fingerprint(value) == "aabbcc"


@pytest.mark.parametrize(
    ("allowed", "presented", "ok"),
    [
        ("CN=admin,O=Example", "CN=admin,O=Example", True),
        ("O=Example, CN=admin", "CN=admin,O=Example", True),
        ("/O=Example/CN=admin", "CN=admin,O=Example", True),
        ("commonName=admin, organizationName=Example", "CN=admin,O=Example", True),
        ("admin", "CN=admin,O=Example", True),
        ("CN=admin", "CN=admin,O=Example", True),
        ("CN=admin,O=Other", "CN=admin,O=Example", False),
        ("CN=root", "CN=admin,O=Example", False),
        ("CN=admin,O=Example,OU=x", "CN=admin,O=Example", False),
    ],
)
def test_subject_matching(allowed: str, presented: str, ok: bool) -> None:
    assert subject_matches(parse_subject(allowed), parse_subject(presented)) is ok


def test_subject_name_from_getpeercert() -> None:
    peer = {
        "subject": (
            (("countryName", "DE"),),
            (("organizationName", "Example, Inc"),),
            (("commonName", "admin"),),
        )
    }
    assert subject_name(peer) == "CN=admin,O=Example\\, Inc,C=DE"
    assert subject_name({}) is None


#: Every path the router serves (OpenAPI templates), with the plane it must be on. A new
#: path fails ``test_every_served_path_has_a_chosen_plane`` until it is listed here.
SERVED_PLANES: dict[str, Plane] = {
    "/": Plane.OPEN,
    "/health": Plane.OPEN,
    "/v1/chat/completions": Plane.STANDALONE,
    "/v1/completions": Plane.STANDALONE,
    "/v1/embeddings": Plane.STANDALONE,
    "/v1/messages": Plane.STANDALONE,
    "/v1/messages/count_tokens": Plane.STANDALONE,
    "/v1/models": Plane.STANDALONE,
    "/v1/models/{model_id}": Plane.STANDALONE,
    "/v1/router/route": Plane.STANDALONE,
    "/v1/responses": Plane.STANDALONE,
    "/v1/responses/{response_id}": Plane.STANDALONE,
    **{
        f"/api/{name}": Plane.STANDALONE
        for name in (
            "chat",
            "generate",
            "embed",
            "embeddings",
            "show",
            "tags",
            "ps",
            "version",
            "pull",
            "push",
            "create",
            "copy",
            "delete",
        )
    },
    **{
        f"/v1/router/{name}": Plane.RUNTIME_AGENT
        for name in ("status", "models", "gpu", "capabilities", "runtime", "execute", "jobs")
    },
    "/v1/router/jobs/{job_id}": Plane.RUNTIME_AGENT,
    "/v1/router/jobs/{job_id}/result": Plane.RUNTIME_AGENT,
    "/v1/router/decisions": Plane.EITHER,
    "/v1/jobs": Plane.EITHER,
    "/v1/jobs/{job_id}": Plane.EITHER,
    "/v1/jobs/{job_id}/result": Plane.EITHER,
    "/metrics": Plane.EITHER,
    "/ui": Plane.EITHER,
    "/v1/admin/access/config": Plane.ADMIN,
    "/v1/admin/access/keys": Plane.ADMIN,
    "/v1/admin/access/keys/{key_id}": Plane.ADMIN,
    "/v1/admin/jobs": Plane.ADMIN,
    "/v1/admin/jobs/{job_id}": Plane.ADMIN,
    "/v1/admin/jobs/{job_id}/result": Plane.ADMIN,
}


def test_every_served_path_has_a_chosen_plane(tmp_path: Path) -> None:
    config = parse_config(secured_data(tmp_path))
    app = create_fastapi_app(config)
    install_access(app, app, config, plane_of, admin_rows=ADMIN_ENDPOINTS)
    served = set(app.openapi()["paths"])
    assert "/v1/admin/access/keys" in served
    unlisted = sorted(served - set(SERVED_PLANES))
    assert not unlisted, f"give their rows a plane in the endpoint table and list them: {unlisted}"
    for path in served:
        assert plane_of(path) is SERVED_PLANES[path], path
