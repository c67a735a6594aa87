"""``oar classify``: classify chat requests from JSON lines.

``heuristic`` and ``enhanced`` run offline. ``model`` and ``embedding`` ask Ollama: its
address and the classifier/embedding model come from the config (``--config``), and
``--ollama-url`` / ``--classifier-model`` override them.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, TextIO

import typer

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.classification import (
    ASYNC_CLASSIFIER_FACTORIES,
    AsyncClassifier,
    ClassifierInput,
    ClassifierUnavailableError,
    get_async_classifier,
    get_classifier,
)
from ollama_agent_router.cli.app import ConfigOption, app, fail, resolve_config, stdout


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
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="JSON-lines file of requests, or - for stdin.")],
    mode: Annotated[
        str,
        typer.Option(
            "--mode", "-m", help="heuristic, enhanced (offline), model, embedding or cascade."
        ),
    ] = "enhanced",
    config: ConfigOption = None,
    ollama_url: Annotated[
        str | None,
        typer.Option("--ollama-url", help="Ollama base URL (default: ollama.baseUrl)."),
    ] = None,
    classifier_model: Annotated[
        str | None,
        typer.Option(
            "--classifier-model",
            help="Model to ask (model, cascade) or embed with (embedding); default: config.",
        ),
    ] = None,
) -> None:
    """Classify requests ({"id", "messages", "tools"?} per line) into task types.

    Prints one JSON line per request: {"id", "taskType", "confidence", "mode"}.
    """
    if mode in ASYNC_CLASSIFIER_FACTORIES:
        asyncio.run(_classify_online(ctx, source, mode, config, ollama_url, classifier_model))
        return
    try:
        classifier = get_classifier(mode)
    except ClassifierUnavailableError as exc:
        fail(str(exc))
    with _opened(source) as handle:
        _emit(source, handle, classifier.classify)


async def _classify_online(
    ctx: typer.Context,
    source: str,
    mode: str,
    config_path: Any,
    ollama_url: str | None,
    classifier_model: str | None,
) -> None:
    cfg = resolve_config(ctx, config_path)
    settings = cfg.router.classification
    if classifier_model:
        key = "embedding_model" if mode == "embedding" else "optional_classifier_model"
        settings = settings.model_copy(update={key: classifier_model})
    ollama = cfg.ollama.model_copy(update={"base_url": ollama_url}) if ollama_url else cfg.ollama
    async with OllamaClient.from_config(ollama) as client:
        try:
            classifier: AsyncClassifier = get_async_classifier(mode, settings, client)
        except ClassifierUnavailableError as exc:
            fail(f"{exc}; or pass --classifier-model")
        await classifier.prepare()
        with _opened(source) as handle:
            requests = list(_parsed(source, handle))
        results = [await classifier.classify(request) for _, request in requests]
        out = stdout.file
        for (request_id, _), result in zip(requests, results, strict=True):
            out.write(json.dumps(_record(request_id, result), ensure_ascii=False) + "\n")
        out.flush()


class _opened:
    """The source as a text handle (stdin for ``-``); one-line error when unreadable."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.handle: TextIO = sys.stdin

    def __enter__(self) -> TextIO:
        if self.source != "-":
            try:
                self.handle = open(self.source, encoding="utf-8")
            except OSError as exc:
                fail(f"cannot read {self.source}: {exc.strerror}")
        return self.handle

    def __exit__(self, *exc_info: object) -> None:
        if self.handle is not sys.stdin:
            self.handle.close()


def _record(request_id: Any, result: Any) -> dict[str, Any]:
    return {
        "id": request_id,
        "taskType": result.task_type,
        "confidence": result.confidence,
        "mode": result.mode,
    }


def _parsed(source: str, handle: TextIO) -> Iterator[tuple[Any, ClassifierInput]]:
    """(id, request) per line; a malformed line or bad encoding ends with one-line error."""
    try:
        for _, request_id, request in _requests(handle):
            yield request_id, request
    except ValueError as exc:
        stdout.file.flush()
        fail(str(exc))
    except UnicodeDecodeError as exc:
        fail(f"{source}: not UTF-8 text ({exc.reason})")


def _emit(source: str, handle: TextIO, classify: Any) -> None:
    out = stdout.file
    for request_id, request in _parsed(source, handle):
        out.write(json.dumps(_record(request_id, classify(request)), ensure_ascii=False) + "\n")
    out.flush()
