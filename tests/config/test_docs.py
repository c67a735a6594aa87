"""Every config key is documented in docs/configuration.md."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ollama_agent_router.config.models import ManagedAccess, RouterConfig

DOC = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()
# Documented as a group in one row each, not key by key.
GROUPED = (ManagedAccess,)


def dotted_keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    keys = []
    for name, field in model.model_fields.items():
        key = prefix + (field.alias or name)
        annotation = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))
        nested = [t for t in inner if isinstance(t, type) and issubclass(t, BaseModel)]
        if nested and getattr(annotation, "__origin__", None) is list:  # models[], nodes[]
            keys += dotted_keys(nested[0], key + "[].")
            continue
        if nested and nested[0] not in GROUPED:
            keys += dotted_keys(nested[0], key + ".")
        else:
            keys.append(key)
    return keys


def test_every_key_is_documented() -> None:
    keys = dotted_keys(RouterConfig)
    assert "server.https.certPath" in keys
    missing = [key for key in keys if f"`{key}`" not in DOC and key != "routes"]
    assert not missing, f"undocumented config keys: {missing}"
