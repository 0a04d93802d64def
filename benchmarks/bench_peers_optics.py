"""Benchmark: linear optics, qinternet against Perceval with exqalibur in the same run.

Cases (the matrices are seeded and shared with the peer through ``.npy`` files):

1. The permanent of a 26 x 26 complex Gaussian matrix: ``qinternet.optics.permanent``
   against ``exqalibur.permanent_cx`` (what Perceval's naive back-end calls), with its
   default algorithm (Ryser's formula on this machine) and with Glynn's. Each line also
   gives both codes' relative error on a rank-one matrix,
   ``perm(u v^T) = n! prod(u) prod(v)``.
2. All output probabilities of 10 photons in the first 10 of 20 modes through a
   Haar-random unitary (20 030 010 outcomes): ``qinternet.optics.output_distribution``
   against Perceval's ``SLAP`` and ``SLOS`` back-ends (``all_prob()``, which returns a
   Python list: building it is part of the peer's time, as in any user's call).
3. 6 400 exact samples of 14 photons in the first 14 of 196 modes through a Haar-random
   unitary: ``qinternet.optics.sample`` against Perceval's ``CliffordClifford2017``
   back-end.
4. The same 6 400 samples drawn 8 at a time (800 calls): ``sample`` called with 8
   samples, against ``samples(8)`` of one ``CliffordClifford2017`` back-end set up once
   (its set-up is timed with the calls).

Perceval runs in its own Python (``peers/perceval_optics.py``), started once and asked
for one run at a time between qinternet's runs, so that the two alternate; both use
every core (numba's threads, exqalibur's). Each code is warmed up on a small case first
(for qinternet, large enough to run its parallel kernels);
``seconds`` and ``peer_seconds`` are medians of ``REPEATS`` runs and ``speedup`` is
``peer_seconds / seconds``. The results are checked against each other: the permanents'
relative difference, the largest relative difference of ``CHECKED_OUTCOMES`` output
probabilities drawn at random, and for the samplers the largest deviation, in standard
errors, of a mode's mean occupation from the exact ``sum_j |U_ij|**2 n_j``.

Perceval runs when ``QINTERNET_PERCEVAL_PYTHON`` names a Python that has
``perceval-quandela`` and ``exqalibur``, or, with ``QINTERNET_BUILD_PEERS=1``, from an
environment this script builds in ``benchmarks/.peers/perceval``; otherwise each line says
why the peer is missing. Prints one JSON line per case.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numba
import numpy as np

from _peers import PeerPython, peer_python
from _timing import haar_unitary
from qinternet.optics import output_distribution, permanent, sample

WORKER = Path(__file__).resolve().parent / "peers" / "perceval_optics.py"
PROBE = (
    "import importlib.metadata as m, exqalibur, perceval; "
    "print('perceval-quandela', m.version('perceval-quandela'), "
    "'exqalibur', m.version('exqalibur'))"
)
REPEATS = 3
PERMANENT_SIZE = 26
WARM_PERMANENT_SIZE = 22
DISTRIBUTION_CASE = (10, 20)
SAMPLING_CASE = (14, 196, 6_400)
SAMPLES_PER_CALL = 8
CHECKED_OUTCOMES = 1_000


class Peer:
    """The Perceval worker process: one JSON request and one JSON answer at a time."""

    def __init__(self, python: str, folder: Path) -> None:
        self.folder = folder
        self.process = subprocess.Popen(
            [python, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, case: str, matrix: np.ndarray, **fields: Any) -> dict[str, Any]:
        path = self.folder / f"{case}.npy"
        np.save(path, matrix)
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        request = {"case": case, "matrix": str(path), **fields}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the Perceval worker stopped on {request}")
        return dict(json.loads(answer))

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def _alternate(
    ours: Callable[[], Any], theirs: Callable[[], dict[str, Any]] | None
) -> tuple[list[float], list[dict[str, Any]], Any]:
    """``REPEATS`` runs of ``ours`` and ``theirs`` in turn: our times, their answers and
    our last result."""
    times, answers, result = [], [], None
    for _ in range(REPEATS if theirs is not None else 1):
        seconds, result = _timed(ours)
        times.append(seconds)
        if theirs is not None:
            answers.append(theirs())
    return times, answers, result


def _line(case: str, times: list[float], answers: list[dict[str, Any]]) -> dict[str, Any]:
    line: dict[str, Any] = {
        "benchmark": "optics_vs_perceval",
        "case": case,
        "seconds": statistics.median(times),
        "threads": numba.get_num_threads(),
    }
    if answers:
        peer_seconds = statistics.median(a["seconds"] for a in answers)
        line |= {
            "peer_seconds": peer_seconds,
            "speedup": peer_seconds / line["seconds"],
            "peer_threads": answers[-1]["threads"],
            "repeats": len(times),
        }
    return line


def permanent_case(peer: Peer | None, env: PeerPython, algorithm: str) -> dict[str, Any]:
    """``algorithm`` is exqalibur's ``ptype``: "" for its default (what Perceval calls)."""
    rng = np.random.default_rng(2026)
    size = PERMANENT_SIZE
    matrix = (rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))) / np.sqrt(2)
    u, v = (rng.normal(size=size) + 1j * rng.normal(size=size) for _ in range(2))
    rank_one, exact = np.outer(u, v), math.factorial(size) * np.prod(u) * np.prod(v)
    warm = matrix[:WARM_PERMANENT_SIZE, :WARM_PERMANENT_SIZE]
    permanent(warm)  # compiles or loads the threaded kernel
    theirs = None
    if peer is not None:
        peer.ask("permanent", warm, ptype=algorithm)

        def theirs() -> dict[str, Any]:
            return peer.ask("permanent", matrix, ptype=algorithm)

    times, answers, ours = _alternate(lambda: permanent(matrix), theirs)
    name = f"permanent complex gaussian n={size}, peer ptype {algorithm or 'default'}"
    line = _line(name, times, answers)
    line["rank_one_relative_error"] = float(abs(permanent(rank_one) - exact) / abs(exact))
    if peer is not None and answers:
        value = complex(answers[-1]["real"], answers[-1]["imag"])
        check = peer.ask("permanent", rank_one, ptype=algorithm)
        line |= {
            "peer": f"{env.versions}, permanent_cx({algorithm or 'default'})",
            "relative_difference": abs(ours - value) / abs(value),
            "peer_rank_one_relative_error": float(
                abs(complex(check["real"], check["imag"]) - exact) / abs(exact)
            ),
        }
    return line


