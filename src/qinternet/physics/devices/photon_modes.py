"""Temporal and spectral modes of single photons, and the two-photon interference they allow.

Two single photons in pure modes psi_a(t), psi_b(t) meeting at a balanced beam splitter
coincide with probability (1 - |<psi_a|psi_b>|^2) / 2, so the Hong-Ou-Mandel visibility is
the modes' overlap V = |<psi_a|psi_b>|^2 (Hong, Ou, Mandel 1987; Legero et al. 2003).
Heralding schemes that interfere photons from two emitters (Barrett-Kok, single-click)
take this V as their ``visibility``.

Closed forms, with Delta omega the difference of the centre angular frequencies:

- Gaussian modes psi(t) ~ exp(-(t - t0)^2 / (4 sigma^2) - i omega t) (sigma the standard
  deviation of the intensity |psi|^2 in time):
  V = 2 s_a s_b / (s_a^2 + s_b^2) exp(-Delta t^2 / (2 (s_a^2 + s_b^2)))
  exp(-2 Delta omega^2 s_a^2 s_b^2 / (s_a^2 + s_b^2));
- exponential decay psi(t) = sqrt(g) exp(-g t / 2 - i omega t) for t >= 0 (an emitter of
  lifetime 1/g excited at t = 0): V = 4 g_a g_b / ((g_a + g_b)^2 + 4 Delta omega^2).

Modes of different families are overlapped by quadrature (SciPy). Frequency conversion
moves a photon's centre frequency and keeps its envelope (:meth:`PhotonMode.converted`).

References:
    C. K. Hong, Z. Y. Ou, L. Mandel, PRL 59, 2044 (1987), doi:10.1103/PhysRevLett.59.2044.
    T. Legero, T. Wilk, A. Kuhn, G. Rempe, "Time-resolved two-photon quantum
    interference", Appl. Phys. B 77, 797 (2003), doi:10.1007/s00340-003-1337-x.
    S. D. Barrett, P. Kok, PRA 71, 060310 (2005), doi:10.1103/PhysRevA.71.060310.

Examples:
    >>> a = ExponentialMode(decay_rate_hz=1 / 12e-9)   # e.g. an NV centre, 12 ns
    >>> b = ExponentialMode(decay_rate_hz=1 / 1.7e-9)  # e.g. a SiV centre, 1.7 ns
    >>> round(hom_visibility(a, b), 4)  # 4 g_a g_b / (g_a + g_b)^2
    0.4348
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_finite, check_positive

_INTEGRATION_SPAN = 40.0
"""Half-width of the quadrature window in units of the modes' time scales."""


class PhotonMode(Protocol):
    """A normalised single-photon temporal mode with a centre angular frequency."""

    @property
    def centre_frequency_rad_per_s(self) -> float:
        """The centre angular frequency (frozen dataclass fields satisfy it)."""
        ...

    def amplitude(self, time_s: float) -> complex:
        """psi(t) in the frame rotating at angular frequency 0."""
        ...

    def support_s(self) -> tuple[float, float]:
        """A time interval holding all but a negligible part of |psi|^2."""
        ...

    def converted(self, centre_frequency_rad_per_s: float) -> PhotonMode:
        """The same envelope at another centre frequency (frequency conversion)."""
        ...


@dataclass(frozen=True)
class GaussianMode:
    """A Gaussian wave packet.

    Args:
        duration_s: standard deviation sigma of |psi(t)|^2, s (> 0); the intensity FWHM
            is 2 sqrt(2 ln 2) sigma.
        centre_time_s: centre t0 of the packet, s.
        centre_frequency_rad_per_s: centre angular frequency (or detuning from a common
            reference), rad/s.

    Examples:
        >>> GaussianMode(duration_s=0.0)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: duration_s=0.0: must be a finite time > 0 s
    """

    duration_s: float
    centre_time_s: float = 0.0
    centre_frequency_rad_per_s: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "duration_s", check_positive(self.duration_s, "duration_s", "s"))
        for name in ("centre_time_s", "centre_frequency_rad_per_s"):
            object.__setattr__(self, name, check_finite(getattr(self, name), name))

    def amplitude(self, time_s: float) -> complex:
        """(2 pi sigma^2)^(-1/4) exp(-(t - t0)^2 / (4 sigma^2) - i omega t)."""
        sigma = self.duration_s
        envelope = (2.0 * math.pi * sigma**2) ** -0.25
        envelope *= math.exp(-((time_s - self.centre_time_s) ** 2) / (4.0 * sigma**2))
        return envelope * complex(np.exp(-1j * self.centre_frequency_rad_per_s * time_s))

    def support_s(self) -> tuple[float, float]:
        """t0 +- 40 sigma."""
        span = _INTEGRATION_SPAN * self.duration_s
        return self.centre_time_s - span, self.centre_time_s + span

    def converted(self, centre_frequency_rad_per_s: float) -> GaussianMode:
        """This packet moved to ``centre_frequency_rad_per_s``."""
        return replace(self, centre_frequency_rad_per_s=centre_frequency_rad_per_s)


