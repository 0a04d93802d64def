"""Microwave-optical transduction against a cryogenic microwave line (clock-free).

Two ways to send a superconducting qubit's photon to a node ``length_m`` away:

* a **cryogenic microwave line** (coax or waveguide, Kurpiers et al. 2018 style) of loss
  ``attenuation_db_per_m``, transmission T_mw = 10^(-a L / 10), which adds the thermal
  photons of its temperature in proportion to its loss, (1 - T_mw) n_th with
  n_th = 1 / (exp(h f / k T) - 1) (a beam splitter with a thermal bath);
* **transduction**: microwave -> optical conversion (efficiency eta_t, added noise N
  photons referred to its input), optical fibre (transmission T_f), optical ->
  microwave conversion (same device). The signal arrives with eta = eta_t^2 T_f; the
  noise in the photon's mode at the receiver is n = eta_t N (1 + eta_t T_f): the first
  converter's noise travels through fibre and second converter, the second's is added
  at its output.

The receiving node absorbs the photon's mode into its qubit (deterministic transfer,
Cirac et al. 1997). To first order in the noise n, a noise photon is absorbed with
probability n and leaves the qubit in |1> whatever was sent (the leftover photons tell
the cases apart); otherwise the transfer is amplitude damping of efficiency eta:

.. code-block:: text

    K0 = sqrt(1 - n) (|0><0| + sqrt(eta) |1><1|),   K1 = sqrt((1 - n)(1 - eta)) |0><1|,
    K2 = sqrt(n) |1><0|,                             K3 = sqrt(n) |1><1|,

so the pair made by sending half of phi+ has fidelity
``F = (1 - n) (1 + sqrt(eta))^2 / 4 + n / 4`` (the tests derive it from the Kraus
operators). Both links are deterministic: one pair per cycle, the photon's window plus
the acknowledgement's round trip (the sender reuses its qubit when the receiver has
confirmed), ``t = window + 2 L / v``. The photon's window fits a hyperbolic-secant
photon of the transducer's bandwidth B (Gamma = 2 pi B) to 1 - 2 exp(-5):
``10 / (2 pi B)``; the microwave line passes any bandwidth the nodes emit.

The noise a transducer may add for the optical link to match the microwave line is a
closed form (F is linear in n); the efficiency it needs, and the length beyond which
transduction wins, are roots found by Brent's method (``scipy.optimize.brentq``).

References:
    J. I. Cirac, P. Zoller, H. J. Kimble, H. Mabuchi, Phys. Rev. Lett. 78, 3221 (1997).
    P. Kurpiers et al., Nature 558, 264 (2018), arXiv:1712.08593 (0.9 m cryogenic line).
    P. Kurpiers, T. Walter, P. Magnard, Y. Salathe, A. Wallraff, "Characterizing the
    attenuation of coaxial and rectangular microwave-frequency waveguides at cryogenic
    temperatures", EPJ Quantum Technol. 4, 8 (2017), doi:10.1140/epjqt/s40507-017-0059-7
    (abstract: losses measured down to 0.005 dB/m).
    E. Zeuthen, A. Schliesser, A. S. Sorensen, J. M. Taylor, "Figures of merit for quantum
    transducers", Quantum Sci. Technol. 5, 034009 (2020), arXiv:1610.01099 (efficiency
    and input-referred added noise as the transducer's figures of merit).

Examples:
    >>> line = MicrowaveLine(attenuation_db_per_m=0.005, temperature_k=0.05)
    >>> round(line.transmission(100.0), 4)
    0.8913
    >>> converter = Transducer(efficiency=0.9, added_noise_photons=0.0, bandwidth_hz=1e6)
    >>> round(optical_link(converter, 100.0).fidelity, 4)  # eta = 0.81 x fibre
    0.9005
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from qinternet.core.units import BOLTZMANN_J_PER_K, PLANCK_J_S
from qinternet.core.validation import check_non_negative, check_positive, check_unit_interval
from qinternet.physics.devices.fibre import Fibre

__all__ = [
    "MicrowaveLine",
    "Transducer",
    "TransferLink",
    "crossover_length_m",
    "max_added_noise_photons",
    "microwave_link",
    "noisy_transfer_fidelity",
    "optical_link",
    "required_efficiency",
]

_WINDOW_RATES = 10.0  # window = 10 / Gamma: all but 2 exp(-5) of a sech photon


def noisy_transfer_fidelity(efficiency: float, noise_photons: float) -> float:
    """``(1 - n)(1 + sqrt(eta))^2 / 4 + n / 4``: the pair's fidelity with phi+.

    Raises:
        InvalidParameterError: an efficiency or noise outside [0, 1].

    Examples:
        >>> noisy_transfer_fidelity(1.0, 0.0), noisy_transfer_fidelity(0.0, 1.0)
        (1.0, 0.25)
    """
    eta = check_unit_interval(efficiency, "efficiency")
    n = check_unit_interval(noise_photons, "noise_photons")
    return (1.0 - n) * (1.0 + math.sqrt(eta)) ** 2 / 4.0 + n / 4.0


@dataclass(frozen=True)
class Transducer:
    """A microwave-optical converter, used in both directions.

    Args:
        efficiency: photon conversion efficiency eta_t in [0, 1].
        added_noise_photons: added noise N referred to the input, photons, >= 0.
        bandwidth_hz: conversion bandwidth B, Hz, > 0.

    Raises:
        InvalidParameterError: naming the field, for a value out of range.
    """

    efficiency: float
    added_noise_photons: float
    bandwidth_hz: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "efficiency", check_unit_interval(self.efficiency, "efficiency"))
        noise = check_non_negative(self.added_noise_photons, "added_noise_photons")
        object.__setattr__(self, "added_noise_photons", noise)
        object.__setattr__(
            self, "bandwidth_hz", check_positive(self.bandwidth_hz, "bandwidth_hz", "Hz")
        )

    @property
    def photon_window_s(self) -> float:
        """The time a photon of the transducer's bandwidth needs, ``10 / (2 pi B)``."""
        return _WINDOW_RATES / (2.0 * math.pi * self.bandwidth_hz)


