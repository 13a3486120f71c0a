"""The orggraph data format: four long tables, their columns and their checks.

A collection of municipalities is stored as four tables:

``municipalities``
    one row per municipality: ``municipality_id`` (key), ``name``,
    ``kommunenr`` (four digits, kept as text so that ``0104`` stays ``0104``),
    Table V.1 indicators, ``nav_established``, and the Table 3.3 exception
    marks ``care_housing_elsewhere`` (``*``) and ``allowance_elsewhere``
    (``**``): true where the report marks that the task lies with a unit it
    does not name, empty where it does not mark it.
``units``
    one row per administrative unit: ``municipality_id``, ``unit_id`` (key
    within the municipality), ``name``, ``name_en``, ``unit_type``, ``level``.
``responsibilities``
    one row per unit–task tie: ``municipality_id``, ``unit_id``, ``task``,
    ``role``.
``coordination``
    one row per unit–unit tie: ``municipality_id``, ``from_unit``,
    ``to_unit``, ``kind``, ``team_role``.

Every table also has ``source`` (where the fact comes from), ``quote`` (a
verbatim extract supporting it) and ``note``. Codes come from
:mod:`orggraph.core.vocabulary`.

:func:`check_tables` converts raw cells (text from CSV or Excel, or native
values from YAML and JSON) to typed records and returns every problem found,
each naming file, table, row and field.

This module is the middle of the data-model layer (:mod:`orggraph.core`): it
builds on :mod:`orggraph.core.vocabulary` and is used by
:mod:`orggraph.core.graph` (:func:`~orggraph.core.graph.from_tables` takes the
records it returns) and by every reader of :mod:`orggraph.io`, which parse a file
into raw rows and leave all checking to :func:`check_tables`. It reads no file
itself.

Examples
--------
>>> raw = {"municipalities": [{"municipality_id": "x", "name": "X"}],
...        "units": [{"municipality_id": "x", "unit_id": "u", "name": "U",
...                   "unit_type": "boligkontor"}],
...        "responsibilities": [], "coordination": []}
>>> tables, problems = check_tables(raw, file="x.yaml", first_row=1)
>>> for p in problems:
...     print(p)
x.yaml [responsibilities]: no responsibility: the table is empty (which unit holds which task is what orggraph measures)
x.yaml [units] row 1, field `unit_type`: unknown unit type `boligkontor`; did you mean `housing_office`?
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from orggraph._errors import Problem
from orggraph._files import bad_character
from orggraph.core import vocabulary as voc

__all__ = ["TABLES", "Column", "check_tables", "columns"]

Record = dict[str, Any]


@dataclass(frozen=True)
class Column:  # numpydoc ignore=PR02
    """A column of a table: its name, type, whether it is required, its vocabulary.

    The fields are also the instance's attributes.

    Parameters
    ----------
    name : str
        The column name (lower case, as in the CSV header).
    dtype : {"str", "int", "float", "bool"}, default "str"
        The type a cell is converted to; an empty cell becomes ``""`` for text
        and None otherwise.
    required : bool, default False
        Whether every row needs a value.
    vocabulary : str or None, default None
        The name of the :mod:`orggraph.core.vocabulary` vocabulary whose codes
        the cells must be.
    pattern : str or None, default None
        A regular expression a text cell must match (identifiers, the
        four-digit kommunenummer).

    See Also
    --------
    TABLES : The columns of the four tables.

    Examples
    --------
    >>> from orggraph.core.schema import TABLES
    >>> TABLES["units"][4]
    Column(name='unit_type', dtype='str', required=True, vocabulary='unit_types', pattern=None)
    """

    name: str
    dtype: str = "str"  # str, int, float, bool
    required: bool = False
    vocabulary: str | None = None
    pattern: str | None = None


_PROVENANCE = (Column("source"), Column("quote"), Column("note"))

TABLES: dict[str, tuple[Column, ...]] = {
    "municipalities": (
        Column("municipality_id", required=True, pattern=r"^[a-z0-9_]+$"),
        Column("name", required=True),
        Column("kommunenr", pattern=r"^\d{4}$"),
        Column("population_2007", "int"),
        Column("start_loan_per_capita", "float"),
        Column("allowance_per_capita", "float"),
        Column("municipal_dwellings_per_1000", "float"),
        Column("municipal_dwellings_total", "int"),
        Column("nav_established", "bool"),
        Column("care_housing_elsewhere", "bool"),
        Column("allowance_elsewhere", "bool"),
        *_PROVENANCE,
    ),
    "units": (
        Column("municipality_id", required=True),
        Column("unit_id", required=True, pattern=r"^[a-z0-9_]+$"),
        Column("name", required=True),
        Column("name_en"),
        Column("unit_type", required=True, vocabulary="unit_types"),
        Column("level", vocabulary="unit_levels"),
        *_PROVENANCE,
    ),
    "responsibilities": (
        Column("municipality_id", required=True),
        Column("unit_id", required=True),
        Column("task", required=True, vocabulary="tasks"),
        Column("role", required=True, vocabulary="roles"),
        *_PROVENANCE,
    ),
    "coordination": (
        Column("municipality_id", required=True),
        Column("from_unit", required=True),
        Column("to_unit", required=True),
        Column("kind", required=True, vocabulary="coordination_kinds"),
        Column("team_role", vocabulary="team_roles"),
        *_PROVENANCE,
    ),
}

_TRUE = {"true", "yes", "ja", "1"}
_FALSE = {"false", "no", "nei", "0"}


def columns(table: str) -> list[str]:
    """Return the column names of `table` in their canonical order.

    Parameters
    ----------
    table : {"municipalities", "units", "responsibilities", "coordination"}
        The table.

    Returns
    -------
    list of str
        The column names, in the order the writers use for CSV headers and
        workbook sheets.

    Raises
    ------
    KeyError
        If `table` is not one of the four tables.

    Examples
    --------
    >>> columns("responsibilities")[:4]
    ['municipality_id', 'unit_id', 'task', 'role']
    """
    return [c.name for c in TABLES[table]]


def _suggest(value: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    if not close:
        # also try labels: "boligkontor" -> housing_office
        return ""
    return f"; did you mean `{close[0]}`?"


def _suggest_code(value: str, vocabulary: str) -> str:
    code = voc.suggest(vocabulary, value)
    return f"; did you mean `{code}`?" if code else ""


def _pattern_hint(col: Column, value: str) -> str:
    if col.name == "kommunenr" and value.isdigit() and len(value) < 4:
        return (f"; did the kommunenummer lose its leading zero (`{value.zfill(4)}`)? Excel drops it "
                "from a number cell: format the column as text and type it again")
    return ""


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _convert(value: Any, col: Column) -> Any:
    """Convert a raw cell to the column's type; raise ValueError with a message."""
    if isinstance(value, str) and (bad := bad_character(value)):
        raise ValueError(bad)
    if _is_blank(value):
        return "" if col.dtype == "str" else None
    if col.dtype == "str":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            msg = f"expected text, got {type(value).__name__}"
            raise ValueError(msg)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()
    if col.dtype == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        msg = f"expected true or false, got `{value}`"
        raise ValueError(msg)
    if isinstance(value, bool):
        msg = f"expected a number, got `{value}`"
        raise ValueError(msg)
    if col.dtype == "int" and isinstance(value, int):
        return value  # exact, however many digits
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if col.dtype == "int" and re.fullmatch(r"[+-]?\d{1,4000}", text):
        return int(text)  # exact beyond 2**53, where float() would round
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # decimal comma (Norwegian Excel)
    try:
        number = float(text)
    except ValueError:
        msg = f"expected a number, got `{value}`"
        raise ValueError(msg) from None
    if not math.isfinite(number):
        msg = f"expected a finite number, got `{value}`"
        raise ValueError(msg)
    if col.dtype == "int":
        if not number.is_integer():
            msg = f"expected a whole number, got `{value}`"
            raise ValueError(msg)
        return int(number)
    return number


