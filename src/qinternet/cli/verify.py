"""``qinternet verify RECORDS.csv --target T``: is the measured state entangled?

The records are a laboratory's (or ``qinternet run FILE --records OUT.csv``'s): one row
per shot, the basis of each qubit (X, Y, Z) and its outcome (+1, -1), in the CSV layout of
:mod:`qinternet.analysis.records`; the number of qubits is the header's. The target is
phi+ (``bell``), GHZ_n = (|0..0> + |1..1>)/sqrt2 (``ghz``), W_n (``w``) or the graph
state of ``--edges`` (``graph``, vertices 0..n-1, a connected graph).

Reported: the fidelity F with the target by direct fidelity estimation (Flammia and Liu,
PRL 106, 230501 (2011)), its standard error and normal confidence interval; the fidelity
witness alpha - F, with alpha = 1/2 for GHZ and graph states (Guehne and Toth, Phys. Rep.
474, 1 (2009), Sec. 6.2; a connected graph state's overlap with a biseparable state is at
most 1/2) and for phi+ (any separable pair), (n-1)/n for W_n (Bourennane et al., PRL 92,
087902 (2004)); where the records hold its two settings (GHZ, a two-colourable graph), the
stabilizer witness of Toth and Guehne (PRL 94, 060501 (2005)). The verdict is the fidelity
witness's: entanglement (genuinely multipartite for n > 2) is shown when its upper
confidence bound is below 0.

Examples:
    >>> parse_edges("0-1, 1-2")
    ((0, 1), (1, 2))
    >>> verdict(-0.1, 0.95, 3), verdict(0.0123, 0.95, 2)
    ('genuine multipartite entanglement shown at 95 % confidence', 'not shown (upper bound +0.012)')
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qinternet import __version__
from qinternet.core.errors import InvalidParameterError

if TYPE_CHECKING:
    from qinternet.analysis.records import MeasurementRecords
    from qinternet.core.statistics import MeanEstimate
    from qinternet.states.types import Ket

TARGETS = ("bell", "ghz", "w", "graph")
MAX_QUBITS = 8
"""The fidelity estimator sums over the 4^n Pauli strings: up to 8 qubits."""


def parse_edges(text: str) -> tuple[tuple[int, int], ...]:
    """The edges of ``--edges`` (``a-b`` separated by commas).

    Raises:
        InvalidParameterError: naming ``--edges`` for an edge that is not two
            non-negative integers, a self-loop or a repeated edge.
    """
    edges: list[tuple[int, int]] = []
    for word in text.split(","):
        parts = word.strip().split("-")
        if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
            raise InvalidParameterError("--edges", word.strip(), "each edge is a-b, e.g. 0-1,1-2")
        a, b = (int(p) for p in parts)
        if a == b:
            raise InvalidParameterError("--edges", word.strip(), "is a self-loop")
        if (min(a, b), max(a, b)) in edges:
            raise InvalidParameterError("--edges", word.strip(), "appears twice")
        edges.append((min(a, b), max(a, b)))
    return tuple(edges)


def _check_graph(edges: tuple[tuple[int, int], ...], num_qubits: int, where: str) -> None:
    """Vertices in 0..n-1 and every qubit joined: a connected graph state."""
    import networkx as nx

    for a, b in edges:
        if b >= num_qubits:
            raise InvalidParameterError(
                "--edges", f"{a}-{b}", f"vertex {b} is not a qubit of {where} (0..{num_qubits - 1})"
            )
    graph = nx.Graph(edges)
    graph.add_nodes_from(range(num_qubits))
    if not nx.is_connected(graph):
        apart = sorted(set(range(num_qubits)) - nx.node_connected_component(graph, 0))
        raise InvalidParameterError(
            "--edges",
            ",".join(f"{a}-{b}" for a, b in edges),
            f"leaves qubits {apart} apart from qubit 0: the graph must be connected",
        )


def _target(args: argparse.Namespace, num_qubits: int, where: str) -> Ket:
    from qinternet.network.delivered_records import target_ket
    from qinternet.states.multipartite import graph_state

    minimum, maximum = (2, 2) if args.target == "bell" else (2, MAX_QUBITS)
    if not minimum <= num_qubits <= maximum:
        needs = "2 qubits" if args.target == "bell" else f"{minimum} to {maximum} qubits"
        raise InvalidParameterError(
            f"{where} line 1 (header)",
            f"{num_qubits} qubits",
            f"the target {args.target} needs {needs}",
        )
    if args.target != "graph":
        return target_ket(args.target, num_qubits)
    _check_graph(args.edges, num_qubits, where)
    return graph_state(num_qubits, args.edges)


def _check_settings(records: MeasurementRecords, target: Ket, where: str) -> None:
    """One error naming the first Paulis of the target that no shot measures."""
    import numpy as np

    from qinternet.analysis.records import compatible_shots
    from qinternet.states.multipartite import pauli_expectations

    settings = np.array([list(s) for s in records.by_setting()])
    paulis = [p for p in pauli_expectations(target) if set(p) != {"I"}]
    missing = [p for p in paulis if not compatible_shots(settings, p).any()]
    if missing:
        raise InvalidParameterError(
            f"{where}: unmeasured Paulis",
            ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else ""),
            f"{len(missing)} of the target's {len(paulis)} Paulis with <P> != 0 are "
            "measured by no shot (qinternet run --records samples all of them)",
        )


def verdict(upper: float, confidence: float, num_qubits: int) -> str:
    """The verdict from the witness's upper confidence bound (NaN: unknown)."""
    if upper < 0.0:
        what = "entanglement" if num_qubits == 2 else "genuine multipartite entanglement"
        return f"{what} shown at {100 * confidence:g} % confidence"
    if math.isnan(upper):
        return "not shown (upper bound unknown: no standard error)"
    return f"not shown (upper bound {upper:+.3f})"


