"""Exception classes of orggraph.

This private module sits below every layer: :mod:`orggraph.core`, :mod:`orggraph.io`,
:mod:`orggraph.analysis`, :mod:`orggraph.replication`, :mod:`orggraph.drawing` and the command
line all raise these classes, and it imports nothing from orggraph. Its public names
(:class:`OrgGraphError`, :class:`GraphError`, :class:`OverwriteError`, :class:`ValidationError`
and :class:`Problem`) are re-exported by :mod:`orggraph`; import them from there. Every error
orggraph raises on purpose is an :class:`OrgGraphError`, so ``except orggraph.OrgGraphError``
catches all of them and nothing else; each also derives from the built-in class a caller would
expect (``ValueError``, ``FileExistsError``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_LISTED", "GraphError", "OrgGraphError", "OverwriteError", "Problem", "ValidationError"]

#: How many problems the message of a ValidationError lists (all are kept in `problems`).
MAX_LISTED = 25


class OrgGraphError(Exception):
    """Base class of every error orggraph raises on purpose.

    Catch it to handle any refusal of orggraph (bad input, a graph that is not
    an organisation graph, a file that would be overwritten) while letting
    genuine bugs through. Some functions raise it directly, for example when a
    collection of municipalities is empty.

    See Also
    --------
    GraphError, OverwriteError, ValidationError : The specific subclasses.

    Examples
    --------
    >>> import orggraph
    >>> try:
    ...     orggraph.compare([])
    ... except orggraph.OrgGraphError as err:
    ...     print(type(err).__name__, "-", err)
    OrgGraphError - compare: no graphs given (`graphs` is empty)
    """


class GraphError(OrgGraphError, ValueError):
    """A graph that is not an organisation graph, or whose ties point at units it does not hold.

    Raised by :func:`orggraph.check_graph`, which every analysis and drawing
    function calls first. The message names every problem found (the first
    few); it is also a ``ValueError``.

    See Also
    --------
    orggraph.check_graph : The check that raises it.

    Examples
    --------
    >>> import networkx as nx, orggraph
    >>> try:
    ...     orggraph.check_graph(nx.MultiGraph())
    ... except orggraph.GraphError as err:
    ...     print(err)
    the graph is not an organisation graph: it has no nodes. See orggraph.core.graph for the schema; \
orggraph.read_orgchart builds one from a file
    >>> issubclass(orggraph.GraphError, ValueError)
    True
    """


class OverwriteError(OrgGraphError, FileExistsError):
    """A writer was asked to write over an existing file without ``overwrite=True``.

    Nothing has been written when it is raised. It is also a
    ``FileExistsError``. On the command line the same refusal is lifted with
    ``--force``.

    Examples
    --------
    >>> import pathlib, tempfile, orggraph
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "template.xlsx"
    >>> orggraph.write_template(out)
    >>> try:
    ...     orggraph.write_template(out)
    ... except orggraph.OverwriteError as err:
    ...     print(str(err).replace(str(out), "template.xlsx"))
    template.xlsx exists; nothing was written. Pass overwrite=True (--force on the command line) to replace it
    >>> orggraph.write_template(out, overwrite=True)  # replaces it
    """


@dataclass(frozen=True)
class Problem:  # numpydoc ignore=PR02
    """One problem found in an input: where it is and what is wrong.

    `severity` is ``"error"`` (the input cannot be loaded) or ``"warning"``
    (it loads, but something is probably missing, e.g. a team whose members
    are not known). `row` counts as a spreadsheet user counts: the header is row 1, so the
    first data row is row 2. For YAML and JSON input it is the item number
    (1-based) within the table's list.

    Problems are returned by :func:`orggraph.validate` and carried by
    :class:`ValidationError` in its ``problems``. ``str(problem)`` gives one
    line: file, table, row, field, the severity if not an error, and the message.
    The fields are also the instance's attributes.

    Parameters
    ----------
    file : str
        The file the problem was found in (a path as given, or ``"<graph>"``).
    table : str
        The table as the user sees it (sheet, top-level key or CSV stem), or
        ``""`` when the problem concerns the whole file.
    row : int or None
        The row (see above), or None when the problem concerns a whole table or column.
    field : str or None
        The column, or None when the problem concerns a whole row or table.
    message : str
        What is wrong, and where possible what was expected or meant.
    severity : {"error", "warning"}, default "error"
        Whether the input cannot be loaded (``"error"``) or loads with a probable gap.

    See Also
    --------
    orggraph.validate : Return every problem of a file or folder.

    Examples
    --------
    >>> import orggraph
    >>> p = orggraph.Problem("units.csv", "units", 3, "unit_type", "unknown unit type `boligkontor`")
    >>> print(p)
    units.csv [units] row 3, field `unit_type`: unknown unit type `boligkontor`
    >>> print(orggraph.Problem("units.csv", "units", 7, "unit_id", "team `t` has no members",
    ...                        severity="warning"))
    units.csv [units] row 7, field `unit_id` (warning): team `t` has no members
    """

    file: str
    table: str
    row: int | None
    field: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        """Return the problem as one line: where it is, then what is wrong.

        Returns
        -------
        str
            ``file [table] row N, field `name` (severity): message``, leaving
            out the parts that are empty and the severity when it is ``"error"``.

        Examples
        --------
        >>> from orggraph import Problem
        >>> str(Problem("dataset/units.csv", "units", None, None, "table is missing"))
        'dataset/units.csv [units]: table is missing'
        """
        where = f"{self.file}"
        if self.table:
            where += f" [{self.table}]"
        if self.row is not None:
            where += f" row {self.row}"
        if self.field:
            where += f", field `{self.field}`"
        tag = "" if self.severity == "error" else f" ({self.severity})"
        return f"{where}{tag}: {self.message}"


class ValidationError(OrgGraphError, ValueError):
    """Input that does not follow the orggraph data format.

    Carries every problem found in `problems`, not just the first. The
    message lists the first :data:`MAX_LISTED` problems, one line each; all
    of them stay in the attribute ``problems``. It is also a ``ValueError``.
    Every reader (:func:`orggraph.read_dataset`, :func:`orggraph.read_orgchart`,
    :func:`orggraph.io.survey.read_survey`) raises it, before building any graph.

    Parameters
    ----------
    problems : list of Problem
        Every problem found, each naming file, table, row and field.

    Attributes
    ----------
    problems : list of Problem
        A copy of `problems`, in the order found.

    See Also
    --------
    orggraph.validate : Return the same problems (errors and warnings) without raising.

    Examples
    --------
    >>> import pathlib, tempfile, orggraph
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = path.write_text(
    ...     "municipality: {municipality_id: x, name: X}\\n"
    ...     "units: [{unit_id: u, name: U, unit_type: boligkontor}]\\n"
    ...     "responsibilities: [{unit_id: u, task: allocate_dwelling, role: decides}]\\n")
    >>> try:
    ...     orggraph.read_orgchart(path)
    ... except orggraph.ValidationError as err:
    ...     for p in err.problems:
    ...         print(p.table, p.row, p.field, "-", p.message)
    units 1 unit_type - unknown unit type `boligkontor`; did you mean `housing_office`?
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        head = f"{len(self.problems)} problem(s) found"
        more = len(self.problems) - len(lines)
        tail = f"\n  … and {more} more (all are in the exception's `problems`)" if more > 0 else ""
        super().__init__(head + ":\n" + "\n".join(f"  - {line}" for line in lines) + tail)
