"""Time-symmetric photons and the emitter/absorber couplings that shape them.

A qubit coupled with a tunable coupling g(t) to a resonator whose photons leave into a
line at the energy decay rate kappa (circuit-QED convention: the photon number decays at
kappa) obeys, in the one-excitation subspace with real amplitudes,

.. code-block:: text

    dc_q/dt = -g c_r,      dc_r/dt = g c_q - (kappa / 2) c_r,      phi(t) = sqrt(kappa) c_r,

with phi(t) the emitted field (|phi|^2: the photon flux). For a target photon phi the
equations invert in closed form (Pechal et al., Phys. Rev. X 4, 041010 (2014), Eq. 3;
Kurpiers et al., Nature 558, 264 (2018), Methods): c_r = phi / sqrt(kappa),
c_q^2 = 1 - int phi^2 - c_r^2 and g = (dc_r/dt + kappa c_r / 2) / c_q. For the
hyperbolic-secant photon of Kurpiers et al. (and of the time-symmetric proposal of Cirac,
Zoller, Kimble, Mabuchi, Phys. Rev. Lett. 78, 3221 (1997)),

.. code-block:: text

    |phi(t)|^2 = (Gamma / 4) sech^2(Gamma t / 2),     F(t) = int_-inf^t |phi|^2 = logistic(Gamma t),

this gives c_q^2 = (1 - F)(1 - Gamma F / kappa) and

.. code-block:: text

    g(t) = sqrt(Gamma F) (kappa - Gamma (2F - 1)) / (2 sqrt(kappa - Gamma F)),

finite for all t when Gamma < kappa (it tends to sqrt(Gamma (kappa - Gamma)) / 2). The
photon is symmetric in time, so the receiver absorbs it with the time-reversed coupling
g(-t) (Cirac et al. 1997). Gamma is an angular rate; the photon's full width at half
maximum in flux is 4 arccosh(sqrt 2) / Gamma = 3.525 / Gamma.

Examples:
    >>> import math
    >>> photon = SechPhoton(bandwidth_hz=5e6)
    >>> coupling = photon.emitter_coupling(resonator_kappa_hz=10e6)
    >>> late = coupling(1e-6) / (2 * math.pi)  # sqrt(Gamma (kappa - Gamma)) / 2 / 2pi
    >>> round(late / 1e6, 6)
    2.5
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from qinternet.core.errors import PhysicalConstraintError
from qinternet.core.validation import check_positive
from qinternet.physics.devices.transfer.lindblad import Pulse


def logistic(x: float) -> float:
    """1/(1 + e^-x), evaluated without overflow or cancellation at either end.

    Examples:
        >>> logistic(0.0), round(logistic(-700.0) / math.exp(-700.0), 12)
        (0.5, 1.0)
    """
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    small = math.exp(x)
    return small / (1.0 + small)


__all__ = ["SechPhoton", "time_reversed"]


@dataclass(frozen=True)
class SechPhoton:
    """A single photon with flux ``(Gamma/4) sech^2(Gamma t/2)``, centred on t = 0.

    Args:
        bandwidth_hz: Gamma / 2 pi in Hz (> 0); Gamma is the angular rate of the
            envelope (flux FWHM 3.525 / Gamma).

    Examples:
        >>> photon = SechPhoton(bandwidth_hz=1e6)
        >>> round(photon.emitted_fraction(0.0), 12), round(photon.fwhm_s * 1e9, 1)
        (0.5, 561.1)
    """

    bandwidth_hz: float

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "bandwidth_hz", check_positive(self.bandwidth_hz, "bandwidth_hz", "Hz")
        )

    @property
    def rate(self) -> float:
        """Gamma in rad/s."""
        return 2.0 * math.pi * self.bandwidth_hz

    @property
    def fwhm_s(self) -> float:
        """Full width at half maximum of the photon flux, s."""
        return 4.0 * math.acosh(math.sqrt(2.0)) / self.rate

    def emitted_fraction(self, t_s: float) -> float:
        """F(t): the part of the photon emitted before ``t_s``, ``logistic(Gamma t)``."""
        return logistic(self.rate * t_s)

    def flux(self, t_s: float) -> float:
        """|phi(t)|^2 = Gamma F (1 - F), photons per second."""
        f = self.emitted_fraction(t_s)
        return self.rate * f * (1.0 - f)

    def emitter_coupling(self, resonator_kappa_hz: float) -> Pulse:
        """g(t) in rad/s that makes a resonator of energy decay ``2 pi kappa_hz`` emit it.

        Raises:
            InvalidParameterError: a non-positive kappa.
            PhysicalConstraintError: a photon at least as broad as the resonator
                (Gamma >= kappa): the resonator cannot release it.
        """
        kappa = 2.0 * math.pi * check_positive(resonator_kappa_hz, "resonator_kappa_hz", "Hz")
        gamma = self.rate
        if gamma >= kappa:
            raise PhysicalConstraintError(
                "bandwidth_hz",
                self.bandwidth_hz,
                f"must be below the resonator's kappa / 2 pi = {resonator_kappa_hz!r} Hz",
            )

        def coupling(t_s: float) -> float:
            f = logistic(gamma * t_s)
            return (
                math.sqrt(gamma * f)
                * (kappa - gamma * (2.0 * f - 1.0))
                / (2.0 * math.sqrt(kappa - gamma * f))
            )

        coupling.__name__ = "sech_emitter_coupling"
        return coupling

    def absorber_coupling(self, resonator_kappa_hz: float) -> Pulse:
        """The time reverse g(-t) of :meth:`emitter_coupling`: absorbs this photon."""
        return time_reversed(self.emitter_coupling(resonator_kappa_hz))


def time_reversed(pulse: Pulse, *, centre_s: float = 0.0, delay_s: float = 0.0) -> Pulse:
    """``t -> pulse(2 centre - t + delay)``: the time reverse about ``centre_s``, late by
    ``delay_s`` (a timing mismatch between emitter and absorber).

    Examples:
        >>> time_reversed(lambda t: t, centre_s=1.0)(0.5)
        1.5
    """

    def reversed_pulse(t_s: float) -> float:
        return pulse(2.0 * centre_s - t_s + delay_s)

    reversed_pulse.__name__ = f"reversed_{getattr(pulse, '__name__', 'pulse')}"
    return reversed_pulse
