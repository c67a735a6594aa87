"""Every row of the access rules (SPEC §6), through the real app in process."""

from __future__ import annotations

import time
from typing import Any

import pytest

from access.app_client import app_client
from ollama_agent_router.access import hash_key

STANDALONE_KEY = "test-standalone-key-0001"
RUNTIME_KEY = "test-runtime-key-0002"
BOTH_KEY = "test-both-key-0003"
DISABLED_KEY = "test-disabled-key-0004"


def plane(
    *,
    enabled: bool = True,
    require: bool = False,
    anonymous: str = "allow",
    limit: int | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "enabled": enabled,
        "auth": {"requireApiKey": require, "anonymous": anonymous},
    }
    if limit is not None:
        data["defaultLimit"] = {"requests": limit, "windowSeconds": 60}
    return data


def access(
    standalone: dict[str, Any] | None = None,
    runtime: dict[str, Any] | None = None,
    keys: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "managed": {
            "planes": {
                "standalone": standalone or plane(require=True, anonymous="reject"),
                "runtimeAgent": runtime or plane(require=True, anonymous="reject"),
            },
            "apiKeys": keys
            if keys is not None
            else [
                {"id": "solo", "keyHash": hash_key(STANDALONE_KEY), "scopes": ["standalone"]},
                {"id": "kong", "keyHash": hash_key(RUNTIME_KEY), "scopes": ["runtimeAgent"]},
                {
                    "id": "both",
                    "keyHash": hash_key(BOTH_KEY),
                    "scopes": ["standalone", "runtimeAgent"],
                },
                {
                    "id": "off",
                    "keyHash": hash_key(DISABLED_KEY),
                    "scopes": ["standalone"],
                    "enabled": False,
                },
            ],
        }
    }


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert {"message", "type", "code", "param"} <= set(body["error"])
    return dict(body["error"])


async def test_without_access_section_everything_but_admin_is_open() -> None:
    async with app_client(None) as http:
        assert (await http.get("/v1/models")).status_code == 200
        assert (await http.get("/v1/router/status")).status_code == 200
        assert (await http.get("/v1/jobs")).status_code == 200
        response = await http.get("/v1/admin/access/config")
        assert response.status_code == 404
        assert "x-ratelimit-limit" not in response.headers


async def test_missing_key_where_required_is_401_api_key_required() -> None:
    async with app_client(access()) as http:
        for path in ("/v1/models", "/v1/router/capabilities", "/v1/jobs", "/metrics"):
            response = await http.get(path)
            assert response.status_code == 401, path
            assert error_of(response)["message"] == "API key required"
        chat = await http.post("/v1/chat/completions", json={"messages": []})
        assert chat.status_code == 401  # the hot lane is behind the check too


@pytest.mark.parametrize("anonymous", ["reject", "allow", "limited"])
async def test_require_api_key_wins_over_the_anonymous_setting(anonymous: str) -> None:
    config = access(standalone=plane(require=True, anonymous=anonymous, limit=5))
    async with app_client(config) as http:
        assert (await http.get("/v1/models")).status_code == 401


async def test_unknown_and_disabled_keys_are_401_invalid_api_key() -> None:
    open_plane = plane(anonymous="allow")  # even where no key is needed
    async with app_client(access(standalone=open_plane)) as http:
        for headers in (bearer("not-a-known-key"), bearer(DISABLED_KEY), {"x-api-key": "nope"}):
            response = await http.get("/v1/models", headers=headers)
            assert response.status_code == 401
            assert error_of(response)["message"] == "Invalid API key"


async def test_both_headers_carry_keys_and_bearer_is_case_insensitive() -> None:
    async with app_client(access()) as http:
        for headers in (
            bearer(STANDALONE_KEY),
            {"authorization": f"bearer {STANDALONE_KEY}"},
            {"x-api-key": STANDALONE_KEY},
        ):
            assert (await http.get("/v1/models", headers=headers)).status_code == 200
        basic = await http.get("/v1/models", headers={"authorization": f"Basic {STANDALONE_KEY}"})
        assert basic.status_code == 401


