"""The notebooks run top to bottom in a real Jupyter kernel, and their key outputs are checked."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def run(name: str) -> dict[str, dict]:
    """Execute a notebook; return tag -> {'text': all text output, 'types': output mime types}."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    out = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text, types = [], set()
        for o in cell.get("outputs", []):
            assert o.output_type != "error", f"{name}: {o.get('ename')}: {o.get('evalue')}"
            if o.output_type == "stream":
                text.append(o.text)
            else:
                types.update(o.get("data", {}))
                text.append(o.get("data", {}).get("text/plain", ""))
                text.append(o.get("data", {}).get("text/html", ""))
        for tag in cell.metadata.get("tags", []):
            out[tag] = {"text": "\n".join(text), "types": types}
    return out


def test_notebooks_are_stored_without_outputs():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.slow
def test_quick_start():
    out = run("01-quick-start.ipynb")
    assert "image/svg+xml" in out["orgchart"]["types"]
    assert "fragmentation" in out["metrics"]["text"]
    assert out["centre"]["text"].startswith("boliggruppe | inside technical (B&E)")
    assert out["model"]["text"].startswith("Model 1.")
    assert "image/png" in out["matrix"]["types"]


@pytest.mark.slow
def test_the_22_compared():
    out = run("02-the-22-cases-compared.ipynb")
    assert out["table"]["text"].count("<tr>") == 22 + 1  # header + 22 municipalities
    assert "image/png" in out["plane"]["types"] and "image/png" in out["dendrogram"]["types"]
    assert "model" in out["agreement"]["text"] and "leadership" in out["agreement"]["text"]
    assert "computed" in out["confusion"]["text"]
    assert "after Benjamini-Hochberg: 0" in out["association"]["text"]


@pytest.mark.slow
def test_your_own_municipality():
    out = run("03-your-own-municipality.ipynb")
    assert out["validate"]["text"].startswith("0 problem(s)")
    assert "image/svg+xml" in out["orgchart"]["types"]
    assert out["model"]["text"].startswith("Model 3.")
    assert "image/png" in out["placed"]["types"]


@pytest.mark.slow
def test_what_if_we_reorganise():
    out = run("04-what-if-we-reorganise.ipynb")
    assert "drammen" in out["planned"]["text"]
    assert out["nav"]["text"].count("</tr>") == 1 + 7  # header + the 7 municipalities of Table 5.5
    assert out["before"]["text"].startswith("Model 4.")
    assert "centre none -> boligkontor" in out["office"]["text"] and "added" in out["office"]["text"]
    assert "image/svg+xml" in out["office_chart"]["types"]
    assert "model 4 -> 3" in out["team"]["text"]
    assert "image/png" in out["plane"]["types"] and "lierne_office" in out["plane"]["text"]


@pytest.mark.slow
def test_who_is_organised_like_us():
    out = run("05-who-is-organised-like-us.ipynb")
    assert out["validate"]["text"].startswith("0 problem(s)")
    assert "image/svg+xml" in out["orgchart"]["types"] and out["orgchart"]["text"].startswith("Model")
    peers = out["peers"]["text"]
    assert "distance" in peers and len(peers.strip().splitlines()) == 2 + 3  # header lines + three peers
    assert out["diff"]["text"].count("\n- ") >= 1 and "Nordby" in out["diff"]["text"]
    assert "image/svg+xml" in out["diffchart"]["types"]
    assert "image/png" in out["map"]["types"]
    agreement = out["agreement"]["text"]
    assert "structural" in agreement and "metric z-scores" in agreement and "chance" in agreement
    assert "plain §3.5 examples    14" in agreement
    assert "wrote nordby.html" in out["report"]["text"] and "scripts: 0" in out["report"]["text"]
