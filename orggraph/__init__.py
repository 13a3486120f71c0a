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

from orggraph._errors import GraphError, OrgGraphError, OverwriteError, Problem, ValidationError
from orggraph.agreement import agreement  # eager: importing the module orggraph.agreement must not hide the function

#: Where each public function lives: imported on first use (PEP 562), so that ``import orggraph`` and the
#: command line load only what they use (the survey command never loads openpyxl or the drawing code).
_LAZY = {
    "find_centre": "orggraph.centre", "list_datasets": "orggraph.datasets", "load_dataset": "orggraph.datasets",
    "load_judgements": "orggraph.datasets", "draw_diff": "orggraph.diffchart", "check_graph": "orggraph.graph",
    "from_tables": "orggraph.graph", "task_nodes": "orggraph.graph", "to_tables": "orggraph.graph",
    "unit_nodes": "orggraph.graph", "read_dataset": "orggraph.io", "read_orgchart": "orggraph.io",
    "validate": "orggraph.io", "write_dataset": "orggraph.io", "write_gexf": "orggraph.io",
    "write_graphml": "orggraph.io", "write_orgchart": "orggraph.io", "classify": "orggraph.models",
    "draw_orgchart": "orggraph.orgchart", "diff": "orggraph.similarity", "distance": "orggraph.similarity",
    "distances": "orggraph.similarity", "peers": "orggraph.similarity", "compare": "orggraph.summary",
    "summarize": "orggraph.summary", "case_table": "orggraph.tables", "write_template": "orggraph.template",
}


def __getattr__(name: str) -> object:
    import importlib

    if name == "__version__":  # read from the installed package's metadata (one source: pyproject.toml)
        from importlib import metadata

        value: object = metadata.version("orggraph")
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:  # a submodule not imported yet (orggraph.survey, orggraph.batch, ...)
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
    return sorted({*globals(), *_LAZY, "__version__"})


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
