"""Benchmark: exact boson sampling (Clifford & Clifford algorithm B, numba, 2 threads).

Cases: N photons, one in each of the first N of m = N**2 modes, through a Haar-random
unitary. No peer is measured here: neither The Walrus nor the other test dependencies
sample Fock-state boson sampling; ``bench_peers_optics.py`` measures Perceval's sampler
(exqalibur) on the 14-photon case in the same run when its environment is available.
The last case draws its samples ``SAMPLES_PER_CALL`` at a time (``calls`` calls), where
the cost of a call besides the samples counts. Prints one JSON line per case with the
samples per second of the best of a few repeats.
"""

from __future__ import annotations

import json
import os
from functools import partial

import numpy as np

from _timing import best_time, haar_unitary
from qinternet.optics import sample

CASES = ((8, 64, 20_000), (14, 196, 6_400), (20, 400, 256))
PER_CALL_CASE = (14, 196, 1_600)
SAMPLES_PER_CALL = 8
REPEATS = 3


def _in_calls(
    unitary: np.ndarray, inputs: tuple[int, ...], num_samples: int, rng: np.random.Generator
) -> None:
    for _ in range(num_samples // SAMPLES_PER_CALL):
        sample(unitary, inputs, SAMPLES_PER_CALL, rng)


def main() -> None:
    sample(np.eye(2), (1, 1), 4, np.random.default_rng(0))  # numba warm-up
    for index, (num_photons, num_modes, num_samples) in enumerate((*CASES, PER_CALL_CASE)):
        unitary = haar_unitary(num_modes, seed=num_modes)
        inputs = (1,) * num_photons + (0,) * (num_modes - num_photons)
        rng = np.random.default_rng(1)
        case = f"{num_photons} photons in {num_modes} modes"
        if index < len(CASES):
            seconds = best_time(partial(sample, unitary, inputs, num_samples, rng))
        else:
            seconds = best_time(partial(_in_calls, unitary, inputs, num_samples, rng))
            case += f", {SAMPLES_PER_CALL} samples a call"
        record = {
            "benchmark": "optics_sampling",
            "case": case,
            "num_samples": num_samples,
            "seconds": seconds,
            "samples_per_second": num_samples / seconds,
            "load_average_1min": os.getloadavg()[0],
        }
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
