"""Schemathesis over the router's own OpenAPI document, open and secured (issue 12,
"Must show"): no generated request gets a 5xx.

The router runs on a real socket in a thread of its own (``support.stack``, so the
end-of-test invariant applies); schemathesis' own transport sends each case. Examples
are bounded and derandomized so the run is short and the same every time. Generating
the cases is most of the time, so each config's operations are spread over ``PARTS``
tests (every ``PARTS``-th operation, in the document's order, against a router of its
own), which parallel workers share out:

    pytest tests/api/test_schemathesis.py -rP     # prints the figures per config
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode

from ollama_agent_router.access.planes import Plane
from ollama_agent_router.api.table import plane_map
from support.secured import ADMIN, CLIENT, KONG, secured_data
from support.stack import Stack, gex44_data, stack

plane_of = plane_map()

EXAMPLES = 100
"""Per operation, schema-conforming and schema-violating cases mixed (~45 operations)."""
PARTS = 8
"""Tests per config: part ``n`` fuzzes operations ``n``, ``n + PARTS``, … of the document."""
POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE


@contextmanager
def in_thread(open_stack: Callable[[], AbstractAsyncContextManager[Stack]]) -> Iterator[str]:
    """Run ``open_stack()`` on an event loop of its own thread; yields the router URL.
    Leaving stops it there (and checks the end-of-test invariant), errors included."""
    ready: list[str] = []
    errors: list[BaseException] = []
    started, stop = threading.Event(), threading.Event()

    async def serve() -> None:
        async with open_stack() as s:
            ready.append(s.url)
            started.set()
            await asyncio.to_thread(stop.wait)

    def run() -> None:
        try:
            asyncio.run(serve())
        except BaseException as exc:
            errors.append(exc)
        finally:
            started.set()

    thread = threading.Thread(target=run, name="router", daemon=True)
    thread.start()
    started.wait(30)
    try:
        if not ready:
            raise RuntimeError("the router did not start") from (errors[0] if errors else None)
        yield ready[0]
    finally:
        stop.set()
        thread.join(30)
    if errors:
        raise errors[0]


def fuzz(url: str, keys: dict[Plane, str] | None, part: int) -> Counter[int]:
    session = requests.Session()
    headers = {"authorization": f"Bearer {keys[Plane.STANDALONE]}"} if keys else {}
    document = session.get(url + "/openapi.json", headers=headers, timeout=10).json()
    undeclared = [
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("post", "put") and "requestBody" not in operation
    ]
    assert not undeclared, f"declare their bodies in api/openapi.py: {undeclared}"
    schema = schemathesis.openapi.from_dict(document)
    statuses: Counter[int] = Counter()
    failures: list[str] = []

    def auth(path: str) -> dict[str, str]:
        if keys is None:
            return {}
        key = keys.get(plane_of(path), keys[Plane.STANDALONE])
        return {"authorization": f"Bearer {key}"}

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > PARTS  # every part has operations to fuzz
    for operation in operations[part::PARTS]:
        headers = auth(operation.path)

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(POSITIVE) | operation.as_strategy(NEGATIVE))
        def send(case: Any) -> None:
            response = case.call(base_url=url, session=session, headers=headers)  # noqa: B023
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=[not_a_server_error])
            except Exception as exc:  # one line per failure, all of them listed
                failures.append(f"{case.method} {case.formatted_path}: {exc}"[:300])

        send()
    assert not failures, "\n".join(failures[:20])
    return statuses


def report(name: str, part: int, statuses: Counter[int]) -> None:
    shown = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
    total = sum(statuses.values())
    print(f"\nschemathesis, {name} config, part {part + 1}/{PARTS}: {total} requests — {shown}")


@pytest.mark.parametrize("part", range(PARTS))
def test_schemathesis_open_config(part: int) -> None:
    with in_thread(lambda: stack(gex44_data())) as url:
        statuses = fuzz(url, None, part)
    report("open", part, statuses)
    assert not any(status >= 500 for status in statuses)


@pytest.mark.parametrize("part", range(PARTS))
def test_schemathesis_secured_config(tmp_path: Path, part: int) -> None:
    data = secured_data(tmp_path, unlimited=True)
    keys = {Plane.STANDALONE: CLIENT, Plane.RUNTIME_AGENT: KONG, Plane.ADMIN: ADMIN}
    with in_thread(lambda: stack(data)) as url:
        statuses = fuzz(url, keys, part)
    report("secured", part, statuses)
    assert not any(status >= 500 for status in statuses)
