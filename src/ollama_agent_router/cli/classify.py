"""``oar classify``: classify chat requests from JSON lines, offline."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, TextIO

import typer

from ollama_agent_router.classification import (
    ClassifierInput,
    ClassifierUnavailableError,
    get_classifier,
)
from ollama_agent_router.cli.app import app, fail, stdout


def _requests(lines: Iterable[str]) -> Iterator[tuple[int, Any, ClassifierInput]]:
    """(line number, id, request) for each non-blank line; ``ValueError`` names the line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {number}: invalid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ValueError(f"line {number}: expected a JSON object")
        messages = row.get("messages")
        if not isinstance(messages, list):
            raise ValueError(f"line {number}: 'messages' must be a list")
        tools = row.get("tools")
        if tools is not None and not isinstance(tools, list):
            raise ValueError(f"line {number}: 'tools' must be a list when present")
        yield number, row.get("id"), ClassifierInput(messages=messages, tools=tools)


@app.command()
def classify(
    source: Annotated[str, typer.Argument(help="JSON-lines file of requests, or - for stdin.")],
    mode: Annotated[str, typer.Option("--mode", "-m", help="Classification mode.")] = "enhanced",
) -> None:
    """Classify requests ({"id", "messages", "tools"?} per line) into task types.

    Prints one JSON line per request: {"id", "taskType", "confidence", "mode"}.
    """
    try:
        classifier = get_classifier(mode)
    except ClassifierUnavailableError as exc:
        fail(str(exc))
    handle: TextIO
    try:
        handle = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        fail(f"cannot read {source}: {exc.strerror}")
    out = stdout.file
    try:
        for _, request_id, request in _requests(handle):
            result = classifier.classify(request)
            record = {
                "id": request_id,
                "taskType": result.task_type,
                "confidence": result.confidence,
                "mode": result.mode,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except ValueError as exc:
        out.flush()
        fail(str(exc))
    except UnicodeDecodeError as exc:
        fail(f"{source}: not UTF-8 text ({exc.reason})")
    finally:
        if handle is not sys.stdin:
            handle.close()
    out.flush()