@dataclass(frozen=True)
class MicrowaveLine:
    """A cryogenic microwave line: loss per metre, temperature and carrier frequency.

    Args:
        attenuation_db_per_m: loss, dB/m, >= 0.
        temperature_k: the line's temperature, K, >= 0.
        frequency_hz: the photons' frequency, Hz, > 0 (default 6 GHz).
        group_velocity_m_per_s: signal velocity, m/s, > 0 (default 2e8).

    Raises:
        InvalidParameterError: naming the field, for a value out of range.
    """

    attenuation_db_per_m: float
    temperature_k: float
    frequency_hz: float = 6e9
    group_velocity_m_per_s: float = 2e8

    def __post_init__(self) -> None:
        for name, check in (
            (
                "attenuation_db_per_m",
                lambda v: check_non_negative(v, "attenuation_db_per_m", "dB/m"),
            ),
            ("temperature_k", lambda v: check_non_negative(v, "temperature_k", "K")),
            ("frequency_hz", lambda v: check_positive(v, "frequency_hz", "Hz")),
            (
                "group_velocity_m_per_s",
                lambda v: check_positive(v, "group_velocity_m_per_s", "m/s"),
            ),
        ):
            object.__setattr__(self, name, check(getattr(self, name)))

    @property
    def thermal_photons(self) -> float:
        """Bose-Einstein occupation ``1 / (exp(h f / k T) - 1)`` of the line's mode."""
        if self.temperature_k == 0.0:
            return 0.0
        return 1.0 / math.expm1(
            PLANCK_J_S * self.frequency_hz / (BOLTZMANN_J_PER_K * self.temperature_k)
        )

    def transmission(self, length_m: float) -> float:
        """``10^(-a L / 10)``."""
        length = check_non_negative(length_m, "length_m", "m")
        return 10.0 ** (-self.attenuation_db_per_m * length / 10.0)


@dataclass(frozen=True)
class TransferLink:
    """What a deterministic transfer over one link delivers.

    Attributes:
        efficiency: probability that the photon arrives (eta).
        noise_photons: noise photons in its mode at the receiver (n).
        cycle_s: time per transfer (photon window + acknowledgement round trip).
    """

    efficiency: float
    noise_photons: float
    cycle_s: float

    @property
    def fidelity(self) -> float:
        """Fidelity of the delivered pair with phi+ (:func:`noisy_transfer_fidelity`)."""
        return noisy_transfer_fidelity(self.efficiency, min(self.noise_photons, 1.0))

    @property
    def rate_hz(self) -> float:
        """Pairs per second, ``1 / cycle_s``."""
        return 1.0 / self.cycle_s


def microwave_link(
    line: MicrowaveLine, length_m: float, *, window_s: float = 180e-9
) -> TransferLink:
    """The microwave line of ``length_m``: T_mw, (1 - T_mw) n_th, ``window_s + 2 L / v``.

    ``window_s`` defaults to the 180 ns protocol of Kurpiers et al. (2018, abstract).
    """
    transmission = line.transmission(length_m)
    window = check_positive(window_s, "window_s", "s")
    return TransferLink(
        transmission,
        (1.0 - transmission) * line.thermal_photons,
        window + 2.0 * length_m / line.group_velocity_m_per_s,
    )


