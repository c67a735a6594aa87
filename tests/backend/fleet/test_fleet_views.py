"""What a person sees of a fleet gateway: ``/ui`` in a real browser, ``oar top`` and
``oar route`` against a running gateway, with one node killed."""

from __future__ import annotations

import asyncio
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from e2e.test_ui_browser import chromium, rows
from support.fleet import Fleet, fleet
from support.processes import OAR

QWEN = "qwen2.5-coder:7b"


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


async def down(f: Fleet, node: str) -> None:
    await f.kill(node)
    await f.until(
        lambda s: any(n["id"] == node and n["status"] == "unavailable" for n in s["fleet"]["nodes"])
    )


async def oar(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess (it blocks: off the loop the fleet runs on), 80 columns."""
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    return await asyncio.to_thread(
        subprocess.run, [*OAR, *args], capture_output=True, text=True, timeout=60, env=env
    )


@pytest.mark.slow
async def test_the_status_page_of_a_gateway_lists_its_nodes(tmp_path: Path) -> None:
    async with fleet("node-a", "node-b") as f, chromium(tmp_path / "profile") as page:
        status, body, _ = await f.post("/v1/chat/completions", {**chat("fix it"), "model": QWEN})
        assert status == 200, body
        served = body["router"]["node"]
        await page.send("Page.navigate", url=f.url + "/ui")
        await page.wait_for("Number(document.body?.dataset.polls || 0) >= 1")
        nodes = await page.wait_for(
            f"(() => {{ const r = {rows('nodes')}; return r.some(c => c[4].includes("
            f"'{QWEN}')) && r; }})()"
        )
        assert [row[0] for row in nodes] == ["node-a", "node-b"]
        assert all(row[1] == "ok" for row in nodes)
        assert await page.evaluate("document.getElementById('ollama').textContent") == "2 / 2 up"
        visible = "(id) => getComputedStyle(document.getElementById(id)).display !== 'none'"
        for section, shown in (("nodes", True), ("vram", False), ("models", False)):
            assert await page.evaluate(f"({visible})('{section}')") is shown, section
        other = "node-b" if served == "node-a" else "node-a"
        await down(f, other)
        nodes = await page.wait_for(
            f"(() => {{ const r = {rows('nodes')}; return r.some(c => c[1] === 'unavailable')"
            " && r; })()"
        )
        row = next(row for row in nodes if row[0] == other)
        assert row[3:7] == ["–", "–", "–", "–"]  # nothing from its stale snapshot
        assert "unreachable" in row[7]
        badge = "document.getElementById('ollama')"
        assert await page.evaluate(f"{badge}.textContent") == "1 / 2 up"
        assert await page.evaluate(f"{badge}.className") == "badge warn"
    assert page.errors == []


async def test_oar_top_once_against_a_gateway_shows_its_nodes() -> None:
    async with fleet("node-a", "node-b") as f:
        status, body, _ = await f.post("/v1/chat/completions", {**chat("fix it"), "model": QWEN})
        assert status == 200, body
        served = body["router"]["node"]
        other = "node-b" if served == "node-a" else "node-a"
        await f.until(
            lambda s: any(
                m.get("configuredName") == QWEN
                for n in s["fleet"]["nodes"]
                if n["id"] == served
                for m in n["loadedModels"]
            )
        )
        await down(f, other)
        result = await oar("--url", f.url, "top", "--once")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert "fleet 1/2 nodes up" in result.stdout
    table = [line.split() for line in lines if line.startswith("node-")]
    rows_ = {row[0]: row for row in reversed(table)}  # a node's table row, not its note
    assert rows_[served][1] == "ok"
    assert rows_[served][-1] == QWEN
    assert rows_[other][1:2] == ["down"]
    assert f"{other} unavailable: " in result.stdout
    assert f"{QWEN}@{served}" in result.stdout  # the recent decision names the node


async def test_oar_route_against_a_gateway_shows_every_node_and_the_winner() -> None:
    async with fleet("node-a", "node-b", "node-c") as f:
        await down(f, "node-c")
        result = await oar("--url", f.url, "route", "write a python function")
        as_json = await oar("--url", f.url, "route", "--json", "write a python function")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert max(map(len, text.splitlines())) <= 80
    assert "Node node-a" in text
    assert "Node node-b" in text
    assert "node-c skipped" in text
    winner = next(line for line in text.splitlines() if line.startswith("Decision"))
    assert "@node-" in winner
    assert as_json.returncode == 0, as_json.stderr
    assert '"nodes"' in as_json.stdout
