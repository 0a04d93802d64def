"""``qinternet plot DIR [DIR ...] --x COLUMN --y COLUMN [--y ...]``: draw sweep results
(several folders: one line per sweep, labelled by its scenario).

One panel per ``--y`` against ``--x``, error bars from the standard errors, log axes
where the data span two decades, the PLOB bound on ``rate_hz`` panels, one line per
combination of the other varied parameters. Writes PNG or SVG (by the suffix of
``--out``; default ``DIR/<y>_vs_<x>.png``) and a ``.plot.json`` sidecar with the
plotted points.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from qinternet.sweep.plot import plot_results
from qinternet.sweep.store import SweepStore


def _run(args: argparse.Namespace) -> int:
    folders: list[str] = args.folder
    frames, parameters, names = [], [], []
    for folder in folders:
        with SweepStore.open(folder) as store:
            facts = store.description()
            name = str(facts.get("scenario", folder))
            frames.append(store.load().assign(scenario=name))
        names.append(name)
        parameters += [p for p in facts.get("parameters", []) if p not in parameters]
    if len(folders) > 1:
        parameters.append("scenario")  # one line per sweep
    frame = pd.concat(frames, ignore_index=True)
    ys: list[str] = args.y
    out = Path(args.out) if args.out else Path(folders[0]) / f"{'_'.join(ys)}_vs_{args.x}.png"
    report = plot_results(
        frame,
        x=args.x,
        ys=ys,
        out=out,
        parameters=parameters,
        title=args.title if args.title is not None else " / ".join(names),
    )
    omitted = sum(panel.num_omitted for panel in report.panels)
    note = f" ({omitted} points at or below zero left off the log axes)" if omitted else ""
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
    parser.add_argument("--out", default=None, help="image file, .png or .svg")
    parser.add_argument("--title", default=None, help="title (default: the scenario's name)")
    parser.set_defaults(handler=_run)
