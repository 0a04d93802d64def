"""Tomography: MLE always valid and converging to the truth; entanglement certification."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.applications import (
    TomographyRecords,
    bell_fidelity_estimate,
    certify_entanglement,
    linear_inversion,
    maximum_likelihood,
    pauli_expectations,
    simulate_tomography,
)
from qinternet.states import bell_state, fidelity, random_density, werner


def assert_valid_state(matrix: np.ndarray) -> None:
    assert np.allclose(matrix, matrix.conj().T, atol=1e-12)
    assert abs(np.trace(matrix).real - 1) < 1e-12
    assert np.linalg.eigvalsh(matrix)[0] > -1e-12


@pytest.mark.parametrize("seed", range(5))
def test_mle_is_always_a_valid_state(seed: int) -> None:
    rng = np.random.default_rng(seed)
    truth = random_density((2, 2), rng=rng, rank=1 + seed % 4)
    records = simulate_tomography(truth, 10, rng)  # few shots: linear inversion often not positive
    assert_valid_state(maximum_likelihood(records).matrix)
    linear = linear_inversion(records)
    assert np.allclose(linear, linear.conj().T)
    assert abs(np.trace(linear) - 1) < 1e-12


def test_exact_expectations_invert_exactly() -> None:
    # With counts proportional to the exact probabilities, linear inversion returns the state.
    truth = random_density((2, 2), rng=np.random.default_rng(9))
    records = simulate_tomography(truth, 2_000_000, np.random.default_rng(9))
    assert np.max(np.abs(linear_inversion(records) - truth.matrix)) < 5 * math.sqrt(11 / 2e6)


@pytest.mark.parametrize("num_shots", [1_000, 100_000])
@pytest.mark.parametrize("seed", range(3))
def test_mle_approaches_the_truth(num_shots: int, seed: int) -> None:
    # Statistical bound: the 15 Pauli expectations have variances <= 1/N (9 correlators)
    # and <= 1/(3N) (6 pooled marginals), so the linear estimate has Hilbert-Schmidt error
    # sigma_HS <= sqrt(11/N)/2; the MLE (a likelihood projection onto the states, which
    # contain the truth) is no farther. 5 sigma: ||rho_MLE - rho||_2 <= 5 sigma_HS, and
    # 1 - F <= 2 D_tr <= 2 ||.||_2 (Fuchs-van de Graaf, ||.||_1 <= 2 ||.||_2 in d = 4).
    rng = np.random.default_rng(seed)
    truth = random_density((2, 2), rng=rng, rank=1 + seed)
    estimate = maximum_likelihood(simulate_tomography(truth, num_shots, rng))
    bound = 5 * math.sqrt(11 / num_shots) / 2
    assert np.linalg.norm(estimate.matrix - truth.matrix) < bound
    assert 1 - fidelity(estimate, truth) < 2 * bound


def test_certify_werner_states() -> None:
    rng = np.random.default_rng(2)
    good = certify_entanglement(simulate_tomography(werner(0.85), 2_000, rng))
    assert good.entangled
    assert good.margin_sigmas > 5
    assert good.fidelity.agrees_with(0.85, num_sigma=5)
    assert abs(good.mle_fidelity - 0.85) < 0.05
    separable = certify_entanglement(simulate_tomography(werner(0.45), 2_000, rng))
    assert not separable.entangled
    framed = certify_entanglement(simulate_tomography(bell_state("psi-"), 500, rng), target="psi-")
    assert framed.entangled
    assert abs(framed.fidelity.mean - 1) < 1e-12


def test_certificate_standard_error_matches_the_spread() -> None:
    # Stochastic, seeded: 400 repetitions; the sample std of F estimates has relative error
    # ~ 1/sqrt(2 * 400) = 3.5 %, so 5 sigma allows 18 %.
    rng = np.random.default_rng(5)
    estimates = [
        bell_fidelity_estimate(simulate_tomography(werner(0.8), 200, rng)) for _ in range(400)
    ]
    spread = float(np.std([e.mean for e in estimates], ddof=1))
    reported = float(np.mean([e.stderr for e in estimates]))
    assert abs(spread / reported - 1) < 0.18


def test_expectations_of_phi_plus() -> None:
    records = simulate_tomography(bell_state("phi+"), 100, np.random.default_rng(0))
    table = pauli_expectations(records)
    assert np.allclose(np.diag(table), [1, 1, -1, 1])  # II, XX, YY, ZZ are deterministic


def test_negative_shot_counts() -> None:
    with pytest.raises(
        InvalidParameterError, match=r"num_shots_per_setting=-3: must be an integer >= 1"
    ):
        simulate_tomography(werner(0.9), -3, np.random.default_rng(0))
    counts = np.ones((3, 3, 4), dtype=int)
    counts[0, 0, 0] = -1
    with pytest.raises(InvalidParameterError, match=r"counts=.*non-negative"):
        TomographyRecords(counts)
