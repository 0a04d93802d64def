"""Entanglement distribution from a satellite by a double downlink, averaged over a pass.

A source on the satellite emits polarisation-entangled pairs at rate R (Poissonian in
time); one photon goes down to each of two ground stations through a free-space channel
of transmission eta_A(t), eta_B(t) (:class:`FreeSpaceChannel` at the range and elevation
of :class:`CircularOrbit`). Each station also registers background counts (sky light
and detector dark counts) at rate b_A, b_B. A pair is recorded when both stations click
within one coincidence window tau. With n = R tau pairs per window, Poisson thinning
splits them into independent Poisson numbers of pairs seen at both stations (mean
n eta_A eta_B), at A only and at B only, so per window

    P(true) = 1 - exp(-n eta_A eta_B),
    P(coincidence) = 1 - exp(-x_A) - exp(-x_B) + exp(-x_A - x_B + n eta_A eta_B),

with x_i = n eta_i + b_i tau the mean number of counts at station i. A true coincidence
carries the source's state (a Werner state of fidelity F_src); an accidental one (two
unrelated counts, or a pair half with a background count) carries uncorrelated
polarisations, I/4. A true pair accompanied by an extra count in the same window is
counted as true (a relative error of order x_i << 1).

The pass: while both stations see the satellite above ``min_elevation_rad``, the pair
rate and state change with the ranges and elevations. For scheduling, the pass is
represented by its time average: the success probability per window averaged over the
visible time, and the state averaged over the recorded pairs (weighted by their rate).
A simulation that runs this link delivers pairs at the pass-averaged rate.

References:
    J. Yin et al., "Satellite-based entanglement distribution over 1200 kilometers",
    Science 356, 1140 (2017), doi:10.1126/science.aan3211, arXiv:1707.01339.
    J.-P. Bourgoin et al., New J. Phys. 15, 023006 (2013) (accidental coincidences from
    background and multi-pair emission in satellite links).

Examples:
    >>> p_coincidence, p_true = coincidence_probabilities(1e6, (1e-3, 1e-3), (0.0, 0.0), 1e-9)
    >>> round(float(p_true), 15), float(p_coincidence) > float(p_true)  # n eta_A eta_B
    (1e-09, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import PhysicalConstraintError
from qinternet.core.units import SPEED_OF_LIGHT_M_PER_S
from qinternet.core.validation import (
    check_non_negative,
    check_pair,
    check_positive,
    check_probability,
)
from qinternet.physics.devices.free_space import FreeSpaceChannel
from qinternet.physics.devices.orbit import CircularOrbit, check_elevation
from qinternet.physics.links._types import LinkOutcome
from qinternet.states import DensityMatrix, bell_state, werner

__all__ = [
    "DoubleDownlink",
    "classical_delay_s",
    "coincidence_probabilities",
    "downlink_state",
    "satellite_downlink_link",
]


def coincidence_probabilities(
    pair_rate_hz: float,
    transmissions: tuple[ArrayLike, ArrayLike],
    background_rate_hz: tuple[float, float],
    window_s: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Probabilities per coincidence window of a coincidence and of a true one.

    Examples:
        >>> c, t = coincidence_probabilities(0.0, (0.5, 0.5), (1e3, 1e3), 1e-6)
        >>> float(t), round(float(c), 9)  # only background: (1 - exp(-1e-3))^2
        (0.0, 9.99e-07)
    """
    rate = check_non_negative(pair_rate_hz, "pair_rate_hz", "Hz")
    window = check_positive(window_s, "window_s", "s")
    background = check_pair(background_rate_hz, "background_rate_hz", check_non_negative)
    eta_a, eta_b = (np.asarray(eta, dtype=np.float64) for eta in transmissions)
    pairs = rate * window
    both = pairs * eta_a * eta_b
    counts_a = pairs * eta_a + background[0] * window
    counts_b = pairs * eta_b + background[1] * window
    true = -np.expm1(-both)
    coincidence = -np.expm1(-counts_a) - np.expm1(-counts_b) + np.expm1(-counts_a - counts_b + both)
    return coincidence, true


def downlink_state(true_fraction: float, source_fidelity: float) -> DensityMatrix:
    """The state of a recorded pair: the source's Werner state with probability
    ``true_fraction``, else uncorrelated polarisations I/4.

    Examples:
        >>> from qinternet.states import fidelity
        >>> round(fidelity(downlink_state(0.9, 0.95), bell_state("phi+")), 12)  # 0.9 F + 0.1/4
        0.88
    """
    weight = check_probability(true_fraction, "true_fraction")
    source = werner(check_probability(source_fidelity, "source_fidelity")).matrix
    mixed = np.eye(4, dtype=np.complex128) / 4.0
    return DensityMatrix(weight * source + (1.0 - weight) * mixed, dims=(2, 2))


