"""The request path of a routed chat completion, as a straight line:

    parse → classify → decide → schedule → backend → respond

``Gateway.plan`` does the first three from memory only (no I/O); ``run_sync``,
``open_stream`` and ``accept_job`` do the rest. HTTP concerns (status codes, headers,
bodies) stay in ``api``; this module raises ``RouterError`` subclasses.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Protocol, TypeVar

from ollama_agent_router.backend.ollama.errors import OllamaProtocolError, OllamaStreamError
from ollama_agent_router.classification import (
    AsyncClassifier,
    Classification,
    Classifier,
    ClassifierInput,
)
from ollama_agent_router.errors import (
    ContextTooLongError,
    ExecutionTimeoutError,
    NoCapableModelError,
    NoModelAvailableError,
    RouterError,
)
from ollama_agent_router.jobs.manager import JobManager
from ollama_agent_router.jobs.model import Job, JobStatus, Submitter, address_owner, new_job_id
from ollama_agent_router.pipeline.binding import (
    NO_BINDING,
    FleetLateBinding,
    LateBinding,
)
from ollama_agent_router.pipeline.explain import job_router_object
from ollama_agent_router.pipeline.payload import Fitted, fit_payload, upstream_payload
from ollama_agent_router.pipeline.planning import (
    AcrossFleet,
    OnNode,
    Placement,
    Plan,
    SessionLookup,
    plan_request,
)
from ollama_agent_router.pipeline.tool_calls import (
    AnswerRejected,
    ToolCallHealth,
    ToolCheck,
    Verdict,
    tool_table,
)
from ollama_agent_router.pipeline.tool_stream import StreamBuffer
from ollama_agent_router.pipeline.upstream import Upstream, is_retryable, to_router_error
from ollama_agent_router.routing import (
    Decision,
    RequestOptions,
    RoutingPolicy,
    StateView,
    classify_request,
)
from ollama_agent_router.routing.capabilities import (
    RequestKind,
)
from ollama_agent_router.routing.session import (
    SessionKey,
    SessionView,
)
from ollama_agent_router.scheduling import Scheduler, Ticket
from ollama_agent_router.state.capabilities import CapabilityCache
from ollama_agent_router.state.observations import Observation, usage_of
from ollama_agent_router.state.sessions import Sessions

log = logging.getLogger("ollama_agent_router.gateway")


T = TypeVar("T")


@dataclass(slots=True)
class Attempt:
    model: str
    error: str
    status: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "error": self.error, "status": self.status}


@dataclass(slots=True)
class StreamResult:
    chunks: AsyncIterator[bytes]
    """The upstream stream; its first chunk already arrived (errors before it fell back)."""
    first: bytes
    model: str
    queue_ms: float
    ticket: Ticket
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(slots=True)
class CallResult(Generic[T]):
    """What ``Gateway.run_call`` returns: the call's value and where/how it ran."""

    value: T
    model: str
    queue_ms: float
    execution_ms: float
    attempts: list[Attempt] = field(default_factory=list)


SyncResult = CallResult[bytes]
"""A chat completion run synchronously: the upstream answer as undecoded JSON bytes."""


@dataclass(slots=True)
class JobAccepted:
    job: Job
    position: int


class AttemptFailed(Exception):
    """One backend call failed: the API error, and whether to try the next candidate."""

    def __init__(self, error: RouterError, *, retryable: bool) -> None:
        super().__init__(error.message)
        self.error = error
        self.retryable = retryable


class ConvertedToJob(Exception):
    """A waiting sync request became an async job (202), keeping its queue place."""

    def __init__(self, accepted: JobAccepted) -> None:
        super().__init__(accepted.job.id)
        self.accepted = accepted


class JobNodes(Protocol):
    """Where a fleet gateway creates its jobs (``backend.fleet.jobs.FleetJobs``)."""

    async def submit(
        self,
        model: str,
        request: Mapping[str, Any],
        *,
        owner: str,
        idempotency_key: str | None,
        priority: str,
        classification: Mapping[str, Any],
        reason: str | None,
    ) -> dict[str, Any]: ...


