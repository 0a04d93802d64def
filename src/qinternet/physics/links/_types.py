"""The record every link-layer function returns, and the detector kind its schemes share.

A heralded link attempt ends in one of several heralding patterns (which detector
clicked, in which round); each pattern leaves the two memories in its own state, equal
to a target Bell state up to a local Pauli correction. :class:`LinkOutcome` keeps every
pattern (:class:`HeraldBranch`), the total success probability per attempt, and, as its
headline, the state and target of the first pattern. Fidelities are computed from the
states on every access, never stored.

Examples:
    >>> from qinternet.states import bell_state, werner
    >>> outcome = LinkOutcome(
    ...     success_probability=0.1,
    ...     heralded_state=werner(0.9),
    ...     target=bell_state("phi+"),
    ...     target_name="phi+",
    ...     attempt_duration_s=1e-6,
    ... )
    >>> round(outcome.fidelity, 12)
    0.9
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.core.validation import check_choice, check_finite, check_non_negative
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S, Fibre
from qinternet.states import DensityMatrix, Ket, fidelity


class DetectorKind(StrEnum):
    """How a detector reports photons."""

    THRESHOLD = "threshold"
    """Clicks for one or more photons (an avalanche photodiode)."""
    NUMBER_RESOLVING = "number_resolving"
    """Reports the photon number (a superconducting number-resolving detector)."""


def detector_kind(value: Any) -> DetectorKind:
    """``value`` as a :class:`DetectorKind`."""
    return check_choice(value, DetectorKind, "detector")


def fibre_delay_s(
    length_m: float, name: str, group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S
) -> float:
    """Time a photon needs through ``length_m`` of fibre: the :class:`Fibre`'s delay.

    A negative or non-finite length is refused under the caller's parameter ``name``.

    Examples:
        >>> fibre_delay_s(1_000.0, "loop_length_m", group_velocity_m_per_s=1.25e8)
        8e-06
    """
    length = check_non_negative(length_m, name)
    return Fibre(length, group_velocity_m_per_s=group_velocity_m_per_s).delay_s


def midpoint_attempt_duration_s(
    arm_length_m: float,
    preparation_time_s: float,
    *,
    group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S,
) -> float:
    """Duration of one attempt with a station ``arm_length_m`` from each node.

    The photon travels to the station and the heralding message travels back, so an
    attempt takes ``preparation_time_s + 2 * arm_length_m / v`` with ``v`` the fibre's
    group velocity (:attr:`Fibre.group_velocity_m_per_s`, 2e8 m/s by default).

    Examples:
        >>> midpoint_attempt_duration_s(5_000.0, 1e-6)
        5.1e-05
        >>> midpoint_attempt_duration_s(5_000.0, 0.0, group_velocity_m_per_s=1e8)
        0.0001
    """
    arm_delay_s = fibre_delay_s(arm_length_m, "arm_length_m", group_velocity_m_per_s)
    preparation = check_non_negative(preparation_time_s, "preparation_time_s")
    return preparation + 2.0 * arm_delay_s


@dataclass(frozen=True)
class HeraldBranch:
    """One heralding pattern of a link attempt.

    Attributes:
        pattern: the detector record, e.g. ``"A"`` (detector A clicked) or ``"AB"``
            (A in round 1, B in round 2).
        probability: probability per attempt of this pattern.
        state: the memories' state given this pattern.
        target: the Bell state this pattern heralds (before Pauli correction).
        target_name: a name for the target, e.g. ``"psi+"``.
    """

    pattern: str
    probability: float
    state: DensityMatrix
    target: Ket
    target_name: str

    @classmethod
    def heralded(
        cls, pattern: str, rho: Any, probability: float, target: Ket, target_name: str
    ) -> HeraldBranch:
        """The branch whose unnormalised state is ``rho`` (trace ``probability``): its
        state is ``rho / probability``, or the maximally mixed state if nothing heralds.

        Examples:
            >>> import numpy as np
            >>> from qinternet.states import bell_state
            >>> rho = 0.2 * bell_state("psi+").to_density().matrix
            >>> branch = HeraldBranch.heralded("A", rho, 0.2, bell_state("psi+"), "psi+")
            >>> round(branch.fidelity, 12)
            1.0
            >>> empty = HeraldBranch.heralded("B", 0 * rho, 0.0, bell_state("psi-"), "psi-")
            >>> np.round(empty.state.matrix.diagonal().real, 12)
            array([0.25, 0.25, 0.25, 0.25])
        """
        if probability <= 0.0:
            state = DensityMatrix.maximally_mixed(target.dims)
        else:
            state = DensityMatrix(rho / probability, dims=target.dims)
        return cls(pattern, probability, state, target, target_name)

    @property
    def fidelity(self) -> float:
        """Fidelity of :attr:`state` with :attr:`target`, computed from the state."""
        return fidelity(self.state, self.target)


@dataclass(frozen=True)
class LinkOutcome:
    """The result of a link-layer scheme, per attempt.

    Attributes:
        success_probability: probability that an attempt heralds (summed over patterns).
        heralded_state: the memories' state for the first heralding pattern.
        target: the ideal state that pattern heralds.
        target_name: its name.
        attempt_duration_s: the time one attempt takes, s.
        branches: every heralding pattern with its probability and state.
        truncation_error: discarded probability mass of a truncated Fock-space model
            (0 for exact models); see the scheme for what it bounds.

    Raises:
        InvalidParameterError: for a probability outside [0, 1] or a negative duration.
        DimensionMismatchError: if ``target`` and ``heralded_state`` differ in dims.
    """

    success_probability: float
    heralded_state: DensityMatrix
    target: Ket
    target_name: str
    attempt_duration_s: float
    branches: tuple[HeraldBranch, ...] = ()
    truncation_error: float = 0.0

    def __post_init__(self) -> None:
        probability = check_finite(self.success_probability, "success_probability")
        if not -1e-12 <= probability <= 1.0 + 1e-12:
            raise InvalidParameterError(
                "success_probability", self.success_probability, "must lie in [0, 1]"
            )
        object.__setattr__(self, "success_probability", min(max(probability, 0.0), 1.0))
        check_non_negative(self.attempt_duration_s, "attempt_duration_s")
        if self.target.dims != self.heralded_state.dims:
            raise DimensionMismatchError(
                "target",
                self.target,
                f"has dims {self.target.dims}, the state has {self.heralded_state.dims}",
            )

    @classmethod
    def from_branches(
        cls,
        branches: Sequence[HeraldBranch],
        attempt_duration_s: float,
        truncation_error: float = 0.0,
    ) -> LinkOutcome:
        """The outcome of ``branches`` (at least one): their summed probability, the
        first branch as headline.

        Examples:
            >>> from qinternet.states import bell_state, werner
            >>> branches = [
            ...     HeraldBranch(p, 0.1, werner(0.9), bell_state("phi+"), "phi+") for p in "AB"
            ... ]
            >>> outcome = LinkOutcome.from_branches(branches, attempt_duration_s=1e-6)
            >>> outcome.success_probability, outcome.target_name, len(outcome.branches)
            (0.2, 'phi+', 2)
        """
        head = branches[0]
        return cls(
            success_probability=sum(b.probability for b in branches),
            heralded_state=head.state,
            target=head.target,
            target_name=head.target_name,
            attempt_duration_s=attempt_duration_s,
            branches=tuple(branches),
            truncation_error=truncation_error,
        )

    @property
    def fidelity(self) -> float:
        """Fidelity of :attr:`heralded_state` with :attr:`target`, computed from the state."""
        return fidelity(self.heralded_state, self.target)

    @property
    def mean_fidelity(self) -> float:
        """Fidelity averaged over the heralding patterns (each against its own target),
        weighted by their probabilities: the fidelity after Pauli-frame correction."""
        total = sum(b.probability for b in self.branches)
        if not self.branches or total <= 0.0:
            return self.fidelity
        return sum(b.probability * b.fidelity for b in self.branches) / total
