"""Tests of qinternet.physics.devices.free_space: diffraction, jitter, atmosphere, background.

Oracles derived here: the Gaussian beam's width from its complex beam parameter
q(z) = z + i zR; collected fractions by integrating the beam's intensity over the disc
(the offset beam through the Bessel-function kernel); the jitter-averaged fraction by
averaging the offset beam over a Rayleigh-distributed displacement; the air mass by
integrating an exponential atmosphere on a sphere along the slant path.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import i0e
from scipy.stats import poisson

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.physics.devices.free_space import (
    FreeSpaceChannel,
    air_mass,
    aperture_fraction,
    background_probability,
    gaussian_beam_width_m,
    sky_background_rate_hz,
)

EARTH_RADIUS_M = 6371e3
SCALE_HEIGHT_M = 8.0e3  # an isothermal atmosphere's scale height, for the oracle only


def _width_from_q(waist_m: float, range_m: float, wavelength_m: float) -> float:
    """Width from 1/q = 1/R - i lambda / (pi w^2), with q = z + i zR."""
    rayleigh = math.pi * waist_m**2 / wavelength_m
    inverse_q = 1.0 / complex(range_m, rayleigh)
    return math.sqrt(-wavelength_m / (math.pi * inverse_q.imag))


def _offset_fraction(width_m: float, radius_m: float, offset_m: float) -> float:
    """Power of a Gaussian beam, centre offset d, inside radius a: the angular integral of
    exp(-2 |r - d|^2 / w^2) is 2 pi I0(4 r d / w^2) exp(-2 (r^2 + d^2) / w^2)."""

    def density(r: float) -> float:
        x = 4.0 * r * offset_m / width_m**2
        # i0e(x) exp(x) = I0(x); fold exp(x) into the Gaussian to stay finite.
        return 4.0 * r / width_m**2 * i0e(x) * math.exp(x - 2.0 * (r**2 + offset_m**2) / width_m**2)

    return quad(density, 0.0, radius_m, limit=200, epsabs=1e-13)[0]


@pytest.mark.parametrize(
    ("waist_m", "range_m", "wavelength_nm"),
    [(0.15, 500e3, 810.0), (0.09, 1.2e6, 810.0), (0.05, 10e3, 1550.0), (0.2, 0.0, 780.0)],
)
def test_beam_width_from_the_complex_beam_parameter(
    waist_m: float, range_m: float, wavelength_nm: float
) -> None:
    expected = _width_from_q(waist_m, range_m, wavelength_nm * 1e-9)
    assert float(gaussian_beam_width_m(waist_m, range_m, wavelength_nm)) == pytest.approx(
        expected, rel=1e-12
    )


@pytest.mark.parametrize(("width_m", "radius_m"), [(1.0, 0.5), (3.0, 0.6), (0.4, 0.9)])
@pytest.mark.parametrize("offset_m", [0.0, 0.3, 1.5])
def test_aperture_fraction_integrates_the_intensity(
    width_m: float, radius_m: float, offset_m: float
) -> None:
    expected = _offset_fraction(width_m, radius_m, offset_m)
    assert float(aperture_fraction(width_m, radius_m, offset_m)) == pytest.approx(
        expected, rel=1e-9, abs=1e-14
    )


def test_centred_fraction_is_the_closed_form() -> None:
    # 1 - exp(-2 a^2 / w^2): the collected fraction.
    for width, radius in [(1.37, 0.6), (10.0, 0.9)]:
        expected = 1.0 - math.exp(-2.0 * radius**2 / width**2)
        assert float(aperture_fraction(width, radius)) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("jitter_rad", [1e-6, 5e-6])
def test_jitter_average_is_the_long_term_beam(jitter_rad: float) -> None:
    channel = FreeSpaceChannel(810.0, 0.15, 0.6, turbulence_jitter_rad=jitter_rad)
    range_m = 800e3
    width = float(channel.beam_width_m(range_m))
    sigma = jitter_rad * range_m  # per-axis displacement of the beam centre, m

    def rayleigh_weighted(d: float) -> float:
        return d / sigma**2 * math.exp(-(d**2) / (2 * sigma**2)) * _offset_fraction(width, 0.6, d)

    averaged = quad(rayleigh_weighted, 0.0, 12 * sigma, limit=200, epsabs=1e-14)[0]
    assert float(channel.collected_fraction(range_m)) == pytest.approx(averaged, rel=1e-7)


def test_pointing_and_turbulence_jitter_add_in_quadrature() -> None:
    both = FreeSpaceChannel(810.0, 0.15, 0.6, pointing_jitter_rad=3e-6, turbulence_jitter_rad=4e-6)
    single = FreeSpaceChannel(810.0, 0.15, 0.6, pointing_jitter_rad=5e-6)
    assert float(both.collected_fraction(1e6)) == pytest.approx(
        float(single.collected_fraction(1e6)), rel=1e-12
    )


def test_pointing_bias_offsets_the_long_term_beam() -> None:
    channel = FreeSpaceChannel(810.0, 0.15, 0.6, pointing_jitter_rad=2e-6, pointing_bias_rad=1e-6)
    range_m = 700e3
    width = float(channel.long_term_width_m(range_m))
    expected = _offset_fraction(width, 0.6, 1e-6 * range_m)
    assert float(channel.collected_fraction(range_m)) == pytest.approx(expected, rel=1e-9)


def _curved_air_mass(elevation_rad: float) -> float:
    """Slant column of an exponential atmosphere on a sphere over the vertical column."""

    def density(s: float) -> float:
        height = math.sqrt(
            EARTH_RADIUS_M**2 + s**2 + 2 * EARTH_RADIUS_M * s * math.sin(elevation_rad)
        )
        return math.exp(-(height - EARTH_RADIUS_M) / SCALE_HEIGHT_M)

    return quad(density, 0.0, 50 * SCALE_HEIGHT_M, limit=400, epsrel=1e-12)[0] / SCALE_HEIGHT_M


@pytest.mark.parametrize("elevation_deg", [30.0, 45.0, 60.0, 90.0])
def test_plane_parallel_air_mass_above_30_degrees(elevation_deg: float) -> None:
    elevation = math.radians(elevation_deg)
    assert float(air_mass(elevation)) == pytest.approx(_curved_air_mass(elevation), rel=5e-3)


@pytest.mark.parametrize("elevation_deg", [5.0, 10.0, 20.0, 45.0, 90.0])
def test_kasten_young_air_mass_follows_the_curved_atmosphere(elevation_deg: float) -> None:
    elevation = math.radians(elevation_deg)
    curved = _curved_air_mass(elevation)
    fitted = float(air_mass(elevation, "kasten_young"))
    # Kasten & Young fit the real (refracting, layered) atmosphere; an isothermal one
    # differs by <2% down to 5 degrees, where the plane-parallel model is 13% off.
    assert fitted == pytest.approx(curved, rel=0.02)
    if elevation_deg <= 10.0:
        assert abs(fitted - curved) < abs(float(air_mass(elevation)) - curved)


def test_transmission_multiplies_geometry_atmosphere_and_efficiency() -> None:
    channel = FreeSpaceChannel(
        810.0, 0.15, 0.6, zenith_transmission=0.8, turbulence_jitter_rad=5e-6, efficiency=0.4
    )
    range_m, elevation = 900e3, math.radians(35.0)
    width = math.sqrt(_width_from_q(0.15, range_m, 810e-9) ** 2 + 4 * (5e-6 * range_m) ** 2)
    geometric = 1.0 - math.exp(-2 * 0.6**2 / width**2)
    expected = geometric * 0.8 ** (1 / math.sin(elevation)) * 0.4
    assert float(channel.transmission(range_m, elevation)) == pytest.approx(expected, rel=1e-12)


def test_background_probability_is_poissonian() -> None:
    assert background_probability(2e3, 5e-9) == pytest.approx(poisson.sf(0, 2e3 * 5e-9), rel=1e-12)


def test_sky_background_from_photon_flux() -> None:
    # Radiance in photons: H lambda / (h c) per (s m^2 sr nm); times etendue and filter.
    h, c, wavelength = 6.62607015e-34, 299_792_458.0, 810e-9
    photons = 2e-6 * wavelength / (h * c)
    etendue = math.pi * 0.6**2 * math.pi * (150e-6 / 2) ** 2
    expected = photons * etendue * 3.0 * 0.5
    rate = sky_background_rate_hz(
        2e-6,
        field_of_view_rad=150e-6,
        receiver_radius_m=0.6,
        filter_width_nm=3.0,
        wavelength_nm=810.0,
        efficiency=0.5,
    )
    assert rate == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"receiver_radius_m": 0.0}, "receiver_radius_m"),
        ({"transmitter_radius_m": 0.0}, "transmitter_radius_m"),
        ({"efficiency": 1.2}, "efficiency"),
        ({"zenith_transmission": -0.1}, "zenith_transmission"),
        ({"pointing_jitter_rad": -1e-6}, "pointing_jitter_rad"),
        ({"wavelength_nm": 0.0}, "wavelength_nm"),
        # Sizes no telescope or light has: they overflowed the beam's squares (fuzzing).
        ({"transmitter_radius_m": 1e300}, "transmitter_radius_m"),
        ({"receiver_radius_m": 1.5e3}, "receiver_radius_m"),
        ({"wavelength_nm": 1e-300}, "wavelength_nm"),
        ({"wavelength_nm": 2e6}, "wavelength_nm"),
        ({"turbulence_jitter_rad": 1e300}, "turbulence_jitter_rad"),
        ({"pointing_bias_rad": -4.0}, "pointing_bias_rad"),
    ],
)
def test_bad_channels_name_the_field(kwargs: dict[str, float], field: str) -> None:
    values: dict[str, float] = {
        "wavelength_nm": 810.0,
        "transmitter_radius_m": 0.15,
        "receiver_radius_m": 0.6,
    }
    values.update(kwargs)
    with pytest.raises(InvalidParameterError, match=f"^{field}="):
        FreeSpaceChannel(**values)  # type: ignore[arg-type]


def test_elevation_below_the_horizon_is_refused() -> None:
    channel = FreeSpaceChannel(810.0, 0.15, 0.6)
    with pytest.raises(
        PhysicalConstraintError, match=r"elevation_rad=-0\.05: is below the horizon"
    ):
        channel.transmission(1e6, -0.05)
    with pytest.raises(PhysicalConstraintError, match="elevation_rad"):
        air_mass(np.array([0.3, -0.2]))
