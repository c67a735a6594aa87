"""The managed policy file: bootstrap, load, malformed files, atomic 0600 writes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ollama_agent_router.access import ManagedPolicy, hash_key, write_atomically
from ollama_agent_router.config import ConfigError
from ollama_agent_router.config.models import ApiKey, ManagedAccess
from ollama_agent_router.errors import ConflictError, NotFoundError
from support.stack import gex44_data

INITIAL = ManagedAccess.model_validate(
    {"apiKeys": [{"id": "a", "keyHash": hash_key("key-a"), "scopes": ["standalone"]}]}
)


def key(key_id: str) -> ApiKey:
    return ApiKey.model_validate(
        {"id": key_id, "keyHash": hash_key(key_id), "scopes": ["runtimeAgent"]}
    )


def test_missing_file_is_bootstrapped_from_the_initial_policy(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "managed.yaml"
    policy = ManagedPolicy(INITIAL, path=path, bootstrap_if_missing=True)
    assert policy.load() == INITIAL
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ManagedAccess.model_validate(yaml.safe_load(path.read_text())) == INITIAL


def test_missing_file_without_bootstrap_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "managed.yaml"
    with pytest.raises(ConfigError) as caught:
        ManagedPolicy(INITIAL, path=path).load()
    assert str(caught.value).startswith(f"{path}: managed access file is missing")


def test_the_file_wins_over_the_initial_policy(tmp_path: Path) -> None:
    path = tmp_path / "managed.yaml"
    path.write_text(yaml.safe_dump({"version": 9, "apiKeys": []}))
    loaded = ManagedPolicy(INITIAL, path=path, bootstrap_if_missing=True).load()
    assert loaded.version == 9
    assert loaded.api_keys == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("apiKeys:\n  - id: a\n    keyHash: nope\n    scopes: [standalone]\n",
         "apiKeys[0].keyHash: must be 'sha256:' followed by 64 lowercase hex digits"),
        ("planes:\n  standalone:\n    enabeld: true\n", "planes.standalone.enabeld: unknown key"),
        ("version: [1\n", "YAML syntax error at line 2, column 1"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)  # fmt: skip
def test_malformed_file_names_the_file_and_key(tmp_path: Path, text: str, line: str) -> None:
    path = tmp_path / "managed.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        ManagedPolicy(INITIAL, path=path).load()
    assert str(caught.value).startswith(f"{path}: {line}")


def test_oar_serve_reports_a_malformed_managed_file_in_one_line(tmp_path: Path) -> None:
    managed = tmp_path / "access-managed.yaml"
    managed.write_text("apiKeys:\n  - id: a\n    keyHash: sha256:xyz\n    scopes: [standalone]\n")
    data = gex44_data(**{"access.managedConfigPath": str(managed)})
    config = tmp_path / "router.yaml"
    config.write_text(yaml.safe_dump(data))
    proc = subprocess.run(
        [sys.executable, "-m", "ollama_agent_router", "serve", "-c", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {managed}: apiKeys[0].keyHash: must be 'sha256:'")


async def test_each_change_bumps_the_version_and_sets_updated_at(tmp_path: Path) -> None:
    path = tmp_path / "managed.yaml"
    policy = ManagedPolicy(INITIAL, path=path, bootstrap_if_missing=True)
    policy.load()
    seen: list[int] = []
    policy.on_change = lambda p: seen.append(p.version)
    after_add = await policy.add_key(key("b"))
    assert after_add.version == 2
    assert after_add.updated_at is not None
    assert after_add.updated_at.endswith("Z")
    with pytest.raises(ConflictError):
        await policy.add_key(key("b"))
    revoked = await policy.revoke_key("a")
    assert revoked.id == "a"
    with pytest.raises(NotFoundError):
        await policy.revoke_key("a")
    with pytest.raises(ConflictError):
        await policy.replace(INITIAL, expected_version=2)
    replaced = await policy.replace(INITIAL.model_copy(update={"version": 77}), expected_version=3)
    assert replaced.version == 4  # the body's version is not trusted; it counts on
    assert seen == [2, 3, 4]
    reloaded = ManagedPolicy(ManagedAccess(), path=path).load()
    assert reloaded == replaced


def test_atomic_write_replaces_whole_files_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_text("old")
    os.chmod(path, 0o644)
    write_atomically(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(path, "bad \udcff surrogate")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.yaml"]
