"""One entry point for both routes: the backend key and what it resolves to.

``backend="auto"`` runs a circuit on the stabilizer route (Stim) when every operation is
a Clifford gate, a Pauli channel, a Pauli measurement or a reset, and on the exact
density-matrix route otherwise, which holds at most
:data:`~qinternet.states.clifford.dense.DENSE_MAX_QUBITS` qubits.

Examples:
    >>> import numpy as np
    >>> from qinternet.states.clifford import CircuitBuilder
    >>> builder = CircuitBuilder({"a": 1, "b": 1})
    >>> builder.werner_pair(("a", 0), ("b", 0), fidelity=0.85)
    >>> circuit = builder.build()
    >>> choose_backend(circuit).value
    'stabilizer'
    >>> result = pauli_expectations(circuit, [{0: "Z", 1: "Z"}], 0, None,
    ...                             backend="density_matrix")
    >>> round(float(result.values[0]), 6), result.num_shots  # <ZZ> = (4F - 1)/3
    (0.8, 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError, ResourceLimitError
from qinternet.core.statistics import MeanEstimate
from qinternet.core.validation import check_choice, check_count
from qinternet.states.clifford.circuit import NetworkCircuit, PauliObservable, check_observable
from qinternet.states.clifford.dense import DENSE_MAX_QUBITS, run_dense
from qinternet.states.clifford.stabilizer import (
    check_stabilizer_circuit,
    stabilizer_expectations,
    stabilizer_samples,
)


class Backend(StrEnum):
    """Which representation runs a circuit."""

    AUTO = "auto"
    STABILIZER = "stabilizer"
    DENSITY_MATRIX = "density_matrix"


def choose_backend(circuit: NetworkCircuit, backend: Backend | str = Backend.AUTO) -> Backend:
    """The backend that will run ``circuit``; ``auto`` resolves to one of the other two.

    Raises:
        InvalidParameterError: for an unknown key, or ``stabilizer`` with an operation
            outside the stabilizer formalism (the error names the operation).
        ResourceLimitError: when the density-matrix route is needed (chosen, or ``auto``
            with a non-Clifford operation) for more than ``DENSE_MAX_QUBITS`` qubits.
    """
    chosen = check_choice(backend, Backend, "backend")
    if chosen is Backend.STABILIZER:
        check_stabilizer_circuit(circuit)
        return chosen
    if chosen is Backend.AUTO and circuit.is_stabilizer:
        return Backend.STABILIZER
    if circuit.num_qubits > DENSE_MAX_QUBITS:
        why = "it was chosen"
        if chosen is Backend.AUTO:
            index = circuit.first_non_stabilizer
            kind = circuit.operations[index or 0].kind.value
            why = f"operations[{index}] ({kind}) is outside the stabilizer formalism"
        reason = (
            f"the density-matrix route is needed because {why}, and it holds at most "
            f"{DENSE_MAX_QUBITS} qubits"
        )
        raise ResourceLimitError("num_qubits", circuit.num_qubits, reason)
    return Backend.DENSITY_MATRIX


def sample_measurements(
    circuit: NetworkCircuit,
    shots: int,
    rng: np.random.Generator,
    *,
    backend: Backend | str = Backend.AUTO,
) -> NDArray[np.uint8]:
    """``shots`` runs of ``circuit``: shape (shots, measurements), entries 0 or 1.

    Column j is the j-th measurement, of qubit ``circuit.measured_qubits[j]``.
    """
    shots = check_count(shots, "shots", 1)
    if choose_backend(circuit, backend) is Backend.STABILIZER:
        return stabilizer_samples(circuit, shots, rng)
    return run_dense(circuit).sample(shots, rng)


@dataclass(frozen=True)
class PauliExpectations:
    """Expectation values of Pauli products on the final state of a circuit.

    Attributes:
        values: one value per observable (estimates, or exact on the density-matrix route).
        stderrs: their standard errors (0 where exact).
        num_shots: shots behind each estimate (0: exact).
        backend: the route that computed them.
    """

    values: NDArray[np.float64]
    stderrs: NDArray[np.float64]
    num_shots: int
    backend: Backend

    def estimate(self, index: int) -> MeanEstimate:
        """Observable ``index`` as a :class:`MeanEstimate`."""
        return MeanEstimate(float(self.values[index]), float(self.stderrs[index]), self.num_shots)


def pauli_expectations(
    circuit: NetworkCircuit,
    observables: Sequence[PauliObservable],
    shots: int,
    rng: np.random.Generator | None,
    *,
    backend: Backend | str = Backend.AUTO,
) -> PauliExpectations:
    """<P> on the state after ``circuit`` for each Pauli product in ``observables``.

    The stabilizer route estimates each from ``shots`` measurements of P (with ``rng``);
    the density-matrix route computes tr(rho P) exactly (``shots`` and ``rng`` unused).

    Raises:
        InvalidParameterError: for a malformed observable, too few shots on the
            stabilizer route, or a missing ``rng`` there.
    """
    chosen = choose_backend(circuit, backend)
    for i, observable in enumerate(observables):
        check_observable(observable, circuit.num_qubits, f"observables[{i}]")
    if chosen is Backend.DENSITY_MATRIX:
        run = run_dense(circuit)
        values = np.array([run.expectation(o) for o in observables], dtype=np.float64)
        return PauliExpectations(values, np.zeros_like(values), 0, chosen)
    shots = check_count(shots, "shots", 2)
    if rng is None:
        raise InvalidParameterError("rng", rng, "the stabilizer route samples: pass a Generator")
    values, errors = stabilizer_expectations(circuit, observables, shots, rng)
    return PauliExpectations(values, errors, shots, chosen)
