"""The simulator object and the pipeline every inference request goes through.

faults → scripted answer → a runner and one of its slots (``scheduler``) → the prompt
cut to the runner's context (``prompt``) and matched against the slot's cache
(``slots``) → fake generation → reply (JSON or stream). The API flavours (native,
OpenAI) differ only in how they parse the request and render the reply, which is what
``Renderer`` captures.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from starlette.types import Receive, Scope, Send

from ollama_agent_router.simulator import generation as gen
from ollama_agent_router.simulator.catalog import Catalog, CatalogEntry
from ollama_agent_router.simulator.faults import RUNNER_ERROR, FaultBook, FaultKind, FaultSpec
from ollama_agent_router.simulator.plan import CompletionPlan
from ollama_agent_router.simulator.prompt import Fitted, fit_input, fit_messages, fit_text
from ollama_agent_router.simulator.runner import Runner
from ollama_agent_router.simulator.scheduler import Demand, Lease, Scheduler, ServerBusy
from ollama_agent_router.simulator.scripted import ScriptBook, ScriptedAnswer
from ollama_agent_router.simulator.settings import SimulatorSettings
from ollama_agent_router.simulator.stats import MARK, Stats
from ollama_agent_router.simulator.wire import (
    JSON,
    ClientGone,
    drop_connection,
    guarded,
    send_bytes,
    send_chunk,
    start_stream,
)

BUSY_MESSAGE = "server busy, please try again.  maximum pending requests exceeded"
GPU_NAME = "Simulated GPU"
_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Metrics:
    """Token counts and simulated durations (nanoseconds), as Ollama reports them."""

    prompt_tokens: int
    eval_count: int
    load_ns: int
    prompt_ns: int
    eval_ns: int

    @property
    def total_ns(self) -> int:
        return self.load_ns + self.prompt_ns + self.eval_ns


ErrorRenderer = Callable[[int, str], bytes]


class Renderer(Protocol):
    """How one endpoint spells its replies."""

    stream_type: bytes

    def error(self, status: int, message: str) -> bytes: ...

    def full(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes: ...

    def token(self, job: Job, out: gen.Output, index: int) -> bytes: ...

    def tools(self, job: Job, out: gen.Output) -> bytes: ...

    def final(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes: ...

    def cut(self, job: Job, out: gen.Output) -> bytes: ...


@dataclass(slots=True)
class Job:
    """One parsed inference request, whatever API it came through."""

    path: str
    entry: CatalogEntry
    model: str
    renderer: Renderer
    prompt: str
    stream: bool
    num_ctx: int | None = None
    """The request's ``options.num_ctx`` (native only); ``None``: the server decides."""
    keep_alive: float | None = None
    """The request's ``keep_alive``; ``None`` when it says nothing (``/v1`` never does)."""
    limit: int | None = None
    seed: int | None = None
    fmt: Any = None
    tools: list[Any] | None = None
    #: Embedding inputs (``None``: not an embedding request).
    inputs: tuple[str, ...] | None = None
    #: The text a completion plan is keyed on: the last user message, or the prompt.
    ask: str = ""
    #: Chat messages as (role, text), whose old ones go first when the prompt is too long.
    turns: tuple[tuple[str, str], ...] | None = None


