"""Closed forms of Pauli noise on Bell-diagonal states.

Label the Bell states by a bit-flip bit x and a phase bit z: phi+ = (0, 0),
phi- = (0, 1), psi+ = (1, 0), psi- = (1, 1), so that the index in
:attr:`qinternet.states.BellDiagonal.coefficients` is ``2 * x + z``. A Pauli on either
qubit of a Bell state gives another Bell state up to a global phase: X flips x
(phi+- <-> psi+-), Z flips z (phi+ <-> phi-, psi+ <-> psi-) and Y = iXZ flips both.
The phases cancel in the projectors, so a one-qubit Pauli channel with probabilities
(p_I, p_X, p_Y, p_Z) maps the coefficients c to

    c'[b] = p_I c[b] + p_X c[b ^ 2] + p_Y c[b ^ 3] + p_Z c[b ^ 1],

the same on qubit 0 and qubit 1: four numbers in, four numbers out.

References:
    C. H. Bennett, D. P. DiVincenzo, J. A. Smolin, W. K. Wootters, "Mixed-state
    entanglement and quantum error correction", Phys. Rev. A 54, 3824 (1996),
    doi:10.1103/PhysRevA.54.3824.
    W. Dür, H.-J. Briegel, "Entanglement purification and quantum error correction",
    Rep. Prog. Phys. 70, 1381 (2007), doi:10.1088/0034-4885/70/8/R03.

Examples:
    >>> from qinternet.states import BellDiagonal
    >>> pauli_on_bell_diagonal(BellDiagonal((1.0, 0.0, 0.0, 0.0)), (0.7, 0.1, 0.0, 0.2))
    BellDiagonal(coefficients=(0.7, 0.2, 0.1, 0.0))
"""

from __future__ import annotations

from collections.abc import Sequence

from qinternet.core.errors import InvalidParameterError
from qinternet.states import BellDiagonal

PAULI_BELL_MASKS: tuple[int, int, int, int] = (0, 2, 3, 1)
"""XOR masks on the Bell index (2 * x + z) of the Paulis I, X, Y, Z."""

PROBABILITY_ATOL = 1e-12
"""Slack allowed on the sum of probabilities (rounding of user arithmetic)."""


def check_pauli_probabilities(
    probabilities: Sequence[float], name: str = "pauli_probabilities"
) -> tuple[float, float, float, float]:
    """Four finite probabilities (p_I, p_X, p_Y, p_Z) in [0, 1] summing to 1 (1e-12).

    Raises:
        InvalidParameterError: if there are not four, one is outside [0, 1], NaN or
            infinite, or they do not sum to 1.
    """
    try:
        values = tuple(float(p) for p in probabilities)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, probabilities, "must be four numbers") from None
    if len(values) != 4:
        raise InvalidParameterError(
            name, probabilities, "must be four numbers (p_I, p_X, p_Y, p_Z)"
        )
    if not all(0.0 <= p <= 1.0 for p in values):  # also rejects NaN
        raise InvalidParameterError(name, probabilities, "each must be a probability in [0, 1]")
    total = sum(values)
    if abs(total - 1.0) > PROBABILITY_ATOL:
        raise InvalidParameterError(name, probabilities, f"sum to {total:.15g}, not 1")
    return (values[0], values[1], values[2], values[3])


def pauli_on_bell_diagonal(state: BellDiagonal, probabilities: Sequence[float]) -> BellDiagonal:
    """The Bell-diagonal state after a one-qubit Pauli channel on either of its qubits.

    Args:
        state: the two-qubit Bell-diagonal state.
        probabilities: (p_I, p_X, p_Y, p_Z) of the Pauli channel.

    Returns:
        The new Bell-diagonal state (the result does not depend on which qubit).

    Raises:
        InvalidParameterError: if ``probabilities`` is not a probability vector of length 4.

    References:
        C. H. Bennett et al., Phys. Rev. A 54, 3824 (1996), doi:10.1103/PhysRevA.54.3824.

    Examples:
        >>> from qinternet.states import BellDiagonal
        >>> out = pauli_on_bell_diagonal(BellDiagonal.from_werner(1.0), (0.9, 0.1, 0.0, 0.0))
        >>> out.coefficient("psi+")
        0.1
    """
    probs = check_pauli_probabilities(probabilities, "probabilities")
    return BellDiagonal(_mix(state.coefficients, probs))


def _mix(
    coefficients: Sequence[float], probabilities: Sequence[float]
) -> tuple[float, float, float, float]:
    """Trusted core of :func:`pauli_on_bell_diagonal`."""
    mixed = [
        sum(
            p * coefficients[b ^ mask]
            for p, mask in zip(probabilities, PAULI_BELL_MASKS, strict=True)
        )
        for b in range(4)
    ]
    return (mixed[0], mixed[1], mixed[2], mixed[3])
