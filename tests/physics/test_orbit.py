"""Tests of qinternet.physics.devices.orbit: range and elevation of a circular-orbit pass.

The oracle builds the pass with vectors: the satellite turns in its orbital plane, the
station sits on the sphere at a given cross-track and along-track angle, and range and
elevation follow from the difference vector and the station's local vertical.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.physics.devices.orbit import (
    EARTH_GM_M3_PER_S2,
    EARTH_HILL_RADIUS_M,
    EARTH_RADIUS_M,
    CircularOrbit,
    max_central_angle_rad,
)


def _vector_pass(
    time_s: NDArray[np.float64], altitude_m: float, cross_rad: float, along_rad: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Range and elevation from 3-D vectors (orbit in the x-y plane, z its normal)."""
    radius = EARTH_RADIUS_M + altitude_m
    # Centripetal balance v^2 / r = GM / r^2 gives the angular rate v / r.
    omega = math.sqrt(EARTH_GM_M3_PER_S2 / radius) / radius
    angle = omega * time_s
    satellite = radius * np.stack([np.cos(angle), np.sin(angle), np.zeros_like(angle)], axis=-1)
    station_unit = np.array(
        [
            math.cos(cross_rad) * math.cos(along_rad),
            math.cos(cross_rad) * math.sin(along_rad),
            math.sin(cross_rad),
        ]
    )
    line = satellite - EARTH_RADIUS_M * station_unit
    distance = np.linalg.norm(line, axis=-1)
    elevation = np.arcsin(line @ station_unit / distance)
    return distance, elevation


@pytest.mark.parametrize(
    ("altitude_m", "cross_rad", "along_rad"),
    [(500e3, 0.0, 0.0), (500e3, 0.07, 0.0), (800e3, -0.12, 0.05), (400e3, 0.2, -0.09)],
)
def test_range_and_elevation_match_the_vector_geometry(
    altitude_m: float, cross_rad: float, along_rad: float
) -> None:
    orbit = CircularOrbit(altitude_m, cross_track_rad=cross_rad, along_track_rad=along_rad)
    times = np.linspace(-400.0, 400.0, 81)
    distance, elevation = _vector_pass(times, altitude_m, cross_rad, along_rad)
    np.testing.assert_allclose(orbit.range_m(times), distance, rtol=1e-9)
    np.testing.assert_allclose(orbit.elevation_rad(times), elevation, atol=1e-9)


def test_period_from_the_centripetal_balance() -> None:
    orbit = CircularOrbit(500e3)
    radius = EARTH_RADIUS_M + 500e3
    speed = math.sqrt(EARTH_GM_M3_PER_S2 / radius)
    assert orbit.period_s == pytest.approx(2 * math.pi * radius / speed, rel=1e-12)
    # Micius' ~500 km orbit: about 94-95 minutes per revolution.
    assert 94.0 * 60 < orbit.period_s < 95.0 * 60


def test_overhead_pass_has_the_altitude_as_range() -> None:
    orbit = CircularOrbit(500e3)
    assert float(orbit.range_m(0.0)) == pytest.approx(500e3, rel=1e-12)
    assert orbit.max_elevation_rad == pytest.approx(math.pi / 2, abs=1e-7)


@pytest.mark.parametrize("min_deg", [0.0, 10.0, 25.0])
@pytest.mark.parametrize("cross_rad", [0.0, 0.05])
def test_visible_window_ends_at_the_minimum_elevation(min_deg: float, cross_rad: float) -> None:
    orbit = CircularOrbit(500e3, cross_track_rad=cross_rad, along_track_rad=0.03)
    half = orbit.visible_half_time_s(math.radians(min_deg))
    centre = orbit.closest_approach_s
    ends = np.array([centre - half, centre + half])
    _, vector_elevation = _vector_pass(ends, 500e3, cross_rad, 0.03)
    np.testing.assert_allclose(vector_elevation, math.radians(min_deg), atol=1e-9)
    inside = np.linspace(centre - 0.99 * half, centre + 0.99 * half, 41)
    assert np.all(orbit.elevation_rad(inside) > math.radians(min_deg))


def test_horizon_central_angle_is_the_tangent_line() -> None:
    # At the horizon the line of sight is tangent to the sphere: cos gamma = R / (R + h).
    expected = math.acos(EARTH_RADIUS_M / (EARTH_RADIUS_M + 500e3))
    assert max_central_angle_rad(0.0, 500e3) == pytest.approx(expected, rel=1e-12)


def test_elevation_below_the_horizon_is_refused() -> None:
    orbit = CircularOrbit(500e3)
    with pytest.raises(PhysicalConstraintError, match=r"min_elevation_rad=-0\.01: is below"):
        orbit.visible_half_time_s(-0.01)


def test_a_pass_that_never_climbs_high_enough_is_refused() -> None:
    orbit = CircularOrbit(500e3, cross_track_rad=0.2)  # peaks near 20 degrees
    with pytest.raises(PhysicalConstraintError, match=r"min_elevation_rad.*never reached"):
        orbit.visible_half_time_s(math.radians(60.0))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"altitude_m": 0.0}, "altitude_m"),
        ({"altitude_m": 5e5, "cross_track_rad": 2.0}, "cross_track_rad"),
        ({"altitude_m": 5e5, "earth_radius_m": -1.0}, "earth_radius_m"),
    ],
)
def test_bad_orbits_name_the_field(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(InvalidParameterError, match=field):
        CircularOrbit(**kwargs)


def test_an_orbit_beyond_the_hill_sphere_is_refused() -> None:
    # r_H = a (m_Earth / (3 M_Sun))^(1/3): 1 au (IAU 2012) and the Sun/Earth mass ratio
    # 332946.0487 (IAU 2009) give 1.496e9 m from the Earth's centre.
    hill_m = 1.495978707e11 * (1 / (3 * 332946.0487)) ** (1 / 3)
    assert pytest.approx(hill_m, rel=1e-3) == EARTH_HILL_RADIUS_M
    below = hill_m - EARTH_RADIUS_M - 1e7
    assert CircularOrbit(altitude_m=below).period_s > 0  # about 0.6 years: still the Earth's
    for altitude_m in (hill_m, 1e300):  # 1e300 overflowed the orbital rate's cube
        with pytest.raises(PhysicalConstraintError, match=r"altitude_m=.*Hill sphere"):
            CircularOrbit(altitude_m=altitude_m)
