"""Reading and writing: municipality files, the Excel template, bundled datasets, survey files.

:mod:`orggraph.io.municipality` reads and writes one municipality (XLSX, YAML,
JSON) or a dataset folder of CSV files, and exports GraphML/GEXF;
:mod:`orggraph.io.template` writes the bilingual Excel template;
:mod:`orggraph.io.datasets` finds the bundled datasets;
:mod:`orggraph.io.survey` reads survey-format files. The readers and writers
of :mod:`orggraph.io.municipality` are importable from here too.
"""

from orggraph._files import MAX_FILE_BYTES, MAX_XLSX_CELLS, MAX_XLSX_UNPACKED_BYTES, refuse_overwrite
from orggraph.io.municipality import (
    COMPANION_FILES,
    MAX_CSV_CELLS,
    read_dataset,
    read_orgchart,
    validate,
    write_dataset,
    write_gexf,
    write_graphml,
    write_orgchart,
)

__all__ = [
    "COMPANION_FILES",
    "MAX_CSV_CELLS",
    "MAX_FILE_BYTES",
    "MAX_XLSX_CELLS",
    "MAX_XLSX_UNPACKED_BYTES",
    "read_dataset",
    "read_orgchart",
    "refuse_overwrite",
    "validate",
    "write_dataset",
    "write_gexf",
    "write_graphml",
    "write_orgchart",
]
