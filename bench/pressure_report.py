"""What ``bench/pressure.py`` reports: per-request outcomes folded into one table row per
setup, and the section of ``docs/performance.md`` that holds the tables.

Counters the router or the simulator may not have (an older revision, a simulator without
them) read as None and print as "n/a"; nothing is inferred in their place.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SECTION = "Placement under VRAM pressure"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One request as the client saw it: ``status`` is "200", another HTTP status,
    "timeout" or "connection"; ``model`` is the ``model`` field of a 200 answer."""

    id: str
    label: str
    status: str
    latency_s: float
    model: str | None = None
    #: The start of the error message, for a failed request.
    detail: str = ""
    #: The error's ``code`` (``context_length_exceeded``), for a failed request.
    code: str = ""

    @property
    def context_refused(self) -> bool:
        """A 400 because no model's context holds the prompt."""
        return self.status == "400" and (
            self.code == CONTEXT_EXCEEDED or CONTEXT_EXCEEDED in self.detail
        )


CONTEXT_EXCEEDED = "context_length_exceeded"
NA = "n/a"


def _number(state: Mapping[str, Any], *names: str) -> float | None:
    """The first of ``names`` present in ``state`` (a ``a.b`` name looks inside), as a
    number; a mapping counts as the sum of its values."""
    for name in names:
        node: Any = state
        for part in name.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if isinstance(node, bool) or node is None:
            continue
        if isinstance(node, int | float):
            return float(node)
        if isinstance(node, Mapping):
            values = [v for v in node.values() if isinstance(v, int | float)]
            if values:
                return float(sum(values))
    return None


def _reason(reloads: Any, *reasons: str) -> float | None:
    """Reloads of one reason from a by-reason mapping (0 when the mapping lacks it)."""
    if not isinstance(reloads, Mapping):
        return None
    for reason in reasons:
        value = reloads.get(reason)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return 0.0


#: Where the simulator's counters may be found in ``/_sim/state`` (first present wins).
SIM_TRUNCATIONS = ("truncations", "truncated", "promptTruncations", "truncatedRequests")
SIM_RELOADS = ("reloadsByReason", "reloads")
SIM_STALL = ("loadStallSeconds", "loadStallS", "stallSeconds")
SIM_CACHED = ("promptTokens.cached", "promptTokensCached", "cachedPromptTokens")
SIM_PROCESSED = (
    "promptTokens.processed",
    "promptTokens.evaluated",
    "promptTokensProcessed",
    "promptTokensEvaluated",
    "processedPromptTokens",
)
NUM_CTX = ("num_ctx", "numCtx", "context")


@dataclass(frozen=True, slots=True)
class Signals:
    """What Ollama did with the work, from the router's status and the simulator's
    counters (None: that side does not count it)."""

    #: Prompts Ollama cut to fit the context, silently (simulator).
    truncations: int | None = None
    #: Reloads with another ``num_ctx``, as the router saw them / as the simulator did.
    ctx_reloads_router: int | None = None
    ctx_reloads_sim: int | None = None
    #: Seconds loads waited for busy models to finish, router / simulator.
    stall_router_s: float | None = None
    stall_sim_s: float | None = None
    #: Prompt tokens found in a slot's cache vs evaluated (simulator).
    prompt_cached: int | None = None
    prompt_processed: int | None = None

    @property
    def cached_pct(self) -> float | None:
        if self.prompt_cached is None or self.prompt_processed is None:
            return None
        total = self.prompt_cached + self.prompt_processed
        return 100 * self.prompt_cached / total if total else None

    @classmethod
    def read(cls, sim_state: Mapping[str, Any], router_status: Mapping[str, Any] | None) -> Signals:
        residency = (router_status or {}).get("residency") or {}
        ctx_router = _reason(residency.get("reloads"), *NUM_CTX)
        stall_router = _number(residency, "loadStallS")
        sim_reloads = next(
            (sim_state[k] for k in SIM_RELOADS if isinstance(sim_state.get(k), Mapping)), None
        )
        ctx_sim = _reason(sim_reloads, *NUM_CTX)
        truncations = _number(sim_state, *SIM_TRUNCATIONS)
        cached = _number(sim_state, *SIM_CACHED)
        processed = _number(sim_state, *SIM_PROCESSED)
        if processed is None and cached is not None:
            total = _number(sim_state, "promptTokens.total", "promptTokensTotal")
            processed = None if total is None else total - cached
        return cls(
            truncations=_int(truncations),
            ctx_reloads_router=_int(ctx_router),
            ctx_reloads_sim=_int(ctx_sim),
            stall_router_s=stall_router,
            stall_sim_s=_number(sim_state, *SIM_STALL),
            prompt_cached=_int(cached),
            prompt_processed=_int(processed),
        )


