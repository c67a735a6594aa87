"""Seeded bulk material (service logs, a pasted module set) for the few long requests.

Only the haystack is generated; the asks around it are written by hand in large.py.
"""

from __future__ import annotations

import random

SERVICES = ("api", "worker", "billing", "search", "auth", "gateway")
MESSAGES = (
    "request handled path=/v1/orders status=200 ms={ms}",
    "request handled path=/v1/cart status=200 ms={ms}",
    "cache miss key=product:{n} fetched_from=db ms={ms}",
    "job finished name=sync_contacts items={n} ms={ms}",
    "slow query table=orders rows={n} ms={ms}",
    "retrying upstream call attempt=2 target=payments ms={ms}",
    "upstream timeout target=tax-service after_ms={ms}",
    "connection pool usage in_use={n} idle=2",
    "ERROR KeyError: 'region' in enrich_order (order_id={n})",
    "WARN token refresh took {ms}ms for client_id=mobile",
)


def service_log(seed: int, lines: int) -> str:
    """Plausible JSON-less service log lines, deterministic for a seed."""
    rng = random.Random(seed)
    out = []
    for i in range(lines):
        minute, second = divmod(i * 3 + rng.randint(0, 2), 60)
        msg = rng.choice(MESSAGES).format(ms=rng.randint(3, 4800), n=rng.randint(1, 99999))
        out.append(
            f"2026-03-11T{9 + minute // 60:02d}:{minute % 60:02d}:{second:02d}Z "
            f"{rng.choice(SERVICES):<8} {msg}"
        )
    return "\n".join(out)


FIELDS = ("customer_id", "amount", "currency", "status", "region", "created_at", "sku")


def python_modules(seed: int, count: int) -> str:
    """A pasted set of small, similar Python modules, as a repository dump would look."""
    rng = random.Random(seed)
    chunks = []
    for m in range(count):
        name = f"{rng.choice(('orders', 'billing', 'users', 'catalog', 'reports'))}_{m}"
        chunks.append(f"# file: app/{name}.py\nfrom __future__ import annotations\n")
        for f in range(rng.randint(3, 5)):
            field = rng.choice(FIELDS)
            chunks.append(
                f"\ndef get_{field}_{f}(record: dict) -> object:\n"
                f'    """Return {field} from a {name} record, or a default."""\n'
                f"    value = record.get({field!r})\n"
                f"    if value is None:\n"
                f"        return {rng.choice(('None', '0', repr('')))}\n"
                f"    return value\n"
            )
        chunks.append("\n")
    return "".join(chunks)
