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
from importlib import metadata as _metadata

from orggraph._errors import GraphError, OrgGraphError, OverwriteError, Problem, ValidationError
from orggraph.analysis.centre import find_centre
from orggraph.analysis.models import classify
from orggraph.analysis.similarity import diff, distance, distances, peers
from orggraph.analysis.summary import compare, summarize
from orggraph.core.graph import Municipality, check_graph, from_tables, task_nodes, to_tables, unit_nodes
from orggraph.drawing.diffchart import draw_diff
from orggraph.drawing.orgchart import draw_orgchart, orgchart_svg
from orggraph.io import (
    read_dataset,
    read_orgchart,
    validate,
    write_dataset,
    write_gexf,
    write_graphml,
    write_orgchart,
)
from orggraph.io.datasets import list_datasets, load_dataset, load_judgements
from orggraph.io.template import write_template
from orggraph.replication.agreement import agreement
from orggraph.replication.tables import case_table

#: The version, read from the installed package's metadata (one source: pyproject.toml).
__version__ = _metadata.version("orggraph")


def _svg_or_none(G: Municipality) -> str | None:
    """The org chart of `G` as SVG, or None where it cannot be drawn (no Graphviz, too large)."""
    try:
        return orgchart_svg(G)
    except OrgGraphError:
        return None


def _show_org_charts_in_jupyter() -> None:
    """Inside IPython/Jupyter, show a municipality left at the end of a cell as its org chart."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
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