def _int(value: float | None) -> int | None:
    return None if value is None else round(value)


@dataclass(frozen=True, slots=True)
class Row:
    """One setup's line of the table."""

    setup: str
    rate: float
    requests: int
    completed_pct: float
    errors: dict[str, int]
    p50_s: float | None
    p90_s: float | None
    p99_s: float | None
    fit_pct: float | None
    loads: int
    gb_loaded: float
    evictions: int
    split_runs: int
    #: The router's git revision ("–" without a router).
    revision: str = "–"
    signals: Signals = Signals()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (no interpolation between two requests)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def fits(model: str | None, label: str, purposes: Mapping[str, Sequence[str]]) -> bool:
    """Served by a model whose ``purpose`` names the request's true task type."""
    return model is not None and label in purposes.get(model, ())


def summarize(
    setup: str,
    rate: float,
    outcomes: Sequence[Outcome],
    sim_state: Mapping[str, Any],
    purposes: Mapping[str, Sequence[str]],
    *,
    revision: str = "–",
    router_status: Mapping[str, Any] | None = None,
) -> Row:
    done = [o for o in outcomes if o.status == "200"]
    latencies = [o.latency_s for o in done]
    total = len(outcomes)
    return Row(
        setup=setup,
        rate=rate,
        requests=total,
        completed_pct=100 * len(done) / total if total else 0.0,
        errors=_errors(outcomes),
        p50_s=percentile(latencies, 50),
        p90_s=percentile(latencies, 90),
        p99_s=percentile(latencies, 99),
        fit_pct=100 * sum(fits(o.model, o.label, purposes) for o in done) / len(done)
        if done
        else None,
        loads=int(sim_state.get("loads", 0)),
        gb_loaded=int(sim_state.get("loadedBytes", 0)) / 1e9,
        evictions=int(sim_state.get("evictions", 0)),
        split_runs=int(sim_state.get("splitRequests", 0)),
        revision=revision,
        signals=Signals.read(sim_state, router_status),
    )


