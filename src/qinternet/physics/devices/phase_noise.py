"""Optical phase of a deployed fibre link and its time-multiplexed stabilisation.

Single-click heralding interferes one photon from each node, so the entangled state's
phase is the optical phase difference ``phi`` of the two arms. In deployed fibre that
phase drifts: temperature changes the optical path length (a slow, nearly linear
drift over seconds) and wind and traffic shake aerial and buried cable (acoustic,
random). The Delft links stabilise it time-multiplexed: for ``stabilisation_time_s``
bright light measures ``phi`` and a feedback loop corrects it, then the nodes attempt
entanglement for ``entangling_time_s`` with the loop open (Pompili et al. 2021;
Stolk et al. 2024, arXiv:2408.12464).

Model. After a correction the residual error is Gaussian with standard deviation
``sigma_0`` (the loop's measurement noise and finite bandwidth). During the open
window the phase moves by a deterministic drift ``omega t`` (temperature) and a
Brownian part of diffusion constant ``D`` (rad^2/s; acoustic noise whose spectrum
falls as 1/f^2 below the window's inverse length), so at a time ``t`` into the window

    phi(t) ~ N(omega t, sigma_0^2 + D t).

A heralded single-click state's coherence ``<01|rho|10>`` is multiplied by
``exp(i phi)``; its fidelity with the target depends linearly on the real part, so
averaging over the attempts of a window (uniform in ``t``) gives the exact coherence
factor

    C = exp(-sigma_0^2 / 2) Re[(1 - exp(-z T)) / (z T)],   z = D/2 - i omega,

with ``T = entangling_time_s`` (the integral of ``exp(-z t)`` over the window). For
``D = omega = 0`` it is ``exp(-sigma_0^2/2)``. The heralded state is that of a Gaussian
phase noise of standard deviation ``sigma_eff = sqrt(-2 ln C)``
(:attr:`PhaseStabilisation.effective_phase_std_rad`), which is what
:func:`qinternet.physics.links.single_click_link` takes. The fraction of wall-clock
time spent entangling is the duty cycle ``T / (T + T_stab)``, which scales the rate.

Continuous stabilisation (the alternative to time multiplexing, when a bright
reference can share the fibre): a first-order feedback loop of bandwidth ``f_c``
suppresses the drift by ``|1 - H(f)|^2 = (f/f_c)^2 / (1 + (f/f_c)^2)``. For the
Brownian phase above (one-sided spectrum ``S(f) = D / (2 pi^2 f^2)``) the residual
variance is ``int S |1 - H|^2 df = D / (4 pi f_c)``
(:func:`continuous_residual_phase_std_rad`): the stationary variance of the loop's
error, an Ornstein-Uhlenbeck process relaxing at ``2 pi f_c``.

The temperature drift of a fibre of length ``L`` at wavelength ``lambda`` is
``omega = 2 pi L kappa / lambda * dT/dt`` (:func:`thermal_phase_drift_rate_rad_per_s`),
with ``kappa`` the thermal coefficient of the optical path length ``(1/L) d(nL)/dT``.

References:
    M. Pompili et al., "Realization of a multinode quantum network of remote solid-state
    qubits", Science 372, 259 (2021), arXiv:2102.04471 (time-multiplexed phase
    stabilisation of single-click links).
    A. J. Stolk et al., "Extendable optical phase synchronization of remote and
    independent quantum network nodes over deployed fibers", arXiv:2408.12464 (2024),
    abstract (the deployed Delft-The Hague link).
    A. H. Hartog, A. J. Conduit, D. N. Payne, "Variation of pulse delay with stress and
    temperature in jacketed and unjacketed optical fibres", Opt. Quantum Electron. 11,
    265 (1979), doi:10.1007/BF00620293 (thermal coefficient of delay).

Examples:
    >>> stable = PhaseStabilisation(residual_phase_std_rad=0.2, entangling_time_s=0.1,
    ...                             stabilisation_time_s=0.1)
    >>> round(stable.coherence, 6), stable.duty_cycle  # exp(-0.02), half the time
    (0.980199, 0.5)
    >>> drifting = PhaseStabilisation(phase_diffusion_rad2_per_s=1.0, entangling_time_s=0.2)
    >>> round(drifting.coherence, 6)  # (1 - exp(-0.1)) / 0.1
    0.951626
"""

from __future__ import annotations

import cmath
import math
from dataclasses import dataclass

from qinternet.core.errors import PhysicalConstraintError
from qinternet.core.validation import check_finite, check_non_negative, check_positive

__all__ = [
    "PhaseStabilisation",
    "continuous_residual_phase_std_rad",
    "thermal_phase_drift_rate_rad_per_s",
    "window_coherence",
]


def window_coherence(
    residual_phase_std_rad: float,
    phase_diffusion_rad2_per_s: float,
    phase_drift_rate_rad_per_s: float,
    entangling_time_s: float,
) -> float:
    """Mean of ``cos(phi(t))`` over a window of length ``T``, ``phi(t) ~ N(omega t, s0^2 + D t)``.

    Returns ``exp(-s0^2/2) Re[(1 - exp(-z T)) / (z T)]`` with ``z = D/2 - i omega``
    (``exp(-s0^2/2)`` for ``z T = 0``). Inputs are trusted (see :class:`PhaseStabilisation`).

    Examples:
        >>> round(window_coherence(0.0, 0.0, math.pi, 1.0), 12)  # sin(pi)/pi
        0.0
    """
    z_t = complex(phase_diffusion_rad2_per_s / 2.0, -phase_drift_rate_rad_per_s) * entangling_time_s
    static = math.exp(-(residual_phase_std_rad**2) / 2.0)
    if abs(z_t) < 1e-12:
        return static
    # -expm1(-z) / z, written with cmath (no complex expm1 in the standard library).
    average = (1.0 - cmath.exp(-z_t)) / z_t if abs(z_t) > 1e-6 else 1.0 - z_t / 2.0 + z_t**2 / 6.0
    return static * average.real


