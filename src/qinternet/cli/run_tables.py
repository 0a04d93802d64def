"""The tables ``qinternet run`` prints: one per kind of result, each fitted to the width.

Every estimate prints as ``value ± error`` with the digits its error allows, an exact
value without ``±`` (:func:`~qinternet.core.statistics.format_estimate`); a table whose
estimates do not fit the console on one line each puts the error on a second line, and
names (the first column) fold rather than being cut. Names from the file are printed as
written, never read as markup. The tables of the ``delivery`` protocol and of the
applications live in modules of their own, built from the cells here.

Examples:
    >>> number_cell(None), number_cell(0.123456, ".3f"), number_cell(50000.0)
    ('-', '0.123', '50000')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qinternet.core.statistics import MeanEstimate, format_estimate, format_significant
from qinternet.network.results import ChainResult, NetworkResult, RunResult, ScenarioResult

if TYPE_CHECKING:  # rich loads to print a table; a protocol's result module loads with its run
    from rich.console import Console, ConsoleOptions, Group, RenderResult
    from rich.table import Table

    from qinternet.network.ghz import GhzResult
    from qinternet.network.graph import GraphResult
    from qinternet.network.linked import ChainApplicationResult, LinkedProcessorsResult
    from qinternet.network.w_states import WResult
    from qinternet.sim import DeliveryStatistics
    from qinternet.sim.ghz import GhzStatistics
    from qinternet.sim.w_states import WStatistics


def number_cell(value: float | None, spec: str | None = None) -> str:
    """``value`` formatted by ``spec`` (default: :func:`format_significant`), or ``-``
    when there is none."""
    if value is None:
        return "-"
    return format_significant(value) if spec is None else format(value, spec)


def estimate_cell(estimate: MeanEstimate, compact: bool) -> str:
    """``mean ± stderr`` (see :func:`format_estimate`), the error on a line of its own
    if ``compact``; ``-`` for no samples."""
    text = format_estimate(estimate.mean, estimate.stderr)
    return text.replace(" ± ", "\n± ") if compact else text


def rate_cell(stats: DeliveryStatistics | GhzStatistics | WStatistics, compact: bool) -> str:
    estimate = MeanEstimate(stats.rate_hz, stats.rate_stderr_hz, stats.num_pairs)
    return estimate_cell(estimate, compact)


NAME_WIDTH = 24
"""A name column is as wide as its longest name, up to this; longer names fold."""


def named_table(title: str, columns: tuple[str, ...], names: list[str]) -> Table:
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


def table_title(result: RunResult, what: str) -> str:
    """The fields every result has."""
    from rich.markup import escape

    return (
        f"{escape(result.name)}: {what}{result.sim_time_s:g} s simulated in {result.wall_s:.3f} s"
    )


def link_table(result: ScenarioResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("link", "pairs", "rate (Hz)", "predicted rate (Hz)", "fidelity", "predicted F")
    names = ["-".join(link.nodes) for link in result.links]
    table = named_table(table_title(result, ""), columns, names)
    for name, link in zip(names, result.links, strict=True):
        stats = link.statistics
        table.add_row(
            escape(name),
            str(stats.num_pairs),
            rate_cell(stats, compact),
            format_significant(link.predicted_rate_hz),
            estimate_cell(stats.fidelity, compact),
            f"{link.predicted_fidelity:.4f}",
        )
    return table


def chain_table(result: ChainResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("ends", "pairs", "rate (Hz)", "waiting time (s)", "interval (s)", "fidelity")
    name = "-".join(result.nodes)
    table = named_table(table_title(result, f"repeater chain ({result.policy}), "), columns, [name])
    stats = result.statistics
    table.add_row(
        escape(name),
        str(stats.num_pairs),
        rate_cell(stats, compact),
        estimate_cell(stats.waiting_time_s, compact),
        estimate_cell(stats.delivery_interval_s, compact),
        estimate_cell(stats.fidelity, compact),
    )
    return table


def requests_table(result: NetworkResult, compact: bool) -> Group:
    """Two tables: each request's route, then what it delivered."""
    from rich.console import Group
    from rich.markup import escape

    names = [f"{'-'.join(r.plan.between)} ({r.plan.routing.value})" for r in result.requests]
    title = table_title(result, f"{len(result.requests)} requests, ")
    routes = named_table(title, ("request", "path", "channels", "route F"), names)
    columns = ("request", "pairs", "rate (Hz)", "wait (s)", "fidelity", "CHSH S", "key (bit/s)")
    delivered = named_table("", columns, names)
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
            rate_cell(stats, compact),
            estimate_cell(stats.waiting_time_s, compact),
            estimate_cell(stats.fidelity, compact),
            number_cell(stats.chsh, ".4f"),
            number_cell(stats.key.key_rate_bps if stats.key else None),
        )
    return Group(routes, delivered)