def _errors(outcomes: Sequence[Outcome]) -> dict[str, int]:
    errors = Counter(o.status for o in outcomes if o.status != "200")
    return dict(sorted(errors.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True, slots=True)
class AgentRow:
    """One coding-agent setup's line: per-turn latencies and what happened to contexts."""

    setup: str
    sessions: int
    turns: int
    completed_pct: float
    errors: dict[str, int]
    #: 400 ``context_length_exceeded``: the prompt fits no model's real context.
    context_refusals: int
    p50_s: float | None
    p90_s: float | None
    loads: int
    evictions: int
    #: Distinct models that answered each session, in session order.
    models_per_session: list[int]
    #: Answered turns per model.
    models: dict[str, int]
    revision: str = "–"
    signals: Signals = Signals()

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["signals"]["cached_pct"] = self.signals.cached_pct
        return out


def summarize_agents(
    setup: str,
    sessions: Sequence[Sequence[Outcome]],
    sim_state: Mapping[str, Any],
    *,
    revision: str = "–",
    router_status: Mapping[str, Any] | None = None,
) -> AgentRow:
    """``sessions``: each session's turn outcomes in order."""
    outcomes = [o for session in sessions for o in session]
    done = [o for o in outcomes if o.status == "200"]
    latencies = [o.latency_s for o in done]
    total = len(outcomes)
    return AgentRow(
        setup=setup,
        sessions=len(sessions),
        turns=total,
        completed_pct=100 * len(done) / total if total else 0.0,
        errors=_errors(outcomes),
        context_refusals=sum(o.context_refused for o in outcomes),
        p50_s=percentile(latencies, 50),
        p90_s=percentile(latencies, 90),
        loads=int(sim_state.get("loads", 0)),
        evictions=int(sim_state.get("evictions", 0)),
        models_per_session=[
            len({o.model for o in session if o.status == "200" and o.model}) for session in sessions
        ],
        models=dict(Counter(o.model for o in done if o.model).most_common()),
        revision=revision,
        signals=Signals.read(sim_state, router_status),
    )


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


def _count(value: float | None, digits: int = 0) -> str:
    return NA if value is None else f"{value:.{digits}f}"


def _pair(router: float | None, sim: float | None, digits: int = 0) -> str:
    """``router / simulator``, each "n/a" when that side does not count it."""
    return f"{_count(router, digits)} / {_count(sim, digits)}"


def _error_text(errors: Mapping[str, int]) -> str:
    return ", ".join(f"{kind} ×{n}" for kind, n in errors.items()) or "none"


def table(rows: Sequence[Row]) -> str:
    """The Markdown table (the same text is printed and written to the docs)."""
    lines = [
        "| setup | router rev | req/s | completed | errors | p50 s | p90 s | p99 s | fit "
        "| loads | GB loaded | evictions | split runs | truncations "
        "| num_ctx reloads router / sim | load stall s router / sim |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        sig = row.signals
        lines.append(
            f"| {row.setup} | {row.revision} | {row.rate:g} | {row.completed_pct:.0f} % "
            f"| {_error_text(row.errors)} "
            f"| {_seconds(row.p50_s)} | {_seconds(row.p90_s)} | {_seconds(row.p99_s)} "
            f"| {_pct(row.fit_pct)} | {row.loads} | {row.gb_loaded:.1f} | {row.evictions} "
            f"| {row.split_runs} | {_count(sig.truncations)} "
            f"| {_pair(sig.ctx_reloads_router, sig.ctx_reloads_sim)} "
            f"| {_pair(sig.stall_router_s, sig.stall_sim_s, 1)} |"
        )
    return "\n".join(lines)


def models_text(counts: Sequence[int]) -> str:
    """Distinct models per session: the mean and the largest (``1.5, max 2``)."""
    if not counts:
        return "–"
    return f"{sum(counts) / len(counts):.1f}, max {max(counts)}"


def agent_table(rows: Sequence[AgentRow]) -> str:
    """The coding-agent table: one line per agents setup."""
    lines = [
        "| setup | router rev | sessions × turns | completed | errors | 400 context "
        "| truncations | p50 s/turn | p90 s/turn | loads | evictions "
        "| num_ctx reloads router / sim | load stall s router / sim | prompt cached "
        "| models per session |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        sig = row.signals
        per = row.turns // row.sessions if row.sessions else 0
        lines.append(
            f"| {row.setup} | {row.revision} | {row.sessions} × {per} "
            f"| {row.completed_pct:.0f} % | {_error_text(row.errors)} "
            f"| {row.context_refusals} | {_count(sig.truncations)} "
            f"| {_seconds(row.p50_s)} | {_seconds(row.p90_s)} | {row.loads} | {row.evictions} "
            f"| {_pair(sig.ctx_reloads_router, sig.ctx_reloads_sim)} "
            f"| {_pair(sig.stall_router_s, sig.stall_sim_s, 1)} "
            f"| {NA if sig.cached_pct is None else _pct(sig.cached_pct)} "
            f"| {models_text(row.models_per_session)} |"
        )
    return "\n".join(lines)


def wrap(text: str) -> str:
    """A paragraph wrapped as the rest of the docs are (88 columns)."""
    return textwrap.fill(text, width=88, break_on_hyphens=False, break_long_words=False)


def section(body_table: str, *, command: str, about: str) -> str:
    about = wrap(about)
    return f"## {SECTION} (`bench/pressure.py`)\n\n{about}\n\n    {command}\n\n{body_table}\n"


def write_section(path: Path, text: str) -> None:
    """Put the section in ``path``: in place of the old one, else at the end."""
    doc = path.read_text() if path.exists() else "# Performance notes\n"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\b.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(doc):
        doc = pattern.sub(lambda _: text + "\n", doc, count=1).rstrip("\n") + "\n"
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    path.write_text(doc)
