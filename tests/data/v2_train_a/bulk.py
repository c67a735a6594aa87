# ruff: noqa: E501
"""Seeded filler material (long logs, long source files) for the few long requests.

Only the bulk text is generated; every ask around it is written by hand.
"""

from __future__ import annotations

import random

_PATHS = ["/api/orders", "/api/cart", "/api/users/me", "/health", "/api/search", "/static/app.js"]
_WORKERS = ["worker-1", "worker-2", "worker-3", "scheduler"]


def service_log(seed: int, lines: int, start_hour: int = 9) -> str:
    """Ordinary INFO/DEBUG lines of a web service, the haystack a failure sits in."""
    rnd = random.Random(seed)
    out = []
    sec = start_hour * 3600
    for _ in range(lines):
        sec += rnd.randint(0, 3)
        hh, mm, ss = sec // 3600, sec // 60 % 60, sec % 60
        stamp = f"2026-12-04T{hh:02d}:{mm:02d}:{ss:02d}.{rnd.randint(0, 999):03d}Z"
        kind = rnd.random()
        if kind < 0.6:
            path = rnd.choice(_PATHS)
            status = rnd.choice([200, 200, 200, 201, 204, 304])
            out.append(
                f"{stamp} INFO  http  {rnd.choice(['GET', 'POST'])} {path} {status} {rnd.randint(2, 180)}ms rid={rnd.getrandbits(40):010x}"
            )
        elif kind < 0.85:
            out.append(
                f"{stamp} DEBUG {rnd.choice(_WORKERS)}  picked job id={rnd.randint(10000, 99999)} queue=default attempts=0"
            )
        else:
            out.append(
                f"{stamp} INFO  pool  db connections in_use={rnd.randint(1, 20)} idle={rnd.randint(0, 10)} waiters=0"
            )
    return "\n".join(out)


def python_module(seed: int, functions: int) -> str:
    """A plausible Python module of small helper functions."""
    rnd = random.Random(seed)
    nouns = ["order", "invoice", "customer", "item", "coupon", "shipment", "refund", "address"]
    verbs = ["load", "validate", "normalize", "serialize", "merge", "price", "tag", "archive"]
    out = [
        '"""Helpers for the order pipeline."""',
        "",
        "from __future__ import annotations",
        "",
        "import logging",
        "",
        "log = logging.getLogger(__name__)",
        "",
    ]
    for n in range(functions):
        noun, verb = rnd.choice(nouns), rnd.choice(verbs)
        field = rnd.choice(["id", "status", "total", "currency", "country", "created_at"])
        out += [
            "",
            f"def {verb}_{noun}_{n}(data: dict) -> dict:",
            f'    """{verb.capitalize()} one {noun} record."""',
            f'    value = data.get("{field}")',
            "    if value is None:",
            f'        log.debug("{noun} without {field}: %s", data.get("id"))',
            "        return data",
            f'    return {{**data, "{field}": value}}',
        ]
    return "\n".join(out)
