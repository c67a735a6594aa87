# ruff: noqa: E501
"""Programmatic bulk text for the >12k-token requests of the dataset.

Each generator mixes hand-written pieces with seeded randomness so that long requests
differ in kind (logs, source files, transcripts, documents), not only in length.
"""

from __future__ import annotations

import random
from collections.abc import Callable

SERVICES = ["api", "auth", "billing", "search", "worker", "gateway", "scheduler", "mailer"]
LEVELS = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
LOG_MESSAGES = [
    "request completed status={s} duration_ms={n}",
    "cache miss key=user:{n}",
    "retrying upstream call attempt={a} backoff_ms={n}",
    "connection pool exhausted, waiting for a free connection",
    "job {n} picked up by worker-{a}",
    "slow query took {n} ms: SELECT * FROM events WHERE tenant_id = ?",
    "token refreshed for client {n}",
    "published event order.created id={n}",
    "health check ok",
    "GC pause {a}{n} ms",
    "rate limit reached for key {n}",
    "upstream responded {s} in {n} ms",
]
NOUNS = ["invoice", "session", "order", "report", "upload", "profile", "payment", "ticket"]
VERBS = ["load", "save", "validate", "render", "sync", "parse", "export", "merge"]
SENTENCES = [
    "The committee reviewed the budget and asked for a clearer breakdown of travel costs.",
    "Several members raised concerns about the timeline for the second phase.",
    "Field measurements were repeated after the sensor calibration in week three.",
    "Participants described the onboarding as confusing but the support as helpful.",
    "The vendor agreed to extend the warranty by twelve months at no extra cost.",
    "Traffic on the mobile site grew faster than on desktop for the fourth month in a row.",
    "Zespół zgodził się przesunąć termin oddania raportu o dwa tygodnie.",
    "Die Ergebnisse deuten auf einen saisonalen Effekt hin, der weiter untersucht wird.",
    "El equipo propuso reducir el número de reuniones semanales a una sola.",
    "项目第二阶段的预算需要在下个月重新评估。",
    "Legal asked that every contract template be reviewed before the end of the quarter.",
    "A pilot in two regions showed a modest improvement in delivery times.",
]
SPEAKERS = ["Anna", "Ben", "Chen", "Dario", "Ewa", "Farid", "Greta"]
LINES = [
    "I think we should ship it as is and fix the rest next sprint.",
    "Do we have numbers on how many customers use that feature?",
    "Let's not decide today, I want to see the survey results first.",
    "The migration script ran for six hours on the staging copy.",
    "Can someone take the action item about the on-call handbook?",
    "Marketing wants the launch before the conference in June.",
    "We lost two days because the test environment was down.",
    "Honestly the old dashboard was easier to read.",
]


def _log(rng: random.Random, target: int) -> str:
    out: list[str] = []
    size = 0
    second = rng.randrange(3600)
    while size < target:
        second += rng.randrange(1, 4)
        msg = rng.choice(LOG_MESSAGES).format(
            s=rng.choice([200, 200, 201, 404, 500, 503]),
            n=rng.randrange(10, 9999),
            a=rng.randrange(1, 9),
        )
        line = (
            f"2024-06-0{rng.randrange(1, 9)}T{second // 3600 % 24:02d}:{second // 60 % 60:02d}:"
            f"{second % 60:02d}Z {rng.choice(LEVELS):5} [{rng.choice(SERVICES)}] {msg}"
        )
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def _python(rng: random.Random, target: int) -> str:
    out: list[str] = []
    size = 0
    while size < target:
        noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
        n = rng.randrange(2, 40)
        block = (
            f"def {verb}_{noun}_{n}(db, {noun}_id, *, strict=False):\n"
            f'    """{verb.capitalize()} one {noun} and return it."""\n'
            f"    row = db.get('{noun}s', {noun}_id)\n"
            f"    if row is None:\n"
            f"        raise LookupError(f'{noun} {{{noun}_id}} not found')\n"
            f"    if strict and row.get('version', 0) < {n}:\n"
            f"        row = migrate_{noun}(row)\n"
            f"    return {{**row, 'checked': {rng.choice(['True', 'False'])}}}\n\n"
        )
        out.append(block)
        size += len(block)
    return "".join(out)


def _typescript(rng: random.Random, target: int) -> str:
    out: list[str] = []
    size = 0
    while size < target:
        noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
        cap = noun.capitalize()
        block = (
            f"// src/{noun}/{verb}.ts\n"
            f"export interface {cap}{rng.randrange(1, 99)} {{ id: string; total: number; tags: string[] }}\n"
            f"export async function {verb}{cap}(id: string): Promise<{cap} | null> {{\n"
            f"  const res = await fetch(`/api/{noun}s/${{id}}`);\n"
            f"  if (!res.ok) {{ return null; }}\n"
            f"  return (await res.json()) as {cap};\n"
            f"}}\n\n"
        )
        out.append(block)
        size += len(block)
    return "".join(out)


def _document(rng: random.Random, target: int) -> str:
    out: list[str] = []
    size = 0
    section = 1
    while size < target:
        para = " ".join(rng.choice(SENTENCES) for _ in range(rng.randrange(3, 8)))
        if rng.random() < 0.15:
            para = f"\n## Section {section}\n{para}"
            section += 1
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out)


def _transcript(rng: random.Random, target: int) -> str:
    out: list[str] = []
    size = 0
    minute = 0
    while size < target:
        minute += rng.randrange(0, 2)
        line = f"[{minute // 60:02d}:{minute % 60:02d}] {rng.choice(SPEAKERS)}: {rng.choice(LINES)}"
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


GENERATORS: dict[str, Callable[[random.Random, int], str]] = {
    "log": _log,
    "python": _python,
    "typescript": _typescript,
    "document": _document,
    "transcript": _transcript,
}


def bulk(kind: str, seed: int, chars: int) -> str:
    """About ``chars`` characters of text of the given kind, the same for the same seed."""
    return GENERATORS[kind](random.Random(seed), chars)
