"""Sphinx configuration of the orggraph documentation (``make docs`` builds it with warnings as errors)."""

from __future__ import annotations

import shutil
import tomllib
from importlib.metadata import version as _version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

project = "orggraph"
author = "The orggraph developers"
copyright = "2026, the orggraph developers"  # noqa: A001
release = _version("orggraph")
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_nb",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints", "_toplevel.md"]
html_theme = "furo"
html_title = f"orggraph {release}"
nitpicky = False

# --- API reference: autosummary pages, numpydoc docstrings checked with the checks of pyproject.toml
autosummary_generate = True
autosummary_imported_members = False
autodoc_typehints = "none"  # numpydoc shows the types written in the docstrings
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
_numpydoc = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["numpydoc_validation"]
numpydoc_validation_checks = set(_numpydoc["checks"])
numpydoc_validation_exclude = set(_numpydoc["exclude"])

# --- tutorials: the notebooks of notebooks/, executed during the build (an error fails the build)
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
nb_execution_mode = "force"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]

_TUTORIALS = HERE / "tutorials"
_TUTORIALS.mkdir(exist_ok=True)
for _nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
    _copy = _TUTORIALS / _nb.name
    if not _copy.exists() or _copy.read_bytes() != _nb.read_bytes():
        shutil.copyfile(_nb, _copy)

# --- the table of top-level names on the API page, generated from orggraph.__all__ (never out of date)
import orggraph  # noqa: E402

_rows = []
for _name in orggraph.__all__:
    _obj = getattr(orggraph, _name)
    _role = "class" if isinstance(_obj, type) else "func"
    _rows.append(f"- `orggraph.{_name}`: {{{_role}}}`{_obj.__module__}.{_obj.__qualname__}`")
_text = "\n".join(_rows) + "\n"
_toplevel = HERE / "_toplevel.md"
if not _toplevel.exists() or _toplevel.read_text(encoding="utf-8") != _text:
    _toplevel.write_text(_text, encoding="utf-8")
