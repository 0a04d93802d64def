"""Recurrence entanglement purification (BBPSSW and DEJMPS) as pure maps.

Two pairs, the *source* (A1, B1) and the *target* (A2, B2); Alice holds A1, A2 and Bob
B1, B2. Both apply a CNOT from their source qubit to their target qubit, measure the
target qubits in Z and keep the source pair if the two outcomes coincide.

- BBPSSW (Bennett et al. 1996) first twirls each pair into the Werner state of the same
  fidelity with phi+ (random bilateral rotations U (x) U*).
- DEJMPS (Deutsch et al. 1996) first applies Rx(pi/2) on Alice's qubits and Rx(-pi/2) on
  Bob's, which exchanges the weights of phi- and psi- and keeps phi+ and psi+.

Closed form on Bell-diagonal states (index ``2 x + z``, x the parity and z the phase
bit): the bilateral CNOT maps (x1, z1), (x2, z2) to (x1, z1 ^ z2), (x1 ^ x2, z2), and
coincidence keeps x1 = x2. So for source coefficients a and target coefficients b (after
the twirl or rotation) the success probability is
``p = (a0 + a1)(b0 + b1) + (a2 + a3)(b2 + b3)`` and the kept pair has
``c_(x, z) = sum_{z1 ^ z2 = z} a_(x, z1) b_(x, z2) / p``. For two Werner pairs of fidelity
F this is F' = (F^2 + r^2) / (F^2 + 2 F r + 5 r^2) with r = (1 - F)/3; for DEJMPS with
(A, B, C, D) the weights of (phi+, psi-, psi+, phi-) it is the recurrence
A' = (A^2 + B^2)/N, B' = 2CD/N, C' = (C^2 + D^2)/N, D' = 2AB/N, N = (A + B)^2 + (C + D)^2.

The output is the state right after the round (Bell-diagonal, not re-twirled); BBPSSW
twirls again at the start of its next round.

References:
    C. H. Bennett, G. Brassard, S. Popescu, B. Schumacher, J. A. Smolin, W. K. Wootters,
    "Purification of noisy entanglement and faithful teleportation via noisy channels",
    PRL 76, 722 (1996), doi:10.1103/PhysRevLett.76.722.
    D. Deutsch, A. Ekert, R. Jozsa, C. Macchiavello, S. Popescu, A. Sanpera, "Quantum
    privacy amplification and the security of quantum cryptography over noisy channels",
    PRL 77, 2818 (1996), doi:10.1103/PhysRevLett.77.2818.
    W. Dur, H.-J. Briegel, Rep. Prog. Phys. 70, 1381 (2007), doi:10.1088/0034-4885/70/8/R03.

Examples:
    >>> from qinternet.states import BellDiagonal
    >>> out = purify(BellDiagonal.from_werner(0.8), method="bbpssw")
    >>> round(out.fidelity, 6), round(out.success_probability, 6)
    (0.83815, 0.768889)
    >>> rounds_needed(0.8, 0.99, "dejmps").num_rounds
    4
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

import numpy as np

from qinternet.core.errors import InvalidParameterError, InvalidStateError, PhysicalConstraintError
from qinternet.core.validation import check_choice, check_unit_interval
from qinternet.physics.maps.swapping import CNOT, computational_blocks, two_qubit_density
from qinternet.states import (
    BellDiagonal,
    DensityMatrix,
    apply_unitary,
    bell_state,
    fidelity,
    tensor,
    twirl,
)

StateT = TypeVar("StateT", DensityMatrix, BellDiagonal)

_RX_PLUS = np.array([[1, -1j], [-1j, 1]], dtype=np.complex128) / math.sqrt(2.0)
"""Rx(pi/2) = exp(-i pi X / 4), Alice's DEJMPS rotation; Bob applies its conjugate."""
FIXED_POINT_ATOL = 1e-14
"""Largest change of the Bell coefficients in one round at which iteration has converged."""


class PurificationMethod(StrEnum):
    """Which recurrence protocol a purification round uses."""

    BBPSSW = "bbpssw"
    """Twirl to Werner, bilateral CNOTs, keep on coincidence (Bennett et al. 1996)."""
    DEJMPS = "dejmps"
    """Bilateral +-pi/2 rotations, CNOTs, keep on coincidence (Deutsch et al. 1996)."""


def _method(value: Any) -> PurificationMethod:
    return check_choice(value, PurificationMethod, "method")


@dataclass(frozen=True)
class PurificationOutcome(Generic[StateT]):
    """One purification round.

    Attributes:
        success_probability: probability that the target outcomes coincide.
        state: the kept source pair given success.

    Raises:
        InvalidParameterError: if ``success_probability`` is outside [0, 1].
    """

    success_probability: float
    state: StateT

    def __post_init__(self) -> None:
        check_unit_interval(self.success_probability, "success_probability")

    @property
    def fidelity(self) -> float:
        """Fidelity of :attr:`state` with phi+."""
        if isinstance(self.state, BellDiagonal):
            return self.state.fidelity
        return fidelity(self.state, bell_state("phi+"))


