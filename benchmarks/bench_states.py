"""Benchmark: a random two-qubit gate and a one-qubit channel on a 10-qubit density matrix.

qinternet applies a one- or two-qubit unitary or channel to a qubit state of six or more
qubits in one pass of a compiled kernel (``qinternet.states._kernels``). Its floor is one
copy of the matrix (read 16 MB, write 16 MB), measured in the same run both as
``rho.copy()`` (a new array, as the kernel returns) and ``np.copyto(out, rho)`` (an existing
buffer); ``copies`` is the kernel's median time over the median ``rho.copy()``. QuTiP is
measured in the same run doing the same thing the way its users do: expand the operator to
the full space (``qutip.expand_operator``) and multiply. The machine may be shared, so each
case is timed ``REPEATS`` times and reports the median (and the best). Prints one JSON line
per case, with the number of numba threads.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

import numba
import numpy as np

from qinternet.optics import haar_random_unitary
from qinternet.states import apply_kraus, apply_unitary, random_density

NUM_QUBITS = 10
GATE_TARGETS = (3, 7)
CHANNEL_TARGET = 5
DAMPING_GAMMA = 0.2
REPEATS = 15
PEER_REPEATS = 5


def timings(function: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Median and best wall time of ``repeats`` calls after one warm-up call, in seconds."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    rng = np.random.default_rng(2026)
    rho = random_density((2,) * NUM_QUBITS, rng, rank=4)
    gate = haar_random_unitary(4, rng)
    kraus = [
        np.array([[1, 0], [0, np.sqrt(1 - DAMPING_GAMMA)]]),
        np.array([[0, np.sqrt(DAMPING_GAMMA)], [0, 0]]),
    ]
    cases: dict[str, dict[str, Callable[[], object]]] = {
        "two_qubit_gate": {"qinternet": lambda: apply_unitary(rho, gate, GATE_TARGETS)},
        "one_qubit_channel": {"qinternet": lambda: apply_kraus(rho, kraus, [CHANNEL_TARGET])},
    }
    try:
        import qutip
    except ImportError:
        qutip = None
    if qutip is not None:
        dims = [[2] * NUM_QUBITS, [2] * NUM_QUBITS]
        rho_q = qutip.Qobj(rho.matrix, dims=dims)
        gate_q = qutip.Qobj(gate, dims=[[2, 2], [2, 2]])
        kraus_q = [qutip.Qobj(k) for k in kraus]

        def qutip_gate() -> object:
            full = qutip.expand_operator(gate_q, dims=[2] * NUM_QUBITS, targets=list(GATE_TARGETS))
            return full * rho_q * full.dag()

        def qutip_channel() -> object:
            total = None
            for k in kraus_q:
                full = qutip.expand_operator(k, dims=[2] * NUM_QUBITS, targets=[CHANNEL_TARGET])
                term = full * rho_q * full.dag()
                total = term if total is None else total + term
            return total

        cases["two_qubit_gate"]["qutip"] = qutip_gate
        cases["one_qubit_channel"]["qutip"] = qutip_channel
        check_gate = np.asarray(qutip_gate().full())  # type: ignore[attr-defined]
        assert np.allclose(check_gate, apply_unitary(rho, gate, GATE_TARGETS).matrix, atol=1e-12)
        check_channel = np.asarray(qutip_channel().full())  # type: ignore[attr-defined]
        channel = apply_kraus(rho, kraus, [CHANNEL_TARGET]).matrix
        assert np.allclose(check_channel, channel, atol=1e-12)
    buffer = np.empty_like(rho.matrix)
    copy_seconds, copy_best = timings(rho.matrix.copy)
    copyto_seconds, _ = timings(lambda: np.copyto(buffer, rho.matrix))
    for case, runners in cases.items():
        seconds, best = timings(runners["qinternet"])
        line: dict[str, object] = {
            "benchmark": "states",
            "case": case,
            "num_qubits": NUM_QUBITS,
            "threads": numba.get_num_threads(),
            "seconds": seconds,
            "best_seconds": best,
            "copy_seconds": copy_seconds,
            "copyto_seconds": copyto_seconds,
            "copies": seconds / copy_seconds,
            "best_copies": best / copy_best,
        }
        if "qutip" in runners:
            peer, _ = timings(runners["qutip"], PEER_REPEATS)
            line.update({"peer": "qutip", "peer_seconds": peer, "speedup": peer / seconds})
        print(json.dumps(line))


if __name__ == "__main__":
    main()
