"""CHSH: optimal settings reach chsh_max; simulated S agrees with the exact value."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.physics.applications import (
    ChshSettings,
    chsh_value,
    optimal_chsh_settings,
    simulate_chsh,
    standard_chsh_settings,
)
from qinternet.states import BellDiagonal, bell_state, chsh_max, random_density, random_ket, werner


@pytest.mark.parametrize("seed", range(6))
def test_optimal_settings_reach_chsh_max(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for state in (random_density((2, 2), rng=rng), random_ket((2, 2), rng=rng)):
        assert abs(chsh_value(state, optimal_chsh_settings(state)) - chsh_max(state)) < 1e-12


def test_degenerate_correlations() -> None:
    product = BellDiagonal((0.5, 0.5, 0.0, 0.0))  # T = diag(0, 0, 1): rank one
    assert abs(chsh_value(product) - 2.0) < 1e-12
    mixed = BellDiagonal((0.25, 0.25, 0.25, 0.25))  # T = 0: standard settings, S = 0
    assert abs(chsh_value(mixed)) < 1e-12


def test_standard_settings_tsirelson() -> None:
    assert abs(chsh_value(bell_state("phi+"), standard_chsh_settings()) - 2 * math.sqrt(2)) < 1e-12
    f = 0.8  # Werner: S = 2 sqrt2 (4F - 1)/3 with the standard settings
    assert (
        abs(chsh_value(werner(f), standard_chsh_settings()) - 2 * math.sqrt(2) * (4 * f - 1) / 3)
        < 1e-12
    )


@pytest.mark.parametrize("seed", range(3))
def test_simulated_s_within_five_standard_errors(seed: int) -> None:
    # Stochastic: seeded local rng; 5-standard-error bound from the reported stderr.
    rng = np.random.default_rng(seed)
    state = random_density((2, 2), rng=rng) if seed else werner(0.9)
    n = 40_000
    result = simulate_chsh(state, n, rng)
    assert abs(result.exact - chsh_max(state)) < 1e-12
    assert abs(result.estimate.mean - result.exact) < 5 * result.estimate.stderr
    # Standard error matches the binomial prediction sqrt(sum (1 - E^2)/(n/4)) to ~10 %.
    predicted = math.sqrt(sum(1 - c.mean**2 for c in result.correlators) / (n / 4))
    assert abs(result.estimate.stderr / predicted - 1) < 0.1
    assert result.estimate.num_samples == n


def test_violation_significance() -> None:
    result = simulate_chsh(
        bell_state("phi+"), 20_000, np.random.default_rng(3), standard_chsh_settings()
    )
    assert result.violation_sigmas > 20


def test_bad_inputs() -> None:
    with pytest.raises(InvalidParameterError, match=r"num_rounds=-5"):
        simulate_chsh(werner(0.9), -5, np.random.default_rng(0))
    with pytest.raises(InvalidParameterError, match=r"b_prime=.*unit vector"):
        ChshSettings((0, 0, 1), (1, 0, 0), (0, 0, 1), (1, 1, 0))
    with pytest.raises(InvalidStateError, match=r"state=.*two-qubit"):
        chsh_value(random_density((2, 2, 2), rng=np.random.default_rng(0)))
