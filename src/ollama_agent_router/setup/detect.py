"""Detection: what this machine and its Ollama offer, found without asking the user.

The API is the first source (``/api/version``, ``/api/tags``, ``/api/show``,
``/api/ps``); the ``ollama`` command is the fallback (``--version``, ``list``, ``ps``).
Every step has a timeout and none is fatal: the result says what was found, where, and
what was not. The platform is a parameter (``Probe.system`` / ``arch``) so a config for
another kind of machine can be previewed and tests need not fake the whole world.
"""

from __future__ import annotations

import asyncio
import os
import platform
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.backend.ollama.errors import OllamaError, OllamaTimeout
from ollama_agent_router.backend.ollama.ps_cli import parse_ollama_ps_table
from ollama_agent_router.config.loader import ollama_host_url
from ollama_agent_router.routing.memory import ModelShape
from ollama_agent_router.setup.facts import (
    Detection,
    Fact,
    InstalledModel,
    LoadedModel,
    OllamaFacts,
    missing,
)
from ollama_agent_router.setup.local import (
    USUAL_OLLAMA_LOCATIONS,
    find_ollama,
    gpu_facts,
    machine_facts,
    parse_ollama_version,
    run_command,
)
from ollama_agent_router.state.capabilities import parse_show

DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"
_SHOW_CONCURRENCY = 4


