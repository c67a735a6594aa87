"""For the ``oar configure`` / ``oar doctor`` tests: fake ``ollama``, ``nvidia-smi`` and
``sysctl`` executables in a folder put first on ``PATH``, the simulator on a free port in
a background thread (so plain ``subprocess.run`` calls can use it), and ``oar`` itself
run as a real process."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ollama_agent_router.simulator.server import run_simulator
from ollama_agent_router.simulator.settings import SimModel, SimulatorSettings

OAR = [sys.executable, "-m", "ollama_agent_router"]
SYSTEM_PATH = "/usr/bin:/bin"
OLLAMA_VERSION = "0.32.15"

#: A realistic set: a small chat model, a code model with tools, a code model without
#: tools (deepseek-coder has none in Ollama), a large reasoning model, an embedder.
MODELS = (
    SimModel("llama3.2:3b", 2.0, family="llama"),
    SimModel("qwen2.5-coder:7b", 4.7, default_context=8192, family="qwen2"),
    SimModel("deepseek-coder:6.7b", 3.8, family="llama", capabilities=("completion", "insert")),
    SimModel(
        "gpt-oss:20b", 13.0, family="gptoss", capabilities=("completion", "tools", "thinking")
    ),
    SimModel("nomic-embed-text:latest", 0.27, family="nomic-bert", embedding=True),
)


@contextmanager
def simulator(models: Sequence[SimModel] = MODELS, **changes: Any) -> Iterator[str]:
    """A simulator on a free port, served by its own event loop in a thread; yields its
    ``host:port`` (an ``OLLAMA_HOST`` value)."""
    settings = SimulatorSettings(models=tuple(models), instant=True, **changes)
    ready = threading.Event()
    box: dict[str, Any] = {}

    async def main() -> None:
        async with run_simulator(settings) as handle:
            box["address"] = f"127.0.0.1:{handle.port}"
            box["loop"] = asyncio.get_running_loop()
            box["stop"] = asyncio.Event()
            ready.set()
            await box["stop"].wait()

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    if not ready.wait(15):
        raise AssertionError("the simulator did not start")
    try:
        yield str(box["address"])
    finally:
        box["loop"].call_soon_threadsafe(box["stop"].set)
        thread.join(15)


def _script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"#!{sys.executable}\n" + body)
    path.chmod(0o755)
    return path


def fake_ollama(folder: Path, *, running: bool, models: Sequence[SimModel] = ()) -> Path:
    """An ``ollama`` that answers ``--version``, ``list`` and ``ps`` as the real one does
    with its server up (``running``) or down."""
    rows = "".join(
        f"{m.name:<28}{'a80c4f17acd5':<16}{m.size_gb:.1f} GB    2 weeks ago\\n" for m in models
    )
    listing = f"NAME                        ID              SIZE      MODIFIED\\n{rows}"
    return _script(
        folder,
        "ollama",
        f"""import sys
args = sys.argv[1:]
running = {running!r}
if args[:1] in (["--version"], ["-v"]):
    if running:
        print("ollama version is {OLLAMA_VERSION}")
    else:
        print("Warning: could not connect to a running Ollama instance")
        print("Warning: client version is {OLLAMA_VERSION}")
    sys.exit(0)
if not running:
    print("Error: could not connect to ollama app, is it running?", file=sys.stderr)
    sys.exit(1)
if args[:1] == ["list"]:
    sys.stdout.write("{listing}")
elif args[:1] == ["ps"]:
    print("NAME    ID    SIZE    PROCESSOR    CONTEXT    UNTIL")
sys.exit(0)
""",
    )


def fake_nvidia_smi(folder: Path, gpus: Sequence[str]) -> Path:
    """An ``nvidia-smi`` printing one CSV line per GPU. An entry ``sim:HOST:PORT`` reads
    the simulator's card (``GET /_sim/gpu``); any other entry is printed as it is."""
    return _script(
        folder,
        "nvidia-smi",
        f"""import json, sys, urllib.request
if "--query-gpu=name,memory.total,memory.used,memory.free,utilization.gpu" not in sys.argv:
    sys.exit("unexpected arguments: " + " ".join(sys.argv[1:]))
for entry in {list(gpus)!r}:
    if entry.startswith("sim:"):
        url = "http://" + entry[4:] + "/_sim/gpu"
        g = json.load(urllib.request.urlopen(url, timeout=5))
        print(f"{{g['name']}}, {{g['totalMb']}}, {{g['usedMb']}}, {{g['freeMb']}}, "
              f"{{g['utilizationPct']}}")
    else:
        print(entry)
""",
    )


def fake_sysctl(folder: Path, *, memsize: int, brand: str) -> Path:
    """macOS's ``sysctl -n hw.memsize`` / ``machdep.cpu.brand_string``."""
    return _script(
        folder,
        "sysctl",
        f"""import sys
values = {{"hw.memsize": "{memsize}", "machdep.cpu.brand_string": "{brand}"}}
key = sys.argv[-1]
if key not in values:
    sys.exit(f"sysctl: unknown oid '{{key}}'")
print(values[key])
""",
    )


def env_for(bin_dir: Path, home: Path, *, ollama_host: str | None, **extra: str) -> dict[str, str]:
    """A clean environment: the fakes first on PATH, no OLLAMA_* or OAR_* from the host."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OLLAMA_", "OAR_")) and key not in ("PATH", "HOME")
    }
    env.update(PATH=f"{bin_dir}:{SYSTEM_PATH}", HOME=str(home), NO_COLOR="1", COLUMNS="160")
    if ollama_host is not None:
        env["OLLAMA_HOST"] = ollama_host
    env.update(extra)
    return env


def oar(
    *args: str, env: Mapping[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*OAR, *args],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


def plain(text: str) -> str:
    """Terminal output without colour codes and carriage returns."""
    return _ANSI.sub("", text)
