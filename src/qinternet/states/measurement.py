"""Projective and generalised (POVM) measurements of chosen subsystems.

A measurement is a list of measurement operators M_k on the target subsystems with
sum_k M_k^dagger M_k = I. Outcome k occurs with probability tr(M_k rho M_k^dagger)
and leaves M_k rho M_k^dagger / p_k. Projectors are the special case M_k = P_k; a POVM
given by its effects E_k is measured with the Lueders operators sqrt(E_k).

Examples:
    >>> import numpy as np
    >>> from qinternet.states import bell_state
    >>> rng = np.random.default_rng(3)
    >>> result = measure(bell_state("phi+"), projectors_from_basis(np.eye(2)), [0], rng)
    >>> round(result.probability, 12)
    0.5
    >>> from qinternet.states import partial_trace
    >>> bool(np.allclose(partial_trace(result.state, [1]).matrix, np.diag(np.eye(2)[result.outcome])))
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.states._validate import STATE_ATOL, ComplexArray, as_complex_array, check_targets
from qinternet.states.ops import _apply_operator, check_kraus, partial_trace
from qinternet.states.types import DensityMatrix, Ket

StateT = TypeVar("StateT", bound=Ket | DensityMatrix)


@dataclass(frozen=True)
class MeasurementResult(Generic[StateT]):
    """Outcome of :func:`measure`.

    Attributes:
        outcome: index of the measurement operator that fired.
        probability: probability of that outcome before the measurement.
        state: post-measurement state (same subsystems, renormalised).
    """

    outcome: int
    probability: float
    state: StateT


def projectors_from_basis(basis: Any) -> list[ComplexArray]:
    """Rank-one projectors |b_k><b_k| onto the columns of an orthonormal ``basis``.

    Raises:
        InvalidParameterError: if the columns are not orthonormal (1e-10).
    """
    columns = as_complex_array(basis, "basis", ndim=2)
    gram = columns.conj().T @ columns
    if columns.shape[0] != columns.shape[1] or not np.allclose(
        gram, np.eye(columns.shape[1]), atol=STATE_ATOL
    ):
        raise InvalidParameterError("basis", basis, "columns must form an orthonormal basis")
    return [np.outer(columns[:, k], columns[:, k].conj()) for k in range(columns.shape[1])]


def lueders_operators(effects: Sequence[Any]) -> list[ComplexArray]:
    """Measurement operators sqrt(E_k) of a POVM given by its effects E_k >= 0.

    Raises:
        InvalidParameterError: if an effect is not Hermitian positive semidefinite.
    """
    operators = []
    for effect in effects:
        e = as_complex_array(effect, "effects", ndim=2)
        if not np.allclose(e, e.conj().T, atol=STATE_ATOL):
            raise InvalidParameterError("effects", effects, "every effect must be Hermitian")
        values, vectors = np.linalg.eigh(e)
        if values[0] < -STATE_ATOL:
            raise InvalidParameterError(
                "effects", effects, f"effect has negative eigenvalue {values[0]:.3g}"
            )
        operators.append((vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.conj().T)
    return operators


def outcome_probabilities(
    state: Ket | DensityMatrix, operators: Sequence[Any], targets: Sequence[int] | int
) -> NDArray[np.float64]:
    """Probabilities tr(M_k^dagger M_k rho_targets) of every outcome, from the reduced state.

    Raises:
        InvalidChannelError: if sum_k M_k^dagger M_k != I.
    """
    checked = check_targets(targets, state.num_subsystems)
    dimension = math.prod(state.dims[t] for t in checked)
    ops = check_kraus(operators, dimension, "operators")
    return _probabilities(partial_trace(state, checked).matrix, ops)


def _probabilities(reduced: ComplexArray, operators: Sequence[ComplexArray]) -> NDArray[np.float64]:
    # tr(E rho) = sum_ij E_ji rho_ij = sum_ij conj(E_ij) rho_ij for Hermitian E = M^dagger M,
    # which is np.vdot(E, rho) (vdot conjugates its first argument).
    probabilities = np.array([np.vdot(m.conj().T @ m, reduced).real for m in operators])
    probabilities = np.clip(probabilities, 0.0, None)
    return np.asarray(probabilities / probabilities.sum(), dtype=np.float64)


def measure(
    state: StateT, operators: Sequence[Any], targets: Sequence[int] | int, rng: np.random.Generator
) -> MeasurementResult[StateT]:
    """Measure ``targets`` of ``state`` with measurement operators ``operators``.

    Args:
        state: a :class:`Ket` (stays a Ket) or :class:`DensityMatrix`.
        operators: M_k as (d_out, d_targets) matrices with sum M_k^dagger M_k = I; use
            :func:`projectors_from_basis` or :func:`lueders_operators` to build them.
        targets: the measured subsystems, in the order the operators expect.
        rng: the random stream that picks the outcome.

    Returns:
        The outcome index, its probability and the renormalised post-measurement state.

    Raises:
        InvalidChannelError: if the operators are not complete.
        DimensionMismatchError: if they do not fit the targets.
    """
    checked = check_targets(targets, state.num_subsystems)
    in_dims = [state.dims[t] for t in checked]
    ops = check_kraus(operators, math.prod(in_dims), "operators")
    if ops[0].shape[0] != ops[0].shape[1]:
        raise InvalidParameterError("operators", operators, "measurement operators must be square")
    probabilities = _probabilities(partial_trace(state, checked).matrix, ops)
    outcome = int(rng.choice(len(ops), p=probabilities))
    probability = float(probabilities[outcome])
    post = _apply_operator(state, ops[outcome], checked, in_dims)
    if isinstance(post, Ket):
        renormalised: Ket | DensityMatrix = Ket._trusted(
            post.vector / np.linalg.norm(post.vector), post.dims
        )
    else:
        renormalised = DensityMatrix._trusted(post.matrix / np.trace(post.matrix).real, post.dims)
    return MeasurementResult(outcome, probability, renormalised)  # type: ignore[arg-type]
