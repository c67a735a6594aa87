"""``oar keys create``: a new random API key, shown once, with its hash and a config
snippet; ``--register`` adds it to a running router through the admin API; ``--admin``
makes a key for the admin plane (``access.admin.apiKeyHashes``) instead.

Client keys and admin keys are kept apart: client keys have an id and scopes and live in
the managed policy; admin keys are only hashes in the boot-only admin settings. The ids
``admin`` and ``anonymous`` are reserved: they name the admin plane and callers without
a key in the audit log, the request log and job ownership.
"""

from __future__ import annotations

import json
import re
import secrets
import urllib.error
import urllib.request
from typing import Annotated, Any

import typer
import yaml
from pydantic import ValidationError

from ollama_agent_router.access.keys import hash_key, new_key
from ollama_agent_router.cli.app import JsonOption, app, fail, options, stdout, want_json
from ollama_agent_router.config.loader import dotted_key
from ollama_agent_router.config.models import ApiKey

keys_app = typer.Typer(help="Create API keys for the access planes.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

_SCOPES = {
    "standalone": "standalone",
    "runtimeagent": "runtimeAgent",
    "runtime-agent": "runtimeAgent",
}
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


def parse_limit(text: str) -> dict[str, int]:
    """``120/60s`` (also ``120/1m``, ``5/1h``, ``10/30``) → ``{requests, windowSeconds}``."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*([smh]?)\s*", text)
    if not match or int(match.group(1)) < 1 or int(match.group(2)) < 1:
        raise ValueError(f"--limit {text!r}: use REQUESTS/WINDOW such as 120/60s or 5/1m")
    return {
        "requests": int(match.group(1)),
        "windowSeconds": int(match.group(2)) * _UNITS[match.group(3)],
    }


def key_entry(
    key: str, *, key_id: str, name: str | None, scopes: list[str], limit: str | None
) -> dict[str, Any]:
    """The ``access.managed.apiKeys`` entry of ``key`` (validated; only the hash)."""
    entry: dict[str, Any] = {"id": key_id}
    if name:
        entry["name"] = name
    entry["keyHash"] = hash_key(key)
    entry["enabled"] = True
    entry["scopes"] = scopes
    if limit is not None:
        window = parse_limit(limit)
        entry["limits"] = {scope: dict(window) for scope in scopes}
    try:
        ApiKey.model_validate(entry)
    except ValidationError as exc:
        raise ValueError(_one_line(exc)) from None
    return entry


_OPTION_OF = {"id": "--id", "name": "--name", "scopes": "--scope", "limits": "--limit"}


def _one_line(exc: ValidationError) -> str:
    """The first problem of a key entry, named by the option that caused it."""
    first = exc.errors(include_url=False)[0]
    loc = first["loc"]
    field = _OPTION_OF.get(str(loc[0]), dotted_key(loc)) if loc else "key"
    message = first["msg"].removeprefix("Value error, ")
    if loc and loc[0] == "id" and first.get("input") in ("admin", "anonymous"):
        message += "; for an admin key use `oar keys create --admin`"
    return f"{field} {first.get('input')!r}: {message}"


@keys_app.command("create")
def create(
    ctx: typer.Context,
    key_id: Annotated[
        str | None, typer.Option("--id", help="Key id (letters, digits, . _ : -).")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="A human-readable name.")] = None,
    scope: Annotated[
        list[str] | None,
        typer.Option("--scope", help="standalone or runtimeAgent; repeat for both."),
    ] = None,
    limit: Annotated[
        str | None, typer.Option("--limit", help="Per-key limit on each scope, e.g. 120/60s.")
    ] = None,
    register: Annotated[
        bool,
        typer.Option(
            "--register",
            help="Add the key to the router at --url through the admin API "
            "(admin key from --api-key or $OAR_API_KEY).",
        ),
    ] = False,
    admin: Annotated[
        bool,
        typer.Option(
            "--admin",
            help="A key for the admin plane: its hash goes in access.admin.apiKeyHashes "
            "(no id, scope or limit).",
        ),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Print a new random API key (once) and its sha256 hash."""
    if admin:
        given = [
            flag
            for flag, value in (
                ("--id", key_id),
                ("--name", name),
                ("--scope", scope),
                ("--limit", limit),
                ("--register", register or None),
            )
            if value is not None
        ]
        if given:
            fail(
                f"--admin takes no {', '.join(given)}: admin keys are only hashes in"
                " access.admin.apiKeyHashes (boot-only; the admin API cannot add them)"
            )
        _print_admin_key(ctx, json_output)
        return
    scopes = []
    for item in scope or ["standalone"]:
        canonical = _SCOPES.get(item.lower())
        if canonical is None:
            fail(f"--scope {item!r}: use standalone or runtimeAgent")
        if canonical not in scopes:
            scopes.append(canonical)
    key = new_key()
    try:
        entry = key_entry(
            key,
            key_id=key_id or f"key-{secrets.token_hex(4)}",
            name=name,
            scopes=scopes,
            limit=limit,
        )
    except ValueError as exc:
        fail(str(exc).splitlines()[0])
    if register:
        _register(ctx, entry)
    if want_json(ctx, json_output):
        stdout.print_json(json.dumps({"key": key, "entry": entry, "registered": register}))
        return
    lines = [f"API key (shown only now; store it safely): {key}", f"Hash: {entry['keyHash']}"]
    if register:
        lines.append(f"Registered as {entry['id']!r} at {options(ctx).url}")
    else:
        lines.append("Add this under access.managed.apiKeys (or --register it):")
        snippet = yaml.safe_dump([entry], sort_keys=False, width=1000)
        lines += ["  " + line for line in snippet.splitlines()]
    stdout.print("\n".join(lines), markup=False, soft_wrap=True)


def _print_admin_key(ctx: typer.Context, json_output: bool) -> None:
    key = new_key()
    digest = hash_key(key)
    if want_json(ctx, json_output):
        stdout.print_json(json.dumps({"key": key, "keyHash": digest, "admin": True}))
        return
    lines = [
        f"Admin API key (shown only now; store it safely): {key}",
        f"Hash: {digest}",
        "Add the hash under access.admin.apiKeyHashes (restart to apply):",
        "  apiKeyHashes:",
        f"    - {digest}",
    ]
    stdout.print("\n".join(lines), markup=False, soft_wrap=True)


def _register(ctx: typer.Context, entry: dict[str, Any]) -> None:
    opts = options(ctx)
    if not opts.api_key:
        fail("--register needs the admin key: pass --api-key or set OAR_API_KEY")
    base = opts.base_path.rstrip("/")
    url = f"{opts.url}{base}/v1/admin/access/keys"
    request = urllib.request.Request(
        url,
        data=json.dumps(entry).encode(),
        method="POST",
        headers={"content-type": "application/json", "authorization": f"Bearer {opts.api_key}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10):
            return
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read())["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = exc.reason
        fail(f"the router refused the key ({exc.code}): {message}")
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        fail(f"cannot reach the router at {opts.url}: {reason}")
