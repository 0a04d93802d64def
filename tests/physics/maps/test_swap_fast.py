"""The one-contraction swap equals the explicit gate-and-projection swap (the oracle)."""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.physics.maps._swap_fast import swap_outcomes
from qinternet.physics.maps.swapping import BsmNoise, swap_density
from qinternet.states import random_density, random_ket


@pytest.mark.parametrize(
    "noise", [BsmNoise(), BsmNoise(0.1, 0.0), BsmNoise(0.0, 0.07), BsmNoise(0.2, 0.1)]
)
@pytest.mark.parametrize("seed", range(4))
def test_swap_outcomes_equal_swap_density(noise: BsmNoise, seed: int) -> None:
    rng = np.random.default_rng(seed)
    first = random_density((2, 2), rng)
    second = random_ket((2, 2), rng).to_density() if seed % 2 else random_density((2, 2), rng)
    probabilities, states = swap_outcomes(first.matrix, second.matrix, noise)
    oracle = swap_density(first, second, noise)
    for k, branch in enumerate(oracle.branches):
        assert probabilities[k] == pytest.approx(branch.probability, abs=1e-12)
        np.testing.assert_allclose(states[k], branch.state.matrix, atol=1e-12)


def _random_bell_coefficients(rng: np.random.Generator) -> np.ndarray:
    weights = rng.random(4) ** 3
    return weights / weights.sum()


def _bell_diagonal_density(coefficients: np.ndarray) -> np.ndarray:
    from qinternet.states import BELL_BASIS

    return (BELL_BASIS * coefficients) @ BELL_BASIS.conj().T


@pytest.mark.parametrize(
    "noise", [BsmNoise(), BsmNoise(0.1, 0.0), BsmNoise(0.0, 0.07), BsmNoise(0.2, 0.1)]
)
@pytest.mark.parametrize("seed", range(4))
def test_bell_coefficient_swap_equals_the_density_contraction(noise: BsmNoise, seed: int) -> None:
    from qinternet.physics.maps._swap_fast import (
        bsm_noise_weights,
        shifted,
        swap_bell_coefficients,
    )
    from qinternet.states import BELL_BASIS

    rng = np.random.default_rng(100 + seed)
    first, second = _random_bell_coefficients(rng), _random_bell_coefficients(rng)
    probabilities, states = swap_outcomes(
        _bell_diagonal_density(first), _bell_diagonal_density(second), noise
    )
    corrected = swap_bell_coefficients(first, second, bsm_noise_weights(noise))
    np.testing.assert_allclose(probabilities, 0.25, atol=1e-13)
    for k in range(4):
        in_bell_basis = BELL_BASIS.conj().T @ states[k] @ BELL_BASIS
        np.testing.assert_allclose(in_bell_basis, np.diag(shifted(corrected, k)), atol=1e-12)


def test_bell_coefficient_swap_equals_swap_bell_diagonal() -> None:
    from qinternet.physics.maps._swap_fast import bsm_noise_weights, swap_bell_coefficients
    from qinternet.physics.maps.swapping import swap_bell_diagonal
    from qinternet.states import BellDiagonal

    rng = np.random.default_rng(7)
    first, second = _random_bell_coefficients(rng), _random_bell_coefficients(rng)
    noise = BsmNoise(0.05, 0.02)
    closed = swap_bell_diagonal(BellDiagonal(tuple(first)), BellDiagonal(tuple(second)), noise)
    fast = swap_bell_coefficients(first, second, bsm_noise_weights(noise))
    np.testing.assert_allclose(fast, closed.corrected_state.coefficients, atol=1e-15)
