"""The Redis session book beyond the contract: what it stores and for how long, two
routers on one Redis, and a Redis that fails (never a failed request)."""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

import pytest
import redis.asyncio
from redis.exceptions import ConnectionError as RedisConnectionError

from ollama_agent_router.composition import session_redis_url
from ollama_agent_router.config import parse_config
from ollama_agent_router.routing.session import SessionKey, shared_prefix_tokens
from ollama_agent_router.state.sessions_redis import (
    MAX_DIGESTS,
    RedisSessionBook,
    pack_digests,
    packed_shared_tokens,
)
from support.processes import free_port
from support.stack import gex44_data

from .test_sessions import digests, key, turn


def book_on(url: str, **kwargs: Any) -> RedisSessionBook:
    kwargs.setdefault("slots", lambda model: 2)
    return RedisSessionBook(url, prefix=f"test-{secrets.token_hex(6)}", **kwargs)


def long_prompt(count: int, tag: str = "") -> tuple[tuple[str, int], ...]:
    """``count`` messages of 100 tokens (random digests with ``tag``: another prompt)."""
    return tuple(
        (secrets.token_hex(8) if tag else f"{i:016x}", 100 * (i + 1)) for i in range(count)
    )


def test_a_prompt_is_stored_compactly_and_capped() -> None:
    short = long_prompt(40)
    assert len(pack_digests(short)) == 40 * 16
    assert packed_shared_tokens(pack_digests(short), short) == shared_prefix_tokens(short, short)
    history = long_prompt(5_000)
    packed = pack_digests(history)
    assert len(packed) == MAX_DIGESTS * 16  # 4 KiB, however long the conversation
    appended = (*history, ("ffffffffffffffff", 500_200))
    assert packed_shared_tokens(packed, appended) == history[-1][1]  # exact on append
    rewritten = (*history[:1_000], *long_prompt(100, tag="x"))
    shared = packed_shared_tokens(packed, rewritten)
    assert shared <= shared_prefix_tokens(history, rewritten) == 100_000
    assert shared >= 100_000 - 5_000 / (MAX_DIGESTS // 2) * 100 - 100  # within one stride
    assert packed_shared_tokens(pack_digests(digests(5, tag="not-hex")), digests(5)) == 0


async def test_every_key_is_prefixed_bounded_and_expires(redis_url: str) -> None:
    book = book_on(redis_url, slots=lambda model: 1, max_sessions=3, ttl_s=120)
    for name in "abcde":
        await turn(book, name, digests(10, 20))
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        keys = sorted(k.decode() for k in await client.keys(book._p + "*"))
        p = book._p
        assert keys == sorted(
            [p + "held:qwen", p + "models", p + "order:qwen", p + "recent", p + "seq"]
            + [p + "s:" + name for name in "cde"]
        )
        for name in keys:
            assert 0 < await client.pttl(name) <= 120_000
        assert await client.zcard(p + "order:qwen") == 1  # the model's one slot
        assert await client.hlen(p + "held:qwen") == 1
        assert await client.zcard(p + "recent") == 3  # max_sessions
    finally:
        await client.aclose()
        await book.aclose()


async def test_two_routers_on_one_redis_share_a_session(redis_url: str) -> None:
    prefix = f"test-{secrets.token_hex(6)}"
    a = RedisSessionBook(redis_url, slots=lambda model: 1, prefix=prefix)
    b = RedisSessionBook(redis_url, slots=lambda model: 1, prefix=prefix)
    try:
        await turn(a, "s", digests(20_000))
        view = await b.view(key("s"), digests(20_000, 21_000))
        assert (view.model, view.turns, view.cached_tokens) == ("qwen", 1, {"qwen": 20_000})
        assert b.served(view, "qwen", "code_fix", digests(20_000, 21_000)) == (True, 20_000)
        await b.flush()
        await a.refresh()
        assert a.active()[0]["turns"] == 2
    finally:
        await a.aclose()
        await b.aclose()


async def test_a_redis_that_is_down_routes_turns_as_new_sessions(
    caplog: pytest.LogCaptureFixture,
) -> None:
    book = book_on(f"redis://127.0.0.1:{free_port()}/0", timeout_s=0.2)
    caplog.set_level(logging.WARNING, logger="ollama_agent_router.sessions")
    started = time.monotonic()
    for _ in range(5):
        view, served = await turn(book, "a", digests(100))
        assert (view.model, view.turns, served) == (None, 0, (True, 0))
    await book.refresh()
    assert book.as_dict()["active"] == []
    assert time.monotonic() - started < 1.0  # asked once, then left alone
    assert len(caplog.records) == 1
    assert "unavailable" in caplog.records[0].getMessage()
    assert book.skipped_writes >= 4
    await book.aclose()


async def test_a_failure_costs_one_turn_and_the_book_comes_back(
    redis_url: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = book_on(redis_url, retry_after_s=0)
    caplog.set_level(logging.WARNING, logger="ollama_agent_router.sessions")
    await turn(book, "a", digests(100))
    script = book._view_script

    async def failing(**kwargs: Any) -> Any:
        raise RedisConnectionError("connection reset")

    monkeypatch.setattr(book, "_view_script", failing)
    assert (await book.view(key("a"), digests(100, 200))).model is None
    monkeypatch.setattr(book, "_view_script", script)
    assert (await book.view(key("a"), digests(100, 200))).model == "qwen"
    assert [r.getMessage().split(" ")[-2:] for r in caplog.records][-1] == ["answers", "again"]
    assert len(caplog.records) == 2
    await book.aclose()


async def test_closing_stores_the_turns_still_being_written(redis_url: str) -> None:
    prefix = f"test-{secrets.token_hex(6)}"
    book = RedisSessionBook(redis_url, slots=lambda model: 1, prefix=prefix)
    view = await book.view(key("a"), digests(100))
    book.served(view, "qwen", "code_fix", digests(100))
    await book.aclose()  # no flush first
    other = RedisSessionBook(redis_url, slots=lambda model: 1, prefix=prefix)
    try:
        assert (await other.view(SessionKey("a", "header"), digests(100))).turns == 1
    finally:
        await other.aclose()


async def test_a_turn_served_after_closing_is_not_remembered(redis_url: str) -> None:
    book = book_on(redis_url)
    view = await book.view(key("a"), digests(100))
    await book.aclose()
    assert book.served(view, "qwen", "code_fix", digests(100)) == (True, 0)
    assert book.skipped_writes == 1
    await book.flush()


def test_sessions_use_the_redis_the_router_already_has() -> None:
    jobs = {"store": "redis", "redisUrl": "redis://jobs:6379/0"}
    limits = {"store": "redis", "redisUrl": "redis://limits:6379/1"}
    assert session_redis_url(parse_config(gex44_data())) is None
    assert session_redis_url(parse_config(gex44_data(jobs=jobs))) == "redis://jobs:6379/0"
    both = gex44_data(**{"jobs": jobs, "access.rateLimit": limits})
    assert session_redis_url(parse_config(both)) == "redis://limits:6379/1"  # preferred
