"""Admission and dispatch: per-model priority queues under model and global limits.

Every execution — a sync request, a stream, an async job attempt — takes a ``Ticket``.
A ticket waits in its model's queue (higher priority first, FIFO within a priority)
until both a model slot (``maxConcurrent``) and a global slot (``globalMaxConcurrent``)
are free. Admission enforces ``globalMaxQueued`` and ``perUserMaxQueued`` on *waiting*
tickets. The scheduler is single-threaded asyncio code: no locks, O(models) dispatch.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from ollama_agent_router.errors import QueueFullError


def admission_verdict(
    *,
    accepted_work: bool,
    must_wait: bool,
    user_waiting: int,
    per_user_max_queued: int,
    total_waiting: int,
    global_max_queued: int,
) -> QueueFullError | None:
    """Why a new ticket is refused, or ``None`` to admit it.

    Work the router already accepted (a job retry, a job resumed after a restart) is
    never refused: refusing it would leave a stored ``queued`` job nothing will run.
    Limits on waiting apply only to tickets that cannot start at once.
    """
    if accepted_work or not must_wait:
        return None
    if user_waiting >= per_user_max_queued:
        return QueueFullError(
            f"Per-user queue limit reached ({per_user_max_queued} waiting requests)",
            status=429,
            code="per_user_queue_full",
        )
    if total_waiting >= global_max_queued:
        return QueueFullError(
            f"Global queue limit reached ({global_max_queued} waiting requests)",
            status=503,
            code="global_queue_full",
        )
    return None


class Room(NamedTuple):
    """GPU room for a start: the busy models it must wait for, and whether it loads."""

    wait_for: tuple[str, ...] = ()
    loads: bool = False


class TicketState(Enum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"


@dataclass(eq=False, slots=True)
class Ticket:
    """A place in a model's queue; becomes a running slot once granted."""

    model: str
    user: str
    weight: int
    seq: int
    enqueued_at: float
    granted: asyncio.Future[None]
    state: TicketState = TicketState.WAITING
    started_at: float | None = None
    cold: bool = False
    """Its model was not resident when it started (the start made Ollama load it)."""
    held: bool = False
    """It has waited for GPU room (busy models to finish) at least once."""
    alternatives: frozenset[str] = frozenset()
    """Other models it may run on (late binding); empty: only ``model``."""
    rebind: Callable[[Ticket, str], bool] | None = None
    """Asked whether it should move to an idle model now (see ``Scheduler._rebind_one``)."""

    @property
    def queue_time_ms(self) -> float:
        end = self.started_at if self.started_at is not None else time.monotonic()
        return (end - self.enqueued_at) * 1000.0


@dataclass(slots=True)
class _ModelQueue:
    name: str
    limit: int
    heap: list[tuple[int, int, Ticket]] = field(default_factory=list)
    waiting: int = 0
    running: int = 0
    started: list[Ticket] = field(default_factory=list)
    """The running tickets (a handful: ``maxConcurrent``)."""


