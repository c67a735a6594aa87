"""Session books under test: in memory, and in a throwaway ``redis-server``."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from ollama_agent_router.state.sessions import SessionBook, Sessions
from support.processes import redis_server

BookFactory = Callable[..., Sessions]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway ``redis-server`` (no persistence) on a free port, for the whole session;
    the tests that need it skip when there is no ``redis-server``."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["memory", "redis"])
async def make_book(request: pytest.FixtureRequest) -> AsyncIterator[BookFactory]:
    """Each contract test runs once per book: ``make_book(slots=…, …)`` builds one (a
    Redis one under a prefix of its own: tests share the server, never the keys)."""
    opened: list[Sessions] = []
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""

    def make(**kwargs: Any) -> Sessions:
        book: Sessions
        if request.param == "memory":
            book = SessionBook(**kwargs)
        else:
            from ollama_agent_router.state.sessions_redis import RedisSessionBook

            book = RedisSessionBook(url, prefix=f"test-{secrets.token_hex(6)}", **kwargs)
        opened.append(book)
        return book

    try:
        yield make
    finally:
        for book in opened:
            await book.aclose()