def _convert_table(
    name: str, rows: Sequence[Mapping[str, Any]], file: str, first_row: int, problems: list[Problem]
) -> list[Record]:
    spec = {c.name: c for c in TABLES[name]}
    seen_columns: set[str] = set()
    for row in rows:
        seen_columns.update(str(k) for k in row if k != "_row")
    for col_name in sorted(seen_columns - set(spec)):
        problems.append(
            Problem(file, name, None, col_name,
                    f"unknown column{_suggest(col_name, list(spec))}")
        )
    if rows:
        for col in TABLES[name]:
            if col.required and col.name not in seen_columns:
                problems.append(Problem(file, name, None, col.name, "required column is missing"))
    out: list[Record] = []
    for i, row in enumerate(rows):
        row_no = row.get("_row", first_row + i)
        record: Record = {"_row": row_no}
        for col in TABLES[name]:
            raw = row.get(col.name)
            try:
                value = _convert(raw, col)
            except ValueError as err:
                problems.append(Problem(file, name, row_no, col.name, str(err)))
                record[col.name] = None
                continue
            record[col.name] = value
            if value in ("", None):
                if col.required and col.name in seen_columns:
                    problems.append(Problem(file, name, row_no, col.name, "is empty but required"))
                continue
            if col.vocabulary and value not in voc.codes(col.vocabulary):
                term = col.vocabulary.removesuffix("s").replace("_", " ")
                problems.append(
                    Problem(file, name, row_no, col.name,
                            f"unknown {term} `{value}`{_suggest_code(str(value), col.vocabulary)}")
                )
            if col.pattern and isinstance(value, str) and not re.match(col.pattern, value):
                problems.append(
                    Problem(file, name, row_no, col.name,
                            f"`{value}` does not match the pattern {col.pattern}{_pattern_hint(col, value)}")
                )
        out.append(record)
    return out