@dataclass(frozen=True)
class DoubleDownlink:
    """Two ground stations below one pass, each with its channel from the satellite.

    Args:
        stations: each station's view of the orbit (one :class:`CircularOrbit` each,
            with a common clock through ``along_track_rad``).
        channels: each station's :class:`FreeSpaceChannel` from the satellite.
        min_elevation_rad: the satellite counts as visible above this elevation, rad.

    Raises:
        PhysicalConstraintError: for a minimum elevation below the horizon, or if the
            two stations never see the satellite at the same time.
    """

    stations: tuple[CircularOrbit, CircularOrbit]
    channels: tuple[FreeSpaceChannel, FreeSpaceChannel]
    min_elevation_rad: float

    def __post_init__(self) -> None:
        check_elevation(self.min_elevation_rad, "min_elevation_rad")
        start, stop = self.window_s
        if not stop > start:
            raise PhysicalConstraintError(
                "min_elevation_rad",
                self.min_elevation_rad,
                "the two stations never see the satellite above it at the same time",
            )

    @classmethod
    def symmetric(
        cls,
        *,
        altitude_m: float,
        ground_distance_m: float,
        channels: tuple[FreeSpaceChannel, FreeSpaceChannel],
        min_elevation_rad: float,
    ) -> DoubleDownlink:
        """Two stations ``ground_distance_m`` apart on the ground track, t = 0 when the
        satellite is above their midpoint (an overhead pass of both).

        Examples:
            >>> from qinternet.physics.devices.free_space import FreeSpaceChannel
            >>> channel = FreeSpaceChannel(810.0, 0.15, 0.6)
            >>> link = DoubleDownlink.symmetric(altitude_m=500e3, ground_distance_m=1203e3,
            ...     channels=(channel, channel), min_elevation_rad=0.1745)
            >>> round(float(sum(link.ranges_m(0.0))) / 1e3)  # summed length at the midpoint, km
            1600
        """
        distance = check_non_negative(ground_distance_m, "ground_distance_m", "m")
        probe = CircularOrbit(altitude_m)
        half = 0.5 * distance / probe.earth_radius_m
        stations = (
            CircularOrbit(altitude_m, along_track_rad=-half),
            CircularOrbit(altitude_m, along_track_rad=half),
        )
        return cls(stations, channels, min_elevation_rad)

    @property
    def window_s(self) -> tuple[float, float]:
        """Start and end of the time both stations see the satellite, s."""
        bounds = []
        for station in self.stations:
            half = station.visible_half_time_s(self.min_elevation_rad)
            bounds.append((station.closest_approach_s - half, station.closest_approach_s + half))
        return max(b[0] for b in bounds), min(b[1] for b in bounds)

    @property
    def duration_s(self) -> float:
        """Time both stations see the satellite, s."""
        start, stop = self.window_s
        return stop - start

    def ranges_m(self, time_s: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Each station's range to the satellite, m."""
        a, b = self.stations
        return a.range_m(time_s), b.range_m(time_s)

    def transmissions(self, time_s: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Each downlink's transmission at ``time_s`` (satellite to click)."""
        a, b = (
            channel.transmission(
                station.range_m(time_s), np.maximum(station.elevation_rad(time_s), 0.0)
            )
            for station, channel in zip(self.stations, self.channels, strict=True)
        )
        return a, b

    def loss_db(self, time_s: ArrayLike) -> NDArray[np.float64]:
        """Loss of the two downlinks together, -10 log10(eta_A eta_B), dB."""
        eta_a, eta_b = self.transmissions(time_s)
        return -10.0 * np.log10(eta_a * eta_b)

    def time_average(self, function: Callable[[float], float]) -> float:
        """Mean of ``function(t)`` (a scalar function of time) over the visible window."""
        start, stop = self.window_s
        from scipy.integrate import quad  # loads scipy.optimize: only when averaging a pass

        value = quad(function, start, stop, limit=200, epsrel=1e-10)[0]
        return float(value) / (stop - start)


def satellite_downlink_link(
    downlink: DoubleDownlink,
    *,
    pair_rate_hz: float,
    source_fidelity: float,
    coincidence_window_s: float,
    background_rate_hz: Sequence[float] = (0.0, 0.0),
) -> LinkOutcome:
    """One coincidence window of a double downlink, averaged over the pass.

    The success probability is P(coincidence) averaged over the visible time; the state
    is :func:`downlink_state` with the true fraction of all recorded pairs of the pass.
    The attempt duration is the coincidence window, so the rate is p / tau.

    Raises:
        InvalidParameterError: naming the field, for a negative rate, a fidelity outside
            [0, 1] or a non-positive window.

    Examples:
        >>> from qinternet.physics.devices.free_space import FreeSpaceChannel
        >>> channel = FreeSpaceChannel(810.0, 0.15, 0.6, efficiency=0.5)
        >>> link = DoubleDownlink.symmetric(altitude_m=500e3, ground_distance_m=1203e3,
        ...     channels=(channel, channel), min_elevation_rad=0.1745)
        >>> outcome = satellite_downlink_link(
        ...     link, pair_rate_hz=1e6, source_fidelity=0.95, coincidence_window_s=1e-9)
        >>> round(outcome.fidelity, 6)  # no background: the source's state
        0.95
    """
    rate = check_non_negative(pair_rate_hz, "pair_rate_hz", "Hz")
    fidelity_src = check_probability(source_fidelity, "source_fidelity")
    window = check_positive(coincidence_window_s, "coincidence_window_s", "s")
    background = check_pair(tuple(background_rate_hz), "background_rate_hz", check_non_negative)

    def probabilities(time_s: float) -> tuple[float, float]:
        coincidence, true = coincidence_probabilities(
            rate, downlink.transmissions(time_s), background, window
        )
        return float(coincidence), float(true)

    mean_coincidence = downlink.time_average(lambda t: probabilities(t)[0])
    mean_true = downlink.time_average(lambda t: probabilities(t)[1])
    true_fraction = mean_true / mean_coincidence if mean_coincidence > 0.0 else 0.0
    return LinkOutcome(
        success_probability=mean_coincidence,
        heralded_state=downlink_state(min(true_fraction, 1.0), fidelity_src),
        target=bell_state("phi+"),
        target_name="phi+",
        attempt_duration_s=window,
    )


def classical_delay_s(ground_distance_m: float) -> float:
    """Time a message between the stations needs at the speed of light, s: the stations
    learn of a coincidence when they compare their time tags.

    Examples:
        >>> round(classical_delay_s(1203e3) * 1e3, 4)  # ms
        4.0128
    """
    distance = check_non_negative(ground_distance_m, "ground_distance_m", "m")
    return distance / SPEED_OF_LIGHT_M_PER_S