class Gateway:
    def __init__(
        self,
        *,
        node_id: str,
        policy: RoutingPolicy,
        classifier: Classifier,
        scheduler: Scheduler,
        jobs: JobManager,
        upstream: Upstream,
        view: Any,
        model_timeouts_ms: dict[str, int],
        async_classifier: AsyncClassifier | None = None,
        capabilities: CapabilityCache | None = None,
        sessions: Sessions | None = None,
        num_ctx: Mapping[str, int | None] | None = None,
        on_call: Callable[[Observation], None] | None = None,
        on_context_refusal: Callable[[], None] | None = None,
        on_tool_verdict: Callable[[str, Verdict], None] | None = None,
        fleet: AcrossFleet | None = None,
        fleet_policy: Callable[[], RoutingPolicy | None] | None = None,
        job_nodes: JobNodes | None = None,
    ) -> None:
        self.node_id = node_id
        self._policy = policy
        self._fleet_policy = fleet_policy
        """A fleet gateway's policy changes with its nodes' configs (the union of them)."""
        self.placement: Placement = fleet or OnNode(policy, self.state_view)
        self.job_nodes = job_nodes
        """A fleet gateway's jobs are created on (and read from) the node that runs them."""
        """Where a labelled request runs: this router's models, or across a fleet."""
        self.classifier = classifier
        self.async_classifier = async_classifier
        """A mode that does I/O (``model``, ``embedding``); ``None`` for sync modes, whose
        requests are classified with no await. ``classifier`` is then its fallback."""
        self.scheduler = scheduler
        self.jobs = jobs
        self.upstream = upstream
        self._view = view
        """``() -> StateView``: memory-only snapshot of the live state."""
        self._model_timeouts_ms = model_timeouts_ms
        self.on_call = on_call
        """Told every finished call (the router learns its rates from them)."""
        self._capabilities = capabilities
        self.on_context_refusal = on_context_refusal
        """Told when a request is refused because no model's real context holds it."""
        self.sessions = sessions
        """Agent sessions and the models' prompt-cache slots, in memory or shared in
        Redis."""
        self.num_ctx: Mapping[str, int | None] = num_ctx or {}
        """The one ``num_ctx`` the router sends each model (native dialect): a client's
        smaller one on the Ollama face becomes it."""
        self.binding: LateBinding = LateBinding(policy, self.state_view)
        if fleet is not None:  # between nodes, judged by each node's estimate
            in_flight = fleet.in_flight or (lambda: ({}, {}))
            self.binding = FleetLateBinding(policy, fleet.nodes, in_flight)
        """Whether a waiting request (or job: ``binding.for_job``) should move."""
        self.tool_health = ToolCallHealth()
        """Each model's recent tool-call answers: a model failing often is demoted for
        requests with tools (``StateView.tool_demoted``)."""
        self.on_tool_verdict = on_tool_verdict
        """Told each checked tool-call answer (the metrics count failures and repairs)."""

    @property
    def policy(self) -> RoutingPolicy:
        """What a request's ``model`` and ``router`` options are read against."""
        if self._fleet_policy is not None:
            return self._fleet_policy() or self._policy
        return self._policy

    def state_view(self) -> StateView:
        view: StateView = self._view()
        demoted = self.tool_health.demoted(time.monotonic())
        return replace(view, tool_demoted=demoted) if demoted else view

    async def plan(
        self,
        body: dict[str, Any],
        *,
        kind: RequestKind = "chat",
        jobs: bool = True,
        session: SessionKey | None = None,
    ) -> Plan:
        """The one plan (``planning.plan_request``) over the live state: every face takes
        this path, so a prompt gets the same label whatever API it came in on."""
        fleet = self.placement if isinstance(self.placement, AcrossFleet) else None
        if fleet is not None and self._fleet_policy is not None and self._fleet_policy() is None:
            why = "; ".join(f"{n}: {r}" for n, r in fleet.unavailable().items())
            raise NoModelAvailableError(f"No node of the fleet has answered yet ({why})")
        lookup: SessionLookup | None = None
        book = self.sessions
        if session is not None and book is not None:
            key = session

            async def lookup(digests: tuple[tuple[str, int], ...]) -> SessionView:
                return await book.view(key, digests)  # Redis: one round trip

        return await plan_request(
            body,
            policy=self.policy,
            classify=self._classify_embedding if kind == "embedding" else self.classify,
            placement=self.placement,
            kind=kind,
            jobs=jobs,
            session=lookup,
        )

    async def _classify_embedding(
        self, request: ClassifierInput, options: RequestOptions
    ) -> Classification:
        """An embedding's label only names a route: never ask a model for it."""
        return classify_request(self.classifier, request, options)

    def session_served(self, plan: Plan, model: str) -> None:
        """A turn of ``plan.session`` ran on ``model``: remember it, say whether it
        stayed (and why not) and what it found cached. No I/O: a shared book writes the
        turn in a task of its own, after this returns."""
        view = plan.session
        if view is None or self.sessions is None:
            return
        book = self.sessions
        task = plan.classification.task_type
        stayed, cached = book.served(view, model, task, plan.digests)
        outcome: dict[str, Any] = {**view.as_dict(), "stayed": stayed, "cachedPrefixTokens": cached}
        if not stayed:
            code, outcome["moveReason"] = _move_reason(plan, view, model)
            book.count_move(code)
        if view.turns and not cached:
            book.count_miss("moved" if not stayed else "slot_taken")
        plan.session_outcome = outcome

    async def classify(self, request: ClassifierInput, options: RequestOptions) -> Classification:
        """The classification ``plan`` would use, awaiting an I/O classifier if there is one."""
        if self.async_classifier is None or options.task_type is not None:
            return classify_request(self.classifier, request, options)
        return await self.async_classifier.classify(request)

    def fallback_order(self, decision: Decision) -> list[str]:
        """The chosen model, then the other candidates that are not blocked."""
        assert decision.model is not None
        blocked = set(decision.blocked_fallback_models)
        return [decision.model, *(m for m in decision.fallback_models if m not in blocked)]

    def reject(self, decision: Decision) -> RouterError:
        if decision.status_code == 400:  # no allowed model has what the request needs
            if _only_context(decision):
                if self.on_context_refusal is not None:
                    self.on_context_refusal()
                return ContextTooLongError(decision.reason)
            return NoCapableModelError(decision.reason)
        return NoModelAvailableError(decision.reason or "No model available")

    def fitted(self, payload: dict[str, Any], *, native: bool = False) -> Fitted:
        """``payload`` fitted to the model it names, as far as its capabilities are known
        (``service.payload.fit_payload``)."""
        caps = self._capabilities
        model = str(payload.get("model"))
        known = caps.view.get(model) if caps is not None else None
        return fit_payload(payload, known, native=native, num_ctx=self.num_ctx.get(model))

    def fit(self, plan: Plan, payload: dict[str, Any], *, native: bool = False) -> dict[str, Any]:
        """``fitted`` for one attempt of ``plan``: the plan keeps what was left out, so the
        answer can say it (the last attempt's: the model that ran)."""
        fitted = self.fitted(payload, native=native)
        plan.dropped = fitted.dropped
        return fitted.payload

    def _note_refusal(self, model: str, exc: BaseException) -> None:
        if self._capabilities is not None:
            self._capabilities.note_refusal(model, exc)

    def tool_check(self, body: Mapping[str, Any]) -> ToolCheck | None:
        """The check of the answers to ``body`` (OpenAI or native), when it has function
        tools to check them against (``service.tool_calls``)."""
        table = tool_table(body)
        return None if table is None else ToolCheck(table, on_verdict=self._tool_verdict)

    def _tool_verdict(self, model: str, verdict: Verdict) -> None:
        self.tool_health.record(model, failed=verdict.failed, now=time.monotonic())
        if self.on_tool_verdict is not None:
            self.on_tool_verdict(model, verdict)

    # -- async jobs ---------------------------------------------------------------------

    async def accept_job(
        self, plan: Plan, *, user: str, model: str | None = None, ticket: Ticket | None = None
    ) -> JobAccepted:
        chosen = model or plan.decision.model
        if chosen is None:
            raise self.reject(plan.decision)
        submitter = plan.submitter or Submitter(owner=address_owner(user))
        job = self.jobs.new_job(
            job_id=new_job_id(self.node_id),
            task_type=plan.classification.task_type,
            model=chosen,
            request=upstream_payload(plan.body, chosen, stream=False),
            priority=plan.options.priority,
            user=user,
            owner=submitter.owner,
            idempotency_key=submitter.idempotency_key,
            request_hash=submitter.request_hash,
            meta={
                "kind": "chat",
                "classification": plan.classification.as_dict(),
                "decisionReason": plan.decision.reason,
                "maxExecutionTimeMs": plan.options.max_execution_time_ms,
                "alternatives": [m for m in self.fallback_order(plan.decision) if m != chosen]
                if plan.decision.model is not None and plan.options.pinned_model is None
                else [],
            },
        )
        if self.job_nodes is not None:  # a fleet gateway: the job lives on its node
            if ticket is not None:
                self.scheduler.release(ticket)  # it waits at the node now
            answer = await self.job_nodes.submit(
                chosen,
                job.request or {},
                owner=job.owner,
                idempotency_key=job.idempotency_key,
                priority=job.priority,
                classification=plan.classification.as_dict(),
                reason=plan.decision.reason,
            )
            job.id = str(answer.get("id"))
            job.status = JobStatus(str(answer.get("status", "queued")))
            position = answer.get("position")
            return JobAccepted(job, position if isinstance(position, int) else 1)
        position = await self.jobs.submit(job, ticket)
        return JobAccepted(job, max(position, 1) if ticket is None else max(position, 0))

    async def execute_job(self, job: Job, ticket: Ticket) -> dict[str, Any]:
        """One attempt of a job (the ``JobManager`` executor; it owns the ticket and the
        retries), under the job's own limit, else the model's, else ``queue.timeoutMs``."""
        assert job.request is not None
        fitted = self.fitted(job.request)  # for the model it runs on now
        request = fitted.payload
        limit_ms = self._execution_limit_ms(job.selected_model, job.meta.get("maxExecutionTimeMs"))
        started = time.monotonic()
        try:
            result = await self._call_once(
                job.selected_model, lambda _: self.upstream.chat_json(request), limit_ms / 1000
            )
        except AttemptFailed as failed:
            raise failed.error from failed.__cause__
        elapsed_ms = (time.monotonic() - started) * 1000
        self.record_call(job.task_type, ticket, result, elapsed_ms)
        check = self.tool_check(request)  # repaired or passed through: the job owns retries
        if check is not None:
            result = check.settle(job.selected_model, result)
        result["router"] = job_router_object(
            job,
            queue_ms=ticket.queue_time_ms,
            execution_ms=elapsed_ms,
            dropped=fitted.dropped,
            tool_check=check.report(job.selected_model) if check is not None else None,
        )
        return result

    def record_call(
        self,
        task_type: str,
        ticket: Ticket,
        value: object,
        wall_ms: float,
        plan: Plan | None = None,
    ) -> None:
        """Report a finished call (its answer's token counts, whether it loaded)."""
        if self.on_call is None:
            return
        prompt_tokens, output_tokens, native = usage_of(value)
        expected = None
        estimate = plan.decision.estimate if plan is not None else None
        if estimate is not None and plan is not None and plan.decision.model == ticket.model:
            expected = estimate.finish_ms
        self.on_call(
            Observation(
                model=ticket.model,
                task_type=task_type,
                wall_ms=wall_ms,
                cold=ticket.cold,
                prompt_tokens=prompt_tokens,
                output_tokens=output_tokens,
                native=native,
                expected_ms=expected,
                actual_ms=ticket.queue_time_ms + wall_ms,
            )
        )

    # -- sync ---------------------------------------------------------------------------

    async def run_sync(self, plan: Plan, *, user: str) -> SyncResult:
        """Wait for a slot (maybe turning into a job), run, fall back on early failures
        and, once, on tool calls that fail their check."""
        check = self.tool_check(plan.body)

        async def call(model: str) -> bytes:
            payload = self.fit(plan, upstream_payload(plan.body, model, stream=False))
            raw = await self.upstream.chat_raw(payload)
            return raw if check is None else check.completion(model, raw)

        result = await self.run_call(plan, call, user=user, convertible=True)
        if check is not None:
            plan.tool_check = check.report(result.model)
        return result

    async def open_stream(self, plan: Plan, *, user: str) -> StreamResult:
        """Wait for a slot, start the upstream stream, fall back until a first chunk
        (with tools: until its tool calls passed their check, ``_checked_stream``)."""

        def start(model: str) -> AsyncIterator[bytes]:
            return self.upstream.chat_stream(
                self.fit(plan, upstream_payload(plan.body, model, stream=True))
            )

        check = self.tool_check(plan.body)
        if check is None:
            return await self.open_call_stream(plan, start, user=user)
        return await self._checked_stream(plan, start, check, user=user, tried=set())

    async def _checked_stream(
        self,
        plan: Plan,
        start: Callable[[str], AsyncIterator[bytes]],
        check: ToolCheck,
        *,
        user: str,
        tried: set[str],
        text_sent: bool = False,
    ) -> StreamResult:
        """``open_call_stream`` with the stream's tool calls checked (``tool_stream``):
        an attempt succeeds at its first byte that may go out. Text flows; tool-call
        deltas are held until the stream ends, then released (repaired if need be), or,
        none of their bytes sent, the next candidate is tried once through the attempts
        loop, even after the text went out (``text_sent``: the next one's text is then
        dropped). If nothing better comes of it, the held answer goes out as it came."""
        stream: list[StreamResult] = []  # the result, once open (a late fallback edits it)

        async def first(model: str) -> tuple[AsyncIterator[bytes], bytes]:
            chunks = start(model)
            buffer = StreamBuffer(check.table, text_sent=text_sent)
            try:
                async for data in chunks:
                    head = buffer.feed(data)
                    if head:
                        rest = self._checked_rest(
                            plan, start, check, user, tried, model, chunks, buffer, stream
                        )
                        return _Closing(rest, chunks), head
                buffer.end()
                verdict = check.judge(model, buffer.verdict())
                if verdict.failed and not text_sent:
                    raise check.rejection(model, verdict, (_no_chunks(), buffer.release()))
                return _no_chunks(), buffer.release(verdict)
            except BaseException:
                await _close(chunks)
                raise

        result, ticket = await self._attempts(plan, first, user=user, hold=True, tried=tried)
        chunks, head = result.value
        opened = StreamResult(chunks, head, result.model, result.queue_ms, ticket, result.attempts)
        stream.append(opened)
        plan.tool_check = check.report(result.model)
        return opened

    async def _checked_rest(
        self,
        plan: Plan,
        start: Callable[[str], AsyncIterator[bytes]],
        check: ToolCheck,
        user: str,
        tried: set[str],
        model: str,
        chunks: AsyncIterator[bytes],
        buffer: StreamBuffer,
        stream: list[StreamResult],
    ) -> AsyncGenerator[bytes]:
        """The rest of a checked stream whose first bytes went out (text)."""
        try:
            async for data in chunks:
                out = buffer.feed(data)
                if out:
                    yield out
            buffer.end()
            verdict = check.judge(model, buffer.verdict())
            if not verdict.failed or check.retried:
                yield buffer.release(None if verdict.failed else verdict)
                plan.tool_check = check.report(model)
                return
        except Exception:
            if buffer.holding:  # what the client would have had without the check
                yield buffer.release()
            raise
        finally:
            await _close(chunks)
        check.retried = True  # the one retry, spent here
        opened = stream[0]
        self.scheduler.release(opened.ticket)
        try:
            other = await self._checked_stream(
                plan, start, check, user=user, tried=tried, text_sent=True
            )
        except RouterError:
            other = None
        served = check.verdicts.get(other.model) if other is not None else None
        if other is None or served is None or served.failed or not served.calls:
            if other is not None:
                await _close(other.chunks)
                self.scheduler.release(other.ticket)
            yield buffer.release()  # the retry brought no usable call: this one, as it came
            plan.tool_check = check.report(model)
            return
        opened.model = other.model
        opened.attempts.append(Attempt(model, f"tool call check: {verdict.describe()}"))
        plan.tool_check = check.report(other.model)
        try:
            yield other.first
            async for piece in other.chunks:
                yield piece
        finally:
            await _close(other.chunks)
            self.scheduler.release(other.ticket)

    # -- any upstream call (chat, native face, OpenAI extras, runtime plane) -----------

    async def run_call(
        self,
        plan: Plan,
        call: Callable[[str], Awaitable[T]],
        *,
        user: str,
        convertible: bool = False,
    ) -> CallResult[T]:
        """Run ``call(model)`` under the scheduler on the plan's models in fallback order.

        With ``convertible``, a first model that gives no slot within the plan's
        ``maxQueueTimeMs`` turns the request into an async job (``ConvertedToJob``),
        keeping its place in the queue."""
        result, _ = await self._attempts(plan, call, user=user, convertible=convertible)
        return result

    async def open_call_stream(
        self, plan: Plan, start: Callable[[str], AsyncIterator[bytes]], *, user: str
    ) -> StreamResult:
        """``run_call`` for a stream: ``start(model)`` opens it, and an attempt succeeds
        when its first chunk arrives (failures before it fall back). The slot stays taken:
        the caller releases ``result.ticket`` (the relay does)."""

        async def first_chunk(model: str) -> tuple[AsyncIterator[bytes], bytes]:
            chunks = start(model)
            try:
                return chunks, await anext(chunks)
            except StopAsyncIteration:
                return chunks, b""
            except OllamaStreamError as exc:  # broke before its first byte: nothing sent
                await _close(chunks)
                raise OllamaProtocolError(f"stream broke before its first chunk: {exc}") from exc
            except BaseException:  # failed or timed out before the first byte
                await _close(chunks)
                raise

        result, ticket = await self._attempts(plan, first_chunk, user=user, hold=True)
        chunks, first = result.value
        return StreamResult(chunks, first, result.model, result.queue_ms, ticket, result.attempts)

    async def _attempts(
        self,
        plan: Plan,
        call: Callable[[str], Awaitable[T]],
        *,
        user: str,
        convertible: bool = False,
        hold: bool = False,
        tried: set[str] | None = None,
    ) -> tuple[CallResult[T], Ticket]:
        """The one attempts loop: a ticket per candidate, wait for its slot (late binding
        may move it), run, fall back on a retryable failure while the deadline allows.
        ``hold`` keeps the successful attempt's slot for the caller; ``tried`` names the
        models already tried (a stream falling back after its first byte).

        An answer that arrived but failed a check (``AnswerRejected``: its tool calls) is
        kept: the next candidate is tried if the check allows, and the kept answer is
        served, unchanged, when nothing better comes of it (never worse than no check)."""
        if plan.decision.model is None:
            raise self.reject(plan.decision)
        deadline = time.monotonic() + plan.options.max_execution_time_ms / 1000
        attempts: list[Attempt] = []
        last_error: RouterError | None = None
        tried = set() if tried is None else tried
        held: tuple[CallResult[T], Ticket, Attempt] | None = None
        try:
            for index, model in enumerate(self.fallback_order(plan.decision)):
                if model in tried:
                    continue
                if index and time.monotonic() >= deadline:
                    break
                ticket = self._enqueue(plan, model, user=user, late_binding=not index)
                keep = False
                try:
                    await self._wait_for_slot(
                        plan,
                        ticket,
                        user=user,
                        convertible=convertible and not index,
                        deadline=deadline,
                    )
                    model = ticket.model  # late binding may have moved it
                    tried.add(model)
                    started = time.monotonic()
                    try:
                        value = await self._call_once(
                            model, call, self._remaining(deadline, model, started)
                        )
                    except AttemptFailed as failed:
                        if not failed.retryable:
                            raise failed.error from failed.__cause__
                        last_error = failed.error
                        attempts.append(Attempt(model, last_error.message, last_error.status))
                        continue
                    except AnswerRejected as rejected:
                        elapsed_ms = (time.monotonic() - started) * 1000
                        if not hold:
                            task = plan.classification.task_type
                            self.record_call(task, ticket, rejected.value, elapsed_ms, plan)
                        own = Attempt(model, str(rejected))
                        kept = CallResult(rejected.value, model, ticket.queue_time_ms, elapsed_ms)
                        held = (kept, ticket, own)
                        attempts.append(own)
                        if rejected.retry:
                            continue
                        break
                    elapsed_ms = (time.monotonic() - started) * 1000
                    if not hold:
                        self.record_call(
                            plan.classification.task_type, ticket, value, elapsed_ms, plan
                        )
                    keep = hold
                    result = CallResult(value, model, ticket.queue_time_ms, elapsed_ms, attempts)
                    return result, ticket
                except ConvertedToJob:
                    keep = True  # the job owns the ticket now
                    raise
                finally:
                    if not keep:
                        self.scheduler.release(ticket)
        except RouterError:
            if held is None:
                raise
        if held is not None:  # its slot is free: the answer is whole
            kept, ticket, own = held
            kept.attempts = [a for a in attempts if a is not own]
            return kept, ticket
        if last_error is None:
            raise self.reject(plan.decision)
        if len(attempts) > 1:
            last_error.message += f" (tried {', '.join(a.model for a in attempts)})"
        raise last_error

    async def _call_once(
        self, model: str, call: Callable[[str], Awaitable[T]], limit_s: float
    ) -> T:
        """One backend call under a time limit; any failure becomes ``AttemptFailed``
        (the API error, and whether another candidate may be tried)."""
        try:
            async with asyncio.timeout(limit_s):
                return await call(model)
        except TimeoutError:
            error = ExecutionTimeoutError(f"Execution on {model} exceeded {limit_s * 1000:.0f} ms")
            raise AttemptFailed(error, retryable=True) from None
        except AnswerRejected:  # an answer came; the loop decides what to do with it
            raise
        except Exception as exc:
            self._note_refusal(model, exc)
            raise AttemptFailed(to_router_error(exc), retryable=is_retryable(exc)) from exc

    def _enqueue(self, plan: Plan, model: str, *, user: str, late_binding: bool) -> Ticket:
        """A ticket for ``model``; the first one of a request may move to another
        unblocked candidate that becomes the sooner choice while it waits."""
        alternatives, rebind = NO_BINDING
        fleet = isinstance(self.placement, AcrossFleet)
        if fleet and plan.session is not None and plan.session.model is not None:
            late_binding = False  # a session's turn waits for its node: its cache is there
        if late_binding:
            alternatives, rebind = self.binding.for_request(
                plan.classification, plan.options, model, self.fallback_order(plan.decision)
            )
        return self.scheduler.enqueue(
            model,
            user=user,
            weight=plan.options.priority_weight,
            alternatives=alternatives,
            rebind=rebind,
        )

    async def _wait_for_slot(
        self, plan: Plan, ticket: Ticket, *, user: str, convertible: bool, deadline: float
    ) -> None:
        options = plan.options
        if convertible and options.allow_async and options.mode != "sync" and not plan.stream:
            if await self.scheduler.wait(ticket, plan.options.max_queue_time_ms / 1000):
                return
            accepted = await self.accept_job(plan, user=user, model=ticket.model, ticket=ticket)
            raise ConvertedToJob(accepted)
        remaining = deadline - time.monotonic()
        if not await self.scheduler.wait(ticket, max(remaining, 0.0)):
            raise ExecutionTimeoutError(
                f"No slot on {ticket.model} within the execution deadline of "
                f"{plan.options.max_execution_time_ms} ms"
            )

    def _execution_limit_ms(self, model: str, requested: object) -> float:
        limit = float(requested) if isinstance(requested, int | float) else None
        model_limit = self._model_timeouts_ms.get(model)
        values = [v for v in (limit, model_limit) if v is not None]
        return min(values) if values else float(self.policy.defaults.max_execution_time_ms)

    def _remaining(self, deadline: float, model: str, now: float) -> float:
        remaining = deadline - now
        model_limit = self._model_timeouts_ms.get(model)
        if model_limit is not None:
            remaining = min(remaining, model_limit / 1000)
        return max(remaining, 0.001)


