"""``/ui`` in a real headless Chromium, driven over the DevTools protocol.

A real router and simulator serve the page; the test sends chat requests through the
router and waits for the page's own polling to show them, then checks that the browser
logged no error (script exceptions, failed fetches, CSP violations).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import shutil
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from support.stack import gex44_data, stack

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
]
START_TIMEOUT_S = 15.0


class Page:
    """One browser tab over a DevTools websocket: commands, and the errors it logs."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.errors: list[str] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            future = self._pending.pop(data.get("id", 0), None)
            if future is not None and not future.done():
                future.set_result(data)
            else:
                self._on_event(data.get("method", ""), data.get("params", {}))

    def _on_event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(details.get("exception", {}).get("description", details["text"]))
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            self.errors.append(" ".join(str(a.get("value", a)) for a in params["args"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            self.errors.append(f"{entry['source']}: {entry['text']} {entry.get('url', '')}")

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[ident] = future
        await self._ws.send_json({"id": ident, "method": method, "params": params})
        answer = await asyncio.wait_for(future, 10)
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return dict(answer.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, timeout_s: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout_s
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"still false after {timeout_s} s: {expression}")
            await asyncio.sleep(0.1)

    async def aclose(self) -> None:
        await self._ws.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


async def _devtools_port(profile: Path, process: asyncio.subprocess.Process) -> int:
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.returncode is None:
        if marker.exists():
            first = marker.read_text().split("\n", 1)[0].strip()
            if first.isdigit():
                return int(first)
        await asyncio.sleep(0.05)
    pytest.skip(f"Chromium did not start (exit code {process.returncode})")


@asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Page]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    process = await asyncio.create_subprocess_exec(
        CHROMIUM,
        *FLAGS,
        f"--user-data-dir={profile}",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        port = await _devtools_port(profile, process)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json()
            target = next(t for t in targets if t["type"] == "page")
            ws = await http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0)
            page = Page(ws)
            try:
                for domain in ("Runtime", "Log", "Page"):
                    await page.send(f"{domain}.enable")
                yield page
            finally:
                await page.aclose()
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 5)
            except TimeoutError:
                process.kill()
                await process.wait()


def rows(section: str) -> str:
    """JS: the rows of a section's table as arrays of cell texts."""
    return (
        f"Array.from(document.querySelectorAll('#{section} tbody tr'), "
        "tr => Array.from(tr.cells, td => td.textContent))"
    )


async def test_status_page_refreshes_live_in_a_real_browser(tmp_path: Path) -> None:
    data = gex44_data(**{"server.basePath": "/router"})
    async with stack(data) as s, chromium(tmp_path / "profile") as page:
        await page.send("Page.navigate", url=s.url + "/ui")
        await page.wait_for("Number(document.body?.dataset.polls || 0) >= 1")
        assert await page.evaluate(rows("decisions")) == [["no routed requests yet"]]
        assert await page.evaluate("document.getElementById('status').textContent") == "ok"
        assert await page.evaluate("document.getElementById('ollama').textContent") == ("reachable")
        models = await page.evaluate(rows("models"))
        assert len(models) == len(s.config.models)
        assert all(row[3] == "no" for row in models)  # nothing loaded yet

        for text in ("hello there", "fix this python bug: def f(: pass", "summarize: a b c"):
            body = {"model": "auto", "messages": [{"role": "user", "content": text}]}
            status, answer, _ = await s.post("/v1/chat/completions", body)
            assert status == 200, answer

        decided = await page.wait_for(
            f"(() => {{ const r = {rows('decisions')}; return r.length >= 3 && r; }})()"
        )
        assert all(row[3] == "sync" and row[7] == "200" for row in decided)
        models = await page.wait_for(
            f"(() => {{ const r = {rows('models')}.filter(c => c[3] === 'loaded');"
            " return r.length && r; })()"
        )
        assert models[0][6].endswith("GPU")
        queues = await page.evaluate(rows("queues"))
        assert queues[-1][0] == "all models"
        resident = await page.evaluate(rows("residency"))
        assert any(row[0] == models[0][0] and row[5] in ("idle", "busy") for row in resident)
        note = await page.evaluate("document.getElementById('residency-note').textContent")
        assert "strategy residency" in note
        assert "MB" in await page.evaluate("document.getElementById('vram-text').textContent")
        assert await page.evaluate("document.body.classList.contains('stale')") is False
    assert page.errors == []


async def test_status_page_without_the_runtime_agent_plane_shows_decisions_and_jobs(
    tmp_path: Path,
) -> None:
    """/v1/router/status belongs to the runtime-agent plane; with it disabled the page
    says why live status is missing, keeps decisions and jobs live, and fetches nothing
    that fails."""
    data = gex44_data(access={"managed": {"planes": {"runtimeAgent": {"enabled": False}}}})
    async with stack(data) as s, chromium(tmp_path / "profile") as page:
        await page.send("Page.navigate", url=s.url + "/ui")
        await page.wait_for("Number(document.body?.dataset.polls || 0) >= 1")
        note = await page.evaluate("document.getElementById('status-off').textContent")
        assert "runtime-agent plane is disabled" in note
        assert await page.evaluate("document.getElementById('status-off').hidden") is False
        assert await page.evaluate("document.getElementById('status').textContent") == "no status"
        assert await page.evaluate(rows("queues")) == [["unknown"]]
        body = {
            "model": "auto",
            "messages": [{"role": "user", "content": "summarize: a b c"}],
            "router": {"mode": "async"},
        }
        status, job, _ = await s.post("/v1/chat/completions", body)
        assert status == 202, job
        status, answer, _ = await s.post(
            "/v1/chat/completions", {**body, "router": {"mode": "sync"}}
        )
        assert status == 200, answer
        await page.wait_for(f"{rows('jobs')}.some(r => r[0] === {json.dumps(job['id'])})")
        await page.wait_for(f"{rows('decisions')}.length >= 2")
        assert await page.evaluate("document.body.classList.contains('stale')") is False
    assert page.errors == []
