"""``oar top``: a live terminal view of a running router.

A daemon thread polls ``/v1/router/status`` and ``/v1/router/decisions`` every
``--interval`` and keeps the latest ``Frame``; the main thread redraws it with rich
``Live`` and reads keys, so ``q`` answers at once even while a poll waits on a slow
router. A failed poll keeps the last answers on screen and shows why in the status
line; the view keeps retrying until it is told to quit.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from dataclasses import replace
from typing import Annotated

import typer
from rich.live import Live

from ollama_agent_router.cli.app import app, fail, options, stdout
from ollama_agent_router.cli.http import ClientError, RouterClient, RouterUnreachable
from ollama_agent_router.cli.terminal import Keys, cbreak_keys, sigterm_exits
from ollama_agent_router.cli.top_view import Frame, render

POLL_TIMEOUT_S = 5.0
QUIT_KEYS = frozenset("qQ")


def poll(client: RouterClient, frame: Frame, *, decisions: int) -> Frame:
    """One round of requests; the answers that came replace the old ones, the first
    failure becomes the frame's error."""
    errors: list[str] = []
    status, rows = frame.status, frame.decisions
    answered, unreachable = False, False
    try:
        data = client.get("/v1/router/status").data
        if not isinstance(data, dict):
            raise ClientError(f"{client.base}/v1/router/status did not answer a JSON object")
        status, answered = data, True
    except ClientError as exc:
        errors.append(str(exc))
        unreachable = isinstance(exc, RouterUnreachable)
    if not unreachable:  # a second wait for a dead router would only delay the view
        try:
            body = client.get("/v1/router/decisions", {"limit": str(decisions)}).data
            listed = body.get("data") if isinstance(body, dict) else None
            if not isinstance(listed, list):
                raise ClientError(f"{client.base}/v1/router/decisions did not answer a list")
            rows, answered = [row for row in listed if isinstance(row, dict)], True
        except ClientError as exc:
            errors.append(str(exc))
    now = time.time()
    return replace(
        frame,
        now=now,
        status=status,
        decisions=rows,
        updated_at=now if answered else frame.updated_at,
        error=errors[0] if errors else None,
    )


class Feed:
    """The latest frame, refreshed by a daemon thread every ``interval_s``."""

    def __init__(self, client: RouterClient, first: Frame, *, decisions: int) -> None:
        self._client = client
        self._frame = first
        self._decisions = decisions
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="oar-top-poll", daemon=True)
        self.version = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end; a request in flight is left to its timeout (the thread
        is a daemon, so it never holds the process)."""
        self._stop.set()

    def latest(self) -> tuple[Frame, int]:
        with self._lock:
            return self._frame, self.version

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                frame = poll(self._client, self.latest()[0], decisions=self._decisions)
            except Exception as exc:  # a surprise must not end the polling: show it
                reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
                frame = replace(self.latest()[0], now=time.time(), error=reason)
            with self._lock:
                self._frame = frame
                self.version += 1
            interval = frame.interval_s
            self._stop.wait(max(0.0, interval - (time.monotonic() - started)))


def watch(feed: Feed, keys: Keys, live: Live, *, decisions: int) -> None:
    """Redraw on every new poll and each second (the ages move), until ``q``."""
    drawn_version, drawn_at = -1, 0.0
    while True:
        frame, version = feed.latest()
        if version != drawn_version or time.monotonic() - drawn_at >= 1.0:
            live.update(render(replace(frame, now=time.time()), decisions=decisions), refresh=True)
            drawn_version, drawn_at = version, time.monotonic()
        if QUIT_KEYS.intersection(keys.read(min(0.5, frame.interval_s))):
            return


@app.command()
def top(
    ctx: typer.Context,
    interval: Annotated[
        float, typer.Option("--interval", "-n", min=0.2, max=3600, help="Seconds between polls.")
    ] = 1.0,
    decisions: Annotated[
        int, typer.Option("--decisions", min=1, max=200, help="Recent decisions shown.")
    ] = 10,
    once: Annotated[
        bool, typer.Option("--once", help="Print one snapshot and exit (1 if a request failed).")
    ] = False,
) -> None:
    """A live view of a running router: models, VRAM, queues, decisions, jobs. q quits."""
    opts = options(ctx)
    parts = urllib.parse.urlsplit(opts.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        fail(f"--url: expected http://HOST:PORT or https://HOST:PORT, got {opts.url!r}")
    client = RouterClient(
        opts.url, base_path=opts.base_path, api_key=opts.api_key, timeout_s=POLL_TIMEOUT_S
    )
    first = Frame(url=client.base, now=time.time(), interval_s=interval, live=not once)
    if once:
        frame = poll(client, first, decisions=decisions)
        stdout.print(render(frame, decisions=decisions))
        raise typer.Exit(1 if frame.error else 0)
    feed = Feed(client, first, decisions=decisions)
    feed.start()
    try:
        with (
            sigterm_exits(),
            cbreak_keys() as keys,
            Live(console=stdout, screen=True, auto_refresh=False, transient=True) as live,
        ):
            watch(feed, keys, live, decisions=decisions)
    except KeyboardInterrupt:
        pass  # Ctrl-C is a way to quit, like q
    finally:
        feed.stop()


__all__ = ["Feed", "poll", "top", "watch"]
