"""The processes of ``bench/pressure.py``: a simulated 20 GB GPU running Ollama, a fake
``nvidia-smi`` that reads it, and an ``oar serve`` router in front, each started fresh.

Both servers are real subprocesses on real sockets, as a user runs them: the load
generator then shares no event loop with the simulator, so its own work cannot stretch
the simulated timings, and the router reads the card the way it does in production, by
running ``nvidia-smi`` from its GPU monitor.

The simulator runs the Ollama server the router's config describes (``ollama.numParallel``,
``ollama.maxLoadedModels``, ``ollama.contextLength``, ``ollama.kvCacheType``,
``ollama.gpuOverheadMb``, ``gpu.vramTotalMb``), as far as this tree's ``oar simulate``
has flags for them (read from its ``--help``). The simulator always comes from this tree:
it is the reference. The router may come from another git revision (``baseline_tree``):
that revision's ``src`` extracted to a temporary folder and put first on ``PYTHONPATH``,
in the same Python environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import io
import json
import os
import re
import socket
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from ollama_agent_router.config import parse_config

OAR = [sys.executable, "-m", "ollama_agent_router"]
ROOT = Path(__file__).resolve().parents[1]
GEX44 = ROOT / "examples" / "gex44.yaml"
#: Ollama's OLLAMA_MAX_LOADED_MODELS default: 3 per GPU (the simulated card is one GPU).
OLLAMA_DEFAULT_MAX_LOADED = 3

FAKE_SMI = '''#!{python} -I
"""nvidia-smi for a simulated GPU: answers --query-gpu from the simulator's /_sim/gpu."""
import json, sys, urllib.request

