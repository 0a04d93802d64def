"""Perceval (with exqalibur) timed on the cases of ``bench_peers_optics.py``.

Run with the Python of an environment that has ``perceval-quandela`` and ``exqalibur``;
``bench_peers_optics.py`` starts it once and sends it one JSON request per line on
standard input, between its own runs, so that the two codes alternate. Each request
names a case and a ``.npy`` file holding the matrix qinternet uses; the answer is one
JSON line with the wall seconds of the call and the values the parent checks:

* ``permanent``: ``exqalibur.permanent_cx`` (the permanent Perceval's naive back-end
  calls; Perceval exposes no permanent of its own) with the requested ``ptype`` ("" for
  exqalibur's default, "glynn", "ryser"). Answers the permanent.
* ``distribution``: every output probability of a Fock input, by Perceval's ``SLAP`` or
  ``SLOS`` back-end (exqalibur): circuit, input state and ``all_prob()``, which returns
  the probabilities as a list. Answers their sum and the probabilities of the outcomes
  the request lists.
* ``sampling``: exact boson samples by Perceval's ``CliffordClifford2017`` back-end
  (exqalibur, all cores): circuit, input state and ``samples(count)``. Answers the mean
  occupation of each mode and its standard deviation over the samples.
* ``sampling_calls``: the same back-end set up once, then ``calls`` calls of
  ``samples(samples_per_call)`` (a user drawing a few samples at a time); the seconds
  cover the set-up and all calls. Answers as ``sampling``.

Usage: python perceval_optics.py  (requests on standard input, one per line)
"""

import json
import sys
import time

import exqalibur as xq
import numpy as np
import perceval as pcvl


def _permanent(matrix: np.ndarray, request: dict) -> dict:
    start = time.perf_counter()
    value = xq.permanent_cx(np.ascontiguousarray(matrix, dtype=complex), request["ptype"])
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "real": value.real, "imag": value.imag}


def _distribution(unitary: np.ndarray, request: dict) -> dict:
    inputs = request["input"]
    start = time.perf_counter()
    backend = pcvl.BackendFactory.get_backend(request["backend"])
    backend.set_circuit(pcvl.Unitary(pcvl.Matrix(unitary)))
    backend.set_input_state(pcvl.BasicState(inputs))
    probabilities = backend.all_prob()
    seconds = time.perf_counter() - start
    space = xq.FSArray(len(inputs), sum(inputs))  # Perceval's order of all_prob()
    picked = [probabilities[space.find(pcvl.BasicState(o))] for o in request["outcomes"]]
    return {
        "seconds": seconds,
        "backend": backend.name,
        "num_outcomes": len(probabilities),
        "total": float(np.sum(probabilities)),
        "probabilities": picked,
    }


def _sampling(unitary: np.ndarray, request: dict) -> dict:
    pcvl.random_seed(request["seed"])
    start = time.perf_counter()
    backend = pcvl.BackendFactory.get_backend("CliffordClifford2017")
    backend.set_circuit(pcvl.Unitary(pcvl.Matrix(unitary)))
    backend.set_input_state(pcvl.BasicState(request["input"]))
    samples = backend.samples(request["num_samples"])
    seconds = time.perf_counter() - start
    counts = np.array([list(state) for state in samples], dtype=float)
    return {
        "seconds": seconds,
        "backend": backend.name,
        "num_samples": len(counts),
        "mean_occupation": counts.mean(axis=0).tolist(),
        "std_occupation": counts.std(axis=0, ddof=1).tolist(),
    }


def _sampling_calls(unitary: np.ndarray, request: dict) -> dict:
    pcvl.random_seed(request["seed"])
    start = time.perf_counter()
    backend = pcvl.BackendFactory.get_backend("CliffordClifford2017")
    backend.set_circuit(pcvl.Unitary(pcvl.Matrix(unitary)))
    backend.set_input_state(pcvl.BasicState(request["input"]))
    samples = []
    for _ in range(request["calls"]):
        samples.extend(backend.samples(request["samples_per_call"]))
    seconds = time.perf_counter() - start
    counts = np.array([list(state) for state in samples], dtype=float)
    return {
        "seconds": seconds,
        "backend": backend.name,
        "num_samples": len(counts),
        "mean_occupation": counts.mean(axis=0).tolist(),
        "std_occupation": counts.std(axis=0, ddof=1).tolist(),
    }


CASES = {
    "permanent": _permanent,
    "distribution": _distribution,
    "sampling": _sampling,
    "sampling_calls": _sampling_calls,
}


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        matrix = np.load(request["matrix"])
        answer = CASES[request["case"]](matrix, request)
        answer["threads"] = xq.Config.compute_max_thread_count or "all cores"
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
