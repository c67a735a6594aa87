"""The wizard's and the doctor's documentation stays honest."""

from __future__ import annotations

import re
from pathlib import Path

from ollama_agent_router.setup import doctor
from ollama_agent_router.setup.roles import ROLES

ROOT = Path(__file__).resolve().parents[2]
CLI_DOC = (ROOT / "docs" / "cli.md").read_text()
CONFIG_DOC = (ROOT / "docs" / "configuration.md").read_text()


def test_every_finding_code_is_used_and_documented() -> None:
    source = Path(doctor.__file__).read_text()
    used = set(re.findall(r'Finding\(\s*"(?:error|warning|info)",\s*"([a-z-]+)"', source))
    assert used == set(doctor.FINDING_CODES)
    missing = [code for code in doctor.FINDING_CODES if f"| `{code}` |" not in CLI_DOC]
    assert not missing, f"doctor findings without a row in docs/cli.md: {missing}"


def test_every_configure_option_is_documented() -> None:
    for option in (
        "--detect",
        "--dry-run",
        "--output",
        "--overwrite",
        "--non-interactive",
        "--answers",
        "--yes",
        "--preset",
    ):
        assert re.search(rf"^\| `[^|]*{option}\b", CLI_DOC, re.MULTILINE), option
    assert "oar init --wizard" in CLI_DOC


def test_every_role_is_documented() -> None:
    for role in ROLES:
        assert f"| `{role}` |" in CONFIG_DOC, role
