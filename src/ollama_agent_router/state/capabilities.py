"""What each configured model can do, read from Ollama in the background and kept in memory.

At start every configured model's ``/api/show`` is read (``start`` waits a short while so
the first requests see real capabilities; reads still running go on in the background).
Then ``/api/tags`` is compared every ``interval_s`` (sooner after a failed round): a
model that appears, or whose digest changed (pulled again), is read again, and what the
router learned from Ollama refusing it is forgotten. ``models[].capabilities`` in the
config overrides what Ollama says.

Nothing here blocks or fails a request: a model not read yet, or whose read failed, is
unknown, and routing allows unknown. The safety net is Ollama itself: when it answers
``does not support tools`` the gateway calls ``note_refusal`` and tries the next model.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

from ollama_agent_router.backend.ollama.errors import OllamaHTTPError
from ollama_agent_router.backend.ollama.models import canonical_model_name
from ollama_agent_router.config.models import RouterConfig
from ollama_agent_router.gpu.base import FailureLog
from ollama_agent_router.routing.capabilities import ModelCapabilities, usable_context
from ollama_agent_router.routing.footprint import ModelFacts
from ollama_agent_router.routing.memory import ModelShape

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 30.0
"""How often ``/api/tags`` is compared: pulls are rare, and a tags read is cheap."""
RETRY_S = 5.0
"""After a failed round (Ollama down at start): try again sooner."""


@runtime_checkable
class ShowSource(Protocol):
    """The part of ``OllamaClient`` the cache needs (tests pass the real client)."""

    async def show(self, model: str, *, timeout_ms: int | None = None) -> dict[str, Any]: ...

    async def tags(self, *, timeout_ms: int | None = None) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class ShowInfo:
    """The parts of an ``/api/show`` answer routing uses; ``None`` where Ollama is silent."""

    capabilities: frozenset[str] | None
    context_length: int | None
    shape: ModelShape | None = None
    """The dimensions that set its KV cache (``routing.memory``)."""
    path: str = ""
    """The model file (``modelfile``'s ``FROM``): Ollama's eviction order."""


_FROM = re.compile(r"^FROM\s+(\S+)", re.MULTILINE)


def parse_show(data: object) -> ShowInfo:
    """``capabilities`` (Ollama ≥ 0.6), ``model_info`` (context, dimensions) and the
    model file."""
    if not isinstance(data, Mapping):
        return ShowInfo(None, None)
    raw = data.get("capabilities")
    capabilities = (
        frozenset(c for c in raw if isinstance(c, str)) if isinstance(raw, list) else None
    )
    info = data.get("model_info")
    context: int | None = None
    if isinstance(info, Mapping):
        arch = info.get("general.architecture")
        value = info.get(f"{arch}.context_length") if isinstance(arch, str) else None
        if value is None:  # no architecture key: any ``*.context_length``
            value = next((v for k, v in info.items() if str(k).endswith(".context_length")), None)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            context = value
    modelfile = data.get("modelfile")
    found = _FROM.search(modelfile) if isinstance(modelfile, str) else None
    path = found.group(1) if found is not None and "/" in found.group(1) else ""
    return ShowInfo(capabilities, context, ModelShape.from_model_info(info), path)


def tag_digests(data: object) -> dict[str, str]:
    """Installed models from an ``/api/tags`` body: canonical name → digest."""
    return {name: digest for name, (digest, _) in tag_entries(data).items()}


def tag_entries(data: object) -> dict[str, tuple[str, int]]:
    """Installed models from an ``/api/tags`` body: canonical name → (digest, file size)."""
    models = data.get("models") if isinstance(data, Mapping) else None
    entries: dict[str, tuple[str, int]] = {}
    for entry in models if isinstance(models, list) else []:
        if isinstance(entry, Mapping):
            name = entry.get("name") or entry.get("model")
            if isinstance(name, str) and name:
                size = entry.get("size")
                weights = size if isinstance(size, int) and not isinstance(size, bool) else 0
                digest = str(entry.get("digest") or "")
                entries[canonical_model_name(name)] = (digest, max(0, weights))
    return entries


class CapabilityCache:
    """Capabilities of the configured models; ``view`` is what routing reads.

    ``view`` is an immutable mapping replaced on every change, so a request reads it
    without locks or copies.
    """

    def __init__(
        self,
        config: RouterConfig,
        *,
        source: ShowSource | None,
        interval_s: float = DEFAULT_INTERVAL_S,
        read_timeout_ms: int = 3000,
        startup_wait_s: float = 3.0,
        run_context: Callable[[str], int | None] | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self._source = source
        self._interval_s = interval_s
        self._timeout_ms = read_timeout_ms
        self._startup_wait_s = startup_wait_s
        self._configured = {canonical_model_name(m.name): m.name for m in config.models}
        self._overrides = {
            m.name: None if m.capabilities is None else frozenset(m.capabilities)
            for m in config.models
        }
        self._config_context = {m.name: m.max_context or m.default_context for m in config.models}
        self._shown: dict[str, ShowInfo] = {}
        self._weights: dict[str, int] = {}
        """Each model's file size from ``/api/tags``."""
        self.run_context: Callable[[str], int | None] | None = run_context
        """The context each model will really run with (the residency tracker's
        footprint); a prompt must fit it."""
        self._run_contexts: dict[str, int | None] = {}
        self.on_change: Callable[[], None] | None = on_change
        """Told before the view is rebuilt (what Ollama said of a model changed)."""
        self._digests: dict[str, str] = {}
        """The digest each model had when its ``/api/show`` was read."""
        self._lacking: dict[str, frozenset[str]] = {}
        self._task: asyncio.Task[None] | None = None
        self._log = FailureLog(logger, "model capabilities from Ollama")
        self.reads = 0
        """``/api/show`` answers read so far (for status and tests)."""
        # From the config alone: nothing is shown yet, and the hooks may name parts still
        # being built (the first ``/api/ps`` read rechecks the contexts).
        self.view: Mapping[str, ModelCapabilities] = MappingProxyType(
            {name: self.entry(name) for name in self._overrides}
        )

    @classmethod
    def from_config(cls, config: RouterConfig, ollama: object, **options: Any) -> CapabilityCache:
        """Read from ``ollama`` when it can show models; else config-only (a test double)."""
        source = ollama if isinstance(ollama, ShowSource) else None
        return cls(config, source=source, **options)

    async def start(self) -> None:
        """Start reading; wait up to ``startup_wait_s`` for the first round."""
        if self._source is None or self._task is not None:
            return
        first = asyncio.Event()
        self._task = asyncio.create_task(self._run(first), name="oar-capabilities")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._startup_wait_s):
                await first.wait()

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self, first: asyncio.Event) -> None:
        while True:
            await self.refresh()
            first.set()
            failing = self._log.failing
            await asyncio.sleep(min(self._interval_s, RETRY_S) if failing else self._interval_s)

    async def refresh(self) -> None:
        """Compare ``/api/tags``; read ``/api/show`` of the models new or changed there.

        Never raises (but may be cancelled). A model Ollama no longer has becomes unknown.
        """
        if self._source is None:
            return
        try:
            entries = tag_entries(await self._source.tags(timeout_ms=self._timeout_ms))
        except Exception as exc:
            self._log.failed(f"/api/tags: {exc}")
            return
        installed = {key: digest for key, (digest, _) in entries.items()}
        self._weights = {
            name: entries[key][1] for key, name in self._configured.items() if key in entries
        }
        digests = {
            name: installed[key] for key, name in self._configured.items() if key in installed
        }
        changed = False
        for name in list(self._shown):
            if name not in digests:  # removed from Ollama: nothing is known any more
                self._forget(name)
                changed = True
        stale = [
            name
            for name, digest in digests.items()
            if name not in self._shown or self._digests.get(name) != digest
        ]
        results = await asyncio.gather(*(self._read(name) for name in stale))
        failed = [name for name, info in zip(stale, results, strict=True) if info is None]
        for name, info in zip(stale, results, strict=True):
            if info is None:
                continue
            if self._digests.get(name, digests[name]) != digests[name]:
                self._lacking.pop(name, None)  # a new version: learn again
            self._shown[name] = info
            self._digests[name] = digests[name]
            changed = True
        if changed:
            self._rebuild()
        if failed:
            self._log.failed(f"/api/show of {', '.join(failed)}")
        else:
            self._log.recovered()

    async def _read(self, name: str) -> ShowInfo | None:
        assert self._source is not None
        try:
            info = parse_show(await self._source.show(name, timeout_ms=self._timeout_ms))
        except Exception:
            return None
        self.reads += 1
        return info

    def _forget(self, name: str) -> None:
        self._shown.pop(name, None)
        self._digests.pop(name, None)
        self._lacking.pop(name, None)

    def note_refusal(self, model: str, exc: BaseException) -> str | None:
        """Learn from Ollama refusing ``model`` for a missing capability; the capability.

        Remembered until the model's digest changes, so later requests route around it.
        """
        capability = exc.missing_capability if isinstance(exc, OllamaHTTPError) else None
        if capability is None or model not in self._overrides:
            return None
        lacking = self._lacking.get(model, frozenset())
        if capability not in lacking:
            self._lacking[model] = lacking | {capability}
            self._rebuild()
            logger.warning(
                "Ollama says %s does not support %s; routing around it until it changes",
                model,
                capability,
            )
        return capability

    def entry(self, name: str) -> ModelCapabilities:
        """What is known of one configured model: the config's list over Ollama's, the
        smallest of Ollama's trained context, ``maxContext``/``defaultContext`` and the
        context Ollama will really run it with."""
        override = self._overrides[name]
        shown = self._shown.get(name)
        listed = shown.capabilities if shown is not None else None
        capabilities: frozenset[str] | None
        if override is not None:
            capabilities, source = override, "config"
        else:
            capabilities, source = listed, "ollama" if listed is not None else "unknown"
        context = usable_context(
            shown.context_length if shown is not None else None,
            self._config_context[name],
            self._run_contexts.get(name),
        )
        return ModelCapabilities(
            capabilities, context, self._lacking.get(name, frozenset()), source
        )

    def facts(self, name: str) -> ModelFacts:
        """What Ollama said of one configured model, for its memory (``routing.footprint``)."""
        shown = self._shown.get(name)
        if shown is None:
            return ModelFacts(weights_bytes=self._weights.get(name, 0))
        override = self._overrides.get(name)
        listed = override if override is not None else shown.capabilities
        embedding = listed is not None and "embedding" in listed and "completion" not in listed
        return ModelFacts(self._weights.get(name, 0), shown.shape, embedding, shown.path)

    def recheck_contexts(self) -> None:
        """Rebuild the view if a model's real context changed (after an ``/api/ps`` read)."""
        if self.run_context is None:
            return
        now = {name: self.run_context(name) for name in self._overrides}
        if now != self._run_contexts:
            self._rebuild()

    def _rebuild(self) -> None:
        if self.on_change is not None:
            self.on_change()
        if self.run_context is not None:
            self._run_contexts = {name: self.run_context(name) for name in self._overrides}
        self.view = MappingProxyType({name: self.entry(name) for name in self._overrides})

    def as_dict(self) -> dict[str, Any]:
        """Per model, for ``GET /v1/router/models``."""
        return {name: caps.as_dict() for name, caps in self.view.items()}