def distribution_case(peer: Peer | None, env: PeerPython, backend: str) -> dict[str, Any]:
    num_photons, num_modes = DISTRIBUTION_CASE
    unitary = haar_unitary(num_modes, seed=num_modes)
    inputs = [1] * num_photons + [0] * (num_modes - num_photons)
    # 77 520 outcomes: the warm-up runs the parallel layers too
    small, small_inputs = haar_unitary(14, seed=14), [1] * 7 + [0] * 7
    output_distribution(small, small_inputs)
    rng = np.random.default_rng(0)
    outcomes = [
        tuple(int(k) for k in rng.multinomial(num_photons, [1 / num_modes] * num_modes))
        for _ in range(CHECKED_OUTCOMES)
    ]
    theirs = None
    if peer is not None:
        peer.ask("distribution", small, backend=backend, input=small_inputs, outcomes=[])

        def theirs() -> dict[str, Any]:
            return peer.ask(
                "distribution", unitary, backend=backend, input=inputs, outcomes=outcomes
            )

    times, answers, ours = _alternate(lambda: output_distribution(unitary, inputs), theirs)
    line = _line(
        f"distribution {num_photons} photons in {num_modes} modes, peer back-end {backend}",
        times,
        answers,
    )
    line |= {"num_outcomes": len(ours), "total_probability_minus_one": ours.total() - 1.0}
    if answers:
        mine = np.array([ours[o] for o in outcomes])
        peer_values = np.array(answers[-1]["probabilities"])
        line |= {
            "peer": f"{env.versions}, {answers[-1]['backend']} back-end",
            "peer_num_outcomes": answers[-1]["num_outcomes"],
            "peer_total_probability_minus_one": answers[-1]["total"] - 1.0,
            "max_relative_difference": float(np.max(np.abs(mine - peer_values) / mine)),
            "outcomes_compared": CHECKED_OUTCOMES,
        }
    return line