def _prepare(coefficients: tuple[float, ...], method: PurificationMethod) -> tuple[float, ...]:
    """Coefficients after BBPSSW's twirl or DEJMPS's rotations."""
    c = coefficients
    if method is PurificationMethod.BBPSSW:
        rest = (1.0 - c[0]) / 3.0
        return (c[0], rest, rest, rest)
    return (c[0], c[3], c[2], c[1])


def purify_bell_diagonal(
    first: BellDiagonal,
    second: BellDiagonal | None = None,
    method: PurificationMethod | str = PurificationMethod.DEJMPS,
) -> PurificationOutcome[BellDiagonal]:
    """One round on Bell-diagonal pairs, in closed form (the fast path).

    Args:
        first: the source pair (kept on success).
        second: the target pair (measured); default: a copy of ``first``.
        method: ``"bbpssw"`` or ``"dejmps"``.

    Returns:
        The success probability and the kept pair.

    Raises:
        InvalidParameterError: for an unknown method.
        InvalidStateError: for an input that is not a :class:`BellDiagonal`.

    Examples:
        >>> from qinternet.states import BellDiagonal
        >>> out = purify_bell_diagonal(BellDiagonal((0.7, 0.2, 0.1, 0.0)))
        >>> [round(c, 6) for c in out.state.coefficients]
        [0.844828, 0.0, 0.086207, 0.068966]
    """
    chosen = _method(method)
    second = first if second is None else second
    for name, state in (("first", first), ("second", second)):
        if not isinstance(state, BellDiagonal):
            raise InvalidStateError(name, state, "must be a BellDiagonal; use purify_density")
    a = _prepare(first.coefficients, chosen)
    b = _prepare(second.coefficients, chosen)
    success = (a[0] + a[1]) * (b[0] + b[1]) + (a[2] + a[3]) * (b[2] + b[3])
    if success <= 0.0:
        raise PhysicalConstraintError(
            "second", second, f"never passes the coincidence test with first={first}"
        )
    kept = [
        sum(a[2 * x + z1] * b[2 * x + (z1 ^ z)] for z1 in (0, 1)) / success
        for x in (0, 1)
        for z in (0, 1)
    ]
    return PurificationOutcome(
        min(success, 1.0), BellDiagonal((kept[0], kept[1], kept[2], kept[3]))
    )


def purify_density(
    first: Any, second: Any = None, method: PurificationMethod | str = PurificationMethod.DEJMPS
) -> PurificationOutcome[DensityMatrix]:
    """One round by explicit operations on the four-qubit density matrix (the oracle).

    BBPSSW twirls each pair with :func:`~qinternet.states.twirl`; DEJMPS applies the
    rotations with :func:`~qinternet.states.apply_unitary`. Then bilateral CNOTs, the Z
    measurement of the target pair (projection and partial trace) and post-selection on
    the outcomes 00 and 11.

    Args:
        first: the source pair (Ket, DensityMatrix or BellDiagonal of two qubits).
        second: the target pair; default: a copy of ``first``.
        method: ``"bbpssw"`` or ``"dejmps"``.

    Raises:
        InvalidStateError: if a pair is not a two-qubit state.
        PhysicalConstraintError: if the coincidence never happens.

    Examples:
        >>> from qinternet.states import werner
        >>> out = purify_density(werner(0.8), method="bbpssw")
        >>> round(out.fidelity, 6)
        0.83815
    """
    chosen = _method(method)
    source = two_qubit_density(first, "first")
    target = source if second is None else two_qubit_density(second, "second")
    if chosen is PurificationMethod.BBPSSW:
        source = twirl(source, "werner").to_density()
        target = twirl(target, "werner").to_density()
    joint = tensor(source, target).to_density()  # qubits (A1, B1, A2, B2)
    if chosen is PurificationMethod.DEJMPS:
        for qubit, rotation in (
            (0, _RX_PLUS),
            (2, _RX_PLUS),
            (1, _RX_PLUS.conj()),
            (3, _RX_PLUS.conj()),
        ):
            joint = apply_unitary(joint, rotation, [qubit])
    joint = apply_unitary(apply_unitary(joint, CNOT, [0, 2]), CNOT, [1, 3])
    blocks, _ = computational_blocks(joint, (2, 3))
    kept = blocks[0] + blocks[3]  # target outcomes 00 and 11
    success = float(np.trace(kept).real)
    if success <= 0.0:
        raise PhysicalConstraintError(
            "second", second, "never passes the coincidence test with this source pair"
        )
    return PurificationOutcome(min(success, 1.0), DensityMatrix._trusted(kept / success, (2, 2)))


