"""Placement under VRAM pressure, as a user sees it: labelled realistic requests replayed
against one simulated 20 GB GPU with the shipped ``examples/gex44.yaml``.

Each setup gets a fresh simulator (and router): the same hold-out requests, sent as plain
OpenAI chat completions (``model: "auto"``, no ``router`` object) by the ``openai`` SDK
at seeded Poisson arrivals, open loop. Answer lengths come from each request's true task
type through the simulator's completion plan, invisible to the router. The router reads
the card through a fake ``nvidia-smi``. Setups: ``reference`` and ``residency``
(``router.strategy``), ``perfect`` (no router: each request straight to the first model
of its true task type's route), a ``@RATE`` suffix changes the arrival rate and a
``:outside`` suffix the mix of task types (``pressure_workload.MIXES``).

    .venv/bin/python bench/pressure.py [--quick] [--rate 1.5] [--seed 7] [--out results.json]
        [--setups reference,residency,perfect,residency@1.0,residency:outside] [--write-docs]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import aiohttp
import openai

import pressure_report as report
import pressure_stack as stack
import pressure_workload as workload

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "performance.md"
DEFAULT_SETUPS = (
    "reference,residency,perfect,residency@1.0,reference:outside,residency:outside,"
    "residency@1.0:outside"
)
CLIENT_TIMEOUT_S = 300.0


@dataclass(frozen=True, slots=True)
class Setup:
    """``strategy`` is a ``router.strategy``, or None for perfect labels without a router."""

    name: str
    strategy: str | None
    rate: float
    mix: str = "uniform"


def parse_setups(text: str, rate: float) -> list[Setup]:
    """``name[@rate][:mix]``, comma-separated (``residency@1.0:outside``)."""
    setups = []
    for spec in filter(None, (part.strip() for part in text.split(","))):
        spec, _, mix = spec.partition(":")
        name, _, rate_text = spec.partition("@")
        if name not in ("reference", "residency", "perfect"):
            raise ValueError(f"unknown setup {name!r}: reference, residency or perfect")
        mix = mix or "uniform"
        if mix not in workload.MIXES:
            raise ValueError(f"unknown mix {mix!r}: {', '.join(workload.MIXES)}")
        strategy = None if name == "perfect" else name
        label = "perfect labels, no router" if strategy is None else f"router, {name}"
        if mix != "uniform":
            label += f" ({mix} mix)"
        setups.append(Setup(label, strategy, float(rate_text) if rate_text else rate, mix))
    return setups


async def send(client: openai.AsyncOpenAI, request: workload.Request, model: str) -> report.Outcome:
    """One plain chat completion; the outcome as the client saw it."""
    item = request.item
    extra: dict[str, Any] = {"tools": item.tools} if item.tools else {}
    started = time.perf_counter()
    status, served, detail = "200", None, ""
    try:
        reply = await client.chat.completions.create(
            model=model,
            messages=item.messages,  # type: ignore[arg-type]
            **extra,
        )
        served = reply.model
    except openai.APITimeoutError:
        status = "timeout"
    except openai.APIStatusError as exc:
        status, detail = str(exc.status_code), exc.message[:300]
    except openai.APIConnectionError as exc:
        status, detail = "connection", str(exc)[:300]
    latency = time.perf_counter() - started
    return report.Outcome(item.id, item.label, status, latency, served, detail)


async def replay(
    base_url: str,
    requests: Sequence[workload.Request],
    model_for: dict[str, str] | None,
    *,
    log_every_s: float = 30.0,
) -> list[report.Outcome]:
    """Open loop: each request leaves at its arrival time, whatever is still running."""
    client = openai.AsyncOpenAI(
        base_url=base_url + "/v1", api_key="unused", timeout=CLIENT_TIMEOUT_S, max_retries=0
    )
    async with client:
        loop = asyncio.get_running_loop()
        start = loop.time()
        tasks: list[asyncio.Task[report.Outcome]] = []
        next_log = log_every_s
        for request in requests:
            await asyncio.sleep(max(0.0, start + request.at_s - loop.time()))
            model = model_for[request.item.label] if model_for else "auto"
            tasks.append(asyncio.create_task(send(client, request, model)))
            if loop.time() - start >= next_log:
                done = sum(task.done() for task in tasks)
                print(f"    {loop.time() - start:5.0f} s: {len(tasks)} sent, {done} answered")
                next_log += log_every_s
        return list(await asyncio.gather(*tasks))


async def sim_post(url: str, body: Any) -> Any:
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as reply:
        reply.raise_for_status()
        return await reply.json()


async def sim_state(url: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session, session.get(url + "/_sim/state") as reply:
        state: dict[str, Any] = await reply.json()
        return state


@asynccontextmanager
async def target(
    setup: Setup, sim_url: str, base: dict[str, Any], folder: Path
) -> AsyncIterator[str]:
    """Where the client sends: a fresh router in front of the simulator, or the simulator."""
    if setup.strategy is None:
        yield sim_url
        return
    async with stack.router(base, sim_url, setup.strategy, folder) as url:
        yield url


async def run_setup(
    setup: Setup,
    requests: Sequence[workload.Request],
    *,
    base: dict[str, Any],
    speeds: stack.SimSpeeds,
    seed: int,
    folder: Path,
) -> dict[str, Any]:
    """One setup on a fresh simulator: replay, then read the simulator's counters."""
    purposes = {m["name"]: list(m.get("purpose", [])) for m in base["models"]}
    first_model = {label: route[0] for label, route in base["routes"].items()}
    async with stack.simulator(speeds, folder, seed) as sim_url:
        plan = await sim_post(sim_url + "/_sim/plan", {"completions": workload.plan_of(requests)})
        if plan["entries"] != len(requests):
            raise RuntimeError(f"the simulator took {plan['entries']} of {len(requests)} plans")
        async with target(setup, sim_url, base, folder) as url:
            outcomes = await replay(url, requests, None if setup.strategy else first_model)
        state = await sim_state(sim_url)
    row = report.summarize(setup.name, setup.rate, outcomes, state, purposes)
    return {
        "setup": setup.name,
        "strategy": setup.strategy,
        "row": row.to_json(),
        "table": row,
        "sim": {
            key: state.get(key)
            for key in (
                "loads",
                "loadsByModel",
                "loadedBytes",
                "loadSeconds",
                "evictions",
                "evictionsByModel",
                "unloads",
                "splitRequests",
                "rejectedBusy",
                "aborted",
                "requests",
                "plan",
            )
        },
        "outcomes": [_outcome(o) for o in outcomes],
    }


