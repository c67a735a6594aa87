"""What ``bench/pressure.py`` reports: per-request outcomes folded into one table row per
setup, and the section of ``docs/performance.md`` that holds the table."""

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
) -> Row:
    done = [o for o in outcomes if o.status == "200"]
    latencies = [o.latency_s for o in done]
    errors = Counter(o.status for o in outcomes if o.status != "200")
    total = len(outcomes)
    return Row(
        setup=setup,
        rate=rate,
        requests=total,
        completed_pct=100 * len(done) / total if total else 0.0,
        errors=dict(sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))),
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
    )


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


def table(rows: Sequence[Row]) -> str:
    """The Markdown table (the same text is printed and written to the docs)."""
    lines = [
        "| setup | req/s | completed | errors | p50 s | p90 s | p99 s | fit | loads "
        "| GB loaded | evictions | split runs |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        errors = ", ".join(f"{kind} ×{n}" for kind, n in row.errors.items()) or "none"
        lines.append(
            f"| {row.setup} | {row.rate:g} | {row.completed_pct:.0f} % | {errors} "
            f"| {_seconds(row.p50_s)} | {_seconds(row.p90_s)} | {_seconds(row.p99_s)} "
            f"| {_pct(row.fit_pct)} | {row.loads} | {row.gb_loaded:.1f} | {row.evictions} "
            f"| {row.split_runs} |"
        )
    return "\n".join(lines)


def section(body_table: str, *, command: str, about: str) -> str:
    about = textwrap.fill(about, width=88, break_on_hyphens=False, break_long_words=False)
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
