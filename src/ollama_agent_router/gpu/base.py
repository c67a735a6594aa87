"""The monitor seam: a one-method protocol, plus a helper that logs a failure only once."""

from __future__ import annotations

import logging
from typing import Protocol

from ollama_agent_router.gpu.snapshot import GpuSnapshot


class GpuMonitor(Protocol):
    """Reads the GPUs. Runs in the background only, never on a request's path."""

    async def read(self) -> GpuSnapshot | None:
        """A fresh snapshot, or ``None`` when the GPUs cannot be read (never raises)."""
        ...

    def close(self) -> None:
        """Release driver handles; the monitor is not used afterwards."""
        ...


class FailureLog:
    """Warn on the first failure of a streak and on recovery; stay quiet in between.

    A monitor that fails every few seconds must not flood the log.
    """

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self._logger = logger
        self._what = what
        self._failing = False

    @property
    def failing(self) -> bool:
        return self._failing

    def failed(self, reason: str) -> None:
        if not self._failing:
            self._logger.warning("%s unavailable: %s", self._what, reason)
            self._failing = True
        else:
            self._logger.debug("%s still unavailable: %s", self._what, reason)

    def recovered(self) -> None:
        if self._failing:
            self._logger.info("%s available again", self._what)
            self._failing = False