def _duplicates(
    records: list[Record], keys: tuple[str, ...], file: str, table: str, problems: list[Problem]
) -> None:
    first: dict[tuple, int] = {}
    for rec in records:
        key = tuple(rec[k] for k in keys)
        if any(k in ("", None) for k in key):
            continue
        if key in first:
            problems.append(
                Problem(file, table, rec["_row"], keys[-1],
                        f"duplicate of row {first[key]} ({', '.join(map(str, key))})")
            )
        else:
            first[key] = rec["_row"]


def check_tables(
    raw: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    file: str | Callable[[str], str],
    first_row: int = 2,
    shown: Mapping[str, str] | None = None,
) -> tuple[dict[str, list[Record]], list[Problem]]:
    """Convert and check the four tables of a collection.

    Every cell is converted to its column's type (text, whole number, number
    with a decimal comma or spaces as thousands separators, true/false in
    English or Norwegian); codes are checked against their vocabulary, with a
    suggestion for a near miss; identifiers and the kommunenummer against
    their pattern; keys for duplicates; every unit a responsibility or tie
    names for its presence in the units table of its municipality; team and
    forum memberships for a team or forum at the other end. Nothing is
    dropped: a cell that cannot be converted becomes None in its record and
    a problem in the list.

    Parameters
    ----------
    raw : mapping of str to sequence of mapping
        Table name → list of rows (mappings from column name to cell value).
        A row may carry its own row number under ``_row``.
    file : str or callable
        The file name to report in problems, or a function from table name to
        file name (a folder of CSV files has one file per table).
    first_row : int, default 2
        Row number of the first data row (2 for spreadsheets with a header row,
        1 for YAML and JSON lists), used for rows without ``_row``.
    shown : mapping of str to str, optional
        Table name → the name the user sees (a workbook's sheet ``municipality``
        or ``kommune``), used in the problems; default the table names.

    Returns
    -------
    tables : dict of str to list of dict
        Typed records per table, each with its row number under ``_row``.
        The tables are usable only when `problems` has no error.
    problems : list of Problem
        Every problem found, a missing or empty table first. The
        municipalities, units and responsibilities tables must not be empty
        (coordination may), and every municipality needs a unit holding a
        task. A team without members is a warning; everything else is an error.

    Raises
    ------
    TypeError
        If `raw` is not a mapping.

    See Also
    --------
    orggraph.core.graph.from_tables : Build the graphs from the checked tables.
    orggraph.validate : Check a file or folder.

    Examples
    --------
    >>> raw = {"municipalities": [{"municipality_id": "x", "name": "X", "kommunenr": "104",
    ...                            "population_2007": "33 977"}],
    ...        "units": [{"municipality_id": "x", "unit_id": "u", "name": "U",
    ...                   "unit_type": "housing_office"}],
    ...        "responsibilities": [{"municipality_id": "x", "unit_id": "u",
    ...                              "task": "allocate_dwelling", "role": "decides"}]}
    >>> tables, problems = check_tables(raw, file="x.csv")
    >>> tables["municipalities"][0]["population_2007"]
    33977
    >>> for p in problems:
    ...     print(p.table, p.row, p.field, "-", p.message[:60])
    coordination None None - table is missing
    municipalities 2 kommunenr - `104` does not match the pattern ^\\d{4}$; did the kommunenum
    """
    if not isinstance(raw, Mapping):
        msg = f"`raw` must be a mapping table name -> list of rows, not {type(raw).__name__}"
        raise TypeError(msg)
    name_of = file if callable(file) else (lambda _t: file)
    head: list[Problem] = []
    problems: list[Problem] = []
    tables: dict[str, list[Record]] = {}
    for table in TABLES:
        rows = raw.get(table)
        if rows is None:
            head.append(Problem(name_of(table), table, None, None, "table is missing"))
            rows = []
        elif not rows and table in _EMPTY:
            head.append(Problem(name_of(table), table, None, None, _EMPTY[table]))
        tables[table] = _convert_table(table, rows, name_of(table), first_row, problems)
    _check_references(tables, name_of, problems)
    _check_coverage(tables, name_of, problems)
    if not tables["municipalities"]:  # every row's municipality_id is then unknown: say it once
        problems = [p for p in problems if p.table == "municipalities" or p.field != "municipality_id"]
    if not tables["units"]:  # every tie's unit is then unknown: say it once
        problems = [p for p in problems if not p.message.startswith("unit `")]
    problems = head + problems
    if shown:
        problems = [replace(p, table=shown.get(p.table, p.table)) for p in problems]
    return tables, problems


