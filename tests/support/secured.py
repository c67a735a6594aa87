"""``examples/gex44-secured.yaml`` as test data, with its placeholder keys."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "gex44-secured.yaml"
# The example's placeholder keys (their hashes are in the file).
CLIENT, KONG, ADMIN = "replace-me-client", "replace-me-kong", "replace-me-admin"


@functools.cache
def _example() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    return parsed


def secured_data(tmp_path: Path, *, unlimited: bool = False) -> dict[str, Any]:
    """The secured example with test-friendly defaults (free port, memory jobs, no GPU
    monitor, heuristic classification, its managed file under ``tmp_path``);
    ``unlimited`` raises the keys' rate limits out of the way of a long run."""
    data = copy.deepcopy(_example())  # parsed once per process: a fresh copy per call
    data["server"]["port"] = 0
    data["jobs"] = {"store": "memory"}
    data["gpu"]["monitor"]["enabled"] = False
    data["router"]["classification"]["mode"] = "heuristic"
    data["access"]["managedConfigPath"] = str(tmp_path / "access-managed.yaml")
    if unlimited:
        for key in data["access"]["managed"]["apiKeys"]:
            for limit in key["limits"].values():
                limit["requests"] = 1_000_000
    return data