def purify(
    first: Any, second: Any = None, method: PurificationMethod | str = PurificationMethod.DEJMPS
) -> PurificationOutcome[BellDiagonal] | PurificationOutcome[DensityMatrix]:
    """One round: the closed form for Bell-diagonal pairs, density matrices otherwise."""
    if isinstance(first, BellDiagonal) and (second is None or isinstance(second, BellDiagonal)):
        return purify_bell_diagonal(first, second, method)
    return purify_density(first, second, method)


@dataclass(frozen=True)
class PurificationSchedule:
    """What :func:`rounds_needed` returns.

    Attributes:
        method: the protocol.
        num_rounds: rounds of recurrence (each on two copies of the previous output).
        fidelities: fidelity with phi+ before the first and after every round.
        success_probabilities: success probability of every round.

    Raises:
        InvalidParameterError: if the lengths do not match ``num_rounds``.
    """

    method: PurificationMethod
    num_rounds: int
    fidelities: tuple[float, ...]
    success_probabilities: tuple[float, ...]

    def __post_init__(self) -> None:
        if not len(self.success_probabilities) == self.num_rounds == len(self.fidelities) - 1:
            raise InvalidParameterError(
                "num_rounds", self.num_rounds, "must match the fidelities and probabilities"
            )

    @property
    def expected_pairs(self) -> float:
        """Expected number of input pairs per output pair, prod_i 2 / p_i (Wald's identity)."""
        return math.prod(2.0 / p for p in self.success_probabilities)


def rounds_needed(
    initial: float | BellDiagonal,
    target_fidelity: float,
    method: PurificationMethod | str = PurificationMethod.DEJMPS,
    *,
    max_rounds: int = 1000,
) -> PurificationSchedule:
    """The number of recurrence rounds that lift ``initial`` to ``target_fidelity``.

    Args:
        initial: a Werner fidelity with phi+ or a Bell-diagonal state.
        target_fidelity: the fidelity wanted, in [0, 1].
        method: ``"bbpssw"`` or ``"dejmps"``.
        max_rounds: give up after this many rounds.

    Returns:
        The schedule (0 rounds if ``initial`` already reaches the target).

    Raises:
        PhysicalConstraintError: naming ``target_fidelity`` if purification cannot reach
            it: the state is separable (no Bell weight above 1/2; for BBPSSW, which twirls,
            F <= 1/2), the target is 1 (reached only in the limit of infinitely many
            rounds), the recurrence settles at a lower fixed point, or ``max_rounds``
            rounds do not suffice.
        InvalidParameterError: for a fidelity outside [0, 1] or a bad method.

    Examples:
        >>> schedule = rounds_needed(0.8, 0.95, "bbpssw")
        >>> schedule.num_rounds, round(schedule.fidelities[-1], 6)
        (5, 0.950008)
        >>> rounds_needed(0.5, 0.6, "bbpssw")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qinternet.core.errors.PhysicalConstraintError: target_fidelity=0.6: unreachable by bbpssw from F=0.5: ...
    """
    chosen = _method(method)
    target = check_unit_interval(target_fidelity, "target_fidelity")
    if isinstance(initial, BellDiagonal):
        state = initial
    else:
        state = BellDiagonal.from_werner(check_unit_interval(initial, "initial"))
    if isinstance(max_rounds, bool) or not isinstance(max_rounds, int) or max_rounds < 0:
        raise InvalidParameterError("max_rounds", max_rounds, "must be an integer >= 0")
    fidelities, probabilities = [state.fidelity], []

    def unreachable(reason: str) -> PhysicalConstraintError:
        return PhysicalConstraintError(
            "target_fidelity",
            target_fidelity,
            f"unreachable by {chosen.value} from F={fidelities[0]:.12g}: {reason}",
        )

    if state.fidelity >= target:
        return PurificationSchedule(chosen, 0, tuple(fidelities), ())
    entangled = state.fidelity if chosen is PurificationMethod.BBPSSW else max(state.coefficients)
    if entangled <= 0.5:
        raise unreachable(
            "the state is separable (no Bell weight above 1/2 after the twirl or rotation), "
            "and no local operations can raise its fidelity above 1/2"
        )
    if target >= 1.0:
        raise unreachable("fidelity 1 is reached only after infinitely many rounds")
    for _ in range(max_rounds):
        outcome = purify_bell_diagonal(state, state, chosen)
        change = max(
            abs(x - y) for x, y in zip(outcome.state.coefficients, state.coefficients, strict=True)
        )
        state = outcome.state
        fidelities.append(state.fidelity)
        probabilities.append(outcome.success_probability)
        if state.fidelity >= target:
            return PurificationSchedule(
                chosen, len(probabilities), tuple(fidelities), tuple(probabilities)
            )
        if change < FIXED_POINT_ATOL:
            raise unreachable(
                f"the recurrence settles at a fixed point of fidelity {state.fidelity:.12g}"
            )
    raise unreachable(f"fidelity {state.fidelity:.12g} after max_rounds={max_rounds} rounds")