class Scheduler:
    """Per-model priority queues with model, global and per-user limits."""

    def __init__(
        self,
        model_limits: Mapping[str, int],
        *,
        global_max_concurrent: int,
        global_max_queued: int,
        per_user_max_queued: int,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[], None] | None = None,
        room: Callable[[str], Room] | None = None,
        on_start: Callable[[str], bool] | None = None,
        on_finish: Callable[[str], None] | None = None,
        on_hold: Callable[[str], None] | None = None,
    ) -> None:
        self._queues = {name: _ModelQueue(name, limit) for name, limit in model_limits.items()}
        self._global_max_concurrent = global_max_concurrent
        self._global_max_queued = global_max_queued
        self._per_user_max_queued = per_user_max_queued
        self._clock = clock
        self._seq = itertools.count()
        self._running_total = 0
        self._waiting_total = 0
        self._waiting_by_user: Counter[str] = Counter()
        self.queued: dict[str, int] = dict.fromkeys(model_limits, 0)
        """Waiting tickets per model; read by routing, updated in place."""
        self.running: dict[str, int] = dict.fromkeys(model_limits, 0)
        """Running tickets per model; read by routing, updated in place."""
        self.on_change: Callable[[], None] | None = on_change
        """Called after a ticket starts or finishes (the live state refreshes then)."""
        self.room: Callable[[str], Room] | None = room
        """Whether a model may start now as far as GPU memory goes (``None``: always)."""
        self.on_start: Callable[[str], bool] | None = on_start
        """Told the model just before a ticket on it starts (the resident set learns it);
        answers whether the start loads the model."""
        self.on_finish: Callable[[str], None] | None = on_finish
        self.moves = 0
        """Waiting tickets moved to another model (late binding)."""
        self.on_hold: Callable[[str], None] | None = on_hold
        """Told the model the first time a ticket on it is held for GPU room."""

    @property
    def total_queued(self) -> int:
        return self._waiting_total

    @property
    def total_running(self) -> int:
        return self._running_total

    def ensure_models(
        self,
        limits: Mapping[str, int],
        *,
        total: int | None = None,
        queued: int | None = None,
        per_user: int | None = None,
    ) -> None:
        """Queues for models learned after start (a fleet node's): new ones are added, a
        known one takes its new limit (waiting tickets start if it grew). ``total``,
        ``queued`` and ``per_user`` raise the global limits to what the backends
        together run and hold (a fleet's nodes: the gateway is no narrower than they)."""
        self._global_max_queued = max(self._global_max_queued, queued or 0)
        self._per_user_max_queued = max(self._per_user_max_queued, per_user or 0)
        if total is not None and total > self._global_max_concurrent:
            self._global_max_concurrent = total
            self._dispatch()
        for model, limit in limits.items():
            queue = self._queues.get(model)
            if queue is None:
                self._queues[model] = _ModelQueue(model, limit)
                self.queued.setdefault(model, 0)
                self.running.setdefault(model, 0)
            elif queue.limit != limit:
                queue.limit = limit
                self._dispatch()

    def limit(self, model: str) -> int:
        return self._queues[model].limit

    def has_model(self, model: str) -> bool:
        return model in self._queues

    def enqueue(
        self,
        model: str,
        *,
        user: str,
        weight: int,
        check_limits: bool = True,
        alternatives: frozenset[str] = frozenset(),
        rebind: Callable[[Ticket, str], bool] | None = None,
    ) -> Ticket:
        """Admit a ticket or raise ``QueueFullError`` (503 global, 429 per user).

        ``check_limits=False`` is for work already accepted (job retries, jobs resumed
        after a restart): it is always admitted (see ``admission_verdict``).
        """
        queue = self._queues[model]
        refusal = admission_verdict(
            accepted_work=not check_limits,
            must_wait=self._must_wait(queue),
            user_waiting=self._waiting_by_user[user],
            per_user_max_queued=self._per_user_max_queued,
            total_waiting=self._waiting_total,
            global_max_queued=self._global_max_queued,
        )
        if refusal is not None:
            raise refusal
        loop = asyncio.get_running_loop()
        ticket = Ticket(
            model=model,
            user=user,
            weight=weight,
            seq=next(self._seq),
            enqueued_at=self._clock(),
            granted=loop.create_future(),
            alternatives=frozenset(m for m in alternatives if m in self._queues and m != model),
            rebind=rebind,
        )
        heapq.heappush(queue.heap, (-weight, ticket.seq, ticket))
        queue.waiting += 1
        self.queued[model] = queue.waiting
        self._waiting_total += 1
        self._waiting_by_user[user] += 1
        self._dispatch()
        return ticket

    async def wait(self, ticket: Ticket, timeout: float | None = None) -> bool:
        """Wait until the ticket runs; ``False`` on timeout (the ticket keeps its place)."""
        if ticket.state is TicketState.RUNNING:
            return True
        if timeout is None:
            await asyncio.shield(ticket.granted)
            return True
        if timeout <= 0:
            return False
        try:
            await asyncio.wait_for(asyncio.shield(ticket.granted), timeout)
        except TimeoutError:
            return ticket.granted.done() and not ticket.granted.cancelled()
        return True

    def release(self, ticket: Ticket) -> None:
        """Finish a ticket in any state: a waiting one leaves the queue, a running one
        frees its slot. Safe to call twice."""
        if ticket.state is TicketState.WAITING:
            self._forget_waiting(ticket)
            if not ticket.granted.done():
                ticket.granted.cancel()
        elif ticket.state is TicketState.RUNNING:
            queue = self._queues[ticket.model]
            queue.started.remove(ticket)
            queue.running -= 1
            self.running[ticket.model] = queue.running
            self._running_total -= 1
            ticket.state = TicketState.DONE
            if self.on_finish is not None:
                self.on_finish(ticket.model)
            self._dispatch()
            self._changed()
        ticket.state = TicketState.DONE

    def running_for(self) -> dict[str, float]:
        """Per busy model: seconds its longest-running ticket has run."""
        now = self._clock()
        return {
            name: now - min(t.started_at or now for t in queue.started)
            for name, queue in self._queues.items()
            if queue.started
        }

    def position(self, ticket: Ticket) -> int:
        """1-based place among the model's waiting tickets; 0 once running."""
        if ticket.state is not TicketState.WAITING:
            return 0
        key = (-ticket.weight, ticket.seq)
        queue = self._queues[ticket.model]
        ahead = sum(
            1
            for weight, seq, other in queue.heap
            if _waits_here(other, queue) and (weight, seq) < key
        )
        return ahead + 1

    def snapshot(self) -> dict[str, object]:
        return {
            "globalQueued": self._waiting_total,
            "globalRunning": self._running_total,
            "globalMaxConcurrent": self._global_max_concurrent,
            "globalMaxQueued": self._global_max_queued,
            "perUserMaxQueued": self._per_user_max_queued,
            "byModel": [
                {
                    "model": name,
                    "queued": queue.waiting,
                    "running": queue.running,
                    "concurrency": queue.limit,
                }
                for name, queue in self._queues.items()
            ],
        }

    def _must_wait(self, queue: _ModelQueue) -> bool:
        """Limits on waiting apply only to tickets that cannot start at once."""
        return (
            queue.running >= queue.limit
            or queue.waiting > 0
            or self._running_total >= self._global_max_concurrent
        )

    def _forget_waiting(self, ticket: Ticket) -> None:
        queue = self._queues[ticket.model]
        queue.waiting -= 1
        self.queued[ticket.model] = queue.waiting
        self._waiting_total -= 1
        self._waiting_by_user[ticket.user] -= 1
        if self._waiting_by_user[ticket.user] <= 0:
            del self._waiting_by_user[ticket.user]

    def _dispatch(self) -> None:
        started = False
        while self._running_total < self._global_max_concurrent:
            chosen = self._next_startable()
            if chosen is None and self._rebind_one():
                chosen = self._next_startable()
            if chosen is None:
                break
            ticket, queue = chosen
            heapq.heappop(queue.heap)
            self._forget_waiting(ticket)
            if self.on_start is not None:
                ticket.cold = self.on_start(ticket.model)
            queue.running += 1
            queue.started.append(ticket)
            self.running[ticket.model] = queue.running
            self._running_total += 1
            ticket.state = TicketState.RUNNING
            ticket.started_at = self._clock()
            if not ticket.granted.done():
                ticket.granted.set_result(None)
            started = True
        if started:
            self._changed()

    def _next_startable(self) -> tuple[Ticket, _ModelQueue] | None:
        """The first waiting ticket, in priority then arrival order, that may start.

        A ticket whose model must wait for room (busy models to finish) holds its place:
        later tickets may not start on the models it waits for (so they drain) nor load
        another model into the room it waits for; they may start on resident models.
        """
        heads: list[tuple[tuple[int, int, Ticket], _ModelQueue]] = []
        for queue in self._queues.values():
            heap = queue.heap
            while heap and not _waits_here(heap[0][2], queue):
                heapq.heappop(heap)  # withdrawn and moved tickets are dropped lazily
            if heap and queue.running < queue.limit:
                heads.append((heap[0], queue))
        if not heads:
            return None
        heads.sort(key=lambda head: head[0][:2])
        if self.room is None:
            return heads[0][0][2], heads[0][1]
        held: set[str] = set()
        someone_waits = False
        for (_, _, ticket), queue in heads:
            if ticket.model in held:
                continue
            room = self.room(ticket.model)
            if room.wait_for:
                held.update(room.wait_for)
                if not ticket.held:
                    ticket.held = True
                    if self.on_hold is not None:
                        self.on_hold(ticket.model)
                someone_waits = True
                continue
            if someone_waits and room.loads:
                continue
            return ticket, queue
        return None

    def _rebind_one(self) -> bool:
        """Late binding: move the first waiting ticket (priority, then arrival order) that
        lists an idle model among its alternatives, if its owner says it finishes sooner
        there. Only to a model that can start it without a load (no thrash from moves).
        A moved ticket keeps its priority and arrival number."""
        idle = [q for q in self._queues.values() if q.running < q.limit and not q.waiting]
        if not idle:
            return False
        movable = sorted(
            (
                (entry[0], entry[1], entry[2])
                for queue in self._queues.values()
                for entry in queue.heap
                if entry[2].alternatives and _waits_here(entry[2], queue)
            ),
            key=lambda entry: entry[:2],
        )
        for _, _, ticket in movable:
            for target in idle:
                if target.name not in ticket.alternatives or ticket.rebind is None:
                    continue
                if self.room is not None:
                    room = self.room(target.name)
                    if room.wait_for or room.loads:
                        continue  # moves go only to a resident model that can start now
                if ticket.rebind(ticket, target.name):
                    self._move(ticket, target)
                    return True
        return False

    def _move(self, ticket: Ticket, target: _ModelQueue) -> None:
        source = self._queues[ticket.model]
        source.waiting -= 1
        self.queued[source.name] = source.waiting
        ticket.alternatives = (ticket.alternatives - {target.name}) | {source.name}
        ticket.model = target.name
        heapq.heappush(target.heap, (-ticket.weight, ticket.seq, ticket))
        target.waiting += 1
        self.queued[target.name] = target.waiting
        self.moves += 1

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()


def _waits_here(ticket: Ticket, queue: _ModelQueue) -> bool:
    """Still waiting, and in this queue (a moved ticket leaves a stale heap entry)."""
    return ticket.state is TicketState.WAITING and ticket.model == queue.name
