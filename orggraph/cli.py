"""orggraph: municipal social-housing work as organisation networks.

commands:
  validate PATH            report every problem in a dataset folder or org-chart file
  template OUT.xlsx        write an empty org-chart workbook to fill in
  draw PATH --out FILE     draw one municipality's org chart (svg, pdf or png, from the suffix)
  classify PATH            one municipality's model, centre and the reasons
  tables                   regenerate Tables 3.3 and 3.5 and compare them with the report
  metrics                  the comparison table: metrics, centre and model per municipality
  agreement                classify and find_centre against the report's judgements
  figures                  every org chart and comparison figure (--format svg,png)
  survey PATH              metrics and the report's tabulations for a survey-format file
  synthetic N              a synthetic national population in the survey format
  export                   GraphML or GEXF files for Gephi
  report PATH              a one-page HTML (or PDF) report on one municipality

The command line is the top layer of orggraph: each command parses its
arguments and calls the public functions of the layers below it (reading and
writing in orggraph.io, analysis, the replication of the report, drawing);
the drawing libraries (matplotlib, pygraphviz) are loaded only by the commands
that draw. Nothing in the package imports this module; the ``orggraph``
console script runs its main().

PATH and --dataset take a bundled dataset's name (nova2008), a folder of CSV
tables, or one municipality's XLSX, YAML or JSON file. No command replaces an
existing file unless given --force. Errors in the input are printed one line
per problem, with exit status 1.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import pandas as pd

from orggraph._errors import OrgGraphError
from orggraph._files import atomic_write, inert_frame, terminal_safe
from orggraph.core.graph import Municipality
from orggraph.io import refuse_overwrite, validate, write_gexf, write_graphml
from orggraph.io.datasets import dataset_path, list_datasets, load_dataset
from orggraph.replication.tables import case_table, compare_published

__all__ = ["main"]

log = logging.getLogger("orggraph")


def _write_csv(frame: pd.DataFrame, out: str, *, force: bool = False) -> None:
    """Write `frame` atomically to `out` (an existing file only with --force) and say so.

    Text that would start a formula gets a leading '.
    """

    refuse_overwrite(out, overwrite=force)
    with atomic_write(Path(out)) as fh:
        inert_frame(frame).to_csv(fh)
    print(f"wrote {out}")


def _shown(text: str) -> str:
    """One line of terminal output: control sequences and line breaks in cell text escaped."""
    return terminal_safe(text).replace("\n", "\\n")


def _cmd_validate(args: argparse.Namespace) -> int:
    # a bundled dataset's name, as for every other command's PATH (load_dataset's rule)
    path = dataset_path(args.path) if args.path in list_datasets() else Path(args.path)
    problems = validate(path)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        print(f"{path}: no problems found")
        return 0
    print(f"{path}: {errors} error(s), {warnings} warning(s)")
    for p in problems:
        print(f"  - {_shown(str(p))}")
    return 1 if errors or args.strict else 0


def _cmd_template(args: argparse.Namespace) -> int:
    from orggraph.io.template import write_template  # openpyxl: loaded only by the commands that need it

    write_template(args.out, overwrite=args.force)
    print(f"wrote {args.out}")
    return 0


def _one_municipality(path: str, municipality: str | None) -> tuple[str, Municipality]:
    """The one municipality of `path` (or the one named `municipality` in it)."""
    graphs = load_dataset(path)
    if municipality is not None:
        if municipality not in graphs:
            msg = f"no municipality `{municipality}` in {path}; it holds {', '.join(graphs)}"
            raise OrgGraphError(msg)
        return municipality, graphs[municipality]
    if len(graphs) != 1:
        msg = (f"{path} holds {len(graphs)} municipalities; choose one with --municipality "
               f"({', '.join(list(graphs)[:8])}{', …' if len(graphs) > 8 else ''})")
        raise OrgGraphError(msg)
    return next(iter(graphs.items()))


def _cmd_draw(args: argparse.Namespace) -> int:
    from orggraph.drawing.orgchart import FORMATS, draw_orgchart

    out = Path(args.out)
    fmt = out.suffix.lstrip(".").casefold()
    if fmt not in FORMATS:
        msg = f"cannot tell the format from `{out.name}`: end the file name with one of {', '.join(FORMATS)}"
        raise OrgGraphError(msg)
    _, G = _one_municipality(args.path, args.municipality)
    refuse_overwrite(out, overwrite=args.force)
    draw_orgchart(G, out, lang=args.lang)
    print(f"wrote {out}")
    return 0


def _cmd_classify(args: argparse.Namespace) -> int:
    from orggraph.analysis.models import classify

    mid, G = _one_municipality(args.path, args.municipality)
    c = classify(G)
    name = G.graph.get("name") or mid
    print(f"{name}: model {c.model}")
    if c.centre.unit is None:
        print("centre: none")
    else:
        print(f"centre: {G.nodes[c.centre.unit].get('name', c.centre.unit)} ({c.centre.unit}, "
              f"{c.centre.placement}, score {c.centre.score:.2f})")
    print(c.explain())
    return 0


def _metrics_table(graphs: dict) -> pd.DataFrame:
    from orggraph.analysis.centre import find_centre
    from orggraph.analysis.summary import compare

    frame = compare(graphs)  # has model and centre already; the placement and score come from the centre
    centres = {mid: find_centre(G) for mid, G in graphs.items()}
    frame["centre_placement"] = pd.Series({m: c.placement if c.unit else "" for m, c in centres.items()})
    frame["centre_score"] = pd.Series({m: c.score for m, c in centres.items()})
    return frame


def _cmd_metrics(args: argparse.Namespace) -> int:
    if args.out:
        refuse_overwrite(args.out, overwrite=args.force)
    frame = _metrics_table(load_dataset(args.dataset))
    cols = ["name", "units", "teams", "fragmentation", "top_share", "alone_share", "coordination_coverage",
            "dwelling_split", "strategy_detached", "components", "centre", "centre_placement", "model"]
    with pd.option_context("display.width", 220, "display.max_columns", 30, "display.precision", 2):
        print(terminal_safe(frame[cols].to_string()))
    if args.out:
        _write_csv(frame, args.out, force=args.force)
    return 0


def _cmd_agreement(args: argparse.Namespace) -> int:
    from orggraph.analysis.association import size_association
    from orggraph.replication.agreement import (
        HEADLINE,
        agreement,
        agreement_summary,
        confusion,
        explained_disagreements,
        judgement_sourced,
        sensitivity,
    )

    if args.out:
        refuse_overwrite(args.out, overwrite=args.force)
    graphs = load_dataset("nova2008")
    table = agreement(graphs)
    summary = agreement_summary(table)
    print("Agreement with the report's judgements")
    print(f"Headline: {HEADLINE} rows ({len(judgement_sourced())} rows of the data whose only source is a "
          "sentence stating the report's own classification are removed)")
    print(summary.loc[HEADLINE].to_string(), end="\n\n")
    print("With every row (partly circular)")
    print(summary.loc["all"].to_string(), end="\n\n")
    print("Models: report (rows) vs classify (columns), plain §3.5 examples, headline")
    print(confusion(table).to_string(), end="\n\n")
    print("Disagreements, explained (headline rows; * = only there, ** = only with every row)")
    explained = explained_disagreements(table)
    keys = ["comparison", "municipality_id", "report", "computed"]
    head = {tuple(r) for r in explained[explained.rows == HEADLINE][keys].itertuples(index=False)}
    every = {tuple(r) for r in explained[explained.rows == "all"][keys].itertuples(index=False)}
    for rec in explained.drop_duplicates(keys).itertuples():
        key = (rec.comparison, rec.municipality_id, rec.report, rec.computed)
        mark = "" if key in head and key in every else "*" if key in head else "**"
        print(f"- {rec.comparison} / {rec.municipality_id}{mark}: report {rec.report}, computed {rec.computed} "
              f"[{rec.kind}] {rec.explanation}")
    print()
    sens = sensitivity(graphs)
    print("Sensitivity to thresholds")
    print(sens.to_string(index=False))
    print(f"single ties whose removal changes a model: {sens.attrs['single_tie_flips']} "
          f"of {sens.attrs['ties_tested']}")
    assoc = size_association(graphs)
    print("\nDoes size explain the organisation? Spearman's rho of metrics with Table V.1 (strongest first)")
    with pd.option_context("display.precision", 3):
        print(assoc.sort_values("p").head(10).to_string(index=False))
    print(f"pairs with p < 0.05: {int((assoc.p < 0.05).sum())} of {len(assoc)}; "
          f"after Benjamini-Hochberg: {int((assoc.p_adjusted < 0.05).sum())}")
    if args.out:
        _write_csv(table, args.out, force=args.force)
    return 0


def _cmd_tables(args: argparse.Namespace) -> int:
    if args.out:
        refuse_overwrite(args.out, overwrite=args.force)
    graphs = load_dataset(args.dataset)
    for table in ("3.3", "3.5"):
        print(f"Table {table} regenerated from the graphs")
        print(case_table(graphs, table).to_string(), end="\n\n")
    if args.dataset == "nova2008":
        published = dataset_path("nova2008") / "published_tables.csv"
        cmp = compare_published(graphs, pd.read_csv(published, dtype=str, keep_default_na=False))
        print(f"cells matching the printed tables: {int(cmp.match.sum())} of {len(cmp)}")
        if args.out:
            _write_csv(cmp, args.out, force=args.force)
    return 0


def _cmd_figures(args: argparse.Namespace) -> int:
    import time

    import matplotlib

    matplotlib.use("Agg")
    from orggraph.drawing.plot import write_figures

    formats = [f.strip().casefold() for f in args.format.split(",") if f.strip()]
    graphs = load_dataset(args.dataset)
    start = time.perf_counter()
    written, skipped = write_figures(graphs, Path(args.out), formats=formats, lang=args.lang, workers=args.workers,
                                     overwrite=args.force)
    for line in skipped:
        print(f"skipped {line}")
    print(f"wrote {len(written)} files to {args.out} in {time.perf_counter() - start:.1f} s")
    return 0


def _cmd_survey(args: argparse.Namespace) -> int:
    from orggraph.analysis.summary import compare
    from orggraph.io import survey

    if args.out:
        refuse_overwrite(args.out, overwrite=args.force)
    frame = survey.read_survey(args.path)  # read, checked and normalised once
    table = compare(frame, full=args.full, workers=args.workers, progress=args.full)
    for task in ("provide_dwellings", "allocate_dwelling", "allocate_start_loan"):
        if task in frame.columns:
            print(f"\n{task}: % of municipalities where a unit type holds it alone / participates")
            tab = survey.tabulate(frame, task=task)
            print(tab[(tab.sum(axis=1) > 0)].to_string())
    if {"provide_dwellings", "allocate_dwelling"} <= set(frame.columns):
        print("\nallocate (rows) x build/buy (columns), as Table 3.2")
        print(survey.tabulate(frame, "crosstab").to_string())
    print(f"\n{len(table)} municipalities")
    if args.out:
        _write_table(table, args.out)
    return 0


def _write_table(frame: pd.DataFrame, out: str) -> None:
    """Write a large table atomically to CSV with pyarrow's writer (several times faster than pandas') and say so.

    Large tables are formatted in two halves on two threads (pyarrow releases the GIL); the bytes are the same.
    """
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.csv as pacsv

    flat = inert_frame(frame).reset_index()  # text that would start a formula gets a leading '
    for col in flat.columns:
        if isinstance(flat[col].dtype, pd.CategoricalDtype):
            flat[col] = flat[col].astype(object)
    table = pa.Table.from_pandas(flat, preserve_index=False)
    half = (len(flat) + 1) // 2 if len(flat) >= 20_000 else len(flat)

    def formatted(start: int, header: bool) -> pa.Buffer:
        sink = pa.BufferOutputStream()
        pacsv.write_csv(table.slice(start, half), sink, pacsv.WriteOptions(include_header=header))
        return sink.getvalue()

    with ThreadPoolExecutor(2) as pool:
        parts = list(pool.map(formatted, range(0, max(len(flat), 1), half or 1), [True, False]))
    with atomic_write(Path(out), "wb") as fh:
        for part in parts:
            fh.write(part)
    print(f"wrote {out}")


def _cmd_synthetic(args: argparse.Namespace) -> int:
    from orggraph.replication.synthetic import population

    refuse_overwrite(args.out, overwrite=args.force)
    frame = population(args.n, seed=args.seed)
    _write_table(frame.set_index("municipality_id"), args.out)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    graphs = load_dataset(args.dataset)
    out = Path(args.out)
    writer = {"graphml": write_graphml, "gexf": write_gexf}[args.format]
    refuse_overwrite(*(out / f"{mid}.{args.format}" for mid in graphs), overwrite=args.force)
    for mid, G in graphs.items():
        writer(G, out / f"{mid}.{args.format}", overwrite=True)
    print(f"wrote {len(graphs)} {args.format} files to {out}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from orggraph.drawing.report import write_report

    _mid, G = _one_municipality(args.path, args.municipality)
    out = write_report(G, args.out, reference=load_dataset(args.reference), lang=args.lang,
                       overwrite=args.overwrite)
    print(f"wrote {out}")
    return 0


_DATASET = "bundled dataset name (nova2008), folder of CSV tables, or one XLSX/YAML/JSON file"
_FORCE = "replace existing output files"
_LANG = "language of the labels: en (English) or no (Norwegian)"
_MUNI = "the municipality_id to use when PATH holds several municipalities"


class _Version(argparse.Action):
    """``--version``: the package metadata is read only when asked (it costs every command's start otherwise)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from orggraph import __version__

        print(f"orggraph {__version__}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    head, *_, tail = __doc__.strip().split("\n\n")  # the command list is argparse's own
    p = argparse.ArgumentParser(prog="orggraph", description=head, epilog=tail,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action=_Version, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("validate", help="report every problem in a dataset folder or org-chart file")
    s.add_argument("path", metavar="PATH", help=_DATASET)
    s.add_argument("--strict", action="store_true", help="fail on warnings too")
    s.set_defaults(func=_cmd_validate)
    s = sub.add_parser("template", help="write an empty org-chart workbook to fill in")
    s.add_argument("out", metavar="OUT.xlsx", help="the workbook to write")
    s.add_argument("--force", action="store_true", help="replace OUT.xlsx if it exists (a filled workbook is lost)")
    s.set_defaults(func=_cmd_template)
    s = sub.add_parser("draw", help="draw one municipality's org chart")
    s.add_argument("path", metavar="PATH", help=_DATASET)
    s.add_argument("--out", required=True, help="the figure to write; its suffix (.svg, .pdf, .png) sets the format")
    s.add_argument("--lang", choices=("en", "no"), default="en", help=_LANG)
    s.add_argument("--municipality", help=_MUNI)
    s.add_argument("--force", action="store_true", help=_FORCE)
    s.set_defaults(func=_cmd_draw)
    s = sub.add_parser("classify", help="one municipality's model, centre and the reasons")
    s.add_argument("path", metavar="PATH", help=_DATASET)
    s.add_argument("--municipality", help=_MUNI)
    s.set_defaults(func=_cmd_classify)
    for name, func, helptext in (
        ("tables", _cmd_tables, "regenerate Tables 3.3 and 3.5"),
        ("metrics", _cmd_metrics, "metrics, centre and model per municipality"),
        ("agreement", _cmd_agreement, "agreement with the report's judgements (nova2008)"),
    ):
        s = sub.add_parser(name, help=helptext)
        if name != "agreement":
            s.add_argument("--dataset", default="nova2008", help=_DATASET)
        s.add_argument("--out", help="write the result to this CSV file")
        s.add_argument("--force", action="store_true", help=_FORCE)
        s.set_defaults(func=func)
    s = sub.add_parser("figures", help="render every org chart and comparison figure")
    s.add_argument("--dataset", default="nova2008", help=_DATASET)
    s.add_argument("--out", default="figures", help="output folder")
    s.add_argument("--format", default="svg,png", help="comma-separated: svg, pdf, png")
    s.add_argument("--lang", choices=("en", "no"), default="en", help=_LANG)
    s.add_argument("--workers", type=int, default=None, help="processes drawing the figures (default: one per CPU)")
    s.add_argument("--force", action="store_true", help=_FORCE)
    s.set_defaults(func=_cmd_figures)
    s = sub.add_parser("survey", help="metrics and tabulations for a survey-format CSV/XLSX file")
    s.add_argument("path", metavar="PATH", help="a survey-format CSV or XLSX file (one row per municipality)")
    s.add_argument("--out", help="write the metrics table to this CSV file")
    s.add_argument("--force", action="store_true", help=_FORCE)
    s.add_argument("--full", action="store_true",
                   help="also the search metrics, model and centre (compare(full=True)); slower")
    s.add_argument("--workers", type=int, default=1, help="processes for the search metrics (with --full)")
    s.set_defaults(func=_cmd_survey)
    s = sub.add_parser("synthetic", help="write a synthetic population in the survey format")
    s.add_argument("n", type=int, metavar="N", help="how many municipalities")
    s.add_argument("--seed", type=int, default=0, help="random seed (the same seed gives the same file)")
    s.add_argument("--out", required=True, help="the CSV file to write")
    s.add_argument("--force", action="store_true", help=_FORCE)
    s.set_defaults(func=_cmd_synthetic)
    s = sub.add_parser("export", help="write GraphML or GEXF files for Gephi")
    s.add_argument("--dataset", default="nova2008", help=_DATASET)
    s.add_argument("--format", choices=("graphml", "gexf"), default="graphml", help="the file format")
    s.add_argument("--out", required=True, help="output folder (one file per municipality)")
    s.add_argument("--force", action="store_true", help=_FORCE)
    s.set_defaults(func=_cmd_export)
    s = sub.add_parser("report", help="a one-page HTML (or PDF) report on one municipality")
    s.add_argument("path", help="the municipality: an XLSX/YAML/JSON file or a dataset folder")
    s.add_argument("--out", required=True, help="mine.html, or mine.pdf (printed by headless Chromium)")
    s.add_argument("--lang", choices=("en", "no"), default="en", help=_LANG)
    s.add_argument("--municipality", help="which municipality, when PATH holds several")
    s.add_argument("--reference", default="nova2008", help="municipalities to compare with (dataset name or folder)")
    s.add_argument("--force", "--overwrite", dest="overwrite", action="store_true", help="replace --out if it exists")
    s.set_defaults(func=_cmd_report)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    This is the ``orggraph`` console script. Errors orggraph raises on purpose
    (bad input, a file that would be overwritten), and ``ValueError`` and
    ``OSError``, are printed to standard error as one ``error:`` line (a
    :class:`~orggraph.ValidationError` one line per problem) and give status 1
    instead of a traceback; any other exception propagates.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success; 1 on an error, or when ``validate`` finds an error (or,
        with ``--strict``, a warning).

    Raises
    ------
    SystemExit
        From argparse: status 0 after ``--help`` or ``--version``, status 2
        on arguments it cannot parse.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "kommune.xlsx"
    >>> main(["template", str(out)])  # doctest: +ELLIPSIS
    wrote .../kommune.xlsx
    0
    >>> main(["template", str(out)])  # refused: the error goes to standard error
    1
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (OrgGraphError, ValueError, OSError) as err:  # ValidationError is both
        print(f"error: {terminal_safe(str(err))}", file=sys.stderr)
        return 1


def run() -> NoReturn:
    """Run :func:`main` as the ``orggraph`` console script and exit with its status.

    Before exiting, the objects left are frozen out of garbage collection (:func:`gc.freeze`). Python's
    last collections at exit would otherwise walk every one of them, 0.2–0.4 s with pandas and matplotlib
    loaded (a sixth of ``orggraph survey`` on 100 000 rows), to free memory the system takes back anyway.
    Every file a command writes is closed before :func:`main` returns, and the exit handlers (:mod:`atexit`)
    still run.

    Raises
    ------
    SystemExit
        Always, with the status :func:`main` returned.

    Examples
    --------
    >>> import subprocess, sys
    >>> subprocess.run([sys.executable, "-m", "orggraph.cli", "--version"], capture_output=True).returncode
    0
    """
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
