"""``oar demo --fleet``: a fleet gateway in front of three node routers, each on its own
simulated Ollama and card, on a machine with no Ollama and no GPU.

The fleet is ``examples/fleet``'s, unequal on purpose: ``node-big`` has a 48 GB card with
gpt-oss:20b at 65536 tokens beside qwen2.5-coder:7b; ``node-small-1`` and
``node-small-2`` have a 20 GB card each with the small models of the GEX44 example (a
test keeps these configs in step with the example files). Each node router serves its
runtime-agent plane with no access control (the demo is local); the gateway listens on
``--port``.

Everything runs on one event loop, like ``oar demo``: the simulators, the node routers,
the gateway. A short mix of requests (chat, code, a plan, a long-context prompt, a
stream, two code fixes at once) goes through the gateway; for each the demo prints which
node and model served it and why, then the gateway's view of its nodes, then serves until
Ctrl-C. Shutdown goes in reverse: the gateway, then each node router before its
simulator. Everything it prints fits 80 columns.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
import urllib.parse
from collections.abc import Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

from rich.table import Table

from ollama_agent_router.cli.app import stdout
from ollama_agent_router.cli.demo import (
    DEEPSEEK,
    DEMO_MODELS,
    GPT,
    MAX_TOKENS,
    QWEN,
    VIBE,
    _until,
    claim_signals,
    examples_table,
    wrapped,
)
from ollama_agent_router.cli.top_view import fleet_nodes, nodes_view

_SPEC = {model["name"]: model for model in DEMO_MODELS}


def _model(name: str, **changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(_SPEC[name]), **changes}


BIG_MODELS: list[dict[str, Any]] = [
    _model(GPT, defaultContext=65536, maxContext=65536, exclusive=False),
    _model(QWEN, defaultContext=32768, maxContext=32768),
]
"""``examples/fleet/big-48gb.yaml``'s models: on 48 GB gpt-oss:20b runs at the server's
65536 tokens beside qwen2.5-coder:7b, so it is not exclusive there."""

BIG_ROUTES: dict[str, list[str]] = {
    "triage": [QWEN], "simple_chat": [QWEN], "summarize": [QWEN, GPT],
    "code_generate": [QWEN], "code_review": [QWEN, GPT], "code_fix": [QWEN],
    "agentic_reasoning": [GPT, QWEN], "large_context": [GPT, QWEN],
    "tool_use": [QWEN, GPT], "unknown": [QWEN], "simple_agent": [QWEN],
    "planning": [GPT], "complex_debugging": [GPT, QWEN],
}  # fmt: skip

SMALL_MODELS: list[dict[str, Any]] = [_model(VIBE), _model(QWEN), _model(DEEPSEEK)]
"""``examples/fleet/small-20gb.yaml``'s models: the GEX44 example's without gpt-oss:20b."""

SMALL_ROUTES: dict[str, list[str]] = {
    "triage": [VIBE], "simple_chat": [VIBE, QWEN], "summarize": [VIBE],
    "code_generate": [QWEN, DEEPSEEK], "code_review": [DEEPSEEK, QWEN],
    "code_fix": [QWEN, DEEPSEEK], "agentic_reasoning": [QWEN], "large_context": [QWEN],
    "tool_use": [QWEN], "unknown": [VIBE, QWEN], "simple_agent": [QWEN],
    "planning": [QWEN], "complex_debugging": [QWEN],
}  # fmt: skip


@dataclass(frozen=True)
class DemoNode:
    """One node of the demo fleet: its card, its Ollama's context, its models."""

    id: str
    card: str
    vram_mb: int
    reserve_mb: int
    context: int
    """Ollama's ``OLLAMA_CONTEXT_LENGTH`` on the node (``ollama.contextLength``)."""
    models: list[dict[str, Any]]
    routes: dict[str, list[str]]
    example: str
    """The file of ``examples/fleet`` this node follows."""


_SMALL_CARD = "simulated RTX 4000 SFF Ada (20 GB)"
FLEET: tuple[DemoNode, ...] = (
    DemoNode("node-big", "simulated RTX 6000 Ada (48 GB)", 49140, 2048, 65536,
             BIG_MODELS, BIG_ROUTES, "big-48gb.yaml"),
    DemoNode("node-small-1", _SMALL_CARD, 20480, 1536, 32768,
             SMALL_MODELS, SMALL_ROUTES, "small-20gb.yaml"),
    DemoNode("node-small-2", _SMALL_CARD, 20480, 1536, 32768,
             SMALL_MODELS, SMALL_ROUTES, "small-20gb.yaml"),
)  # fmt: skip

POLL_MS = 300
"""How often the gateway reads each node's state (the demo's is quick to show changes)."""

