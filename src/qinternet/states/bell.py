"""Bell states, Werner states and the Bell-diagonal family.

Bell states in the computational basis (qubit 0 most significant)::

    phi+ = (|00> + |11>)/sqrt2    phi- = (|00> - |11>)/sqrt2
    psi+ = (|01> + |10>)/sqrt2    psi- = (|01> - |10>)/sqrt2

A :class:`BellDiagonal` state is ``sum_i c_i |B_i><B_i|`` with the coefficients in the
order (phi+, phi-, psi+, psi-): four numbers instead of a 4x4 matrix, the fast path of
repeater chains (Pauli noise, swapping and twirled purification keep it closed).

Examples:
    >>> state = werner(0.9)
    >>> round(float(bell_diagonal_from_density(state).fidelity), 12)
    0.9
    >>> BellDiagonal.from_werner(0.7).coefficients
    (0.7, 0.1, 0.1, 0.1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from qinternet.core.errors import InvalidParameterError, InvalidStateError, NotBellDiagonalError
from qinternet.core.validation import check_choice, check_probability
from qinternet.states._validate import STATE_ATOL, ComplexArray
from qinternet.states.types import DensityMatrix, Ket, State


class BellName(StrEnum):
    """The four Bell states, in the order of :attr:`BellDiagonal.coefficients`."""

    PHI_PLUS = "phi+"
    PHI_MINUS = "phi-"
    PSI_PLUS = "psi+"
    PSI_MINUS = "psi-"


_SQRT_HALF = 1.0 / math.sqrt(2.0)
BELL_BASIS: ComplexArray = np.array(
    [
        [_SQRT_HALF, 0, 0, _SQRT_HALF],
        [_SQRT_HALF, 0, 0, -_SQRT_HALF],
        [0, _SQRT_HALF, _SQRT_HALF, 0],
        [0, _SQRT_HALF, -_SQRT_HALF, 0],
    ],
    dtype=np.complex128,
).T
"""Columns are the Bell states phi+, phi-, psi+, psi- in the computational basis."""
BELL_BASIS.flags.writeable = False


def _bell_index(name: BellName | str) -> int:
    try:
        return list(BellName).index(BellName(name))
    except ValueError:
        names = ", ".join(repr(b.value) for b in BellName)
        raise InvalidParameterError("name", name, f"must be one of {names}") from None


def bell_state(name: BellName | str = BellName.PHI_PLUS) -> Ket:
    """The Bell state ``name`` (one of "phi+", "phi-", "psi+", "psi-") as a two-qubit Ket.

    Raises:
        InvalidParameterError: for an unknown name.
    """
    return Ket._trusted(BELL_BASIS[:, _bell_index(name)].copy(), (2, 2))


@dataclass(frozen=True)
class BellDiagonal:
    """A Bell-diagonal two-qubit state ``sum_i c_i |B_i><B_i|``.

    Args:
        coefficients: weights of (phi+, phi-, psi+, psi-); non-negative, summing to 1.

    Raises:
        InvalidStateError: if a coefficient is negative or they do not sum to 1 (1e-10).
    """

    coefficients: tuple[float, float, float, float]

    def __post_init__(self) -> None:
        try:
            values = tuple(float(c) for c in self.coefficients)
        except (TypeError, ValueError):
            raise InvalidStateError(
                "coefficients", self.coefficients, "need four finite numbers"
            ) from None
        if len(values) != 4 or not all(math.isfinite(c) for c in values):
            raise InvalidStateError("coefficients", self.coefficients, "need four finite numbers")
        if min(values) < -STATE_ATOL:
            raise InvalidStateError("coefficients", self.coefficients, "must be non-negative")
        if abs(sum(values) - 1.0) > STATE_ATOL:
            raise InvalidStateError(
                "coefficients", self.coefficients, f"sum to {sum(values):.12g}, not 1"
            )
        object.__setattr__(self, "coefficients", tuple(max(c, 0.0) for c in values))

    @classmethod
    def from_werner(cls, fidelity: float) -> BellDiagonal:
        """The Werner state of fidelity ``fidelity`` with phi+: (F, (1-F)/3, (1-F)/3, (1-F)/3)."""
        f = check_probability(fidelity, "fidelity")
        rest = (1.0 - f) / 3.0
        return cls((f, rest, rest, rest))

    @property
    def fidelity(self) -> float:
        """Fidelity with phi+ (the first coefficient)."""
        return self.coefficients[0]

    def coefficient(self, name: BellName | str) -> float:
        """The weight of the Bell state ``name``."""
        return self.coefficients[_bell_index(name)]

    def to_density(self) -> DensityMatrix:
        """The 4x4 density matrix of this state."""
        weights = np.asarray(self.coefficients, dtype=np.complex128)
        return DensityMatrix._trusted((BELL_BASIS * weights) @ BELL_BASIS.conj().T, (2, 2))


def werner(fidelity: float) -> DensityMatrix:
    """The two-qubit Werner state F|phi+><phi+| + (1-F)/3 (I - |phi+><phi+|).

    Raises:
        InvalidParameterError: if ``fidelity`` is outside [0, 1].
    """
    return BellDiagonal.from_werner(fidelity).to_density()


def _bell_basis_matrix(state: State) -> ComplexArray:
    rho = state.to_density()
    if rho.dims != (2, 2):
        raise InvalidStateError("state", rho, f"must be a two-qubit state, got dims {rho.dims}")
    return BELL_BASIS.conj().T @ rho.matrix @ BELL_BASIS


def bell_diagonal_from_density(state: State, *, atol: float = 1e-10) -> BellDiagonal:
    """The :class:`BellDiagonal` equal to ``state``.

    Raises:
        NotBellDiagonalError: if ``state`` has coherences between Bell states above ``atol``
            (use :func:`twirl` to project onto the Bell-diagonal family instead).
        InvalidStateError: if ``state`` is not a two-qubit state.
    """
    in_bell_basis = _bell_basis_matrix(state)
    off_diagonal = float(np.max(np.abs(in_bell_basis - np.diag(np.diag(in_bell_basis)))))
    if off_diagonal > atol:
        raise NotBellDiagonalError(
            f"state has Bell-basis coherence {off_diagonal:.3g} > atol={atol}; twirl it first"
        )
    return BellDiagonal(_diagonal(in_bell_basis))


def _diagonal(in_bell_basis: ComplexArray) -> tuple[float, float, float, float]:
    diagonal = np.clip(np.diag(in_bell_basis).real, 0.0, None)
    diagonal = diagonal / diagonal.sum()
    return (float(diagonal[0]), float(diagonal[1]), float(diagonal[2]), float(diagonal[3]))


class TwirlKind(StrEnum):
    """Which twirl :func:`twirl` applies."""

    BELL_DIAGONAL = "bell_diagonal"
    """Random bilateral Paulis: keeps the four Bell weights, removes coherences."""
    WERNER = "werner"
    """Random bilateral U (x) U*: keeps the phi+ fidelity, equalises the rest."""


def twirl(
    state: State | BellDiagonal, kind: TwirlKind | str = TwirlKind.BELL_DIAGONAL
) -> BellDiagonal:
    """Twirl a two-qubit state into the Bell-diagonal (or Werner) family.

    Twirling leaves the fidelity with phi+ unchanged (Bennett et al., PRL 76, 722 (1996)).

    Examples:
        >>> from qinternet.states import Ket
        >>> import numpy as np
        >>> product = Ket(np.array([1.0, 0, 0, 0]))  # |00>: half phi+, half phi-
        >>> twirl(product).coefficients
        (0.5, 0.5, 0.0, 0.0)
        >>> twirl(product, "werner").coefficients == BellDiagonal.from_werner(0.5).coefficients
        True
    """
    kind = _twirl_kind(kind)
    diagonal = (
        state
        if isinstance(state, BellDiagonal)
        else BellDiagonal(_diagonal(_bell_basis_matrix(state)))
    )
    if kind is TwirlKind.WERNER:
        return BellDiagonal.from_werner(diagonal.fidelity)
    return diagonal


def _twirl_kind(kind: Any) -> TwirlKind:
    return check_choice(kind, TwirlKind, "kind")
