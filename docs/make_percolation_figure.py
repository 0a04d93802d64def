"""Make docs/percolation.png: entanglement percolation on three lattices.

Left: classical entanglement percolation (one copy of the edge state per edge, each
turned into a singlet with probability 2 lambda_min) on square, triangular and
honeycomb patches: the share of nodes in the largest singlet cluster against the
edge's singlet probability 2 lambda_min, with the exact bond thresholds (Sykes and
Essam 1964). Right: the example of Acín, Cirac and Lewenstein (Nature Phys. 3, 256
(2007)): a honeycomb with two copies per edge, classical (both copies converted
together, probability min(1, 2 (1 - l0^2))) against quantum (swaps at one sublattice
give a triangular lattice with bonds 2 lambda_min) percolation; the probability that
two distant nodes share a singlet path, with the window where only the quantum
strategy percolates in the infinite lattice shaded.

Run from the repository root: ``python docs/make_percolation_figure.py`` (about a minute of CPU).
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from qinternet.analysis.percolation import (
    EXACT_THRESHOLDS,
    LatticeKind,
    build_lattice,
    classical_percolation,
    honeycomb_lattice,
    quantum_advantage_window,
    quantum_percolation,
    swap_sublattice,
)

COLOURS = {LatticeKind.SQUARE: "C0", LatticeKind.TRIANGULAR: "C1", LatticeKind.HONEYCOMB: "C2"}


def make_figure(
    output: Path, *, size: int = 60, num_samples: int = 150, num_points: int = 41, seed: int = 2007
) -> None:
    """Simulate and write the figure to ``output`` (PNG)."""
    rng = np.random.default_rng(seed)
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))

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
    left.set_title(f"classical percolation, {size}-wide patches")
    left.legend(loc="upper left")

    low, high = quantum_advantage_window()
    honeycomb = honeycomb_lattice(size)
    swapped = swap_sublattice(honeycomb)
    pair = swapped.lattice.far_pair()
    original_pair = (int(swapped.kept[pair[0]]), int(swapped.kept[pair[1]]))
    zoom = np.linspace(0.14, 0.22, num_points)
    classical = [
        classical_percolation(
            honeycomb, lam, num_samples=num_samples, rng=rng, num_copies=2, pair=original_pair
        ).connection
        for lam in zoom
    ]
    quantum = [
        quantum_percolation(swapped, lam, num_samples=num_samples, rng=rng, pair=pair).connection
        for lam in zoom
    ]
    for values, label, colour in [
        (classical, "CEP, 2 copies per edge", "C2"),
        (quantum, "QEP: swap to triangular", "C3"),
    ]:
        right.errorbar(
            zoom,
            [v.mean for v in values],
            yerr=[v.stderr for v in values],
            color=colour,
            marker=".",
            label=label,
        )
    right.axvspan(low, high, color="0.85", label="only QEP percolates (exact)")
    right.set_xlabel(r"smaller Schmidt coefficient $\lambda_{\min}$ of the edge state")
    right.set_ylabel("P(two distant nodes share a singlet)")
    right.set_title(f"doubled honeycomb, {size}-wide patch")
    right.legend(loc="upper left")

    figure.tight_layout()
    figure.savefig(output, dpi=120)
    plt.close(figure)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("percolation.png")
    make_figure(target)
