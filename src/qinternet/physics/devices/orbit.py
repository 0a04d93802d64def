"""Pass geometry of a satellite on a circular orbit over ground stations (spherical Earth).

A satellite at altitude h circles a spherical Earth of radius R with angular rate
omega = sqrt(GM / (R + h)^3) (Kepler's third law for a circular orbit). A ground station
at angular distance ``beta`` from the orbital plane (its cross-track angle) sees the
satellite at central angle gamma(t) from its zenith, with (spherical right triangle)

    cos gamma(t) = cos(beta) cos(omega (t - t_closest)),

and, from the triangle Earth centre - station - satellite,

    range^2 = R^2 + (R + h)^2 - 2 R (R + h) cos gamma,
    sin(elevation) = ((R + h) cos gamma - R) / range.

The satellite is above elevation e_min while gamma <= arccos(R cos(e_min) / (R + h)) - e_min.
The Earth's rotation during a pass (a few minutes) is neglected.

References:
    D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (Microcosm,
    2013) (site-track geometry, slant range and elevation of a satellite).
    GM of the Earth 3.986004418e14 m^3/s^2: IERS Conventions (2010), IERS Technical Note
    36, Table 1.1. Mean Earth radius 6371.0 km: H. Moritz, "Geodetic Reference System
    1980", J. Geodesy 74, 128 (2000) (mean radius R1 = 6371.0088 km).

Examples:
    >>> orbit = CircularOrbit(altitude_m=500e3)
    >>> round(orbit.period_s / 60, 2)  # a 500 km orbit takes about 94.5 minutes
    94.47
    >>> round(float(orbit.range_m(0.0)) / 1e3, 6), round(math.degrees(orbit.elevation_rad(0.0)), 6)
    (500.0, 90.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.core.validation import check_finite, check_positive

EARTH_RADIUS_M = 6_371.0e3
"""Mean radius of the Earth (GRS80 mean radius, Moritz 2000), m."""

EARTH_GM_M3_PER_S2 = 3.986004418e14
"""Geocentric gravitational constant (IERS Conventions 2010, Table 1.1), m^3/s^2."""

EARTH_HILL_RADIUS_M = 1.496e9
"""Radius of the Earth's Hill sphere, r_H = a (m_Earth / (3 M_Sun))^(1/3), m: with the
astronomical unit a = 1.495978707e11 m (IAU 2012 Resolution B2) and M_Sun / m_Earth =
332946.0487 (IAU 2009 system of astronomical constants), 1.496e9 m. Beyond it the Sun,
not the Earth, holds a satellite: no circular orbit of the Earth lies there."""


def check_elevation(value: float, name: str) -> float:
    """``value`` (radians) as an elevation in [0, pi/2]: below the horizon is refused.

    Examples:
        >>> check_elevation(-0.1, "min_elevation_rad")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.PhysicalConstraintError: min_elevation_rad=-0.1: is below the horizon; an elevation lies in [0, pi/2] rad
    """
    elevation = check_finite(value, name)
    if elevation < 0.0:
        raise PhysicalConstraintError(
            name, value, "is below the horizon; an elevation lies in [0, pi/2] rad"
        )
    if elevation > math.pi / 2:
        raise InvalidParameterError(name, value, "exceeds pi/2 rad (the zenith)")
    return elevation


@dataclass(frozen=True)
class CircularOrbit:
    """A circular orbit and one ground station's view of it.

    Args:
        altitude_m: height of the orbit above the spherical Earth, m (> 0).
        cross_track_rad: the station's angular distance from the orbital plane, rad
            (0: the satellite passes through its zenith).
        along_track_rad: the angle the satellite still has to travel at ``t = 0`` to its
            closest approach to the station, rad (0: closest approach at ``t = 0``).
        earth_radius_m: radius of the spherical Earth, m.

    With ``along_track_rad = 0``, time ``t`` is measured from the closest approach;
    two stations along one ground track share a clock by their ``along_track_rad``.

    Raises:
        InvalidParameterError: for a non-positive altitude or radius, or a cross-track
            angle outside [-pi/2, pi/2].
        PhysicalConstraintError: for an orbit beyond the Earth's Hill sphere
            (:data:`EARTH_HILL_RADIUS_M` from the Earth's centre).

    Examples:
        >>> orbit = CircularOrbit(altitude_m=500e3, cross_track_rad=0.05)
        >>> round(math.degrees(orbit.max_elevation_rad), 2)
        55.05
    """

    altitude_m: float
    cross_track_rad: float = 0.0
    along_track_rad: float = 0.0
    earth_radius_m: float = EARTH_RADIUS_M

    def __post_init__(self) -> None:
        object.__setattr__(self, "altitude_m", check_positive(self.altitude_m, "altitude_m", "m"))
        radius = check_positive(self.earth_radius_m, "earth_radius_m", "m")
        object.__setattr__(self, "earth_radius_m", radius)
        if radius + self.altitude_m > EARTH_HILL_RADIUS_M:
            raise PhysicalConstraintError(
                "altitude_m",
                self.altitude_m,
                f"puts the orbit beyond the Earth's Hill sphere ({EARTH_HILL_RADIUS_M:.4g} m "
                "from its centre), where the Sun, not the Earth, holds a satellite",
            )
        beta = check_finite(self.cross_track_rad, "cross_track_rad")
        if abs(beta) > math.pi / 2:
            raise InvalidParameterError(
                "cross_track_rad", self.cross_track_rad, "must lie in [-pi/2, pi/2]"
            )
        object.__setattr__(self, "cross_track_rad", beta)
        along = check_finite(self.along_track_rad, "along_track_rad")
        object.__setattr__(self, "along_track_rad", along)

    @property
    def orbit_radius_m(self) -> float:
        """Distance of the satellite from the Earth's centre, R + h, m."""
        return self.earth_radius_m + self.altitude_m

    @property
    def angular_rate_rad_per_s(self) -> float:
        """omega = sqrt(GM / (R + h)^3), rad/s."""
        return math.sqrt(EARTH_GM_M3_PER_S2 / self.orbit_radius_m**3)

    @property
    def period_s(self) -> float:
        """Orbital period 2 pi / omega, s."""
        return 2.0 * math.pi / self.angular_rate_rad_per_s

    def central_angle_rad(self, time_s: ArrayLike) -> NDArray[np.float64]:
        """Angle gamma at the Earth's centre between station and satellite, rad."""
        omega = self.angular_rate_rad_per_s
        phase = omega * np.asarray(time_s, dtype=np.float64) - self.along_track_rad
        cosine = math.cos(self.cross_track_rad) * np.cos(phase)
        return np.arccos(np.clip(cosine, -1.0, 1.0))

    def range_m(self, time_s: ArrayLike) -> NDArray[np.float64]:
        """Slant range from station to satellite, m (law of cosines)."""
        return slant_range_m(self.central_angle_rad(time_s), self.altitude_m, self.earth_radius_m)

    def elevation_rad(self, time_s: ArrayLike) -> NDArray[np.float64]:
        """Elevation of the satellite above the station's horizon, rad (negative below)."""
        return elevation_from_central_angle(
            self.central_angle_rad(time_s), self.altitude_m, self.earth_radius_m
        )

    @property
    def max_elevation_rad(self) -> float:
        """Elevation at closest approach, rad."""
        return float(self.elevation_rad(self.closest_approach_s))

    @property
    def closest_approach_s(self) -> float:
        """Time of closest approach, along_track_rad / omega, s."""
        return self.along_track_rad / self.angular_rate_rad_per_s

    def visible_half_time_s(self, min_elevation_rad: float) -> float:
        """Half the time the satellite spends above ``min_elevation_rad``, s (the window
        is centred on :attr:`closest_approach_s`).

        Raises:
            PhysicalConstraintError: for an elevation below the horizon, or one the pass
                never reaches.

        Examples:
            >>> orbit = CircularOrbit(altitude_m=500e3)
            >>> round(2 * orbit.visible_half_time_s(math.radians(10.0)), 1)  # seconds
            442.6
        """
        elevation = check_elevation(min_elevation_rad, "min_elevation_rad")
        gamma_max = max_central_angle_rad(elevation, self.altitude_m, self.earth_radius_m)
        cosine = math.cos(gamma_max) / math.cos(self.cross_track_rad)
        if cosine > 1.0:
            raise PhysicalConstraintError(
                "min_elevation_rad",
                min_elevation_rad,
                f"is never reached: the pass peaks at {self.max_elevation_rad:.4g} rad",
            )
        return math.acos(cosine) / self.angular_rate_rad_per_s


def slant_range_m(
    central_angle_rad: ArrayLike, altitude_m: float, earth_radius_m: float = EARTH_RADIUS_M
) -> NDArray[np.float64]:
    """Range sqrt(R^2 + (R+h)^2 - 2 R (R+h) cos gamma) to a satellite at central angle gamma.

    Examples:
        >>> round(float(slant_range_m(0.0, 500e3)), 6)
        500000.0
    """
    radius, orbit = earth_radius_m, earth_radius_m + altitude_m
    gamma = np.asarray(central_angle_rad, dtype=np.float64)
    squared = radius**2 + orbit**2 - 2.0 * radius * orbit * np.cos(gamma)
    return np.sqrt(np.maximum(squared, 0.0))


def elevation_from_central_angle(
    central_angle_rad: ArrayLike, altitude_m: float, earth_radius_m: float = EARTH_RADIUS_M
) -> NDArray[np.float64]:
    """Elevation asin(((R+h) cos gamma - R) / range) of a satellite at central angle gamma.

    Examples:
        >>> round(math.degrees(float(elevation_from_central_angle(0.0, 500e3))), 9)
        90.0
    """
    gamma = np.asarray(central_angle_rad, dtype=np.float64)
    orbit = earth_radius_m + altitude_m
    distance = slant_range_m(gamma, altitude_m, earth_radius_m)
    return np.arcsin(np.clip((orbit * np.cos(gamma) - earth_radius_m) / distance, -1.0, 1.0))


def max_central_angle_rad(
    min_elevation_rad: float, altitude_m: float, earth_radius_m: float = EARTH_RADIUS_M
) -> float:
    """Largest central angle at which the satellite stands at ``min_elevation_rad`` or
    higher: arccos(R cos(e) / (R + h)) - e.

    Examples:
        >>> round(math.degrees(max_central_angle_rad(0.0, 500e3)), 3)  # the horizon
        21.993
    """
    elevation = check_elevation(min_elevation_rad, "min_elevation_rad")
    ratio = earth_radius_m * math.cos(elevation) / (earth_radius_m + altitude_m)
    return math.acos(ratio) - elevation
