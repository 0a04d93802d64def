"""Tests of qinternet.physics.devices.phase_noise: residual phase of a stabilised link.

Oracles: numerical quadrature of the time-averaged coherence, a seeded Monte Carlo of
the phase, the optical path length of a warming fibre, and the single-click fidelity
in the limit alpha -> 0, derived here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.signal import lfilter

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.physics.devices.phase_noise import (
    PhaseStabilisation,
    continuous_residual_phase_std_rad,
    thermal_phase_drift_rate_rad_per_s,
)
from qinternet.physics.links import single_click_link

CASES = [
    (0.3, 0.0, 0.0, 0.1),
    (0.0, 2.0, 0.0, 0.5),
    (0.1, 0.0, 3.0, 0.4),
    (0.2, 1.5, -4.0, 0.3),
]


@pytest.mark.parametrize(("sigma0", "diffusion", "drift", "window"), CASES)
def test_coherence_equals_quadrature_of_the_window(
    sigma0: float, diffusion: float, drift: float, window: float
) -> None:
    """<cos phi> = (1/T) int_0^T exp(-(s0^2 + D t)/2) cos(omega t) dt, phi ~ N(omega t, s0^2 + D t)."""
    model = PhaseStabilisation(sigma0, diffusion, drift, window)

    def integrand(t: float) -> float:
        return math.exp(-(sigma0**2 + diffusion * t) / 2) * math.cos(drift * t)

    expected = quad(integrand, 0.0, window, epsabs=1e-13, epsrel=1e-13)[0] / window
    assert model.coherence == pytest.approx(expected, rel=1e-10)
    assert math.exp(-(model.effective_phase_std_rad**2) / 2) == pytest.approx(expected, rel=1e-10)


def test_coherence_against_monte_carlo_of_phase_paths() -> None:
    """Seeded: attempts at uniform times, a Brownian path from a Gaussian start with drift."""
    rng = np.random.default_rng(11)
    sigma0, diffusion, drift, window = 0.25, 3.0, 2.0, 0.4
    n = 400_000
    t = rng.uniform(0.0, window, n)
    phi = (
        sigma0 * rng.standard_normal(n)
        + drift * t
        + np.sqrt(diffusion * t) * rng.standard_normal(n)
    )
    samples = np.cos(phi)
    mean, stderr = samples.mean(), samples.std(ddof=1) / math.sqrt(n)
    model = PhaseStabilisation(sigma0, diffusion, drift, window)
    assert abs(model.coherence - mean) < 5 * stderr


def test_single_click_fidelity_is_one_plus_coherence_over_two() -> None:
    """Derived: with V = 1, no dark counts and alpha, eta -> 0 the heralded state is
    (|01><01| + |10><10| + C (|01><10| + h.c.)) / 2, so F = (1 + C) / 2."""
    model = PhaseStabilisation(0.2, 1.0, 1.0, 0.5, stabilisation_time_s=0.25)
    link = single_click_link(1e-7, 1e-7, phase_std_rad=model.effective_phase_std_rad)
    assert link.fidelity == pytest.approx((1 + model.coherence) / 2, abs=1e-6)


def test_duty_cycle_from_a_timeline() -> None:
    """Count the entangling time on a timeline of alternating cycles over 1000 s."""
    model = PhaseStabilisation(entangling_time_s=0.17, stabilisation_time_s=0.05)
    period = 0.17 + 0.05
    cycles = int(1000.0 // period)
    entangling = cycles * 0.17 + min(1000.0 - cycles * period, 0.17)
    assert model.duty_cycle == pytest.approx(entangling / 1000.0, rel=1e-4)


def test_thermal_drift_from_the_optical_path() -> None:
    """phi = 2 pi n L / lambda with n L growing by a factor (1 + kappa dT): the phase
    difference over one second of warming."""
    length_m, wavelength_m, kappa, rate = 12.5e3, 1588e-9, 7e-6, 2e-4
    path_before = 1.0 * length_m
    path_after = length_m * (1 + kappa * rate * 1.0)
    expected = 2 * math.pi * (path_after - path_before) / wavelength_m
    drift = thermal_phase_drift_rate_rad_per_s(length_m, 1588.0, rate, kappa)
    assert drift == pytest.approx(expected, rel=1e-6)  # the difference loses ~8 digits


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("residual_phase_std_rad", {"residual_phase_std_rad": -0.1}),
        ("phase_diffusion_rad2_per_s", {"phase_diffusion_rad2_per_s": -1.0}),
        ("stabilisation_time_s", {"stabilisation_time_s": -1.0}),
        ("entangling_time_s", {"entangling_time_s": 0.0}),
        ("phase_drift_rate_rad_per_s", {"phase_drift_rate_rad_per_s": math.inf}),
    ],
)
def test_bad_input_names_the_field(field: str, kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidParameterError, match=field):
        PhaseStabilisation(**kwargs)


def test_window_too_long_for_any_coherence() -> None:
    """sin(omega T)/(omega T) <= 0 for omega T = 4: no entanglement on average."""
    with pytest.raises(PhysicalConstraintError, match="entangling_time_s"):
        PhaseStabilisation(phase_drift_rate_rad_per_s=4.0, entangling_time_s=1.0)


def test_continuous_loop_residual_by_quadrature_of_the_spectrum() -> None:
    """int_0^inf D/(2 pi^2 f^2) (f/f_c)^2/(1 + (f/f_c)^2) df, numerically."""
    diffusion, bandwidth = 3.0, 50.0

    def integrand(f: float) -> float:
        ratio = f / bandwidth
        return diffusion / (2 * math.pi**2 * f**2) * ratio**2 / (1 + ratio**2)

    variance = quad(integrand, 0.0, math.inf, epsabs=1e-14, epsrel=1e-12)[0]
    residual = continuous_residual_phase_std_rad(diffusion, bandwidth)
    assert residual**2 == pytest.approx(variance, rel=1e-9)


def test_continuous_loop_residual_by_simulating_the_loop() -> None:
    """Seeded time-domain loop: the free phase takes Brownian steps sqrt(D dt) xi and the
    actuator follows the error at rate 2 pi f_c (e <- e (1 - 2 pi f_c dt) + sqrt(D dt) xi,
    Euler with 2 pi f_c dt = 0.0025, whose variance bias ~0.13 % is far below the error)."""
    rng = np.random.default_rng(5)
    diffusion, bandwidth, dt, steps = 2.0, 20.0, 2e-5, 4_000_000
    gain = 2 * math.pi * bandwidth * dt
    error = lfilter([math.sqrt(diffusion * dt)], [1.0, -(1.0 - gain)], rng.standard_normal(steps))
    samples = error[20_000:] ** 2
    correlation_steps = 1 / gain  # the error's correlation time in steps
    stderr = samples.std() / math.sqrt(samples.size / (2 * correlation_steps))
    residual = continuous_residual_phase_std_rad(diffusion, bandwidth)
    assert abs(samples.mean() - residual**2) < 5 * stderr


def test_continuous_loop_bad_bandwidth() -> None:
    with pytest.raises(InvalidParameterError, match="loop_bandwidth_hz"):
        continuous_residual_phase_std_rad(1.0, 0.0)
