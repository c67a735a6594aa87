"""Async jobs: records, stores and the manager that runs them."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from ollama_agent_router.config.models import JobsConfig
from ollama_agent_router.jobs.model import Job, JobStatus, new_job_id
from ollama_agent_router.jobs.store import JobStore

STORE_FACTORIES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "memory": "ollama_agent_router.jobs.memory:MemoryJobStore",
        "sqlite": "ollama_agent_router.jobs.sqlite:SqliteJobStore",
        "redis": "ollama_agent_router.jobs.redis_store:RedisJobStore",
    }
)
"""``jobs.store`` name → implementation, imported only when selected."""


def open_job_store(config: JobsConfig) -> JobStore:
    """The store ``jobs.store`` names (not yet opened)."""
    target = STORE_FACTORIES[config.store]
    module_name, _, attribute = target.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except ImportError as exc:
        hint = " (install the extra: pip install 'ollama-agent-router[redis]')" * (
            config.store == "redis"
        )
        raise RuntimeError(f"jobs.store {config.store!r} is not available{hint}: {exc}") from exc
    if config.store == "memory":
        store: JobStore = factory()
    elif config.store == "sqlite":
        if config.path is None:
            raise RuntimeError("jobs.path is required for the sqlite job store")
        store = factory(config.path)
    else:
        store = factory(config.redis_url)
    return store


__all__ = ["STORE_FACTORIES", "Job", "JobStatus", "JobStore", "new_job_id", "open_job_store"]
