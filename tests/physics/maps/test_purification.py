"""Recurrence purification: published BBPSSW numbers, DEJMPS recurrence, closed form = oracle."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError, InvalidStateError, PhysicalConstraintError
from qinternet.physics.maps.purification import (
    PurificationMethod,
    PurificationSchedule,
    purify,
    purify_bell_diagonal,
    purify_density,
    rounds_needed,
)
from qinternet.states import BellDiagonal, random_density, werner


def bbpssw_closed_form(f: float) -> tuple[float, float]:
    """(F', p) of one BBPSSW round on two Werner pairs (Bennett et al. 1996)."""
    r = (1 - f) / 3
    p = f**2 + 2 * f * r + 5 * r**2
    return (f**2 + r**2) / p, p


def dejmps_closed_form(c: tuple[float, ...]) -> tuple[tuple[float, ...], float]:
    """Deutsch et al. 1996 in their notation: A, B, C, D = phi+, psi-, psi+, phi-."""
    a, b, cc, d = c[0], c[3], c[2], c[1]
    n = (a + b) ** 2 + (cc + d) ** 2
    a2, b2, c2, d2 = (a * a + b * b) / n, 2 * cc * d / n, (cc * cc + d * d) / n, 2 * a * b / n
    return (a2, d2, c2, b2), n


def random_bell_diagonal(rng: np.random.Generator) -> BellDiagonal:
    c = rng.dirichlet(np.ones(4))
    return BellDiagonal((c[0], c[1], c[2], c[3]))


def test_bbpssw_published_round() -> None:
    out = purify(BellDiagonal.from_werner(0.8), method="bbpssw")
    f_expected, p_expected = bbpssw_closed_form(0.8)
    assert abs(out.fidelity - 0.838150) < 1e-6  # printed digits
    assert abs(out.success_probability - 0.768889) < 1e-6
    assert abs(out.fidelity - f_expected) < 1e-12
    assert abs(out.success_probability - p_expected) < 1e-12
    oracle = purify_density(werner(0.8), method="bbpssw")
    assert abs(oracle.fidelity - f_expected) < 1e-12
    assert abs(oracle.success_probability - p_expected) < 1e-12


@pytest.mark.parametrize("f", [0.55, 0.7, 0.9, 0.99])
def test_bbpssw_werner_closed_form(f: float) -> None:
    out = purify_bell_diagonal(BellDiagonal.from_werner(f), method="bbpssw")
    f_expected, p_expected = bbpssw_closed_form(f)
    assert abs(out.fidelity - f_expected) < 1e-12
    assert abs(out.success_probability - p_expected) < 1e-12


@pytest.mark.parametrize("seed", range(5))
def test_dejmps_recurrence(seed: int) -> None:
    state = random_bell_diagonal(np.random.default_rng(seed))
    out = purify_bell_diagonal(state, method="dejmps")
    expected, n = dejmps_closed_form(state.coefficients)
    assert np.allclose(out.state.coefficients, expected, atol=1e-12, rtol=0)
    assert abs(out.success_probability - n) < 1e-12


@pytest.mark.parametrize(
    ("seed", "method"), list(itertools.product(range(6), ["bbpssw", "dejmps"]))
)
def test_closed_form_equals_density_matrix_oracle(seed: int, method: str) -> None:
    rng = np.random.default_rng(seed)
    first, second = random_bell_diagonal(rng), random_bell_diagonal(rng)
    fast = purify_bell_diagonal(first, second, method)
    slow = purify_density(first.to_density(), second.to_density(), method)
    assert abs(fast.success_probability - slow.success_probability) < 1e-12
    assert np.max(np.abs(fast.state.to_density().matrix - slow.state.matrix)) < 1e-12


def test_general_state_stays_valid() -> None:
    rho = random_density((2, 2), rng=np.random.default_rng(3))
    out = purify(rho, method="dejmps")
    matrix = out.state.matrix
    assert 0 < out.success_probability <= 1
    assert np.allclose(matrix, matrix.conj().T, atol=1e-12)
    assert abs(np.trace(matrix) - 1) < 1e-12
    assert np.linalg.eigvalsh(matrix)[0] > -1e-12


def test_rounds_needed_iterates_the_closed_form() -> None:
    schedule = rounds_needed(0.8, 0.95, "bbpssw")
    f, fidelities, probabilities = 0.8, [0.8], []
    while f < 0.95:
        f, p = bbpssw_closed_form(f)  # BBPSSW re-twirls: Werner recurrence
        fidelities.append(f)
        probabilities.append(p)
    assert schedule.num_rounds == len(probabilities)
    assert np.allclose(schedule.fidelities, fidelities, atol=1e-12)
    assert abs(schedule.expected_pairs - np.prod([2 / p for p in probabilities])) < 1e-9


def test_dejmps_needs_fewer_rounds_than_bbpssw() -> None:
    dejmps = rounds_needed(0.7, 0.99, PurificationMethod.DEJMPS)
    bbpssw = rounds_needed(0.7, 0.99, PurificationMethod.BBPSSW)
    assert dejmps.num_rounds < bbpssw.num_rounds
    assert rounds_needed(0.9, 0.85).num_rounds == 0


@pytest.mark.parametrize("f_in", [0.5, 0.3, 0.0])
def test_target_above_reachable_separable(f_in: float) -> None:
    with pytest.raises(PhysicalConstraintError, match=r"target_fidelity=0\.9: .*separable"):
        rounds_needed(f_in, 0.9, "bbpssw")


def test_target_one_unreachable() -> None:
    with pytest.raises(PhysicalConstraintError, match=r"target_fidelity=1\.0: .*infinitely many"):
        rounds_needed(0.9, 1.0)


def test_dejmps_fixed_point_below_target() -> None:
    # Weight 0.6 on psi+: entangled, but DEJMPS drives it towards psi+, not phi+.
    with pytest.raises(PhysicalConstraintError, match=r"target_fidelity=0\.5: .*fixed point"):
        rounds_needed(BellDiagonal((0.2, 0.1, 0.6, 0.1)), 0.5, "dejmps")


def test_bad_inputs() -> None:
    with pytest.raises(InvalidParameterError, match=r"method='recurrence'"):
        purify(BellDiagonal.from_werner(0.9), method="recurrence")
    with pytest.raises(InvalidParameterError, match=r"target_fidelity=1\.2"):
        rounds_needed(0.9, 1.2)
    with pytest.raises(InvalidStateError, match=r"second=.*two-qubit"):
        purify_density(werner(0.9), random_density((2,), rng=np.random.default_rng(0)))


def test_schedule_validates_lengths() -> None:
    with pytest.raises(InvalidParameterError, match=r"num_rounds=2"):
        PurificationSchedule(PurificationMethod.DEJMPS, 2, (0.8, 0.9), (0.7,))
