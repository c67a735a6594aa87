"""Shared fixtures: paths to the shipped examples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def gex44_path() -> Path:
    return EXAMPLES / "gex44.yaml"
