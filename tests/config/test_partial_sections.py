"""A section given in part keeps every default it does not set, in every section.

The walk covers each nested section of ``RouterConfig`` (optional ones too) and, for
each key of it, a config that sets only that key (to its own default, so any value is
valid): the section it yields must equal the section the config gets when the key is
left out. A section whose defaults were built into its parent (``faces.responses``
made with a model map) failed this: given ``storeMaxSize`` alone, its model map was
empty and ``gpt-4o`` a 404.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from ollama_agent_router.config import parse_config
from ollama_agent_router.config.models import RouterConfig, Section

ONE_MODEL: dict[str, Any] = {"models": [{"name": "m:1b", "sizeGb": 1.0}]}


def section_type(annotation: Any) -> type[Section] | None:
    """The section class of a field (``X``, ``X | None``), else ``None`` (lists, maps)."""
    if get_origin(annotation) in (Union, types.UnionType):
        found = [section_type(arg) for arg in get_args(annotation)]
        return next((kind for kind in found if kind is not None), None)
    if isinstance(annotation, type) and issubclass(annotation, Section):
        return annotation
    return None


def sections(
    model: type[Section], default: Section, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Section]]:
    """(alias path, the section's default) for every nested section with a default:
    the default its parent gives it, else the class's own when it has one for every
    key (an optional section such as ``access``); sections of required keys (a rate
    limit) have no defaults to lose."""
    for name, field in model.model_fields.items():
        kind = section_type(field.annotation)
        if kind is None:
            continue
        value = getattr(default, name)
        if value is None:
            if any(f.is_required() for f in kind.model_fields.values()):
                continue
            value = kind()
        where = (*path, field.alias or name)
        yield where, value
        yield from sections(kind, value, where)


SECTIONS = dict(sections(RouterConfig, parse_config(ONE_MODEL)))


def keyed(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data: dict[str, Any] = {**ONE_MODEL}
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    return data


def section_at(config: RouterConfig, path: tuple[str, ...]) -> Any:
    node: Any = config
    for alias in path:
        model = type(node)
        name = next(n for n, f in model.model_fields.items() if (f.alias or n) == alias)
        node = getattr(node, name)
    return node


def cases() -> Iterator[Any]:
    for path, default in SECTIONS.items():
        dumped = default.model_dump(mode="json", by_alias=True)
        for key, value in dumped.items():
            yield pytest.param(path, key, value, id=".".join((*path, key)))


def test_the_walk_reaches_the_nested_and_optional_sections() -> None:
    assert {
        ("faces", "responses"),
        ("faces", "anthropic"),
        ("server", "https"),
        ("access", "managed", "planes", "standalone", "auth"),
        ("router", "classification"),
        ("gpu", "monitor"),
    } <= SECTIONS.keys()


@pytest.mark.parametrize(("path", "key", "value"), list(cases()))
def test_a_section_given_one_key_keeps_the_other_defaults(
    path: tuple[str, ...], key: str, value: Any
) -> None:
    config = parse_config(keyed((*path, key), value))
    got = section_at(config, path)
    assert isinstance(got, BaseModel)
    assert got.model_dump() == SECTIONS[path].model_dump()


def test_a_partial_responses_face_keeps_its_model_map() -> None:
    config = parse_config(keyed(("faces", "responses"), {"storeMaxSize": "1mb"}))
    assert config.faces.responses.model_map["gpt-*"] == "auto"
    assert config.faces.responses.store_max_bytes == 1024**2
    assert parse_config(keyed(("faces", "anthropic"), {})).faces.anthropic.model_map == {
        "claude-*": "auto"
    }
