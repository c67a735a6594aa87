"""``oar demo`` end to end: a subprocess on free ports, a real OpenAI client, Ctrl-C
(after the tour and during it), 80 columns, and docs/cli.md showing what it prints."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from openai import OpenAI

from ollama_agent_router.cli.demo import DEMO_MODELS, DEMO_ROUTES, demo_config_data
from ollama_agent_router.cli.demo_fleet import (
    FLEET,
    FLEET_EXAMPLES,
    gateway_config_data,
    node_config_data,
)
from ollama_agent_router.config import parse_config
from support.processes import OAR, free_port

ROOT = Path(__file__).resolve().parents[2]
GEX44 = ROOT / "examples" / "gex44.yaml"
CLI_DOC = ROOT / "docs" / "cli.md"


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


@dataclass
class Ended:
    returncode: int
    stderr: str


@contextmanager
def demo(port: int, *args: str) -> Iterator[tuple[subprocess.Popen[str], Lines, list[Ended]]]:
    """``oar demo --port PORT ARGS`` in an 80-column pipe; the list gets how it ended,
    once the body has stopped it (else it is killed). Nothing may listen on the port after."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "80"}
    proc = subprocess.Popen(
        [*OAR, "demo", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    ended: list[Ended] = []
    try:
        yield proc, Lines(proc), ended
        proc.wait(timeout=10)
        assert proc.stderr is not None
        ended.append(Ended(proc.returncode, proc.stderr.read()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert "Traceback" not in ended[0].stderr
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", port))  # nothing left listening


def table_rows(lines: list[str]) -> list[list[str]]:
    """The example table's rows, from its header to the blank line, without the times."""
    start = next(i for i, line in enumerate(lines) if line.split()[:2] == ["#", "request"])
    rows = []
    for line in lines[start:]:
        if not line.strip():
            break
        rows.append(re.split(r"\s{2,}", line.strip())[:-1])
    return rows


def documented_output() -> list[str]:
    """The sample output in docs/cli.md's ``oar demo`` section (an indented block)."""
    section = CLI_DOC.read_text().split("## `oar demo`", 1)[1]
    block = section.split("    Example requests", 1)[1].split("\n\n|", 1)[0]
    return [line.removeprefix("    ") for line in ("    Example requests" + block).splitlines()]


def decisions(lines: list[str]) -> list[str]:
    """The numbered reasons after ``Why``, up to their first figure (estimates vary)."""
    why = lines[lines.index("Why") :]
    return [re.split(r": expected|: a job", line)[0] for line in why if line[:1].isdigit()]


def test_demo_routes_examples_serves_a_client_and_stops_on_ctrl_c() -> None:
    port = free_port()
    with demo(port) as (proc, lines, ended):
        head = lines.until("Router listening on")
        url = f"http://127.0.0.1:{port}"
        assert head[-1].strip() == f"Router listening on {url}"
        client = OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0)
        reply = client.chat.completions.create(
            model="auto", messages=[{"role": "user", "content": "Hello!"}], max_tokens=8
        )
        assert reply.model == "B-A-M-N/vibethinker:1.5b"
        printed = "".join(lines.until("Serving until Ctrl-C"))
        for model in ("vibethinker", "qwen2.5-coder:7b", "deepseek-coder:6.7b", "gpt-oss:20b"):
            assert model in printed
        assert "a job, polled until it succeeded" in printed
        shown = [line.rstrip("\n") for line in lines.seen]
        assert max(map(len, shown)) <= 80
        documented = documented_output()
        assert table_rows(shown) == table_rows(documented)
        assert decisions(shown) == decisions(documented)
        proc.send_signal(signal.SIGINT)
        lines.until("Stopped.", limit_s=20)
    assert ended[0].returncode == 0, ended[0].stderr


def test_ctrl_c_during_the_example_requests_stops_the_demo() -> None:
    """The examples take a few seconds; Ctrl-C in the middle stops everything at once,
    the router before the simulator it calls (nothing reports Ollama unreachable)."""
    with demo(free_port()) as (proc, lines, ended):
        head = "".join(lines.until("Example requests"))
        found = re.search(r"Simulated Ollama on (http://\S+)", head)
        assert found is not None, head
        deadline = time.monotonic() + 10
        while not sim_requests(found.group(1)):  # until the first requests are on their way
            assert time.monotonic() < deadline, "no example request reached the simulator"
            time.sleep(0.005)
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        rest = "".join(lines.until("Stopped.", limit_s=20))
        proc.wait(timeout=10)
        took = time.monotonic() - sent
    assert ended[0].returncode == 0, ended[0].stderr
    assert took < 5
    assert "Stopping…" in rest
    assert "Serving until Ctrl-C" not in rest
    assert "Why" not in rest  # the tour was cut short
    assert "unavailable" not in "".join(lines.seen) + ended[0].stderr


def sim_requests(simulator: str) -> int:
    """How many requests the demo's simulator has had."""
    with urllib.request.urlopen(simulator + "/_sim/state", timeout=10) as answer:
        return int(json.load(answer)["requests"]["total"])


def hold_a_request(router: str, simulator: str) -> None:
    """A chat the router is running when this returns, whose answer the simulator holds
    for a minute (a scripted delay): a graceful stop waits for it."""
    mark = "held-by-the-demo-test"
    script = {"contains": mark, "content": "late", "delayMs": 60_000}
    request = urllib.request.Request(
        simulator + "/_sim/responses", data=json.dumps(script).encode(), method="POST"
    )
    request.add_header("content-type", "application/json")
    urllib.request.urlopen(request, timeout=10).close()
    chat = {"model": "auto", "messages": [{"role": "user", "content": mark}]}

    def send() -> None:
        body = json.dumps(chat).encode()
        post = urllib.request.Request(router + "/v1/chat/completions", data=body)
        post.add_header("content-type", "application/json")
        with contextlib.suppress(OSError):  # the demo ends under it
            urllib.request.urlopen(post, timeout=90).close()

    threading.Thread(target=send, daemon=True).start()
    deadline = time.monotonic() + 10
    while True:  # until the router runs it
        with urllib.request.urlopen(router + "/v1/router/status", timeout=10) as answer:
            if json.load(answer)["queue"]["globalRunning"]:
                return
        assert time.monotonic() < deadline, "the held request never ran"
        time.sleep(0.02)


def test_a_second_ctrl_c_while_stopping_ends_the_demo_at_once() -> None:
    """Ctrl-C during the examples starts a stop that waits for a request in flight; a
    second Ctrl-C while it waits ends the demo at once, with 130."""
    port = free_port()
    with demo(port) as (proc, lines, ended):
        head = "".join(lines.until("Simulated Ollama on"))
        found = re.search(r"Simulated Ollama on (http://\S+)", head)
        assert found is not None, head
        lines.until("Example requests")
        hold_a_request(f"http://127.0.0.1:{port}", found.group(1))
        proc.send_signal(signal.SIGINT)
        lines.until("Stopping…", limit_s=10)
        assert proc.poll() is None  # still stopping: the held request keeps it waiting
        proc.send_signal(signal.SIGINT)
        lines.until("Stopped at once.", limit_s=10)
    assert ended[0].returncode == 130


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


def test_fleet_demo_places_every_request_on_a_node_and_stops_on_ctrl_c() -> None:
    port = free_port()
    with demo(port, "--fleet") as (proc, lines, ended):
        head = lines.until("Fleet gateway listening on")
        url = f"http://127.0.0.1:{port}"
        assert head[-1].strip() == f"Fleet gateway listening on {url}"
        client = OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0)
        reply = client.chat.completions.create(
            model="auto", messages=[{"role": "user", "content": "Hello!"}], max_tokens=8
        ).model_dump()
        assert reply["router"]["node"] in {node.id for node in FLEET}
        printed = lines.until("Serving until Ctrl-C")
        shown = [line.rstrip("\n") for line in lines.seen]
        assert max(map(len, shown)) <= 80
        header, *rows = table_rows(shown)
        assert header == ["#", "request", "node", "model", "mode"]
        assert [row[1] for row in rows] == [example.label for example in FLEET_EXAMPLES]
        served = {row[1]: row for row in rows}
        for row in rows:  # every request served, each by a node of the fleet
            assert row[2] in {node.id for node in FLEET}, row
            assert row[4] in ("sync", "stream"), row
        assert served["stream"][4] == "stream"
        # only the big node's gpt-oss:20b (at 65536 tokens) holds the long log
        assert served["long log"][2:4] == ["node-big", "gpt-oss:20b"]
        assert served["planning"][2:4] == ["node-big", "gpt-oss:20b"]  # pinned: its node
        why = "".join(printed[printed.index("Why\n") :])
        assert why.count("(node node-") == len(FLEET_EXAMPLES)
        # the fleet as the gateway last saw it: every node, up
        fleet = [line.split() for line in printed if line.startswith("node-")]
        assert {row[0]: row[1] for row in fleet} == {node.id: "ok" for node in FLEET}
        proc.send_signal(signal.SIGINT)
        lines.until("Stopped.", limit_s=20)
    assert ended[0].returncode == 0, ended[0].stderr
    assert "unavailable" not in "".join(lines.seen) + ended[0].stderr


def test_fleet_demo_nodes_follow_the_fleet_examples() -> None:
    """The demo's nodes are examples/fleet's (without access control: the demo is local)."""
    for node in FLEET:
        example = yaml.safe_load((ROOT / "examples" / "fleet" / node.example).read_text())
        assert node.routes == example["routes"], node.id
        assert [m["name"] for m in node.models] == [m["name"] for m in example["models"]]
        for ours, theirs in zip(node.models, example["models"], strict=True):
            assert {k: v for k, v in theirs.items() if k in ours} == ours, node.id
        data = node_config_data(node, host="127.0.0.1", ollama_url="http://x")
        assert data["ollama"]["contextLength"] == example["ollama"]["contextLength"]
        for key in ("vramTotalMb", "vramSafetyReserveMb"):
            assert data["gpu"][key] == example["gpu"][key], (node.id, key)
        parse_config(data)
    gateway = yaml.safe_load((ROOT / "examples" / "fleet" / "gateway.yaml").read_text())
    ids = [entry["id"] for entry in gateway["fleet"]["nodes"]]
    assert [node.id for node in FLEET] == ids
    urls = {node.id: "http://127.0.0.1:1" for node in FLEET}
    parse_config(gateway_config_data(host="127.0.0.1", port=0, nodes=urls))


def test_ctrl_c_during_the_fleet_examples_stops_every_server() -> None:
    with demo(free_port(), "--fleet") as (proc, lines, ended):
        lines.until("Example requests")
        time.sleep(0.5)
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        rest = "".join(lines.until("Stopped.", limit_s=20))
        proc.wait(timeout=10)
        took = time.monotonic() - sent
    assert ended[0].returncode == 0, ended[0].stderr
    assert took < 5
    assert "Serving until Ctrl-C" not in rest
    assert "unavailable" not in "".join(lines.seen) + ended[0].stderr
