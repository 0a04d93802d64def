"""Barrett-Kok two-photon heralded entanglement between two emitters.

Both spins start in ``(|0> + |1>)/sqrt2``; the bright state ``|1>`` emits one photon.
Round 1: the photons meet on a 50/50 splitter and one detector must click. A pi pulse
then flips both spins (``X (x) X``) and round 2 repeats the emission and detection.
Only the spin states ``|01>`` and ``|10>`` can give one photon in each round, so the
heralded state is ``psi+`` when the same detector clicked twice (patterns ``"AA"``,
``"BB"``) and ``psi-`` when different detectors clicked (``"AB"``, ``"BA"``), whatever
the losses: for ideal photons the fidelity is 1 and the success probability is
``p = eta_0 eta_1 / 2`` (``eta^2 / 2`` for equal arms).

Both rounds are computed in the photon-number basis (:mod:`._heralding`), the mixed
state after round 1 carried into round 2, so dark counts, threshold versus
number-resolving detectors and distinguishable photons (HOM visibility ``V``; ideal
counts otherwise give ``F = (1 + V) / 2``) enter the density matrix exactly.

Initialisation error ``e_j`` (optional): with probability ``e_j`` node ``j``'s reset
leaves ``|1>``, and the pi/2 rotation prepares ``(|0> - |1>)/sqrt2`` instead of
``(|0> + |1>)/sqrt2`` (the orthogonal state, whatever the rotation axis). The spins enter
the model as the mixture over the four flip patterns. One flipped spin turns the
heralded ``psi+`` into ``psi-`` and back, at the same rate, so for ideal counts
``p`` is unchanged and ``F = (1 + V (1 - 2 e_0)(1 - 2 e_1)) / 2``.

References:
    S. D. Barrett, P. Kok, "Efficient high-fidelity quantum computation using matter
    qubits and linear optics", Phys. Rev. A 71, 060310(R) (2005),
    doi:10.1103/PhysRevA.71.060310.

Examples:
    >>> link = barrett_kok_link(0.1)
    >>> round(link.success_probability, 15), round(link.fidelity, 12)
    (0.005, 1.0)
    >>> [(b.pattern, b.target_name) for b in link.branches]
    [('AA', 'psi+'), ('AB', 'psi-'), ('BA', 'psi-'), ('BB', 'psi+')]
"""

from __future__ import annotations

import math

import numpy as np

from qinternet.core.validation import check_pair, check_unit_interval
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S
from qinternet.physics.links._heralding import (
    INTERNAL_DETECTORS,
    INTERNAL_SPLITTER,
    ComplexArray,
    herald,
    spin_photon_vectors,
    to_vectors,
)
from qinternet.physics.links._types import (
    DetectorKind,
    HeraldBranch,
    LinkOutcome,
    detector_kind,
    midpoint_attempt_duration_s,
)
from qinternet.states import bell_state

__all__ = ["barrett_kok_link"]

_CLICKS = {"A": (True, False), "B": (False, True)}
_FLIP_BOTH = np.array([3, 2, 1, 0])  # |s0 s1> -> |1-s0, 1-s1>


def barrett_kok_link(
    efficiency: float | tuple[float, float],
    *,
    detector: DetectorKind | str = DetectorKind.THRESHOLD,
    dark_count_probability: float = 0.0,
    visibility: float = 1.0,
    arm_length_m: float = 0.0,
    group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S,
    preparation_time_s: float = 0.0,
    initialisation_error: float | tuple[float, float] = 0.0,
) -> LinkOutcome:
    """Success probability and heralded two-spin state of one Barrett-Kok attempt.

    Args:
        efficiency: photon detection efficiency per arm and round (emission x
            collection x fibre x detector), in [0, 1]; one number or a pair.
        detector: ``"threshold"`` (default) or ``"number_resolving"``.
        dark_count_probability: dark-count probability per detector and round, [0, 1].
        visibility: two-photon (HOM) visibility ``|<phi_0|phi_1>|^2``, in [0, 1].
        arm_length_m: node-to-station fibre length, m.
        group_velocity_m_per_s: the arm fibre's group velocity, m/s (default: a
            :class:`~qinternet.physics.devices.Fibre`'s).
        preparation_time_s: spin preparation and the two emission rounds, s.
        initialisation_error: probability that a spin's reset leaves it in ``|1>`` (a
            bit flip before the pi/2 rotation), in [0, 1]; one number or a pair
            (``1 - Memory.initialisation_fidelity``). Default 0: perfect reset.

    Returns:
        A :class:`LinkOutcome`; the headline is pattern ``"AA"`` (target psi+). An
        attempt takes two photon round trips to the station (both rounds are heralded
        before the link is declared), plus ``preparation_time_s``.

    Raises:
        InvalidParameterError: naming the parameter for a value outside its range.

    References:
        S. D. Barrett, P. Kok, Phys. Rev. A 71, 060310(R) (2005),
        doi:10.1103/PhysRevA.71.060310.

    Examples:
        >>> round(barrett_kok_link(0.5, visibility=0.9).fidelity, 12)  # (1 + V)/2
        0.95
        >>> round(barrett_kok_link(0.5, initialisation_error=0.01).fidelity, 12)
        0.9802
    """
    etas = check_pair(efficiency, "efficiency", check_unit_interval)
    kind = detector_kind(detector)
    dark = check_unit_interval(dark_count_probability, "dark_count_probability")
    overlap = math.sqrt(check_unit_interval(visibility, "visibility"))
    one_round = midpoint_attempt_duration_s(
        arm_length_m, 0.0, group_velocity_m_per_s=group_velocity_m_per_s
    )
    duration = 2.0 * one_round + midpoint_attempt_duration_s(0.0, preparation_time_s)
    transmissions = (etas[0], etas[0], etas[1], etas[1])
    flips = check_pair(initialisation_error, "initialisation_error", check_unit_interval)
    plus = _initial_spins(flips)

    def run(spins: ComplexArray, first: str) -> ComplexArray:
        vectors = spin_photon_vectors(spins, overlap)
        return herald(
            vectors,
            4,
            2,
            transmissions,
            INTERNAL_SPLITTER,
            INTERNAL_DETECTORS,
            _CLICKS[first],
            kind,
            dark,
        )

    branches = []
    for first in "AB":
        after_first = to_vectors(run(plus, first))
        flipped = after_first[:, _FLIP_BOTH] if after_first.size else after_first
        for second in "AB":
            rho = run(flipped, second) if flipped.size else np.zeros((4, 4), dtype=np.complex128)
            probability = float(np.trace(rho).real)
            name = "psi+" if first == second else "psi-"
            branches.append(
                HeraldBranch.heralded(first + second, rho, probability, bell_state(name), name)
            )
    return LinkOutcome.from_branches(branches, duration)


def _initial_spins(flips: tuple[float, float]) -> ComplexArray:
    """Rows ``sqrt(w) |s_0>|s_1>`` over the flip patterns, ``|s_j> = (|0> +- |1>)/sqrt2``
    (``-`` when node ``j``'s reset failed, probability ``flips[j]``)."""
    rows = []
    for flip0, weight0 in ((False, 1.0 - flips[0]), (True, flips[0])):
        for flip1, weight1 in ((False, 1.0 - flips[1]), (True, flips[1])):
            if weight0 * weight1 > 0.0:
                sign0, sign1 = (-1.0 if flip0 else 1.0), (-1.0 if flip1 else 1.0)
                row = 0.5 * np.array([1.0, sign1, sign0, sign0 * sign1], dtype=np.complex128)
                rows.append(math.sqrt(weight0 * weight1) * row)
    return np.array(rows, dtype=np.complex128)
