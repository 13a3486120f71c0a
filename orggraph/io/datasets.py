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

This module belongs to the reading-and-writing layer (:mod:`orggraph.io`): it
finds the data shipped inside the package (``orggraph/_data``, or the
repository's ``datasets`` folder in a source checkout) and reads the graphs
with :func:`orggraph.read_dataset`. The companion tables it returns as
DataFrames (judgements, planned NAV transfers, aggregates) are used by the
replication layer (:mod:`orggraph.replication`) and never by the analysis.

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

import pandas as pd

from orggraph.core.graph import Municipality
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

    Returns
    -------
    list of str
        The dataset names, sorted; each can be passed to :func:`load_dataset`
        or :func:`dataset_path`.

    Examples
    --------
    >>> list_datasets()
    ['nova2008', 'nova2008_aggregates']
    """
    return sorted(p.name for p in _root().iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def dataset_path(name: str) -> Path:
    """Return the folder of the bundled dataset `name`.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

    Returns
    -------
    pathlib.Path
        The folder holding the dataset's CSV files.

    Raises
    ------
    ValueError
        If there is no bundled dataset of that name (a path is refused too).

    Examples
    --------
    >>> path = dataset_path("nova2008")
    >>> path.name, (path / "units.csv").is_file()
    ('nova2008', True)
    """
    path = _root() / name
    if not path.is_dir() or name.startswith(("_", ".")) or "/" in name or os.sep in name:
        msg = f"no bundled dataset `{name}`; choose one of {list_datasets()}"
        raise ValueError(msg)
    return path


def load_dataset(name: str | os.PathLike) -> dict[str, Municipality]:
    """Load a bundled dataset by name, or any dataset folder by path.

    Parameters
    ----------
    name : str or os.PathLike
        ``"nova2008"``, or a path to a folder of CSV tables (or to one
        municipality's XLSX, YAML or JSON file).

    Returns
    -------
    dict of str to Municipality
        ``municipality_id`` → organisation graph, in the order of the
        municipalities table.

    Raises
    ------
    ValidationError
        If `name` is neither a bundled dataset nor a readable dataset
        (a mistyped name is reported as "no such file or folder").
    TypeError
        If `name` is neither a string nor a path.

    See Also
    --------
    orggraph.read_dataset : Read a folder.
    list_datasets : The bundled names.

    Examples
    --------
    >>> graphs = load_dataset("nova2008")
    >>> list(graphs)[:3]
    ['hamar', 'haugesund', 'grimstad']
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

    Parameters
    ----------
    name : str, default "nova2008"
        A bundled dataset with a ``judgements.csv`` (only ``nova2008`` has one).

    Returns
    -------
    pandas.DataFrame
        One row per judgement, with a default integer index and the columns
        above, every value as text (empty cells as ``""``).

    Raises
    ------
    ValueError
        If `name` is not a bundled dataset, or has no ``judgements.csv``.

    See Also
    --------
    orggraph.agreement : Compare the classifiers with these judgements.

    Examples
    --------
    >>> j = load_judgements()
    >>> sorted(j.loc[j.judgement == "model", "value"].unique())[:2]
    ['1', '2']
    """
    return _companion(name, "judgements.csv")


def load_planned_nav(name: str = "nova2008") -> pd.DataFrame:
    """Return the NAV transfers planned in Table 5.5.

    Table 5.5 of the report lists NAV's future housing tasks in the case
    municipalities where the NAV office had not been established by 5 May 2008
    («NAVs fremtidige boligsosiale oppgaver i casekommuner hvor NAV-kontor ikke
    var opprettet per 05.05 2008», line 3521 of the report's text).

    Parameters
    ----------
    name : str, default "nova2008"
        A bundled dataset with a ``nav_planned.csv`` (only ``nova2008`` has one).

    Returns
    -------
    pandas.DataFrame
        One row per planned transfer, with a default integer index and the
        columns ``municipality_id``, ``task``, ``source``, ``quote`` and
        ``note``, every value as text.

    Raises
    ------
    ValueError
        If `name` is not a bundled dataset, or has no ``nav_planned.csv``.

    Examples
    --------
    >>> nav = load_planned_nav()
    >>> list(nav.columns)
    ['municipality_id', 'task', 'source', 'quote', 'note']
    >>> nav.loc[nav.municipality_id == "ralingen", "task"].tolist()[:2]
    ['process_allowance', 'allocate_start_loan']
    """
    return _companion(name, "nav_planned.csv")


def _companion(name: str, file: str) -> pd.DataFrame:
    path = dataset_path(name) / file
    if not path.is_file():
        having = [d for d in list_datasets() if (dataset_path(d) / file).is_file()]
        msg = f"the bundled dataset `{name}` has no {file}; {' and '.join(having) or 'no dataset'} has one"
        raise ValueError(msg)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_aggregate(table: str) -> pd.DataFrame:
    """Return one published aggregate table of ``nova2008_aggregates`` by file stem.

    Parameters
    ----------
    table : str
        The file stem: ``"size_classes"``, ``"table_3_2"``,
        ``"table_3_2_printed_sums"``, ``"table_4_alone_participates"``,
        ``"table_4_printed_totals"``, ``"table_5_3"`` or ``"table_5_nav"``.

    Returns
    -------
    pandas.DataFrame
        The table in tidy form (one row per printed cell or combination),
        with a default integer index; numbers as numbers, ``kommunenr`` as text.

    Raises
    ------
    ValueError
        If there is no aggregate table of that name (the message lists them).

    See Also
    --------
    orggraph.replication.synthetic.population : Draw a population calibrated on these tables.

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