async def test_key_without_the_planes_scope_is_403() -> None:
    async with app_client(access()) as http:
        response = await http.get("/v1/models", headers=bearer(RUNTIME_KEY))
        assert response.status_code == 403
        assert error_of(response)["type"] == "permission_error"
        response = await http.get("/v1/router/capabilities", headers=bearer(STANDALONE_KEY))
        assert response.status_code == 403
        runtime = await http.get("/v1/router/capabilities", headers=bearer(RUNTIME_KEY))
        assert runtime.status_code not in (401, 403)


async def test_jobs_accept_either_plane_and_status_is_the_runtime_agents() -> None:
    async with app_client(access()) as http:
        for key in (STANDALONE_KEY, RUNTIME_KEY):
            assert (await http.get("/v1/jobs", headers=bearer(key))).status_code == 200
            missing = await http.get("/v1/jobs/job_gex44-a_nope", headers=bearer(key))
            assert missing.status_code == 404
            assert error_of(missing)["code"] == "job_not_found"
        for path in ("/v1/router/status", "/v1/router/models", "/v1/router/gpu"):
            assert (await http.get(path, headers=bearer(RUNTIME_KEY))).status_code == 200
            assert (await http.get(path, headers=bearer(STANDALONE_KEY))).status_code == 403


async def test_status_models_and_gpu_are_404_with_the_runtime_agent_plane_disabled() -> None:
    """The reference contract: they belong to the runtime-agent plane; jobs stay on both."""
    async with app_client(access(runtime=plane(enabled=False))) as http:
        for path in ("/v1/router/status", "/v1/router/models", "/v1/router/gpu"):
            for headers in (bearer(BOTH_KEY), bearer(STANDALONE_KEY)):
                response = await http.get(path, headers=headers)
                assert response.status_code == 404, path
                assert error_of(response)["message"] == "Not Found"
        assert (await http.get("/v1/jobs", headers=bearer(STANDALONE_KEY))).status_code == 200
        assert (await http.get("/v1/models", headers=bearer(STANDALONE_KEY))).status_code == 200
        decisions = await http.get("/v1/router/decisions", headers=bearer(STANDALONE_KEY))
        assert decisions.status_code == 200


async def test_disabled_plane_is_404_even_with_a_good_key() -> None:
    config = access(standalone=plane(enabled=False), runtime=plane(enabled=False))
    async with app_client(config) as http:
        for path in ("/v1/models", "/v1/router/capabilities", "/v1/jobs"):
            response = await http.get(path, headers=bearer(BOTH_KEY))
            assert response.status_code == 404, path
        assert (await http.get("/health")).status_code == 200


async def test_one_disabled_plane_leaves_jobs_to_the_other() -> None:
    async with app_client(access(standalone=plane(enabled=False))) as http:
        assert (await http.get("/v1/jobs", headers=bearer(RUNTIME_KEY))).status_code == 200
        assert (await http.get("/v1/jobs", headers=bearer(STANDALONE_KEY))).status_code == 403


async def test_health_is_always_open() -> None:
    async with app_client(access()) as http:
        response = await http.get("/health")
        assert response.status_code == 200
        assert "x-ratelimit-limit" not in response.headers


async def test_anonymous_allow_is_unlimited_and_keys_still_count() -> None:
    config = access(standalone=plane(anonymous="allow", limit=2))
    async with app_client(config) as http:
        for _ in range(4):
            response = await http.get("/v1/models")
            assert response.status_code == 200
            assert "x-ratelimit-limit" not in response.headers
        keyed = await http.get("/v1/models", headers=bearer(STANDALONE_KEY))
        assert keyed.headers["x-ratelimit-limit"] == "2"


