"""A one-page report per municipality: a self-contained HTML page (and PDF through headless Chromium).

:func:`report_html` gathers, for one municipality, what the toolkit knows:

1. its org chart (:func:`orggraph.drawing.orgchart.orgchart_svg`, inline SVG);
2. its model and the criteria met and failed (:func:`orggraph.classify`);
3. its centre and the evidence for each criterion (:func:`orggraph.find_centre`);
4. key metrics placed against the reference municipalities (by default the
   22 cases of NOVA Rapport 18/2008): value, rank and a strip of all cases;
5. its three nearest peers by structural distance with their main
   differences (:func:`orggraph.analysis.similarity.peers`);
6. the org chart of the differences against the nearest peer
   (:func:`orggraph.drawing.diffchart.draw_diff`).

The page needs no network access: styles are inline and every figure is
inline SVG; it holds no script. It prints to A4 (``@page`` rules): the org
chart, model and centre on the first page, metrics and peers on the second,
the chart of differences and a note on the method on the third.
:func:`write_report` writes it as ``.html``, or as ``.pdf`` through
Chromium's ``--print-to-pdf`` (Debian package ``chromium``).

This is the top of the drawing layer (:mod:`orggraph.drawing`): it puts
together the org chart (:mod:`~orggraph.drawing.orgchart`), the chart of
differences (:mod:`~orggraph.drawing.diffchart`) and the analysis layer's
results (:func:`orggraph.classify`, :func:`orggraph.compare`,
:func:`orggraph.summarize`, :func:`orggraph.analysis.similarity.peers`);
``orggraph report`` on the command line runs :func:`write_report`. It needs
no matplotlib.

Examples
--------
>>> import orggraph
>>> g = orggraph.load_dataset("nova2008")
>>> page = report_html(g["ski"], reference=g)
>>> page.startswith("<!DOCTYPE html>"), page.count("<svg") >= 2, "<script" in page, "src=" in page
(True, True, False, False)
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any, cast

import networkx as nx
import pandas as pd

from orggraph._errors import OrgGraphError
from orggraph._files import atomic_write, refuse_overwrite
from orggraph.analysis.models import classify
from orggraph.analysis.similarity import peers
from orggraph.analysis.summary import compare, summarize
from orggraph.core.graph import display_name
from orggraph.drawing.diffchart import draw_diff
from orggraph.drawing.labels import metric_label
from orggraph.drawing.orgchart import orgchart_svg

__all__ = ["REPORT_METRICS", "chromium_command", "chromium_path", "report_html", "write_report"]

#: Metrics placed against the reference municipalities (their words come from :mod:`orggraph.drawing.labels`).
REPORT_METRICS = ("units", "fragmentation", "top_share", "alone_share", "coordination_coverage",
                  "operative_in_strategy", "teams", "components")
_TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "title": "How {name} organises its social-housing work",
        "sub": "One-page report by orggraph {version}; compared with {n} municipalities of {ref}.",
        "chart": "Org chart", "model": "Model", "centre": "Centre of the social-housing field",
        "no_centre": "No unit is assigned the coordination of the whole field; the best candidate is shown.",
        "candidate": "Best candidate", "met": "Met", "failed": "Not met",
        "criterion": "Criterion", "held": "Held", "why": "Why", "yes": "yes", "no": "no",
        "unit": "Unit", "placement": "Placement", "municipality": "Municipality",
        "metrics": "Metrics against the {n} municipalities", "metric": "Metric", "value": "Value",
        "rank": "Place among them", "range": "Lowest – median – highest", "strip": "All (● this one)",
        "rank_text": "{below} lower, {same} equal, {above} higher",
        "peers": "Who is organised like {name}? The three nearest",
        "distance": "Structural distance", "differences": "Main differences ({name} is A)",
        "diff": "Differences from the nearest: {peer}",
        "method": ("Structural distance: Weisfeiler–Lehman subtree features of the typed graph (unit types, "
                   "task codes, roles and kinds of tie; never ids or names), normalised kernel distance, 0 = "
                   "the same typed structure, √2 = nothing in common (Shervashidze et al. 2011). Models, "
                   "centre and metrics are computed from the graph alone."),
        "left_out": "{name}'s own entry in the reference set is left out of the comparison.",
        "source": "Reference: Langsether, Hansen and Sørvoll, Fragmentert og koordinert, NOVA Rapport 18/2008.",
        "criteria": {"coordinating": "assigned coordination of the whole field (required)",
                     "instruments": "administers most instruments (often, not required)",
                     "tie": "ranked equal"},
        "tied": "Several units rank exactly equal, so no single unit is the centre: {units}.",
    },
    "no": {
        "title": "Slik organiserer {name} det boligsosiale arbeidet",
        "sub": "Enkeltsiderapport fra orggraph {version}; sammenlignet med {n} kommuner i {ref}.",
        "chart": "Organisasjonskart", "model": "Modell", "centre": "Senter for det boligsosiale arbeidet",
        "no_centre": "Ingen enhet er pålagt samordningen av hele feltet; beste kandidat vises.",
        "candidate": "Beste kandidat", "met": "Oppfylt", "failed": "Ikke oppfylt",
        "criterion": "Kriterium", "held": "Oppfylt", "why": "Hvorfor", "yes": "ja", "no": "nei",
        "unit": "Enhet", "placement": "Plassering", "municipality": "Kommune",
        "metrics": "Mål sammenlignet med de {n} kommunene", "metric": "Mål", "value": "Verdi",
        "rank": "Plass blant dem", "range": "Lavest – median – høyest", "strip": "Alle (● denne)",
        "rank_text": "{below} lavere, {same} like, {above} høyere",
        "peers": "Hvem er organisert som {name}? De tre nærmeste",
        "distance": "Strukturell avstand", "differences": "Viktigste forskjeller ({name} er A)",
        "diff": "Forskjeller fra den nærmeste: {peer}",
        "method": ("Strukturell avstand: Weisfeiler–Lehman-trekk ved den typede grafen (enhetstyper, "
                   "oppgavekoder, roller og typer bånd; aldri id-er eller navn), normalisert kjerneavstand, 0 = "
                   "samme typede struktur, √2 = ingenting felles (Shervashidze mfl. 2011). Modell, senter og "
                   "mål er beregnet fra grafen alene. Forklaringen av modellen er på engelsk."),
        "left_out": "{name}s egen oppføring i referansesettet er holdt utenfor sammenligningen.",
        "source": "Referanse: Langsether, Hansen og Sørvoll, Fragmentert og koordinert, NOVA Rapport 18/2008.",
        "criteria": {"coordinating": "pålagt samordning av hele feltet (kreves)",
                     "instruments": "forvalter de fleste virkemidlene (ofte, kreves ikke)",
                     "tie": "likt rangert"},
        "tied": "Flere enheter er rangert helt likt, så ingen enkelt enhet er senteret: {units}.",
    },
}
_CSS = """
:root { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #111; }
body { max-width: 190mm; margin: 8mm auto; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12.5pt; margin: 6mm 0 2mm;
  border-bottom: 1px solid #999; } p.sub, p.note { color: #444; font-size: 8.5pt; margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.5mm; border-bottom: 1px solid #ddd; }
th { border-bottom: 1.5px solid #444; } td.num { text-align: right; white-space: nowrap; }
figure { margin: 0; } figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.chart svg { max-height: 240mm; } ul { margin: 0; padding-left: 4mm; }
tr, li, figure { break-inside: avoid-page; }
@page { size: A4; margin: 12mm; }
h2 { break-after: avoid-page; }
@media print { body { margin: 0 auto; font-size: 8.5pt; } figure.chart svg { max-height: 130mm; }
  h2 { margin-top: 4mm; } section.diff { break-before: page; }
  section.diff figure.chart svg { max-height: 220mm; } }
"""


def _svg(data: bytes | str) -> str:
    """Return an SVG document as an element to inline: no XML prolog, doctype or comments."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return text.strip()


def _strip(values: pd.Series, value: float, *, width: int = 160, height: int = 18) -> str:
    """A small inline SVG: one grey tick per reference municipality and a black dot for this one."""
    vals = values.dropna().astype(float)
    if vals.empty or pd.isna(value):
        return ""
    lo, hi = float(min(vals.min(), value)), float(max(vals.max(), value))
    span = hi - lo or 1.0

    def x(v: float) -> float:
        return 6 + (width - 12) * (v - lo) / span

    ticks = "".join(f'<line x1="{x(v):.1f}" x2="{x(v):.1f}" y1="4" y2="14" stroke="#8c8c8c" stroke-width="1"/>'
                    for v in vals)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'viewBox="0 0 {width} {height}"><line x1="6" x2="{width - 6}" y1="9" y2="9" stroke="#d0d0d0"/>'
            f'{ticks}<circle cx="{x(value):.1f}" cy="9" r="4.5" fill="#000" stroke="#fff" stroke-width="1"/></svg>')


def _fmt(v: Any) -> str:
    number = pd.api.types.is_number(v)  # kept apart: its TypeIs narrows `v` to numbers.Number, which has no __float__
    if number and not isinstance(v, bool) and not pd.isna(v):
        return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"
    return "–"



def report_html(G: nx.Graph, *, reference: Mapping[str, nx.Graph] | None = None, lang: str = "en",
                reference_name: str = "NOVA Rapport 18/2008") -> str:
    """Return the one-page report of `G` as a self-contained HTML document.

    Parameters
    ----------
    G : networkx.MultiGraph
        The municipality (e.g. from :func:`orggraph.read_orgchart` on a filled template).
    reference : mapping of str to networkx.MultiGraph, optional
        Municipalities to compare with; default the bundled ``nova2008``
        dataset. An entry with `G`'s ``municipality_id`` is left out (and the
        page says so), so that a case is never its own peer.
    lang : {"en", "no"}, default "en"
        ``en`` or ``no``.
    reference_name : str, default "NOVA Rapport 18/2008"
        What to call the reference set on the page.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    ValueError
        If `lang` is unknown, or no reference municipality is left once `G` itself is left out.
    TypeError
        If `G` is not a networkx graph.
    GraphError
        If `G` is not an organisation graph (:func:`orggraph.check_graph`).
    OrgGraphError
        If the org charts cannot be drawn (see :func:`orggraph.draw_orgchart`).

    See Also
    --------
    write_report : Write the page as HTML or PDF.

    Notes
    -----
    The four models, the centre and the metrics are those of the report [1]_, computed from the
    graph alone; the peers are the nearest by the Weisfeiler–Lehman structural distance [2]_
    (:func:`orggraph.analysis.similarity.distance`).

    References
    ----------
    .. [1] Langsether, Å., Hansen, T., & Sørvoll, J. (2008). *Fragmentert og koordinert. Organisering av
       boligsosialt arbeid i norske kommuner*. NOVA Rapport 18/2008. Oslo: NOVA. (no DOI)
    .. [2] Shervashidze, N., Schweitzer, P., van Leeuwen, E. J., Mehlhorn, K., & Borgwardt, K. M. (2011).
       Weisfeiler–Lehman graph kernels. *Journal of Machine Learning Research* 12, 2539–2561.
       https://jmlr.org/papers/v12/shervashidze11a.html (no DOI)

    Examples
    --------
    >>> import re
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> reference = {k: g[k] for k in ["asker", "hamar", "lierne", "moss", "skaun", "tromso"]}
    >>> page = report_html(g["ski"], reference=reference, lang="no")
    >>> re.findall(r"<h2>(.*?)</h2>", page)[:4]
    ['Organisasjonskart', 'Modell', 'Senter for det boligsosiale arbeidet', 'Mål sammenlignet med de 6 kommunene']
    """
    from orggraph.io.datasets import load_dataset

    orggraph_version = version("orggraph")

    if lang not in _TEXT:
        msg = f"unknown language `{lang}`; use one of {tuple(_TEXT)}"
        raise ValueError(msg)
    t = _TEXT[lang]
    esc = html.escape
    reference = load_dataset("nova2008") if reference is None else reference
    own_id = G.graph.get("municipality_id")
    refs = {mid: H for mid, H in reference.items() if H is not G and mid != own_id}
    if not refs:
        msg = "the reference set is empty (after leaving out the municipality itself)"
        raise ValueError(msg)
    left_out = len(refs) < len(reference)
    name = display_name(G)
    parts = [f"<h1>{esc(t['title'].format(name=name))}</h1>",
             f"<p class='sub'>{esc(t['sub'].format(version=orggraph_version, n=len(refs), ref=reference_name))}"
             + (f" {esc(t['left_out'].format(name=name))}" if left_out else "") + f" {esc(t['source'])}</p>"]

    chart = _svg(orgchart_svg(G, lang=lang))
    parts.append(f"<section class='big'><h2>{esc(t['chart'])}</h2><figure class='chart' id='orgchart'>{chart}"
                 "</figure></section>")

    cls = classify(G)
    head = cls.explain().split(" Met: ")[0].split(" Not met: ")[0].rstrip(".")
    items = [f"<li>{esc(t['met'])}: {esc(m)}</li>" for m in cls.met]
    items += [f"<li>{esc(t['failed'])}: {esc(f)}</li>" for f in cls.failed]
    parts.append(f"<section id='model'><h2>{esc(t['model'])}</h2>"
                 f"<p><b>{esc(head)}.</b></p><ul>{''.join(items)}</ul></section>")

    centre = cls.centre
    shown = centre.unit or centre.candidate
    rows = [] if centre.unit else [f"<p>{esc(t['no_centre'])}</p>"]
    if centre.tied:
        names = ", ".join(str(G.nodes[u].get("name") or u) for u in centre.tied)
        rows = [f"<p>{esc(t['tied'].format(units=names))}</p>"]
    if shown is not None:
        unit_name = G.nodes[shown].get("name") or shown
        label = t["unit"] if centre.unit else t["candidate"]
        rows.append(f"<p>{esc(label)}: <b>{esc(str(unit_name))}</b> · {esc(t['placement'])}: "
                    f"{esc(str(centre.placement or '–'))}</p>")
        rows.append(f"<table><tr><th>{esc(t['criterion'])}</th><th>{esc(t['held'])}</th>"
                    f"<th>{esc(t['why'])}</th></tr>")
        for key, held in centre.evidence.items():
            rows.append(f"<tr><td>{esc(t['criteria'].get(key, key))}</td><td>{esc(t['yes'] if held else t['no'])}"
                        f"</td><td>{esc(str(centre.details.get(key, '')))}</td></tr>")
        rows.append("</table>")
    parts.append(f"<section id='centre'><h2>{esc(t['centre'])}</h2>{''.join(rows)}</section>")

    table = compare(refs)
    own = summarize(G)
    metric_rows = []
    for key in REPORT_METRICS:
        if key not in table.columns or key not in own.index:
            continue
        vals = pd.to_numeric(table[key], errors="coerce")
        v = pd.to_numeric(pd.Series([own[key]]), errors="coerce").iloc[0]
        below, same, above = int((vals < v).sum()), int((vals == v).sum()), int((vals > v).sum())
        metric_rows.append(
            f"<tr><td>{esc(metric_label(key, lang))}</td><td class='num'>{esc(_fmt(v))}</td>"
            f"<td>{esc(t['rank_text'].format(below=below, same=same, above=above))}</td>"
            f"<td class='num'>{esc(_fmt(vals.min()))} – {esc(_fmt(vals.median()))} – {esc(_fmt(vals.max()))}</td>"
            f"<td>{_strip(vals, v)}</td></tr>")
    parts.append(f"<section id='metrics'><h2>{esc(t['metrics'].format(n=len(refs)))}</h2><table><tr>"
                 f"<th>{esc(t['metric'])}</th><th>{esc(t['value'])}</th><th>{esc(t['rank'])}</th>"
                 f"<th>{esc(t['range'])}</th><th>{esc(t['strip'])}</th></tr>{''.join(metric_rows)}</table></section>")

    near = peers(G, refs, k=3, lang=lang)
    peer_rows = "".join(
        f"<tr><td>{esc(str(r.name))}</td><td class='num'>{r.distance:.3f}</td><td>{esc(str(r.model))}</td>"
        f"<td><ul>{''.join(f'<li>{esc(s)}</li>' for s in r.differences)}</ul></td></tr>"
        for r in cast(Iterable[Any], near.itertuples()))  # the rows' field types are known only at run time
    parts.append(f"<section id='peers'><h2>{esc(t['peers'].format(name=name))}</h2><table><tr>"
                 f"<th>{esc(t['municipality'])}</th>"
                 f"<th>{esc(t['distance'])}</th><th>{esc(t['model'])}</th>"
                 f"<th>{esc(t['differences'].format(name=name))}</th></tr>{peer_rows}</table></section>")

    nearest_id = cast(str, near.index[0])  # peers() is indexed by the keys of `refs`
    diff_svg = _svg(draw_diff(G, refs[nearest_id], lang=lang).draw(format="svg"))
    parts.append(f"<section class='big diff'><h2>{esc(t['diff'].format(peer=near.iloc[0]['name']))}</h2>"
                 f"<p class='note'>{esc(t['method'])}</p>"
                 f"<figure class='chart' id='diffchart'>{diff_svg}</figure></section>")
    title = esc(t["title"].format(name=name))
    return (f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n")


def chromium_path() -> str:
    """Return the path of a Chromium (or Chrome) executable.

    ``ORGGRAPH_CHROMIUM`` overrides the search of ``chromium``,
    ``chromium-browser``, ``google-chrome`` and ``google-chrome-stable`` on the PATH.

    Returns
    -------
    str
        The executable's full path (:func:`shutil.which`).

    Raises
    ------
    OrgGraphError
        If none is found, saying how to install one.

    Examples
    --------
    ``ORGGRAPH_CHROMIUM`` names the executable to use (here, for the example, Python itself):

    >>> import os, sys
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"ORGGRAPH_CHROMIUM": sys.executable}):
    ...     chromium_path() == sys.executable
    True
    >>> with mock.patch.dict(os.environ, {"ORGGRAPH_CHROMIUM": "no-such-browser"}):
    ...     chromium_path()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orggraph._errors.OrgGraphError: PDF output needs Chromium, and none was found (looked for no-such-browser); ...
    """
    env = os.environ.get("ORGGRAPH_CHROMIUM")
    candidates = [env] if env else ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    for c in candidates:
        found = shutil.which(c)
        if found:
            return found
    msg = ("PDF output needs Chromium, and none was found (looked for "
           f"{', '.join(candidates)}); install it (Debian: `apt-get install chromium`), set ORGGRAPH_CHROMIUM, "
           "or write .html and print it from a browser")
    raise OrgGraphError(msg)


def chromium_command(*args: str) -> list[str]:
    """Return the command line that runs headless Chromium with `args` (no sandbox when run as root).

    Parameters
    ----------
    *args : str
        Arguments after the headless options (e.g. ``--print-to-pdf=...`` and a page's URL).

    Returns
    -------
    list of str
        The executable (:func:`chromium_path`), ``--headless`` and the options that keep it quiet
        (no GPU, first-run page, extensions or scrollbars; ``--no-sandbox`` when run as root),
        then `args`.

    Raises
    ------
    OrgGraphError
        If no Chromium is found (:func:`chromium_path`).

    Examples
    --------
    >>> import os, sys
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"ORGGRAPH_CHROMIUM": sys.executable}):
    ...     cmd = chromium_command("--print-to-pdf=page.pdf", "file:///tmp/page.html")
    >>> cmd[1], cmd[-2:]
    ('--headless', ['--print-to-pdf=page.pdf', 'file:///tmp/page.html'])
    """
    cmd = [chromium_path(), "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
           "--disable-extensions", "--hide-scrollbars"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return cmd + list(args)


def write_report(G: nx.Graph, path: str | os.PathLike, *, reference: Mapping[str, nx.Graph] | None = None,
                 lang: str = "en", overwrite: bool = False, timeout: float = 120) -> Path:
    """Write the one-page report of `G` to `path`: ``.html``, or ``.pdf`` printed by headless Chromium.

    Parameters
    ----------
    G : networkx.MultiGraph
        The municipality.
    path : str or os.PathLike
        Where to write; the extension (``.html``/``.htm`` or ``.pdf``) picks the format. The file
        is written whole or not at all.
    reference : mapping of str to networkx.MultiGraph, optional
        As for :func:`report_html`: default the bundled ``nova2008`` dataset.
    lang : {"en", "no"}, default "en"
        As for :func:`report_html`.
    overwrite : bool, default False
        Replace an existing file; without it an existing `path` is an error.
    timeout : float, default 120
        Seconds Chromium may take to print the PDF.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        If the extension of `path` is not ``.html``, ``.htm`` or ``.pdf`` (and as for
        :func:`report_html`).
    OverwriteError
        If `path` exists and `overwrite` is false; nothing is written.
    OrgGraphError
        If a PDF is asked for and no Chromium is found, or Chromium fails to print it (and as for
        :func:`report_html`).

    See Also
    --------
    report_html : The page itself.

    Examples
    --------
    >>> import os, tempfile
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> reference = {k: g[k] for k in ["asker", "hamar", "lierne", "moss", "skaun", "tromso"]}
    >>> path = os.path.join(tempfile.mkdtemp(), "ski.html")
    >>> write_report(g["ski"], path, reference=reference).name
    'ski.html'
    >>> write_report(g["ski"], path, reference=reference)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orggraph._errors.OverwriteError: ... exists; nothing was written. Pass overwrite=True ...
    """

    target = Path(path)
    suffix = target.suffix.casefold()
    if suffix not in (".html", ".htm", ".pdf"):
        msg = f"unknown report format `{target.suffix or '(none)'}` in {target}; use .html or .pdf"
        raise ValueError(msg)
    refuse_overwrite(target, overwrite=overwrite)
    page = report_html(G, reference=reference, lang=lang)
    if suffix != ".pdf":
        with atomic_write(target, "w") as fh:
            fh.write(page)
        return target
    with tempfile.TemporaryDirectory(prefix="orggraph-report-") as tmp:
        src, pdf = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = chromium_command("--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
                               f"--print-to-pdf={pdf}", src.as_uri())
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            msg = f"Chromium did not print the PDF within {timeout} s; nothing was written to {target}"
            raise OrgGraphError(msg) from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            msg = f"Chromium could not print the PDF (exit {done.returncode}): {done.stderr.strip()[-500:]}"
            raise OrgGraphError(msg)
        with atomic_write(target, "wb") as fh:
            fh.write(pdf.read_bytes())
    return target