class _Closing:
    """``rest`` as an async iterator whose ``aclose`` also closes ``upstream``, even when
    ``rest`` never started (a response whose body never ran)."""

    def __init__(self, rest: AsyncGenerator[bytes], upstream: AsyncIterator[bytes]) -> None:
        self._rest = rest
        self._upstream = upstream

    def __aiter__(self) -> _Closing:
        return self

    async def __anext__(self) -> bytes:
        return await anext(self._rest)

    async def aclose(self) -> None:
        try:
            await self._rest.aclose()
        finally:
            await _close(self._upstream)


async def _no_chunks() -> AsyncIterator[bytes]:
    """The rest of a stream that was read to its end."""
    return
    yield


async def _close(chunks: AsyncIterator[bytes]) -> None:
    close = getattr(chunks, "aclose", None)
    if close is not None:
        try:
            await close()
        except Exception:  # closing a failed stream must not hide the original error
            log.debug("closing a failed upstream stream raised", exc_info=True)


def _only_context(decision: Decision) -> bool:
    """Every model was dropped for its context alone (the prompt is too long for all)."""
    details = [b.detail for blocks in decision.blocks.values() for b in blocks]
    return bool(details) and all(d.startswith("context of") for d in details)


def _move_reason(plan: Plan, view: SessionView, model: str) -> tuple[str, str]:
    """Why a session's turn ran on another model than its last one: a short code (a
    metrics label) and the sentence for the client."""
    previous = view.model or ""
    decision = plan.decision
    blocks = decision.blocks.get(previous)
    if blocks:
        return blocks[0].kind, f"{previous} cannot take it: {blocks[0]}"
    if model != decision.model:
        return "fallback", f"fallback after {decision.model} failed"
    if previous not in (decision.model, *decision.fallback_models):
        task = plan.classification.task_type
        return "not_candidate", f"{previous} is not a candidate for {task}"
    return "sooner", "expected to finish sooner elsewhere, re-processing the prompt included"
