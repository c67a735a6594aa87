"""The admin plane: its checks in order, the admin API, audit lines, and no lost update
under concurrent changes (the managed file survives a restart)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from access.app_client import app_client
from ollama_agent_router.access import hash_key

ADMIN_KEY = "admin-secret-key-0001"
CLIENT_KEY = "client-secret-key-0002"
ADMIN = {"authorization": f"Bearer {ADMIN_KEY}"}


def access(tmp_path: Path, **admin: Any) -> dict[str, Any]:
    return {
        "managedConfigPath": str(tmp_path / "access-managed.yaml"),
        "bootstrapIfMissing": True,
        "admin": {"enabled": True, "apiKeyHashes": [hash_key(ADMIN_KEY)], **admin},
        "managed": {
            "planes": {
                "standalone": {"auth": {"requireApiKey": True, "anonymous": "reject"}},
                "runtimeAgent": {"auth": {"requireApiKey": True, "anonymous": "reject"}},
            },
            "apiKeys": [],
        },
    }


def new_key(key_id: str) -> dict[str, Any]:
    return {"id": key_id, "keyHash": hash_key(f"{key_id}-secret-value"), "scopes": ["standalone"]}


async def test_admin_disabled_is_404(tmp_path: Path) -> None:
    config = access(tmp_path, enabled=False)
    config["admin"]["apiKeyHashes"] = []
    async with app_client(config) as http:
        response = await http.get("/v1/admin/access/config", headers=ADMIN)
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("client", "allowed", "status"),
    [
        ("127.0.0.1", ["127.0.0.1", "::1"], 200),
        ("::1", ["127.0.0.1", "::1"], 200),
        ("10.0.0.7", ["127.0.0.1", "::1"], 403),
        ("10.0.0.7", ["10.0.0.0/8"], 200),
        ("2001:db8::42", ["2001:db8::/32"], 200),
        ("2001:db9::42", ["2001:db8::/32"], 403),
        ("::ffff:10.0.0.7", ["10.0.0.0/8"], 200),
    ],
)
async def test_allowed_ips_ipv4_ipv6_and_cidrs(
    tmp_path: Path, client: str, allowed: list[str], status: int
) -> None:
    async with app_client(access(tmp_path, allowedIps=allowed), client=(client, 5000)) as http:
        response = await http.get("/v1/admin/access/config", headers=ADMIN)
        assert response.status_code == status


async def test_trusted_proxy_takes_the_address_the_proxy_appended(tmp_path: Path) -> None:
    # The proxy appends the address it saw; entries left of it are the client's own.
    spoofed = {**ADMIN, "x-forwarded-for": "127.0.0.1, 10.9.9.9"}
    local = {**ADMIN, "x-forwarded-for": "10.9.9.9, 127.0.0.1"}
    async with app_client(access(tmp_path, trustedProxy=False)) as http:
        # untrusted: the header is ignored, the peer (127.0.0.1) decides
        assert (await http.get("/v1/admin/access/config", headers=spoofed)).status_code == 200
    async with app_client(access(tmp_path, trustedProxy=True)) as http:
        assert (await http.get("/v1/admin/access/config", headers=spoofed)).status_code == 403
        assert (await http.get("/v1/admin/access/config", headers=local)).status_code == 200
    listed = {"server.trustedProxies": ["127.0.0.0/8"]}
    async with app_client(access(tmp_path), **listed) as http:
        assert (await http.get("/v1/admin/access/config", headers=spoofed)).status_code == 403
        # 127.0.0.1 is a trusted hop here, so the walk goes on to 10.9.9.9
        assert (await http.get("/v1/admin/access/config", headers=local)).status_code == 403
        assert (await http.get("/v1/admin/access/config", headers=ADMIN)).status_code == 200
    async with app_client(access(tmp_path), client=("10.0.0.1", 5000), **listed) as http:
        # a peer that is no trusted proxy cannot claim 127.0.0.1
        assert (await http.get("/v1/admin/access/config", headers=local)).status_code == 403


async def test_order_of_checks(tmp_path: Path) -> None:
    config = access(tmp_path, allowedIps=["127.0.0.1"])
    async with app_client(config, client=("10.0.0.1", 5000)) as http:
        # a wrong address is 403 before the key is even looked at
        assert (await http.get("/v1/admin/access/config")).status_code == 403
    async with app_client(config) as http:
        missing = await http.get("/v1/admin/access/config")
        assert missing.status_code == 401
        assert missing.json()["error"]["message"] == "API key required"
        wrong = await http.get("/v1/admin/access/config", headers={"x-api-key": CLIENT_KEY})
        assert wrong.status_code == 401
        assert wrong.json()["error"]["message"] == "Invalid API key"


async def test_client_keys_are_not_admin_keys(tmp_path: Path) -> None:
    config = access(tmp_path)
    config["managed"]["apiKeys"] = [
        {"id": "c", "keyHash": hash_key(CLIENT_KEY), "scopes": ["standalone", "runtimeAgent"]}
    ]
    async with app_client(config) as http:
        headers = {"authorization": f"Bearer {CLIENT_KEY}"}
        assert (await http.get("/v1/admin/access/config", headers=headers)).status_code == 401
        # and the admin key is no client key
        assert (await http.get("/v1/models", headers=ADMIN)).status_code == 401


async def test_get_put_config_with_expected_version(tmp_path: Path) -> None:
    async with app_client(access(tmp_path)) as http:
        current = (await http.get("/v1/admin/access/config", headers=ADMIN)).json()
        assert current["version"] == 1
        current["planes"]["standalone"]["auth"] = {"requireApiKey": False, "anonymous": "allow"}
        assert (await http.get("/v1/models")).status_code == 401
        stale = await http.put(
            "/v1/admin/access/config",
            headers=ADMIN,
            json={"expectedVersion": 7, "config": current},
        )
        assert stale.status_code == 409
        assert stale.json()["error"]["param"] == "expectedVersion"
        put = await http.put(
            "/v1/admin/access/config", headers=ADMIN, json={"expectedVersion": 1, "config": current}
        )
        assert put.status_code == 200
        assert put.json()["version"] == 2
        assert put.json()["updatedAt"].endswith("Z")
        assert (await http.get("/v1/models")).status_code == 200  # applied immediately
        # without expectedVersion the change is unconditional
        again = await http.put("/v1/admin/access/config", headers=ADMIN, json={"config": current})
        assert again.json()["version"] == 3
    on_disk = yaml.safe_load((tmp_path / "access-managed.yaml").read_text())
    assert on_disk["version"] == 3


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"config": {"apiKeys": [{"id": "x", "keyHash": "md5:1", "scopes": ["standalone"]}]}},
         "config.apiKeys[0].keyHash"),
        ({"config": {"planes": {"standalone": {"enabld": True}}}},
         "config.planes.standalone.enabld"),
        ({"config": {"apiKeys": [{"id": "x", "keyHash": hash_key("k"), "scopes": []}]}},
         "config.apiKeys[0].scopes"),
        ({"expectedVersion": "1", "config": {}}, "expectedVersion"),
        ({"expectedVersion": 1}, "config"),
    ],
)  # fmt: skip
async def test_put_rejects_an_invalid_policy_naming_the_field(
    tmp_path: Path, body: dict[str, Any], param: str
) -> None:
    async with app_client(access(tmp_path)) as http:
        response = await http.put("/v1/admin/access/config", headers=ADMIN, json=body)
        assert response.status_code == 400
        assert response.json()["error"]["param"] == param
        assert response.json()["error"]["message"].startswith(param)
        assert (await http.get("/v1/admin/access/config", headers=ADMIN)).json()["version"] == 1


async def test_add_and_revoke_keys(tmp_path: Path) -> None:
    async with app_client(access(tmp_path)) as http:
        created = await http.post(
            "/v1/admin/access/keys",
            headers=ADMIN,
            json={"id": "alice", "name": "Alice", "key": CLIENT_KEY, "scopes": ["standalone"]},
        )
        assert created.status_code == 201
        entry = created.json()
        assert entry["keyHash"] == hash_key(CLIENT_KEY)
        assert "key" not in entry
        assert entry["enabled"] is True
        client = {"authorization": f"Bearer {CLIENT_KEY}"}
        assert (await http.get("/v1/models", headers=client)).status_code == 200

        duplicate = await http.post("/v1/admin/access/keys", headers=ADMIN, json=new_key("alice"))
        assert duplicate.status_code == 409
        both = await http.post(
            "/v1/admin/access/keys",
            headers=ADMIN,
            json={**new_key("bob"), "key": "a-long-enough-key-value"},
        )
        assert both.status_code == 400
        bad = await http.post(
            "/v1/admin/access/keys", headers=ADMIN, json={"id": "bad id", "keyHash": "x"}
        )
        assert bad.status_code == 400
        assert bad.json()["error"]["param"] == "id"

        revoked = await http.delete("/v1/admin/access/keys/alice", headers=ADMIN)
        assert revoked.status_code == 200
        assert revoked.json() == {"revoked": entry}
        assert (await http.get("/v1/models", headers=client)).status_code == 401
        unknown = await http.delete("/v1/admin/access/keys/alice", headers=ADMIN)
        assert unknown.status_code == 404
        version = (await http.get("/v1/admin/access/config", headers=ADMIN)).json()["version"]
        assert version == 3
    text = (tmp_path / "access-managed.yaml").read_text()
    assert CLIENT_KEY not in text


async def test_audit_lines_for_actions_and_denials(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ollama_agent_router.audit")
    async with app_client(access(tmp_path)) as http:
        await http.get("/v1/admin/access/config")
        await http.get("/v1/admin/access/config", headers={"x-api-key": "wrong-admin-key"})
        await http.post(
            "/v1/admin/access/keys",
            headers=ADMIN,
            json={"id": "alice", "key": CLIENT_KEY, "scopes": ["standalone"]},
        )
        await http.delete("/v1/admin/access/keys/alice", headers=ADMIN)
    lines = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "ollama_agent_router.audit"
    ]
    assert [line["event"] for line in lines] == [
        "admin.denied",
        "admin.denied",
        "admin.key.created",
        "admin.key.revoked",
    ]
    assert [line.get("reason") for line in lines[:2]] == ["api_key_required", "invalid_api_key"]
    assert lines[2]["keyId"] == "alice"
    assert lines[2]["client"] == "127.0.0.1"
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert CLIENT_KEY not in text
    assert "sha256:" not in text
    assert "wrong-admin-key" not in text


async def test_audit_log_can_be_switched_off(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ollama_agent_router.audit")
    async with app_client(access(tmp_path, auditLog=False)) as http:
        await http.get("/v1/admin/access/config")
    assert not [r for r in caplog.records if r.name == "ollama_agent_router.audit"]


async def test_fifty_concurrent_key_additions_lose_nothing_and_survive_a_restart(
    tmp_path: Path,
) -> None:
    path = tmp_path / "access-managed.yaml"
    config = access(tmp_path)
    async with app_client(config) as http:
        responses = await asyncio.gather(
            *(
                http.post("/v1/admin/access/keys", headers=ADMIN, json=new_key(f"k{i:02d}"))
                for i in range(50)
            )
        )
        assert [r.status_code for r in responses] == [201] * 50
        policy = (await http.get("/v1/admin/access/config", headers=ADMIN)).json()
    assert policy["version"] == 51
    assert sorted(k["id"] for k in policy["apiKeys"]) == [f"k{i:02d}" for i in range(50)]
    on_disk = yaml.safe_load(path.read_text())
    assert on_disk["version"] == 51
    assert len(on_disk["apiKeys"]) == 50
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["access-managed.yaml"]  # no temp left

    # a restart reads the file, not access.managed (which has no keys)
    async with app_client(config) as http:
        again = (await http.get("/v1/admin/access/config", headers=ADMIN)).json()
        assert again["version"] == 51
        assert len(again["apiKeys"]) == 50
        client = {"x-api-key": "k17-secret-value"}
        assert (await http.get("/v1/models", headers=client)).status_code == 200
