"""Benchmark: GHZ states fused at a hub from m Werner pairs, and fidelity estimation from shots.

Each case prints one JSON line with the wall time and the number it computed next to
the closed form it must equal: the hub's GHZ fidelity (prod(F + q) + prod(F - q))/2
with q = (1 - F)/3 (only even numbers of Z errors survive the fusion), and the
estimate from simulated shots with its standard error.
"""

from __future__ import annotations

import json

import numpy as np

from _timing import best_time
from qinternet.analysis.records import sample_records
from qinternet.analysis.verification import fidelity_from_records, fidelity_settings
from qinternet.core.statistics import MeanEstimate
from qinternet.physics.maps.fusion import ghz_from_pairs
from qinternet.states import fidelity, werner
from qinternet.states.multipartite import ghz_state

LINK_FIDELITY = 0.9
SHOTS_PER_SETTING = 2000


def main() -> None:
    q = (1 - LINK_FIDELITY) / 3
    for num_pairs in (2, 4, 6, 8):
        pairs = [werner(LINK_FIDELITY)] * num_pairs
        seconds = best_time(lambda pairs=pairs: ghz_from_pairs(pairs), repeats=1)
        state = ghz_from_pairs(pairs)
        target = ghz_state(num_pairs + 1)
        closed = ((LINK_FIDELITY + q) ** num_pairs + (LINK_FIDELITY - q) ** num_pairs) / 2
        line = {
            "case": "ghz_from_pairs",
            "num_pairs": num_pairs,
            "seconds": round(seconds, 4),
            "fidelity": fidelity(state, target),
            "closed_form": closed,
        }
        print(json.dumps(line))
    for num_qubits in (3, 4, 5):
        state = ghz_from_pairs([werner(LINK_FIDELITY)] * (num_qubits - 1))
        target = ghz_state(num_qubits)
        rng = np.random.default_rng(num_qubits)
        settings = fidelity_settings(target)

        def estimate(state=state, target=target, settings=settings, rng=rng) -> MeanEstimate:
            records = sample_records(state, settings, SHOTS_PER_SETTING, rng)
            return fidelity_from_records(records, target)

        seconds = best_time(estimate, repeats=1)
        result = estimate()
        exact = fidelity(state, target)
        line = {
            "case": "fidelity_from_records",
            "num_qubits": num_qubits,
            "num_settings": len(settings),
            "shots_per_setting": SHOTS_PER_SETTING,
            "seconds": round(seconds, 4),
            "estimate": result.mean,
            "stderr": result.stderr,
            "exact": exact,
            "sigma_distance": abs(result.mean - exact) / result.stderr,
        }
        print(json.dumps(line))


if __name__ == "__main__":
    main()