def ghz_table(result: GhzResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("nodes", "qubits", "states", "rate (Hz)", "fidelity", "witness 1/2 - F")
    names = ["-".join(result.nodes)]
    table = named_table(
        table_title(result, f"GHZ states fused at {escape(result.hub)}, "), columns, names
    )
    stats = result.statistics
    witness = MeanEstimate(stats.witness, stats.fidelity.stderr, stats.num_pairs)
    table.add_row(
        escape(names[0]),
        str(stats.num_qubits),
        str(stats.num_pairs),
        rate_cell(stats, compact),
        estimate_cell(stats.fidelity, compact),
        estimate_cell(witness, compact),
    )
    return table


def w_table(result: WResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("nodes", "states", "rate (Hz)", "fidelity", "witness (k-1)/k - F", "vacuum")
    names = ["-".join(result.config.leaves)]
    what = f"W states split at {escape(result.config.source)}, "
    table = named_table(table_title(result, what), columns, names)
    stats = result.statistics
    witness = MeanEstimate(stats.witness, stats.fidelity.stderr, stats.num_pairs)
    table.add_row(
        escape(names[0]),
        str(stats.num_pairs),
        rate_cell(stats, compact),
        estimate_cell(stats.fidelity, compact),
        estimate_cell(witness, compact),
        estimate_cell(stats.vacuum_probability, compact),
    )
    return table


def graph_table(result: GraphResult, compact: bool) -> Table:
    from rich.markup import escape

    columns = ("nodes", "links", "route", "<K_v> mean", "min <K_v>", "witness", "F")
    plan, estimates = result.plan, result.estimates
    title = f"{escape(result.name)}: graph state, computed in {result.wall_s:.3f} s"
    table = named_table(title, columns, [str(plan.graph.num_nodes)])
    lowest = min(estimates.stabilizers, key=lambda k: k.mean)
    witness = estimates.witness
    stim = plan.backend == "stabilizer"
    route = f"Stim, {plan.shots} shots x {plan.num_settings}" if stim else "exact"
    table.add_row(
        str(plan.graph.num_nodes),
        str(len(plan.graph.edges)),
        route,
        estimate_cell(estimates.mean, compact),
        estimate_cell(lowest, compact),
        estimate_cell(witness, compact) if witness else "-",
        estimate_cell(estimates.fidelity, compact),
    )
    return table


def gate_table(result: LinkedProcessorsResult | ChainApplicationResult) -> Table:
    """The application's gate (or telescope, or teleportation), from the mean delivered
    pair of its link (of the chain, end to end)."""
    from rich.markup import escape

    from qinternet.network.telescope import pair_source

    report = result.application.to_json()
    if report["kind"] == "telescope":
        from qinternet.cli.telescope_table import telescope_table

        return telescope_table(report)
    if report["kind"] == "teleportation":
        from qinternet.cli.teleportation_table import teleportation_table

        return teleportation_table(report)
    name = "-".join(report["between"])
    columns = ("gate", "pair F", "process F", "average gate F")
    table = named_table(
        f"{report['kind']} from the mean pair of {pair_source(report['link'])}", columns, [name]
    )
    table.add_row(
        escape(name),
        number_cell(report["pair_fidelity"], ".4f"),
        number_cell(report["process_fidelity"], ".4f"),
        number_cell(report["average_gate_fidelity"], ".4f"),
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
        # A GHZ, graph, W, delivery or application result's module is loaded: it made the result.
        if self.result.protocol == "ghz":
            from qinternet.network.ghz import GhzResult

            assert isinstance(self.result, GhzResult)
            return ghz_table(self.result, compact)
        if self.result.protocol == "graph":
            from qinternet.network.graph import GraphResult

            assert isinstance(self.result, GraphResult)
            return graph_table(self.result, compact)
        if self.result.protocol == "w":
            from qinternet.network.w_states import WResult

            assert isinstance(self.result, WResult)
            return w_table(self.result, compact)
        if self.result.protocol == "delivery":
            from qinternet.cli.delivery_table import delivery_table

            return delivery_table(self.result, compact)
        if isinstance(self.result, ChainResult):
            if getattr(self.result, "application", None) is None:
                return chain_table(self.result, compact)
            from rich.console import Group

            from qinternet.network.linked import ChainApplicationResult  # run_built loads it

            assert isinstance(self.result, ChainApplicationResult)
            return Group(chain_table(self.result, compact), gate_table(self.result))
        if isinstance(self.result, NetworkResult):
            return requests_table(self.result, compact)
        assert isinstance(self.result, ScenarioResult)
        from qinternet.network.linked import LinkedProcessorsResult  # run_built loads it

        if isinstance(self.result, LinkedProcessorsResult):
            from rich.console import Group

            return Group(link_table(self.result, compact), gate_table(self.result))
        return link_table(self.result, compact)

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
