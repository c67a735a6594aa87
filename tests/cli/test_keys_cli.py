"""``oar keys create`` through a subprocess (issue 12, finding 10): every command the docs
show works, ``--admin`` makes an admin key, and every error is one line naming the
option, without pydantic's text."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from ollama_agent_router.access import hash_key

ROOT = Path(__file__).resolve().parents[2]
OAR = [sys.executable, "-m", "ollama_agent_router"]
DOCUMENTED = [
    ROOT / "README.md",
    ROOT / "examples" / "gex44-secured.yaml",
    ROOT / "docs" / "security.md",
]


def oar(*args: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name != "OAR_API_KEY"}
    return subprocess.run([*OAR, *args], capture_output=True, text=True, timeout=60, env=env)


def documented_commands() -> list[list[str]]:
    """Every ``oar keys create …`` line of the docs that works offline (no --register)."""
    found = []
    for path in DOCUMENTED:
        for line in path.read_text().splitlines():
            match = re.search(r"oar keys create([^#`\n]*)", line)
            if match and "--register" not in match.group(1):
                found.append(shlex.split(match.group(1)))
    return found


def test_the_docs_show_an_admin_key_command() -> None:
    assert ["--admin"] in documented_commands()


@pytest.mark.parametrize("args", documented_commands(), ids=" ".join)
def test_every_documented_command_works(args: list[str]) -> None:
    proc = oar("keys", "create", *args)
    assert proc.returncode == 0, proc.stderr
    assert "Hash: sha256:" in proc.stdout


def test_admin_key_prints_the_hash_for_the_admin_settings() -> None:
    proc = oar("--json", "keys", "create", "--admin")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["admin"] is True
    assert out["keyHash"] == hash_key(out["key"])
    human = oar("keys", "create", "--admin")
    assert "access.admin.apiKeyHashes" in human.stdout
    key = re.search(r"store it safely\): (\S+)", human.stdout)
    assert key is not None
    assert f"- {hash_key(key.group(1))}" in human.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--id", "admin"], "error: --id 'admin': 'admin' is reserved"),
        (["--id", "anonymous"], "error: --id 'anonymous': 'anonymous' is reserved"),
        (["--id", "a b"], "error: --id 'a b': may contain only letters, digits and . _ : -"),
        (["--id", "é"], "error: --id 'é': may contain only"),
        (["--scope", "everything"], "error: --scope 'everything': use standalone or runtimeAgent"),
        (["--limit", "lots"], "error: --limit 'lots': use REQUESTS/WINDOW"),
        (["--limit", "0/60s"], "error: --limit '0/60s'"),
        (["--admin", "--id", "x"], "error: --admin takes no --id"),
        (
            ["--admin", "--scope", "standalone", "--register"],
            "error: --admin takes no --scope, --register",
        ),
        (["--register", "--id", "x"], "error: --register needs the admin key"),
    ],
)
def test_every_error_is_one_line_without_pydantic_noise(args: list[str], expected: str) -> None:
    proc = oar("keys", "create", *args)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(expected), proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    for noise in ("validation error", "pydantic", "For further information", "Traceback", "[type="):
        assert noise not in proc.stderr


def test_the_reserved_admin_id_points_to_the_admin_option() -> None:
    proc = oar("keys", "create", "--id", "admin")
    assert "oar keys create --admin" in proc.stderr
