"""Benchmark: single outcome probabilities of the 69-level, 137-photon pachinko machine.

Prints one JSON line per case: the median wall time of one two-port probability
(``TwoPortInput.probability``, with its error estimate; and the single-pass polynomial
route ``fast_log_probability``) for outcomes drawn near the distinguishable-photon
intensities, for |137>|0> (the paper's case) and |68>|69>.
"""

from __future__ import annotations

import json
import statistics
import time

import numpy as np

from qinternet.optics.pachinko import pachinko
from qinternet.optics.two_port import TwoPortInput

LEVELS = 69
NUM_OUTCOMES = 30
SEED = 2013


def _median_seconds(function, outcomes: list[np.ndarray]) -> float:  # type: ignore[no-untyped-def]
    function(outcomes[0])  # warm-up (eigenbasis cache, imports)
    times = []
    for outcome in outcomes:
        start = time.perf_counter()
        function(outcome)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    machine = pachinko(LEVELS)
    rng = np.random.default_rng(SEED)
    for photons in ((137, 0), (68, 69)):
        source = TwoPortInput(machine.unitary, machine.input_modes, photons)
        i, j = machine.input_modes
        weights = photons[0] * np.abs(machine.unitary[:, i]) ** 2
        weights += photons[1] * np.abs(machine.unitary[:, j]) ** 2
        outcomes = [
            rng.multinomial(sum(photons), weights / weights.sum()) for _ in range(NUM_OUTCOMES)
        ]
        for route, function in (
            ("estimate", source.probability),
            ("fast_polynomial", source.fast_log_probability),
        ):
            print(
                json.dumps(
                    {
                        "benchmark": "two_port_probability",
                        "levels": LEVELS,
                        "photons": sum(photons),
                        "photons_per_port": list(photons),
                        "route": route,
                        "num_outcomes": NUM_OUTCOMES,
                        "seconds": _median_seconds(function, outcomes),
                    }
                )
            )


if __name__ == "__main__":
    main()