def _occupation_z(
    unitary: np.ndarray, num_photons: int, means: np.ndarray, stds: np.ndarray, count: int
) -> float:
    """Largest |mean - exact| / standard error over the modes; the exact mean occupation
    of output mode i is sum_j |U_ij|**2 n_j (single photons in the first modes)."""
    exact = np.sum(np.abs(unitary[:, :num_photons]) ** 2, axis=1)
    return float(np.max(np.abs(means - exact) / (stds / np.sqrt(count))))


def sampling_case(
    peer: Peer | None, env: PeerPython, per_call: int | None = None
) -> dict[str, Any]:
    """All samples in one call, or ``per_call`` samples per call."""
    num_photons, num_modes, num_samples = SAMPLING_CASE
    unitary = haar_unitary(num_modes, seed=num_modes)
    inputs = [1] * num_photons + [0] * (num_modes - num_photons)
    rng = np.random.default_rng(1)
    sample(np.eye(2), (1, 1), 4, rng)  # the kernel of small batches
    sample(haar_unitary(20, seed=20), [1] * 10 + [0] * 10, 1_024, rng)  # the parallel one
    theirs = None
    if peer is not None:
        peer.ask("sampling", np.eye(2), input=[1, 1], num_samples=4, seed=0)
        seeds = iter(range(1, REPEATS + 1))

        def theirs() -> dict[str, Any]:
            if per_call is None:
                return peer.ask(
                    "sampling", unitary, input=inputs, num_samples=num_samples, seed=next(seeds)
                )
            return peer.ask(
                "sampling_calls",
                unitary,
                input=inputs,
                calls=num_samples // per_call,
                samples_per_call=per_call,
                seed=next(seeds),
            )

    def ours() -> np.ndarray:
        if per_call is None:
            return sample(unitary, inputs, num_samples, rng)
        calls = num_samples // per_call
        return np.concatenate([sample(unitary, inputs, per_call, rng) for _ in range(calls)])

    times, answers, result = _alternate(ours, theirs)
    case = f"sampling {num_photons} photons in {num_modes} modes"
    if per_call is not None:
        case += f", {per_call} samples a call"
    line = _line(case, times, answers)
    counts = result.astype(float)
    line |= {
        "num_samples": num_samples,
        "samples_per_second": num_samples / line["seconds"],
        "max_mode_mean_z": _occupation_z(
            unitary, num_photons, counts.mean(axis=0), counts.std(axis=0, ddof=1), len(counts)
        ),
    }
    if answers:
        last = answers[-1]
        line |= {
            "peer": f"{env.versions}, {last['backend']} back-end",
            "peer_samples_per_second": num_samples / line["peer_seconds"],
            "peer_max_mode_mean_z": _occupation_z(
                unitary,
                num_photons,
                np.array(last["mean_occupation"]),
                np.array(last["std_occupation"]),
                last["num_samples"],
            ),
        }
    return line


def main() -> None:
    env = peer_python(
        "QINTERNET_PERCEVAL_PYTHON", "perceval", ("perceval-quandela", "exqalibur"), PROBE
    )
    with tempfile.TemporaryDirectory() as folder:
        peer = None if env.python is None else Peer(env.python, Path(folder))
        try:
            cases: list[Callable[[], dict[str, Any]]] = [
                lambda: permanent_case(peer, env, ""),
                lambda: permanent_case(peer, env, "glynn"),
                lambda: distribution_case(peer, env, "SLAP"),
                lambda: distribution_case(peer, env, "SLOS"),
                lambda: sampling_case(peer, env),
                lambda: sampling_case(peer, env, SAMPLES_PER_CALL),
            ]
            for case in cases:
                line = case()
                if peer is None:
                    line["peer"] = env.missing("perceval")
                line["load_average_1min"] = os.getloadavg()[0]
                print(json.dumps(line), flush=True)
        finally:
            if peer is not None:
                peer.close()


if __name__ == "__main__":
    main()
