"""The tree keeps the architecture: faces over one shared pipeline (docs/architecture.md).

Every subpackage of ``api/`` except ``serving`` (the shared pipeline) and ``middleware``
is a face. A face may import the shared pipeline, the middleware, the endpoint table's
types and anything outside ``api/``; never another face. The shared pipeline and the
middleware import no face.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ollama_agent_router.api as api_package

API = Path(api_package.__file__).parent
SHARED = {"serving", "middleware"}
FACES = sorted(p.name for p in API.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth (lazy imports count too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def faces_imported(path: Path) -> set[str]:
    prefix = "ollama_agent_router.api."
    return {
        name[len(prefix) :].split(".")[0]
        for name in imported_modules(path)
        if name.startswith(prefix) and name[len(prefix) :].split(".")[0] in FACES
    } - SHARED


def test_the_faces_are_the_subpackages_the_docs_name() -> None:
    assert set(FACES) - SHARED == {
        "admin",
        "anthropic",
        "ollama",
        "openai",
        "responses",
        "router",
        "runtime",
    }


@pytest.mark.parametrize("package", FACES)
def test_a_package_imports_no_other_face(package: str) -> None:
    for module in sorted((API / package).rglob("*.py")):
        crossing = faces_imported(module) - {package}
        assert not crossing, f"api/{package}/{module.name} imports the face(s) {sorted(crossing)}"


def test_the_layout_check_sees_a_crossing(tmp_path: Path) -> None:
    module = tmp_path / "handlers.py"
    module.write_text(
        "from ollama_agent_router.api.openai.chat import chat_completions\n"
        "def f():\n    from ollama_agent_router.api import anthropic\n"
    )
    assert faces_imported(module) == {"openai", "anthropic"}


def test_pure_codecs_import_no_web_framework() -> None:
    """A face's codec turns wire JSON into a chat body and back: no FastAPI, no services."""
    codecs = [*API.glob("*/codec.py"), *API.glob("responses/input.py"), *API.glob("*/reply.py")]
    assert codecs
    for module in codecs:
        heavy = {
            name
            for name in imported_modules(module)
            if name.split(".")[0] in ("fastapi", "starlette")
            or name.startswith("ollama_agent_router.composition")
        }
        assert not heavy, f"{module.relative_to(API)} imports {sorted(heavy)}"
