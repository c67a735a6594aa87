"""``oar demo``: the router in front of the built-in simulator, on a machine with no
Ollama and no GPU.

Both servers run on one event loop: the simulator serves the four models of the GEX44
example on a free port with a simulated 20 GB GPU; the router listens on ``--port``.
``--fleet`` runs a fleet gateway over three such node routers instead (``demo_fleet``).
A few example requests show routing to different models, one of them as an async job;
then the demo serves until Ctrl-C (or SIGTERM) and shuts both servers down cleanly.

The demo owns SIGINT and SIGTERM: the simulator's uvicorn server installs its own
handlers when it starts (``Server.serve`` captures signals), so the demo claims them
back once both servers are up. Ctrl-C at any time, during the example requests too,
stops the demo; a second Ctrl-C while it stops ends it at once. Everything it prints
fits 80 columns.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import os
import re
import signal
import textwrap
import time
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from rich.table import Table

from ollama_agent_router.cli.app import app, fail, stdout

DEMO_MODELS: list[dict[str, Any]] = [
    {"name": "B-A-M-N/vibethinker:1.5b", "sizeGb": 3.6, "priority": 50, "maxConcurrent": 2,
     "purpose": ["triage", "simple_chat", "summarize", "classification"],
     "defaultContext": 4096, "maxContext": 8192, "timeoutMs": 90000, "costClass": "low",
     "allowWhenBusy": True},
    {"name": "qwen2.5-coder:7b", "sizeGb": 4.7, "priority": 70, "maxConcurrent": 1,
     "purpose": ["code_generate", "code_fix", "tool_use", "simple_agent", "agentic_reasoning"],
     "defaultContext": 8192, "maxContext": 32768, "timeoutMs": 180000, "costClass": "medium",
     "allowWhenBusy": True},
    {"name": "deepseek-coder:6.7b", "sizeGb": 3.8, "priority": 68, "maxConcurrent": 1,
     "purpose": ["code_review", "code_generate", "code_fix", "second_opinion"],
     "defaultContext": 8192, "maxContext": 16384, "timeoutMs": 180000, "costClass": "medium",
     "allowWhenBusy": True},
    {"name": "gpt-oss:20b", "sizeGb": 14.0, "priority": 95, "maxConcurrent": 1,
     "purpose": ["agentic_reasoning", "large_context", "planning", "tool_use",
                 "complex_debugging"],
     "defaultContext": 16384, "maxContext": 32768, "timeoutMs": 300000, "costClass": "high",
     "exclusive": True, "allowWhenBusy": False},
]  # fmt: skip
"""The models of ``examples/gex44.yaml`` (a test keeps the two in step)."""

VIBE, QWEN, DEEPSEEK, GPT = (m["name"] for m in DEMO_MODELS)
DEMO_ROUTES: dict[str, list[str]] = {
    "triage": [VIBE], "simple_chat": [VIBE, QWEN], "summarize": [VIBE],
    "code_generate": [QWEN, DEEPSEEK], "code_review": [DEEPSEEK, QWEN],
    "code_fix": [QWEN, DEEPSEEK], "agentic_reasoning": [GPT, QWEN],
    "large_context": [GPT, QWEN], "tool_use": [QWEN, GPT], "unknown": [VIBE, QWEN],
    "simple_agent": [QWEN], "planning": [GPT], "complex_debugging": [GPT, QWEN],
}  # fmt: skip


def demo_config_data(*, host: str, port: int, ollama_url: str) -> dict[str, Any]:
    """A GEX44-like router config: a static 20 GB GPU (nothing to monitor), jobs in
    memory, the queue limits of the example."""
    return {
        "server": {"nodeId": "demo", "host": host, "port": port},
        "ollama": {"baseUrl": ollama_url},
        "gpu": {
            "provider": "static",
            "name": "simulated RTX 4000 SFF Ada (20 GB)",
            "vramTotalMb": 20480,
            "vramSafetyReserveMb": 1536,
            "maxGpuUtilizationPct": 92,
            "requireGpuOnlyByDefault": True,
        },
        "router": {"heavyLoadQueueDepth": 3, "heavyLoadGpuFreeMbThreshold": 3072},
        "jobs": {"store": "memory", "maxAttempts": 2},
        "models": copy.deepcopy(DEMO_MODELS),
        "routes": copy.deepcopy(DEMO_ROUTES),
        "queue": {
            "globalMaxConcurrent": 3,
            "globalMaxQueued": 100,
            "perUserMaxQueued": 20,
            "timeoutMs": 180000,
        },
    }


@dataclass(frozen=True)
class Example:
    label: str
    prompt: str
    is_async: bool = False
    model: str = "auto"


EXAMPLES = (
    Example("greeting", "Hi there! How are you doing today?"),
    Example(
        "code fix",
        "This Python function crashes, please fix it.\n\n```python\ndef total(items):\n"
        "    return sum(i['price'] for i in items)\n```\n\nTraceback (most recent call last):\n"
        '  File "shop.py", line 2, in total\nTypeError: string indices must be integers',
    ),
    Example(
        "code review",
        "Review this diff: is it safe to merge? Any security problem here?\n\n"
        "diff --git a/auth.py b/auth.py\n+def check(token):\n+    return token == SECRET\n",
    ),
    Example(
        "planning",
        "Plan a multi-step migration of our monolith to services: phases, risks, "
        "rollback points and how we measure success at each step.",
    ),
    Example(
        "auto:planning",
        "Lay out the rollout of the new billing system across three regions.",
        model="auto:planning",
    ),
    Example(
        "async job",
        "Summarize the key points of this incident report for the weekly digest: the "
        "cache cluster ran out of memory, the router fell back to a smaller model, and "
        "no request was lost.",
        is_async=True,
    ),
)

MAX_TOKENS = 24
"""Example answers stay short so the demo finishes its tour in a few seconds."""


def print_banner(url: str, sim_url: str) -> None:
    body = {"model": "auto", "messages": [{"role": "user", "content": "Hello!"}]}
    stdout.print(f"Router listening on {url}", soft_wrap=True, markup=False)
    stdout.print(f"Simulated Ollama on {sim_url} (no GPU, no Ollama needed)", soft_wrap=True)
    stdout.print("\n[bold]Try it[/]")
    stdout.print(
        f"  curl -s {url}/v1/chat/completions \\\n"
        "       -H 'Content-Type: application/json' \\\n"
        f"       -d '{json.dumps(body, separators=(',', ':'))}'",
        soft_wrap=True,
        markup=False,
    )
    stdout.print(
        "\n  from openai import OpenAI\n"
        f'  client = OpenAI(base_url="{url}/v1", api_key="unused")\n'
        "  reply = client.chat.completions.create(\n"
        '      model="auto", messages=[{"role": "user", "content": "Hello!"}])\n'
        "  print(reply.model, reply.choices[0].message.content)",
        soft_wrap=True,
        markup=False,
    )
    stdout.print(
        f"\n  oar --url {url} status\n  oar --url {url} route 'fix this bug'",
        soft_wrap=True,
        markup=False,
    )


def examples_table(where: str) -> Table:
    """The table of example requests: number, label, ``where`` it went, model, mode, ms."""
    table = Table(
        "#", "request", where, "model", "mode", "ms",
        box=None, padding=(0, 2, 0, 0), pad_edge=False, header_style="bold",
    )  # fmt: skip
    for column in table.columns:
        column.no_wrap = True
    table.columns[0].justify = table.columns[-1].justify = "right"
    return table


async def run_examples(url: str) -> tuple[Table, list[str]]:
    """The example requests: a table of where each went, and why (numbered lines)."""
    import aiohttp

    table = examples_table("task type")
    reasons: list[str] = []
    async with aiohttp.ClientSession() as session:
        for number, example in enumerate(EXAMPLES, 1):
            *row, reason = await _send(session, url, example)
            table.add_row(str(number), example.label, *row)
            reasons.append(f"{number}. {reason}")
    return table, reasons


def wrapped(line: str, width: int) -> str:
    """``line`` within ``width`` columns, continued under its text (not its number);
    model names and quantities (``4.0 s``) are never split."""
    glued = _QUANTITY.sub(lambda match: match.group(0).replace(" ", _GLUE), line)
    text = textwrap.fill(
        glued, width, subsequent_indent="   ", break_long_words=False, break_on_hyphens=False
    )
    return text.replace(_GLUE, " ")


_GLUE = "\x1f"
_QUANTITY = re.compile(r"\d (?:s|ms|GB|MB|MiB)\b")


async def _send(session: Any, url: str, example: Example) -> tuple[str, ...]:
    body: dict[str, Any] = {
        "model": example.model,
        "messages": [{"role": "user", "content": example.prompt}],
        "max_tokens": MAX_TOKENS,
    }
    if example.is_async:
        body["router"] = {"mode": "async"}
    started = time.perf_counter()
    async with session.post(f"{url}/v1/chat/completions", json=body) as response:
        answer = await response.json(content_type=None)
        status = response.status
    if status == 202:
        job = await _poll(session, f"{url}/v1/jobs/{answer['id']}")
        router = answer["router"]
        elapsed = (time.perf_counter() - started) * 1000
        reason = str(router.get("decisionReason") or "async")
        return (
            router["taskType"],
            router["preferredModel"],
            "async",
            f"{elapsed:.0f}",
            f"{reason}: a job, polled until it {job['status']}",
        )
    if status != 200:
        message = (answer or {}).get("error", {}).get("message", "")
        return ("-", "-", f"HTTP {status}", "-", message)
    router = answer["router"]
    elapsed = (time.perf_counter() - started) * 1000
    return (
        router["taskType"],
        router["selectedModel"],
        router["mode"],
        f"{elapsed:.0f}",
        router["decisionReason"],
    )


async def _poll(session: Any, job_url: str, limit_s: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + limit_s
    while True:
        async with session.get(job_url) as response:
            job: dict[str, Any] = await response.json(content_type=None)
        if job["status"] not in ("queued", "running") or time.monotonic() > deadline:
            return job
        await asyncio.sleep(0.1)


async def run_demo(*, host: str, port: int, sim_port: int, examples: bool) -> None:
    from ollama_agent_router.config import parse_config
    from ollama_agent_router.server import running
    from ollama_agent_router.simulator import SimulatorSettings, run_simulator
    from ollama_agent_router.simulator.settings import models_from_config

    stop = asyncio.Event()
    claim_signals(stop)
    probe = parse_config(demo_config_data(host=host, port=port, ollama_url="http://x"))
    settings = SimulatorSettings(
        models=models_from_config(probe), host=host, vram_mb=20480, load_ms_per_gb=50
    )
    async with run_simulator(settings, port=sim_port) as sim:
        config = parse_config(demo_config_data(host=host, port=port, ollama_url=sim.base_url))
        async with running(config) as url:
            claim_signals(stop)  # the simulator's uvicorn took them when it started
            if not stop.is_set():
                print_banner(url, sim.base_url)
            if examples and not stop.is_set():
                stdout.print("\n[bold]Example requests[/] (each routed by the router)")
                shown = await _until(stop, run_examples(url))
                if shown is not None:
                    table, reasons = shown
                    stdout.print(table)
                    stdout.print("\n[bold]Why[/]")
                    for line in reasons:
                        stdout.print(wrapped(line, stdout.width), markup=False, soft_wrap=True)
            if not stop.is_set():
                stdout.print("\nServing until Ctrl-C.")
                await stop.wait()
            stdout.print("Stopping…")
    stdout.print("Stopped.")


def claim_signals(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM set ``stop``; a second one, while the demo stops, ends the
    process at once with 130 (a stop waiting on something slow never traps the user;
    the demo keeps nothing that needs saving)."""
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if stop.is_set():
            stdout.print("Stopped at once.")
            stdout.file.flush()
            os._exit(130)
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal)


