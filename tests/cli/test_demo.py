"""``oar demo`` end to end: a subprocess on free ports, a real OpenAI client, Ctrl-C."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml
from openai import OpenAI

from ollama_agent_router.cli.demo import DEMO_MODELS, DEMO_ROUTES, demo_config_data
from ollama_agent_router.config import parse_config
from support.processes import OAR, free_port

GEX44 = Path(__file__).resolve().parents[2] / "examples" / "gex44.yaml"


class Lines:
    """The process's stdout, line by line, read by a thread (a pipe's buffered reader
    and ``select`` do not mix)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(
            target=lambda: [self.queue.put(line) for line in stream], daemon=True
        ).start()

    def until(self, marker: str, limit_s: float = 30) -> list[str]:
        start = len(self.seen)
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if marker in line:
                return self.seen[start:]
        raise AssertionError(f"no {marker!r} in:\n{''.join(self.seen)}")


def test_demo_routes_examples_serves_a_client_and_stops_on_ctrl_c() -> None:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "160"}
    proc = subprocess.Popen(
        [*OAR, "demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines = Lines(proc)
        head = lines.until("Router listening on")
        url = f"http://127.0.0.1:{port}"
        assert head[-1].strip() == f"Router listening on {url}"
        client = OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0)
        reply = client.chat.completions.create(
            model="auto", messages=[{"role": "user", "content": "Hello!"}], max_tokens=8
        )
        assert reply.model == "B-A-M-N/vibethinker:1.5b"
        tour = "".join(lines.until("Serving until Ctrl-C"))
        for model in ("vibethinker", "qwen2.5-coder:7b", "deepseek-coder:6.7b", "gpt-oss:20b"):
            assert model in tour
        assert "async: succeeded" in tour
        proc.send_signal(signal.SIGINT)
        lines.until("Stopped.", limit_s=20)
        proc.wait(timeout=10)
        assert proc.stderr is not None
        err = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", port))  # nothing left listening


def test_port_in_use_is_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [*OAR, "demo", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"error: cannot start the demo on 127.0.0.1:{port}")
    assert proc.stderr.count("\n") == 1


def test_demo_models_and_routes_match_the_gex44_example() -> None:
    example = yaml.safe_load(GEX44.read_text())
    assert example["routes"] == DEMO_ROUTES
    assert [m["name"] for m in DEMO_MODELS] == [m["name"] for m in example["models"]]
    for ours, theirs in zip(DEMO_MODELS, example["models"], strict=True):
        assert {k: v for k, v in theirs.items() if k in ours} == ours
    parse_config(demo_config_data(host="127.0.0.1", port=0, ollama_url="http://x"))
