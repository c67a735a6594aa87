"""``examples/gex44-secured.yaml`` works as the README's "Securing it" section says,
and ``oar keys create`` prints and registers keys."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import yaml

from ollama_agent_router.access import hash_key
from support.secured import ADMIN, CLIENT, EXAMPLE, KONG, secured_data
from support.stack import stack

README = Path(__file__).resolve().parents[2] / "README.md"
OAR = [sys.executable, "-m", "ollama_agent_router"]
CHAT = {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def test_readme_documents_the_secured_example() -> None:
    text = README.read_text()
    assert "## Securing it" in text
    assert "examples/gex44-secured.yaml" in text
    assert "oar keys create" in text


def test_the_placeholders_are_the_documented_ones() -> None:
    text = EXAMPLE.read_text()
    for key in (CLIENT, KONG, ADMIN):
        assert hash_key(key) in text


def test_keys_create_prints_a_key_once_with_its_hash() -> None:
    proc = subprocess.run(
        [*OAR, "--json", "keys", "create", "--id", "ci", "--scope", "runtimeAgent",
         "--limit", "100/1m"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = json.loads(proc.stdout)
    assert out["key"].startswith("oar_")
    assert out["entry"] == {
        "id": "ci",
        "keyHash": hash_key(out["key"]),
        "enabled": True,
        "scopes": ["runtimeAgent"],
        "limits": {"runtimeAgent": {"requests": 100, "windowSeconds": 60}},
    }
    human = subprocess.run([*OAR, "keys", "create"], capture_output=True, text=True, check=True)
    assert "API key (shown only now" in human.stdout
    snippet = human.stdout.split("(or --register it):\n", 1)[1]
    assert yaml.safe_load(snippet)[0]["keyHash"].startswith("sha256:")
    bad = subprocess.run(
        [*OAR, "keys", "create", "--limit", "lots"], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: --limit 'lots'")


async def test_secured_example_end_to_end(tmp_path: Path) -> None:
    async with stack(secured_data(tmp_path)) as s:
        status, body, _ = await s.post("/v1/chat/completions", CHAT)
        assert status == 401
        assert body["error"]["message"] == "API key required"
        status, body, headers = await s.post("/v1/chat/completions", CHAT, headers=bearer(CLIENT))
        assert status == 200
        assert headers["X-RateLimit-Limit"] == "120"
        status, _, _ = await s.post("/v1/chat/completions", CHAT, headers=bearer(KONG))
        assert status == 403
        async with s.http.get(s.url + "/v1/router/status", headers=bearer(KONG)) as response:
            assert response.headers["X-RateLimit-Limit"] == "2000"
        async with s.http.get(s.url + "/v1/admin/access/config", headers=bearer(ADMIN)) as r:
            assert r.status == 200
            assert (await r.json())["version"] == 1
        managed = tmp_path / "access-managed.yaml"
        assert stat.S_IMODE(managed.stat().st_mode) == 0o600

        # oar keys create --register, with the admin key in OAR_API_KEY
        env = {**os.environ, "OAR_API_KEY": ADMIN}
        proc = await asyncio.create_subprocess_exec(
            *OAR, "--url", s.url, "--json", "keys", "create", "--id", "laptop", "--register",
            env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
        new_key = json.loads(out)["key"]
        status, _, headers = await s.post("/v1/chat/completions", CHAT, headers=bearer(new_key))
        assert status == 200
        assert headers["X-RateLimit-Limit"] == "60"  # the plane's default limit

        again = await asyncio.create_subprocess_exec(
            *OAR, "--url", s.url, "keys", "create", "--id", "laptop", "--register",
            env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, err = await again.communicate()
        assert again.returncode == 1
        assert "refused the key (409)" in err.decode()
    assert yaml.safe_load(managed.read_text())["version"] == 2
