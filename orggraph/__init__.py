"""orggraph: municipal social-housing work as organisation networks.

Each municipality is a two-mode graph of administrative units and tasks with
coordination ties between units (see :mod:`orggraph.graph` for the schema).

Examples
--------
>>> import orggraph
>>> graphs = orggraph.load_dataset("nova2008")
>>> G = graphs["tromso"]
>>> G.graph["name"], G.graph["population_2007"]
('Tromsø', 64492)
"""

from importlib import metadata as _metadata

from orggraph._errors import GraphError, OrgGraphError, OverwriteError, Problem, ValidationError
from orggraph.agreement import agreement
from orggraph.centre import find_centre
from orggraph.datasets import list_datasets, load_dataset, load_judgements
from orggraph.diffchart import draw_diff
from orggraph.graph import check_graph, from_tables, task_nodes, to_tables, unit_nodes
from orggraph.io import (
    read_dataset,
    read_orgchart,
    validate,
    write_dataset,
    write_gexf,
    write_graphml,
    write_orgchart,
)
from orggraph.models import classify
from orggraph.orgchart import draw_orgchart
from orggraph.similarity import diff, distance, distances, peers
from orggraph.summary import compare, summarize
from orggraph.tables import case_table
from orggraph.template import write_template

#: The version, read from the installed package's metadata (one source: pyproject.toml).
__version__ = _metadata.version("orggraph")

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