async def _until(stop: asyncio.Event, work: Any) -> Any:
    """Run ``work`` unless a stop signal comes first."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    return task.result() if not task.cancelled() else None


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="Router port (0: a free one).")] = 11435,
    host: Annotated[str, typer.Option(help="Address both servers listen on.")] = "127.0.0.1",
    sim_port: Annotated[int, typer.Option(help="Simulator port (0: a free one).")] = 0,
    no_examples: Annotated[
        bool, typer.Option("--no-examples", help="Skip the example requests.")
    ] = False,
    fleet: Annotated[
        bool,
        typer.Option(
            "--fleet", help="A fleet gateway (on --port) over three simulated node routers."
        ),
    ] = False,
) -> None:
    """Run the router in front of a simulated Ollama and GPU, with example requests."""
    try:
        if fleet:
            from ollama_agent_router.cli.demo_fleet import run_fleet_demo

            asyncio.run(run_fleet_demo(host=host, port=port, examples=not no_examples))
        else:
            asyncio.run(run_demo(host=host, port=port, sim_port=sim_port, examples=not no_examples))
    except OSError as exc:  # e.g. the port is taken
        fail(f"cannot start the demo on {host}:{port}: {exc.strerror or exc} (try --port)")
    except KeyboardInterrupt:  # a second Ctrl-C, or one before the demo took the signals
        stdout.print("Stopped.")
        raise typer.Exit(130) from None
