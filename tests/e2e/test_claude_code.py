"""The real Claude Code CLI (``claude -p``) through the router's Messages face, with the
simulator as Ollama.

Last run with Claude Code 2.1.332 (``@anthropic-ai/claude-code`` from npm; it installs
its native binary). Its requests carry what older clients did not: ``system`` turns
inside ``messages``, ``thinking: {type: adaptive}``, ``output_config.effort``,
``context_management`` and a deferred placeholder tool. Nothing here sets
``ANTHROPIC_MODEL``: Claude Code asks for its default model (a ``claude-*`` id), which
``faces.anthropic.modelMap`` routes as ``auto``.

The CLI is installed once per session into the pytest cache (``npm install``, the
newest version unless ``OAR_CLAUDE_CODE_VERSION`` names one; ``OAR_CLAUDE_BIN`` uses a
binary already on disk). Without npm, or when the install fails or takes over
``INSTALL_TIMEOUT_S``, the tests are skipped with the reason.

It runs with a fresh ``HOME`` (no user settings), no telemetry, update checks or
retries, in a temporary working directory.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support.processes import file_lock
from support.stack import Stack, stack

pytestmark = pytest.mark.slow

INSTALL_TIMEOUT_S = 300
RUN_TIMEOUT_S = 120
PACKAGE = "@anthropic-ai/claude-code"


@dataclass(frozen=True, slots=True)
class Claude:
    command: list[str]
    version: str


def _version(command: list[str]) -> str | None:
    """What ``command --version`` prints, or None when it does not run."""
    try:
        done = subprocess.run(
            [*command, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _install(cache: Path) -> tuple[list[str] | None, str]:
    """(the command that runs ``claude``, its version) or (None, why not)."""
    given = os.environ.get("OAR_CLAUDE_BIN")
    if given:
        commands = [[given]]
    else:
        npm = shutil.which("npm")
        if npm is None:
            return None, "npm is not installed"
        version = os.environ.get("OAR_CLAUDE_CODE_VERSION", "latest")
        install = [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix"]
        try:
            done = subprocess.run(
                [*install, str(cache), f"{PACKAGE}@{version}"],
                capture_output=True,
                text=True,
                timeout=INSTALL_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None, f"npm install {PACKAGE} took over {INSTALL_TIMEOUT_S} s"
        if done.returncode != 0:
            return None, f"npm install {PACKAGE} failed: {done.stderr.strip()[-300:]}"
        modules = cache / "node_modules"
        # the package's postinstall puts the native binary in place of bin/claude.exe;
        # where npm did not run it, its wrapper finds the platform package's binary
        wrapper = modules / "@anthropic-ai" / "claude-code" / "cli-wrapper.cjs"
        commands = [
            [str(modules / ".bin" / "claude")],
            [shutil.which("node") or "node", str(wrapper)],
        ]
    for command in commands:
        version = _version(command)
        if version is not None:
            return command, version
    return None, f"{' '.join(commands[0])} --version does not run"


@pytest.fixture(scope="session")
def claude(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Claude:
    """The ``claude`` command and its version, installed once per session (into the
    pytest cache, or a temporary directory when the cache is off)."""
    cache = getattr(request.config, "cache", None)
    where = cache.mkdir("claude-code") if cache is not None else tmp_path_factory.mktemp("claude")
    with file_lock(where / "install.lock"):  # one install at a time (xdist workers)
        command, version = _install(where)
    if command is None:
        pytest.skip(f"Claude Code is not available: {version}")
    return Claude(command, version)


async def run_claude(
    claude: Claude, s: Stack, workdir: Path, home: Path, *arguments: str
) -> tuple[int, str, str]:
    """``claude -p …`` against the router: (exit status, stdout, stderr)."""
    home.mkdir(exist_ok=True)
    workdir.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "ANTHROPIC_BASE_URL": s.url,
        "ANTHROPIC_API_KEY": "dummy",
        "DISABLE_TELEMETRY": "1",
        "DISABLE_AUTOUPDATER": "1",
        "DISABLE_ERROR_REPORTING": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
        "CLAUDE_CODE_MAX_RETRIES": "0",
        "API_TIMEOUT_MS": str(RUN_TIMEOUT_S * 1000),
    }
    process = await asyncio.create_subprocess_exec(
        *claude.command,
        "-p",
        *arguments,
        cwd=workdir,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), RUN_TIMEOUT_S)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"claude {' '.join(arguments)} did not finish") from None
    assert process.returncode is not None
    return process.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def routed_models(s: Stack) -> dict[str, int]:
    """Inference requests the simulator served, per local model."""
    return dict(s.sim.state["requests"]["byModel"])


async def test_a_text_turn(claude: Claude, tmp_path: Path) -> None:
    """The default model, the default tools, a plain question: the answer arrives."""
    answer = "The router answered this through a local model."
    async with stack() as s:
        s.sim.add_response(answer, contains="oar-e2e-text-turn")
        status, out, err = await run_claude(
            claude,
            s,
            tmp_path / "work",
            tmp_path / "home",
            "Reply with one sentence. (oar-e2e-text-turn)",
            "--output-format",
            "json",
        )
        served = routed_models(s)
    assert status == 0, f"claude {claude.version} exited {status}: {out[-2000:]} {err[-2000:]}"
    result = json.loads(out)
    assert result["is_error"] is False, result
    assert result["result"] == answer
    assert served
    assert not any(name.startswith("claude") for name in served)  # a local model ran


def _events(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


async def test_a_write_tool_turn(claude: Claude, tmp_path: Path) -> None:
    """The model's first answer is a ``Write`` call, which Claude Code runs in its
    working directory; with the tool's result last, the model answers in text.

    The simulator calls the first tool it is offered with arguments shaped by its
    schema (scripted answers are text only), so Claude Code offers only ``Write``
    (``--tools Write``; the deferred placeholder tool it adds stays hidden until loaded)
    and the test reads the path and content from Claude Code's own event stream.
    ``acceptEdits`` lets the write happen without a prompt (``bypassPermissions`` is
    refused when running as root, as CI does)."""
    workdir = tmp_path / "work"
    async with stack() as s:
        status, out, err = await run_claude(
            claude,
            s,
            workdir,
            tmp_path / "home",
            "Create a file with a short note in it.",
            "--output-format",
            "stream-json",
            "--verbose",
            "--tools",
            "Write",
            "--allowedTools",
            "Write",
            "--permission-mode",
            "acceptEdits",
        )
        served = s.sim.state["requests"]["byEndpoint"]["/v1/chat/completions"]
    assert status == 0, f"claude {claude.version} exited {status}: {out[-2000:]} {err[-2000:]}"
    events = _events(out)
    calls = [
        block
        for event in events
        if event.get("type") == "assistant"
        for block in event["message"]["content"]
        if block["type"] == "tool_use"
    ]
    assert [call["name"] for call in calls] == ["Write"], events
    arguments = calls[0]["input"]
    written = (workdir / arguments["file_path"]).resolve()
    assert written.is_relative_to(workdir.resolve())
    assert written.read_text() == arguments["content"]
    results = [
        block
        for event in events
        if event.get("type") == "user"
        for block in event["message"]["content"]
        if isinstance(block, dict) and block.get("type") == "tool_result"
    ]
    assert [result.get("is_error", False) for result in results] == [False]
    [final] = [event for event in events if event.get("type") == "result"]
    assert final["is_error"] is False, final
    assert final["result"]
    assert served >= 2  # the call, then the answer
