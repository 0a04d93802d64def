"""Benchmark: exact boson sampling (Clifford & Clifford algorithm B, numba, 2 threads).

Cases: N photons, one in each of the first N of m = N**2 modes, through a Haar-random
unitary. No peer is measured here: neither The Walrus nor the other test dependencies
sample Fock-state boson sampling; ``bench_peers_optics.py`` measures Perceval's sampler
(exqalibur) on the 14-photon case in the same run when its environment is available.
Prints one JSON line per case with the samples per second of the best of a few repeats.
"""

from __future__ import annotations

import json
import os
from functools import partial

import numpy as np

from _timing import best_time, haar_unitary
from qinternet.optics import sample

CASES = ((8, 64, 20_000), (14, 196, 6_400), (20, 400, 256))
REPEATS = 3


def main() -> None:
    sample(np.eye(2), (1, 1), 4, np.random.default_rng(0))  # numba warm-up
    for num_photons, num_modes, num_samples in CASES:
        unitary = haar_unitary(num_modes, seed=num_modes)
        inputs = (1,) * num_photons + (0,) * (num_modes - num_photons)
        rng = np.random.default_rng(1)
        seconds = best_time(partial(sample, unitary, inputs, num_samples, rng))
        record = {
            "benchmark": "optics_sampling",
            "case": f"{num_photons} photons in {num_modes} modes",
            "num_samples": num_samples,
            "seconds": seconds,
            "samples_per_second": num_samples / seconds,
            "load_average_1min": os.getloadavg()[0],
        }
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