async def test_anonymous_limited_shares_one_counter_and_gets_429() -> None:
    config = access(standalone=plane(anonymous="limited", limit=3))
    async with app_client(config) as http:
        remaining = [
            (await http.get("/v1/models")).headers["x-ratelimit-remaining"] for _ in range(3)
        ]
        assert remaining == ["2", "1", "0"]
        async with app_client(config, client=("10.1.1.1", 4000)) as other:
            assert (await other.get("/v1/models")).status_code == 200  # its own app, own counts
        refused = await http.get("/v1/models")
        assert refused.status_code == 429
        assert error_of(refused)["type"] == "rate_limit_error"


async def test_limited_answers_carry_the_rate_limit_headers() -> None:
    config = access(standalone=plane(require=True, anonymous="reject", limit=2))
    async with app_client(config) as http:
        now = time.time()
        first = await http.get("/v1/models", headers=bearer(STANDALONE_KEY))
        assert first.status_code == 200
        assert first.headers["x-ratelimit-limit"] == "2"
        assert first.headers["x-ratelimit-remaining"] == "1"
        reset = int(first.headers["x-ratelimit-reset"])
        assert now + 59 <= reset <= now + 62  # epoch seconds when the window frees a slot
        second = await http.get("/v1/models", headers=bearer(STANDALONE_KEY))
        assert second.headers["x-ratelimit-remaining"] == "0"
        third = await http.get("/v1/models", headers=bearer(STANDALONE_KEY))
        assert third.status_code == 429
        assert third.headers["x-ratelimit-remaining"] == "0"
        assert third.headers["x-ratelimit-limit"] == "2"
        assert 55 <= int(third.headers["retry-after"]) <= 60
        # errors from the handler behind the check carry them as well
        missing = await http.get("/v1/jobs/job_x_y", headers=bearer(BOTH_KEY))
        assert missing.status_code == 404
        assert missing.headers["x-ratelimit-limit"] == "2"


async def test_limits_count_per_plane_and_principal() -> None:
    keys = [
        {
            "id": "both",
            "keyHash": hash_key(BOTH_KEY),
            "scopes": ["standalone", "runtimeAgent"],
            "limits": {"standalone": {"requests": 1, "windowSeconds": 60}},
        },
        {"id": "solo", "keyHash": hash_key(STANDALONE_KEY), "scopes": ["standalone"]},
    ]
    config = access(
        standalone=plane(require=True, anonymous="reject", limit=5),
        runtime=plane(require=True, anonymous="reject", limit=2),
        keys=keys,
    )
    async with app_client(config) as http:
        both = bearer(BOTH_KEY)
        assert (await http.get("/v1/models", headers=both)).headers["x-ratelimit-limit"] == "1"
        assert (await http.get("/v1/models", headers=both)).status_code == 429
        # the same key on the other plane has its own counter and the plane's default
        runtime = await http.get("/v1/router/capabilities", headers=both)
        assert runtime.headers["x-ratelimit-limit"] == "2"
        assert runtime.headers["x-ratelimit-remaining"] == "1"
        # another key on the same plane is not affected
        solo = await http.get("/v1/models", headers=bearer(STANDALONE_KEY))
        assert solo.status_code == 200
        assert solo.headers["x-ratelimit-remaining"] == "4"


async def test_unlimited_plane_sends_no_rate_limit_headers() -> None:
    async with app_client(access()) as http:
        response = await http.get("/v1/models", headers=bearer(STANDALONE_KEY))
        assert response.status_code == 200
        assert not [h for h in response.headers if h.startswith("x-ratelimit")]


async def test_base_path_is_respected() -> None:
    async with app_client(access(), **{"server.basePath": "/ollama-router"}) as http:
        assert (await http.get("/ollama-router/health")).status_code == 200
        assert (await http.get("/ollama-router/v1/models")).status_code == 401
        ok = await http.get("/ollama-router/v1/models", headers=bearer(STANDALONE_KEY))
        assert ok.status_code == 200


async def test_status_and_metrics_never_show_keys_or_hashes() -> None:
    async with app_client(access()) as http:
        for path in ("/v1/router/status", "/metrics", "/v1/models"):
            text = (await http.get(path, headers=bearer(BOTH_KEY))).text
            assert "sha256:" not in text, path
            assert BOTH_KEY not in text, path
