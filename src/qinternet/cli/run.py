"""``qinternet run FILE``: simulate a scenario file and print what it delivered.

A progress bar (on standard error) follows the simulated time; the result is a table
(every estimate ``value ± error`` with the digits its error allows, an exact value
without ``±``; within the terminal's width, names never cut), or with ``--json`` one strict JSON object (RFC 8259: no NaN, null instead) in the
versioned shape of :mod:`qinternet.network.results` (``schema_version``, ``protocol``,
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
import sys
from typing import TYPE_CHECKING, Any

from qinternet import __version__
from qinternet.core.ids import content_id
from qinternet.core.statistics import MeanEstimate, format_estimate
from qinternet.network import build_scenario, load_scenario, parse_scenario, run_built
from qinternet.network.budget import check_budget
from qinternet.network.results import ChainResult, NetworkResult, RunResult, ScenarioResult

if TYPE_CHECKING:  # rich loads to print a table or a progress bar; a protocol's result
    # module loads with its run
    from rich.console import Console, ConsoleOptions, Group, RenderResult
    from rich.table import Table

    from qinternet.network.build import BuiltScenario
    from qinternet.network.ghz import GhzResult
    from qinternet.network.graph import GraphResult
    from qinternet.network.linked import LinkedProcessorsResult
    from qinternet.network.w_states import WResult
    from qinternet.sim import DeliveryStatistics
    from qinternet.sim.ghz import GhzStatistics
    from qinternet.sim.w_states import WStatistics


def _number(value: float | None, spec: str = ".4g") -> str:
    """``value`` formatted, or ``-`` when there is none."""
    return "-" if value is None else format(value, spec)


def _estimate(estimate: MeanEstimate, compact: bool) -> str:
    """``mean ± stderr`` (see :func:`format_estimate`), the error on a line of its own
    if ``compact``; ``-`` for no samples."""
    text = format_estimate(estimate.mean, estimate.stderr)
    return text.replace(" ± ", "\n± ") if compact else text


def _rate(stats: DeliveryStatistics | GhzStatistics | WStatistics, compact: bool) -> str:
    estimate = MeanEstimate(stats.rate_hz, stats.rate_stderr_hz, stats.num_pairs)
    return _estimate(estimate, compact)


NAME_WIDTH = 24
"""A name column is as wide as its longest name, up to this; longer names fold."""


def _table(title: str, columns: tuple[str, ...], names: list[str]) -> Table:
    """A table whose first column holds names: set to their width, so a table that must
    shrink to the terminal wraps its numbers and headers, never cuts a name."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)
    widest = max((len(name) for name in names), default=1)
    for i, column in enumerate(columns):
        table.add_column(
            column,
            justify="left" if i == 0 else "right",
            overflow="fold",
            width=max(min(widest, NAME_WIDTH), len(column)) if i == 0 else None,
        )
    return table


def _title(result: RunResult, what: str) -> str:
    """The fields every result has."""
    from rich.markup import escape

    return (
        f"{escape(result.name)}: {what}{result.sim_time_s:g} s simulated in {result.wall_s:.3f} s"
    )


