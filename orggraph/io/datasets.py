"""The bundled datasets.

``nova2008``
    The 22 case municipalities of NOVA Rapport 18/2008 (Tables 3.3, 3.5, 5.4,
    V.1 and the narrative of §3–§7), one organisation graph each. The report's
    own judgements (which model a municipality exemplifies, §3.5; the lists
    in §3.4 and §6.2C) are kept apart in ``judgements.csv`` and read only by
    :func:`load_judgements`; the NAV transfers planned in Table 5.5 are in
    ``nav_planned.csv`` (:func:`load_planned_nav`).
``nova2008_aggregates``
    The report's published survey aggregates (Tables 3.2, 4.1–4.3, 5.1–5.3)
    as tidy CSV files: :func:`load_aggregate`.

Examples
--------
>>> graphs = load_dataset("nova2008")
>>> len(graphs), graphs["tromso"].graph["name"]
(22, 'Tromsø')
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import networkx as nx
import pandas as pd

from orggraph.io import read_dataset

__all__ = ["dataset_path", "list_datasets", "load_aggregate", "load_dataset",
           "load_judgements", "load_planned_nav"]


def _root() -> Path:
    try:
        root = Path(str(resources.files("orggraph._data")))
        if root.is_dir():
            return root
    except ModuleNotFoundError:  # pragma: no cover - broken install
        pass
    return Path(__file__).resolve().parent.parent / "datasets"


def list_datasets() -> list[str]:
    """Return the names of the bundled datasets.

    Examples
    --------
    >>> list_datasets()
    ['nova2008', 'nova2008_aggregates']
    """
    return sorted(p.name for p in _root().iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def dataset_path(name: str) -> Path:
    """Return the folder of the bundled dataset `name`."""
    path = _root() / name
    if not path.is_dir() or name.startswith(("_", ".")) or "/" in name or os.sep in name:
        msg = f"no bundled dataset `{name}`; choose one of {list_datasets()}"
        raise ValueError(msg)
    return path


def load_dataset(name: str | os.PathLike) -> dict[str, nx.MultiGraph]:
    """Load a bundled dataset by name, or any dataset folder by path.

    Parameters
    ----------
    name
        ``"nova2008"``, or a path to a folder of CSV tables.

    Returns
    -------
    dict
        ``municipality_id`` → organisation graph.
    """
    if isinstance(name, str) and name in list_datasets():
        return read_dataset(dataset_path(name))
    return read_dataset(name)


def load_judgements(name: str = "nova2008") -> pd.DataFrame:
    """Return the report's own judgements of the bundled dataset `name`.

    One row per judgement: ``municipality_id``, ``judgement`` (``model``,
    ``own_leadership``, ``nav_leads``, ``housing_office_most_instruments``,
    ``housing_officer``, ``table_group``), ``value``, ``source``, ``quote``,
    ``note``. These are facts to measure agreement against, never inputs of
    a computation.

    Examples
    --------
    >>> j = load_judgements()
    >>> sorted(j.loc[j.judgement == "model", "value"].unique())[:2]
    ['1', '2']
    """
    return pd.read_csv(dataset_path(name) / "judgements.csv", dtype=str, keep_default_na=False)


def load_planned_nav(name: str = "nova2008") -> pd.DataFrame:
    """Return the NAV transfers planned in Table 5.5: ``municipality_id``, ``task``, ``source``."""
    return pd.read_csv(dataset_path(name) / "nav_planned.csv", dtype=str, keep_default_na=False)


def load_aggregate(table: str) -> pd.DataFrame:
    """Return one published aggregate table of ``nova2008_aggregates`` by file stem.

    Examples
    --------
    >>> int(load_aggregate("table_3_2")["count"].sum())
    292
    """
    path = dataset_path("nova2008_aggregates") / f"{table}.csv"
    if not path.exists():
        stems = sorted(p.stem for p in path.parent.glob("*.csv"))
        msg = f"no aggregate table `{table}`; choose one of {stems}"
        raise ValueError(msg)
    return pd.read_csv(path, dtype={"kommunenr": str})
