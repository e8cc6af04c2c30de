"""Each layer imports only those below it, and no module imports itself back.

```
   cli · app                         the command line and the one application factory
   api · web                         HTTP: JSON and pages, over the same analyses
   analysis                          pure functions over both stores
   evidence · workspace              the rebuilt store and the durable one, side by side
   sql · fulltext                    engines, dialect differences, full-text indexes
   domain · settings                 vocabulary, identifiers, errors; configuration
```
Every import counts, including those inside functions, which is where cycles hide.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "commonground"
RANKS = {
    "commonground": 0,
    "commonground.domain": 0,
    "commonground.settings": 0,
    "commonground.facts": 0,
    "commonground.sql": 1,
    "commonground.fulltext": 1,
    "commonground.evidence": 2,
    "commonground.workspace": 2,
    "commonground.analysis": 3,
    "commonground.api": 4,
    "commonground.web": 4,
    "commonground.cli": 5,
    "commonground.app": 5,
}
# Layers of one rank that must not import each other.
APART = [
    ("commonground.evidence", "commonground.workspace"),
    ("commonground.workspace", "commonground.evidence"),
    ("commonground.api", "commonground.web"),
    ("commonground.web", "commonground.api.routes"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every module of ours that `path` imports, anywhere in it."""
    tree = ast.parse(path.read_text("utf-8"))
    here = module_name(path).split(".")
    if path.name != "__init__.py":
        here.pop()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("commonground")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            if not base.startswith("commonground"):
                continue
            # `from package import module` imports the module (and runs the package's
            # __init__, which a cycle through it would show as an edge of its own).
            modules = {f"{base}.{a.name}" for a in node.names if _exists(f"{base}.{a.name}")}
            found |= modules
            if len(modules) < len(node.names):
                found.add(base)
    return found


def _exists(module: str) -> bool:
    path = SRC.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def layer(module: str) -> str:
    return max((k for k in RANKS if module == k or module.startswith(k + ".")), key=len)


def graph() -> nx.DiGraph[str]:
    g: nx.DiGraph[str] = nx.DiGraph()
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = module_name(path)
        g.add_node(name)
        for target in imports(path):
            g.add_edge(name, target)
    return g


def test_every_module_is_in_a_layer() -> None:
    unplaced = [m for m in graph() if not any(m == k or m.startswith(k + ".") for k in RANKS)]
    assert unplaced == []


def test_no_module_imports_a_layer_above_its_own() -> None:
    g = graph()
    upward = [
        f"{a} ({layer(a)}) imports {b} ({layer(b)})"
        for a, b in g.edges
        if RANKS[layer(b)] > RANKS[layer(a)]
    ]
    assert upward == []


@pytest.mark.parametrize(("importer", "imported"), APART)
def test_layers_side_by_side_do_not_import_each_other(importer: str, imported: str) -> None:
    g = graph()
    crossing = [
        f"{a} imports {b}"
        for a, b in g.edges
        if (a == importer or a.startswith(importer + "."))
        and (b == imported or b.startswith(imported + "."))
    ]
    assert crossing == []


def test_the_domain_core_imports_nothing_of_ours() -> None:
    g = graph()
    core = [m for m in g if layer(m) in ("commonground.domain", "commonground.settings")]
    # Its modules may share its own records (a treaty's parties carry citations).
    leaks = [
        f"{m} imports {t}"
        for m in core
        for t in g.successors(m)
        if t != "commonground" and layer(t) != layer(m)
    ]
    assert leaks == []


def test_there_is_no_import_cycle() -> None:
    g = graph()
    # A package's __init__ re-exporting its own modules is not a cycle of meaning.
    g.remove_edges_from([(a, b) for a, b in list(g.edges) if b.startswith(a + ".")])
    cycles = sorted(sorted(c) for c in nx.simple_cycles(g))
    assert cycles == []


def test_the_walk_sees_function_level_imports() -> None:
    """The walk itself: an import inside a function counts (the test could not fail else)."""
    sample = PACKAGE / "cli" / "main.py"
    assert "commonground.evidence.build" in imports(sample)
