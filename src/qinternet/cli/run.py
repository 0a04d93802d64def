"""``qinternet run FILE``: simulate a scenario file and print what it delivered.

A progress bar (on standard error) follows the simulated time; the result is a table,
or with ``--json`` one JSON object with ``pairs``, ``rate_hz``, ``fidelity_mean``,
``fidelity_stderr``, ``sim_time_s``, ``wall_s`` and one entry per link (``links``), or
for a ``requests`` scenario one entry per request (``requests``: path, pairs, rate,
waiting time, fidelity, CHSH value and BBM92 key rate of the delivered states).

Examples:
    >>> _number(None), _number(0.123456, ".3f")
    ('-', '0.123')
"""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from qinternet.network import (
    ChainResult,
    NetworkResult,
    ScenarioResult,
    build_scenario,
    load_scenario,
    run_built,
)


def _number(value: float | None, spec: str = ".4g") -> str:
    """``value`` formatted, or ``-`` when there is none."""
    return "-" if value is None else format(value, spec)


def _print_table(result: ScenarioResult, published: str) -> None:
    table = Table(
        title=f"{result.name}: {result.sim_time_s:g} s simulated in {result.wall_s:.3f} s"
    )
    for column in ("link", "pairs", "rate (Hz)", "predicted rate (Hz)", "fidelity", "predicted F"):
        table.add_column(column, justify="right")
    for link in result.links:
        stats = link.statistics
        table.add_row(
            "-".join(link.nodes),
            str(stats.num_pairs),
            f"{stats.rate_hz:.4g} ± {stats.rate_stderr_hz:.2g}",
            f"{link.predicted_rate_hz:.4g}",
            f"{stats.fidelity.mean:.4f} ± {stats.fidelity.stderr:.1g}",
            f"{link.predicted_fidelity:.4f}",
        )
    console = Console()
    console.print(table)
    if published:
        console.print(f"published: {published}")


def _print_chain_table(result: ChainResult, published: str) -> None:
    stats = result.statistics
    table = Table(
        title=f"{result.name}: repeater chain, {stats.sim_time_s:g} s simulated in "
        f"{result.wall_s:.3f} s"
    )
    for column in ("ends", "pairs", "rate (Hz)", "waiting time (s)", "fidelity"):
        table.add_column(column, justify="right")
    table.add_row(
        "-".join(result.nodes),
        str(stats.num_pairs),
        f"{stats.rate_hz:.4g}",
        f"{stats.waiting_time_s.mean:.4g} ± {stats.waiting_time_s.stderr:.2g}",
        f"{stats.fidelity.mean:.4f} ± {stats.fidelity.stderr:.1g}",
    )
    console = Console()
    console.print(table)
    if published:
        console.print(f"published: {published}")


def _print_requests_table(result: NetworkResult, published: str) -> None:
    table = Table(
        title=f"{result.name}: {len(result.requests)} requests, {result.sim_time_s:g} s "
        f"simulated in {result.wall_s:.3f} s"
    )
    columns = (
        "request",
        "path",
        "channels",
        "pairs",
        "rate (Hz)",
        "waiting time (s)",
        "fidelity",
        "route F",
        "CHSH S",
        "key rate (bit/s)",
    )
    for column in columns:
        table.add_column(column, justify="right")
    for request in result.requests:
        stats, plan = request.statistics, request.plan
        delivered = stats.num_pairs > 0
        table.add_row(
            f"{'-'.join(plan.between)} ({plan.routing.value})",
            "-".join(plan.route.nodes),
            str(plan.chain.num_channels),
            str(stats.num_pairs),
            f"{stats.rate_hz:.4g} ± {stats.rate_stderr_hz:.2g}",
            f"{stats.waiting_time_s.mean:.4g} ± {stats.waiting_time_s.stderr:.2g}"
            if delivered
            else "-",
            f"{stats.fidelity.mean:.4f} ± {stats.fidelity.stderr:.1g}" if delivered else "-",
            f"{plan.route.expected_fidelity:.4f}",
            _number(stats.chsh, ".4f"),
            _number(stats.key.key_rate_bps if stats.key else None),
        )
    console = Console()
    if not console.is_terminal:  # a file or pipe: no reason to wrap the cells
        console = Console(width=max(console.width, 160))
    console.print(table)
    if published:
        console.print(f"published: {published}")


def _run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    if args.seed is not None or args.duration_s is not None:
        updates = {
            key: value
            for key, value in (("seed", args.seed), ("duration_s", args.duration_s))
            if value is not None
        }
        scenario = type(scenario).model_validate({**scenario.model_dump(), **updates})
    built = build_scenario(scenario, source=args.file)
    show_progress = not args.json and sys.stderr.isatty()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:.3g}/{task.total:g} s simulated"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not show_progress,
    ) as progress:
        task = progress.add_task(scenario.name, total=scenario.duration_s)
        result = run_built(built, on_progress=lambda now_s: progress.update(task, completed=now_s))
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        published = scenario.published.source if scenario.published else ""
        if isinstance(result, ChainResult):
            _print_chain_table(result, published)
        elif isinstance(result, NetworkResult):
            _print_requests_table(result, published)
        else:
            _print_table(result, published)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``run`` subcommand."""
    parser = subparsers.add_parser("run", help="simulate a scenario file")
    parser.add_argument("file", help="scenario YAML file (see examples/)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=None, help="override the file's seed")
    parser.add_argument("--duration-s", type=float, default=None, help="override the duration")
    parser.set_defaults(handler=_run)
