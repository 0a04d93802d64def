"""``qinternet plot DIR [DIR ...] --x COLUMN --y COLUMN [--y ...]``: draw sweep results
(several folders: one line per sweep, named by its scenario).

One panel per ``--y`` against ``--x``: axis labels with quantity and unit, error bars
from the standard errors, log axes where the data span two decades (zero values drawn
at the axis floor with their own marker), each distinct PLOB bound once on
``rate_hz`` panels, the line F = 1/2 on fidelity panels. The sweep folders are only
read (a read-only folder will do). Writes PNG or SVG (by the suffix of ``--out``;
default ``<y>_vs_<x>.png`` in the current folder) and a ``.plot.json`` sidecar beside
it recording what was drawn.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import pandas as pd

from qinternet.sweep.plot import plot_results
from qinternet.sweep.plot_data import SCENARIO_COLUMN
from qinternet.sweep.plot_read import read_sweep


def _run(args: argparse.Namespace) -> int:
    folders: list[str] = args.folder
    tables = [read_sweep(folder) for folder in folders]
    names = [str(table.description.get("scenario", table.folder)) for table in tables]
    repeated = Counter(names)
    labels = [
        f"{name} ({table.folder})" if repeated[name] > 1 else name
        for name, table in zip(names, tables, strict=True)
    ]
    parameters: list[str] = []
    for table in tables:
        varied = table.description.get("parameters", [])
        parameters += [p for p in varied if p not in parameters]
    frame = pd.concat(
        [
            table.frame.assign(**{SCENARIO_COLUMN: label})
            for table, label in zip(tables, labels, strict=True)
        ],
        ignore_index=True,
    )
    ys: list[str] = args.y
    out = Path(args.out) if args.out else Path(f"{'_'.join(ys)}_vs_{args.x}.png")
    title = args.title if args.title is not None else names[0] if len(names) == 1 else ""
    report = plot_results(frame, x=args.x, ys=ys, out=out, parameters=parameters, title=title)
    notes = []
    zeros = sum(panel.num_zeros for panel in report.panels)
    omitted = sum(panel.num_omitted for panel in report.panels)
    if zeros:
        notes.append(f"{zeros} zero values drawn at the axis floor")
    if omitted:
        notes.append(f"{omitted} points left off the log axes (negative, or zero on x)")
    note = f" ({'; '.join(notes)})" if notes else ""
    print(
        f"{report.image} ({report.width_px}x{report.height_px} px), data in {report.sidecar}{note}"
    )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``plot`` subcommand."""
    parser = subparsers.add_parser("plot", help="plot the results of a sweep")
    parser.add_argument(
        "folder", nargs="+", help="output folder(s) of `qinternet sweep`; several: one line each"
    )
    parser.add_argument("--x", required=True, help="column on the horizontal axis")
    parser.add_argument("--y", action="append", required=True, help="column to plot (repeat)")
    parser.add_argument(
        "--out", default=None, help="image file, .png or .svg (default: <y>_vs_<x>.png here)"
    )
    parser.add_argument(
        "--title",
        default=None,
        help="title (default: the scenario's name for one sweep, none for several)",
    )
    parser.set_defaults(handler=_run)
