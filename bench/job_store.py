"""Does the job store stay fast as jobs pile up, and what does durability cost?

For the memory store and the SQLite store (``synchronous=FULL``, the default, and
``NORMAL``), fills the store with 1 000 and then 100 000 retained jobs (5 % failed, 1 %
queued, the rest succeeded) and measures, as the median of several runs:

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
from collections.abc import Awaitable, Callable
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


async def per_op_us(ops: int, runs: int, op: Callable[[int], Awaitable[object]]) -> float:
    """Median over ``runs`` of the mean time of one ``op`` in microseconds."""
    samples = []
    for _ in range(runs):
        begin = time.perf_counter()
        for i in range(ops):
            await op(i)
        samples.append((time.perf_counter() - begin) / ops * 1e6)
    return statistics.median(samples)


async def burst_us(store: JobStore, runs: int, next_n: Callable[[], int]) -> float:
    samples = []
    for _ in range(runs):
        jobs = [make_job(next_n()) for _ in range(BURST * 4)]
        begin = time.perf_counter()
        for i in range(0, len(jobs), BURST):
            await asyncio.gather(*(store.insert(job) for job in jobs[i : i + BURST]))
        samples.append((time.perf_counter() - begin) / len(jobs) * 1e6)
    return statistics.median(samples)


async def measure(store: JobStore, sizes: list[int], runs: int) -> dict[int, dict[str, float]]:
    results: dict[int, dict[str, float]] = {}
    filled = 0
    extra = iter(range(10**9, 2 * 10**9))  # ids for measured inserts, apart from the fill
    rng = random.Random(7)
    for size in sizes:
        await fill(store, filled, size)
        filled = size
        ids = [make_job(rng.randrange(size)).id for _ in range(LOOKUPS)]

        def get(i: int, ids: list[str] = ids) -> Awaitable[Job | None]:
            return store.get(ids[i])

        row = {
            "insert": await per_op_us(
                SINGLE_INSERTS, runs, lambda _: store.insert(make_job(next(extra)))
            ),
            "insert x64": await burst_us(store, runs, lambda: next(extra)),
            "get": await per_op_us(LOOKUPS, runs, get),
            "list": await per_op_us(PAGES, runs, lambda _: store.list_jobs(limit=50)),
            "list failed": await per_op_us(
                PAGES, runs, lambda _: store.list_jobs(limit=50, status=JobStatus.FAILED)
            ),
        }
        assert await store.get(ids[0]) is not None
        results[size] = row
    return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--dir", type=Path, default=None, help="where the SQLite files go")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        stores: dict[str, Callable[[], JobStore]] = {
            "memory": MemoryJobStore,
            "sqlite FULL": lambda: SqliteJobStore(Path(tmp) / "full.db"),
            "sqlite NORMAL": lambda: SqliteJobStore(Path(tmp) / "normal.db", synchronous="NORMAL"),
        }
        print(f"SQLite files in {tmp}; medians of {args.runs} runs; microseconds per operation\n")
        print("| store | jobs | insert | insert x64 | get | list | list failed |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        ratios: list[str] = []
        for name, factory in stores.items():
            store = factory()
            await store.open()
            try:
                results = await measure(store, sorted(args.sizes), args.runs)
            finally:
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