PROMPT_TOKENS_PER_S_GB = 400_000.0
"""The simulators read prompts fast, so the long-context example takes a second, not
minutes (the placement does not depend on it)."""


def node_config_data(node: DemoNode, *, host: str, ollama_url: str) -> dict[str, Any]:
    """A node router as ``examples/fleet`` has it, without access control (the demo is
    local), on a free port, with a static card and jobs in memory."""
    return {
        "server": {"nodeId": node.id, "host": host, "port": 0},
        "ollama": {"baseUrl": ollama_url, "contextLength": node.context, "numParallel": 1},
        "gpu": {
            "provider": "static",
            "name": node.card,
            "vramTotalMb": node.vram_mb,
            "vramSafetyReserveMb": node.reserve_mb,
            "maxGpuUtilizationPct": 92,
            "requireGpuOnlyByDefault": True,
        },
        "router": {"heavyLoadQueueDepth": 3, "heavyLoadGpuFreeMbThreshold": 3072},
        "jobs": {"store": "memory", "maxAttempts": 2},
        "models": copy.deepcopy(node.models),
        "routes": copy.deepcopy(node.routes),
        "queue": {
            "globalMaxConcurrent": 3,
            "globalMaxQueued": 100,
            "perUserMaxQueued": 20,
            "timeoutMs": 180000,
        },
    }


def gateway_config_data(*, host: str, port: int, nodes: Mapping[str, str]) -> dict[str, Any]:
    """``examples/fleet/gateway.yaml`` over the running nodes (no keys: they have no
    access control)."""
    return {
        "server": {"nodeId": "gateway", "host": host, "port": port},
        "fleet": {
            "nodes": [{"id": node, "url": url} for node, url in nodes.items()],
            "pollIntervalMs": POLL_MS,
            "timeoutMs": 2000,
        },
        "gpu": {"monitor": {"enabled": False}},
        "jobs": {"store": "memory"},
    }


@dataclass(frozen=True)
class FleetExample:
    label: str
    prompt: str
    model: str = "auto"
    stream: bool = False


LOG_LINE = "2026-03-14T09:26:53Z build worker-7 step compile ok cache hit 0.{n:03d} s\n"
LONG_LOG = "".join(LOG_LINE.format(n=n % 1000) for n in range(1900))
"""About 35,000 tokens: more than the 32768 the small nodes run any model with; only
gpt-oss:20b at 65536 on the big node holds it."""

FLEET_EXAMPLES = (
    FleetExample("greeting", "Hi there! How are you doing today?"),
    FleetExample(
        "code fix",
        "This Python function crashes, please fix it.\n\n```python\ndef total(items):\n"
        "    return sum(i['price'] for i in items)\n```\n\nTraceback (most recent call last):\n"
        '  File "shop.py", line 2, in total\nTypeError: string indices must be integers',
    ),
    FleetExample(
        "code review",
        "Review this diff: is it safe to merge? Any security problem here?\n\n"
        "diff --git a/auth.py b/auth.py\n+def check(token):\n+    return token == SECRET\n",
    ),
    FleetExample(
        "planning",
        "Plan a multi-step migration of our monolith to services: phases, risks, "
        "rollback points and how we measure success at each step.",
        model=GPT,
    ),
    FleetExample(
        "long log",
        "Summarize this build log: which steps were slow, and why?\n\n" + LONG_LOG,
    ),
    FleetExample("stream", "Tell me a short story about a lighthouse keeper.", stream=True),
)


@dataclass(frozen=True)
class Served:
    """Where one example request went, and why."""

    node: str
    model: str
    mode: str
    ms: float
    reason: str


async def run_fleet_examples(url: str) -> tuple[Table, list[str]]:
    """The example requests through the gateway: a table of which node and model served
    each, and why (numbered lines)."""
    import aiohttp

    table = examples_table("node")
    reasons: list[str] = []
    async with aiohttp.ClientSession() as session:
        for number, example in enumerate(FLEET_EXAMPLES, 1):
            served = await _send(session, url, example)
            row = (served.node, served.model, served.mode, f"{served.ms:.0f}")
            table.add_row(str(number), example.label, *row)
            reasons.append(f"{number}. {served.reason}")
    return table, reasons


