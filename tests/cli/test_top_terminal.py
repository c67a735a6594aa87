"""``oar top`` as a user runs it: a subprocess on a pseudo-terminal, watching a real
router in front of the simulator, quit with ``q`` or Ctrl-C, the terminal restored."""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import re
import select
import signal
import socket
import struct
import subprocess
import termios
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.processes import OAR, free_port
from support.secured import CLIENT, KONG, secured_data
from support.stack import Stack, gex44_data, stack
from support.waiting import until

pytestmark = pytest.mark.slow

VIBE = "B-A-M-N/vibethinker:1.5b"
_ESCAPES = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>78])")


class Terminal:
    """A process on a pseudo-terminal (120×40) and everything it has written."""

    def __init__(self, args: list[str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.before = termios.tcgetattr(slave)
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        env.pop("NO_COLOR", None)
        self.proc = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=_user_terminal,
        )
        os.close(slave)
        self.raw = b""

    def text(self, since: int = 0) -> str:
        """What was written from byte ``since`` on, without escape sequences."""
        return _ESCAPES.sub(b"", self.raw[since:]).decode(errors="replace")

    async def wait_for(
        self, pattern: str, *, since: int = 0, within_s: float = 15.0
    ) -> re.Match[str]:
        """The first line written from byte ``since`` on that matches ``pattern``, reading
        output until one does."""
        deadline = time.monotonic() + within_s
        regex = re.compile(pattern)
        while True:
            for line in re.split(r"[\r\n]+", self.text(since)):
                if match := regex.search(line):
                    return match
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never showed; screen:\n{self.text()[-3000:]}")
            await self._read(0.1)

    async def _read(self, wait_s: float) -> None:
        ready = await asyncio.to_thread(_readable, self.master, wait_s)
        if ready:
            try:
                self.raw += os.read(self.master, 65536)
            except OSError:  # the process closed the terminal
                await asyncio.sleep(wait_s)

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    async def exit_code(self, *, within_s: float = 10.0) -> int:
        deadline = time.monotonic() + within_s
        while self.proc.poll() is None:
            assert time.monotonic() < deadline, "oar top did not exit"
            await self._read(0.05)
        await self._read(0.05)
        return self.proc.returncode

    def modes(self) -> list[Any]:
        """The terminal's modes now (read through the master side)."""
        return termios.tcgetattr(self.master)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def _user_terminal() -> None:
    """In the child: the terminal becomes its controlling one (Ctrl-C reaches it), and
    Ctrl-C and Ctrl-\\ act as in a user's shell, even when the tests run where they are
    ignored (a background job of a non-interactive shell ignores SIGINT and SIGQUIT, and
    a process keeps what it inherits ignored)."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def _readable(fd: int, wait_s: float) -> bool:
    import select

    return bool(select.select([fd], [], [], wait_s)[0])


@asynccontextmanager
async def terminal(*args: str) -> AsyncIterator[Terminal]:
    term = Terminal([*OAR, *args])
    try:
        yield term
    finally:
        term.close()


def slow_stack() -> Any:
    """The gex44 router before a simulator at 4 tokens a second, no load time, so two
    requests keep the small model's two slots busy while a third one waits."""
    data = gex44_data()
    models = models_from_config(parse_config(data))
    return stack(
        data, sim_settings=SimulatorSettings(models=models, load_ms_per_gb=0, tokens_per_s=4)
    )


async def chat(s: Stack, text: str, max_tokens: int) -> None:
    body = {"model": VIBE, "messages": [{"role": "user", "content": text}]}
    status, data, _ = await s.post("/v1/chat/completions", {**body, "max_tokens": max_tokens})
    assert status == 200, data


def router_url(s: Stack) -> str:
    return str(s.url).removesuffix(s.config.server.prefix)


async def test_top_shows_a_model_a_queue_and_a_decision_and_quits_on_q() -> None:
    async with slow_stack() as s:
        await chat(s, "hello", max_tokens=1)  # one decision before the view starts
        async with terminal("--url", router_url(s), "top", "--interval", "0.5") as term:
            await term.wait_for(r"router gex44-a ok")
            # only now, however long the view took to start: it sees them while they run
            busy = [asyncio.create_task(chat(s, f"hi {n}", max_tokens=8)) for n in range(3)]
            # two running of its two slots, one waiting
            await term.wait_for(rf"{re.escape(VIBE)}\s.*\sbusy\s.*\s2/2\s+1\s*$")
            await term.wait_for(rf"\d\d:\d\d:\d\d\s+simple_chat\s+{re.escape(VIBE)}\s+sync\s+200")
            await term.wait_for(r"Jobs queued 0 · running 0")
            restored_mid = term.modes()
            term.send(b"q")
            code = await term.exit_code()
            after = term.modes()
        await asyncio.gather(*busy)
    assert code == 0, term.text()[-2000:]
    assert not restored_mid[3] & termios.ICANON  # cbreak while it ran
    assert after[3] == term.before[3], "the terminal's local modes were not restored"


async def test_a_router_that_stops_leaves_its_last_view_and_an_error() -> None:
    async with AsyncExitStack() as outer:
        async with stack() as s:
            await chat(s, "hello", max_tokens=1)
            term = await outer.enter_async_context(
                terminal("--url", router_url(s), "top", "--interval", "0.3")
            )
            await term.wait_for(rf"simple_chat\s+{re.escape(VIBE)}\s+sync\s+200")
        await term.wait_for(r"error: cannot reach the router at .* · retrying every 0\.3 s")
        await term.wait_for(r"update \d+ s ago")  # the line wraps before "update"
        redrawn = len(term.raw)  # the next frames still draw the last answers
        await term.wait_for(r"router gex44-a ok", since=redrawn)
        await term.wait_for(rf"simple_chat\s+{re.escape(VIBE)}\s+sync\s+200", since=redrawn)
        term.send(b"q")
        assert await term.exit_code() == 0


async def test_top_keeps_retrying_a_dead_router_and_ctrl_c_quits() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    async with terminal("--url", url, "top", "--interval", "0.2") as term:
        await term.wait_for(r"error: cannot reach the router at .*retrying every 0\.2 s")
        assert term.proc.poll() is None  # still running, still trying
        term.send(b"\x03")
        code = await term.exit_code()
        after = term.modes()
    assert code == 0, term.text()[-2000:]
    assert after[3] == term.before[3]


async def test_q_quits_at_once_while_a_poll_hangs() -> None:
    """A router that accepts and never answers holds the poll for its timeout, not the
    keys: ``q`` ends the view within a second."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        async with terminal("--url", url, "top") as term:
            await term.wait_for(r"connecting to http://127\.0\.0\.1:\d+ …")
            # the first request is in flight, unanswered: its connection waits in the backlog
            await until(lambda: select.select([silent], [], [], 0)[0], what="no poll came")
            started = time.monotonic()
            term.send(b"q")
            code = await term.exit_code()
            took = time.monotonic() - started
    assert code == 0
    assert took < 2.0, f"q took {took:.1f} s"


async def test_top_with_a_key_and_a_base_path_names_a_refused_key(tmp_path: Path) -> None:
    """A wrong key is one line in the view, which keeps trying until SIGTERM (the
    terminal restored); the right key under the base path draws the router."""
    data = secured_data(tmp_path, unlimited=True)
    data["server"]["basePath"] = "/oar"
    async with stack(data) as s:
        url = router_url(s)
        async with terminal(
            "--url", url, "--base-path", "/oar", "--api-key", "wrong", "top"
        ) as term:
            await term.wait_for(r"error: the router answered 401 for .*/oar/v1/router/status")
            os.killpg(term.proc.pid, signal.SIGTERM)
            code = await term.exit_code()
            after = term.modes()
        args = [*OAR, "--url", url, "--base-path", "/oar", "--api-key", KONG, "top", "--once"]
        done = await asyncio.to_thread(subprocess.run, args, capture_output=True, text=True)
        args[args.index(KONG)] = CLIENT  # standalone only: decisions yes, status no
        partial = await asyncio.to_thread(subprocess.run, args, capture_output=True, text=True)
    assert code == 143
    assert after[3] == term.before[3]
    assert done.returncode == 0, done.stdout + done.stderr
    assert "router gex44-a ok" in done.stdout
    assert VIBE in done.stdout
    assert partial.returncode == 1
    assert "Recent decisions" in partial.stdout
    assert "error: the router answered 403" in partial.stdout


def test_once_without_a_terminal_draws_the_error_and_exits_1() -> None:
    """With a pipe for standard input there is no cbreak and no key: ``--once`` still
    draws and exits."""
    args = [*OAR, "--url", f"http://127.0.0.1:{free_port()}", "top", "--once"]
    done = subprocess.run(args, stdin=subprocess.PIPE, capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert "cannot reach the router" in done.stdout