#: The tables that may not be empty, and what to say when they are.
_EMPTY = {
    "municipalities": "no municipality: the table is empty",
    "units": "no unit: the table is empty",
    "responsibilities": "no responsibility: the table is empty (which unit holds which task is what "
                        "orggraph measures)",
}


def _check_coverage(
    tables: dict[str, list[Record]], name_of: Callable[[str], str], problems: list[Problem]
) -> None:
    """Every municipality has units, and a unit holding a task (else it has no model to compute)."""
    if not tables["units"] or not tables["responsibilities"]:
        return  # reported once, as an empty table
    with_units = {u["municipality_id"] for u in tables["units"]}
    with_tasks = {r["municipality_id"] for r in tables["responsibilities"]}
    for m in tables["municipalities"]:
        mid = m["municipality_id"]
        if not mid:
            continue
        if mid not in with_units:
            msg = f"municipality `{mid}` has no units: add them to the units table"
        elif mid not in with_tasks:
            msg = (f"municipality `{mid}` has units but no responsibilities: add which unit holds which "
                   "task to the responsibilities table")
        else:
            continue
        problems.append(Problem(name_of("municipalities"), "municipalities", m["_row"], "municipality_id", msg))


def _check_references(
    tables: dict[str, list[Record]], name_of: Callable[[str], str], problems: list[Problem]
) -> None:
    _duplicates(tables["municipalities"], ("municipality_id",), name_of("municipalities"),
                "municipalities", problems)
    _duplicates(tables["units"], ("municipality_id", "unit_id"), name_of("units"), "units", problems)
    _duplicates(tables["responsibilities"], ("municipality_id", "unit_id", "task", "role"),
                name_of("responsibilities"), "responsibilities", problems)
    _duplicates(tables["coordination"], ("municipality_id", "from_unit", "to_unit", "kind"),
                name_of("coordination"), "coordination", problems)

    munis = {m["municipality_id"] for m in tables["municipalities"]}
    unit_type: dict[tuple[str, str], str] = {}
    units_of: dict[str, list[str]] = {}
    # dangling references: suggestions are added at the end, and only when few distinct ids are
    # missing, so that checking stays linear in the number of rows (and independent of row order)
    dangling: list[tuple[int, str, str]] = []  # (index in problems, missing id, municipality or "")
    f_units = name_of("units")
    for u in tables["units"]:
        if u["municipality_id"] and u["municipality_id"] not in munis:
            dangling.append((len(problems), u["municipality_id"], ""))
            problems.append(Problem(f_units, "units", u["_row"], "municipality_id",
                                    f"municipality `{u['municipality_id']}` is not in the "
                                    "municipalities table"))
        if u["unit_id"] in voc.TASKS:
            problems.append(Problem(f_units, "units", u["_row"], "unit_id",
                                    f"`{u['unit_id']}` is a task code; choose another unit id"))
        unit_type[(u["municipality_id"], u["unit_id"])] = u["unit_type"]
        units_of.setdefault(u["municipality_id"], []).append(u["unit_id"])

    def known(table: str, rec: Record, field: str) -> bool:
        key = (rec["municipality_id"], rec[field])
        if not rec[field] or key in unit_type:
            return True
        where = f"municipality `{rec['municipality_id']}`"
        if rec["municipality_id"] not in munis:
            problems.append(Problem(name_of(table), table, rec["_row"], "municipality_id",
                                    f"{where} is not in the municipalities table"))
            return False
        dangling.append((len(problems), rec[field], rec["municipality_id"]))
        problems.append(Problem(name_of(table), table, rec["_row"], field,
                                f"unit `{rec[field]}` is not in the units of {where}"))
        return False

    for r in tables["responsibilities"]:
        known("responsibilities", r, "unit_id")
    members: Counter[tuple[str, str]] = Counter()
    f_coord = name_of("coordination")
    for c in tables["coordination"]:
        ok_from = known("coordination", c, "from_unit")
        ok_to = known("coordination", c, "to_unit")
        if c["from_unit"] and c["from_unit"] == c["to_unit"]:
            problems.append(Problem(f_coord, "coordination", c["_row"], "to_unit",
                                    "a unit cannot be tied to itself"))
        if c["kind"] == "team_membership":
            if not c["team_role"]:
                problems.append(Problem(f_coord, "coordination", c["_row"], "team_role",
                                        "team membership needs a team role (member, leader or secretary)"))
            target = unit_type.get((c["municipality_id"], c["to_unit"]))
            if ok_from and ok_to and target in voc.UNIT_TYPES and target != "team":
                problems.append(Problem(f_coord, "coordination", c["_row"], "to_unit",
                                        f"`{c['to_unit']}` is a {target}, not a team"))
            members[(c["municipality_id"], c["to_unit"])] += 1
        elif c["team_role"] and c["kind"] in voc.COORDINATION_KINDS and c["kind"] != "forum_membership":
            problems.append(Problem(f_coord, "coordination", c["_row"], "team_role",
                                    "a team role belongs only on team_membership or forum_membership, "
                                    f"not on {c['kind']}"))
        if c["kind"] == "forum_membership" and ok_from and ok_to:
            target = unit_type.get((c["municipality_id"], c["to_unit"]))
            if target in voc.UNIT_TYPES and target != "forum":
                problems.append(Problem(f_coord, "coordination", c["_row"], "to_unit",
                                        f"`{c['to_unit']}` is a {target}, not a forum"))
    for u in tables["units"]:
        if u["unit_type"] == "team" and not members[(u["municipality_id"], u["unit_id"])]:
            problems.append(Problem(f_units, "units", u["_row"], "unit_id",
                                    f"team `{u['unit_id']}` has no members: add a team_membership "
                                    "row in the coordination table", severity="warning"))
    _add_suggestions(problems, dangling, sorted(m for m in munis if isinstance(m, str)), units_of)


#: Suggestions ("did you mean …") for missing ids are made when at most this many distinct ids are missing.
MAX_SUGGESTED = 50


def _add_suggestions(problems: list[Problem], dangling: list[tuple[int, str, str]], munis: list[str],
                     units_of: dict[str, list[str]]) -> None:
    if not dangling or len({(v, m) for _i, v, m in dangling}) > MAX_SUGGESTED:
        return
    cache: dict[tuple[str, str], str] = {}
    for index, value, muni in dangling:
        if (value, muni) not in cache:
            pool = sorted({u for u in units_of.get(muni, []) if isinstance(u, str)}) if muni else munis
            cache[(value, muni)] = _suggest(value, pool)
        if cache[(value, muni)]:
            p = problems[index]
            problems[index] = dataclasses.replace(p, message=p.message + cache[(value, muni)])