async def _send(session: Any, url: str, example: FleetExample) -> Served:
    body: dict[str, Any] = {
        "model": example.model,
        "messages": [{"role": "user", "content": example.prompt}],
        "max_tokens": MAX_TOKENS,
    }
    if example.stream:
        body["stream"] = True
    started = time.perf_counter()
    async with session.post(f"{url}/v1/chat/completions", json=body) as response:
        if example.stream and response.status == 200:
            await response.read()  # the whole stream; its head says where it went
            headers = response.headers
            return Served(
                node=_header(headers, "x-router-node"),
                model=_header(headers, "x-router-selected-model"),
                mode="stream",
                ms=(time.perf_counter() - started) * 1000,
                reason=_header(headers, "x-router-decision-reason"),
            )
        answer = await response.json(content_type=None)
        status = response.status
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        message = (answer or {}).get("error", {}).get("message", "")
        return Served("-", "-", f"HTTP {status}", elapsed, message)
    router = answer["router"]
    return Served(
        router.get("node") or "-",
        router["selectedModel"],
        router["mode"],
        elapsed,
        router["decisionReason"],
    )


def _header(headers: Mapping[str, str], name: str) -> str:
    return urllib.parse.unquote(headers.get(name, "-"))


async def fleet_status(url: str) -> dict[str, Any]:
    """The gateway's status once it has polled every node after the examples."""
    import aiohttp

    await asyncio.sleep(2 * POLL_MS / 1000)
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{url}/v1/router/status") as response,
    ):
        status: dict[str, Any] = await response.json(content_type=None)
    return status


def print_fleet_banner(url: str, nodes: Mapping[str, str]) -> None:
    body = {"model": "auto", "messages": [{"role": "user", "content": "Hello!"}]}
    stdout.print(f"Fleet gateway listening on {url}", soft_wrap=True, markup=False)
    stdout.print("over three node routers, each on a simulated Ollama and card (no GPU,")
    stdout.print("no Ollama needed):")
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    table.add_column(no_wrap=True)
    table.add_column()
    for node in FLEET:
        models = ", ".join(m["name"] for m in node.models)
        table.add_row(f"  {node.id}", f"{round(node.vram_mb / 1024)} GB", nodes[node.id], models)
    stdout.print(table)
    stdout.print("\n[bold]Try it[/]")
    stdout.print(
        f"  curl -si {url}/v1/chat/completions \\\n"
        "       -H 'Content-Type: application/json' \\\n"
        f"       -d '{json.dumps(body, separators=(',', ':'))}'",
        soft_wrap=True,
        markup=False,
    )
    stdout.print(
        f"\n  oar --url {url} top\n  oar --url {url} route 'fix this bug'",
        soft_wrap=True,
        markup=False,
    )
    stdout.print(f"  {url}/ui in a browser", soft_wrap=True, markup=False)


async def run_fleet_demo(*, host: str, port: int, examples: bool) -> None:
    from ollama_agent_router.config import parse_config
    from ollama_agent_router.server import running
    from ollama_agent_router.simulator import SimulatorSettings, run_simulator

    stop = asyncio.Event()
    claim_signals(stop)
    async with AsyncExitStack() as stack:
        nodes: dict[str, str] = {}
        for node in FLEET:
            probe = parse_config(node_config_data(node, host=host, ollama_url="http://x"))
            settings = SimulatorSettings.for_config(
                probe,
                host=host,
                load_ms_per_gb=50,
                prompt_tokens_per_s_gb=PROMPT_TOKENS_PER_S_GB,
            )
            sim = await stack.enter_async_context(run_simulator(settings))
            data = node_config_data(node, host=host, ollama_url=sim.base_url)
            nodes[node.id] = await stack.enter_async_context(running(parse_config(data)))
        gateway = parse_config(gateway_config_data(host=host, port=port, nodes=nodes))
        url = await stack.enter_async_context(running(gateway))
        claim_signals(stop)  # each simulator's uvicorn took them when it started
        if not stop.is_set():
            print_fleet_banner(url, nodes)
        if examples and not stop.is_set():
            stdout.print("\n[bold]Example requests[/] (each placed by the gateway)")
            shown = await _until(stop, run_fleet_examples(url))
            if shown is not None:
                table, reasons = shown
                stdout.print(table)
                stdout.print("\n[bold]Why[/]")
                for line in reasons:
                    stdout.print(wrapped(line, stdout.width), markup=False, soft_wrap=True)
                status = await _until(stop, fleet_status(url))
                rows = fleet_nodes(status) if status is not None else None
                if rows is not None:
                    stdout.print("\n[bold]The fleet[/] (the gateway's last poll of each node)")
                    stdout.print(nodes_view(rows, title=None))
        if not stop.is_set():
            stdout.print("Serving until Ctrl-C.")
            await stop.wait()
        stdout.print("Stopping…")
    stdout.print("Stopped.")


__all__ = [
    "BIG_MODELS",
    "BIG_ROUTES",
    "FLEET",
    "FLEET_EXAMPLES",
    "SMALL_MODELS",
    "SMALL_ROUTES",
    "DemoNode",
    "gateway_config_data",
    "node_config_data",
    "run_fleet_demo",
]
