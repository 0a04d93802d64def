"""``qinternet plot DIR --x COLUMN --y COLUMN [--y ...]``: draw a sweep's results.

One panel per ``--y`` against ``--x``, error bars from the standard errors, log axes
where the data span two decades, the PLOB bound on ``rate_hz`` panels, one line per
combination of the other varied parameters. Writes PNG or SVG (by the suffix of
``--out``; default ``DIR/<y>_vs_<x>.png``) and a ``.plot.json`` sidecar with the
plotted points.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qinternet.sweep.plot import plot_results
from qinternet.sweep.store import SweepStore


def _run(args: argparse.Namespace) -> int:
    with SweepStore.open(args.folder) as store:
        frame = store.load()
        facts = store.description()
    ys: list[str] = args.y
    out = Path(args.out) if args.out else Path(args.folder) / f"{'_'.join(ys)}_vs_{args.x}.png"
    report = plot_results(
        frame,
        x=args.x,
        ys=ys,
        out=out,
        parameters=facts.get("parameters", []),
        title=args.title if args.title is not None else str(facts.get("scenario", "")),
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
    parser.add_argument("folder", help="output folder of `qinternet sweep`")
    parser.add_argument("--x", required=True, help="column on the horizontal axis")
    parser.add_argument("--y", action="append", required=True, help="column to plot (repeat)")
    parser.add_argument("--out", default=None, help="image file, .png or .svg")
    parser.add_argument("--title", default=None, help="title (default: the scenario's name)")
    parser.set_defaults(handler=_run)
