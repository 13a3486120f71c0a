"""python-igraph, imported without the matplotlib it would load for drawing (private module).

``import igraph`` imports ``matplotlib.pyplot`` when matplotlib is installed
(for igraph's own plotting, which orggraph never uses): about one second in a
fresh process, paid by every command-line run and every Dask worker that
computes a metric. :func:`load_igraph` imports igraph with matplotlib hidden
for the duration of that import only, so igraph falls back to its stand-in for
plotting; matplotlib itself stays importable. Where igraph or matplotlib is
already imported, nothing is hidden.
"""

from __future__ import annotations

import sys
from types import ModuleType

__all__ = ["load_igraph"]


def load_igraph() -> ModuleType:
    """Return the igraph module, imported without matplotlib if neither is imported yet."""
    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        import igraph

        return igraph
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  # makes `import matplotlib` raise ImportError
    try:
        import igraph
    finally:
        del sys.modules["matplotlib"]
    return igraph
