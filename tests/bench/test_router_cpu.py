"""``bench/router_cpu.py`` kept from rotting: its bodies pass the router's checks, and
one tiny run with real processes (a simulator, the router's app in a child) reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import router_cpu
from ollama_agent_router.pipeline.payload import check_chat_body
from ollama_agent_router.pipeline.tool_calls import tool_table

BENCH = Path(router_cpu.__file__)


@pytest.mark.parametrize("kind", ["short", "long", "tools"])
def test_bodies_are_chat_requests_routed_by_the_router(kind: str) -> None:
    body = json.loads(router_cpu.body(kind))
    assert body["model"] == "auto"
    assert check_chat_body(body)
    assert (tool_table(body) is not None) == (kind == "tools")
    if kind == "long":
        assert len(body["messages"]) == 18


def test_a_tiny_run_reports_cpu_per_request() -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH), "--runs", "1", "--requests", "20", "--warm", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    lines = out.splitlines()
    assert lines[0] == "20 requests one at a time (short body), 1 runs each"
    this = lines[2].split()
    assert this[0] == "this"
    assert float(this[1]) > 0  # CPU us per request
