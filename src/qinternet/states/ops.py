"""Operations on chosen subsystems of a state.

Every operation acts by ``tensordot`` on the state reshaped to one axis per subsystem
(two for a density matrix: rows then columns), never by building
``kron(I, ..., U, ..., I)``: the cost of a k-qubit gate on an n-qubit density matrix is
O(4^n * 2^k), not O(8^n).

Examples:
    >>> import numpy as np
    >>> from qinternet.states import Ket
    >>> zero = Ket(np.array([1.0, 0.0]))
    >>> hadamard = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    >>> cnot = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])
    >>> pair = apply_unitary(apply_unitary(tensor(zero, zero), hadamard, [0]), cnot, [0, 1])
    >>> np.round(pair.vector.real, 4)
    array([0.7071, 0.    , 0.    , 0.7071])
    >>> np.round(partial_trace(pair, keep=[1]).matrix.real, 3)
    array([[0.5, 0. ],
           [0. , 0.5]])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import reduce
from typing import Any, overload

import numpy as np

from qinternet.core.errors import DimensionMismatchError, InvalidChannelError
from qinternet.states._validate import (
    STATE_ATOL,
    ComplexArray,
    as_complex_array,
    check_targets,
    check_unitary,
)
from qinternet.states.types import DensityMatrix, Ket, State

ONE_PASS_MIN_QUBITS = 6
"""From this many qubits, a one- or two-qubit unitary or channel on a qubit density
matrix runs as one pass of a compiled kernel (:mod:`._kernels`) instead of the tensor
contraction."""

SUPEROPERATOR_MAX_DIM = 4
"""Largest target dimension for which a density-matrix update uses one superoperator
contraction (cost d_t^2 per entry) rather than two operator contractions (2 d_t)."""


def _kron(a: ComplexArray, b: ComplexArray) -> ComplexArray:
    return np.asarray(np.kron(a, b), dtype=np.complex128)


def to_density(state: State) -> DensityMatrix:
    """The density matrix of ``state`` (a :class:`Ket` becomes |psi><psi|)."""
    return state.to_density()


@overload
def tensor(*states: Ket) -> Ket: ...
@overload
def tensor(*states: State) -> State: ...
def tensor(*states: State) -> State:
    """Tensor product of states, in the order given (a Ket if all are Kets).

    Raises:
        DimensionMismatchError: if no state is given.
    """
    if not states:
        raise DimensionMismatchError("states", states, "need at least one state")
    dims = tuple(d for state in states for d in state.dims)
    if all(isinstance(state, Ket) for state in states):
        vector = reduce(_kron, [state.vector for state in states if isinstance(state, Ket)])
        return Ket._trusted(vector, dims)
    matrix = reduce(_kron, [state.to_density().matrix for state in states])
    return DensityMatrix._trusted(matrix, dims)


def partial_trace(state: State, keep: Sequence[int] | int) -> DensityMatrix:
    """Reduced state on the subsystems ``keep`` (in the order given).

    Raises:
        DimensionMismatchError: if ``keep`` repeats or exceeds the subsystems.
    """
    kept = check_targets(keep, state.num_subsystems, "keep")
    traced = [i for i in range(state.num_subsystems) if i not in kept]
    kept_dim = math.prod(state.dims[i] for i in kept)
    traced_dim = math.prod(state.dims[i] for i in traced)
    kept_dims = tuple(state.dims[i] for i in kept)
    if isinstance(state, Ket):
        amplitudes = state.vector.reshape(state.dims).transpose(*kept, *traced)
        amplitudes = amplitudes.reshape(kept_dim, traced_dim)
        return DensityMatrix._trusted(amplitudes @ amplitudes.conj().T, kept_dims)
    n = state.num_subsystems
    order = [*kept, *traced, *(n + i for i in kept), *(n + i for i in traced)]
    blocks = state.matrix.reshape(state.dims * 2).transpose(order)
    blocks = blocks.reshape(kept_dim, traced_dim, kept_dim, traced_dim)
    return DensityMatrix._trusted(np.einsum("ajbj->ab", blocks), kept_dims)


@overload
def permute(state: Ket, order: Sequence[int]) -> Ket: ...
@overload
def permute(state: DensityMatrix, order: Sequence[int]) -> DensityMatrix: ...
def permute(state: State, order: Sequence[int]) -> State:
    """Reorder subsystems: subsystem ``order[i]`` of ``state`` becomes subsystem ``i``.

    Raises:
        DimensionMismatchError: if ``order`` is not a permutation of the subsystems.
    """
    n = state.num_subsystems
    if sorted(int(i) for i in order) != list(range(n)):
        raise DimensionMismatchError("order", order, f"must be a permutation of 0..{n - 1}")
    dims = tuple(state.dims[i] for i in order)
    if isinstance(state, Ket):
        vector = state.vector.reshape(state.dims).transpose(order).reshape(-1)
        return Ket._trusted(vector, dims)
    axes = [*order, *(n + i for i in order)]
    matrix = state.matrix.reshape(state.dims * 2).transpose(axes).reshape(state.dim, state.dim)
    return DensityMatrix._trusted(matrix, dims)


def _apply_left(
    tensor_: ComplexArray, operator: ComplexArray, axes: Sequence[int], out_dims: Sequence[int]
) -> ComplexArray:
    """Contract ``operator`` (out x in) into ``axes`` of ``tensor_``; new axes keep their places."""
    k = len(axes)
    in_dims = [tensor_.shape[a] for a in axes]
    op = operator.reshape(*out_dims, *in_dims)
    result = np.tensordot(op, tensor_, axes=(list(range(k, 2 * k)), list(axes)))
    return np.moveaxis(result, list(range(k)), list(axes))


@overload
def apply_unitary(state: Ket, unitary: Any, targets: Sequence[int] | int) -> Ket: ...
@overload
def apply_unitary(
    state: DensityMatrix, unitary: Any, targets: Sequence[int] | int
) -> DensityMatrix: ...
def apply_unitary(state: State, unitary: Any, targets: Sequence[int] | int) -> State:
    """Apply ``unitary`` to the subsystems ``targets`` (in that order) of ``state``.

    Raises:
        NonUnitaryError: if ``unitary`` is not unitary within 1e-10.
        DimensionMismatchError: if its size does not match the targets' dimensions.
    """
    targets = check_targets(targets, state.num_subsystems)
    target_dims = [state.dims[t] for t in targets]
    u = check_unitary(unitary, math.prod(target_dims))
    if isinstance(state, DensityMatrix) and _one_pass_applies(state, targets):
        return DensityMatrix._trusted(_conjugate_in_one_pass(state, [u], targets), state.dims)
    return _apply_operator(state, u, targets, target_dims)


def _one_pass_applies(state: DensityMatrix, targets: Sequence[int]) -> bool:
    return (
        len(targets) <= 2
        and state.num_subsystems >= ONE_PASS_MIN_QUBITS
        and all(d == 2 for d in state.dims)
    )


def _conjugate_in_one_pass(
    state: DensityMatrix, operators: Sequence[ComplexArray], targets: Sequence[int]
) -> ComplexArray:
    """sum_k K_k rho K_k^dagger by the numba kernels of :mod:`._kernels` (qubits only)."""
    from qinternet.states import _kernels  # numba loads on first use, not at import

    bits = [state.num_subsystems - 1 - t for t in targets]  # subsystem 0 is the top bit
    return _kernels.conjugate(state.matrix, np.stack(operators), bits)


def _apply_operator(
    state: State, operator: ComplexArray, targets: Sequence[int], out_dims: Sequence[int]
) -> State:
    n = state.num_subsystems
    dims = list(state.dims)
    for t, d in zip(targets, out_dims, strict=True):
        dims[t] = d
    if isinstance(state, Ket):
        amplitudes = _apply_left(state.vector.reshape(state.dims), operator, targets, out_dims)
        return Ket._trusted(amplitudes.reshape(-1), dims)
    if operator.shape[1] <= SUPEROPERATOR_MAX_DIM:
        # One contraction with U (x) U* moves the large array once instead of twice.
        return _apply_channel(state, [operator], targets, out_dims)
    rows = _apply_left(state.matrix.reshape(state.dims * 2), operator, targets, out_dims)
    both = _apply_left(rows, operator.conj(), [n + t for t in targets], out_dims)
    size = math.prod(dims)
    return DensityMatrix._trusted(both.reshape(size, size), dims)


def check_kraus(
    kraus_operators: Sequence[Any], input_dim: int, name: str = "kraus_operators"
) -> list[ComplexArray]:
    """Kraus operators as arrays of equal shape (d_out, input_dim) with sum K^dagger K = I.

    Raises:
        DimensionMismatchError: for an empty list or shapes that do not fit.
        InvalidChannelError: if the operators are not trace preserving (within 1e-10).
    """
    try:
        raw = list(kraus_operators)
    except TypeError:
        raise DimensionMismatchError(name, kraus_operators, "must be a list of matrices") from None
    operators = [as_complex_array(k, name, ndim=2) for k in raw]
    if not operators:
        raise DimensionMismatchError(name, kraus_operators, "need at least one operator")
    out_dim = operators[0].shape[0]
    for k in operators:
        if k.shape != (out_dim, input_dim):
            raise DimensionMismatchError(
                name, kraus_operators, f"shape {k.shape} does not fit ({out_dim}, {input_dim})"
            )
    completeness = sum(k.conj().T @ k for k in operators)
    deviation = float(np.max(np.abs(completeness - np.eye(input_dim))))
    if deviation > STATE_ATOL:
        raise InvalidChannelError(
            name,
            kraus_operators,
            f"not trace preserving (max |sum K^dagger K - I| = {deviation:.3g})",
        )
    return operators


def apply_kraus(
    state: State,
    kraus_operators: Sequence[Any],
    targets: Sequence[int] | int,
    *,
    output_dims: Sequence[int] | None = None,
) -> DensityMatrix:
    """Apply the channel rho -> sum_k K_k rho K_k^dagger to the subsystems ``targets``.

    Kraus operators may change the dimension (``(d_out, d_in)``, e.g. an erasure flag);
    ``output_dims`` then gives the new dimensions of the targets (default: unchanged if
    square, ``(d_out,)`` for a single target). The channel acts as one superoperator
    contraction, so a many-Kraus channel costs no more than a unitary.

    Raises:
        InvalidChannelError: if the operators are not trace preserving.
        DimensionMismatchError: if shapes do not match the targets.

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import bell_state
        >>> flip = [np.sqrt(0.9) * np.eye(2), np.sqrt(0.1) * np.diag([1.0, -1.0])]
        >>> rho = apply_kraus(bell_state("phi+"), flip, targets=[0])
        >>> round(float(rho.matrix[0, 3].real), 6)
        0.4
    """
    targets = check_targets(targets, state.num_subsystems)
    in_dims = [state.dims[t] for t in targets]
    operators = check_kraus(kraus_operators, math.prod(in_dims))
    out_dim = operators[0].shape[0]
    if output_dims is None:
        if out_dim == math.prod(in_dims):
            output_dims = in_dims
        elif len(targets) == 1:
            output_dims = [out_dim]
        else:
            raise DimensionMismatchError(
                "output_dims",
                None,
                "required when Kraus operators change the dimension of several targets",
            )
    output_dims = [int(d) for d in output_dims]
    if math.prod(output_dims) != out_dim or len(output_dims) != len(targets):
        raise DimensionMismatchError(
            "output_dims", output_dims, f"must multiply to {out_dim} over the targets"
        )
    density = state.to_density()
    if output_dims == in_dims and _one_pass_applies(density, targets):
        return DensityMatrix._trusted(
            _conjugate_in_one_pass(density, operators, targets), density.dims
        )
    return _apply_channel(density, operators, targets, output_dims)


def _apply_channel(
    state: DensityMatrix,
    operators: Sequence[ComplexArray],
    targets: Sequence[int],
    out_dims: Sequence[int],
) -> DensityMatrix:
    """Trusted core of :func:`apply_kraus`: one contraction with sum_k K (x) K*."""
    n = state.num_subsystems
    in_dims = [state.dims[t] for t in targets]
    k = len(targets)
    stacked = np.asarray(operators, dtype=np.complex128)
    superop = np.einsum("kab,kcd->acbd", stacked, stacked.conj())
    superop = superop.reshape(*out_dims, *out_dims, *in_dims, *in_dims)
    axes = [*targets, *(n + t for t in targets)]
    contracted = np.tensordot(
        superop, state.matrix.reshape(state.dims * 2), axes=(list(range(2 * k, 4 * k)), axes)
    )
    result = np.moveaxis(contracted, list(range(2 * k)), axes)
    dims = list(state.dims)
    for t, d in zip(targets, out_dims, strict=True):
        dims[t] = d
    size = math.prod(dims)
    return DensityMatrix._trusted(result.reshape(size, size), dims)
