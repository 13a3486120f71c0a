"""Drawing: org charts, figures for reports, and the HTML/PDF report.

The drawing libraries (pygraphviz, matplotlib) are imported only
inside the functions that draw, so the rest of orggraph works where they are
missing; drawing there raises :class:`orggraph.OrgGraphError` saying how to
install them. :mod:`~orggraph.drawing.styles` and
:mod:`~orggraph.drawing.labels` hold the print-safe palettes and the English
and Norwegian words; :mod:`~orggraph.drawing.orgchart` the Graphviz org chart;
:mod:`~orggraph.drawing.plot` the comparison figures;
:mod:`~orggraph.drawing.diffchart` two charts in one;
:mod:`~orggraph.drawing.structure_map` the map of structural distances;
:mod:`~orggraph.drawing.report` the one-municipality report.
"""