@dataclass(frozen=True, slots=True)
class Probe:
    """Where and how to look. Defaults describe this process's machine."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    system: str = field(default_factory=platform.system)
    arch: str = field(default_factory=platform.machine)
    base_url: str | None = None
    """Ollama's address when the caller knows it (a config's ``ollama.baseUrl``);
    ``None``: ``$OLLAMA_HOST``, else the default."""
    timeout_s: float = 3.0
    ollama_locations: tuple[str, ...] | None = None
    """``None``: the usual install locations for ``system``."""
    meminfo: Path = Path("/proc/meminfo")
    hostname: str = field(default_factory=socket.gethostname)


async def detect(probe: Probe | None = None) -> Detection:
    """Look at the machine, its GPUs and Ollama, concurrently; never raises."""
    probe = probe or Probe()
    machine_task = asyncio.to_thread(
        machine_facts,
        system=probe.system,
        arch=probe.arch,
        env=probe.env,
        timeout_s=probe.timeout_s,
        meminfo=probe.meminfo,
        hostname=probe.hostname,
    )
    machine, ollama, gpu = await asyncio.gather(
        machine_task,
        detect_ollama(probe),
        gpu_facts(system=probe.system, env=probe.env, timeout_s=probe.timeout_s),
    )
    return Detection(machine=machine, ollama=ollama, gpu=gpu)


def _base_url(probe: Probe) -> Fact[str]:
    if probe.base_url:
        return Fact(probe.base_url.rstrip("/"), "manual", "high", "from the config")
    host = probe.env.get("OLLAMA_HOST", "").strip()
    if host:
        return Fact(ollama_host_url(host), "env", "high", f"OLLAMA_HOST={host}")
    return Fact(DEFAULT_OLLAMA_URL, "default", "medium", "OLLAMA_HOST is not set")


def _env_int(env: Mapping[str, str], name: str, default: int, *, low: int) -> Fact[int]:
    raw = env.get(name, "").strip()
    if not raw:
        return Fact(default, "default", "low", f"{name} not set here (Ollama's default)")
    if not raw.isdigit() or int(raw) < low:
        return missing(default, f"{name}={raw!r} is not a whole number ≥ {low}")
    return Fact(int(raw), "env", "medium", f"{name}={raw} (as this shell sees it)")


async def detect_ollama(probe: Probe) -> OllamaFacts:
    locations = probe.ollama_locations
    if locations is None:
        locations = USUAL_OLLAMA_LOCATIONS.get(probe.system, ())
    binary = await asyncio.to_thread(find_ollama, probe.env, locations)
    base_url = _base_url(probe)
    env_facts: dict[str, Fact[int]] = {
        "max_loaded_models": _env_int(probe.env, "OLLAMA_MAX_LOADED_MODELS", 0, low=0),
        "num_parallel": _env_int(probe.env, "OLLAMA_NUM_PARALLEL", 1, low=1),
        "context_length": _env_int(probe.env, "OLLAMA_CONTEXT_LENGTH", 0, low=1),
    }
    timeout_ms = round(probe.timeout_s * 1000)
    async with OllamaClient(base_url.value, timeout_ms=timeout_ms) as client:
        try:
            version = await client.version(timeout_ms=timeout_ms)
        except OllamaError as exc:
            problem = _unreachable(base_url, exc)
            return await _from_command(probe, binary, base_url, problem, env_facts)
        models = await _api_models(client, timeout_ms)
        loaded = await _api_loaded(client, timeout_ms)
    return OllamaFacts(
        binary=binary,
        version=Fact(version, "api", "high", "/api/version") if version else missing(""),
        base_url=base_url,
        reachable=True,
        models=models,
        loaded=loaded,
        max_loaded_models=env_facts["max_loaded_models"],
        num_parallel=env_facts["num_parallel"],
        context_length=env_facts["context_length"],
    )


def _unreachable(base_url: Fact[str], exc: OllamaError) -> str:
    if isinstance(exc, OllamaTimeout):
        return f"Ollama at {base_url.value} did not answer in time"
    return f"nothing answers at {base_url.value}"


async def _api_models(client: OllamaClient, timeout_ms: int) -> Fact[tuple[InstalledModel, ...]]:
    try:
        tags = await client.tags(timeout_ms=timeout_ms)
    except OllamaError as exc:
        return missing((), f"/api/tags failed: {exc.message}")
    entries = [e for e in tags.get("models") or [] if isinstance(e, dict) and e.get("name")]
    gate = asyncio.Semaphore(_SHOW_CONCURRENCY)

    async def read(entry: dict[str, Any]) -> InstalledModel:
        async with gate:
            try:
                shown = await client.show(str(entry["name"]), timeout_ms=timeout_ms)
            except OllamaError:
                shown = {}
        return _installed(entry, shown)

    models = await asyncio.gather(*(read(entry) for entry in entries))
    return Fact(tuple(models), "api", "high", "/api/tags + /api/show")


def _installed(entry: Mapping[str, Any], shown: Mapping[str, Any]) -> InstalledModel:
    raw_details = entry.get("details")
    details: Mapping[str, Any] = raw_details if isinstance(raw_details, dict) else {}
    info = parse_show(shown)
    capabilities = info.capabilities
    if capabilities is None and isinstance(entry.get("capabilities"), list):
        capabilities = frozenset(c for c in entry["capabilities"] if isinstance(c, str))
    context = info.context_length
    detail_context = details.get("context_length")
    if context is None and isinstance(detail_context, int) and detail_context > 0:
        context = detail_context
    size = entry.get("size")
    return InstalledModel(
        name=str(entry["name"]),
        size_bytes=size if isinstance(size, int) and size > 0 else 0,
        family=str(details.get("family") or ""),
        parameter_size=str(details.get("parameter_size") or ""),
        quantization=str(details.get("quantization_level") or ""),
        capabilities=capabilities,
        context_length=context,
        source="api",
        shape=ModelShape.from_model_info(shown.get("model_info")),
    )


async def _api_loaded(client: OllamaClient, timeout_ms: int) -> Fact[tuple[LoadedModel, ...]]:
    try:
        loaded = await client.ps(timeout_ms=timeout_ms)
    except OllamaError as exc:
        return missing((), f"/api/ps failed: {exc.message}")
    return Fact(
        tuple(LoadedModel(m.name, m.size, m.size_vram, m.context_length) for m in loaded),
        "api",
        "high",
        "/api/ps",
    )


async def _from_command(
    probe: Probe,
    binary: Fact[str],
    base_url: Fact[str],
    problem: str,
    env_facts: Mapping[str, Fact[int]],
) -> OllamaFacts:
    """The API is down: ask the ``ollama`` command what it can tell without it."""
    version: Fact[str] = missing("", "Ollama is not installed")
    models: Fact[tuple[InstalledModel, ...]] = missing((), problem)
    loaded: Fact[tuple[LoadedModel, ...]] = missing((), problem)
    if binary.found:
        env = {**probe.env, "OLLAMA_HOST": base_url.value}

        def ollama(*args: str) -> Any:
            return run_command([binary.value, *args], env=env, timeout_s=probe.timeout_s)

        said = await asyncio.to_thread(ollama, "--version")
        text = "" if said is None else said.stdout + "\n" + said.stderr
        number = parse_ollama_version(text)
        version = Fact(number, "command", "high", "ollama --version") if number else missing("")
        listed = await asyncio.to_thread(ollama, "list")
        if listed is not None and listed.code == 0:
            models = Fact(parse_ollama_list(listed.stdout), "command", "medium", "ollama list")
        running = await asyncio.to_thread(ollama, "ps")
        if running is not None and running.code == 0:
            entries = parse_ollama_ps_table(running.stdout)
            loaded = Fact(
                tuple(LoadedModel(m.name, m.size, m.size_vram, m.context_length) for m in entries),
                "command",
                "medium",
                "ollama ps",
            )
    return OllamaFacts(
        binary=binary,
        version=version,
        base_url=base_url,
        reachable=False,
        models=models,
        loaded=loaded,
        problem=problem,
        max_loaded_models=env_facts["max_loaded_models"],
        num_parallel=env_facts["num_parallel"],
        context_length=env_facts["context_length"],
    )


_CELLS = re.compile(r"\s{2,}")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)\s*$", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}


def parse_ollama_list(text: str) -> tuple[InstalledModel, ...]:
    """``ollama list`` (``NAME  ID  SIZE  MODIFIED``, decimal sizes such as ``4.7 GB``)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return ()
    header = [cell.upper() for cell in _CELLS.split(lines[0].strip())]
    if "NAME" not in header or "SIZE" not in header:
        return ()
    models: list[InstalledModel] = []
    for line in lines[1:]:
        cells = dict(zip(header, _CELLS.split(line.strip()), strict=False))
        match = _SIZE.match(cells.get("SIZE", ""))
        if not cells.get("NAME") or not match:
            continue
        size = round(float(match.group(1)) * _UNITS[match.group(2).lower()])
        models.append(InstalledModel(name=cells["NAME"], size_bytes=size, source="command"))
    return tuple(models)
