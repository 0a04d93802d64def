"""The permutation-based purification round equals the explicit one (the oracle)."""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.physics.maps._purification_fast import purify_outcome
from qinternet.physics.maps.purification import purify_density
from qinternet.states import random_density, random_ket


@pytest.mark.parametrize("method", ["dejmps", "bbpssw"])
@pytest.mark.parametrize("seed", range(5))
def test_purify_outcome_equals_purify_density(method: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    source = random_density((2, 2), rng)
    target = random_ket((2, 2), rng).to_density() if seed % 2 else random_density((2, 2), rng)
    probability, state = purify_outcome(source.matrix, target.matrix, method)
    oracle = purify_density(source, target, method)
    assert probability == pytest.approx(oracle.success_probability, abs=1e-12)
    np.testing.assert_allclose(state, oracle.state.matrix, atol=1e-12)
