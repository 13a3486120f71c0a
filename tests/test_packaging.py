"""The package works where the drawing libraries cannot be installed (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    sys.modules["pygraphviz"] = None  # as if pygraphviz (and Graphviz) could not be installed
    sys.modules["matplotlib"] = None
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    import orggraph
    graphs = orggraph.load_dataset("nova2008")
    table = orggraph.compare(graphs)
    print(len(table), table.loc["porsgrunn", "model"], orggraph.classify(graphs["ski"]).model)
    data, _ = shell.display_formatter.format(graphs["ski"])
    print("repr:", sorted(data))  # Jupyter falls back to text
    try:
        orggraph.draw_orgchart(graphs["ski"])
    except orggraph.OrgGraphError as err:
        print("refused:", err)
""")


def test_analysis_works_without_the_drawing_libraries():
    env = {**os.environ, "IPYTHONDIR": tempfile.mkdtemp()}
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, env=env).stdout
    assert out.splitlines()[0] == "22 1 1"
    assert "repr: ['text/plain']" in out
    assert "refused: drawing org charts needs pygraphviz" in out


def test_import_does_not_load_the_drawing_libraries():
    code = "import sys, orggraph; print(sorted(m for m in ('pygraphviz', 'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_one_version_source():
    import tomllib
    from pathlib import Path

    import orggraph

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert orggraph.__version__ == pyproject["project"]["version"]
    citation = (Path(__file__).parent.parent / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{orggraph.__version__}"' in citation


def test_the_console_script_exits_with_the_commands_status_and_its_output_whole(tmp_path):
    """The console script (`run`, which freezes the objects left before exiting) loses no output and no file."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["orggraph"] == "orggraph.cli:run"
    out = tmp_path / "kommune.xlsx"
    cmd = [sys.executable, "-m", "orggraph.cli", "template", str(out)]
    first = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert (first.returncode, first.stdout.strip()) == (0, f"wrote {out}")
    import openpyxl

    assert openpyxl.load_workbook(out).sheetnames  # the file is whole
    again = subprocess.run(cmd, capture_output=True, text=True, check=False)  # refused: exists
    assert again.returncode == 1 and again.stderr.startswith("error:")
    table = subprocess.run([sys.executable, "-m", "orggraph.cli", "metrics", "--dataset", "nova2008"],
                           capture_output=True, text=True, check=False)
    assert table.returncode == 0 and len(table.stdout.splitlines()) >= 23  # a header and the 22: all arrived
