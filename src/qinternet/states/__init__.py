"""Quantum states: kets, density matrices, the Bell-diagonal family, and their measures.

Subsystem operations act on reshaped arrays by ``tensordot``; see :mod:`.ops`.

Examples:
    >>> from qinternet.states import bell_state, werner, fidelity
    >>> round(fidelity(werner(0.9), bell_state("phi+")), 12)
    0.9
"""

from qinternet.states.bell import (
    BELL_BASIS,
    BellDiagonal,
    BellName,
    TwirlKind,
    bell_diagonal_from_density,
    bell_state,
    twirl,
    werner,
)
from qinternet.states.interop import from_qutip, to_qutip
from qinternet.states.measurement import (
    MeasurementResult,
    lueders_operators,
    measure,
    outcome_probabilities,
    projectors_from_basis,
)
from qinternet.states.measures import (
    bell_fidelity,
    chsh_max,
    concurrence,
    fidelity,
    log_negativity,
    negativity,
    purity,
    trace_distance,
    von_neumann_entropy,
)
from qinternet.states.multipartite import (
    ghz_stabilizers,
    ghz_state,
    graph_stabilizers,
    graph_state,
    pauli_expectation,
    stabilizer_group,
    w_state,
)
from qinternet.states.ops import (
    apply_kraus,
    apply_unitary,
    check_kraus,
    partial_trace,
    permute,
    tensor,
    to_density,
)
from qinternet.states.random_states import random_density, random_ket
from qinternet.states.registry import MeasurementOutcome, StateRegistry
from qinternet.states.types import DensityMatrix, Ket, State

__all__ = [
    "BELL_BASIS",
    "BellDiagonal",
    "BellName",
    "DensityMatrix",
    "Ket",
    "MeasurementOutcome",
    "MeasurementResult",
    "State",
    "StateRegistry",
    "TwirlKind",
    "apply_kraus",
    "apply_unitary",
    "bell_diagonal_from_density",
    "bell_fidelity",
    "bell_state",
    "check_kraus",
    "chsh_max",
    "concurrence",
    "fidelity",
    "from_qutip",
    "ghz_stabilizers",
    "ghz_state",
    "graph_stabilizers",
    "graph_state",
    "log_negativity",
    "lueders_operators",
    "measure",
    "negativity",
    "outcome_probabilities",
    "partial_trace",
    "pauli_expectation",
    "permute",
    "projectors_from_basis",
    "purity",
    "random_density",
    "random_ket",
    "stabilizer_group",
    "tensor",
    "to_density",
    "to_qutip",
    "trace_distance",
    "twirl",
    "von_neumann_entropy",
    "w_state",
    "werner",
]
