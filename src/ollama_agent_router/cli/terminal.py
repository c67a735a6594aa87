"""Single keys from the terminal without blocking, for full-screen views (``oar top``).

The terminal goes into cbreak mode (keys arrive one at a time, unechoed; Ctrl-C still
raises ``KeyboardInterrupt``) for the life of the context and comes back as it was
however the context ends: a key, Ctrl-C, SIGTERM or an error. When standard input is no
terminal (a pipe, a test runner) nothing is changed and no key ever arrives.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO


class Keys:
    """Reads what was typed, waiting at most a given time."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    @property
    def interactive(self) -> bool:
        return self._fd is not None

    def read(self, timeout_s: float) -> str:
        """The keys typed within ``timeout_s`` (``""`` if none); returns as soon as one
        arrives."""
        if self._fd is None:
            time.sleep(max(0.0, timeout_s))
            return ""
        ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout_s))
        if not ready:
            return ""
        data = os.read(self._fd, 64)
        if not data:  # the terminal went away: behave as if nothing more will come
            self._fd = None
        return data.decode(errors="ignore")


@contextmanager
def cbreak_keys(stream: TextIO | None = None) -> Iterator[Keys]:
    """``Keys`` for ``stream`` (standard input) in cbreak mode, restored on exit."""
    stream = stream or sys.stdin
    try:
        import termios
        import tty
    except ImportError:  # not a POSIX terminal: no keys, Ctrl-C still quits
        yield Keys(None)
        return
    try:
        fd = stream.fileno()
        interactive = os.isatty(fd)
    except (OSError, ValueError):
        interactive = False
    if not interactive:
        yield Keys(None)
        return
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        yield Keys(fd)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextmanager
def sigterm_exits(code: int = 143) -> Iterator[None]:
    """Turn SIGTERM into ``SystemExit`` so ``finally`` blocks (the terminal's restore)
    run; the previous handler comes back on exit."""

    def _exit(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(code)

    try:
        previous = signal.signal(signal.SIGTERM, _exit)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
