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

References:
    C. Cabrillo, J. I. Cirac, P. Garcia-Fernandez, P. Zoller, "Creation of entangled
    states of distant atoms by interference", Phys. Rev. A 59, 1025 (1999),
    doi:10.1103/PhysRevA.59.1025.
    P. C. Humphreys et al., "Deterministic delivery of remote entanglement on a quantum
    network", Nature 558, 268 (2018), doi:10.1038/s41586-018-0200-5, arXiv:1712.07567.

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

from qinternet.protocols.links._heralding import (
    INTERNAL_DETECTORS,
    INTERNAL_SPLITTER,
    herald,
    spin_photon_vectors,
)
from qinternet.protocols.links._types import (
    DetectorKind,
    HeraldBranch,
    LinkOutcome,
    check_non_negative,
    check_open_unit_interval,
    check_pair,
    check_unit_interval,
    detector_kind,
    midpoint_attempt_duration_s,
)
from qinternet.states import DensityMatrix, bell_state

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
    preparation_time_s: float = 0.0,
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
        preparation_time_s: spin initialisation and emission time per attempt, s.

    Returns:
        A :class:`LinkOutcome`; branches ``"A"`` (target psi+) and ``"B"`` (psi-).

    Raises:
        InvalidParameterError: naming the parameter for a value outside its range.

    References:
        C. Cabrillo et al., Phys. Rev. A 59, 1025 (1999), doi:10.1103/PhysRevA.59.1025;
        P. C. Humphreys et al., Nature 558, 268 (2018), arXiv:1712.07567.

    Examples:
        >>> resolving = single_click_link(0.1, 0.5, detector="number_resolving")
        >>> round(resolving.fidelity, 12)  # (1 - alpha)/(1 - alpha eta)
        0.947368421053
    """
    a = check_open_unit_interval("alpha", alpha)
    etas = check_pair("efficiency", efficiency, check_unit_interval)
    kind = detector_kind(detector)
    dark = check_unit_interval("dark_count_probability", dark_count_probability)
    overlap = math.sqrt(check_unit_interval("visibility", visibility))
    sigma = check_non_negative("phase_std_rad", phase_std_rad)
    duration = midpoint_attempt_duration_s(arm_length_m, preparation_time_s)
    spin = np.array([math.sqrt(1.0 - a), math.sqrt(a)], dtype=np.complex128)
    product = np.kron(spin, spin)
    coherence = math.exp(-(sigma**2) / 2.0)
    dephase = np.array([1.0, -1.0, 1.0, -1.0])  # Z on node 1 (second spin)
    spins = np.array(
        [
            math.sqrt((1.0 + coherence) / 2.0) * product,
            math.sqrt((1.0 - coherence) / 2.0) * dephase * product,
        ]
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
        state = _normalised(rho, probability)
        branches.append(
            HeraldBranch(pattern, probability, state, bell_state(target_name), target_name)
        )
    first = branches[0]
    return LinkOutcome(
        success_probability=sum(b.probability for b in branches),
        heralded_state=first.state,
        target=first.target,
        target_name=first.target_name,
        attempt_duration_s=duration,
        branches=tuple(branches),
    )


def _normalised(rho: Any, probability: float) -> DensityMatrix:
    """``rho / probability``, or the maximally mixed state if nothing heralds."""
    if probability <= 0.0:
        return DensityMatrix.maximally_mixed((2, 2))
    return DensityMatrix(rho / probability, dims=(2, 2))