def witness_bound(target: str, num_qubits: int) -> float:
    """alpha of the fidelity witness alpha - F: (n-1)/n for W_n, else 1/2."""
    from qinternet.analysis.verification import GHZ_WITNESS_BOUND, w_witness_bound

    return w_witness_bound(num_qubits) if target == "w" else GHZ_WITNESS_BOUND


@dataclass(frozen=True)
class Row:
    """One estimate of the report and its confidence interval."""

    name: str
    estimate: MeanEstimate
    low: float
    high: float

    def to_json(self) -> dict[str, float | None]:
        """Mean, error and interval; null for an unknown number."""
        values = (self.estimate.mean, self.estimate.stderr, self.low, self.high)
        keys = ("mean", "stderr", "low", "high")
        return {k: (v if math.isfinite(v) else None) for k, v in zip(keys, values, strict=True)}


def _rows(
    args: argparse.Namespace, records: MeasurementRecords, target: Ket
) -> tuple[list[Row], list[str]]:
    """The fidelity, the fidelity witness and (where it applies) the two-setting witness;
    and a note for each number left unknown."""
    from qinternet.analysis import verification as v
    from qinternet.core.statistics import MeanEstimate

    fidelity = v.fidelity_from_records(records, target)
    low, high = v.normal_interval(fidelity, args.confidence)
    n = records.num_qubits
    bound = witness_bound(args.target, n)
    label = f"witness {n - 1}/{n} - F" if args.target == "w" else "witness 1/2 - F"
    witness = MeanEstimate(bound - fidelity.mean, fidelity.stderr, fidelity.num_samples)
    rows = [Row("fidelity F", fidelity, low, high), Row(label, witness, bound - high, bound - low)]
    notes = []
    try:
        if args.target == "ghz":
            two = v.two_setting_witness(records, *v.ghz_witness_groups(n))
        elif args.target == "graph":  # two colour classes, or an odd cycle refused
            two = v.two_setting_witness(records, *v.graph_witness_groups(n, args.edges))
        else:
            two = None
    except InvalidParameterError as error:
        two = None
        notes.append(f"two-setting witness not computed: {error}")
    if two is not None:
        rows.append(Row("two-setting witness", two, *v.normal_interval(two, args.confidence)))
    notes += [
        f"{row.name}: a setting has a single shot, so no standard error"
        for row in rows
        if math.isnan(row.estimate.stderr)
    ]
    return rows, notes


