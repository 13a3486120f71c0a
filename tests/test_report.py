"""The one-page report: its content, the `orggraph report` command, and a real headless Chromium."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from conftest import TINY_TABLES
from matplotlib import pyplot as plt

import orggraph
from orggraph import cli
from orggraph.drawing.report import chromium_command, chromium_path, report_html, write_report
from tests.test_template import fill


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    """A municipality made with the template, filled in as a user would."""
    path = tmp_path_factory.mktemp("wb") / "testby.xlsx"
    orggraph.write_template(path)
    fill(path, TINY_TABLES)
    return path


@pytest.fixture(scope="module")
def page(workbook):
    return report_html(orggraph.read_orgchart(workbook))


def test_page_holds_every_part(page):
    for part in ("id='orgchart'", "id='model'", "id='centre'", "id='metrics'", "id='peers'", "id='diffchart'"):
        assert part in page
    assert "How Testby «Ø» organises its social-housing work" in page
    assert "compared with 22 municipalities" in page
    peers = re.search(r"id='peers'>(.*?)</section>", page, re.S).group(1)
    assert peers.count("<tr>") == 1 + 3  # header + three peers
    assert "<h2>Model</h2>" in page and "<h2>Centre of the social-housing field</h2>" in page


def test_page_is_self_contained(page):
    assert "<script" not in page and "src=" not in page and "url(" not in page and "@import" not in page
    refs = set(re.findall(r"(?:href|xlink:href)=\"([^\"]*)\"", page))
    assert not [r for r in refs if not r.startswith("#")]
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page


def test_labels_are_escaped(page):
    # the tiny municipality's B&E unit is called "Bygg & eiendom <teknisk>"
    assert "<teknisk>" not in page
    assert "&lt;teknisk&gt;" in page


def test_case_is_never_its_own_peer(nova):
    page = report_html(nova["moss"], reference=nova)
    assert "compared with 21 municipalities" in page and "own entry in the reference set is left out" in page
    peers = re.search(r"id='peers'>(.*?)</section>", page, re.S).group(1)
    assert ">Moss<" not in peers


def test_norwegian(nova):
    page = report_html(nova["lierne"], reference=nova, lang="no")
    assert "<html lang='no'>" in page and "Hvem er organisert som Lierne?" in page
    assert "Organisasjonskart" in page and "bare i" in page


def test_write_report_refuses_to_overwrite_and_unknown_formats(workbook, tmp_path):
    G = orggraph.read_orgchart(workbook)
    out = tmp_path / "r.html"
    out.write_text("the user's own file")
    with pytest.raises(FileExistsError, match="overwrite"):
        write_report(G, out)
    assert out.read_text() == "the user's own file"
    with pytest.raises(ValueError, match=r"use \.html or \.pdf"):
        write_report(G, tmp_path / "r.docx")


def test_cli_report_from_a_template_workbook(workbook, tmp_path, capsys):
    out = tmp_path / "mine.html"
    assert cli.main(["report", str(workbook), "--out", str(out), "--lang", "no"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert "Hvem er organisert som Testby «Ø»?" in out.read_text(encoding="utf-8")
    assert cli.main(["report", str(workbook), "--out", str(out)]) == 1
    assert "exists" in capsys.readouterr().err
    bundled = str(orggraph.io.datasets.dataset_path("nova2008"))
    assert cli.main(["report", bundled, "--out", str(tmp_path / "x.html")]) == 1
    assert "choose one with --municipality" in capsys.readouterr().err  # the one message of every command
    assert cli.main(["report", bundled, "--municipality", "nowhere", "--out", str(tmp_path / "x.html")]) == 1
    assert "no municipality `nowhere`" in capsys.readouterr().err


# --- a real browser ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    try:
        return chromium_path()
    except orggraph.OrgGraphError as err:
        pytest.fail(f"{err} (`make setup` installs it)")


def render(html_path, png, profile, *, size=(1000, 1400)):
    """Open `html_path` in headless Chromium with networking off; return (console lines, screenshot pixels)."""
    cmd = chromium_command("--enable-logging=stderr", "--v=0", f"--window-size={size[0]},{size[1]}",
                           f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
                           f"--screenshot={png}", html_path.as_uri())
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return console, plt.imread(png)[..., :3]


def test_the_console_check_can_fail(chromium, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><p>x</p><script>console.error('boom'); nothing();</script>"
                   "</body></html>")
    console, _ = render(bad, tmp_path / "bad.png", tmp_path / "profile", size=(400, 300))
    assert any("boom" in line for line in console)
    assert any("ReferenceError" in line for line in console)


def test_page_renders_in_chromium_without_console_errors_and_shows_the_chart(chromium, page, tmp_path):
    html_path = tmp_path / "report.html"
    html_path.write_text(page, encoding="utf-8")
    png = tmp_path / "report.png"
    console, px = render(html_path, png, tmp_path / "profile")
    assert console == []
    height, width, _ = px.shape
    assert (height, width) == (1400, 1000)
    ink = px.min(axis=2) < 0.9  # not white
    # the org chart sits under the title: a wide band of the page is drawing, not blank
    chart = ink[200:1200, 100:900]
    assert chart.mean() > 0.03
    # its units are filled with sector colours: saturated pixels, which text never has
    saturation = px.max(axis=2) - px.min(axis=2)
    assert (saturation[200:1200] > 0.15).mean() > 0.005
    # the margins beside the page body stay white
    assert ink[:, :40].mean() < 0.01


def test_pdf_is_a4_through_chromium(chromium, workbook, tmp_path):
    out = write_report(orggraph.read_orgchart(workbook), tmp_path / "mine.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes, "no page in the PDF"
    w, h = (float(x) for x in boxes[0])
    assert np.allclose((w, h), (595.3, 841.9), atol=1.5)  # A4 in points
    with pytest.raises(FileExistsError):
        write_report(orggraph.read_orgchart(workbook), out)


def test_tied_centre_and_insufficient_information_are_said(nova):
    tied = [m for m, H in nova.items() if orggraph.find_centre(H).tied]
    if not tied:
        pytest.skip("no municipality of the bundled data has a tied centre")
    G = nova[tied[0]]
    page = report_html(G, reference=nova)
    assert "rank exactly equal, so no single unit is the centre" in page
    assert str(orggraph.classify(G).model).split()[0].capitalize() in page
