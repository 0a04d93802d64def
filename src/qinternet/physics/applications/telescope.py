"""Telescope arrays linked by entanglement: starlight interfered across a long baseline.

A star photon reaches two stations A and B in the state (|1_A 0_B> + g e^{i phi}|0_A 1_B>)
(|g| <= 1 the source's mutual coherence, phi the phase to measure). Gottesman, Jennewein
and Croke replace the fibre that would carry B's light to A by a shared single-photon
entangled state (|1_A 0_B> + e^{i delta}|0_A 1_B>)/sqrt 2: each station mixes the star mode
with its resource mode on a 50:50 beam splitter, and an event with exactly one photon at
each station (photon-number-resolving detectors) happens with probability 1/2; the parity
of the clicked ports is +1 with probability (1 + V cos(phi - delta))/2.

The resource here is a delivered pair of memory qubits, turned into the single-photon
entangled state by the local X on B's qubit that maps phi+ to psi+ and by each memory's
emission (qubit value 1 = one photon). Terms of the pair with no or two excitations give
no or three photons and are discarded by the detectors, so only the single-excitation
block of the pair matters (:func:`assisted_visibility`): V = |g| 2|rho_{10,01}| /
(rho_{10,10} + rho_{01,01}); for a Werner pair of fidelity F, V = |g| (4F - 1)/(2F + 1).

Each event carries Fisher information V^2 sin^2(x)/(1 - V^2 cos^2 x) about phi at
x = phi - delta, at most V^2 (x = pi/2), so N events estimate phi to 1/(V sqrt N) at
best (Cramér-Rao). The direct alternative brings B's light to A through fibre of
transmission t: visibility |g| 2 sqrt(t)/(1 + t) on the fraction (1 + t)/2 of photons.

References:
    D. Gottesman, T. Jennewein, S. Croke, "Longer-baseline telescopes using quantum
    repeaters", PRL 109, 070503 (2012), doi:10.1103/PhysRevLett.109.070503.
    E. T. Khabiboulline, J. Borregaard, K. De Greve, M. D. Lukin, "Optical interferometry
    with quantum networks", PRL 123, 070504 (2019), doi:10.1103/PhysRevLett.123.070504.

Examples:
    >>> from qinternet.states import werner
    >>> round(assisted_visibility(werner(0.9)), 12)  # (4F - 1)/(2F + 1)
    0.928571428571
    >>> round(direct_visibility(0.25), 12)  # 2 sqrt(t)/(1 + t)
    0.8
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import (
    check_count,
    check_finite,
    check_non_negative,
    check_probability,
    check_unit_interval,
)
from qinternet.noise import PAULI_MATRICES
from qinternet.physics.maps.swapping import two_qubit_density
from qinternet.states import apply_unitary

__all__ = [
    "InterferometerComparison",
    "PhaseEstimate",
    "assisted_event_probability",
    "assisted_visibility",
    "compare_interferometers",
    "direct_visibility",
    "estimate_phase",
    "fisher_information_per_event",
    "simulate_parities",
]

_KET_10, _KET_01 = 2, 1  # indices of |1_A 0_B> and |0_A 1_B> in the two-qubit basis


def _single_excitation_block(pair: Any) -> tuple[float, complex]:
    """Population and coherence of the pair's {|10>, |01>} block after B's X (phi+ -> psi+)."""
    rho = apply_unitary(two_qubit_density(pair, "pair"), PAULI_MATRICES[1], [1]).matrix
    population = float(np.real(rho[_KET_10, _KET_10] + rho[_KET_01, _KET_01]))
    return population, complex(rho[_KET_10, _KET_01])


def assisted_visibility(pair: Any, source_coherence: float = 1.0) -> float:
    """Fringe visibility of the entanglement-assisted interferometer with ``pair``.

    Args:
        pair: the delivered pair (station A's qubit first), meant to be phi+.
        source_coherence: |g|, the star's mutual coherence over the baseline, in [0, 1].

    Returns:
        |g| 2|rho_{10,01}| / (rho_{10,10} + rho_{01,01}) after B's X; 0 for a pair
        without a single-excitation part.

    Raises:
        InvalidStateError: if ``pair`` is not a two-qubit state.
        InvalidParameterError: if ``source_coherence`` is outside [0, 1].

    Examples:
        >>> from qinternet.states import bell_state
        >>> assisted_visibility(bell_state("phi+"), source_coherence=0.6)
        0.6
    """
    coherence = check_unit_interval(source_coherence, "source_coherence")
    population, off_diagonal = _single_excitation_block(pair)
    if population <= 0.0:
        return 0.0
    return min(1.0, coherence * 2.0 * abs(off_diagonal) / population)


def assisted_event_probability(pair: Any, detector_efficiency: float = 1.0) -> float:
    """Probability that one pair and one star photon give a usable event.

    The single-excitation population of the pair, times 1/2 (one photon at each
    station), times the two detections.

    Raises:
        InvalidParameterError: if ``detector_efficiency`` is outside [0, 1].

    Examples:
        >>> from qinternet.states import werner
        >>> round(assisted_event_probability(werner(0.7), detector_efficiency=0.9), 12)  # (0.7 + 0.1)/2 * 0.81
        0.324
    """
    efficiency = check_probability(detector_efficiency, "detector_efficiency")
    population, _ = _single_excitation_block(pair)
    return 0.5 * population * efficiency**2


def direct_visibility(transmission: float, source_coherence: float = 1.0) -> float:
    """Visibility when B's light travels to A with ``transmission`` (A's arm lossless).

    Raises:
        InvalidParameterError: if an argument is outside [0, 1].

    Examples:
        >>> direct_visibility(1.0, source_coherence=0.5)
        0.5
    """
    t = check_probability(transmission, "transmission")
    coherence = check_unit_interval(source_coherence, "source_coherence")
    return coherence * 2.0 * math.sqrt(t) / (1.0 + t)


def fisher_information_per_event(visibility: float, offset_rad: float = math.pi / 2) -> float:
    """Fisher information about phi of one parity with P(+1) = (1 + V cos x)/2.

    Raises:
        InvalidParameterError: if ``visibility`` is outside [0, 1] or the offset not finite.

    Examples:
        >>> fisher_information_per_event(0.5)
        0.25
    """
    v = check_unit_interval(visibility, "visibility")
    x = check_finite(offset_rad, "offset_rad")
    denominator = 1.0 - (v * math.cos(x)) ** 2
    if denominator <= 0.0:
        return 0.0
    return (v * math.sin(x)) ** 2 / denominator


@dataclass(frozen=True)
class InterferometerComparison:
    """Phase error per square root of observing time, assisted against direct.

    Attributes:
        assisted_rate_hz, direct_rate_hz: usable events per second.
        assisted_visibility, direct_visibility: their fringe visibilities.
        assisted_error_rad_sqrt_s, direct_error_rad_sqrt_s: 1/(V sqrt(rate)), the best
            phase standard error after one second (inf when no events are usable).
    """

    assisted_rate_hz: float
    direct_rate_hz: float
    assisted_visibility: float
    direct_visibility: float

    @property
    def assisted_error_rad_sqrt_s(self) -> float:
        return _error(self.assisted_rate_hz, self.assisted_visibility)

    @property
    def direct_error_rad_sqrt_s(self) -> float:
        return _error(self.direct_rate_hz, self.direct_visibility)


def _error(rate_hz: float, visibility: float) -> float:
    information = rate_hz * visibility**2
    return math.inf if information <= 0.0 else 1.0 / math.sqrt(information)


def compare_interferometers(
    pair: Any,
    *,
    pair_rate_hz: float,
    star_photons_per_mode: float,
    mode_rate_hz: float,
    transmission: float,
    source_coherence: float = 1.0,
    detector_efficiency: float = 1.0,
) -> InterferometerComparison:
    """The entanglement-assisted and the direct interferometer on the same star.

    The assisted one uses each delivered pair on one mode (at most ``mode_rate_hz``
    pairs a second are useful); the direct one sees every mode.

    Args:
        pair: the delivered pair; ``pair_rate_hz`` its delivery rate.
        star_photons_per_mode: mean star photons per detected mode (<< 1).
        mode_rate_hz: temporal-spectral modes per second (the detection bandwidth).
        transmission: the fibre transmission that brings B's light to A directly.
        source_coherence: |g| of the star over the baseline.
        detector_efficiency: each detector's efficiency.

    Raises:
        InvalidParameterError: for a negative rate, a photon number outside [0, 1] or a
            probability outside [0, 1].

    Examples:
        >>> from qinternet.states import werner
        >>> result = compare_interferometers(
        ...     werner(0.95), pair_rate_hz=1e3, star_photons_per_mode=1e-3,
        ...     mode_rate_hz=1e9, transmission=1e-10)
        >>> result.assisted_error_rad_sqrt_s < result.direct_error_rad_sqrt_s
        True
    """
    pairs = check_non_negative(pair_rate_hz, "pair_rate_hz", "Hz")
    photons = check_probability(star_photons_per_mode, "star_photons_per_mode")
    modes = check_non_negative(mode_rate_hz, "mode_rate_hz", "Hz")
    t = check_probability(transmission, "transmission")
    efficiency = check_probability(detector_efficiency, "detector_efficiency")
    assisted_rate = min(pairs, modes) * photons * assisted_event_probability(pair, efficiency)
    direct_rate = modes * photons * 0.5 * (1.0 + t) * efficiency
    return InterferometerComparison(
        assisted_rate,
        direct_rate,
        assisted_visibility(pair, source_coherence),
        direct_visibility(t, source_coherence),
    )


@dataclass(frozen=True)
class PhaseEstimate:
    """The star phase estimated from parity records, with its standard error (rad)."""

    phase_rad: float
    stderr_rad: float
    visibility: float


def simulate_parities(
    visibility: float, phase_rad: float, offsets_rad: Any, rng: np.random.Generator
) -> NDArray[np.int8]:
    """Parity records (+1/-1), one per entry of ``offsets_rad`` (the resource phases delta).

    Raises:
        InvalidParameterError: for a visibility outside [0, 1] or non-finite phases.

    Examples:
        >>> records = simulate_parities(1.0, 0.0, [0.0, 0.0], np.random.default_rng(1))
        >>> records.tolist()
        [1, 1]
    """
    v = check_unit_interval(visibility, "visibility")
    phase = check_finite(phase_rad, "phase_rad")
    offsets = np.asarray(offsets_rad, dtype=np.float64)
    if offsets.ndim != 1 or not np.all(np.isfinite(offsets)):
        raise InvalidParameterError(
            "offsets_rad", offsets_rad, "must be a 1-D array of finite phases"
        )
    plus = 0.5 * (1.0 + v * np.cos(phase - offsets))
    return np.where(rng.random(offsets.size) < plus, 1, -1).astype(np.int8)


def estimate_phase(parities: Any, offsets_rad: Any) -> PhaseEstimate:
    """Phase and visibility from parities taken at resource phases 0 and pi/2.

    Averages the parities at delta = 0 (estimating V cos phi) and delta = pi/2 (V sin phi);
    the standard error of phi follows from the two means' by propagation of errors.

    Raises:
        InvalidParameterError: if the records and offsets differ in shape, an offset is
            neither 0 nor pi/2, a parity is not +-1, or a setting has fewer than 2 records.

    Examples:
        >>> rng = np.random.default_rng(7)
        >>> offsets = np.repeat([0.0, np.pi / 2], 20000)
        >>> estimate = estimate_phase(simulate_parities(0.8, 0.5, offsets, rng), offsets)
        >>> abs(estimate.phase_rad - 0.5) < 5 * estimate.stderr_rad
        True
    """
    records = np.asarray(parities)
    offsets = np.asarray(offsets_rad, dtype=np.float64)
    if records.shape != offsets.shape or records.ndim != 1:
        raise InvalidParameterError(
            "parities", records.shape, f"must be 1-D with the shape of offsets_rad {offsets.shape}"
        )
    if not np.all(np.isin(records, (-1, 1))):
        raise InvalidParameterError("parities", records, "must be +1 or -1")
    cosine = np.isclose(offsets, 0.0)
    sine = np.isclose(offsets, math.pi / 2)
    if not np.all(cosine | sine):
        raise InvalidParameterError("offsets_rad", offsets_rad, "must be 0 or pi/2")
    for name, mask in (("0", cosine), ("pi/2", sine)):
        check_count(int(mask.sum()), f"records at offset {name}", minimum=2)
    c_mean, s_mean = float(records[cosine].mean()), float(records[sine].mean())
    c_var = float(records[cosine].var(ddof=1)) / int(cosine.sum())
    s_var = float(records[sine].var(ddof=1)) / int(sine.sum())
    amplitude_sq = c_mean**2 + s_mean**2
    if amplitude_sq == 0.0:
        return PhaseEstimate(0.0, math.inf, 0.0)
    stderr = math.sqrt((s_mean**2 * c_var + c_mean**2 * s_var) / amplitude_sq**2)
    return PhaseEstimate(math.atan2(s_mean, c_mean), stderr, math.sqrt(amplitude_sq))
