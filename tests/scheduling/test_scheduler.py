"""Scheduler: ordering, model and global limits, admission limits, withdrawal."""

from __future__ import annotations

import asyncio

import pytest

from ollama_agent_router.errors import QueueFullError
from ollama_agent_router.scheduling import Scheduler, Ticket, TicketState
from ollama_agent_router.scheduling.scheduler import admission_verdict

LOW, NORMAL, HIGH = 10, 50, 90


def make(
    limits: dict[str, int] | None = None,
    *,
    global_concurrent: int = 10,
    global_queued: int = 100,
    per_user: int = 100,
) -> Scheduler:
    return Scheduler(
        limits or {"a": 1},
        global_max_concurrent=global_concurrent,
        global_max_queued=global_queued,
        per_user_max_queued=per_user,
    )


def running(tickets: list[Ticket]) -> list[int]:
    return [i for i, t in enumerate(tickets) if t.state is TicketState.RUNNING]


@pytest.mark.parametrize(
    ("weights", "expected_order"),
    [
        ([NORMAL, NORMAL, NORMAL], [1, 2]),  # FIFO within a priority
        ([NORMAL, LOW, HIGH], [2, 1]),  # high jumps ahead, low goes last
        ([LOW, HIGH, HIGH, NORMAL], [1, 2, 3]),
        ([NORMAL, HIGH, LOW, HIGH], [1, 3, 2]),
    ],
)
async def test_priority_then_fifo(weights: list[int], expected_order: list[int]) -> None:
    scheduler = make()
    tickets = [scheduler.enqueue("a", user="u", weight=w) for w in weights]
    assert running(tickets) == [0]  # the first one starts at once
    order = []
    current = tickets[0]
    for _ in expected_order:
        scheduler.release(current)
        (started,) = [
            i for i, t in enumerate(tickets) if t.state is TicketState.RUNNING and i not in order
        ]
        order.append(started)
        current = tickets[started]
    assert order == expected_order


async def test_model_limit_and_positions() -> None:
    scheduler = make({"a": 2})
    tickets = [scheduler.enqueue("a", user="u", weight=NORMAL) for _ in range(5)]
    assert running(tickets) == [0, 1]
    assert scheduler.queued == {"a": 3}
    assert scheduler.running == {"a": 2}
    assert [scheduler.position(t) for t in tickets] == [0, 0, 1, 2, 3]


async def test_global_limit_across_models_picks_best_waiting() -> None:
    scheduler = make({"a": 2, "b": 2}, global_concurrent=2)
    first = scheduler.enqueue("a", user="u", weight=NORMAL)
    second = scheduler.enqueue("b", user="u", weight=NORMAL)
    low_a = scheduler.enqueue("a", user="u", weight=LOW)
    high_b = scheduler.enqueue("b", user="u", weight=HIGH)
    assert running([first, second, low_a, high_b]) == [0, 1]
    scheduler.release(first)  # global slot frees: the high one on b goes, although a freed
    assert high_b.state is TicketState.RUNNING
    assert low_a.state is TicketState.WAITING
    assert scheduler.total_running == 2


async def test_global_queue_limit_is_503_with_retry_after() -> None:
    scheduler = make(global_queued=2)
    scheduler.enqueue("a", user="u1", weight=NORMAL)  # runs
    scheduler.enqueue("a", user="u2", weight=NORMAL)
    scheduler.enqueue("a", user="u3", weight=NORMAL)
    with pytest.raises(QueueFullError) as caught:
        scheduler.enqueue("a", user="u4", weight=NORMAL)
    assert caught.value.status == 503
    assert caught.value.headers["Retry-After"].isdigit()
    assert "Global queue limit" in caught.value.message


async def test_per_user_queue_limit_is_429() -> None:
    scheduler = make(per_user=1)
    scheduler.enqueue("a", user="alice", weight=NORMAL)  # runs, not counted as waiting
    scheduler.enqueue("a", user="alice", weight=NORMAL)  # waits: alice has 1 waiting
    with pytest.raises(QueueFullError) as caught:
        scheduler.enqueue("a", user="alice", weight=NORMAL)
    assert caught.value.status == 429
    scheduler.enqueue("a", user="bob", weight=NORMAL)  # others are not affected


async def test_limits_do_not_refuse_a_ticket_that_starts_at_once() -> None:
    scheduler = make({"a": 1, "b": 1}, global_queued=0)
    scheduler.enqueue("a", user="u", weight=NORMAL)
    scheduler.enqueue("b", user="u", weight=NORMAL)  # b is free: admitted and running
    with pytest.raises(QueueFullError):
        scheduler.enqueue("a", user="u", weight=NORMAL)


async def test_release_of_waiting_ticket_withdraws_it() -> None:
    scheduler = make()
    first = scheduler.enqueue("a", user="u", weight=NORMAL)
    second = scheduler.enqueue("a", user="u", weight=NORMAL)
    third = scheduler.enqueue("a", user="u", weight=NORMAL)
    scheduler.release(second)
    assert scheduler.queued == {"a": 1}
    assert second.granted.cancelled()
    scheduler.release(first)
    assert third.state is TicketState.RUNNING
    scheduler.release(third)
    scheduler.release(third)  # idempotent
    assert scheduler.total_running == 0
    assert scheduler.total_queued == 0