def _outcome(outcome: report.Outcome) -> dict[str, Any]:
    return {
        "id": outcome.id,
        "label": outcome.label,
        "status": outcome.status,
        "latencyS": round(outcome.latency_s, 3),
        "model": outcome.model,
        **({"detail": outcome.detail} if outcome.detail else {}),
    }


def describe(count: int, rate: float, seed: int, speeds: stack.SimSpeeds) -> str:
    return (
        f"{count} requests from `tests/data/classification_holdout.jsonl` (stratified over "
        f"the 9 task types, seed {seed}; rows marked *outside mix* have the share of "
        "large-context bodies of the independent set the targets are checked on, 15 of "
        "240, and the other eight types evenly), sent as plain OpenAI chat completions "
        f'(`model: "auto"`, no `router` object, tools kept) by the `openai` SDK '
        f"(timeout {CLIENT_TIMEOUT_S:g} s, no retries) at Poisson arrivals of {rate:g} req/s "
        "unless the row says otherwise, open loop. Answer lengths drawn from each request's "
        "true task type (lognormal, σ 0.5, means: triage 20, simple_chat 150, summarize 200, "
        "code 400, agentic_reasoning 800, large_context 600, tool_use 80 tokens) reach the "
        "simulator as a completion plan the router cannot see. One simulated "
        f"{speeds.vram_mb} MB GPU per row, fresh: parallel {speeds.parallel}, load "
        f"{speeds.load_s_per_gb:g} s/GB, generation {speeds.tokens_per_s_gb:g}/GB and prompt "
        f"{speeds.prompt_tokens_per_s_gb:g}/GB tokens/s, at most {speeds.max_loaded} models "
        "loaded, keep-alive 5 min. The router (`oar serve` with `examples/gex44.yaml` as "
        "shipped but for ports, the job store and `router.strategy`) reads the card through "
        "a fake `nvidia-smi` every second (`gpu.monitor`: `backend: nvidia-smi`, "
        "`intervalMs: 1000`). *perfect labels* sends each request straight to the "
        "simulator, to the first model of its true task type's route. *fit*: answered by "
        "a model whose `purpose` names the true task type; *split runs*: answers from a "
        "model split between GPU and CPU; latencies are of completed requests."
    )


async def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=240)
    parser.add_argument("--quick", action="store_true", help="60 requests: a fast smoke run")
    parser.add_argument("--rate", type=float, default=1.5, help="arrivals per second")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--setups", default=DEFAULT_SETUPS)
    parser.add_argument("--out", type=Path, help="write all results as JSON here")
    parser.add_argument("--write-docs", action="store_true", help="update the docs section")
    parser.add_argument("--docs", type=Path, default=DOCS, help=argparse.SUPPRESS)
    parser.add_argument("--instant", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    count = 60 if args.quick else args.requests
    setups = parse_setups(args.setups, args.rate)
    speeds = replace(stack.SimSpeeds(), instant=args.instant)
    base = stack.load_base()
    items = workload.load_items()
    results = []
    with tempfile.TemporaryDirectory(prefix="oar-pressure-") as tmp:
        for setup in setups:
            requests = workload.build(count, setup.rate, args.seed, items, setup.mix)
            print(f"{setup.name} at {setup.rate:g} req/s: {count} requests", flush=True)
            result = await run_setup(
                setup, requests, base=base, speeds=speeds, seed=args.seed, folder=Path(tmp)
            )
            print(report.table([result["table"]]).splitlines()[-1], flush=True)
            results.append(result)
    rows = [result.pop("table") for result in results]
    text = report.table(rows)
    print(text)
    if args.out:
        meta = {"requests": count, "seed": args.seed, "rate": args.rate, "speeds": asdict(speeds)}
        args.out.write_text(json.dumps({"run": meta, "setups": results}, indent=1) + "\n")
    if args.write_docs:
        about = describe(count, args.rate, args.seed, speeds)
        section = report.section(text, command=command_line(args), about=about)
        report.write_section(args.docs, section)
    return results


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces the table (the options that differ from defaults)."""
    parts = [".venv/bin/python bench/pressure.py"]
    if args.quick:
        parts.append("--quick")
    elif args.requests != 240:
        parts.append(f"--requests {args.requests}")
    if args.rate != 1.5:
        parts.append(f"--rate {args.rate:g}")
    if args.seed != 7:
        parts.append(f"--seed {args.seed}")
    if args.setups != DEFAULT_SETUPS:
        parts.append(f"--setups {args.setups}")
    return " ".join([*parts, "--write-docs"])


if __name__ == "__main__":
    asyncio.run(main())