@dataclass(frozen=True)
class PhaseStabilisation:
    """Residual optical phase error of a time-multiplexed stabilised link.

    Args:
        residual_phase_std_rad: standard deviation of the phase error just after a
            correction, rad (>= 0).
        phase_diffusion_rad2_per_s: diffusion constant ``D`` of the free-running phase
            (acoustic noise, wind), rad^2/s (>= 0).
        phase_drift_rate_rad_per_s: deterministic drift ``omega`` during the open
            window (temperature), rad/s (finite; its sign does not matter).
        entangling_time_s: length of the open window in which attempts are made, s
            (> 0, finite).
        stabilisation_time_s: time spent measuring and correcting before each window,
            s (>= 0).

    Raises:
        InvalidParameterError: naming the field, for a negative or non-finite value.
        PhysicalConstraintError: if the window is so long that the mean coherence is
            not positive (no entanglement can be heralded on average).

    Examples:
        >>> PhaseStabilisation(phase_diffusion_rad2_per_s=-1.0)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: phase_diffusion_rad2_per_s=-1.0: must be a finite number >= 0 rad^2/s
    """

    residual_phase_std_rad: float = 0.0
    phase_diffusion_rad2_per_s: float = 0.0
    phase_drift_rate_rad_per_s: float = 0.0
    entangling_time_s: float = 1.0
    stabilisation_time_s: float = 0.0

    def __post_init__(self) -> None:
        for name, unit in (
            ("residual_phase_std_rad", "rad"),
            ("phase_diffusion_rad2_per_s", "rad^2/s"),
            ("stabilisation_time_s", "s"),
        ):
            object.__setattr__(self, name, check_non_negative(getattr(self, name), name, unit))
        drift = check_finite(self.phase_drift_rate_rad_per_s, "phase_drift_rate_rad_per_s")
        object.__setattr__(self, "phase_drift_rate_rad_per_s", drift)
        window = check_positive(self.entangling_time_s, "entangling_time_s", "s")
        object.__setattr__(self, "entangling_time_s", window)
        if self.coherence <= 0.0:
            raise PhysicalConstraintError(
                "entangling_time_s",
                self.entangling_time_s,
                f"the mean phase coherence over the window is {self.coherence:.3g} <= 0; "
                "stabilise more often",
            )

    @property
    def coherence(self) -> float:
        """Mean ``cos(phi)`` over an entangling window (see the module docstring)."""
        return window_coherence(
            self.residual_phase_std_rad,
            self.phase_diffusion_rad2_per_s,
            self.phase_drift_rate_rad_per_s,
            self.entangling_time_s,
        )

    @property
    def effective_phase_std_rad(self) -> float:
        """The Gaussian phase noise with the same coherence, ``sqrt(-2 ln C)``, rad."""
        return math.sqrt(max(0.0, -2.0 * math.log(self.coherence)))

    @property
    def duty_cycle(self) -> float:
        """Fraction of wall-clock time spent attempting, ``T / (T + T_stab)``."""
        return self.entangling_time_s / (self.entangling_time_s + self.stabilisation_time_s)


def thermal_phase_drift_rate_rad_per_s(
    length_m: float,
    wavelength_nm: float,
    temperature_rate_k_per_s: float,
    path_coefficient_per_k: float,
) -> float:
    """Phase drift ``2 pi L kappa / lambda * dT/dt`` of a fibre warming at ``dT/dt``.

    Args:
        length_m: fibre length whose temperature changes, m (>= 0).
        wavelength_nm: vacuum wavelength of the light, nm (> 0).
        temperature_rate_k_per_s: rate of the temperature change, K/s (finite).
        path_coefficient_per_k: ``(1/L) d(nL)/dT``, the thermal coefficient of the
            optical path length, 1/K (finite; ~7e-6 /K for jacketed silica fibre:
            the thermal coefficient of delay, Hartog et al. 1979, times the group index).

    Examples:
        >>> round(thermal_phase_drift_rate_rad_per_s(1.0, 1550.0, 1.0, 1e-5), 3)
        40.537
    """
    length = check_non_negative(length_m, "length_m", "m")
    wavelength_m = check_positive(wavelength_nm, "wavelength_nm", "nm") * 1e-9
    rate = check_finite(temperature_rate_k_per_s, "temperature_rate_k_per_s")
    kappa = check_finite(path_coefficient_per_k, "path_coefficient_per_k")
    return 2.0 * math.pi * length * kappa / wavelength_m * rate


def continuous_residual_phase_std_rad(
    phase_diffusion_rad2_per_s: float, loop_bandwidth_hz: float
) -> float:
    """Residual phase error ``sqrt(D / (4 pi f_c))`` of a first-order loop on a Brownian phase.

    Args:
        phase_diffusion_rad2_per_s: diffusion constant ``D`` of the free phase, rad^2/s (>= 0).
        loop_bandwidth_hz: the loop's -3 dB bandwidth ``f_c``, Hz (> 0).

    Examples:
        >>> round(continuous_residual_phase_std_rad(4 * math.pi * 100.0, 100.0), 12)
        1.0
    """
    diffusion = check_non_negative(phase_diffusion_rad2_per_s, "phase_diffusion_rad2_per_s")
    bandwidth = check_positive(loop_bandwidth_hz, "loop_bandwidth_hz", "Hz")
    return math.sqrt(diffusion / (4.0 * math.pi * bandwidth))
