"""``qinternet demo``: Bell pairs decaying in quantum memories.

Both halves of a phi+ pair wait in memories with energy relaxation time T1 and
coherence time T2. At each waiting time the table shows what the state itself gives:
fidelity with phi+, Wootters concurrence and the largest CHSH value (Horodecki), so one
sees when the pair stops violating a Bell inequality (CHSH <= 2) and when it stops
being entangled (concurrence 0).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass

import numpy as np
from rich.console import Console
from rich.table import Table

from qinternet.core.errors import InvalidParameterError
from qinternet.core.units import MILLISECOND
from qinternet.noise import memory_decoherence
from qinternet.states import bell_state, chsh_max, concurrence, fidelity

DEFAULT_T1_S = 0.1
DEFAULT_T2_S = 0.01
CLASSICAL_CHSH_BOUND = 2.0


@dataclass(frozen=True)
class DecayRow:
    """Figures of merit of a stored Bell pair after ``elapsed_s`` in both memories."""

    elapsed_s: float
    fidelity: float
    concurrence: float
    chsh: float


def bell_pair_decay(*, t1_s: float, t2_s: float, times_s: list[float]) -> list[DecayRow]:
    """Fidelity, concurrence and CHSH value of phi+ with both qubits stored ``times_s``.

    Examples:
        >>> rows = bell_pair_decay(t1_s=math.inf, t2_s=1.0, times_s=[0.0, 0.5])
        >>> [round(r.fidelity, 6) for r in rows]  # (1 + e^(-2t/T2))/2
        [1.0, 0.68394]
    """
    pair = bell_state("phi+")
    rows = []
    for elapsed_s in times_s:
        channel = memory_decoherence(elapsed_s=elapsed_s, t1_s=t1_s, t2_s=t2_s)
        stored = channel.apply(pair.to_density(), [0, 1])
        rows.append(
            DecayRow(elapsed_s, fidelity(stored, pair), concurrence(stored), chsh_max(stored))
        )
    return rows


def _run(args: argparse.Namespace) -> int:
    if args.steps < 2:
        raise InvalidParameterError("--steps", args.steps, "must be at least 2")
    if not (math.isfinite(args.span) and args.span > 0):
        raise InvalidParameterError("--span", args.span, "must be a positive number of T2")
    times_s = list(np.linspace(0.0, args.span * args.t2_s, args.steps))
    rows = bell_pair_decay(t1_s=args.t1_s, t2_s=args.t2_s, times_s=times_s)
    table = Table(title=f"phi+ pair in two memories (T1 = {args.t1_s:g} s, T2 = {args.t2_s:g} s)")
    for column in ("wait (ms)", "fidelity", "concurrence", "CHSH max", "Bell violation"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            f"{row.elapsed_s / MILLISECOND:.2f}",
            f"{row.fidelity:.4f}",
            f"{row.concurrence:.4f}",
            f"{row.chsh:.4f}",
            "yes" if row.chsh > CLASSICAL_CHSH_BOUND else "no",
        )
    Console().print(table)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser("demo", help="Bell pairs decaying in quantum memories")
    parser.add_argument(
        "--t1-s", type=float, default=DEFAULT_T1_S, help="energy relaxation time T1"
    )
    parser.add_argument("--t2-s", type=float, default=DEFAULT_T2_S, help="coherence time T2")
    parser.add_argument("--steps", type=int, default=9, help="number of waiting times")
    parser.add_argument("--span", type=float, default=1.0, help="longest wait, in units of T2")
    parser.set_defaults(handler=_run)
