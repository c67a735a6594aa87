"""The interactive wizard driven through a pseudo-terminal, as a user at a keyboard would."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from ollama_agent_router.config import load_config
from support.wizard import MODELS, OAR, env_for, fake_ollama, plain, simulator

pytestmark = pytest.mark.slow


class Terminal:
    """A process on a pseudo-terminal: ``expect`` what it prints, ``send`` a line."""

    def __init__(self, args: list[str], *, env: Mapping[str, str], cwd: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 160, 0, 0))
        self.proc = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.seen = ""
        self.pos = 0

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        self.seen += chunk.decode(errors="replace")
        return True

    def expect(self, pattern: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = plain(self.seen)
            match = re.search(pattern, text[self.pos :])
            if match:
                self.pos += match.end()
                return match.group(0)
            if time.monotonic() > deadline or not self._read(0.2):
                raise AssertionError(f"never saw {pattern!r}; the terminal showed:\n{text}")

    def send(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def finish(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        while self._read(0.05) and select.select([self.master], [], [], 0)[0]:
            pass
        os.close(self.master)
        if self.proc.poll() is None:
            self.proc.kill()
        return self.proc.wait(5)


def test_wizard_confirm_correct_and_write(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    out = tmp_path / "router.yaml"
    with simulator() as address:
        fake_ollama(bin_dir, running=True, models=MODELS)
        env = env_for(bin_dir, tmp_path, ollama_host=address, TERM="xterm")
        term = Terminal([*OAR, "configure", "-o", str(out)], env=env, cwd=tmp_path)
        term.expect(r"ollama API\s+│\s+reachable")
        # the file's real size, 3 827 834 503 B, as the wizard rounds it
        term.expect(r"deepseek-coder:6\.7b\s+│\s+3\.[89]\s+│\s+code\s+│\s+no")
        term.expect(r"Use these models with these roles\? \[y/n\] \(y\):")
        term.send("n")
        term.expect(r"Role of llama3\.2:3b .*\(fast\):")
        term.send("")
        term.expect(r"Role of qwen2\.5-coder:7b .*\(code\):")
        term.send("")
        term.expect(r"Role of deepseek-coder:6\.7b .*\(code\):")
        term.send("review")
        term.expect(r"Role of gpt-oss:20b .*\(heavy\):")
        term.send("skip")
        term.expect(r"Role of nomic-embed-text:latest .*\(embedding\):")
        term.send("")
        term.expect(r"No NVIDIA GPU found\. Its VRAM in MB .*\(0\):")
        term.send("8192")
        term.expect(r"vramTotalMb: 8192")  # the preview
        term.expect(rf"Write this to {re.escape(str(out))}\? \[y/n\] \(y\):")
        term.send("y")
        term.expect(rf"Wrote {re.escape(str(out))} \(4 models\)")
        code = term.finish()
    assert code == 0, plain(term.seen)
    config = load_config(out, env={})
    assert "gpt-oss:20b" not in config.model_names
    assert config.routes["code_review"][0] == "deepseek-coder:6.7b"
    assert (config.gpu.provider, config.gpu.vram_total_mb) == ("nvidia", 8192)


def test_wizard_asks_before_overwriting(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    out = tmp_path / "router.yaml"
    out.write_text("keep: me\n")
    with simulator() as address:
        env = env_for(bin_dir, tmp_path, ollama_host=address, TERM="xterm")
        term = Terminal([*OAR, "configure", "-o", str(out)], env=env, cwd=tmp_path)
        term.expect(r"Use these models with these roles\? \[y/n\] \(y\):")
        term.send("")
        term.expect(r"\(0 = CPU only\) \(0\):")
        term.send("")
        term.expect(r"Write this to .*\? \[y/n\] \(y\):")
        term.send("")
        term.expect(r"router\.yaml exists\. Overwrite it\? \[y/n\] \(n\):")
        term.send("")
        term.expect(r"not overwriting it \(use --overwrite\)")
        code = term.finish()
    assert code == 1
    assert out.read_text() == "keep: me\n"
