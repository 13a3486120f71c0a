"""The replication of the 2008 report: its tables, its judgements and its survey aggregates.

:mod:`~orggraph.replication.tables` recomputes the report's case tables from
the graphs; :mod:`~orggraph.replication.agreement` measures how often the
classifiers agree with the report's own judgements (stored apart from the
graphs); :mod:`~orggraph.replication.synthetic` draws survey-like populations
calibrated on the report's national survey. Imports the layers below it, never
the drawing layer.
"""
