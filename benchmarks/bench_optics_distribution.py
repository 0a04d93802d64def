"""Benchmark: full Fock output distributions by SLOS dynamic programming.

Cases: N photons, one in each of the first N of m modes, through a Haar-random
unitary. The peer (``thewalrus.perm``, one permanent per outcome, the route users take
without SLOS) is measured in full on the small cases; on the large case it is timed on
``PEER_SAMPLE_OUTCOMES`` outcomes and ``peer_seconds_extrapolated`` scales that to all
outcomes. ``ratio`` is ``seconds / peer_seconds``. Peak memory of the large case is
measured in a fresh subprocess: ``peak_traced_bytes`` (tracemalloc, which sees NumPy's
allocations but not the layers of 4 MiB and more, which are memory maps of their own) and
``peak_rss_bytes`` (whole process including Python and numba; ``VmHWM``), next to the RSS
before the case; ``peak_rss_increase_bytes`` is their difference, to compare with
``estimated_bytes``. Prints one JSON line per case.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import numpy as np

from _timing import best_time, haar_unitary
from qinternet.optics import output_distribution

CASES = ((4, 8), (6, 12), (10, 20))
FULL_PEER_MAX_OUTCOMES = 20_000
PEER_SAMPLE_OUTCOMES = 2_000
REPEATS = 3


def peer_seconds_per_outcome(
    unitary: np.ndarray, num_photons: int, outcomes: list[tuple[int, ...]]
) -> float:
    """Wall time of thewalrus.perm probabilities for ``outcomes``, per outcome."""
    from thewalrus import perm

    columns = np.arange(num_photons)

    def run() -> None:
        for outcome in outcomes:
            rows = np.repeat(np.arange(len(outcome)), outcome)
            norm = math.prod(math.factorial(c) for c in outcome)
            abs(perm(unitary[np.ix_(rows, columns)])) ** 2 / norm

    return best_time(run, repeats=1) / len(outcomes)


def memory_of_case(num_photons: int, num_modes: int) -> dict[str, int]:
    """Peak memory of one large case, measured in a fresh interpreter.

    The peak resident set size comes from ``VmHWM`` of ``/proc/self/status``, reset just
    before the case through ``/proc/self/clear_refs`` (``ru_maxrss`` would carry over the
    parent's peak across fork and exec).
    """
    code = f"""
import json, tracemalloc
import numpy as np
from qinternet.optics import output_distribution
from qinternet.optics.fock import _distribution_bytes

def status_bytes(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024

output_distribution(np.eye(4), (1, 1, 0, 0))
rng = np.random.default_rng({num_modes})
ginibre = rng.normal(size=({num_modes}, {num_modes})) + 1j * rng.normal(size=({num_modes}, {num_modes}))
q, r = np.linalg.qr(ginibre)
unitary = q * (np.diag(r) / np.abs(np.diag(r)))
inputs = (1,) * {num_photons} + (0,) * {num_modes - num_photons}
with open("/proc/self/clear_refs", "w") as clear_refs:
    clear_refs.write("5")
rss_before = status_bytes("VmRSS")
tracemalloc.start()
dist = output_distribution(unitary, inputs)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({{"estimated_bytes": _distribution_bytes({num_photons}, {num_modes}),
    "peak_traced_bytes": peak, "rss_before_case_bytes": rss_before,
    "peak_rss_bytes": status_bytes("VmHWM")}}))
"""
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    line = dict(json.loads(output.strip().splitlines()[-1]))
    line["peak_rss_increase_bytes"] = line["peak_rss_bytes"] - line["rss_before_case_bytes"]
    return line


def main() -> None:
    try:
        import thewalrus  # noqa: F401

        have_peer = True
    except ImportError:
        have_peer = False
    for num_photons, num_modes in CASES:
        unitary = haar_unitary(num_modes, seed=num_modes)
        inputs = (1,) * num_photons + (0,) * (num_modes - num_photons)
        distribution = output_distribution(unitary, inputs)
        record: dict[str, object] = {
            "benchmark": "optics_distribution",
            "case": f"{num_photons} photons in {num_modes} modes",
            "num_outcomes": len(distribution),
            "seconds": best_time(lambda u=unitary, s=inputs: output_distribution(u, s)),
            "total_probability_minus_one": distribution.total() - 1.0,
            "load_average_1min": os.getloadavg()[0],
        }
        if have_peer:
            if len(distribution) <= FULL_PEER_MAX_OUTCOMES:
                outcomes = list(distribution)
                peer = peer_seconds_per_outcome(unitary, num_photons, outcomes) * len(outcomes)
                record |= {"peer": "thewalrus.perm per outcome", "peer_seconds": peer}
            else:
                rng = np.random.default_rng(0)
                picks = rng.choice(len(distribution), PEER_SAMPLE_OUTCOMES, replace=False)
                outcomes = [distribution.occupation(int(i)) for i in picks]
                peer = peer_seconds_per_outcome(unitary, num_photons, outcomes) * len(distribution)
                record |= {
                    "peer": "thewalrus.perm per outcome",
                    "peer_seconds_extrapolated": peer,
                    "peer_outcomes_timed": PEER_SAMPLE_OUTCOMES,
                }
            record["ratio"] = record["seconds"] / peer  # type: ignore[operator]
        if len(distribution) > FULL_PEER_MAX_OUTCOMES:
            record |= memory_of_case(num_photons, num_modes)
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
