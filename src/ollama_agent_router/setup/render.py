"""The plan as a commented YAML file: a header, then each section under a line of why.

Lists of plain values stay on one line (``purpose: [triage, simple_chat]``) and each
model gets its role as a comment, so the file reads like one written by hand. The text
is what gets validated and written, byte for byte.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

import yaml

from ollama_agent_router.setup.plan import Plan

_WIDTH = 92


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style for lists of scalars."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(not isinstance(item, dict | list) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_WIDTH)


def _comment(text: str, indent: str = "") -> str:
    lines = textwrap.wrap(text, width=_WIDTH - len(indent) - 2) or [""]
    return "".join(f"{indent}# {line}\n" for line in lines)


def render(plan: Plan, *, header: Sequence[str] = ()) -> str:
    """The YAML text of ``plan``, with ``header`` lines as the opening comment."""
    out = ["".join(_comment(line) for line in header) + "\n"] if header else []
    for section, value in plan.data.items():
        if section in plan.why:
            out.append(_comment(plan.why[section]))
        if section == "models":
            out.append(_models(value, plan.model_why))
        elif section == "routes":
            out.append(_routes(value))
        else:
            out.append(_dump({section: value}))
        out.append("\n")
    return "".join(out).rstrip("\n") + "\n"


def _models(models: list[dict[str, Any]], why: dict[str, str]) -> str:
    parts = ["models:\n"]
    for model in models:
        note = why.get(model["name"])
        if note:
            parts.append(_comment(note, "  "))
        body = _dump([model])
        parts.append(textwrap.indent(body, "  "))
    return "".join(parts)


def _plain(name: str) -> str:
    """A model name as YAML reads it back unchanged, unquoted when it can be."""
    try:
        if yaml.safe_load(f"[{name}]") == [name]:
            return name
    except yaml.YAMLError:
        pass
    return json.dumps(name)


def _routes(routes: dict[str, list[str]]) -> str:
    lines = ["routes:\n"]
    for task, names in routes.items():
        lines.append(f"  {_plain(task)}: [{', '.join(_plain(n) for n in names)}]\n")
    return "".join(lines)