FIELDS = {{
    "name": ("name", ""),
    "memory.total": ("totalMb", " MiB"),
    "memory.used": ("usedMb", " MiB"),
    "memory.free": ("freeMb", " MiB"),
    "utilization.gpu": ("utilizationPct", " %"),
}}
args = dict(a.split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
query = args.get("--query-gpu", "")
formats = args.get("--format", "").split(",")
if "csv" not in formats or not query:
    sys.exit("this fake nvidia-smi answers only --query-gpu=... --format=csv[,noheader][,nounits]")
try:
    with urllib.request.urlopen("{url}/_sim/gpu", timeout=2) as reply:
        gpu = json.load(reply)
except OSError as exc:
    print(f"Unable to determine the device handle for GPU0000:01:00.0: {{exc}}", file=sys.stderr)
    sys.exit(15)
names = query.split(",")
if "noheader" not in formats:
    print(", ".join(names))
units = "nounits" not in formats
print(", ".join(f"{{gpu[FIELDS[n][0]]}}{{FIELDS[n][1] if units else ''}}" for n in names))
'''


@dataclass(frozen=True, slots=True)
class SimSpeeds:
    """How fast the simulated card is (per GB of model weights)."""

    load_s_per_gb: float = 0.4
    tokens_per_s_gb: float = 1200.0
    prompt_tokens_per_s_gb: float = 12000.0
    instant: bool = False

    def flags(self) -> list[str]:
        out = [
            f"--load-ms-per-gb={self.load_s_per_gb * 1000:g}",
            f"--tokens-per-s-gb={self.tokens_per_s_gb:g}",
            f"--prompt-tokens-per-s-gb={self.prompt_tokens_per_s_gb:g}",
        ]
        return [*out, "--instant"] if self.instant else out

    def supported(self, available: frozenset[str]) -> tuple[list[str], list[str]]:
        """The flags ``oar simulate`` has (all when ``available`` is unknown: empty), and
        the ones it lacks."""
        if not available:
            return self.flags(), []
        flags = self.flags()
        have = [flag for flag in flags if flag.split("=", 1)[0] in available]
        return have, [flag for flag in flags if flag not in have]


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """The Ollama server the router's config says it talks to (``OLLAMA_*`` settings)."""

    vram_mb: int = 20480
    parallel: int = 1
    #: OLLAMA_MAX_LOADED_MODELS as the server applies it (0 in the config: 3 per GPU).
    max_loaded: int = OLLAMA_DEFAULT_MAX_LOADED
    #: OLLAMA_CONTEXT_LENGTH; None: not set, Ollama picks by VRAM.
    context_length: int | None = None
    kv_cache_type: str = "f16"
    gpu_overhead_mb: int = 0

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> ServerSettings:
        config = parse_config(dict(data))
        ollama = config.ollama
        return cls(
            vram_mb=config.gpu.vram_total_mb or 20480,
            parallel=ollama.num_parallel,
            max_loaded=ollama.max_loaded_models or OLLAMA_DEFAULT_MAX_LOADED,
            context_length=getattr(ollama, "context_length", None),
            kv_cache_type=str(getattr(ollama, "kv_cache_type", "f16")),
            gpu_overhead_mb=int(getattr(ollama, "gpu_overhead_mb", 0)),
        )

    def flags(self, available: frozenset[str]) -> tuple[list[str], list[str]]:
        """The simulator flags for these settings, and the settings it has no flag for
        (a setting at Ollama's default needs no flag)."""
        out = [
            f"--vram-mb={self.vram_mb}",
            f"--parallel={self.parallel}",
            f"--max-loaded={self.max_loaded}",
        ]
        missing = []
        optional: list[tuple[str, object, object]] = [
            ("--context-length", self.context_length, None),
            ("--kv-cache-type", self.kv_cache_type, "f16"),
            ("--gpu-overhead-mb", self.gpu_overhead_mb, 0),
        ]
        for flag, value, default in optional:
            if flag in available:
                if value is not None:
                    out.append(f"{flag}={value}")
            elif value != default:
                missing.append(f"{flag}={value}")
        return out, missing


def simulator_flags() -> frozenset[str]:
    """The long options this tree's ``oar simulate`` accepts (from its ``--help``)."""
    env = {**os.environ, "COLUMNS": "300", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run(
        [*OAR, "simulate", "--help"], capture_output=True, text=True, env=env, check=True
    )
    return frozenset(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", done.stdout))


@dataclass(frozen=True, slots=True)
class Features:
    """What this tree's simulator can do: flags of ``oar simulate``."""

    flags: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def detect(cls) -> Features:
        return cls(simulator_flags())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_fake_smi(folder: Path, sim_url: str) -> Path:
    """An executable ``nvidia-smi`` answering from the simulator at ``sim_url``."""
    path = folder / "nvidia-smi"
    path.write_text(FAKE_SMI.format(python=sys.executable, url=sim_url))
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def router_config(
    base: dict[str, Any],
    *,
    port: int,
    sim_url: str,
    smi: Path,
    strategy: str,
    folder: Path,
    interval_ms: int = 1000,
) -> dict[str, Any]:
    """The shipped config, changed only where this machine differs: ports, the GPU
    monitor reading our ``nvidia-smi``, the job store in a temporary folder."""
    data = copy.deepcopy(base)
    data["server"]["port"] = port
    data["ollama"]["baseUrl"] = sim_url
    data["gpu"]["monitor"].update(
        enabled=True, backend="nvidia-smi", nvidiaSmiPath=str(smi), intervalMs=interval_ms
    )
    data["router"]["strategy"] = strategy
    data["jobs"]["path"] = str(folder / f"jobs-{port}.db")
    return data


async def wait_up(
    url: str, proc: subprocess.Popen[bytes], log: Path, limit_s: float = 60.0
) -> None:
    deadline = time.monotonic() + limit_s
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{url} exited ({proc.returncode}):\n{log.read_text()[-2000:]}")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up:\n{log.read_text()[-2000:]}")


@contextlib.asynccontextmanager
async def process(
    args: Sequence[str],
    log: Path,
    ready_url: str,
    *,
    env: Mapping[str, str] | None = None,
) -> AsyncIterator[None]:
    """Run ``args`` (output to ``log``, ``env`` added to ours) until the block ends; ready
    when ``ready_url`` answers 200. Stopped with SIGTERM, then SIGKILL after 10 s."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with log.open("ab") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        await wait_up(ready_url, proc, log)
        yield
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                await asyncio.to_thread(proc.wait, 10)
            except subprocess.TimeoutExpired:
                proc.kill()
                await asyncio.to_thread(proc.wait)


@contextlib.asynccontextmanager
async def simulator(
    speeds: SimSpeeds,
    server: ServerSettings,
    folder: Path,
    seed: int,
    *,
    config: Path = GEX44,
    features: Features | None = None,
) -> AsyncIterator[str]:
    """A fresh simulator serving the models of ``config`` as the Ollama server
    ``server`` describes; yields its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    available = (features or Features()).flags
    server_flags, _ = server.flags(available)
    speed_flags, _ = speeds.supported(available)
    args = [*OAR, "simulate", "-c", str(config), f"--port={port}", f"--seed={seed}"]
    log = folder / f"simulator-{port}.log"
    async with process([*args, *server_flags, *speed_flags], log, url + "/"):
        yield url


@dataclass(frozen=True, slots=True)
class RouterCode:
    """Where the router's code comes from: this tree (``src`` None) or a revision's
    ``src`` folder extracted elsewhere."""

    revision: str
    src: Path | None = None
    #: Config keys that revision does not know, dropped from its config.
    dropped: tuple[str, ...] = ()

    def env(self) -> dict[str, str]:
        if self.src is None:
            return {}
        rest = os.environ.get("PYTHONPATH")
        return {"PYTHONPATH": os.pathsep.join(filter(None, [str(self.src), rest]))}


@contextlib.asynccontextmanager
async def router(
    base: dict[str, Any],
    sim_url: str,
    strategy: str,
    folder: Path,
    code: RouterCode | None = None,
) -> AsyncIterator[str]:
    """A fresh ``oar serve`` (of ``code``, else this tree) in front of ``sim_url``; yields
    its base URL once its GPU monitor has read the card through the fake ``nvidia-smi``."""
    port = free_port()
    smi = write_fake_smi(folder, sim_url)
    data = router_config(
        base, port=port, sim_url=sim_url, smi=smi, strategy=strategy, folder=folder
    )
    if code is not None and code.src is not None:
        data = drop_keys(data, code.dropped)
    config = folder / f"router-{port}.yaml"
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    url = f"http://127.0.0.1:{port}"
    args = [*OAR, "serve", "-c", str(config), "--log-level", "warning"]
    env = code.env() if code is not None else {}
    async with process(args, folder / f"router-{port}.log", url + "/health", env=env):
        await wait_gpu_reading(url)
        yield url


async def router_status(url: str) -> dict[str, Any] | None:
    """``GET /v1/router/status`` (None when it does not answer 200)."""
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(url + "/v1/router/status") as reply,
        ):
            if reply.status != 200:
                return None
            status: dict[str, Any] = await reply.json()
            return status
    except aiohttp.ClientError:
        return None


async def wait_gpu_reading(url: str, limit_s: float = 30.0) -> dict[str, Any]:
    """The router's GPU snapshot, once it comes from ``nvidia-smi``."""
    deadline = time.monotonic() + limit_s
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            async with session.get(url + "/v1/router/gpu") as response:
                gpu: dict[str, Any] = await response.json()
            if gpu.get("source") == "nvidia-smi":
                return gpu
            await asyncio.sleep(0.2)
    raise RuntimeError(f"the router at {url} never read the GPU through nvidia-smi: {gpu}")


def load_base(path: Path = GEX44, overrides: Sequence[str] = ()) -> dict[str, Any]:
    """The config at ``path`` with ``overrides`` (``dotted.key=YAML value``) applied."""
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    for text in overrides:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise ValueError(
                f"--set {text!r}: expected KEY=VALUE (like ollama.contextLength=32768)"
            )
        set_key(data, key.strip(), yaml.safe_load(value))
    return data


def set_key(data: dict[str, Any], dotted: str, value: Any) -> None:
    """``data[a][b][c] = value`` for ``a.b.c`` (missing mappings are created)."""
    *parents, last = dotted.split(".")
    node = data
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[last] = value


def drop_keys(data: dict[str, Any], dotted: Sequence[str]) -> dict[str, Any]:
    """A copy of ``data`` without the keys ``dotted`` names (``models.0.sizeGb`` reaches
    into lists)."""
    out = copy.deepcopy(data)
    for path in dotted:
        *parents, last = path.split(".")
        node: Any = out
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node.get(part, {})
        if isinstance(node, dict):
            node.pop(last, None)
    return out


# -- a router from another revision ------------------------------------------------------

_UNKNOWN_KEYS = """
import json, sys
from pydantic import ValidationError
from ollama_agent_router.config.models import RouterConfig
data = json.load(sys.stdin)
try:
    RouterConfig.model_validate(data, context={"base_dir": None})
    found = []
except ValidationError as exc:
    found = [".".join(map(str, e["loc"])) for e in exc.errors() if e["type"] == "extra_forbidden"]
import ollama_agent_router
print(json.dumps({"file": ollama_agent_router.__file__, "unknown": found}))
"""


def git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def current_revision() -> str:
    """This tree's revision: the short commit, ``+`` when ``src`` has changes not in it."""
    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "src")
    except (OSError, RuntimeError):
        return "this tree"
    return head + ("+" if dirty else "")


def resolve_revision(rev: str) -> str:
    """The short commit of ``rev`` (an error when git does not know it)."""
    return git("rev-parse", "--short", f"{rev}^{{commit}}")


def unknown_keys(src: Path, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The keys of ``data`` the config schema of the code in ``src`` rejects as unknown."""
    done = subprocess.run(
        [sys.executable, "-c", _UNKNOWN_KEYS],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cannot read the config schema in {src}:\n{done.stderr[-2000:]}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    if not Path(answer["file"]).resolve().is_relative_to(src.resolve()):
        raise RuntimeError(f"PYTHONPATH={src} still imports {answer['file']}")
    return tuple(answer["unknown"])


@contextlib.contextmanager
def baseline_tree(rev: str, base: Mapping[str, Any]) -> Iterator[RouterCode]:
    """``rev``'s ``src`` in a temporary folder outside the repository (removed at exit),
    with the config keys that revision does not know."""
    short = resolve_revision(rev)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", short, "src"],
        capture_output=True,
        check=True,
    )
    with tempfile.TemporaryDirectory(prefix=f"oar-baseline-{short}-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        src = Path(tmp) / "src"
        yield RouterCode(short, src, unknown_keys(src, base))


async def sim_post(url: str, body: Any) -> Any:
    """POST to the simulator's control API (``/_sim/…``)."""
    async with aiohttp.ClientSession() as http, http.post(url, json=body) as reply:
        reply.raise_for_status()
        return await reply.json()


async def sim_get(url: str) -> dict[str, Any]:
    """GET from the simulator's control API (``/_sim/state``, ``/_sim/plan``)."""
    async with aiohttp.ClientSession() as http, http.get(url) as reply:
        reply.raise_for_status()
        data: dict[str, Any] = await reply.json()
        return data
