"""The package's layers import only downward, with no cycle and no private name across modules (issue 14).

Every import counts, including those inside functions: a lazy import that
points up is still a cycle, only a hidden one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import orggraph

ROOT = Path(orggraph.__file__).parent
#: Bottom to top. A module may import from its own layer or from a lower one.
LAYERS = {"_data": 0, "_errors": 0, "_files": 0, "_png": 0, "core": 1, "io": 2, "analysis": 3, "replication": 4,
          "drawing": 5, "cli": 6, "__init__": 6}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _imports() -> list[tuple[str, str, list[str], int]]:
    """(importing module, imported module, names, line) for every orggraph import in the package."""
    modules = {_module_name(p) for p in ROOT.rglob("*.py")}
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        me = _module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("orggraph"):
                names = [a.name for a in node.names]
                submodules = [f"{node.module}.{n}" for n in names if f"{node.module}.{n}" in modules]
                found += [(me, t, [], node.lineno) for t in submodules]
                if rest := [n for n in names if f"{node.module}.{n}" not in modules]:
                    found.append((me, node.module, rest, node.lineno))
            elif isinstance(node, ast.Import):
                found += [(me, a.name, [], node.lineno) for a in node.names if a.name.startswith("orggraph")]
    return found


def test_every_module_sits_in_a_known_layer():
    for path in ROOT.rglob("*.py"):
        assert _layer(_module_name(path)) in LAYERS, path


def test_imports_point_down():
    up = [f"{me}:{line} imports {target}" for me, target, _names, line in _imports()
          if target != "orggraph" and LAYERS[_layer(target)] > LAYERS[_layer(me)]]
    assert up == []


def test_no_import_cycle():
    G = nx.DiGraph()
    # a package's __init__ re-exporting its own submodules is not a cycle: those edges are left out
    G.add_edges_from((me, target) for me, target, _names, _line in _imports()
                     if target != "orggraph" and not target.startswith(me + "."))
    assert list(nx.simple_cycles(G)) == []


def test_no_private_name_across_modules():
    """Private *modules* (``_files``, ``_errors``) are shared on purpose; private names inside modules are not."""
    crossing = [f"{me}:{line} imports {target}.{n}" for me, target, names, line in _imports()
                for n in names if n.startswith("_") and n != "__version__"]
    assert crossing == []


def test_import_orggraph_loads_no_drawing_library():
    import subprocess
    import sys

    code = ("import sys, orggraph; graphs = orggraph.load_dataset('nova2008'); orggraph.compare(graphs);"
            "orggraph.summarize(graphs['ski']); orggraph.distances(graphs);"
            "print(sorted(m for m in ('pygraphviz', 'matplotlib', 'adjustText') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_public_name_resolves_to_where_it_is_defined():
    """``orggraph.__all__`` and the lazily loaded names agree: each name loads, from its own module."""
    import importlib

    for name in orggraph.__all__:
        obj = getattr(orggraph, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            continue  # the exception classes are imported eagerly from orggraph._errors
        assert getattr(importlib.import_module(obj.__module__), name) is obj, name
    assert set(orggraph.__all__) <= set(dir(orggraph))
