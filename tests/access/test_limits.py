"""The rate limiter: exact under concurrency on real sockets, a moving window (no burst
at window edges), and counters shared through a real Redis by two routers."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from ollama_agent_router.access import hash_key
from ollama_agent_router.access.limiter import Limiter, MemoryWindows
from ollama_agent_router.config.models import RateLimit, RateLimitStore
from support.processes import redis_server
from support.stack import gex44_data, stack

KEY = "shared-client-key-0001"


def limited(requests: int, *, redis_url: str | None = None) -> dict[str, Any]:
    data = gex44_data()
    data["access"] = {
        "managed": {
            "planes": {
                "standalone": {
                    "auth": {"requireApiKey": True, "anonymous": "reject"},
                    "defaultLimit": {"requests": requests, "windowSeconds": 60},
                }
            },
            "apiKeys": [{"id": "shared", "keyHash": hash_key(KEY), "scopes": ["standalone"]}],
        }
    }
    if redis_url is not None:
        data["access"]["rateLimit"] = {"store": "redis", "redisUrl": redis_url}
    return data


async def hammer(
    urls: list[str], *, clients: int = 64, each: int = 4, remaining: list[int] | None = None
) -> Counter[int]:
    """``clients`` clients, each on its own connection, ``each`` requests apiece, all
    released at once; the ``X-RateLimit-Remaining`` of each 200 goes to ``remaining``."""
    start = asyncio.Event()
    statuses: Counter[int] = Counter()

    async def client(index: int) -> None:
        url = urls[index % len(urls)] + "/v1/models"
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as http:
            await start.wait()
            for _ in range(each):
                async with http.get(url, headers={"x-api-key": KEY}) as response:
                    await response.read()
                    statuses[response.status] += 1
                    if response.status == 200 and remaining is not None:
                        remaining.append(int(response.headers["x-ratelimit-remaining"]))

    tasks = [asyncio.create_task(client(i)) for i in range(clients)]
    await asyncio.sleep(0.05)
    start.set()
    await asyncio.gather(*tasks)
    return statuses


async def test_64_parallel_clients_get_exactly_the_limit() -> None:
    async with stack(limited(100)) as s:
        statuses = await hammer([s.url])
    assert statuses == Counter({200: 100, 429: 156})


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_remaining_comes_from_the_admitting_step(tmp_path: Path, store: str) -> None:
    """Finding 8 of issue 12: with the count read in a second call, 100 allowed answers
    under 64 parallel clients carried three distinct Remaining values. Each admission
    now reports what it left: 99, 98, …, 0, each exactly once — also across two routers
    on one Redis."""
    remaining: list[int] = []
    if store == "memory":
        async with stack(limited(100)) as s:
            statuses = await hammer([s.url], remaining=remaining)
    else:
        with redis_server(tmp_path) as url:
            async with two_routers(limited(100, redis_url=url)) as urls:
                statuses = await hammer(urls, remaining=remaining)
    assert statuses == Counter({200: 100, 429: 156})
    assert sorted(remaining) == list(range(100))


async def test_moving_window_has_no_burst_at_the_edge() -> None:
    limiter = Limiter.from_config(RateLimitStore())
    limit = RateLimit(requests=5, window_seconds=1)
    first = [await limiter.hit("standalone", "p", limit) for _ in range(5)]
    assert all(v.allowed for v in first)
    started = time.monotonic()
    # a fixed window would open afresh at the next second boundary; a moving one waits
    # until the first requests are a whole window old
    while time.monotonic() - started < 0.6:
        assert not (await limiter.hit("standalone", "p", limit)).allowed
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.05 - (time.monotonic() - started))
    assert (await limiter.hit("standalone", "p", limit)).allowed
    assert (await limiter.hit("standalone", "other", limit)).remaining == 4
    assert (await limiter.hit("runtimeAgent", "p", limit)).remaining == 4


@contextlib.asynccontextmanager
async def two_routers(data: dict[str, Any]) -> AsyncIterator[list[str]]:
    async with stack(data) as a, stack(data) as b:
        yield [a.url, b.url]


async def test_redis_shares_counters_between_two_routers(tmp_path: Path) -> None:
    with redis_server(tmp_path) as url:
        async with two_routers(limited(50, redis_url=url)) as urls:
            statuses = await hammer(urls, clients=64, each=2)
    assert statuses == Counter({200: 50, 429: 78})


def test_memory_windows_forget_idle_keys() -> None:
    now = [1000.0]
    windows = MemoryWindows(clock=lambda: now[0])
    for i in range(10):
        assert windows.hit_now(f"k{i}", 3, 1).allowed
    assert len(windows.windows) == 10
    now[0] += 1.5  # every request has left its window, and a sweep is due
    windows.hit_now("fresh", 3, 1)
    assert set(windows.windows) == {"fresh"}


def test_the_admitting_step_reports_the_window_it_leaves() -> None:
    now = [0.0]
    windows = MemoryWindows(clock=lambda: now[0])
    steps = []
    for _ in range(4):
        steps.append(windows.hit_now("k", 3, 10))
        now[0] += 1
    assert [(w.allowed, w.counted, w.oldest) for w in steps] == [
        (True, 1, 0.0),
        (True, 2, 0.0),
        (True, 3, 0.0),
        (False, 3, 0.0),
    ]
    now[0] = 10.5  # the first request left the window
    assert windows.hit_now("k", 3, 10) == (True, 3, 1.0)
