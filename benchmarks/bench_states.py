"""Benchmark: a random two-qubit gate and a one-qubit channel on a 10-qubit density matrix.

qinternet applies a one- or two-qubit unitary to a state of six or more qubits in one
pass of a compiled kernel, and a channel by a contraction into the reshaped state;
``copies`` is the time in units of one copy of the matrix (the floor for any update that
writes a new matrix). QuTiP is measured in
the same run doing the same thing the way its users do: expand the operator to the full
space (``qutip.expand_operator``) and multiply. Prints one JSON line per case.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np

from _timing import best_time
from qinternet.optics import haar_random_unitary
from qinternet.states import apply_kraus, apply_unitary, random_density

NUM_QUBITS = 10
GATE_TARGETS = (3, 7)
CHANNEL_TARGET = 5
DAMPING_GAMMA = 0.2


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
    copy_seconds = best_time(rho.matrix.copy)
    for case, runners in cases.items():
        seconds = best_time(runners["qinternet"])
        line: dict[str, object] = {
            "benchmark": "states",
            "case": case,
            "num_qubits": NUM_QUBITS,
            "seconds": seconds,
            "copy_seconds": copy_seconds,
            "copies": seconds / copy_seconds,
        }
        if "qutip" in runners:
            peer = best_time(runners["qutip"])
            line.update({"peer": "qutip", "peer_seconds": peer, "speedup": peer / seconds})
        print(json.dumps(line))


if __name__ == "__main__":
    main()
