"""The processes of ``bench/fleet.py``: several nodes (each an ``oar serve`` router in front
of its own ``oar simulate`` card, read through its own fake ``nvidia-smi``), and what
stands in front of them: nginx with the shipped ``examples/gateway/nginx.conf``, or the
fleet gateway (``oar serve`` with a ``fleet`` section).

Every node runs with access control: a ``standalone`` key for clients that call it
directly (the nginx and one-node rows: nginx passes the client's ``Authorization``
header on), a ``runtimeAgent`` key for the gateway. Both keys are made fresh for each
run, without rate limits, and the gateway reads its key from the environment
(``apiKeyEnv``), so no key is written to a file. Ports are free ones; every process is
stopped when its block ends (SIGTERM, then SIGKILL after 10 s), also on Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hashlib
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

import pressure_stack as stack

ROOT = Path(__file__).resolve().parents[1]
NGINX_EXAMPLE = ROOT / "examples" / "gateway" / "nginx.conf"
FLEET_EXAMPLES = ROOT / "examples" / "fleet"
CLIENT_KEY_ID = "bench-client"
GATEWAY_KEY_ID = "fleet-gateway"
#: How often the fake ``nvidia-smi`` is read by each node's GPU monitor.
GPU_INTERVAL_MS = 1000


# -- keys and configs --------------------------------------------------------------------


def key_hash(key: str) -> str:
    """What the router stores for a key (docs/security.md)."""
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Keys:
    """The run's two keys: the clients' (standalone) and the gateway's (runtimeAgent)."""

    client: str
    gateway: str

    @classmethod
    def fresh(cls) -> Keys:
        return cls("oar_" + secrets.token_hex(32), "oar_" + secrets.token_hex(32))

    def access(self) -> dict[str, Any]:
        """The ``access`` section of every node: both planes need a key, no limits, no
        admin plane."""
        plane = {"enabled": True, "auth": {"requireApiKey": True, "anonymous": "reject"}}
        return {
            "managed": {
                "version": 1,
                "planes": {"standalone": copy.deepcopy(plane), "runtimeAgent": plane},
                "apiKeys": [
                    {
                        "id": CLIENT_KEY_ID,
                        "keyHash": key_hash(self.client),
                        "scopes": ["standalone"],
                    },
                    {
                        "id": GATEWAY_KEY_ID,
                        "keyHash": key_hash(self.gateway),
                        "scopes": ["runtimeAgent"],
                    },
                ],
            }
        }


def key_env(node_id: str) -> str:
    """The environment variable the gateway reads a node's key from."""
    return "OAR_FLEET_KEY_" + re.sub(r"[^A-Z0-9]+", "_", node_id.upper()).strip("_")


def node_config(
    base: Mapping[str, Any],
    *,
    node_id: str,
    port: int,
    sim_url: str,
    smi: Path,
    folder: Path,
    keys: Keys,
) -> dict[str, Any]:
    """A node's config: ``base`` as shipped but for the node id, ports, the GPU monitor
    reading our ``nvidia-smi``, the job store in ``folder`` and the run's keys."""
    strategy = str(base.get("router", {}).get("strategy", "residency"))
    data = stack.router_config(
        dict(base),
        port=port,
        sim_url=sim_url,
        smi=smi,
        strategy=strategy,
        folder=folder,
        interval_ms=GPU_INTERVAL_MS,
    )
    data["server"].update(nodeId=node_id, host="127.0.0.1")
    data["access"] = keys.access()
    return data


@dataclass(frozen=True, slots=True)
class GatewayNode:
    """One node as the gateway config names it: the key itself or the variable it is in."""

    id: str
    url: str
    api_key: str | None = None
    api_key_env: str | None = None


def gateway_config(
    port: int,
    nodes: Sequence[GatewayNode],
    *,
    poll_interval_ms: int = 1000,
    timeout_ms: int = 2000,
) -> dict[str, Any]:
    """The fleet gateway's config (``examples/fleet/gateway.yaml``'s shape)."""
    entries = []
    for node in nodes:
        entry: dict[str, Any] = {"id": node.id, "url": node.url}
        if node.api_key_env:
            entry["apiKeyEnv"] = node.api_key_env
        elif node.api_key:
            entry["apiKey"] = node.api_key
        entries.append(entry)
    return {
        "server": {"host": "127.0.0.1", "port": port, "nodeId": "gateway"},
        "fleet": {
            "nodes": entries,
            "pollIntervalMs": poll_interval_ms,
            "timeoutMs": timeout_ms,
        },
        "models": [],
    }


