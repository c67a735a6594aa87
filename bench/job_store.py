"""Does the job store stay fast as jobs pile up, and what does durability cost?

For the memory store and the SQLite store (``synchronous=FULL``, the default, and
``NORMAL``), fills one store with 1 000 and another with 100 000 retained jobs (5 % failed,
1 % queued, the rest succeeded) and measures both, alternating within each run so machine
noise hits them alike; reported figures are medians over the runs:

- ``insert``: one awaited insert at a time (each is its own commit: the 202 path alone),
- ``insert x64``: 64 inserts in flight (the writer batches them into shared commits),
- ``get``: lookup by a random id,
- ``list``: the first page of ``GET /v1/jobs`` (50 newest),
- ``list failed``: the first page filtered by status (a full page at both sizes).

Then prints each lookup's ratio between 100 000 and 1 000 jobs: about 1 means flat.

    .venv/bin/python bench/job_store.py [--runs 9] [--sizes 1000 100000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

from ollama_agent_router.jobs.memory import MemoryJobStore
from ollama_agent_router.jobs.model import Job, JobStatus
from ollama_agent_router.jobs.sqlite import SqliteJobStore
from ollama_agent_router.jobs.store import JobStore

PROMPT = "Refactor this function so that it streams the response instead of buffering. " * 5
ANSWER = {"choices": [{"message": {"role": "assistant", "content": "Done. " * 30}}]}
LOOKUPS = 2_000
PAGES = 200
SINGLE_INSERTS = 100
BURST = 64


def make_job(n: int) -> Job:
    status = JobStatus.SUCCEEDED
    if n % 20 == 1:
        status = JobStatus.FAILED
    elif n % 100 == 2:
        status = JobStatus.QUEUED
    return Job(
        id=f"job_bench_{n:09d}",
        status=status,
        task_type="coding",
        selected_model="qwen2.5-coder:7b",
        request={"model": "auto", "messages": [{"role": "user", "content": PROMPT}]},
        priority="normal",
        created_at=1_700_000_000.0 + n,
        expires_at=1_800_000_000.0,
        result=ANSWER if status is JobStatus.SUCCEEDED else None,
        error={"message": "boom"} if status is JobStatus.FAILED else None,
        meta={"kind": "chat"},
    )


async def fill(store: JobStore, start: int, stop: int) -> None:
    for chunk in range(start, stop, 1_000):
        await asyncio.gather(
            *(store.insert(make_job(n)) for n in range(chunk, min(stop, chunk + 1_000)))
        )


Op = Callable[[int], Awaitable[object]]


async def timed_us(ops: int, op: Op) -> float:
    """Mean time of one ``op`` in microseconds."""
    begin = time.perf_counter()
    for i in range(ops):
        await op(i)
    return (time.perf_counter() - begin) / ops * 1e6


def workload(store: JobStore, size: int, extra: Iterator[int]) -> dict[str, tuple[int, Op]]:
    """The measured operations on one filled store: name -> (operations per run, op)."""
    rng = random.Random(size)
    ids = [make_job(rng.randrange(size)).id for _ in range(LOOKUPS)]

    async def burst(_: int) -> None:
        await asyncio.gather(*(store.insert(make_job(next(extra))) for _ in range(BURST)))

    return {
        "insert": (SINGLE_INSERTS, lambda _: store.insert(make_job(next(extra)))),
        "insert x64": (4, burst),
        "get": (LOOKUPS, lambda i: store.get(ids[i])),
        "list": (PAGES, lambda _: store.list_jobs(limit=50)),
        "list failed": (PAGES, lambda _: store.list_jobs(limit=50, status=JobStatus.FAILED)),
    }


async def measure(stores: dict[int, JobStore], runs: int) -> dict[int, dict[str, float]]:
    """Medians per size; sizes alternate within each run so machine noise hits them alike."""
    extra = iter(range(10**9, 2 * 10**9))  # ids for measured inserts, apart from the fill
    for size, store in stores.items():
        await fill(store, 0, size)
    loads = {size: workload(store, size, extra) for size, store in stores.items()}
    samples: dict[int, dict[str, list[float]]] = {size: {} for size in stores}
    for _ in range(runs):
        for name in loads[next(iter(loads))]:
            for size, load in loads.items():
                ops, op = load[name]
                per_op = await timed_us(ops, op)
                if name == "insert x64":
                    per_op /= BURST  # per job
                samples[size].setdefault(name, []).append(per_op)
    return {
        size: {name: statistics.median(values) for name, values in by_name.items()}
        for size, by_name in samples.items()
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--dir", type=Path, default=None, help="where the SQLite files go")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        kinds: dict[str, Callable[[int], JobStore]] = {
            "memory": lambda _: MemoryJobStore(),
            "sqlite FULL": lambda n: SqliteJobStore(Path(tmp) / f"full-{n}.db"),
            "sqlite NORMAL": lambda n: SqliteJobStore(
                Path(tmp) / f"normal-{n}.db", synchronous="NORMAL"
            ),
        }
        print(f"SQLite files in {tmp}; medians of {args.runs} runs; microseconds per operation\n")
        print("| store | jobs | insert | insert x64 | get | list | list failed |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        ratios: list[str] = []
        for name, factory in kinds.items():
            stores = {size: factory(size) for size in sorted(args.sizes)}
            for store in stores.values():
                await store.open()
            try:
                results = await measure(stores, args.runs)
            finally:
                for store in stores.values():
                    await store.close()
            for size, row in results.items():
                cells = " | ".join(f"{value:,.1f}" for value in row.values())
                print(f"| {name} | {size:,} | {cells} |")
            small, large = results[min(results)], results[max(results)]
            ratio = ", ".join(
                f"{key} {large[key] / small[key]:.2f}" for key in ("get", "list", "list failed")
            )
            ratios.append(f"- {name}: {ratio}")
        print(f"\nratio {max(args.sizes):,} jobs / {min(args.sizes):,} jobs (about 1 = flat):")
        print("\n".join(ratios))


if __name__ == "__main__":
    asyncio.run(main())
