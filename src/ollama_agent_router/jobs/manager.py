"""Async jobs from 202 to result: admission, attempts, cancel, expiry, recovery.

The manager is the only writer of job records. Each live job has one asyncio task that
waits for its scheduler ticket, runs an attempt through the injected executor and
records the outcome. Records are written before the 202 is sent, so a restart (even
``kill -9``) finds every accepted job; unfinished ones are resumed by ``recover()``.

Several processes may share one store (Redis). Each holds a lease on every job it has a
task for, claimed before the record is written and re-claimed before each attempt, and
renews them while the jobs live; a job runs only where its lease is held. A job whose
process died loses its lease after ``lease_ms`` and is resumed by whichever process
claims it first in its periodic ``recover()``.

A failed attempt is retried after a backoff (``jobs.retryBackoffMs``, doubling up to
``jobs.retryBackoffMaxMs``, with jitter). The job waits as ``queued`` with its
``retry_at`` stored and without a scheduler ticket, so it holds no slot and no queue
place while it waits, and a restart during the wait still runs it (not before
``retry_at``).

Execution is at least once: an attempt interrupted by a crash runs again after the
restart. Clients that retry a submission dedupe with an ``Idempotency-Key``: a job
remembers its key (unique per owner until the job expires) and the hash of the body.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ollama_agent_router.errors import RouterError
from ollama_agent_router.jobs.backoff import retry_delay_s
from ollama_agent_router.jobs.model import Job, JobStatus
from ollama_agent_router.jobs.store import JobStore, counts_template
from ollama_agent_router.scheduling import Scheduler, Ticket
from ollama_agent_router.tasks import PRIORITY_WEIGHTS

log = logging.getLogger("ollama_agent_router.jobs")

Executor = Callable[[Job, Ticket], Awaitable[dict[str, Any]]]
"""Runs one attempt of a job on its selected model once the ticket is running."""


Binding = tuple[frozenset[str], Callable[[Ticket, str], bool] | None]
"""The other models a job may move to while it waits, and the callback that decides."""


class JobManager:
    def __init__(
        self,
        store: JobStore,
        scheduler: Scheduler,
        executor: Executor | None = None,
        *,
        max_attempts: int,
        ttl_seconds: int,
        cleanup_interval_s: float,
        clock: Callable[[], float] = time.time,
        instance_id: str | None = None,
        lease_ms: int = 15_000,
        retry_backoff_ms: int = 0,
        retry_backoff_max_ms: int = 0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        draw: Callable[[], float] = random.random,
        on_status: Callable[[str, str | None], None] | None = None,
        binding: Callable[[Job], Binding] | None = None,
    ) -> None:
        self.store = store
        self._scheduler = scheduler
        self.executor = executor
        """Runs attempts; set before ``start()`` (the gateway that provides it needs us)."""
        self._max_attempts = max_attempts
        self._ttl = ttl_seconds
        self._cleanup_interval = cleanup_interval_s
        self._clock = clock
        self._retry_backoff_ms = retry_backoff_ms
        self._retry_backoff_max_ms = retry_backoff_max_ms
        self._sleep = sleep
        """Waits out a retry backoff; with ``clock`` and ``draw``, the seam tests replace."""
        self._draw = draw
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._tickets: dict[str, Ticket] = {}
        self._cleanup_task: asyncio.Task[None] | None = None
        self._closing = False
        self.instance_id = instance_id or f"local-{secrets.token_hex(4)}"
        """This process among those sharing the store: the owner named in its leases."""
        self._lease_ms = lease_ms
        self._held: set[str] = set()  # jobs whose leases we renew
        self._lost: set[str] = set()  # jobs taken over or finished elsewhere: write nothing
        self._lease_task: asyncio.Task[None] | None = None
        self._recovering = asyncio.Lock()
        self.counts: dict[JobStatus, int] = counts_template()
        """Jobs per status, kept current by the manager (read by status endpoints)."""
        self.on_status: Callable[[str, str | None], None] | None = on_status
        """Told ``(status, model)`` each time a job enters a status (metrics)."""
        self.binding: Callable[[Job], Binding] | None = binding
        """A waiting job's other models and who decides a move (late binding)."""

    async def start(self) -> None:
        self.counts = await self.store.count_by_status()
        await self.recover()
        self._cleanup_task = asyncio.create_task(self._cleanup_loop(), name="jobs-cleanup")
        if self.store.shared:
            self._lease_task = asyncio.create_task(self._lease_loop(), name="jobs-leases")

    def new_job(
        self,
        *,
        job_id: str,
        task_type: str,
        model: str,
        request: dict[str, Any],
        priority: str,
        user: str,
        owner: str,
        idempotency_key: str | None = None,
        request_hash: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Job:
        now = self._clock()
        return Job(
            id=job_id,
            status=JobStatus.QUEUED,
            task_type=task_type,
            selected_model=model,
            request=request,
            priority=priority,
            created_at=now,
            expires_at=now + self._ttl,
            user=user,
            meta=meta or {},
            owner=owner,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
        )

    async def submit(self, job: Job, ticket: Ticket | None = None) -> int:
        """Accept a job (durably) and start it; returns its queue position.

        ``ticket`` is given when a waiting sync request turns into a job: it keeps its
        place. Otherwise a new ticket is admitted, which may raise ``QueueFullError``
        before anything is stored. A job whose idempotency key its owner already used
        raises ``DuplicateJobError`` (naming the existing job) and is not stored.
        """
        if ticket is None:
            ticket = self._enqueue(job)
        try:
            await self._claim(job.id)  # a new id: granted; before the insert, so no one
            await self.store.insert(job)  # else sees the job unleased
        except BaseException:
            self._scheduler.release(ticket)
            await asyncio.shield(self._release(job.id))
            raise
        self._count(None, job.status, job.selected_model)
        self._tickets[job.id] = ticket
        self._tasks[job.id] = asyncio.create_task(self._run(job, ticket), name=f"job-{job.id}")
        return self._scheduler.position(ticket)

    async def get(self, job_id: str, *, owner: str | None = None) -> Job | None:
        """The job, or ``None`` when it does not exist or ``owner`` (when given) did not
        submit it: to a caller, another caller's job does not exist."""
        job = await self.store.get(job_id)
        if job is None or (owner is not None and job.owner != owner):
            return None
        return job

    async def list_jobs(
        self,
        *,
        limit: int,
        status: JobStatus | None = None,
        before: int | None = None,
        owner: str | None = None,
    ) -> list[Job]:
        """Newest first; only ``owner``'s jobs when it is given."""
        return await self.store.list_jobs(limit=limit, status=status, before=before, owner=owner)

    async def find_by_key(self, owner: str, idempotency_key: str) -> Job | None:
        """``owner``'s job submitted with ``idempotency_key``, while it has not expired."""
        job = await self.store.find_by_key(owner, idempotency_key)
        if job is None or job.status is JobStatus.EXPIRED:
            return None
        return job

    def position(self, job_id: str) -> int:
        """The job's 1-based place in its model's queue; 0 when it is not waiting there
        (running, finished, or waiting out a retry backoff)."""
        ticket = self._tickets.get(job_id)
        return self._scheduler.position(ticket) if ticket is not None else 0

    async def cancel(self, job_id: str, *, owner: str | None = None) -> Job | None:
        """Cancel a queued or running job; terminal jobs are returned unchanged. ``None``
        as for ``get``."""
        job = await self.get(job_id, owner=owner)
        if job is None or job.terminal:
            return job
        task = self._tasks.get(job_id)
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            return await self.store.get(job_id)
        # No live task (e.g. store shared with another process): record the cancel.
        previous = job.status
        job.status = JobStatus.CANCELLED
        job.finished_at = self._clock()
        await self.store.update(job)
        self._count(previous, job.status, job.selected_model)
        return job

    async def recover(self) -> int:
        """Resume jobs a previous (or dead) process accepted but did not finish."""
        async with self._recovering:
            return await self._recover()

    async def _recover(self) -> int:
        resumed = 0
        for found in await self.store.unfinished():
            if found.id in self._tasks or found.id in self._held:
                continue
            try:
                resumed += await self._resume(found.id)
            except Exception:
                # A store failure mid-way must not leave a lease renewed with no task
                # behind it: give the job back so this or another instance retries.
                log.exception("could not resume job %s; releasing it", found.id)
                await self._release(found.id)
        if resumed:
            log.info("resumed %d unfinished jobs", resumed)
        return resumed

    async def _resume(self, job_id: str) -> int:
        """Take over one unfinished job: resume it, or fail it when it cannot run."""
        job = await self._take_over(job_id)
        if job is None:
            return 0
        if job.status is JobStatus.RUNNING and job.attempts >= self._max_attempts:
            message = f"interrupted by a restart after {job.attempts} attempt(s)"
            await self._fail_unrunnable(job, message, "job_interrupted")
            return 0
        if not self._scheduler.has_model(job.selected_model):
            message = f"model {job.selected_model!r} is no longer configured"
            await self._fail_unrunnable(job, message, "model_not_configured")
            return 0
        previous = job.status
        job.status = JobStatus.QUEUED
        await self.store.update(job)
        self._count(previous, job.status, job.selected_model)
        ticket: Ticket | None = None
        if job.retry_at is None or job.retry_at <= self._clock():
            ticket = self._enqueue(job, force=True)  # now, so resumed jobs keep their order
            self._tickets[job.id] = ticket
        self._tasks[job.id] = asyncio.create_task(self._run(job, ticket))
        return 1

    async def _fail_unrunnable(self, job: Job, message: str, kind: str) -> None:
        previous = job.status
        job.status = JobStatus.FAILED
        job.finished_at = self._clock()
        job.error = {"message": message, "type": kind}
        await self.store.update(job)
        self._count(previous, job.status, job.selected_model)
        await self._release(job.id)

    async def aclose(self, grace_s: float = 5.0) -> None:
        """Stop: let running attempts finish within ``grace_s``, then interrupt them.

        Interrupted attempts are put back to ``queued`` without counting the attempt,
        so a durable store resumes them on the next start.
        """
        self._closing = True
        if self._cleanup_task is not None:
            self._cleanup_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._cleanup_task
        tasks = [t for t in self._tasks.values() if not t.done()]
        running = [t for jid, t in self._tasks.items() if self._is_running(jid) and not t.done()]
        if running:
            await asyncio.wait(running, timeout=grace_s)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._lease_task is not None:  # last: leases stay renewed while attempts drain
            self._lease_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._lease_task

    def _is_running(self, job_id: str) -> bool:
        ticket = self._tickets.get(job_id)
        return ticket is not None and ticket.started_at is not None

    def _enqueue(self, job: Job, *, force: bool = False) -> Ticket:
        weight = PRIORITY_WEIGHTS.get(job.priority, PRIORITY_WEIGHTS["normal"])
        alternatives, rebind = (
            self.binding(job) if self.binding is not None else (frozenset(), None)
        )
        return self._scheduler.enqueue(
            job.selected_model,
            user=job.user,
            weight=weight,
            check_limits=not force,
            alternatives=alternatives,
            rebind=rebind,
        )

    async def _run(self, job: Job, ticket: Ticket | None) -> None:
        """The job's life in this process. ``ticket`` is ``None`` when the job must first
        wait out its retry backoff (it takes a ticket after the wait)."""
        try:
            while True:
                if ticket is None:
                    await self._wait_for_retry(job)
                    ticket = self._enqueue(job, force=True)
                    self._tickets[job.id] = ticket
                await self._scheduler.wait(ticket)
                if not await self._still_ours(job):
                    self._scheduler.release(ticket)
                    return
                if ticket.model != job.selected_model:  # moved while waiting (late binding)
                    job.selected_model = ticket.model
                    if job.request is not None:
                        job.request = {**job.request, "model": ticket.model}
                job.retry_at = None
                await self._transition(job, JobStatus.RUNNING, attempt=True)
                try:
                    assert self.executor is not None, "JobManager.executor is not set"
                    job.result = await self.executor(job, ticket)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # every failure of an attempt is recorded
                    job.error = _error_of(exc)
                    self._scheduler.release(ticket)
                    self._tickets.pop(job.id, None)  # no slot, no queue place while waiting
                    ticket = None
                    if job.attempts < self._max_attempts:
                        delay = self._retry_delay_s(job.attempts)
                        job.retry_at = self._clock() + delay
                        log.info(
                            "job %s attempt %d failed (%s); next attempt in %.1f s",
                            job.id,
                            job.attempts,
                            exc,
                            delay,
                        )
                        await self._transition(job, JobStatus.QUEUED)  # durable with retry_at
                        continue
                    await self._transition(job, JobStatus.FAILED, finished=True)
                    return
                self._scheduler.release(ticket)
                job.error = None
                await self._transition(job, JobStatus.SUCCEEDED, finished=True)
                return
        except asyncio.CancelledError:
            if ticket is not None:
                self._scheduler.release(ticket)
            with contextlib.suppress(Exception):
                await asyncio.shield(self._record_interruption(job))
            raise
        finally:
            self._tasks.pop(job.id, None)
            self._tickets.pop(job.id, None)
            if job.id in self._lost:
                self._lost.discard(job.id)
            else:  # hand the job over now rather than after the lease runs out
                await asyncio.shield(self._release(job.id))

    def _retry_delay_s(self, attempts: int) -> float:
        return retry_delay_s(
            attempts,
            base_ms=self._retry_backoff_ms,
            cap_ms=self._retry_backoff_max_ms,
            draw=self._draw(),
        )

    async def _wait_for_retry(self, job: Job) -> None:
        """Sleep until the job's ``retry_at``; at once when it has none or it is past."""
        if job.retry_at is None:
            return
        delay = job.retry_at - self._clock()
        if delay > 0:
            await self._sleep(delay)

    async def _record_interruption(self, job: Job) -> None:
        if job.id in self._lost:
            return  # another process has the job now, or finished it
        if self._closing:
            if job.status is JobStatus.RUNNING:
                job.attempts = max(0, job.attempts - 1)  # our shutdown, not the job's fault
                await self._transition(job, JobStatus.QUEUED)
            return
        await self._transition(job, JobStatus.CANCELLED, finished=True)

    async def _transition(
        self, job: Job, status: JobStatus, *, attempt: bool = False, finished: bool = False
    ) -> None:
        previous = job.status
        job.status = status
        now = self._clock()
        if attempt:
            job.attempts += 1
            job.started_at = now
        if finished:
            job.finished_at = now
            self._held.discard(job.id)  # so a renewal never mistakes our own finish for a loss
        await self.store.update(job)
        self._count(previous, status, job.selected_model)

    def _count(self, previous: JobStatus | None, current: JobStatus, model: str | None) -> None:
        if previous is not None:
            self.counts[previous] -= 1
        self.counts[current] += 1
        if self.on_status is not None:
            self.on_status(current.value, model)

    async def _cleanup_loop(self) -> None:
        while True:
            await asyncio.sleep(self._cleanup_interval)
            try:
                await self.expire_now()
            except Exception:
                log.exception("job cleanup failed")

    async def _claim(self, job_id: str) -> bool:
        granted = await self.store.claim(job_id, self.instance_id, self._lease_ms)
        if granted:
            self._held.add(job_id)
        else:
            self._held.discard(job_id)
        return granted

    async def _release(self, job_id: str) -> None:
        self._held.discard(job_id)
        with contextlib.suppress(Exception):  # unreleased, the lease simply runs out
            await self.store.release(job_id, self.instance_id)

    async def _take_over(self, job_id: str) -> Job | None:
        """Claim an unfinished job found in the store and read it again: between the two
        reads its owner may have finished it or another process claimed it."""
        if not await self._claim(job_id):
            return None
        job = await self.store.get(job_id)
        if job is None or job.terminal:
            await self._release(job_id)
            return None
        return job

    async def _still_ours(self, job: Job) -> bool:
        """Re-claim before an attempt; if another process holds the job or finished it
        (its lease lapsed while we stalled, or a cancel there), leave it alone."""
        try:
            if await self._claim(job.id):
                return True
            log.warning("job %s is held or finished elsewhere; not running it here", job.id)
        except Exception as exc:
            self._held.discard(job.id)
            log.warning("job %s: cannot claim it (%s); its lease will run out", job.id, exc)
        self._lost.add(job.id)
        return False

    async def _lease_loop(self) -> None:
        """With a shared store: renew our leases, stop work another process took over,
        resume jobs whose process is gone, and refresh the counters from the store."""
        while True:
            await asyncio.sleep(self._lease_ms / 3000)
            try:
                await self._renew_leases()
                if not self._closing:
                    await self.recover()
                self.counts = await self.store.count_by_status()
            except Exception:
                log.exception("job lease upkeep failed")

    async def _renew_leases(self) -> None:
        lost = await self.store.renew(list(self._held), self.instance_id, self._lease_ms)
        for job_id in lost:
            if job_id not in self._held:
                continue  # finished or released meanwhile
            self._held.discard(job_id)
            task = self._tasks.get(job_id)
            if task is not None and not task.done():
                log.warning("job %s: lease lost (taken over or finished elsewhere)", job_id)
                self._lost.add(job_id)
                task.cancel()

    async def expire_now(self) -> int:
        expired = await self.store.expire(self._clock())
        if expired:
            self.counts = await self.store.count_by_status()
            if self.on_status is not None:
                for _ in expired:
                    self.on_status(JobStatus.EXPIRED.value, None)
        return len(expired)


def _error_of(exc: Exception) -> dict[str, Any]:
    if isinstance(exc, RouterError):
        return {"message": exc.message, "type": exc.type, "code": exc.code, "status": exc.status}
    status = getattr(exc, "status", None)
    return {"message": str(exc) or type(exc).__name__, "type": "execution_error", "status": status}