def _records_id(records: MeasurementRecords) -> str:
    from qinternet.core.ids import content_id

    shots = {"settings": records.setting_strings().tolist(), "outcomes": records.outcomes.tolist()}
    return content_id(shots)


def _print_table(
    args: argparse.Namespace,
    records: MeasurementRecords,
    rows: list[Row],
    text: str,
    warnings: list[str],
) -> None:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from qinternet.core.statistics import format_estimate

    target = f"graph {args.edges_text}" if args.target == "graph" else args.target
    heading = (
        f"{escape(args.records)}: {records.num_qubits} qubits, {records.num_shots} shots, "
        f"{len(records.by_setting())} settings; target {escape(target)}"
    )
    level = f"{100 * args.confidence:g} % interval"
    table = Table(box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)
    for i, column in enumerate(("estimate", "value", level)):
        table.add_column(column, justify="left" if i == 0 else "right", no_wrap=i == 0)
    for row in rows:
        interval = "-" if math.isnan(row.low) else f"[{row.low + 0.0:.4f}, {row.high + 0.0:.4f}]"
        table.add_row(row.name, format_estimate(row.estimate.mean, row.estimate.stderr), interval)
    console = Console()
    if not console.is_terminal:  # a file or pipe: the width of a terminal
        console = Console(width=80)
    console.print(heading)
    console.print(table)
    console.print(f"verdict: {text}")
    for line in warnings:
        console.print(f"note: {escape(line)}")


def _verify(args: argparse.Namespace) -> int:
    from qinternet.analysis.records import read_records_csv
    from qinternet.core.validation import check_probability

    args.confidence = check_probability(args.confidence, "--confidence", open_interval=True)
    if (args.target == "graph") != (args.edges is not None):
        given = "is required for" if args.target == "graph" else "is only for"
        raise InvalidParameterError("--edges", args.edges, f"{given} --target graph")
    args.edges_text = args.edges
    if args.edges is not None:
        args.edges = parse_edges(args.edges)
    where = str(Path(args.records))
    records = read_records_csv(where)
    target = _target(args, records.num_qubits, where)
    _check_settings(records, target, where)
    rows, warnings = _rows(args, records, target)
    text = verdict(rows[1].high, args.confidence, records.num_qubits)
    if not args.json:
        _print_table(args, records, rows, text, warnings)
        return 0
    names = ("fidelity", "fidelity_witness", "two_setting_witness")
    report: dict[str, Any] = {
        "schema_version": 1,
        "file": where,
        "records_id": _records_id(records),
        "target": args.target,
        "edges": None if args.edges is None else [list(e) for e in args.edges],
        "qubits": records.num_qubits,
        "shots": records.num_shots,
        "settings": len(records.by_setting()),
        "confidence": args.confidence,
        **{name: None for name in names},
        **{name: row.to_json() for name, row in zip(names, rows, strict=False)},
        "witness_bound": witness_bound(args.target, records.num_qubits),
        "entangled": rows[1].high < 0.0,
        "verdict": text,
        "qinternet_version": __version__,
        "warnings": warnings,
    }
    print(json.dumps(report, allow_nan=False))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``verify`` subcommand."""
    parser = subparsers.add_parser(
        "verify", help="is the measured state entangled? (from a CSV of measurement records)"
    )
    parser.add_argument("records", help="CSV: setting_0..setting_{n-1},outcome_0..outcome_{n-1}")
    parser.add_argument("--target", required=True, choices=TARGETS, help="the ideal state")
    parser.add_argument("--edges", default=None, help="graph edges, e.g. 0-1,1-2 (graph only)")
    parser.add_argument("--confidence", type=float, default=0.95, help="confidence level")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=_verify)
