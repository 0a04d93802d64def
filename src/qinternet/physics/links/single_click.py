"""Single-click (single-photon) heralded entanglement between two emitters.

Each node prepares its spin in ``sqrt(1 - alpha)|0> + sqrt(alpha)|1>``; the bright state
``|1>`` emits one photon, so spin and photon number are entangled. The photons travel
to a 50/50 beam splitter midway (arm efficiency ``eta``: emission x collection x fibre
transmission x detector efficiency) and one click heralds the spins in
``psi+ = (|01> + |10>)/sqrt2`` (detector A) or ``psi-`` (detector B). The state is
computed in the photon-number basis (:mod:`._heralding`): losses, the two-photon term
``alpha^2`` that bunches on the splitter, dark counts, distinguishable photons and
optical phase noise are all in the density matrix.

Closed forms for ideal photons and no dark counts (derived in the tests):

* threshold detectors: ``p = 2 alpha eta - alpha^2 eta^2`` (summed over both detectors:
  the probability that at least one photon survives), and per click
  ``rho = [alpha(1-alpha) eta |psi><psi| + (alpha^2 eta - alpha^2 eta^2 / 2) |11><11|] / (p/2)``,
  so ``F = (1 - alpha) / (1 - alpha eta / 2)``, which tends to ``1 - alpha`` as
  ``eta -> 0``;
* number-resolving detectors: ``p = 2 alpha eta (1 - alpha eta)`` and
  ``F = (1 - alpha) / (1 - alpha eta)``.

Optical phase noise (a Gaussian phase difference of standard deviation ``sigma`` between
the arms) is exactly a dephasing of node 1's spin before emission, since its photon
number equals its spin excitation: coherences shrink by ``exp(-sigma^2 / 2)``.
Distinguishable photons (HOM visibility ``V = |<phi_0|phi_1>|^2``) are modelled with a
second internal mode per arm that the detectors do not resolve.

Initialisation error ``e`` (optional): with probability ``e`` the spin reset leaves
``|1>`` instead of ``|0>``; the rotation that prepares ``sqrt(1-alpha)|0> +
sqrt(alpha)|1>`` then prepares the orthogonal state ``sqrt(alpha)|0> -
sqrt(1-alpha)|1>`` (bright population ``1 - alpha``). Each spin enters the photon-number
model as this mixture, so the flipped patterns' extra photons, bunching and
coherences are all in the heralded density matrix. Equivalently the prepared spin's
Bloch vector shrinks by ``1 - 2e``: bright population ``b = alpha + e (1 - 2 alpha)``,
coherence ``c = (1 - 2e) sqrt(alpha (1 - alpha))``.

Double optical excitation ``p_2`` (optional, NV centres): the optical pi pulse is not
short against the excited-state lifetime, so with probability ``p_2`` the bright state
decays during the pulse and is re-excited; it emits a first photon inside the pulse
(removed by the detection time window, so it is lost) and a second one that can herald
(Hensen et al. 2015 and Humphreys et al. 2018, Supplementary Information). The first
photon is left in the environment only in the bright branch, i.e. it records the spin
state. Writing
the node's state after the pulse as ``a_0 |0>|vac>|E_0> + a_1 |1>|1_ph> (sqrt(1-p_2)
|E_0> + sqrt(p_2) |E_1>)`` (``E_1``: the lost first photon, orthogonal to the empty
environment ``E_0``), the trace over the environment keeps the populations and
multiplies the spin-photon coherence by ``<E_0|...> = sqrt(1 - p_2)``. That is a
dephasing of the spin before emission with coherence factor ``sqrt(1 - p_2)`` per node
(phase-flip probability ``(1 - sqrt(1 - p_2))/2 ~ p_2/4``); the heralded coherence
``<01|rho|10>``, a product of the two nodes' coherences, shrinks by
``sqrt((1 - p_2,0)(1 - p_2,1))``, i.e. ``1 - p_2`` for equal nodes: the same as one
phase flip of the heralded pair with probability ``p_2 / 2``. Neglected: the small
delay of the second photon (its distinguishability) and first photons leaking into the
detection window.

General closed form with all of these for threshold detectors without dark counts
(derived in the tests), per node ``j`` with bright population ``b_j`` and coherence
``c_j`` (including ``exp(-sigma^2/2)`` on node 1 and ``sqrt(1 - p_2,j)``), click at A:

.. code-block:: text

    P_A = [(1-b_0) b_1 eta_1 + b_0 (1-b_1) eta_0] / 2
          + b_0 b_1 [eta_0 eta_1 (1+V)/4 + (eta_0 (1-eta_1) + eta_1 (1-eta_0)) / 2]
    F   = {[(1-b_0) b_1 eta_1 + b_0 (1-b_1) eta_0] / 4
           + c_0 c_1 sqrt(V eta_0 eta_1) / 2} / P_A.

References:
    C. Cabrillo, J. I. Cirac, P. Garcia-Fernandez, P. Zoller, "Creation of entangled
    states of distant atoms by interference", Phys. Rev. A 59, 1025 (1999),
    doi:10.1103/PhysRevA.59.1025.
    P. C. Humphreys et al., "Deterministic delivery of remote entanglement on a quantum
    network", Nature 558, 268 (2018), doi:10.1038/s41586-018-0200-5, arXiv:1712.07567
    (Supplementary Information: the NV nodes' error model, including initialisation
    and double excitation).
    B. Hensen et al., "Loophole-free Bell inequality violation using electron spins
    separated by 1.3 kilometres", Nature 526, 682 (2015), doi:10.1038/nature15759,
    arXiv:1508.05949 (Supplementary Information: double excitation in the optical pi
    pulse).

Examples:
    >>> link = single_click_link(0.1, 1e-3)
    >>> round(link.success_probability, 12)
    0.00019999
    >>> round(link.fidelity, 9), link.target_name
    (0.900045002, 'psi+')
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qinternet.core.validation import check_non_negative, check_pair, check_unit_interval
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S
from qinternet.physics.links._heralding import (
    INTERNAL_DETECTORS,
    INTERNAL_SPLITTER,
    herald,
    product_vectors,
    spin_photon_vectors,
    spin_terms,
)
from qinternet.physics.links._types import (
    DetectorKind,
    HeraldBranch,
    LinkOutcome,
    detector_kind,
    midpoint_attempt_duration_s,
)
from qinternet.states import bell_state

__all__ = ["single_click_link"]

_PATTERNS = (("A", (True, False), "psi+"), ("B", (False, True), "psi-"))


def single_click_link(
    alpha: float,
    efficiency: float | tuple[float, float],
    *,
    detector: DetectorKind | str = DetectorKind.THRESHOLD,
    dark_count_probability: float = 0.0,
    visibility: float = 1.0,
    phase_std_rad: float = 0.0,
    arm_length_m: float = 0.0,
    group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S,
    preparation_time_s: float = 0.0,
    initialisation_error: float | tuple[float, float] = 0.0,
    double_excitation_probability: float | tuple[float, float] = 0.0,
) -> LinkOutcome:
    """Success probability and heralded two-spin state of one single-click attempt.

    Args:
        alpha: bright-state population, in the open interval (0, 1).
        efficiency: photon detection efficiency per arm (emission x collection x fibre
            x detector), in [0, 1]; one number for both arms or a pair.
        detector: ``"threshold"`` (default) or ``"number_resolving"``.
        dark_count_probability: dark-count probability per detector and window, [0, 1].
        visibility: two-photon (HOM) visibility ``|<phi_0|phi_1>|^2``, in [0, 1].
        phase_std_rad: standard deviation of the optical phase between the arms, rad.
        arm_length_m: node-to-station fibre length, m (for the attempt duration).
        group_velocity_m_per_s: the arm fibre's group velocity, m/s (default: a
            :class:`~qinternet.physics.devices.Fibre`'s).
        preparation_time_s: spin initialisation and emission time per attempt, s.
        initialisation_error: probability that a spin's reset leaves it in ``|1>`` (a
            bit flip before the alpha rotation), in [0, 1]; one number or a pair
            (``1 - Memory.initialisation_fidelity``). Default 0: perfect reset.
        double_excitation_probability: probability that the bright state is excited
            twice by one optical pulse (the first photon is lost, the second may herald),
            in [0, 1]; one number or a pair. Default 0.

    Returns:
        A :class:`LinkOutcome`; branches ``"A"`` (target psi+) and ``"B"`` (psi-).

    Raises:
        InvalidParameterError: naming the parameter for a value outside its range.

    References:
        C. Cabrillo et al., Phys. Rev. A 59, 1025 (1999), doi:10.1103/PhysRevA.59.1025;
        P. C. Humphreys et al., Nature 558, 268 (2018), arXiv:1712.07567;
        B. Hensen et al., Nature 526, 682 (2015), arXiv:1508.05949.

    Examples:
        >>> resolving = single_click_link(0.1, 0.5, detector="number_resolving")
        >>> round(resolving.fidelity, 12)  # (1 - alpha)/(1 - alpha eta)
        0.947368421053
        >>> ideal = single_click_link(0.05, 1e-4)
        >>> noisy = single_click_link(0.05, 1e-4, double_excitation_probability=0.04)
        >>> round(ideal.fidelity - noisy.fidelity, 6)  # ~ (1 - alpha) p_2 / 2
        0.019
        >>> flipped = single_click_link(0.05, 1e-4, initialisation_error=0.01)
        >>> round(flipped.fidelity, 4)  # a flipped spin is bright with probability 0.95
        0.8571
    """
    a = check_unit_interval(alpha, "alpha", open_interval=True)
    etas = check_pair(efficiency, "efficiency", check_unit_interval)
    kind = detector_kind(detector)
    dark = check_unit_interval(dark_count_probability, "dark_count_probability")
    overlap = math.sqrt(check_unit_interval(visibility, "visibility"))
    sigma = check_non_negative(phase_std_rad, "phase_std_rad")
    duration = midpoint_attempt_duration_s(
        arm_length_m, preparation_time_s, group_velocity_m_per_s=group_velocity_m_per_s
    )
    flips = check_pair(initialisation_error, "initialisation_error", check_unit_interval)
    doubles = check_pair(
        double_excitation_probability, "double_excitation_probability", check_unit_interval
    )
    # Per-node coherence factors before emission: double excitation on each node; the
    # optical phase between the arms, put on node 1 (only the product matters).
    coherences = (
        math.sqrt(1.0 - doubles[0]),
        math.exp(-sigma * sigma / 2.0) * math.sqrt(1.0 - doubles[1]),  # no OverflowError
    )
    spins = product_vectors(
        spin_terms(a, flips[0], coherences[0]), spin_terms(a, flips[1], coherences[1])
    )
    vectors = spin_photon_vectors(spins, overlap)
    transmissions = (etas[0], etas[0], etas[1], etas[1])
    return _outcome(vectors, transmissions, kind, dark, duration)


def _outcome(
    vectors: Any,
    transmissions: tuple[float, ...],
    kind: DetectorKind,
    dark: float,
    duration: float,
) -> LinkOutcome:
    branches = []
    for pattern, clicks, target_name in _PATTERNS:
        rho = herald(
            vectors, 4, 2, transmissions, INTERNAL_SPLITTER, INTERNAL_DETECTORS, clicks, kind, dark
        )
        probability = float(np.trace(rho).real)
        branches.append(
            HeraldBranch.heralded(pattern, rho, probability, bell_state(target_name), target_name)
        )
    return LinkOutcome.from_branches(branches, duration)
