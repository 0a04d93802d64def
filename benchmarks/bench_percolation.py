"""Benchmark: entanglement percolation on lattices.

Per case: the wall time of one spanning-threshold sample (minimum spanning tree of a
patch with random edge weights) and of one classical-percolation sample (singlet draws
and connected components) at 2 lambda_min = p_c, on square, triangular and honeycomb
patches 32, 64 and 128 bond lengths wide. Prints one JSON line per case; best wall time
of several runs after a warm-up.
"""

from __future__ import annotations

import json

import numpy as np

from _timing import best_time
from qinternet.analysis.percolation import (
    EXACT_THRESHOLDS,
    LatticeKind,
    build_lattice,
    classical_percolation,
    spanning_thresholds,
)

NUM_SAMPLES = 20


def main() -> None:
    for kind in LatticeKind:
        for size in (32, 64, 128):
            lattice = build_lattice(kind, size)
            rng = np.random.default_rng(1)
            lambda_min = 0.5 * EXACT_THRESHOLDS[kind]
            spanning = best_time(
                lambda lat=lattice, r=rng: spanning_thresholds(lat, num_samples=NUM_SAMPLES, rng=r)
            )
            classical = best_time(
                lambda lat=lattice, r=rng, lam=lambda_min: classical_percolation(
                    lat, lam, num_samples=NUM_SAMPLES, rng=r
                )
            )
            print(
                json.dumps(
                    {
                        "benchmark": "percolation",
                        "case": f"{kind.value}, {size} wide",
                        "num_nodes": lattice.num_nodes,
                        "num_edges": lattice.num_edges,
                        "seconds_per_spanning_sample": spanning / NUM_SAMPLES,
                        "seconds_per_classical_sample": classical / NUM_SAMPLES,
                    }
                )
            )


if __name__ == "__main__":
    main()
