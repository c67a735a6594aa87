"""Finding, reading and validating the config file.

The precedence of sources is explicit here: the YAML file, then ``OAR_*`` environment
overrides on top, then ``OLLAMA_HOST`` as the default Ollama address when the file
names none. Every problem is reported as one ``ConfigError`` naming the file and the
dotted key.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ollama_agent_router.config.checks import cross_field_problems
from ollama_agent_router.config.errors import ConfigError, Problem
from ollama_agent_router.config.models import RouterConfig

CONFIG_FILENAME = "ollama-agent-router.yaml"
JOBS_DB_FILENAME = "ollama-agent-router-jobs.db"
ENV_PREFIX = "OAR_"

log = logging.getLogger("ollama_agent_router.config")


def candidate_paths(env: Mapping[str, str] | None = None) -> list[Path]:
    """Where a config is looked for when ``--config`` is not given, in order."""
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or Path.home())
    return [
        Path.cwd() / CONFIG_FILENAME,
        home / ".config" / "ollama-agent-router" / "config.yaml",
        Path("/etc/ollama-agent-router/config.yaml"),
    ]


def find_config(explicit: Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    if explicit is not None:
        return explicit
    for path in candidate_paths(env):
        if path.is_file():
            return path
    looked = ", ".join(str(p) for p in candidate_paths(env))
    raise ConfigError(
        [Problem("", f"no config file found (looked in {looked}); run `oar init` to create one")]
    )


def load_config(path: Path | None = None, *, env: Mapping[str, str] | None = None) -> RouterConfig:
    """Read, override and validate the config; raise ``ConfigError`` on any problem."""
    env = os.environ if env is None else env
    source = find_config(path, env)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([Problem("", "file not found")], source=source) from None
    except OSError as exc:
        raise ConfigError([Problem("", f"cannot read: {exc.strerror}")], source=source) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(
            [Problem("", f"YAML syntax error at {where}{problem}")], source=source
        ) from None
    if data is None:
        raise ConfigError([Problem("", "the file is empty")], source=source)
    return parse_config(data, source=source, env=env)


def parse_config(
    data: Any,
    *,
    source: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> RouterConfig:
    """Validate already-parsed YAML data (a mapping) into a ``RouterConfig``."""
    env = {} if env is None else env
    if not isinstance(data, dict):
        raise ConfigError(
            [Problem("", f"the top level must be a mapping of sections, not {_kind(data)}")],
            source=source,
        )
    data = apply_env_overrides(data, env)
    ollama_host = env.get("OLLAMA_HOST", "").strip()
    if ollama_host and "baseUrl" not in (data.get("ollama") or {}):
        data = {
            **data,
            "ollama": {**(data.get("ollama") or {}), "baseUrl": ollama_host_url(ollama_host)},
        }
    base_dir = source.resolve().parent if source is not None else None
    try:
        config = RouterConfig.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as exc:
        raise ConfigError(_problems_from(exc), source=source) from None
    problems = cross_field_problems(config)
    if problems:
        raise ConfigError(problems, source=source)
    for message in config.server.deprecations():
        log.warning("%s%s", f"{source}: " if source is not None else "", message)
    if config.jobs.path is None and base_dir is not None:
        jobs = config.jobs.model_copy(update={"path": base_dir / JOBS_DB_FILENAME})
        config = config.model_copy(update={"jobs": jobs})
    return config


def ollama_host_url(value: str) -> str:
    """Turn an ``OLLAMA_HOST`` value into a client base URL, as Ollama's clients do."""
    value = value.strip().strip("'\"").strip()
    if not value:
        return "http://127.0.0.1:11434"
    scheme, default_port = "http", 11434
    if "://" in value:
        scheme, value = value.split("://", 1)
        default_port = 443 if scheme == "https" else 80
    host_port, slash, path = value.partition("/")
    host, port = _split_host_port(host_port, default_port)
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}" + (f"/{path}".rstrip("/") if slash else "")


def _split_host_port(value: str, default_port: int) -> tuple[str, int]:
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif value.count(":") > 1:
        return value, default_port
    else:
        host, _, port = value.partition(":")
    return host, int(port) if port.isdigit() else default_port


def apply_env_overrides(data: dict[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    """Apply ``OAR_SECTION__KEY=value`` overrides; values are read as YAML scalars.

    Segments match keys case-insensitively, ignoring underscores, so
    ``OAR_SERVER__PORT`` and ``OAR_GPU__MONITOR__INTERVAL_MS`` both work.
    """
    result = _deep_copy(data)
    for name, raw in sorted(env.items()):
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        path = name[len(ENV_PREFIX) :].split("__")
        try:
            value = yaml.safe_load(raw) if raw != "" else ""
        except yaml.YAMLError:
            value = raw
        node = result
        for segment in path[:-1]:
            key = _match_key(node, segment)
            child = node.get(key)
            if not isinstance(child, dict):
                child = {}
                node[key] = child
            node = child
        node[_match_key(node, path[-1])] = value
    return result


def _match_key(node: dict[str, Any], segment: str) -> str:
    wanted = segment.replace("_", "").lower()
    for key in node:
        if key.replace("_", "").lower() == wanted:
            return key
    # A key not yet in the file: write it in camelCase, the file's spelling.
    parts = segment.lower().split("_")
    return parts[0] + "".join(p.title() for p in parts[1:])


def _deep_copy(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _deep_copy(v) if isinstance(v, dict) else v for k, v in data.items()}


def _problems_from(exc: ValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        key = dotted_key(error["loc"])
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown key (check the spelling)"
        elif error["type"] == "missing":
            message = "required key is missing"
        elif message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if error["type"] not in ("extra_forbidden", "missing") and "input" in error:
            shown = repr(error["input"])
            if (
                len(shown) <= 60
                and shown not in message
                and not isinstance(error["input"], dict | list)
            ):
                message = f"{message} (got {shown})"
        problems.append(Problem(key, message))
    return problems


_UNION_MEMBER_LOCS = frozenset({"str", "int", "float", "bool", "none", "is-instance[Path]"})


def dotted_key(loc: tuple[int | str, ...]) -> str:
    """``('models', 0, 'sizeGb')`` → ``models[0].sizeGb``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out and (part in _UNION_MEMBER_LOCS or "[" in part):
            continue  # pydantic's internal validator names add nothing for users
        else:
            out += f".{part}" if out else part
    return out


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
