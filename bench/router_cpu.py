"""Router CPU per request: the router's own work, without the noise of a shared machine.

``router_overhead.py`` measures throughput and latency, which move with whatever else
the 2 cores run. This one counts the CPU time the router's thread spends per request:
the router's ASGI app runs in a child process (no uvicorn, no load generator beside
it), against the instant simulator, and N requests go through it one at a time after a
warm-up. ``--before DIR`` runs the app of another checkout (``DIR/src``) in alternating
runs, each with a fresh simulator; medians over the runs.

    .venv/bin/python bench/router_cpu.py --before <worktree> --config <file> [--runs 5]
        [--requests 3000] [--body short|long|tools]

``--body long`` is a conversation of 18 turns (~11 kB) and ``tools`` a short request
with one function tool: where the per-message session digests and the tool-call check
show. ``--quiet`` stops the background ``/api/ps`` refreshes during the measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from router_overhead import MESSAGES, bench_config, free_port, wait_up

ROOT = Path(__file__).resolve().parents[1]
THIS = "this"
BEFORE = "before"


def body(kind: str) -> bytes:
    data: dict[str, Any] = {"model": "auto", "messages": MESSAGES}
    if kind == "long":
        system = {"role": "system", "content": "You are a helpful coding agent. " * 100}
        turns = [
            {
                "role": "user" if i % 2 == 0 else "assistant",
                "content": f"turn {i}: " + "some code here;\n" * 30,
            }
            for i in range(17)
        ]
        data["messages"] = [system, *turns]
    elif kind == "tools":
        parameters = {"type": "object", "properties": {"city": {"type": "string"}}}
        function = {"name": "get_weather", "description": "weather", "parameters": parameters}
        data["tools"] = [{"type": "function", "function": function}]
    return json.dumps(data).encode()


async def child(config: Path, requests: int, warm: int, kind: str, quiet: bool) -> None:
    """In the child: the app of whatever ``ollama_agent_router`` is on the path."""
    import uvloop

    try:  # this tree: the app in api/app.py, the composition root beside api/
        from ollama_agent_router.api.app import create_app
        from ollama_agent_router.composition import Overrides
    except ImportError:  # a checkout from before the composition root (--before)
        from ollama_agent_router.api import (  # type: ignore[attr-defined,no-redef]
            Overrides,
            create_app,
        )
    from ollama_agent_router.config import load_config

    opened: list[Any] = []
    app = create_app(load_config(config), Overrides(on_open=opened.append))
    raw = body(kind)
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await inbox.put({"type": "lifespan.startup"})
    lifespan = asyncio.create_task(app({"type": "lifespan"}, inbox.get, outbox.put))
    started = await outbox.get()
    assert started["type"] == "lifespan.startup.complete", started
    if quiet:  # no /api/ps refresh poked by the requests themselves
        opened[0].scheduler.on_change = None
    never = asyncio.Event()
    headers = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")]

    async def one() -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/chat/completions",
            "raw_path": b"/v1/chat/completions",
            "query_string": b"",
            "root_path": "",
            "headers": [*headers, (b"content-length", str(len(raw)).encode())],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
            "state": {},
        }
        sent = False
        statuses: list[int] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": raw, "more_body": False}
            await never.wait()  # no disconnect
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        await app(scope, receive, send)  # type: ignore[arg-type]
        if statuses != [200]:
            raise RuntimeError(f"the router answered {statuses}")

    for _ in range(warm):
        await one()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu, wall = time.thread_time(), time.perf_counter()
    for _ in range(requests):
        await one()
    cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_SELF)
    per = 1e6 / requests
    print(
        json.dumps(
            {
                "cpu_us": cpu * per,
                "user_us": (after.ru_utime - usage.ru_utime) * per,
                "sys_us": (after.ru_stime - usage.ru_stime) * per,
                "wall_us": wall * per,
            }
        )
    )
    await inbox.put({"type": "lifespan.shutdown"})
    await asyncio.wait_for(lifespan, 10)
    del uvloop  # imported for its loop policy, installed by the caller


def run_once(src: Path, config: Path, args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    """One run of the tree at ``src`` against a fresh simulator."""
    port = free_port()
    sim_config = bench_config(config, port, 0, "heuristic", tmp)
    own = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    simulate = ["simulate", "-c", str(sim_config), "--port", str(port), "--instant"]
    unbounded = ["--parallel", "512", "--vram-mb", "1000000"]
    sim = subprocess.Popen(
        [sys.executable, "-m", "ollama_agent_router", *simulate, *unbounded],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=own,
    )
    try:
        asyncio.run(wait_up(f"http://127.0.0.1:{port}/"))
        router_config = bench_config(config, port, 0, args.mode, tmp)
        bench = str(Path(__file__).resolve().parent)
        what = ["--requests", str(args.requests), "--warm", str(args.warm), "--body", args.body]
        quiet = ["--quiet"] if args.quiet else []
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(router_config), *what, *quiet],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{bench}"},
            cwd=tmp,
            check=False,
        )
        if out.returncode != 0:
            raise RuntimeError(f"the router of {src} failed:\n{out.stderr[-2000:]}")
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        sim.terminate()
        sim.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "examples" / "gex44.yaml")
    parser.add_argument("--before", type=Path, help="a checkout whose router runs alongside")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--warm", type=int, default=300)
    parser.add_argument("--body", choices=("short", "long", "tools"), default="short")
    parser.add_argument("--mode", default="enhanced", help="classifier mode")
    parser.add_argument("--quiet", action="store_true", help="no /api/ps refreshes")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        import uvloop

        uvloop.install()
        asyncio.run(child(args.child, args.requests, args.warm, args.body, args.quiet))
        return
    trees = {THIS: ROOT / "src"}
    if args.before is not None:
        trees[BEFORE] = args.before.resolve() / "src"
    rows: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.runs):
            for name, src in trees.items():  # alternating: both see the same machine
                rows[name].append(run_once(src, args.config, args, Path(folder)))
    print(f"{args.requests} requests one at a time ({args.body} body), {args.runs} runs each")
    print(f"{'router':<8}{'CPU us/req':>12}{'user':>8}{'sys':>8}{'wall':>8}  runs (CPU)")
    for name, runs in rows.items():
        med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        every = " ".join(f"{r['cpu_us']:.0f}" for r in sorted(runs, key=lambda r: r["cpu_us"]))
        print(
            f"{name:<8}{med['cpu_us']:>12.0f}{med['user_us']:>8.0f}{med['sys_us']:>8.0f}"
            f"{med['wall_us']:>8.0f}  {every}"
        )
    if BEFORE in rows:
        now = statistics.median(r["cpu_us"] for r in rows[THIS])
        then = statistics.median(r["cpu_us"] for r in rows[BEFORE])
        print(f"this / before: {now / then:.3f} ({now - then:+.0f} us per request)")


if __name__ == "__main__":
    main()
