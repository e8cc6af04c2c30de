"""Tests are one package, `tests`, mirroring the source: no test module is imported by a bare
name (`from api import raw`) that could be mistaken for, or shadow, a package of the project."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def test_every_test_folder_is_a_package() -> None:
    folders = [p for p in TESTS.rglob("*") if p.is_dir() and p.name != "__pycache__"]
    assert folders
    assert [str(f) for f in folders if not (f / "__init__.py").is_file()] == []


def test_test_modules_are_imported_through_tests() -> None:
    """`from tests.api import raw`, never `from api import raw` or `import conftest`."""
    local = {p.name for p in TESTS.iterdir() if p.is_dir() and p.name != "__pycache__"}
    local |= {p.stem for p in TESTS.glob("*.py")}
    bare = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            bare += [f"{path.relative_to(TESTS)}: {n}" for n in names if n.split(".")[0] in local]
    assert bare == []