def _link_table(result: ScenarioResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("link", "pairs", "rate (Hz)", "predicted rate (Hz)", "fidelity", "predicted F")
    names = ["-".join(link.nodes) for link in result.links]
    table = _table(_title(result, ""), columns, names)
    for name, link in zip(names, result.links, strict=True):
        stats = link.statistics
        table.add_row(
            escape(name),
            str(stats.num_pairs),
            _rate(stats, compact),
            f"{link.predicted_rate_hz:.4g}",
            _estimate(stats.fidelity, compact),
            f"{link.predicted_fidelity:.4f}",
        )
    return table


def _chain_table(result: ChainResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("ends", "pairs", "rate (Hz)", "waiting time (s)", "interval (s)", "fidelity")
    name = "-".join(result.nodes)
    table = _table(_title(result, f"repeater chain ({result.policy}), "), columns, [name])
    stats = result.statistics
    table.add_row(
        escape(name),
        str(stats.num_pairs),
        _rate(stats, compact),
        _estimate(stats.waiting_time_s, compact),
        _estimate(stats.delivery_interval_s, compact),
        _estimate(stats.fidelity, compact),
    )
    return table


def _requests_table(result: NetworkResult, compact: bool) -> Group:
    """Two tables: each request's route, then what it delivered."""
    from rich.console import Group
    from rich.markup import escape

    names = [f"{'-'.join(r.plan.between)} ({r.plan.routing.value})" for r in result.requests]
    title = _title(result, f"{len(result.requests)} requests, ")
    routes = _table(title, ("request", "path", "channels", "route F"), names)
    columns = ("request", "pairs", "rate (Hz)", "wait (s)", "fidelity", "CHSH S", "key (bit/s)")
    delivered = _table("", columns, names)
    for name, request in zip(names, result.requests, strict=True):
        stats, plan = request.statistics, request.plan
        routes.add_row(
            escape(name),
            escape("-".join(plan.route.nodes)),
            str(plan.chain.num_channels),
            f"{plan.route.expected_fidelity:.4f}",
        )
        delivered.add_row(
            escape(name),
            str(stats.num_pairs),
            _rate(stats, compact),
            _estimate(stats.waiting_time_s, compact),
            _estimate(stats.fidelity, compact),
            _number(stats.chsh, ".4f"),
            _number(stats.key.key_rate_bps if stats.key else None),
        )
    return Group(routes, delivered)


def _warnings(summary: dict[str, Any]) -> list[str]:
    """One line for each part (or the whole run) whose pair count leaves a number unknown
    (a graph state: its own notes)."""
    if summary.get("protocol") == "graph":
        return list(summary["notes"])
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


def _ghz_table(result: GhzResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("nodes", "qubits", "states", "rate (Hz)", "fidelity", "witness 1/2 - F")
    names = ["-".join(result.nodes)]
    table = _table(_title(result, f"GHZ states fused at {escape(result.hub)}, "), columns, names)
    stats = result.statistics
    witness = MeanEstimate(stats.witness, stats.fidelity.stderr, stats.num_pairs)
    table.add_row(
        escape(names[0]),
        str(stats.num_qubits),
        str(stats.num_pairs),
        _rate(stats, compact),
        _estimate(stats.fidelity, compact),
        _estimate(witness, compact),
    )
    return table


def _w_table(result: WResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("nodes", "states", "rate (Hz)", "fidelity", "witness (k-1)/k - F", "vacuum")
    names = ["-".join(result.config.leaves)]
    what = f"W states split at {escape(result.config.source)}, "
    table = _table(_title(result, what), columns, names)
    stats = result.statistics
    witness = MeanEstimate(stats.witness, stats.fidelity.stderr, stats.num_pairs)
    table.add_row(
        escape(names[0]),
        str(stats.num_pairs),
        _rate(stats, compact),
        _estimate(stats.fidelity, compact),
        _estimate(witness, compact),
        _estimate(stats.vacuum_probability, compact),
    )
    return table


def _graph_table(result: GraphResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("nodes", "links", "route", "<K_v> mean", "min <K_v>", "witness", "F")
    plan, estimates = result.plan, result.estimates
    title = f"{escape(result.name)}: graph state, computed in {result.wall_s:.3f} s"
    table = _table(title, columns, [str(plan.graph.num_nodes)])
    lowest = min(estimates.stabilizers, key=lambda k: k.mean)
    witness = estimates.witness
    stim = plan.backend == "stabilizer"
    route = f"Stim, {plan.shots} shots x {plan.num_settings}" if stim else "exact"
    table.add_row(
        str(plan.graph.num_nodes),
        str(len(plan.graph.edges)),
        route,
        _estimate(estimates.mean, compact),
        _estimate(lowest, compact),
        _estimate(witness, compact) if witness else "-",
        _estimate(estimates.fidelity, compact),
    )
    return table


def _gate_table(result: LinkedProcessorsResult) -> Table:
    """The application's gate (or telescope), from the mean delivered pair of its link."""
    from rich.markup import escape

    report = result.application.to_json()
    if report["kind"] == "telescope":
        from qinternet.cli.telescope_table import telescope_table

        return telescope_table(report)
    name = "-".join(report["between"])
    columns = ("gate", "pair F", "process F", "average gate F")
    table = _table(
        f"{report['kind']} from the mean pair of links[{report['link']}]", columns, [name]
    )
    table.add_row(
        escape(name),
        _number(report["pair_fidelity"], ".4f"),
        _number(report["process_fidelity"], ".4f"),
        _number(report["average_gate_fidelity"], ".4f"),
    )
    return table


UNBOUNDED_WIDTH = 10_000


class _Fitted:
    """A result's table, with each ``value ± error`` on one line where the table fits
    the width, else with the error on a second line (and rich wrapping what is left)."""

    def __init__(self, result: RunResult) -> None:
        self.result = result

    def build(self, compact: bool) -> Table | Group:
        """The table, with two-line estimates if ``compact``."""
        # A GHZ, graph, W or application result's module is loaded: it made the result.
        if self.result.protocol == "ghz":
            from qinternet.network.ghz import GhzResult

            assert isinstance(self.result, GhzResult)
            return _ghz_table(self.result, compact)
        if self.result.protocol == "graph":
            from qinternet.network.graph import GraphResult

            assert isinstance(self.result, GraphResult)
            return _graph_table(self.result, compact)
        if self.result.protocol == "w":
            from qinternet.network.w_states import WResult

            assert isinstance(self.result, WResult)
            return _w_table(self.result, compact)
        if isinstance(self.result, ChainResult):
            return _chain_table(self.result, compact)
        if isinstance(self.result, NetworkResult):
            return _requests_table(self.result, compact)
        assert isinstance(self.result, ScenarioResult)
        from qinternet.network.linked import LinkedProcessorsResult  # run_built loads it

        if isinstance(self.result, LinkedProcessorsResult):
            from rich.console import Group

            return Group(_link_table(self.result, compact), _gate_table(self.result))
        return _link_table(self.result, compact)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.measure import Measurement

        wide = self.build(compact=False)
        unbounded = options.update_width(UNBOUNDED_WIDTH)  # rich clips a measure to the width
        fits = Measurement.get(console, unbounded, wide).maximum <= options.max_width
        yield wide if fits else self.build(compact=True)


def result_table(result: RunResult) -> _Fitted:
    """What ``qinternet run`` prints for ``result``: one table (two for requests: the
    routes, then what each delivered) that fits the console's width."""
    return _Fitted(result)


def _print_table(result: RunResult, published: str, warnings: list[str]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    if not console.is_terminal:  # a file or pipe: no reason to wrap the cells
        console = Console(width=max(console.width, 160))
    console.print(result_table(result))
    if published:
        console.print(f"published: {escape(published)}")
    for line in warnings:
        console.print(f"note: {escape(line)}")


def _run_with_progress(built: BuiltScenario) -> RunResult:
    """``run_built(built)`` with a progress bar of the simulated time on standard error."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    scenario = built.scenario
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:.3g}/{task.total:g} s simulated"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task(scenario.name, total=scenario.duration_s)
        return run_built(built, on_progress=lambda now_s: progress.update(task, completed=now_s))


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
    if not args.json and sys.stderr.isatty():
        result = _run_with_progress(built)
    else:
        result = run_built(built, on_progress=lambda now_s: None)
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
