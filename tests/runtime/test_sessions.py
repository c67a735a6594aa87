"""The session book: turns remembered, slots as Ollama's runner fills them, bounds."""

from __future__ import annotations

from ollama_agent_router.routing.session import SessionKey
from ollama_agent_router.runtime.sessions import SessionBook


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def digests(*tokens: int, tag: str = "") -> tuple[tuple[str, int], ...]:
    return tuple((f"{tag}{i}", t) for i, t in enumerate(tokens))


def key(name: str) -> SessionKey:
    return SessionKey(name, "header")


def test_a_session_finds_its_prefix_cached_on_its_model() -> None:
    book = SessionBook(slots=lambda model: 1)
    first = book.view(key("a"), digests(20_000))
    assert (first.model, first.turns, first.cached_tokens) == (None, 0, {})
    assert book.served(first, "qwen", "code_fix", digests(20_000)) == (True, 0)
    second = book.view(key("a"), digests(20_000, 21_000))
    assert (second.model, second.task_type, second.turns) == ("qwen", "code_fix", 1)
    assert second.cached_tokens == {"qwen": 20_000}


def test_one_slot_holds_one_session_at_a_time() -> None:
    """With OLLAMA_NUM_PARALLEL=1 concurrent sessions evict each other's prefix."""
    book = SessionBook(slots=lambda model: 1)
    book.served(book.view(key("a"), digests(100)), "qwen", "code_fix", digests(100))
    book.served(
        book.view(key("b"), digests(100, tag="b")), "qwen", "code_fix", digests(100, tag="b")
    )
    assert book.view(key("a"), digests(100, 200)).cached_tokens == {}
    two = SessionBook(slots=lambda model: 2)
    two.served(two.view(key("a"), digests(100)), "qwen", "code_fix", digests(100))
    two.served(two.view(key("b"), digests(100, tag="b")), "qwen", "code_fix", digests(100, tag="b"))
    assert two.view(key("a"), digests(100, 200)).cached_tokens == {"qwen": 100}


def test_a_move_is_reported_and_counted() -> None:
    book = SessionBook(slots=lambda model: 1)
    book.served(book.view(key("a"), digests(100)), "qwen", "code_fix", digests(100))
    view = book.view(key("a"), digests(100, 200))
    stayed, cached = book.served(view, "deepseek", "code_fix", digests(100, 200))
    assert (stayed, cached) == (False, 0)
    book.count_move("sooner")
    assert book.as_dict()["moves"] == {"sooner": 1}
    assert book.active()[0]["moves"] == 1


def test_sessions_are_bounded_by_count_and_idle_time() -> None:
    clock = Clock()
    book = SessionBook(slots=lambda model: 8, max_sessions=2, ttl_s=60, clock=clock)
    for name in "abc":
        book.served(book.view(key(name), digests(10)), "qwen", "chat", digests(10))
    assert book.view(key("a"), digests(10)).model is None  # the least recent went
    assert book.view(key("c"), digests(10)).model == "qwen"
    clock.now += 61
    assert book.view(key("c"), digests(10)).model is None  # idle past the TTL


def test_a_new_session_sees_whose_cache_it_would_push_out() -> None:
    clock = Clock()
    book = SessionBook(slots=lambda model: 1, clock=clock)
    book.served(book.view(key("a"), digests(20_000)), "qwen", "code_fix", digests(20_000))
    assert book.view(key("b"), digests(5)).evicts == {"qwen": 20_000}
    assert book.view(key("a"), digests(20_000, 21_000)).evicts == {}  # its own slot
    clock.now += 601
    assert book.view(key("b"), digests(5)).evicts == {"qwen": 0}  # gone quiet: free
