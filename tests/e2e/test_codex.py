"""The real Codex CLI against the router's Responses face, end to end.

``@openai/codex`` is installed from npm (the current release) into a cache under the
temp folder once per test session; without npm, or when the install fails or takes
longer than ``INSTALL_TIMEOUT_S``, these tests are skipped with the reason. Written
and last run against **Codex 0.171.0** (``codex-cli 0.171.0``), which sends
``wire_api = "responses"`` requests with ``stream: true``, ``store: false``, its whole
history every turn, ``include``, ``prompt_cache_key``, ``client_metadata``, function
tools, a ``web_search`` tool and a ``namespace`` tool (``multi_agent_v1``) holding
its sub-agent tools.

The router and the simulator run on real sockets, with a recording proxy between them
(the chat requests the router sends its backend). ``codex exec`` runs in a temporary
folder with its own ``CODEX_HOME``, whose ``config.toml`` points a model provider at
the router's ``/v1``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from ollama_agent_router.composition import Overrides, Services
from ollama_agent_router.config import parse_config
from ollama_agent_router.server import running
from ollama_agent_router.simulator.server import SimulatorHandle, run_simulator
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.processes import file_lock
from support.stack import expect_idle, gex44_data

CACHE = Path(tempfile.gettempdir()) / "oar-test-codex"
"""Where ``@openai/codex`` is installed (kept across sessions; npm updates it)."""
INSTALL_TIMEOUT_S = 300
RUN_TIMEOUT_S = 120
MARK = "sim-mark:codex-e2e"
ANSWER = "Routed-through-the-local-router answer 4711."


@dataclass(frozen=True, slots=True)
class Codex:
    binary: Path
    version: str


@pytest.fixture(scope="session")
def codex() -> Codex:
    """The current Codex CLI, installed once per session; skips when it cannot be."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: the Codex CLI comes from the npm registry")
    CACHE.mkdir(parents=True, exist_ok=True)
    install = [
        npm,
        "install",
        "--prefix",
        str(CACHE),
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        "--fetch-retries=1",
        "--fetch-timeout=60000",
        "@openai/codex@latest",
    ]
    binary = CACHE / "node_modules" / ".bin" / "codex"
    try:
        # one install at a time into the shared folder (xdist workers, concurrent runs)
        with file_lock(CACHE.with_name(CACHE.name + ".lock")):
            done = subprocess.run(
                install, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False
            )
    except subprocess.TimeoutExpired:
        pytest.skip(f"installing @openai/codex took over {INSTALL_TIMEOUT_S} s")
    if done.returncode != 0 or not binary.exists():
        pytest.skip(f"npm could not install @openai/codex: {done.stderr.strip()[-500:]}")
    shown = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    if shown.returncode != 0:
        pytest.skip(f"the installed Codex CLI does not run here: {shown.stderr.strip()[-500:]}")
    return Codex(binary, shown.stdout.strip())


# -- the stack: simulator ← recording proxy ← router -----------------------------------


Rewrite = Callable[[dict[str, Any]], None]


@dataclass
class Backend:
    """The chat requests the router sent its backend, as the backend got them."""

    chats: list[dict[str, Any]] = field(default_factory=list)
    rewrite: Rewrite | None = None
    """Changes a chat request before the simulator sees it (not what the router sent)."""


@asynccontextmanager
async def recording_proxy(target: str, backend: Backend) -> AsyncIterator[str]:
    """An HTTP proxy on a free loopback port that records chat requests, streaming
    every answer through as it comes."""

    async def forward(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        if request.method == "POST" and request.path in ("/v1/chat/completions", "/api/chat"):
            chat = json.loads(body)
            backend.chats.append(json.loads(body))
            if backend.rewrite is not None:
                backend.rewrite(chat)
            body = json.dumps(chat).encode()
        headers = {"content-type": request.headers.get("content-type", "application/json")}
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                request.method, target + request.path_qs, data=body, headers=headers
            ) as answer,
        ):
            out = web.StreamResponse(status=answer.status)
            out.content_type = answer.content_type
            await out.prepare(request)
            async for piece in answer.content.iter_any():
                await out.write(piece)
            await out.write_eof()
            return out

    app = web.Application(client_max_size=64 * 1024**2)
    app.router.add_route("*", "/{tail:.*}", forward)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@dataclass
class Stack:
    url: str
    sim: SimulatorHandle
    backend: Backend


