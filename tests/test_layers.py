"""Dependencies point inwards: domain <- store <- services <- cli, web (DESIGN.md, STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "infointerview"

# What each layer may not import, by module-name prefix.
FORBIDDEN = {
    "domain": (
        "sqlalchemy",
        "alembic",
        "typer",
        "rich",
        "fastapi",
        "psycopg",
        "infointerview.store",
        "infointerview.services",
        "infointerview.cli",
        "infointerview.config",
        "infointerview.paths",
    ),
    # Formats depend only on the domain (STYLE.md): pure parsers and writers over text.
    "io": (
        "sqlalchemy",
        "alembic",
        "typer",
        "rich",
        "fastapi",
        "starlette",
        "psycopg",
        "infointerview.store",
        "infointerview.services",
        "infointerview.cli",
        "infointerview.web",
        "infointerview.config",
    ),
    "store": (
        "typer",
        "rich",
        "fastapi",
        "starlette",
        "jinja2",
        "infointerview.services",
        "infointerview.cli",
        "infointerview.web",
    ),
    "services": (
        "typer",
        "rich",
        "fastapi",
        "starlette",
        "jinja2",
        "infointerview.cli",
        "infointerview.web",
    ),
    # Mail composes and carries messages: the domain's values in, bytes out.
    "mail": (
        "sqlalchemy",
        "alembic",
        "typer",
        "rich",
        "fastapi",
        "psycopg",
        "infointerview.store",
        "infointerview.services",
        "infointerview.cli",
        "infointerview.web",
    ),
    "cli": ("sqlalchemy", "alembic", "psycopg", "fastapi", "infointerview.store"),
    "web": (
        "sqlalchemy",
        "alembic",
        "psycopg",
        "typer",
        "rich",
        "infointerview.store",
        "infointerview.cli",
    ),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_from_the_layers_outside_it(layer: str) -> None:
    offences = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in sorted(_imports(path))
        if name.startswith(FORBIDDEN[layer])
    ]
    assert offences == []


def test_every_public_function_and_class_has_a_docstring() -> None:
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            if not node.name.startswith("_") and ast.get_docstring(node) is None:
                missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert missing == []
