"""Exception classes of orggraph."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_LISTED", "GraphError", "OrgGraphError", "OverwriteError", "Problem", "ValidationError"]

#: How many problems the message of a ValidationError lists (all are kept in `problems`).
MAX_LISTED = 25


class OrgGraphError(Exception):
    """Base class of every error orggraph raises on purpose."""


class GraphError(OrgGraphError, ValueError):
    """A graph that is not an organisation graph, or whose ties point at units it does not hold."""


class OverwriteError(OrgGraphError, FileExistsError):
    """A writer was asked to write over an existing file without ``overwrite=True``."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where it is and what is wrong.

    `severity` is ``"error"`` (the input cannot be loaded) or ``"warning"``
    (it loads, but something is probably missing, e.g. a team whose members
    are not known). `row` counts as a spreadsheet user counts: the header is row 1, so the
    first data row is row 2. For YAML and JSON input it is the item number
    (1-based) within the table's list.
    """

    file: str
    table: str
    row: int | None
    field: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
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

    Carries every problem found in `problems`, not just the first.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        head = f"{len(self.problems)} problem(s) found"
        more = len(self.problems) - len(lines)
        tail = f"\n  … and {more} more (all are in the exception's `problems`)" if more > 0 else ""
        super().__init__(head + ":\n" + "\n".join(f"  - {line}" for line in lines) + tail)
