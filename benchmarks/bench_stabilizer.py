"""Benchmark: graph states at scale on the stabilizer route (Stim).

Cases (issue 12, item 2):
1. The graph state of a 100 x 100 grid of nodes (10,000 data qubits), one Werner pair of
   fidelity 0.99 per grid link, made by remote CZ gates in their compiled form (CZ plus the
   Pauli channel the gadget leaves; exact, see ``physics.maps.graph_state``). All 10,000
   stabilizers K_v are estimated from the shots. Goal: under 60 s. (The explicit gadgets,
   20,000 qubits and 39,600 mid-circuit measurements, are out of reach: Stim's noiseless
   reference run collapses a 20,000-qubit tableau at every random measurement.)
2. A GHZ state over a line of 1,000 nodes by remote CNOTs, Werner links of fidelity
   0.999, with the explicit gadgets (2,000 qubits, Bell pairs, measurements, feed-forward)
   and compiled; X^n and the 999 Z_i Z_(i+1) estimated.

Each case runs in a fresh interpreter so its peak resident memory (``VmHWM`` after
``/proc/self/clear_refs``) is its own; Stim allocates outside Python, so tracemalloc
would miss it. Each line reports the estimates against the closed forms of the module:
``num_outside_5_sigma`` counts the observables whose number of -1 outcomes fails a
two-sided exact binomial test at the 5-sigma level (5.7e-7) against the closed form. Prints one JSON line per case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
from scipy import stats

from qinternet.physics.maps.graph_state import (
    NetworkGraph,
    ghz_chain_circuit,
    ghz_closed_form,
    ghz_observables,
    graph_stabilizer_observables,
    graph_state_circuit,
    stabilizer_closed_form,
)
from qinternet.states import BellDiagonal
from qinternet.states.clifford import pauli_expectations

GRID_SIDE = 100
GRID_FIDELITY = 0.99
GHZ_NODES = 1000
GHZ_FIDELITY = 0.999
SHOTS = 1000
CASES = ("grid_compiled", "ghz_remote_gates", "ghz_compiled")


def status_bytes(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def grid(side: int) -> NetworkGraph:
    names = tuple(f"n{r}_{c}" for r in range(side) for c in range(side))
    right = [(r * side + c, r * side + c + 1) for r in range(side) for c in range(side - 1)]
    down = [(r * side + c, (r + 1) * side + c) for r in range(side - 1) for c in range(side)]
    return NetworkGraph(names, tuple(right + down))


def run_case(case: str) -> dict[str, object]:
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")
    rss_before = status_bytes("VmRSS")
    start = time.perf_counter()
    if case == "grid_compiled":
        graph = grid(GRID_SIDE)
        link = BellDiagonal.from_werner(GRID_FIDELITY)
        circuit = graph_state_circuit(graph, link, "compiled")
        observables = graph_stabilizer_observables(graph, "compiled")
        expected = stabilizer_closed_form(graph, link)
        params: dict[str, object] = {"nodes": graph.num_nodes, "fidelity": GRID_FIDELITY}
    else:
        protocol = case.removeprefix("ghz_")
        link = BellDiagonal.from_werner(GHZ_FIDELITY)
        circuit = ghz_chain_circuit([f"n{i}" for i in range(GHZ_NODES)], link, protocol)
        observables = ghz_observables(GHZ_NODES, protocol)
        expected = ghz_closed_form(GHZ_NODES, link)
        params = {"nodes": GHZ_NODES, "fidelity": GHZ_FIDELITY}
    built = time.perf_counter()
    result = pauli_expectations(circuit, observables, SHOTS, np.random.default_rng(2026))
    done = time.perf_counter()
    # Exact binomial two-sided test of each observable's count of -1 outcomes against the
    # closed form, at the 5-sigma level (rare flips make the normal approximation unfit).
    flips = np.rint((1.0 - result.values) / 2.0 * SHOTS)
    p_flip = (1.0 - expected) / 2.0
    tail = 2.0 * np.minimum(
        stats.binom.cdf(flips, SHOTS, p_flip), stats.binom.sf(flips - 1, SHOTS, p_flip)
    )
    record: dict[str, object] = {
        "benchmark": "stabilizer",
        "case": case,
        **params,
        "num_qubits": circuit.num_qubits,
        "num_operations": len(circuit.operations),
        "num_measurements": circuit.num_measurements,
        "backend": result.backend.value,
        "shots": SHOTS,
        "build_seconds": built - start,
        "sample_seconds": done - built,
        "seconds": done - start,
        "goal_seconds": 60.0,
        "num_observables": len(observables),
        "num_outside_5_sigma": int(np.sum(tail < 2.0 * stats.norm.sf(5.0))),
        "rss_before_case_bytes": rss_before,
        "peak_rss_bytes": status_bytes("VmHWM"),
        "load_average_1min": os.getloadavg()[0],
    }
    if case == "grid_compiled":
        record |= {
            "mean_stabilizer": float(result.values.mean()),
            "mean_stabilizer_closed_form": float(expected.mean()),
        }
    else:
        record |= {
            "x_all": float(result.values[0]),
            "x_all_stderr": float(result.stderrs[0]),
            "x_all_closed_form": float(expected[0]),
            "mean_zz": float(result.values[1:].mean()),
            "mean_zz_closed_form": float(expected[1:].mean()),
        }
    return record


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2])), flush=True)
        return
    for case in CASES:
        done = subprocess.run(
            [sys.executable, __file__, "--case", case], capture_output=True, text=True, check=True
        )
        print(done.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
