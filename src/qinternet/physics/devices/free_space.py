"""Free-space optical channels: diffraction, pointing and turbulence, atmosphere, background.

A Gaussian beam of waist w0 (1/e^2 intensity radius) at wavelength lambda has Rayleigh
range zR = pi w0^2 / lambda and width w(z) = w0 sqrt(1 + (z / zR)^2) at range z. A
receiver of radius a centred on it collects the fraction 1 - exp(-2 a^2 / w^2) of its
power. Pointing jitter and turbulence-induced beam wander move the beam centre at random;
with a Gaussian angular jitter of standard deviation sigma per axis (pointing and
turbulence added in quadrature), the beam averaged over the jitter is again Gaussian with
the long-term width

    w_LT^2 = w^2 + 4 (sigma z)^2,

so the mean collected fraction is exactly 1 - exp(-2 a^2 / w_LT^2) (the collected power is
linear in the intensity). A fixed pointing bias b (rad) offsets the long-term beam by
d = b z; the collected fraction is then the non-central chi-square probability
P(chi'^2_2(4 d^2 / w_LT^2) <= 4 a^2 / w_LT^2) (equivalently 1 - Q1(2d/w, 2a/w), Marcum's Q).

The atmosphere transmits T0 at zenith and T0^m at elevation e, with air mass m = 1/sin(e)
for a plane-parallel atmosphere or Kasten and Young's fit for a curved, refracting one.
Background light (sky radiance H in W m^-2 sr^-1 nm^-1 by day or night) gives
N = H Omega A d_lambda eta / (h c / lambda) counts per second in a receiver of area A,
field of view Omega and filter width d_lambda; per detection window this is a
dark-count-like probability 1 - exp(-N window).

References:
    A. E. Siegman, *Lasers* (University Science Books, 1986), ch. 17 (Gaussian beams).
    L. C. Andrews, R. L. Phillips, *Laser Beam Propagation through Random Media*, 2nd ed.
    (SPIE, 2005) (long-term beam width, beam wander).
    J.-P. Bourgoin et al., "A comprehensive design and performance analysis of low Earth
    orbit satellite quantum communication", New J. Phys. 15, 023006 (2013),
    doi:10.1088/1367-2630/15/2/023006 (diffraction, pointing, atmosphere, background).
    F. Kasten, A. T. Young, "Revised optical air mass tables and approximation formula",
    Appl. Opt. 28, 4735 (1989), doi:10.1364/AO.28.004735 (air mass formula).
    E.-L. Miao et al., "Background noise of satellite-to-ground quantum key
    distribution", New J. Phys. 7, 215 (2005), doi:10.1088/1367-2630/7/1/215.

Examples:
    >>> channel = FreeSpaceChannel(
    ...     wavelength_nm=810.0, transmitter_radius_m=0.15, receiver_radius_m=0.6
    ... )
    >>> round(channel.rayleigh_range_m / 1e3, 2)  # km
    87.27
    >>> round(float(channel.collected_fraction(500e3)), 4)  # 1 - exp(-2 a^2 / w^2)
    0.6117
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.units import PLANCK_J_S, SPEED_OF_LIGHT_M_PER_S
from qinternet.core.validation import (
    check_choice,
    check_finite,
    check_non_negative,
    check_positive,
    check_probability,
)
from qinternet.physics.devices.orbit import check_elevation

NANOMETRE = 1.0e-9
"""Metres per nanometre."""


class AirMass(StrEnum):
    """How the path through the atmosphere grows away from the zenith."""

    PLANE = "plane"
    """Plane-parallel atmosphere: m = 1 / sin(elevation)."""
    KASTEN_YOUNG = "kasten_young"
    """Kasten & Young (1989): m = 1 / (cos z + 0.50572 (96.07995 - z)^-1.6364), z in deg."""


def air_mass(elevation_rad: ArrayLike, model: AirMass | str = AirMass.PLANE) -> NDArray[np.float64]:
    """Relative optical path through the atmosphere at ``elevation_rad`` (1 at zenith).

    Raises:
        PhysicalConstraintError: for an elevation below the horizon.

    Examples:
        >>> round(float(air_mass(math.radians(30.0))), 12)
        2.0
        >>> round(float(air_mass(math.radians(30.0), "kasten_young")), 4)
        1.9943
    """
    choice = check_choice(model, AirMass, "air_mass_model")
    elevation = np.asarray(elevation_rad, dtype=np.float64)
    for value in np.atleast_1d(elevation):
        check_elevation(float(value), "elevation_rad")
    if choice is AirMass.PLANE:
        return 1.0 / np.sin(np.maximum(elevation, 1e-300))
    zenith_deg = 90.0 - np.degrees(elevation)
    return 1.0 / (np.cos(np.radians(zenith_deg)) + 0.50572 * (96.07995 - zenith_deg) ** -1.6364)


MAX_APERTURE_RADIUS_M = 1e3
"""Largest telescope radius accepted, m: optical apertures are metres (the largest, the
Extremely Large Telescope, is 39 m across); beyond a kilometre a number is a unit slip."""

WAVELENGTH_RANGE_NM = (1.0, 1e6)
"""Wavelengths accepted, nm (X-ray to millimetre): the Gaussian optics of this module."""


def check_aperture(value: float, name: str) -> float:
    """``value`` as a telescope radius in (0, :data:`MAX_APERTURE_RADIUS_M`] m.

    Examples:
        >>> check_aperture(1e300, "receiver_radius_m")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: receiver_radius_m=1e+300: exceeds 1000 m: an optical telescope's radius is metres
    """
    radius = check_positive(value, name, "m")
    if radius > MAX_APERTURE_RADIUS_M:
        raise InvalidParameterError(
            name,
            value,
            f"exceeds {MAX_APERTURE_RADIUS_M:g} m: an optical telescope's radius is metres",
        )
    return radius


def check_wavelength(value: float, name: str) -> float:
    """``value`` as a wavelength within :data:`WAVELENGTH_RANGE_NM`, nm."""
    wavelength = check_positive(value, name)
    low, high = WAVELENGTH_RANGE_NM
    if not low <= wavelength <= high:
        raise InvalidParameterError(
            name, value, f"must lie in [{low:g}, {high:g}] nm (X-ray to millimetre)"
        )
    return wavelength


def gaussian_beam_width_m(
    waist_m: float, range_m: ArrayLike, wavelength_nm: float
) -> NDArray[np.float64]:
    """Width w0 sqrt(1 + (z / zR)^2) of a Gaussian beam at range z, zR = pi w0^2 / lambda.

    Examples:
        >>> zr = math.pi * 0.1**2 / 800e-9
        >>> round(float(gaussian_beam_width_m(0.1, zr, 800.0)) / 0.1, 12)  # sqrt(2) at zR
        1.414213562373
    """
    waist = check_aperture(waist_m, "waist_m")
    wavelength_m = check_wavelength(wavelength_nm, "wavelength_nm") * NANOMETRE
    rayleigh_m = math.pi * waist**2 / wavelength_m
    distance = np.asarray(range_m, dtype=np.float64)
    return waist * np.sqrt(1.0 + (distance / rayleigh_m) ** 2)


def aperture_fraction(
    beam_width_m: ArrayLike, receiver_radius_m: float, offset_m: ArrayLike = 0.0
) -> NDArray[np.float64]:
    """Fraction of a Gaussian beam (width w, centre ``offset_m`` from the aperture's centre)
    that an aperture of radius a collects: P(chi'^2_2(4 d^2/w^2) <= 4 a^2/w^2), which is
    1 - exp(-2 a^2 / w^2) for d = 0.

    Examples:
        >>> round(float(aperture_fraction(1.0, 0.5)), 6)  # 1 - exp(-1/2)
        0.393469
        >>> round(float(aperture_fraction(1.0, 0.5, offset_m=0.5)), 6)  # off centre
        0.26712
    """
    radius = check_aperture(receiver_radius_m, "receiver_radius_m")
    width = np.asarray(beam_width_m, dtype=np.float64)
    offset = np.asarray(offset_m, dtype=np.float64)
    centred = -np.expm1(-2.0 * radius**2 / width**2)
    from scipy.stats import ncx2  # scipy.stats loads slowly: only when a beam is off centre

    shifted = ncx2.cdf(4.0 * radius**2 / width**2, 2, 4.0 * offset**2 / width**2)
    return np.where(offset == 0.0, centred, shifted)


def background_probability(background_rate_hz: float, window_s: float) -> float:
    """Probability 1 - exp(-N window) of at least one background count in a window.

    Examples:
        >>> round(background_probability(1e3, 1e-9), 12)
        1e-06
    """
    rate = check_non_negative(background_rate_hz, "background_rate_hz", "Hz")
    return -math.expm1(-rate * check_positive(window_s, "window_s", "s"))


def sky_background_rate_hz(
    radiance_w_per_m2_sr_nm: float,
    *,
    field_of_view_rad: float,
    receiver_radius_m: float,
    filter_width_nm: float,
    wavelength_nm: float,
    efficiency: float = 1.0,
) -> float:
    """Background counts per second, H Omega (pi a^2) d_lambda eta lambda / (h c), from a
    sky of radiance H seen through a full field of view theta (Omega = pi theta^2 / 4).

    Day and night differ only in H (Miao et al. 2005; Bourgoin et al. 2013).

    Examples:
        >>> rate = sky_background_rate_hz(
        ...     1e-6, field_of_view_rad=100e-6, receiver_radius_m=0.5,
        ...     filter_width_nm=1.0, wavelength_nm=800.0)
        >>> round(rate, 1)
        24842.4
    """
    radiance = check_non_negative(radiance_w_per_m2_sr_nm, "radiance_w_per_m2_sr_nm")
    fov = check_positive(field_of_view_rad, "field_of_view_rad")
    radius = check_aperture(receiver_radius_m, "receiver_radius_m")
    width = check_positive(filter_width_nm, "filter_width_nm")
    wavelength_m = check_wavelength(wavelength_nm, "wavelength_nm") * NANOMETRE
    eta = check_probability(efficiency, "efficiency")
    photon_energy_j = PLANCK_J_S * SPEED_OF_LIGHT_M_PER_S / wavelength_m
    solid_angle_sr = math.pi * fov**2 / 4.0
    power_w = radiance * solid_angle_sr * math.pi * radius**2 * width
    return power_w * eta / photon_energy_j


@dataclass(frozen=True)
class FreeSpaceChannel:
    """A free-space (satellite-to-ground or ground-to-ground) optical channel.

    Args:
        wavelength_nm: the photons' wavelength, nm (> 0).
        transmitter_radius_m: radius of the transmitting telescope, m (> 0); the beam
            leaves it with waist w0 equal to this radius (a model choice: the Gaussian
            beam filling the aperture to its 1/e^2 radius).
        receiver_radius_m: radius of the receiving telescope, m (> 0).
        zenith_transmission: transmission of the atmosphere at zenith, in [0, 1]
            (1 for a link above the atmosphere).
        pointing_jitter_rad: standard deviation of the pointing error per axis, rad.
        turbulence_jitter_rad: standard deviation per axis of the turbulence-induced
            beam wander and broadening, rad (adds in quadrature to the pointing jitter).
        pointing_bias_rad: fixed pointing offset, rad.
        efficiency: transmission of the telescopes' optics and the detection after
            them, in [0, 1].
        air_mass_model: ``"plane"`` or ``"kasten_young"`` (:class:`AirMass`).

    Raises:
        InvalidParameterError: naming the field, for a wavelength outside
            :data:`WAVELENGTH_RANGE_NM`, an aperture not in (0, 1 km], a negative jitter,
            an angle beyond pi rad, or an efficiency outside [0, 1].

    Examples:
        >>> FreeSpaceChannel(wavelength_nm=810.0, transmitter_radius_m=0.0, receiver_radius_m=0.6)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: transmitter_radius_m=0.0: must be a finite length > 0 m
    """

    wavelength_nm: float
    transmitter_radius_m: float
    receiver_radius_m: float
    zenith_transmission: float = 1.0
    pointing_jitter_rad: float = 0.0
    turbulence_jitter_rad: float = 0.0
    pointing_bias_rad: float = 0.0
    efficiency: float = 1.0
    air_mass_model: AirMass = AirMass.PLANE

    def __post_init__(self) -> None:
        wavelength = check_wavelength(self.wavelength_nm, "wavelength_nm")
        object.__setattr__(self, "wavelength_nm", wavelength)
        for name in ("transmitter_radius_m", "receiver_radius_m"):
            object.__setattr__(self, name, check_aperture(getattr(self, name), name))
        for name in ("pointing_jitter_rad", "turbulence_jitter_rad", "pointing_bias_rad"):
            angle = check_finite(getattr(self, name), name)
            if name != "pointing_bias_rad":
                check_non_negative(angle, name)
            if abs(angle) > math.pi:
                raise InvalidParameterError(name, angle, "exceeds pi rad: not a pointing angle")
            object.__setattr__(self, name, angle)
        for name in ("zenith_transmission", "efficiency"):
            object.__setattr__(self, name, check_probability(getattr(self, name), name))
        model = check_choice(self.air_mass_model, AirMass, "air_mass_model")
        object.__setattr__(self, "air_mass_model", model)

    @property
    def rayleigh_range_m(self) -> float:
        """zR = pi w0^2 / lambda, m."""
        return math.pi * self.transmitter_radius_m**2 / (self.wavelength_nm * NANOMETRE)

    @property
    def divergence_rad(self) -> float:
        """Far-field half-angle divergence lambda / (pi w0) of the diffraction-limited beam."""
        return self.wavelength_nm * NANOMETRE / (math.pi * self.transmitter_radius_m)

    @property
    def jitter_rad(self) -> float:
        """Total angular jitter per axis: pointing and turbulence in quadrature, rad."""
        return math.hypot(self.pointing_jitter_rad, self.turbulence_jitter_rad)

    def beam_width_m(self, range_m: ArrayLike) -> NDArray[np.float64]:
        """Diffraction-limited width w(z) at range z, m."""
        return gaussian_beam_width_m(self.transmitter_radius_m, range_m, self.wavelength_nm)

    def long_term_width_m(self, range_m: ArrayLike) -> NDArray[np.float64]:
        """Width sqrt(w^2 + 4 (sigma z)^2) of the beam averaged over the jitter, m."""
        distance = np.asarray(range_m, dtype=np.float64)
        return np.sqrt(self.beam_width_m(distance) ** 2 + 4.0 * (self.jitter_rad * distance) ** 2)

    def collected_fraction(self, range_m: ArrayLike) -> NDArray[np.float64]:
        """Mean fraction of the beam the receiver collects at range z (diffraction,
        jitter, bias; no atmosphere or optics)."""
        distance = np.asarray(range_m, dtype=np.float64)
        check_non_negative(float(np.min(distance)), "range_m", "m")
        return aperture_fraction(
            self.long_term_width_m(distance),
            self.receiver_radius_m,
            self.pointing_bias_rad * distance,
        )

    def atmospheric_transmission(self, elevation_rad: ArrayLike) -> NDArray[np.float64]:
        """T0^m: the zenith transmission raised to the air mass at ``elevation_rad``."""
        return self.zenith_transmission ** air_mass(elevation_rad, self.air_mass_model)

    def transmission(self, range_m: ArrayLike, elevation_rad: ArrayLike) -> NDArray[np.float64]:
        """Probability that a photon sent reaches the detector and clicks: collected
        fraction x atmosphere x optics and detection efficiency.

        Examples:
            >>> channel = FreeSpaceChannel(810.0, 0.15, 0.6, zenith_transmission=0.8)
            >>> round(float(channel.transmission(500e3, math.pi / 2)), 4)
            0.4894
        """
        collected = self.collected_fraction(range_m)
        return collected * self.atmospheric_transmission(elevation_rad) * self.efficiency
