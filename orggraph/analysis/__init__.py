"""Analysis: metrics, the centre and the report's models, computed from graph structure alone.

Imports the data model (:mod:`orggraph.core`) and the readers
(:mod:`orggraph.io`), never the drawing layer. :mod:`~orggraph.analysis.metrics`,
:mod:`~orggraph.analysis.ecology` and :mod:`~orggraph.analysis.brokerage` hold
the graph metrics; :mod:`~orggraph.analysis.centre` and
:mod:`~orggraph.analysis.models` the report's definitions made operational;
:mod:`~orggraph.analysis.summary` and :mod:`~orggraph.analysis.batch` the
comparison table of many municipalities; :mod:`~orggraph.analysis.similarity`
structural distances and peers; :mod:`~orggraph.analysis.scenario` what-if
reorganisations; :mod:`~orggraph.analysis.association` the size association.
"""