# -- nodes -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """A node to start: its id and the config it runs (``examples/…``)."""

    id: str
    config: Path


@dataclass(slots=True)
class Node:
    """A running node: router URL, simulator URL, the config it runs."""

    id: str
    url: str
    sim_url: str
    config: dict[str, Any]
    folder: Path
    #: The router's ``/v1/router/status``, read before it stops.
    status: dict[str, Any] | None = None


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def get_json(url: str, key: str | None = None, timeout_s: float = 10.0) -> Any:
    """GET ``url`` (with ``key``); None unless it answers 200."""
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    headers = auth(key) if key else {}
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.get(url, headers=headers) as reply,
        ):
            if reply.status != 200:
                return None
            return await reply.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError):
        return None


async def wait_gpu_reading(url: str, key: str, limit_s: float = 30.0) -> None:
    """Until the node's GPU snapshot comes from ``nvidia-smi`` (the runtime-agent plane,
    so with the gateway's key)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    gpu = None
    while loop.time() < deadline:
        gpu = await get_json(url + "/v1/router/gpu", key)
        if isinstance(gpu, dict) and gpu.get("source") == "nvidia-smi":
            return
        await asyncio.sleep(0.2)
    raise RuntimeError(f"the router at {url} never read the GPU through nvidia-smi: {gpu}")


@contextlib.asynccontextmanager
async def node(
    spec: NodeSpec,
    folder: Path,
    keys: Keys,
    *,
    speeds: stack.SimSpeeds,
    features: stack.Features,
    seed: int,
) -> AsyncIterator[Node]:
    """A fresh simulator (the Ollama server ``spec.config`` describes) and a router in
    front of it, in a folder of their own (the fake ``nvidia-smi`` has a fixed name)."""
    home = folder / spec.id
    home.mkdir(parents=True, exist_ok=True)
    base = stack.load_base(spec.config)
    server = stack.ServerSettings.from_config(base)
    async with stack.simulator(
        speeds, server, home, seed, config=spec.config, features=features
    ) as sim_url:
        port = stack.free_port()
        smi = stack.write_fake_smi(home, sim_url)
        data = node_config(
            base, node_id=spec.id, port=port, sim_url=sim_url, smi=smi, folder=home, keys=keys
        )
        config = home / "router.yaml"
        config.write_text(yaml.safe_dump(data, sort_keys=False))
        url = f"http://127.0.0.1:{port}"
        args = [*stack.OAR, "serve", "-c", str(config), "--log-level", "warning"]
        async with stack.process(args, home / "router.log", url + "/health"):
            await wait_gpu_reading(url, keys.gateway)
            out = Node(spec.id, url, sim_url, data, home)
            yield out
            out.status = await get_json(url + "/v1/router/status", keys.gateway)


@contextlib.asynccontextmanager
async def nodes(
    specs: Sequence[NodeSpec],
    folder: Path,
    keys: Keys,
    *,
    speeds: stack.SimSpeeds,
    features: stack.Features,
    seed: int,
) -> AsyncIterator[list[Node]]:
    """All ``specs`` started at once (a failing start stops the others)."""
    async with contextlib.AsyncExitStack() as exits:
        started: dict[str, Node] = {}

        async def start(spec: NodeSpec) -> None:
            cm = node(spec, folder, keys, speeds=speeds, features=features, seed=seed)
            started[spec.id] = await exits.enter_async_context(cm)

        async with asyncio.TaskGroup() as group:
            for spec in specs:
                group.create_task(start(spec))
        yield [started[spec.id] for spec in specs]


# -- nginx -------------------------------------------------------------------------------


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def _replace_once(text: str, pattern: str, new: str) -> str:
    """``text`` with the one match of ``pattern`` replaced; an error when the shipped
    file no longer has it (the bench must run that file, not something else)."""
    out, count = re.subn(pattern, lambda _: new, text, count=1, flags=re.S)
    if count != 1:
        raise RuntimeError(f"{NGINX_EXAMPLE} changed: no match for {pattern!r}")
    return out


def nginx_config(
    folder: Path, listen: int, routers: Mapping[str, str], *, access_log: Path | None = None
) -> Path:
    """``examples/gateway/nginx.conf`` for these nodes (``{node id: router URL}``), as its
    comments say to adapt it: one ``map`` line and one ``upstream`` per node, every node
    in ``oar_all``; plus this machine's listen address, temporary paths under ``folder``
    and an access log naming the upstream of each request."""
    text = NGINX_EXAMPLE.read_text()
    text = _replace_once(text, r"listen 8080;", f"listen 127.0.0.1:{listen};")
    hosts = {node: url.removeprefix("http://").rstrip("/") for node, url in routers.items()}
    groups = "".join(f"        {node:<8} oar_{node};\n" for node in hosts)
    text = _replace_once(text, r"        gpu1 +oar_gpu1;\n        gpu2 +oar_gpu2;\n", groups)
    upstreams = "".join(
        f"    upstream oar_{node} {{\n        server {host};\n        keepalive 16;\n    }}\n\n"
        for node, host in hosts.items()
    )
    text = _replace_once(
        text, r"    upstream oar_gpu1 \{.*?\}\n\n    upstream oar_gpu2 \{.*?\}\n\n", upstreams
    )
    servers = "".join(f"        server {host};\n" for host in hosts.values())
    text = _replace_once(
        text,
        r"(    upstream oar_all \{\n)(?:        server [^\n]+;\n)+",
        "    upstream oar_all {\n" + servers,
    )
    temp = "".join(
        f"    {kind}_temp_path {folder / (kind + '_temp')};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    log = "    access_log off;\n"
    if access_log is not None:
        log = (
            "    log_format fleet '$msec|$status|$upstream_addr|$request_time|$request_uri';\n"
            f"    access_log {access_log} fleet;\n"
        )
    text = _replace_once(text, r"http \{\n", f"http {{\n{log}{temp}")
    if os.geteuid() == 0:
        # Workers would run as nobody, which cannot write request bodies (agent turns of
        # ~100 KB are buffered to client_body_temp_path) under our private folder.
        text = _replace_once(text, r"\nevents \{\}\n", "\nuser root;\nevents {}\n")
    path = folder / "nginx.conf"
    path.write_text(text)
    return path


@contextlib.asynccontextmanager
async def nginx(folder: Path, routers: Mapping[str, str]) -> AsyncIterator[str]:
    """A real nginx with the shipped config in front of ``routers``; yields its URL."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    home = folder / "nginx"
    home.mkdir(parents=True, exist_ok=True)
    port = stack.free_port()
    conf = nginx_config(home, port, routers, access_log=home / "access.log")
    check = subprocess.run(
        [binary, "-t", "-p", str(home), "-c", str(conf), "-e", "stderr"],
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t refused {conf}:\n{check.stderr}")
    args = [
        binary,
        "-p",
        str(home),
        "-c",
        str(conf),
        "-e",
        "stderr",
        "-g",
        f"daemon off; pid {home / 'nginx.pid'};",
    ]
    url = f"http://127.0.0.1:{port}"
    async with stack.process(args, home / "nginx.log", url + "/health"):
        yield url


def nginx_upstreams(log: Path, routers: Mapping[str, str]) -> dict[str, int]:
    """Requests per node in nginx's access log (``$upstream_addr``), without /health."""
    by_host = {url.removeprefix("http://").rstrip("/"): node for node, url in routers.items()}
    counts = dict.fromkeys(routers, 0)
    if not log.exists():
        return counts
    for line in log.read_text().splitlines():
        parts = line.split("|")
        if len(parts) < 5 or parts[4] == "/health":
            continue
        # A retried request lists every upstream it tried: "a:1, b:2"; the last answered.
        last = parts[2].split(",")[-1].strip()
        node = by_host.get(last)
        if node is not None:
            counts[node] += 1
    return counts


# -- the gateway -------------------------------------------------------------------------


class Unavailable(Exception):
    """``oar serve`` of this tree has no fleet gateway (it refuses the ``fleet`` section)."""


def gateway_support(folder: Path) -> str | None:
    """None when this tree's ``oar serve`` takes a ``fleet`` section, else why not (its
    first complaint about ``fleet``), from ``oar validate-config`` on a gateway config
    (the same validation ``oar serve`` runs at startup)."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / "gateway-probe.yaml"
    data = gateway_config(
        stack.free_port(), [GatewayNode("node-a", "http://127.0.0.1:9", api_key="probe")]
    )
    probe.write_text(yaml.safe_dump(data, sort_keys=False))
    done = subprocess.run(
        [*stack.OAR, "validate-config", "-c", str(probe)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    if done.returncode == 0:
        return None
    lines = [line.replace(f"{probe}: ", "") for line in (done.stderr + done.stdout).splitlines()]
    fleet = [line.removeprefix("error: ") for line in lines if re.search(r"\bfleet\b", line)]
    if fleet:
        return f"not available: oar serve refuses the fleet section ({fleet[0].strip()})"
    return "not available: oar serve refuses the gateway config (" + " ".join(lines)[:200] + ")"


@contextlib.asynccontextmanager
async def gateway(folder: Path, routers: Sequence[Node], keys: Keys) -> AsyncIterator[str]:
    """``oar serve`` with a ``fleet`` section over ``routers``; yields its URL. Each node's
    key reaches it through the environment (``apiKeyEnv``)."""
    home = folder / "gateway"
    home.mkdir(parents=True, exist_ok=True)
    port = stack.free_port()
    entries = [GatewayNode(n.id, n.url, api_key_env=key_env(n.id)) for n in routers]
    config = home / "gateway.yaml"
    config.write_text(yaml.safe_dump(gateway_config(port, entries), sort_keys=False))
    env = {key_env(n.id): keys.gateway for n in routers}
    url = f"http://127.0.0.1:{port}"
    args = [*stack.OAR, "serve", "-c", str(config), "--log-level", "warning"]
    try:
        async with stack.process(args, home / "gateway.log", url + "/health", env=env):
            yield url
    except RuntimeError as exc:
        if "fleet" in str(exc) and "unknown key" in str(exc):
            raise Unavailable("not available: oar serve refuses the fleet section") from exc
        raise


# -- what the simulators counted ---------------------------------------------------------


@dataclass(slots=True)
class SimTotals:
    """The nodes' simulator counters, summed, and each node's own."""

    by_node: dict[str, dict[str, Any]] = field(default_factory=dict)

    def total(self, key: str) -> float:
        return float(sum(float(state.get(key) or 0) for state in self.by_node.values()))

    def requests(self) -> dict[str, int]:
        """Inference requests each node's simulator served (``requests.byModel``: chat,
        generate, embed; not ``/api/ps``, ``/api/tags`` or ``/api/show``)."""
        return {
            node: sum((state.get("requests") or {}).get("byModel", {}).values())
            for node, state in self.by_node.items()
        }

    def prompt(self) -> tuple[int, int]:
        """(cached, processed) prompt tokens over all nodes."""
        cached = processed = 0
        for state in self.by_node.values():
            tokens = state.get("promptTokens") or {}
            cached += int(tokens.get("cached", 0))
            processed += int(tokens.get("processed", 0))
        return cached, processed

    def marks(self) -> dict[str, dict[str, int]]:
        """``{node: {mark: requests}}``: inference requests whose prompt held
        ``sim-mark:<mark>``, per node."""
        return {node: dict(state.get("marks") or {}) for node, state in self.by_node.items()}


async def sim_totals(nodes_: Sequence[Node]) -> SimTotals:
    states = await asyncio.gather(*(stack.sim_get(n.sim_url + "/_sim/state") for n in nodes_))
    return SimTotals({n.id: state for n, state in zip(nodes_, states, strict=True)})


async def post_plan(nodes_: Sequence[Node], plan: Mapping[str, int]) -> None:
    """The completion plan on every node's simulator (any node may get any request)."""
    for one in nodes_:
        taken = await stack.sim_post(one.sim_url + "/_sim/plan", {"completions": dict(plan)})
        if taken["entries"] != len(plan):
            raise RuntimeError(f"{one.id}'s simulator took {taken['entries']} of {len(plan)}")