@asynccontextmanager
async def codex_stack() -> AsyncIterator[Stack]:
    """A router in front of the recording proxy in front of a simulator; checks at the
    end that no scheduler ticket was left behind."""
    data = gex44_data()
    settings = SimulatorSettings(models=models_from_config(parse_config(data)), instant=True)
    backend = Backend()
    opened: list[Services] = []
    async with (
        run_simulator(settings) as sim,
        recording_proxy(sim.base_url, backend) as proxy,
    ):
        config = parse_config({**data, "ollama": {**data["ollama"], "baseUrl": proxy}})
        overrides = Overrides(shutdown_grace_s=1, on_open=opened.append)
        async with running(config, overrides) as url:
            yield Stack(url, sim, backend)
            await expect_idle(opened[0].scheduler)


# -- running codex exec ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


async def codex_exec(codex: Codex, router_url: str, prompt: str, home: Path) -> Run:
    """``codex exec <prompt>`` with a model provider for the router, in ``home``."""
    codex_home, work = home / "codex-home", home / "work"
    codex_home.mkdir()
    work.mkdir()
    (codex_home / "config.toml").write_text(
        f"""model = "gpt-5-codex"
model_provider = "router"
check_for_update_on_startup = false

# Nothing but the router: no plugin sync, apps, analytics or update checks, which
# would reach for OpenAI's and GitHub's servers.
[analytics]
enabled = false

[features]
plugins = false
remote_plugin = false
apps = false
in_app_updates = false

[model_providers.router]
name = "ollama-agent-router"
base_url = "{router_url}/v1"
wire_api = "responses"
env_key = "OAR_TEST_ROUTER_KEY"
"""
    )
    env = {**os.environ, "CODEX_HOME": str(codex_home), "OAR_TEST_ROUTER_KEY": "dummy"}
    env.pop("OPENAI_API_KEY", None)
    process = await asyncio.create_subprocess_exec(
        str(codex.binary),
        "exec",
        "--skip-git-repo-check",
        "--sandbox",
        "danger-full-access",
        "--cd",
        str(work),
        prompt,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=work,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), RUN_TIMEOUT_S)
    except TimeoutError:
        process.kill()
        out, err = await process.communicate()
        raise AssertionError(
            f"codex exec ran over {RUN_TIMEOUT_S} s\n{out.decode()}\n{err.decode()}"
        ) from None
    assert process.returncode is not None
    return Run(process.returncode, out.decode(), err.decode())


def offered(chat: dict[str, Any]) -> list[str]:
    return [tool["function"]["name"] for tool in chat.get("tools", [])]


async def test_codex_exec_gets_its_answer_through_the_router(codex: Codex, tmp_path: Path) -> None:
    async with codex_stack() as s:
        s.sim.add_response(ANSWER, contains=MARK)
        run = await codex_exec(codex, s.url, f"Say the magic words. {MARK}", tmp_path)
    assert run.returncode == 0, f"{codex.version}\n{run.stdout}\n{run.stderr}"
    assert ANSWER in run.stdout, f"{codex.version}\n{run.stdout}\n{run.stderr}"
    [chat] = s.backend.chats
    assert chat["stream"] is True
    assert chat["messages"][-1] == {"role": "user", "content": f"Say the magic words. {MARK}"}


async def test_codex_runs_a_tool_of_a_namespace_through_the_router(
    codex: Codex, tmp_path: Path
) -> None:
    """The simulator calls the first tool it is offered: the proxy puts a tool of
    Codex's ``multi_agent_v1`` namespace first, so the model calls it by its flat name;
    Codex must get the call back in its namespace and run it (a call it cannot place
    answers "unsupported call")."""
    target = "multi_agent_v1__close_agent"

    def close_agent_first(chat: dict[str, Any]) -> None:
        tools = chat.get("tools") or []
        chat["tools"] = sorted(tools, key=lambda t: t["function"]["name"] != target)

    async with codex_stack() as s:
        s.backend.rewrite = close_agent_first
        run = await codex_exec(codex, s.url, "Close the helper agent.", tmp_path)
    detail = f"{codex.version}\n{run.stdout}\n{run.stderr}"
    assert run.returncode == 0, detail
    first, second, *_ = s.backend.chats
    if target not in offered(first):
        pytest.skip(f"{codex.version} offers no {target} (its namespace tools changed)")
    [call] = [m for m in second["messages"] if m.get("tool_calls")][-1]["tool_calls"]
    assert call["function"]["name"] == target  # sent back in its namespace, flat again
    [result] = [m for m in second["messages"] if m["role"] == "tool"]
    assert "unsupported call" not in result["content"], detail
    assert result["content"], detail  # close_agent ran (and refused the made-up agent id)
