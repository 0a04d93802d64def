"""Tests of qinternet.physics.devices.detector: dark counts, click and count probabilities."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Detector


def test_dark_count_probability_closed_form() -> None:
    detector = Detector(efficiency=0.9, dark_count_rate_hz=500.0, window_s=2e-6)
    assert detector.dark_count_probability() == pytest.approx(1 - math.exp(-1e-3), rel=1e-14)
    assert detector.dark_count_probability(1e-3) == pytest.approx(1 - math.exp(-0.5), rel=1e-14)
    assert Detector(efficiency=0.5).dark_count_probability() == 0.0


def test_click_probability_of_coherent_light_matches_poisson_sum() -> None:
    detector = Detector(efficiency=0.6, dark_count_rate_hz=1e4, window_s=1e-5)
    mean = 1.7
    poisson = stats.poisson.pmf(np.arange(80), mean)
    assert detector.click_probability(mean) == pytest.approx(
        detector.click_probability(poisson.tolist()), abs=1e-12
    )
    assert detector.click_probability(mean) == pytest.approx(
        1 - math.exp(-0.1) * math.exp(-0.6 * mean), rel=1e-13
    )


def test_click_probability_of_fock_states() -> None:
    detector = Detector(efficiency=0.3)
    for n in range(5):
        light = [0.0] * n + [1.0]
        assert detector.click_probability(light) == pytest.approx(1 - 0.7**n, abs=1e-15)


def test_number_resolving_counts_are_binomial_without_dark_counts() -> None:
    detector = Detector(efficiency=0.4, number_resolving=True)
    light = [0.0, 0.0, 0.0, 1.0]
    counts = detector.count_probabilities(light)
    np.testing.assert_allclose(counts[:4], stats.binom.pmf(np.arange(4), 3, 0.4), atol=1e-14)
    assert counts[4] == pytest.approx(0.0, abs=1e-15)


def test_number_resolving_counts_include_poisson_dark_counts() -> None:
    detector = Detector(
        efficiency=0.5, dark_count_rate_hz=2e5, window_s=1e-6, number_resolving=True
    )
    lam = 0.2
    counts = detector.count_probabilities([0.0, 1.0])
    # one photon (registered with 1/2) plus Poisson(0.2) dark counts
    p0 = 0.5 * math.exp(-lam)
    p1 = 0.5 * math.exp(-lam) + 0.5 * lam * math.exp(-lam)
    np.testing.assert_allclose(counts, [p0, p1, 1 - p0 - p1], atol=1e-14)
    assert counts.sum() == pytest.approx(1.0)


def test_threshold_and_resolving_agree_on_no_click() -> None:
    light = [0.5, 0.3, 0.2]
    kwargs = {"efficiency": 0.7, "dark_count_rate_hz": 1e3, "window_s": 1e-4}
    threshold = Detector(**kwargs).count_probabilities(light)
    resolving = Detector(**kwargs, number_resolving=True).count_probabilities(light)
    assert threshold[0] == pytest.approx(resolving[0], abs=1e-15)
    assert threshold[1] == pytest.approx(resolving[1:].sum(), abs=1e-15)


def test_herald_probability_distinguishes_detector_types() -> None:
    light = [0.0, 0.6, 0.4]
    eta = 0.5
    resolving = Detector(efficiency=eta, number_resolving=True).herald_probability(light)
    threshold = Detector(efficiency=eta).herald_probability(light)
    assert resolving == pytest.approx(0.6 * eta + 0.4 * 2 * eta * (1 - eta), abs=1e-15)
    assert threshold == pytest.approx(0.6 * eta + 0.4 * (1 - (1 - eta) ** 2), abs=1e-15)


def test_dead_time() -> None:
    detector = Detector(efficiency=0.9, dead_time_s=40e-9)
    assert detector.max_count_rate_hz == pytest.approx(25e6)
    assert not detector.is_ready(now_s=1e-8, last_click_s=0.0)
    assert detector.is_ready(now_s=5e-8, last_click_s=0.0)
    assert Detector(efficiency=0.9).max_count_rate_hz == math.inf
    with pytest.raises(InvalidParameterError, match="now_s"):
        detector.is_ready(now_s=0.0, last_click_s=1.0)


def test_efficiency_above_one_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"efficiency=1\.5: must be a probability"):
        Detector(efficiency=1.5)


@pytest.mark.parametrize(
    ("field", "value"),
    [("dark_count_rate_hz", -1.0), ("dead_time_s", -1e-9), ("window_s", 0.0), ("efficiency", -0.1)],
)
def test_out_of_range_rejected(field: str, value: float) -> None:
    kwargs = {"efficiency": 0.5, field: value}
    with pytest.raises(InvalidParameterError, match=rf"{field}={value!r}"):
        Detector(**kwargs)


@pytest.mark.parametrize("field", ["efficiency", "dark_count_rate_hz", "dead_time_s", "window_s"])
def test_nan_rejected(field: str) -> None:
    kwargs = {"efficiency": 0.5, field: math.nan}
    with pytest.raises(InvalidParameterError, match=rf"{field}=nan"):
        Detector(**kwargs)


def test_bad_light_rejected() -> None:
    detector = Detector(efficiency=0.5)
    with pytest.raises(InvalidParameterError, match=r"light=-1\.0"):
        detector.click_probability(-1.0)
    with pytest.raises(InvalidParameterError, match="light"):
        detector.click_probability([0.7, 0.7])
    with pytest.raises(InvalidParameterError, match="number_resolving=1"):
        Detector(efficiency=0.5, number_resolving=1)  # type: ignore[arg-type]
