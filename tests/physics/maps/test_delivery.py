"""Deterministic delivery: the closed form against direct integration of the model.

Model (independent route): successes arrive at rate r (exponential waiting time); a pair
made at time t < T is stored until T with fidelity (1 + 3 exp(-g (T - t)))/4; without a
success the delivered state is maximally mixed (fidelity 1/4). eta_link = r / g.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import minimize_scalar

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.maps.delivery import (
    best_delivery_fidelity,
    best_delivery_window,
    best_delivery_window_s,
    delivery_fidelity,
    link_efficiency,
    threshold_link_efficiency,
)


def model_fidelity(rate: float, decay: float, window_s: float) -> float:
    stored, _ = quad(
        lambda t: rate * math.exp(-rate * t) * (1 + 3 * math.exp(-decay * (window_s - t))) / 4,
        0.0,
        window_s,
        epsabs=1e-14,
        epsrel=1e-13,
    )
    return stored + math.exp(-rate * window_s) / 4


def test_acceptance_eta_7_8() -> None:
    eta = 7.8
    closed = (1 + 3 * eta ** (1 / (1 - eta))) / 4
    assert abs(best_delivery_fidelity(eta) - closed) < 1e-12
    assert round(best_delivery_fidelity(eta), 6) == 0.804461
    assert abs(best_delivery_fidelity(eta) - 0.80446084263637) < 1e-13


def test_threshold_for_half() -> None:
    threshold = threshold_link_efficiency(0.5)
    assert round(threshold, 3) == 0.826
    assert abs(best_delivery_fidelity(threshold) - 0.5) < 1e-12
    assert best_delivery_fidelity(0.825) < 0.5 < best_delivery_fidelity(0.827)


@pytest.mark.parametrize(("rate", "decay"), [(39.0, 5.0), (2.0, 4.0), (3.0, 3.0), (0.5, 0.4)])
def test_closed_form_against_integrated_and_optimised_model(rate: float, decay: float) -> None:
    result = minimize_scalar(
        lambda w: -model_fidelity(rate, decay, w),
        bounds=(1e-6, 20.0 / min(rate, decay)),
        method="bounded",
        options={"xatol": 1e-10},
    )
    eta = link_efficiency(rate, decay)
    assert abs(-result.fun - best_delivery_fidelity(eta)) < 1e-9
    assert abs(result.x - best_delivery_window_s(rate, decay)) < 1e-4 / decay
    for window_s in (0.1 / decay, 1.0 / decay, 3.0 / decay):
        assert (
            abs(delivery_fidelity(eta, decay * window_s) - model_fidelity(rate, decay, window_s))
            < 1e-12
        )


def test_monte_carlo_at_best_window() -> None:
    rng = np.random.default_rng(12345)
    rate, decay, n = 7.8, 1.0, 200_000
    window = best_delivery_window(rate / decay) / decay
    waits = rng.exponential(1 / rate, size=n)
    fid = np.where(waits < window, (1 + 3 * np.exp(-decay * (window - waits))) / 4, 0.25)
    stderr = fid.std(ddof=1) / math.sqrt(n)
    assert abs(fid.mean() - best_delivery_fidelity(7.8)) < 5 * stderr


def test_eta_one_limit_is_continuous() -> None:
    assert best_delivery_window(1.0) == 1.0
    assert abs(best_delivery_fidelity(1.0) - (0.25 + 0.75 / math.e)) < 1e-15
    assert abs(best_delivery_fidelity(1.0 + 1e-9) - best_delivery_fidelity(1.0)) < 1e-9
    assert abs(delivery_fidelity(1.0 - 1e-12, 2.0) - delivery_fidelity(1.0, 2.0)) < 1e-11


def test_monotone_in_eta() -> None:
    values = [best_delivery_fidelity(e) for e in (0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 1e3)]
    assert values == sorted(values)
    assert values[0] > 0.25
    assert values[-1] < 1.0


def test_eta_zero_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"eta_link=0\.0: must be > 0"):
        best_delivery_fidelity(0.0)


def test_eta_nan_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="eta_link=nan: must be finite"):
        best_delivery_window(float("nan"))


def test_negative_window_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"window=-1\.0: must be >= 0"):
        delivery_fidelity(1.0, -1.0)


def test_zero_decoherence_rate_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"decoherence_rate_hz=0\.0: must be > 0"):
        link_efficiency(10.0, 0.0)


def test_target_below_quarter_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"target_fidelity=0\.2: must lie in"):
        threshold_link_efficiency(0.2)
