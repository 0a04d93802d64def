"""Make docs/percolation.png: classical against quantum entanglement percolation.

(a) Classical entanglement percolation (one copy of the edge state per edge, each turned
into a singlet with probability 2 lambda_min) on square, triangular and honeycomb
patches: the share of nodes in the largest singlet cluster against 2 lambda_min, with
the exact bond thresholds (Sykes and Essam 1964) dotted.
(b), (c) The example of Acín, Cirac and Lewenstein (Nature Phys. 3, 256 (2007)): a
honeycomb with two copies of the state per edge, classical (both copies converted
together, probability min(1, 2 (1 - l0^2))) against quantum percolation (swaps at one
sublattice leave a triangular lattice with bonds 2 lambda_min). (b) the probability that
two distant nodes share a singlet path; (c) the probability that a singlet cluster joins
the left and right sides, for growing patches: each strategy's curves cross near its own
threshold, and in the shaded window (exact) only the quantum strategy percolates.

Run from the repository root: ``python docs/make_percolation_figure.py`` (about a
minute of CPU).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from qinternet.analysis.percolation import (
    EXACT_THRESHOLDS,
    LatticeKind,
    PercolationEstimate,
    build_lattice,
    classical_percolation,
    honeycomb_lattice,
    quantum_advantage_window,
    quantum_percolation,
    swap_sublattice,
)

COLOURS = {LatticeKind.SQUARE: "C0", LatticeKind.TRIANGULAR: "C1", LatticeKind.HONEYCOMB: "C2"}
CLASSICAL, QUANTUM = "C2", "C3"


def _doubled_honeycomb(
    size: int, lambdas: np.ndarray, num_samples: int, rng: np.random.Generator
) -> tuple[list[PercolationEstimate], list[PercolationEstimate]]:
    """CEP (two copies per edge) and QEP estimates on one honeycomb patch, same node pair."""
    honeycomb = honeycomb_lattice(size)
    swapped = swap_sublattice(honeycomb)
    pair = swapped.lattice.far_pair()
    original_pair = (int(swapped.kept[pair[0]]), int(swapped.kept[pair[1]]))
    classical = [
        classical_percolation(
            honeycomb, lam, num_samples=num_samples, rng=rng, num_copies=2, pair=original_pair
        )
        for lam in lambdas
    ]
    quantum = [
        quantum_percolation(swapped, lam, num_samples=num_samples, rng=rng, pair=pair)
        for lam in lambdas
    ]
    return classical, quantum


def make_figure(
    output: Path,
    *,
    size: int = 60,
    crossing_sizes: Sequence[int] = (24, 48, 96),
    num_samples: int = 150,
    num_points: int = 41,
    seed: int = 2007,
) -> None:
    """Simulate and write the figure to ``output`` (PNG)."""
    rng = np.random.default_rng(seed)
    figure, (left, middle, right) = plt.subplots(1, 3, figsize=(16, 4.6))

    lambdas = np.linspace(0.0, 0.5, num_points)
    for kind in LatticeKind:
        lattice = build_lattice(kind, size)
        giant = [
            classical_percolation(lattice, lam, num_samples=num_samples, rng=rng).giant_fraction
            for lam in lambdas
        ]
        left.errorbar(
            2 * lambdas,
            [g.mean for g in giant],
            yerr=[g.stderr for g in giant],
            color=COLOURS[kind],
            marker=".",
            label=f"{kind.value} (CEP)",
        )
        left.axvline(EXACT_THRESHOLDS[kind], color=COLOURS[kind], linestyle=":")
    left.set_xlabel(r"edge singlet probability $2\lambda_{\min}$")
    left.set_ylabel("largest singlet cluster / nodes")
    left.set_title(f"(a) classical percolation, {size}-wide patches")
    left.legend(loc="upper left")

    low, high = quantum_advantage_window()
    zoom = np.linspace(0.14, 0.22, num_points)
    classical, quantum = _doubled_honeycomb(size, zoom, num_samples, rng)
    for estimates, label, colour in [
        (classical, "CEP, 2 copies per edge", CLASSICAL),
        (quantum, "QEP: swap to triangular", QUANTUM),
    ]:
        middle.errorbar(
            zoom,
            [e.connection.mean for e in estimates],
            yerr=[e.connection.stderr for e in estimates],
            color=colour,
            marker=".",
            label=label,
        )
    middle.axvspan(low, high, color="0.85", label="only QEP percolates (exact)")
    middle.set_xlabel(r"smaller Schmidt coefficient $\lambda_{\min}$ of the edge state")
    middle.set_ylabel("P(two distant nodes share a singlet)")
    middle.set_title(f"(b) doubled honeycomb, {size}-wide patch")
    middle.legend(loc="upper left")

    window = np.linspace(low - 0.012, high + 0.012, max(3, num_points // 3))
    styles = ["-", "--", ":"]
    for index, width in enumerate(crossing_sizes):
        classical, quantum = _doubled_honeycomb(width, window, 2 * num_samples, rng)
        for estimates, name, colour in [(classical, "CEP", CLASSICAL), (quantum, "QEP", QUANTUM)]:
            right.errorbar(
                window,
                [e.spanning.mean for e in estimates],
                yerr=[e.spanning.stderr for e in estimates],
                color=colour,
                linestyle=styles[index % len(styles)],
                marker=".",
                label=f"{name}, {width} wide",
            )
    right.axvspan(low, high, color="0.85")
    right.set_xlabel(r"smaller Schmidt coefficient $\lambda_{\min}$ of the edge state")
    right.set_ylabel("P(a singlet cluster joins left and right)")
    right.set_title("(c) doubled honeycomb, growing patches")
    right.legend(loc="upper left", fontsize="small", ncol=2)

    figure.tight_layout()
    figure.savefig(output, dpi=110)
    plt.close(figure)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("percolation.png")
    make_figure(target)
