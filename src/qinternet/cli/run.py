"""``qinternet run FILE``: simulate a scenario file and print what it delivered.

A progress bar (on standard error) follows the simulated time; the result is a table,
or with ``--json`` one strict JSON object (RFC 8259: no NaN, null instead) in the
versioned shape of :mod:`qinternet.network.run` (``schema_version``, ``protocol``,
``pairs``, ``rate_hz``, ``fidelity_mean``, ... and one entry per link or request), with
what makes the run repeatable (``qinternet_version``, ``seed``, ``scenario_id``: the
content id of the scenario as run) and ``warnings``, one line each, for what the numbers
cannot say (no pair delivered: no fidelity; one pair: no standard error). Names from the
file are printed as written, never read as markup.

Examples:
    >>> _number(None), _number(0.123456, ".3f")
    ('-', '0.123')
    >>> _warnings({"links": [{"nodes": ["A", "B"], "pairs": 0}, {"nodes": ["B", "C"], "pairs": 1}]})
    ['links A-B: no pair delivered, so no fidelity', 'links B-C: one pair delivered, so no standard error']
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from qinternet import __version__
from qinternet.core.ids import content_id
from qinternet.core.statistics import MeanEstimate
from qinternet.network import build_scenario, load_scenario, parse_scenario, run_built
from qinternet.network.budget import check_budget
from qinternet.network.run import ChainResult, NetworkResult, RunResult, ScenarioResult
from qinternet.sim import DeliveryStatistics


def _number(value: float | None, spec: str = ".4g") -> str:
    """``value`` formatted, or ``-`` when there is none."""
    return "-" if value is None else format(value, spec)


def _estimate(estimate: MeanEstimate, spec: str, error_spec: str) -> str:
    """``mean ± stderr``, or ``-`` for a mean of no samples."""
    if math.isnan(estimate.mean):
        return "-"
    error = "-" if math.isnan(estimate.stderr) else format(estimate.stderr, error_spec)
    return f"{estimate.mean:{spec}} ± {error}"


def _rate(stats: DeliveryStatistics) -> str:
    return f"{stats.rate_hz:.4g} ± {stats.rate_stderr_hz:.2g}"


def _table(result: RunResult, what: str, columns: tuple[str, ...]) -> Table:
    """A table titled with the fields every result has."""
    table = Table(
        title=f"{escape(result.name)}: {what}{result.sim_time_s:g} s simulated in "
        f"{result.wall_s:.3f} s"
    )
    for column in columns:
        table.add_column(column, justify="right")
    return table


def _link_table(result: ScenarioResult) -> Table:
    columns = ("link", "pairs", "rate (Hz)", "predicted rate (Hz)", "fidelity", "predicted F")
    table = _table(result, "", columns)
    for link in result.links:
        stats = link.statistics
        table.add_row(
            escape("-".join(link.nodes)),
            str(stats.num_pairs),
            _rate(stats),
            f"{link.predicted_rate_hz:.4g}",
            _estimate(stats.fidelity, ".4f", ".1g"),
            f"{link.predicted_fidelity:.4f}",
        )
    return table


def _chain_table(result: ChainResult) -> Table:
    columns = ("ends", "pairs", "rate (Hz)", "waiting time (s)", "interval (s)", "fidelity")
    table = _table(result, f"repeater chain ({result.policy}), ", columns)
    stats = result.statistics
    table.add_row(
        escape("-".join(result.nodes)),
        str(stats.num_pairs),
        _rate(stats),
        _estimate(stats.waiting_time_s, ".4g", ".2g"),
        _estimate(stats.delivery_interval_s, ".4g", ".2g"),
        _estimate(stats.fidelity, ".4f", ".1g"),
    )
    return table


def _requests_table(result: NetworkResult) -> Table:
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
    table = _table(result, f"{len(result.requests)} requests, ", columns)
    for request in result.requests:
        stats, plan = request.statistics, request.plan
        table.add_row(
            escape(f"{'-'.join(plan.between)} ({plan.routing.value})"),
            escape("-".join(plan.route.nodes)),
            str(plan.chain.num_channels),
            str(stats.num_pairs),
            _rate(stats),
            _estimate(stats.waiting_time_s, ".4g", ".2g"),
            _estimate(stats.fidelity, ".4f", ".1g"),
            f"{plan.route.expected_fidelity:.4f}",
            _number(stats.chsh, ".4f"),
            _number(stats.key.key_rate_bps if stats.key else None),
        )
    return table


def _warnings(summary: dict[str, Any]) -> list[str]:
    """One line for each part (or the whole run) whose pair count leaves a number unknown."""
    key = next((key for key in ("links", "requests") if summary.get(key)), None)
    parts = (
        [(f"{key} {'-'.join(part.get('nodes') or part['between'])}", part) for part in summary[key]]
        if key
        else [("", summary)]
    )
    lines = []
    for label, part in parts:
        where = f"{label}: " if label else ""
        if part["pairs"] == 0:
            lines.append(f"{where}no pair delivered, so no fidelity")
        elif part["pairs"] == 1:
            lines.append(f"{where}one pair delivered, so no standard error")
    return lines


def _print_table(result: RunResult, published: str, warnings: list[str]) -> None:
    if isinstance(result, ChainResult):
        table = _chain_table(result)
    elif isinstance(result, NetworkResult):
        table = _requests_table(result)
    else:
        assert isinstance(result, ScenarioResult)
        table = _link_table(result)
    console = Console()
    if not console.is_terminal:  # a file or pipe: no reason to wrap the cells
        console = Console(width=max(console.width, 160))
    console.print(table)
    if published:
        console.print(f"published: {escape(published)}")
    for line in warnings:
        console.print(f"note: {escape(line)}")


def _run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    updates = {
        key: value
        for key, value in (("seed", args.seed), ("duration_s", args.duration_s))
        if value is not None
    }
    if updates:
        given = " ".join(f"--{key.replace('_', '-')} {value!r}" for key, value in updates.items())
        data = {**scenario.model_dump(), **updates}
        scenario = parse_scenario(data, source=f"{args.file} with {given}")
    built = build_scenario(scenario, source=args.file)
    check_budget(built, source=args.file, force=args.force)
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
    summary = result.to_json()
    warnings = _warnings(summary)
    if args.json:
        summary.update(
            qinternet_version=__version__,
            seed=scenario.seed,
            scenario_id=content_id(scenario.model_dump(mode="json")),
            warnings=warnings,
        )
        print(json.dumps(summary, allow_nan=False))
    else:
        _print_table(result, scenario.published.source if scenario.published else "", warnings)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``run`` subcommand."""
    parser = subparsers.add_parser("run", help="simulate a scenario file")
    parser.add_argument("file", help="scenario YAML file (see examples/)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=None, help="override the file's seed")
    parser.add_argument("--duration-s", type=float, default=None, help="override the duration")
    parser.add_argument(
        "--force", action="store_true", help="run even beyond the time and memory budget"
    )
    parser.set_defaults(handler=_run)
