"""Quantum channels as Kraus operators, with the Pauli closed form for Bell-diagonal states.

A :class:`Channel` is a completely positive, trace-preserving map
rho -> sum_k K_k rho K_k^dagger on one subsystem (a qubit, a qutrit, a truncated Fock
mode). Kraus operators may change the dimension (:func:`erasure` maps a qubit to a
qutrit). A one-qubit channel that is a mixture of Paulis also carries its Pauli
probabilities (p_I, p_X, p_Y, p_Z), so that it acts on a
:class:`~qinternet.states.BellDiagonal` state as four numbers in, four numbers out.

References:
    M. A. Nielsen, I. L. Chuang, *Quantum Computation and Quantum Information*
    (Cambridge University Press, 2000), ch. 8, doi:10.1017/CBO9780511976667.

Examples:
    >>> from qinternet.noise import dephasing, depolarizing
    >>> from qinternet.states import BellDiagonal, bell_state, fidelity
    >>> rho = depolarizing(0.2).apply(bell_state("phi+"), [0])
    >>> round(fidelity(rho, bell_state("phi+")), 12)
    0.85
    >>> dephasing(0.1).apply_bell_diagonal(BellDiagonal.from_werner(1.0), qubit=1)
    BellDiagonal(coefficients=(0.9, 0.1, 0.0, 0.0))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidParameterError,
    NotBellDiagonalError,
)
from qinternet.noise.bell_diagonal import _mix, check_pauli_probabilities
from qinternet.states import BellDiagonal, DensityMatrix, State, apply_kraus, check_kraus

ComplexArray = NDArray[np.complex128]


class Pauli(IntEnum):
    """The one-qubit Paulis, in the order of :attr:`Channel.pauli_probabilities`."""

    I = 0  # noqa: E741 (the identity Pauli has this name everywhere)
    X = 1
    Y = 2
    Z = 3


def _frozen(array: Any) -> ComplexArray:
    frozen = np.array(array, dtype=np.complex128)
    frozen.flags.writeable = False
    return frozen


PAULI_MATRICES: tuple[ComplexArray, ComplexArray, ComplexArray, ComplexArray] = (
    _frozen([[1, 0], [0, 1]]),
    _frozen([[0, 1], [1, 0]]),
    _frozen([[0, -1j], [1j, 0]]),
    _frozen([[1, 0], [0, -1]]),
)
"""I, X, Y, Z as read-only 2x2 arrays (indexed by :class:`Pauli`)."""

PAULI_DETECTION_ATOL = 1e-13
"""Largest off-diagonal element of the Pauli process matrix chi for which a qubit channel
given only by Kraus operators counts as a Pauli channel (a few hundred ulps: the
rounding of products and eigendecompositions of Kraus operators)."""

PAULI_CONSISTENCY_ATOL = 1e-10
"""Largest mismatch allowed between given Pauli probabilities and the Kraus operators."""


def _pauli_process_matrix(kraus_operators: Sequence[ComplexArray]) -> ComplexArray:
    """chi with E(rho) = sum_ab chi_ab P_a rho P_b^dagger for a qubit channel."""
    basis = np.stack(PAULI_MATRICES)
    # K = sum_a c_a P_a with c_a = tr(P_a^dagger K) / 2 (the Paulis are Hermitian).
    coefficients = np.einsum("aij,kji->ka", basis.conj().transpose(0, 2, 1), kraus_operators) / 2
    return np.asarray(coefficients.T @ coefficients.conj(), dtype=np.complex128)


def _detect_pauli(
    kraus_operators: Sequence[ComplexArray],
) -> tuple[float, float, float, float] | None:
    chi = _pauli_process_matrix(kraus_operators)
    off_diagonal = chi - np.diag(np.diag(chi))
    if float(np.max(np.abs(off_diagonal))) > PAULI_DETECTION_ATOL:
        return None
    diagonal = np.clip(np.diag(chi).real, 0.0, None)
    diagonal = diagonal / diagonal.sum()
    return (float(diagonal[0]), float(diagonal[1]), float(diagonal[2]), float(diagonal[3]))


def _compose_pauli(
    first: Sequence[float], second: Sequence[float]
) -> tuple[float, float, float, float]:
    """Pauli probabilities of ``first`` followed by ``second`` (products up to phase)."""
    # With the labels I=0, X=1, Y=2, Z=3 the product of two Paulis is, up to a phase,
    # the Pauli labelled by the XOR of their labels (X.Y ~ Z: 1 ^ 2 = 3).
    out = [0.0, 0.0, 0.0, 0.0]
    for a, p in enumerate(first):
        for b, q in enumerate(second):
            out[a ^ b] += p * q
    return (out[0], out[1], out[2], out[3])


def _minimal_kraus(kraus_operators: Sequence[NDArray[Any]]) -> list[NDArray[Any]]:
    """An equivalent set of at most d_out * d_in Kraus operators (from the Choi matrix)."""
    d_out, d_in = kraus_operators[0].shape
    vectors = np.stack([k.reshape(-1) for k in kraus_operators])
    choi = vectors.T @ vectors.conj()
    values, eigenvectors = np.linalg.eigh(choi)
    keep = values > 1e-14 * d_in
    return [
        math.sqrt(float(v)) * eigenvectors[:, i].reshape(d_out, d_in)
        for i, v in zip(np.flatnonzero(keep), values[keep], strict=True)
    ]


@dataclass(frozen=True, eq=False)
class Channel:
    """A completely positive, trace-preserving map on one subsystem, given by Kraus operators.

    Args:
        kraus_operators: matrices K_k of equal shape (d_out, d_in) with
            sum_k K_k^dagger K_k = I (within 1e-10); all-zero operators are dropped.
        name: a label for printing (for example ``"dephasing(p=0.1)"``).
        pauli_probabilities: (p_I, p_X, p_Y, p_Z) for a one-qubit Pauli channel. Optional:
            when omitted it is derived from the Kraus operators (``None`` for channels
            that are not Pauli channels, such as amplitude damping).

    Raises:
        InvalidChannelError: if the operators are not trace preserving.
        DimensionMismatchError: if there are none or their shapes differ.
        InvalidParameterError: if ``pauli_probabilities`` is not a probability vector or
            does not describe the Kraus operators.

    References:
        M.-D. Choi, "Completely positive linear maps on complex matrices", Linear Algebra
        Appl. 10, 285 (1975), doi:10.1016/0024-3795(75)90075-0.

    Examples:
        >>> import numpy as np
        >>> flip = Channel([np.sqrt(0.9) * np.eye(2), np.sqrt(0.1) * PAULI_MATRICES[Pauli.X]])
        >>> flip.pauli_probabilities
        (0.9, 0.1, 0.0, 0.0)
        >>> (flip.input_dim, flip.output_dim, flip.num_kraus)
        (2, 2, 2)
    """

    kraus_operators: Sequence[NDArray[Any]]
    name: str = "channel"
    pauli_probabilities: tuple[float, float, float, float] | None = None

    def __post_init__(self) -> None:
        raw = self.kraus_operators
        listed = [raw] if isinstance(raw, np.ndarray) and raw.ndim == 2 else list(raw)
        shape = np.shape(listed[0]) if listed else ()
        input_dim = int(shape[1]) if len(shape) == 2 else 1
        checked = check_kraus(listed, input_dim, "kraus_operators")
        operators = tuple(_frozen(k) for k in checked if np.any(k != 0))
        object.__setattr__(self, "kraus_operators", operators)
        if not isinstance(self.name, str):
            raise InvalidParameterError("name", self.name, "must be a string")
        is_qubit = operators[0].shape == (2, 2)
        if self.pauli_probabilities is None:
            derived = _detect_pauli(operators) if is_qubit else None
            object.__setattr__(self, "pauli_probabilities", derived)
            return
        probs = check_pauli_probabilities(self.pauli_probabilities)
        if not is_qubit:
            raise InvalidParameterError(
                "pauli_probabilities", probs, "given for a channel that does not act on a qubit"
            )
        mismatch = float(np.max(np.abs(_pauli_process_matrix(operators) - np.diag(probs))))
        if mismatch > PAULI_CONSISTENCY_ATOL:
            raise InvalidParameterError(
                "pauli_probabilities",
                probs,
                f"do not describe the Kraus operators (process matrix differs by {mismatch:.3g})",
            )
        object.__setattr__(self, "pauli_probabilities", probs)

    @property
    def input_dim(self) -> int:
        """Dimension of the subsystem the channel acts on."""
        return int(self.kraus_operators[0].shape[1])

    @property
    def output_dim(self) -> int:
        """Dimension of the subsystem the channel outputs."""
        return int(self.kraus_operators[0].shape[0])

    @property
    def num_kraus(self) -> int:
        """Number of (non-zero) Kraus operators."""
        return len(self.kraus_operators)

    @property
    def is_pauli(self) -> bool:
        """Whether this is a one-qubit Pauli channel (keeps Bell-diagonal states Bell-diagonal)."""
        return self.pauli_probabilities is not None

    def apply(self, state: State | BellDiagonal, targets: Sequence[int] | int) -> DensityMatrix:
        """The state after the channel acts on the subsystems ``targets``.

        If every target has dimension :attr:`input_dim`, the channel acts on each target
        separately (a one-qubit channel on ``[0, 2]`` acts on qubit 0 and on qubit 2).
        Otherwise a dimension-preserving channel whose :attr:`input_dim` is the product of
        the targets' dimensions acts on them jointly.

        Raises:
            DimensionMismatchError: if the targets repeat, are out of range or do not fit
                the channel's input dimension.

        Examples:
            >>> from qinternet.states import bell_state
            >>> from qinternet.noise import amplitude_damping
            >>> rho = amplitude_damping(1.0).apply(bell_state("phi+"), [0, 1])
            >>> round(float(rho.matrix[0, 0].real), 12)  # both qubits decayed to |00>
            1.0
        """
        rho = state.to_density()
        chosen = self._targets(targets, rho.num_subsystems)
        dims = [rho.dims[t] for t in chosen]
        if all(d == self.input_dim for d in dims):
            for t in chosen:
                rho = apply_kraus(rho, self.kraus_operators, [t], output_dims=[self.output_dim])
            return rho
        if math.prod(dims) == self.input_dim and self.output_dim == self.input_dim:
            return apply_kraus(rho, self.kraus_operators, chosen)
        raise DimensionMismatchError(
            "targets",
            targets,
            f"subsystems of dimensions {tuple(dims)} do not fit channel {self.name!r} "
            f"on dimension {self.input_dim}",
        )

    @staticmethod
    def _targets(targets: Sequence[int] | int, num_subsystems: int) -> tuple[int, ...]:
        raw = (targets,) if isinstance(targets, int | np.integer) else tuple(targets)
        chosen = tuple(int(t) for t in raw)
        if not chosen or len(set(chosen)) != len(chosen):
            raise DimensionMismatchError(
                "targets", targets, "must name at least one subsystem, none twice"
            )
        if not all(0 <= t < num_subsystems for t in chosen):
            raise DimensionMismatchError(
                "targets", targets, f"indices must lie in 0..{num_subsystems - 1}"
            )
        return chosen

    def apply_bell_diagonal(self, state: BellDiagonal, qubit: int) -> BellDiagonal:
        """The Bell-diagonal state after this Pauli channel acts on ``qubit`` (0 or 1).

        Closed form: the four coefficients are mixed by the Pauli probabilities (see
        :mod:`qinternet.noise.bell_diagonal`); the result is the same for either qubit.

        Raises:
            NotBellDiagonalError: if this is not a one-qubit Pauli channel (e.g. amplitude
                damping), which would take the state out of the Bell-diagonal family.
            InvalidParameterError: if ``qubit`` is not 0 or 1 or ``state`` is not a
                :class:`~qinternet.states.BellDiagonal`.

        References:
            C. H. Bennett et al., Phys. Rev. A 54, 3824 (1996), doi:10.1103/PhysRevA.54.3824.

        Examples:
            >>> from qinternet.states import BellDiagonal
            >>> from qinternet.noise import depolarizing
            >>> bd = depolarizing(0.4).apply_bell_diagonal(BellDiagonal.from_werner(1.0), 0)
            >>> [round(c, 12) for c in bd.coefficients]
            [0.7, 0.1, 0.1, 0.1]
        """
        if not isinstance(state, BellDiagonal):
            raise InvalidParameterError(
                "state", state, "must be a BellDiagonal; use Channel.apply for other states"
            )
        if (
            isinstance(qubit, bool)
            or not isinstance(qubit, int | np.integer)
            or qubit not in (0, 1)
        ):
            raise InvalidParameterError("qubit", qubit, "must be 0 or 1")
        if self.pauli_probabilities is None:
            raise NotBellDiagonalError(
                f"channel {self.name!r} ({self.input_dim} -> {self.output_dim} dimensions) is "
                "not a one-qubit Pauli channel, so it takes Bell-diagonal states out of the "
                "Bell-diagonal family; apply it with Channel.apply(state.to_density(), "
                "[qubit]) instead"
            )
        return BellDiagonal(_mix(state.coefficients, self.pauli_probabilities))

    def then(self, other: Channel) -> Channel:
        """The channel that applies ``self`` first and ``other`` second.

        Kraus operators are the products B_j A_i, reduced to at most d_in * d_out
        operators (via the Choi matrix) when there are more.

        Raises:
            DimensionMismatchError: if ``other`` does not take this channel's output.

        Examples:
            >>> from qinternet.noise import dephasing
            >>> both = dephasing(0.1).then(dephasing(0.2))
            >>> [round(p, 12) for p in both.pauli_probabilities]  # 0.1*0.8 + 0.9*0.2
            [0.74, 0.0, 0.0, 0.26]
        """
        if not isinstance(other, Channel):
            raise InvalidParameterError("other", other, "must be a Channel")
        if other.input_dim != self.output_dim:
            raise DimensionMismatchError(
                "other",
                other,
                f"takes dimension {other.input_dim}, but {self.name!r} outputs "
                f"dimension {self.output_dim}",
            )
        products = [b @ a for a in self.kraus_operators for b in other.kraus_operators]
        if len(products) > self.input_dim * other.output_dim:
            products = _minimal_kraus(products)
        pauli = (
            _compose_pauli(self.pauli_probabilities, other.pauli_probabilities)
            if self.pauli_probabilities is not None and other.pauli_probabilities is not None
            else None
        )
        return Channel(products, name=f"{self.name} then {other.name}", pauli_probabilities=pauli)

    def compose(self, other: Channel) -> Channel:
        """The composition ``self o other``: ``other`` acts first, then ``self``.

        Same as ``other.then(self)``.

        Examples:
            >>> from qinternet.noise import amplitude_damping
            >>> damp = amplitude_damping(0.5)
            >>> round(float(damp.compose(damp).kraus_operators[0][1, 1].real), 12)
            0.5
        """
        return other.then(self)

    def choi_matrix(self) -> ComplexArray:
        """The Choi matrix J = sum_ij |i><j| (x) E(|i><j|) (input factor first).

        Hermitian and positive semidefinite (complete positivity) with trace d_in and
        partial trace over the output equal to the identity (trace preservation).

        Examples:
            >>> import numpy as np
            >>> from qinternet.noise import dephasing
            >>> np.round(dephasing(0.5).choi_matrix().real, 3)
            array([[1., 0., 0., 0.],
                   [0., 0., 0., 0.],
                   [0., 0., 0., 0.],
                   [0., 0., 0., 1.]])
        """
        ops = np.stack(self.kraus_operators)
        d = self.input_dim * self.output_dim
        return np.asarray(
            np.einsum("kai,kbj->iajb", ops, ops.conj()).reshape(d, d), dtype=np.complex128
        )

    def __repr__(self) -> str:
        return (
            f"Channel(name={self.name!r}, input_dim={self.input_dim}, "
            f"output_dim={self.output_dim}, num_kraus={self.num_kraus}, "
            f"pauli_probabilities={self.pauli_probabilities})"
        )