def optical_link(
    transducer: Transducer, length_m: float, *, fibre: Fibre | None = None
) -> TransferLink:
    """Two transducers and ``length_m`` of fibre (default: a
    :class:`~qinternet.physics.devices.Fibre`'s 0.2 dB/km and 2e8 m/s)."""
    base = Fibre(length_m=0.0) if fibre is None else fibre
    path = Fibre(
        length_m=check_non_negative(length_m, "length_m", "m"),
        attenuation_db_per_km=base.attenuation_db_per_km,
        group_velocity_m_per_s=base.group_velocity_m_per_s,
    )
    eta_t, noise = transducer.efficiency, transducer.added_noise_photons
    transmission = path.transmission
    return TransferLink(
        eta_t**2 * transmission,
        eta_t * noise * (1.0 + eta_t * transmission),
        transducer.photon_window_s + 2.0 * path.delay_s,
    )


def max_added_noise_photons(
    efficiency: float,
    length_m: float,
    line: MicrowaveLine,
    *,
    fibre: Fibre | None = None,
    window_s: float = 180e-9,
) -> float:
    """The largest added noise N with which transduction at ``efficiency`` is as good as
    the microwave line at ``length_m`` (0 if even a noiseless converter is worse).

    F is linear in n: (1 - n) A + n / 4 = F_mw gives n = (A - F_mw) / (A - 1/4), and
    n = eta_t N (1 + eta_t T_f) gives N.

    Examples:
        >>> line = MicrowaveLine(attenuation_db_per_m=0.1, temperature_k=0.05)
        >>> round(max_added_noise_photons(0.9, 200.0, line), 4)
        0.54
    """
    target = microwave_link(line, length_m, window_s=window_s).fidelity
    noiseless = optical_link(Transducer(efficiency, 0.0, 1.0), length_m, fibre=fibre)
    amplitude = noisy_transfer_fidelity(noiseless.efficiency, 0.0)
    if amplitude <= target or efficiency == 0.0:
        return 0.0
    n = (amplitude - target) / (amplitude - 0.25)
    return n / (efficiency * (1.0 + efficiency * noiseless_transmission(length_m, fibre)))


def noiseless_transmission(length_m: float, fibre: Fibre | None = None) -> float:
    """The fibre's transmission over ``length_m`` (its attenuation, default 0.2 dB/km)."""
    base = Fibre(length_m=0.0) if fibre is None else fibre
    return Fibre(length_m=length_m, attenuation_db_per_km=base.attenuation_db_per_km).transmission


def required_efficiency(
    added_noise_photons: float,
    length_m: float,
    line: MicrowaveLine,
    *,
    fibre: Fibre | None = None,
    window_s: float = 180e-9,
) -> float | None:
    """The transducer efficiency at which the optical link's fidelity equals the microwave
    line's at ``length_m`` (Brent's method on [0, 1]); ``None`` if none suffices.

    Examples:
        >>> line = MicrowaveLine(attenuation_db_per_m=0.1, temperature_k=0.0)
        >>> round(required_efficiency(0.0, 200.0, line), 4)  # sqrt(T_mw / T_fibre)
        0.1005
    """
    noise = check_non_negative(added_noise_photons, "added_noise_photons")
    target = microwave_link(line, length_m, window_s=window_s).fidelity

    def gap(efficiency: float) -> float:
        converter = Transducer(efficiency, noise, 1.0)
        return optical_link(converter, length_m, fibre=fibre).fidelity - target

    if gap(1.0) < 0.0:
        return None
    if gap(0.0) >= 0.0:
        return 0.0
    from scipy.optimize import brentq  # loaded by the root searches alone

    return float(brentq(gap, 0.0, 1.0, xtol=1e-12))


def crossover_length_m(
    transducer: Transducer,
    line: MicrowaveLine,
    *,
    fibre: Fibre | None = None,
    window_s: float = 180e-9,
    max_length_m: float = 1e6,
) -> float | None:
    """The length beyond which transduction gives the better fidelity (Brent's method on
    [0, ``max_length_m``]); ``None`` if it never does there, 0 if it always does.

    Examples:
        >>> line = MicrowaveLine(attenuation_db_per_m=0.1, temperature_k=0.0)
        >>> converter = Transducer(0.5, 0.0, 1e6)  # eta_t^2 T_f = T_mw: 20 log10(0.5) / a
        >>> round(crossover_length_m(converter, line), 1)
        60.3
    """
    limit = check_positive(max_length_m, "max_length_m", "m")

    def gap(length: float) -> float:
        optical = optical_link(transducer, length, fibre=fibre).fidelity
        return optical - microwave_link(line, length, window_s=window_s).fidelity

    if gap(0.0) >= 0.0:
        return 0.0
    if gap(limit) < 0.0:
        return None
    from scipy.optimize import brentq  # loaded by the root searches alone

    return float(brentq(gap, 0.0, limit, xtol=1e-9))
