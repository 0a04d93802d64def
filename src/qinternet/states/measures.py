"""Distances, entropies and entanglement measures of states.

Fidelity uses the squared convention F = (tr sqrt(sqrt(rho) sigma sqrt(rho)))^2, with
the pure-state fast path F = <psi|sigma|psi>. Entropies are in bits.

Examples:
    >>> from qinternet.states import werner
    >>> round(concurrence(werner(0.8)), 12)
    0.6
    >>> round(chsh_max(werner(0.92)), 6)
    2.526728
    >>> bell_fidelity(werner(0.9))
    (<BellName.PHI_PLUS: 'phi+'>, 0.9)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError, InvalidStateError
from qinternet.states._validate import ComplexArray, check_targets
from qinternet.states.bell import BELL_BASIS, BellDiagonal, BellName
from qinternet.states.types import Ket, State

_PAULIS: tuple[ComplexArray, ...] = (
    np.array([[0, 1], [1, 0]], dtype=np.complex128),
    np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
    np.array([[1, 0], [0, -1]], dtype=np.complex128),
)
_SIGMA_Y_SIGMA_Y = np.kron(_PAULIS[1], _PAULIS[1])
_EIGENVALUE_NOISE = 8 * float(np.finfo(np.float64).eps)
"""Relative size (per unit of dimension) below which a computed eigenvalue counts as 0."""


def _matrix(state: State | BellDiagonal) -> ComplexArray:
    return state.to_density().matrix


def _same_dims(a: State | BellDiagonal, b: State | BellDiagonal) -> None:
    dims_a = a.to_density().dims if isinstance(a, BellDiagonal) else a.dims
    dims_b = b.to_density().dims if isinstance(b, BellDiagonal) else b.dims
    if dims_a != dims_b:
        raise DimensionMismatchError("b", b, f"has dims {dims_b}, but a has dims {dims_a}")


def _two_qubit(state: State | BellDiagonal, name: str = "state") -> ComplexArray:
    rho = state.to_density()
    if rho.dims != (2, 2):
        raise InvalidStateError(name, state, f"must be a two-qubit state, got dims {rho.dims}")
    return rho.matrix


def _psd_sqrt(matrix: ComplexArray) -> ComplexArray:
    """Square root of a positive semidefinite matrix, with numerically-zero eigenvalues zeroed.

    ``eigh`` finds eigenvalues only to about d * eps * ||A||; on a rank-deficient state the
    rounding noise (~1e-17) of a zero eigenvalue would otherwise enter as its square root
    (~3e-9) and spoil fidelities at the 1e-8 level. Eigenvalues below the noise bound
    are set to zero instead, so exactly rank-deficient inputs give exact answers.
    """
    values, vectors = np.linalg.eigh(matrix)
    cutoff = _EIGENVALUE_NOISE * matrix.shape[0] * max(float(values[-1]), 0.0)
    roots = np.sqrt(np.where(values > cutoff, values, 0.0))
    return (vectors * roots) @ vectors.conj().T


def _clip_unit(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def fidelity(a: State | BellDiagonal, b: State | BellDiagonal) -> float:
    """Uhlmann fidelity F(a, b) = (tr sqrt(sqrt(a) b sqrt(a)))^2, in [0, 1].

    References:
        R. Jozsa, J. Mod. Opt. 41, 2315 (1994).

    Raises:
        DimensionMismatchError: if the states live on different subsystems.
    """
    _same_dims(a, b)
    if isinstance(a, Ket) and isinstance(b, Ket):
        return _clip_unit(float(abs(np.vdot(a.vector, b.vector)) ** 2))
    if isinstance(a, Ket) or isinstance(b, Ket):
        pure, mixed = (a, b) if isinstance(a, Ket) else (b, a)
        assert isinstance(pure, Ket)
        return _clip_unit(float(np.vdot(pure.vector, _matrix(mixed) @ pure.vector).real))
    # tr sqrt(sqrt(a) b sqrt(a)) = ||sqrt(a) sqrt(b)||_1, the sum of singular values: this
    # avoids the square roots of tiny (noisy) eigenvalues of sqrt(a) b sqrt(a), which cost
    # about 1e-8 of accuracy on rank-deficient states.
    overlap = _psd_sqrt(_matrix(a)) @ _psd_sqrt(_matrix(b))
    return _clip_unit(float(np.sum(np.linalg.svd(overlap, compute_uv=False)) ** 2))


def trace_distance(a: State | BellDiagonal, b: State | BellDiagonal) -> float:
    """Trace distance (1/2) ||a - b||_1, in [0, 1]."""
    _same_dims(a, b)
    difference = _matrix(a) - _matrix(b)
    return float(0.5 * np.sum(np.abs(np.linalg.eigvalsh(difference))))


def purity(state: State | BellDiagonal) -> float:
    """Purity tr(rho^2), in [1/d, 1]."""
    if isinstance(state, Ket):
        return 1.0
    return float(np.sum(np.abs(_matrix(state)) ** 2))


def von_neumann_entropy(state: State | BellDiagonal, *, base: float = 2.0) -> float:
    """Von Neumann entropy -tr(rho log rho), in bits by default."""
    if not math.isfinite(base) or base <= 0.0 or base == 1.0:
        raise InvalidParameterError("base", base, "must be a positive number other than 1")
    if isinstance(state, Ket):
        return 0.0
    eigenvalues = np.linalg.eigvalsh(_matrix(state))
    positive = eigenvalues[eigenvalues > 1e-300]
    return max(0.0, float(-np.sum(positive * np.log(positive)) / math.log(base)))


def concurrence(state: State | BellDiagonal) -> float:
    """Wootters concurrence of a two-qubit state, in [0, 1].

    References:
        W. K. Wootters, PRL 80, 2245 (1998).
    """
    rho = _two_qubit(state)
    if isinstance(state, Ket):
        return _clip_unit(float(abs(state.vector @ _SIGMA_Y_SIGMA_Y @ state.vector)))
    # The lambdas are the eigenvalues of sqrt(sqrt(rho) rho~ sqrt(rho)), rho~ = YY rho* YY,
    # i.e. the singular values of sqrt(rho) sqrt(rho~) = sqrt(rho) YY sqrt(rho)* YY; the
    # singular values of sqrt(rho) YY sqrt(rho)* are the same (YY is unitary).
    root = _psd_sqrt(rho)
    lambdas = np.linalg.svd(root @ _SIGMA_Y_SIGMA_Y @ root.conj(), compute_uv=False)
    return _clip_unit(float(lambdas[0] - lambdas[1] - lambdas[2] - lambdas[3]))


def _partial_transpose_norm(state: State | BellDiagonal, subsystems: Sequence[int] | int) -> float:
    rho = state.to_density()
    transposed = check_targets(subsystems, rho.num_subsystems, "subsystems")
    n = rho.num_subsystems
    axes = list(range(2 * n))
    for t in transposed:
        axes[t], axes[n + t] = axes[n + t], axes[t]
    matrix = rho.matrix.reshape(rho.dims * 2).transpose(axes).reshape(rho.dim, rho.dim)
    return float(np.sum(np.abs(np.linalg.eigvalsh(matrix))))


def negativity(state: State | BellDiagonal, subsystems: Sequence[int] | int = 1) -> float:
    """Negativity (||rho^{T_S}||_1 - 1)/2 for the partial transpose on ``subsystems``.

    References:
        G. Vidal, R. F. Werner, PRA 65, 032314 (2002).
    """
    return max(0.0, (_partial_transpose_norm(state, subsystems) - 1.0) / 2.0)


def log_negativity(state: State | BellDiagonal, subsystems: Sequence[int] | int = 1) -> float:
    """Logarithmic negativity log2 ||rho^{T_S}||_1 (Vidal & Werner 2002)."""
    return max(0.0, math.log2(_partial_transpose_norm(state, subsystems)))


def correlation_matrix(state: State | BellDiagonal) -> NDArray[np.float64]:
    """The 3x3 matrix T_ij = tr(rho sigma_i (x) sigma_j) of a two-qubit state."""
    rho = _two_qubit(state)
    return np.array(
        [[np.trace(rho @ np.kron(si, sj)).real for sj in _PAULIS] for si in _PAULIS],
        dtype=np.float64,
    )


def chsh_max(state: State | BellDiagonal) -> float:
    """The largest CHSH value any measurement settings reach: 2 sqrt(u1 + u2).

    u1 >= u2 are the two largest eigenvalues of T^T T (Horodecki criterion); the state
    violates a CHSH inequality iff the value exceeds 2.

    References:
        R. Horodecki, P. Horodecki, M. Horodecki, Phys. Lett. A 200, 340 (1995).
    """
    t = correlation_matrix(state)
    eigenvalues = np.sort(np.linalg.eigvalsh(t.T @ t))[::-1]
    return float(2.0 * math.sqrt(max(0.0, eigenvalues[0] + eigenvalues[1])))


def bell_fidelity(state: State | BellDiagonal) -> tuple[BellName, float]:
    """The Bell state closest to ``state`` and the fidelity with it."""
    rho = _two_qubit(state)
    overlaps = np.einsum("ib,ij,jb->b", BELL_BASIS.conj(), rho, BELL_BASIS).real
    best = int(np.argmax(overlaps))
    return list(BellName)[best], _clip_unit(float(overlaps[best]))