@dataclass(slots=True)
class Simulator:
    """Everything one simulated Ollama holds; created per app, never module-global."""

    settings: SimulatorSettings
    catalog: Catalog = field(init=False)
    stats: Stats = field(default_factory=Stats)
    scheduler: Scheduler = field(init=False)
    faults: FaultBook = field(default_factory=FaultBook)
    scripts: ScriptBook = field(default_factory=ScriptBook)
    plan: CompletionPlan = field(default_factory=CompletionPlan)
    closing: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.catalog = Catalog(self.settings.models)
        self.scheduler = Scheduler(self.settings, self.stats)
        for spec in self.settings.faults:
            self.faults.add(spec)

    def reset(self) -> None:
        """Clear counters, loaded models, faults, scripted answers and the plan."""
        self.scheduler.clear()
        self.stats = Stats()
        self.scheduler.stats = self.stats
        self.faults.clear()
        self.scripts.clear()
        self.plan.clear()

    def gpu_reading(self) -> dict[str, Any]:
        """What ``nvidia-smi`` would say about the simulated card (``GET /_sim/gpu``)."""
        scheduler = self.scheduler
        total = scheduler.budget // _MIB
        used = min(total, -(-scheduler.used_vram // _MIB))
        now = asyncio.get_running_loop().time()
        return {
            "name": GPU_NAME,
            "totalMb": total,
            "usedMb": used,
            "freeMb": total - used,
            "utilizationPct": round(scheduler.busy.utilization(now)),
        }

    def snapshot(self) -> dict[str, Any]:
        """What ``GET /_sim/state`` shows: counters plus the live GPU and queues."""
        scheduler = self.scheduler
        runners = scheduler.runners.values()
        waiting = scheduler.waiting()
        settings = self.settings
        return {
            **self.stats.to_json(),
            "loaded": [runner.state_json() for runner in runners],
            "loadedModels": [runner.name for runner in runners],
            "queueDepth": dict(waiting),
            "queued": sum(waiting.values()),
            "pending": len(scheduler.queue) + (scheduler.current is not None),
            "vram": {"totalBytes": scheduler.budget, "usedBytes": scheduler.used_vram},
            "faults": [fault.to_json() for fault in self.faults.faults],
            "responses": [entry.answer.to_json() for entry in self.scripts.entries],
            "plan": self.plan.to_json(),
            "settings": {
                "instant": settings.instant,
                "parallel": settings.parallel,
                "seed": settings.seed,
                "vramMb": settings.vram_mb,
                "maxQueue": settings.max_queue,
                "maxLoaded": scheduler.max_runners,
                "contextLength": settings.context_length,
                "defaultContext": scheduler.context_for_server(),
                "kvCacheType": settings.kv_cache_type,
                "gpuOverheadMb": settings.gpu_overhead_mb,
                "keepAliveS": settings.keep_alive_s,
            },
        }

    def take_faults(self, path: str, model: str | None) -> list[FaultSpec]:
        if not self.faults.faults:
            return []
        hits = self.faults.take(path, model)
        for spec in hits:
            self.stats.faults_fired[spec.kind.value] += 1
        return hits

    async def execute(self, job: Job, scope: Scope, receive: Receive, send: Send) -> None:
        """Run one inference request to completion, counting aborts and freeing slots."""
        stats = self.stats
        stats.in_flight += 1
        if MARK in job.prompt:
            stats.count_marks(job.prompt)
        try:
            faults = self.take_faults(job.path, job.entry.name)
            demand = self.demand(job)
            if not faults and self.settings.instant and not self.scripts.entries:
                lease = self.scheduler.try_acquire(demand)
                if lease is not None:
                    await self._answer(job, lease, send, None, None)
                    return
            await guarded(receive, self._slow(job, demand, faults, scope, receive, send))
        except ClientGone:
            stats.aborted += 1
            stats.aborted_by_model[job.entry.name] += 1
        finally:
            stats.in_flight -= 1

    async def answer_faults(
        self,
        faults: list[FaultSpec],
        scope: Scope,
        receive: Receive,
        send: Send,
        error: ErrorRenderer,
    ) -> tuple[bool, int | None]:
        """Apply faults that act before a reply; (handled, cut-after-chunks)."""
        delay = sum(f.delay_ms for f in faults if f.kind is FaultKind.DELAY)
        if delay:
            await asyncio.sleep(delay / 1000)
        for fault in faults:
            if fault.kind is FaultKind.REFUSE:
                await drop_connection(scope, receive)
                return True, None
            if fault.kind is FaultKind.HANG:
                await self.closing.wait()
                await drop_connection(scope, receive)
                return True, None
            if fault.kind is FaultKind.ERROR:
                await send_bytes(send, fault.status, error(fault.status, fault.message))
                return True, None
            if fault.kind is FaultKind.CUT:
                return False, fault.after_chunks
        return False, None

    def demand(self, job: Job) -> Demand:
        """What ``job`` asks of the scheduler: its model, context and keep-alive."""
        num_ctx = self.scheduler.context_for(job.entry, job.num_ctx)
        return Demand(job.entry, num_ctx, job.keep_alive)

    async def _slow(
        self,
        job: Job,
        demand: Demand,
        faults: list[FaultSpec],
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        handled, cut = await self.answer_faults(faults, scope, receive, send, job.renderer.error)
        if handled:
            return
        script = self.scripts.match(job.entry.name, job.prompt) if self.scripts.entries else None
        if script is not None and script.delay_ms:
            await asyncio.sleep(script.delay_ms / 1000)
        try:
            lease = await self.scheduler.acquire(demand)
        except ServerBusy:
            await send_bytes(send, 503, job.renderer.error(503, BUSY_MESSAGE))
            return
        await self._answer(job, lease, send, cut, script)

    def produce(self, job: Job, script: ScriptedAnswer | None) -> gen.Output:
        seed = job.seed if job.seed is not None else self.settings.seed
        rng = gen.make_rng(seed, job.entry.name, job.prompt)
        ref = rng.randrange(999)
        if script is not None:
            said, calls = script.output(job.tools, rng)
            return gen.Output(gen.split_tokens(said), calls, "stop", ref)
        planned = self.plan.tokens_for(job.ask) if self.plan.lengths else None
        if job.tools:
            return gen.Output((), (gen.tool_call_for(job.tools, rng),), "stop", ref, planned)
        if job.fmt is not None:
            tokens = gen.split_tokens(gen.json_for_format(job.fmt, rng))
            return gen.Output(tokens, (), "stop", ref, planned)
        text = gen.generate_text(rng, job.limit, planned)
        return gen.Output(text.tokens, (), text.done_reason, ref)

    async def _answer(
        self, job: Job, lease: Lease, send: Send, cut: int | None, script: ScriptedAnswer | None
    ) -> None:
        runner = lease.runner
        slot: int | None = None
        held = ""
        try:
            out = self.produce(job, script)
            if job.inputs is not None:
                fitted, cached = self._fit_inputs(job.inputs, runner), 0
            else:
                fitted = self._fit(job, runner)
                placement = runner.slots.assign(fitted.text, fitted.tokens)
                slot, cached = placement.slot, placement.cached_tokens
                held = f"{fitted.text}\n{out.text}" if out.text else fitted.text
            stats = self.stats
            stats.prompt_cached[runner.name] += cached
            stats.prompt_processed[runner.name] += fitted.tokens - cached
            speed = runner.tokens_per_s
            count = out.eval_count
            metrics = Metrics(
                prompt_tokens=fitted.tokens,
                eval_count=count,
                load_ns=lease.load_ns,
                prompt_ns=int((fitted.tokens - cached) / runner.prompt_tokens_per_s * 1e9),
                eval_ns=int(count / speed * 1e9),
            )
            if runner.split:
                stats.split_requests += 1
            renderer = job.renderer
            if job.stream:
                await self._stream(job, out, metrics, send, cut, 1 / speed)
                return
            if cut is not None:
                await send_bytes(send, 500, renderer.error(500, RUNNER_ERROR))
                return
            if not self.settings.instant:
                await asyncio.sleep((metrics.prompt_ns + metrics.eval_ns) / 1e9)
            await send_bytes(send, 200, renderer.full(job, out, metrics), JSON)
        finally:
            if slot is not None:
                runner.slots.finish(slot, held)
            self.scheduler.release(runner)

    def _fit(self, job: Job, runner: Runner) -> Fitted:
        """The prompt as the runner evaluates it: cut to its context, silently."""
        if job.turns is not None:
            fitted = fit_messages(job.turns, runner.num_ctx, whole=job.prompt)
        else:
            fitted = fit_text(job.prompt, runner.num_ctx)
        if fitted.truncated:
            self.stats.truncations += 1
            self.stats.truncated_tokens += fitted.truncated
        return fitted

    def _fit_inputs(self, inputs: tuple[str, ...], runner: Runner) -> Fitted:
        """Embedding inputs, each cut to the context (``/api/embed``'s ``truncate``)."""
        tokens = 0
        for text in inputs:
            fitted = fit_input(text, runner.num_ctx)
            tokens += fitted.tokens
            if fitted.truncated:
                self.stats.truncations += 1
                self.stats.truncated_tokens += fitted.truncated
        return Fitted("", tokens)

    async def _stream(
        self, job: Job, out: gen.Output, metrics: Metrics, send: Send, cut: int | None, pace: float
    ) -> None:
        renderer = job.renderer
        sleep = not self.settings.instant
        if sleep:
            await asyncio.sleep(metrics.prompt_ns / 1e9)
        await start_stream(send, renderer.stream_type)
        chunks = [renderer.token(job, out, i) for i in range(len(out.tokens))]
        if out.tool_calls:
            chunks.append(renderer.tools(job, out))
        if not sleep and cut is None:
            # Nothing to pace: one write instead of one per token keeps the baseline lean.
            chunks.append(renderer.final(job, out, metrics))
            await send_chunk(send, b"".join(chunks), last=True)
            return
        for sent, chunk in enumerate(chunks):
            if cut is not None and sent >= cut:
                await send_chunk(send, renderer.cut(job, out), last=True)
                return
            await send_chunk(send, chunk)
            if sleep:
                await asyncio.sleep(pace)
        if sleep and out.eval_tokens is not None and out.eval_tokens > len(chunks):
            await asyncio.sleep((out.eval_tokens - len(chunks)) * pace)
        if cut is not None:
            await send_chunk(send, renderer.cut(job, out), last=True)
            return
        await send_chunk(send, renderer.final(job, out, metrics), last=True)