@dataclass(frozen=True)
class ExponentialMode:
    """The photon of an emitter with decay rate g (lifetime 1/g) excited at ``start_s``.

    Args:
        decay_rate_hz: intensity decay rate g = 1 / lifetime, 1/s (> 0).
        start_s: excitation time, s.
        centre_frequency_rad_per_s: centre angular frequency (or detuning), rad/s.

    Examples:
        >>> ExponentialMode(decay_rate_hz=-1.0)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: decay_rate_hz=-1.0: must be a finite rate > 0 Hz
    """

    decay_rate_hz: float
    start_s: float = 0.0
    centre_frequency_rad_per_s: float = 0.0

    def __post_init__(self) -> None:
        rate = check_positive(self.decay_rate_hz, "decay_rate_hz", "Hz")
        object.__setattr__(self, "decay_rate_hz", rate)
        for name in ("start_s", "centre_frequency_rad_per_s"):
            object.__setattr__(self, name, check_finite(getattr(self, name), name))

    @property
    def lifetime_s(self) -> float:
        """1 / g, s."""
        return 1.0 / self.decay_rate_hz

    def amplitude(self, time_s: float) -> complex:
        """sqrt(g) exp(-g (t - t_start) / 2 - i omega t) after ``start_s``, 0 before."""
        elapsed = time_s - self.start_s
        if elapsed < 0.0:
            return 0j
        envelope = math.sqrt(self.decay_rate_hz) * math.exp(-0.5 * self.decay_rate_hz * elapsed)
        return envelope * complex(np.exp(-1j * self.centre_frequency_rad_per_s * time_s))

    def support_s(self) -> tuple[float, float]:
        """From the excitation to 80 lifetimes after it."""
        return self.start_s, self.start_s + 2.0 * _INTEGRATION_SPAN * self.lifetime_s

    def converted(self, centre_frequency_rad_per_s: float) -> ExponentialMode:
        """This photon moved to ``centre_frequency_rad_per_s``."""
        return replace(self, centre_frequency_rad_per_s=centre_frequency_rad_per_s)


def _gaussian_overlap(a: GaussianMode, b: GaussianMode) -> float:
    total = a.duration_s**2 + b.duration_s**2
    width = 2.0 * a.duration_s * b.duration_s / total
    delay = math.exp(-((a.centre_time_s - b.centre_time_s) ** 2) / (2.0 * total))
    detuning = a.centre_frequency_rad_per_s - b.centre_frequency_rad_per_s
    spectral = math.exp(-2.0 * detuning**2 * (a.duration_s * b.duration_s) ** 2 / total)
    return width * delay * spectral


def _exponential_overlap(a: ExponentialMode, b: ExponentialMode) -> float:
    ga, gb = a.decay_rate_hz, b.decay_rate_hz
    detuning = a.centre_frequency_rad_per_s - b.centre_frequency_rad_per_s
    # Excited at different times: the later photon overlaps the earlier one's tail.
    first, second = (a, b) if a.start_s <= b.start_s else (b, a)
    tail = math.exp(-first.decay_rate_hz * (second.start_s - first.start_s))
    return 4.0 * ga * gb * tail / ((ga + gb) ** 2 + 4.0 * detuning**2)


def _quadrature_overlap(a: PhotonMode, b: PhotonMode) -> float:
    start = max(a.support_s()[0], b.support_s()[0])
    stop = min(a.support_s()[1], b.support_s()[1])
    if stop <= start:
        return 0.0
    points = [t for mode in (a, b) for t in mode.support_s() if start < t < stop]

    def part(time_s: float, imaginary: bool) -> float:
        product = a.amplitude(time_s).conjugate() * b.amplitude(time_s)
        return product.imag if imaginary else product.real

    kwargs = {"limit": 500, "points": points or None, "epsabs": 1e-13, "epsrel": 1e-10}
    from scipy.integrate import quad  # loaded by numerical overlaps alone

    real = quad(part, start, stop, args=(False,), **kwargs)[0]
    imaginary = quad(part, start, stop, args=(True,), **kwargs)[0]
    return real**2 + imaginary**2


def mode_overlap(a: PhotonMode, b: PhotonMode) -> float:
    """|<psi_a|psi_b>|^2 of two photon modes: closed form within a family, quadrature
    across families.

    Raises:
        InvalidParameterError: if a mode is not a :class:`GaussianMode` or
            :class:`ExponentialMode` (or another :class:`PhotonMode`).

    Examples:
        >>> a, b = GaussianMode(1e-9), GaussianMode(2e-9)
        >>> round(mode_overlap(a, b), 12)  # 2 s_a s_b / (s_a^2 + s_b^2)
        0.8
    """
    for name, mode in (("mode_a", a), ("mode_b", b)):
        if not all(hasattr(mode, attr) for attr in ("amplitude", "support_s", "converted")):
            raise InvalidParameterError(name, mode, "must be a photon mode (GaussianMode, ...)")
    if isinstance(a, GaussianMode) and isinstance(b, GaussianMode):
        return _gaussian_overlap(a, b)
    if isinstance(a, ExponentialMode) and isinstance(b, ExponentialMode):
        return _exponential_overlap(a, b)
    return min(_quadrature_overlap(a, b), 1.0)


def hom_visibility(a: PhotonMode, b: PhotonMode) -> float:
    """Hong-Ou-Mandel visibility of single photons in modes ``a`` and ``b``: their
    overlap |<psi_a|psi_b>|^2, the ``visibility`` of :func:`barrett_kok_link` and
    :func:`single_click_link` for photons from two different emitters.

    Examples:
        >>> nv = ExponentialMode(1 / 12e-9, centre_frequency_rad_per_s=0.0)
        >>> detuned = nv.converted(2 * math.pi * 10e6)  # 10 MHz away: lifetime-limited
        >>> round(hom_visibility(nv, detuned), 4)  # 1 / (1 + (Delta / g)^2)
        0.6376
    """
    return mode_overlap(a, b)
