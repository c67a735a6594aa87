"""Audit lines for the admin plane: one JSON line per action and per denial, on the
``ollama_agent_router.audit`` logger. Keys and hashes are never part of them."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

log = logging.getLogger("ollama_agent_router.audit")


class Audit:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, event: str, **fields: Any) -> None:
        if not self.enabled or not log.isEnabledFor(logging.INFO):
            return
        entry = {"ts": _timestamp(), "event": event, **fields}
        log.info(json.dumps(entry, separators=(",", ":"), default=str))


def _timestamp() -> str:
    now = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"
