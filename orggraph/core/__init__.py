"""The data model: the vocabularies, the table schema and the organisation graph.

The lowest layer: it imports nothing else from orggraph but the private error
classes. :mod:`orggraph.core.vocabulary` holds the codes (unit types, tasks,
roles, coordination kinds) with their English and Norwegian labels;
:mod:`orggraph.core.schema` the four tables a municipality is written in;
:mod:`orggraph.core.graph` the conversion between tables and graphs and the
checks every function runs on a graph it is given.
"""
