"""Check that every quote in a dataset folder stands in the report's text.

Quotes and report are compared on letters and digits only (case folded), so
line breaks, hyphenation at line ends, punctuation and spacing of the plain
text extraction do not matter.

Usage: python tools/check_quotes.py DATASET_DIR REPORT.txt
Exit status 1 and one line per quote not found.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path


def normalise(text: str) -> str:
    """Keep letters and digits only, lower-cased."""
    return re.sub(r"[\W_]+", "", text.casefold())


def missing_quotes(folder: Path, report: Path) -> list[str]:
    """Return `file:row: quote` for every quote of `folder` absent from `report`."""
    haystack = normalise(report.read_text(encoding="utf-8"))
    problems = []
    for path in sorted(folder.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row_no, row in enumerate(csv.DictReader(fh), start=2):
                quote = (row.get("quote") or "").strip()
                if quote and normalise(quote) not in haystack:
                    problems.append(f"{path}:{row_no}: {quote}")
    return problems


if __name__ == "__main__":
    found = missing_quotes(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(found) if found else "all quotes found")
    sys.exit(1 if found else 0)