async def test_wait_times_out_keeping_the_place_then_succeeds() -> None:
    scheduler = make()
    first = scheduler.enqueue("a", user="u", weight=NORMAL)
    second = scheduler.enqueue("a", user="u", weight=NORMAL)
    assert await scheduler.wait(first, 0.01)
    assert not await scheduler.wait(second, 0.01)
    assert second.state is TicketState.WAITING
    asyncio.get_running_loop().call_later(0.01, scheduler.release, first)
    assert await scheduler.wait(second, 1.0)
    assert second.queue_time_ms > 0


async def test_on_change_called_when_tickets_start_and_finish() -> None:
    scheduler = make()
    calls: list[int] = []
    scheduler.on_change = lambda: calls.append(scheduler.total_running)
    ticket = scheduler.enqueue("a", user="u", weight=NORMAL)
    scheduler.release(ticket)
    assert calls == [1, 0]


async def test_snapshot_shape() -> None:
    scheduler = make({"a": 1, "b": 3})
    scheduler.enqueue("a", user="u", weight=NORMAL)
    scheduler.enqueue("a", user="u", weight=NORMAL)
    snap = scheduler.snapshot()
    assert snap["globalQueued"] == 1
    assert snap["globalRunning"] == 1
    assert snap["byModel"] == [
        {"model": "a", "queued": 1, "running": 1, "concurrency": 1},
        {"model": "b", "queued": 0, "running": 0, "concurrency": 3},
    ]


@pytest.mark.parametrize(
    ("accepted", "must_wait", "user_waiting", "total_waiting", "expected"),
    [
        (False, False, 9, 9, None),  # starts at once: limits on waiting do not apply
        (False, True, 0, 0, None),
        (False, True, 2, 0, 429),  # per-user limit first
        (False, True, 0, 3, 503),
        (False, True, 2, 3, 429),
        (True, True, 2, 3, None),  # accepted work (retry, resumed job) is never refused
        (True, True, 99, 99, None),
    ],
)
def test_admission_verdict(
    accepted: bool, must_wait: bool, user_waiting: int, total_waiting: int, expected: int | None
) -> None:
    refusal = admission_verdict(
        accepted_work=accepted,
        must_wait=must_wait,
        user_waiting=user_waiting,
        per_user_max_queued=2,
        total_waiting=total_waiting,
        global_max_queued=3,
    )
    assert (None if refusal is None else refusal.status) == expected


async def test_accepted_work_is_admitted_beyond_the_global_queue_limit() -> None:
    scheduler = make(global_concurrent=1, global_queued=3, per_user=1)
    tickets = [
        scheduler.enqueue("a", user="u", weight=NORMAL, check_limits=False) for _ in range(6)
    ]
    assert running(tickets) == [0]
    assert scheduler.total_queued == 5
    with pytest.raises(QueueFullError):
        scheduler.enqueue("a", user="v", weight=NORMAL)  # new work still meets the limit


async def test_late_binding_moves_the_first_waiting_ticket_to_an_idle_alternative() -> None:
    scheduler = make({"a": 1, "b": 1})
    asked: list[tuple[str, str]] = []

    def sooner(ticket: Ticket, target: str) -> bool:
        asked.append((ticket.model, target))
        return True

    running_a = scheduler.enqueue("a", user="u", weight=NORMAL)
    running_b = scheduler.enqueue("b", user="u", weight=NORMAL)
    low = scheduler.enqueue("a", user="u", weight=LOW, alternatives=frozenset("b"), rebind=sooner)
    high = scheduler.enqueue("a", user="u", weight=HIGH, alternatives=frozenset("b"), rebind=sooner)
    assert running([running_a, running_b, low, high]) == [0, 1]
    scheduler.release(running_b)  # b is idle: the high one (first in order) moves and runs
    assert asked == [("a", "b")]
    assert (high.model, high.state) == ("b", TicketState.RUNNING)
    assert (low.model, low.state) == ("a", TicketState.WAITING)
    assert "a" in high.alternatives
    assert scheduler.queued == {"a": 1, "b": 0}
    assert scheduler.position(low) == 1
    scheduler.release(running_a)
    assert low.state is TicketState.RUNNING
    assert scheduler.moves == 1


async def test_a_ticket_stays_when_its_owner_says_it_would_not_finish_sooner() -> None:
    scheduler = make({"a": 1, "b": 1})
    first = scheduler.enqueue("a", user="u", weight=NORMAL)
    stay = scheduler.enqueue(
        "a", user="u", weight=NORMAL, alternatives=frozenset("b"), rebind=lambda t, m: False
    )
    assert stay.state is TicketState.WAITING
    scheduler.release(first)
    assert (stay.model, stay.state) == ("a", TicketState.RUNNING)
    assert scheduler.moves == 0
