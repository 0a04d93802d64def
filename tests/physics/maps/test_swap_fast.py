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
