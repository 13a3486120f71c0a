"""orggraph: municipal social-housing work as organisation networks.

Each municipality is a two-mode graph of administrative units and tasks with
coordination ties between units (see :mod:`orggraph.core.graph` for the schema).

This is the package's front door, above all its layers: it re-exports the
names most work needs from the data model (:mod:`orggraph.core`), reading and
writing (:mod:`orggraph.io`), analysis (:mod:`orggraph.analysis`), the
replication of the 2008 report (:mod:`orggraph.replication`) and drawing
(:mod:`orggraph.drawing`), together with the exception classes, so that
``import orggraph`` is enough in a notebook; the layers never import it (the
command line reads only its ``__version__``). Importing it loads no drawing
library (matplotlib and pygraphviz are loaded when something is drawn), and
inside IPython/Jupyter it registers the org chart as the display of a
:class:`~orggraph.core.graph.Municipality`.

Examples
--------
>>> import orggraph
>>> graphs = orggraph.load_dataset("nova2008")
>>> G = graphs["tromso"]
>>> G.graph["name"], G.graph["population_2007"]
('Tromsø', 64492)
"""

import sys
from typing import TYPE_CHECKING

from orggraph._errors import GraphError, OrgGraphError, OverwriteError, Problem, ValidationError

if TYPE_CHECKING:
    from orggraph.core.graph import Municipality

#: Where each public function lives: imported on first use (PEP 562), so that ``import orggraph`` and the
#: command line load only what they use (the survey command never loads openpyxl or the drawing code).
_LAZY = {
    "find_centre": "orggraph.analysis.centre", "classify": "orggraph.analysis.models",
    "diff": "orggraph.analysis.similarity", "distance": "orggraph.analysis.similarity",
    "distances": "orggraph.analysis.similarity", "peers": "orggraph.analysis.similarity",
    "compare": "orggraph.analysis.summary", "summarize": "orggraph.analysis.summary",
    "Municipality": "orggraph.core.graph", "check_graph": "orggraph.core.graph", "from_tables": "orggraph.core.graph",
    "task_nodes": "orggraph.core.graph",
    "to_tables": "orggraph.core.graph", "unit_nodes": "orggraph.core.graph",
    "draw_diff": "orggraph.drawing.diffchart", "draw_orgchart": "orggraph.drawing.orgchart",
    "orgchart_svg": "orggraph.drawing.orgchart",
    "read_dataset": "orggraph.io", "read_orgchart": "orggraph.io", "validate": "orggraph.io",
    "write_dataset": "orggraph.io", "write_gexf": "orggraph.io", "write_graphml": "orggraph.io",
    "write_orgchart": "orggraph.io", "list_datasets": "orggraph.io.datasets", "load_dataset": "orggraph.io.datasets",
    "load_judgements": "orggraph.io.datasets", "write_template": "orggraph.io.template",
    "agreement": "orggraph.replication.agreement", "case_table": "orggraph.replication.tables",
}


def __getattr__(name: str) -> object:
    """Import a public function, a subpackage or ``__version__`` on first use (PEP 562).

    Parameters
    ----------
    name : str
        The attribute asked for.

    Returns
    -------
    object
        The function, subpackage or version string (kept, so this runs once per name).

    Raises
    ------
    AttributeError
        `name` is none of them.

    Examples
    --------
    >>> import orggraph
    >>> orggraph.compare.__module__
    'orggraph.analysis.summary'
    """
    import importlib

    if name == "__version__":  # read from the installed package's metadata (one source: pyproject.toml)
        from importlib import metadata

        value: object = metadata.version("orggraph")
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:  # a subpackage not imported yet (orggraph.core, orggraph.analysis, ...)
        try:
            value = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
            msg = f"module 'orggraph' has no attribute '{name}'"
            raise AttributeError(msg) from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the package's attributes, those imported on first use included.

    Returns
    -------
    list of str
        The names, sorted.

    Examples
    --------
    >>> import orggraph
    >>> "compare" in dir(orggraph)
    True
    """
    return sorted({*globals(), *_LAZY, "__version__"})


def _svg_or_none(G: "Municipality") -> str | None:
    """The org chart of `G` as SVG, or None where it cannot be drawn (no Graphviz, too large)."""
    from orggraph.drawing.orgchart import orgchart_svg

    try:
        return orgchart_svg(G)
    except OrgGraphError:
        return None


def _show_org_charts_in_jupyter() -> None:
    """Inside IPython/Jupyter, show a municipality left at the end of a cell as its org chart."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        from orggraph.core.graph import Municipality

        shell.display_formatter.formatters["image/svg+xml"].for_type(Municipality, _svg_or_none)


_show_org_charts_in_jupyter()

__all__ = [
    "GraphError",
    "OrgGraphError",
    "OverwriteError",
    "Problem",
    "ValidationError",
    "agreement",
    "case_table",
    "check_graph",
    "classify",
    "compare",
    "diff",
    "distance",
    "distances",
    "draw_diff",
    "draw_orgchart",
    "find_centre",
    "from_tables",
    "list_datasets",
    "load_dataset",
    "load_judgements",
    "peers",
    "read_dataset",
    "read_orgchart",
    "summarize",
    "task_nodes",
    "to_tables",
    "unit_nodes",
    "validate",
    "write_dataset",
    "write_gexf",
    "write_graphml",
    "write_orgchart",
    "write_template",
]
