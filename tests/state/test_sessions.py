"""One contract, both session books (in memory, in Redis): turns remembered, slots as
Ollama's runner fills them, bounds, the status listing."""

from __future__ import annotations

from ollama_agent_router.routing.session import SessionKey, SessionView, prefix_digests
from ollama_agent_router.state.sessions import Digests, Sessions

from .conftest import BookFactory


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def digests(*tokens: int, tag: str = "") -> Digests:
    return tuple((f"{tag}{i}", t) for i, t in enumerate(tokens))


def key(name: str) -> SessionKey:
    return SessionKey(name, "header")


async def turn(
    book: Sessions, name: str, prompt: Digests, model: str = "qwen", task: str = "code_fix"
) -> tuple[SessionView, tuple[bool, int]]:
    """One turn of session ``name``: looked up, served on ``model``, stored."""
    view = await book.view(key(name), prompt)
    served = book.served(view, model, task, prompt)
    await book.flush()
    return view, served


async def test_a_session_finds_its_prefix_cached_on_its_model(make_book: BookFactory) -> None:
    book = make_book(slots=lambda model: 1)
    first, served = await turn(book, "a", digests(20_000))
    assert (first.model, first.turns, first.cached_tokens) == (None, 0, {})
    assert served == (True, 0)
    second = await book.view(key("a"), digests(20_000, 21_000))
    assert (second.model, second.task_type, second.turns) == ("qwen", "code_fix", 1)
    assert second.cached_tokens == {"qwen": 20_000}
    assert book.served(second, "qwen", "code_fix", digests(20_000, 21_000)) == (True, 20_000)
    await book.flush()
    assert (await book.view(key("a"), digests(20_000, 21_000))).turns == 2


async def test_one_slot_holds_one_session_at_a_time(make_book: BookFactory) -> None:
    """With OLLAMA_NUM_PARALLEL=1 concurrent sessions evict each other's prefix."""
    book = make_book(slots=lambda model: 1)
    await turn(book, "a", digests(100))
    await turn(book, "b", digests(100, tag="b"))
    assert (await book.view(key("a"), digests(100, 200))).cached_tokens == {}
    two = make_book(slots=lambda model: 2)
    await turn(two, "a", digests(100))
    await turn(two, "b", digests(100, tag="b"))
    assert (await two.view(key("a"), digests(100, 200))).cached_tokens == {"qwen": 100}


async def test_each_model_keeps_the_prompt_it_served(make_book: BookFactory) -> None:
    book = make_book(slots=lambda model: 4)
    await turn(book, "a", digests(100, 200), model="qwen")
    await turn(book, "a", digests(100, 200, 300), model="deepseek")
    view = await book.view(key("a"), digests(100, 200, 300, 400))
    assert view.cached_tokens == {"qwen": 200, "deepseek": 300}
    assert view.model == "deepseek"
    edited = await book.view(key("a"), digests(100, 250, tag="x"))  # history rewritten
    assert edited.cached_tokens == {"qwen": 0, "deepseek": 0}


async def test_a_move_is_reported_and_counted(make_book: BookFactory) -> None:
    book = make_book(slots=lambda model: 1)
    await turn(book, "a", digests(100))
    _, served = await turn(book, "a", digests(100, 200), model="deepseek")
    assert served == (False, 0)
    book.count_move("sooner")
    book.count_miss("moved")
    await book.refresh()
    summary = book.as_dict()
    assert (summary["moves"], summary["cacheMisses"]) == ({"sooner": 1}, {"moved": 1})
    assert book.active()[0]["moves"] == 1


async def test_status_lists_the_active_sessions_most_recent_first(
    make_book: BookFactory,
) -> None:
    clock = Clock()
    book = make_book(slots=lambda model: 8, clock=clock)
    await turn(book, "a", digests(10))
    clock.now += 700
    await turn(book, "b", digests(10, 20), task="chat")
    await turn(book, "c", digests(5))
    await turn(book, "b", digests(10, 20, 30), model="deepseek", task="chat")
    clock.now += 1.25
    await book.refresh()
    assert book.as_dict()["tracked"] == 3
    assert book.active() == [
        {
            "id": "b",
            "model": "deepseek",
            "taskType": "chat",
            "turns": 2,
            "moves": 1,
            "promptTokens": 30,
            "idleS": 1.2,
        },
        {
            "id": "c",
            "model": "qwen",
            "taskType": "code_fix",
            "turns": 1,
            "moves": 0,
            "promptTokens": 5,
            "idleS": 1.2,
        },
    ]  # "a" has been quiet for more than ten minutes


async def test_sessions_are_bounded_by_count_and_idle_time(make_book: BookFactory) -> None:
    clock = Clock()
    book = make_book(slots=lambda model: 8, max_sessions=2, ttl_s=60, clock=clock)
    for name in "abc":
        await turn(book, name, digests(10), task="chat")
    assert (await book.view(key("a"), digests(10))).model is None  # the least recent went
    assert (await book.view(key("a"), digests(10))).cached_tokens == {}
    assert (await book.view(key("c"), digests(10))).model == "qwen"
    clock.now += 61
    gone = await book.view(key("c"), digests(10))  # idle past the TTL
    assert (gone.model, gone.turns, gone.cached_tokens) == (None, 0, {})


async def test_a_new_session_sees_whose_cache_it_would_push_out(make_book: BookFactory) -> None:
    clock = Clock()
    book = make_book(slots=lambda model: 1, clock=clock)
    await turn(book, "a", digests(20_000))
    assert (await book.view(key("b"), digests(5))).evicts == {"qwen": 20_000}
    assert (await book.view(key("a"), digests(20_000, 21_000))).evicts == {}  # its own slot
    clock.now += 601
    assert (await book.view(key("b"), digests(5))).evicts == {"qwen": 0}  # gone quiet: free


async def test_a_long_conversation_still_matches_its_last_turn(make_book: BookFactory) -> None:
    """An agent's history can hold hundreds of messages (every tool call and result)."""
    book = make_book(slots=lambda model: 1)
    messages = [{"role": "system", "content": "You are a coding agent."}]
    for i in range(300):
        messages.append({"role": "user" if i % 2 else "assistant", "content": f"step {i}"})
    before = prefix_digests(messages)
    await turn(book, "a", before)
    messages.append({"role": "user", "content": "now run the tests"})
    view = await book.view(key("a"), prefix_digests(messages))
    assert view.cached_tokens == {"qwen": before[-1][1]}


async def test_served_answers_from_the_view_alone(make_book: BookFactory) -> None:
    """The outcome a turn reports needs no store: it is the view's."""
    book = make_book(slots=lambda model: 1)
    view = SessionView(key("z"), "qwen", "code_fix", {"qwen": 700}, turns=3)
    assert book.served(view, "qwen", "code_fix", digests(700, 800)) == (True, 700)
    assert book.served(view, "deepseek", "code_fix", digests(700, 800)) == (False, 0)
    await book.flush()


async def test_a_model_knows_the_warm_prompts_of_the_sessions_it_holds(
    make_book: BookFactory,
) -> None:
    """Evicting a model costs every active session cached there its prompt."""
    book = make_book(slots=lambda model: 2)
    await turn(book, "a", digests(10_000))
    await turn(book, "b", digests(10_000, tag="b"))
    assert (await book.view(key("c"), digests(5))).warm == {"qwen": 20_000}
    assert (await book.view(key("a"), digests(5))).warm == {"qwen": 10_000}
