"""Benchmark: exact statistics and Monte Carlo of an 8-segment nested repeater chain.

The chain: 2**3 segments, elementary success probability 0.1 per attempt, swaps that
succeed with probability 0.5, fresh links of Werner parameter 0.98, memories with a
coherence time of 1000 attempts; with and without a cut-off of 200 attempts per level.
Goals (issue 5): the exact distribution in at most 0.05 s, 1e6 Monte Carlo trials in at
most 1 s. Prints one JSON line per case; best wall time of several runs after a warm-up
(the first Monte Carlo call compiles or loads the numba kernel).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import numba
import numpy as np

from qinternet.analysis import ChainParameters, chain_statistics, monte_carlo_chain

NUM_TRIALS = 1_000_000
CHAINS = {
    "no cut-off": ChainParameters(
        3, 0.1, swap_success_probability=0.5, link_werner=0.98, coherence_time_attempts=1000.0
    ),
    "cut-off 200": ChainParameters(
        3,
        0.1,
        swap_success_probability=0.5,
        link_werner=0.98,
        coherence_time_attempts=1000.0,
        cutoff_attempts=200,
    ),
}


def best_time(function: Callable[[], object], repeats: int) -> float:
    """Best wall time of ``repeats`` calls after one warm-up call, in seconds."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    for name, params in CHAINS.items():
        stats = chain_statistics(params)
        print(
            json.dumps(
                {
                    "benchmark": "analysis_exact_chain",
                    "case": f"8 segments, p=0.1, p_swap=0.5, T_coh=1000 attempts, {name}",
                    "seconds": best_time(lambda p=params: chain_statistics(p), repeats=20),
                    "length": int(stats.waiting_time_pmf.size),
                    "truncation_mass": stats.truncation_mass,
                    "mean_waiting_time_attempts": stats.mean_waiting_time,
                    "mean_fidelity": stats.mean_fidelity,
                    "goal_seconds": 0.05,
                }
            ),
            flush=True,
        )
    for name, params in CHAINS.items():
        rng = np.random.default_rng(2026)
        seconds = best_time(
            lambda p=params, g=rng: monte_carlo_chain(p, num_trials=NUM_TRIALS, rng=g), repeats=3
        )
        result = monte_carlo_chain(params, num_trials=NUM_TRIALS, rng=rng)
        print(
            json.dumps(
                {
                    "benchmark": "analysis_monte_carlo_chain",
                    "case": f"8 segments, p=0.1, p_swap=0.5, T_coh=1000 attempts, {name}",
                    "num_trials": NUM_TRIALS,
                    "threads": numba.get_num_threads(),
                    "seconds": seconds,
                    "mean_waiting_time_attempts": result.waiting_time.mean,
                    "stderr_waiting_time_attempts": result.waiting_time.stderr,
                    "mean_fidelity": result.fidelity.mean,
                    "stderr_fidelity": result.fidelity.stderr,
                    "goal_seconds": 1.0,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
