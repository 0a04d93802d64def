"""Network circuits of Clifford gates with Pauli noise, run on a stabilizer tableau (Stim)
or on an exact density matrix, chosen by ``backend="auto" | "stabilizer" | "density_matrix"``.

Examples:
    >>> import numpy as np
    >>> from qinternet.states.clifford import CircuitBuilder, pauli_expectations
    >>> builder = CircuitBuilder({"a": 1, "b": 1})
    >>> builder.werner_pair(("a", 0), ("b", 0), fidelity=1.0)
    >>> result = pauli_expectations(builder.build(), [{0: "X", 1: "X"}], 50,
    ...                             np.random.default_rng(7))
    >>> result.backend.value, float(result.values[0])
    ('stabilizer', 1.0)
"""

from qinternet.states.clifford.circuit import (
    PAULI_PAIRS,
    CircuitBuilder,
    NetworkCircuit,
    Operation,
    OpKind,
    PauliObservable,
    check_observable,
)
from qinternet.states.clifford.dense import DENSE_MAX_QUBITS, DenseRun, run_dense
from qinternet.states.clifford.run import (
    Backend,
    PauliExpectations,
    choose_backend,
    pauli_expectations,
    sample_measurements,
)
from qinternet.states.clifford.stabilizer import (
    commuting_groups,
    stabilizer_expectations,
    stabilizer_samples,
    to_stim,
)

__all__ = [
    "DENSE_MAX_QUBITS",
    "PAULI_PAIRS",
    "Backend",
    "CircuitBuilder",
    "DenseRun",
    "NetworkCircuit",
    "OpKind",
    "Operation",
    "PauliExpectations",
    "PauliObservable",
    "check_observable",
    "choose_backend",
    "commuting_groups",
    "pauli_expectations",
    "run_dense",
    "sample_measurements",
    "stabilizer_expectations",
    "stabilizer_samples",
    "to_stim",
]
