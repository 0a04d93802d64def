"""Measures of states against published closed forms, computed here independently."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import DimensionMismatchError
from qinternet.states import (
    BellDiagonal,
    BellName,
    DensityMatrix,
    Ket,
    bell_fidelity,
    bell_state,
    chsh_max,
    concurrence,
    fidelity,
    log_negativity,
    negativity,
    purity,
    random_density,
    random_ket,
    trace_distance,
    twirl,
    von_neumann_entropy,
    werner,
)
from qinternet.states.measures import correlation_matrix

ALL_BELL = ("phi+", "phi-", "psi+", "psi-")


def test_werner_concurrence_at_fidelity_0_8() -> None:
    assert concurrence(werner(0.8)) == pytest.approx(0.6, abs=1e-12)


@pytest.mark.parametrize("f", np.linspace(0.0, 1.0, 11))
def test_werner_concurrence_and_negativity_closed_forms(f: float) -> None:
    # Werner states: C = max(0, 2F - 1) (Wootters 1998); the partial transpose has
    # eigenvalues (1 - 2F)/2 (once) and (2F + 1)/6 (three times), so N = max(0, (2F-1)/2).
    rho = werner(f)
    assert concurrence(rho) == pytest.approx(max(0.0, 2 * f - 1), abs=1e-12)
    assert negativity(rho) == pytest.approx(max(0.0, (2 * f - 1) / 2), abs=1e-12)
    assert log_negativity(rho) == pytest.approx(math.log2(max(1.0, 2 * f)), abs=1e-12)


def test_werner_chsh_at_0_92() -> None:
    f = 0.92
    expected = 2 * math.sqrt(2) * (4 * f - 1) / 3
    assert expected == pytest.approx(2.526728, abs=5e-7)
    assert chsh_max(werner(f)) == pytest.approx(expected, abs=1e-12)


def test_werner_chsh_reaches_two_at_the_threshold() -> None:
    # (4F - 1)/3 = 1/sqrt2  <=>  F = (3/sqrt2 + 1)/4 = 0.780330...
    threshold = (3 / math.sqrt(2) + 1) / 4
    assert threshold == pytest.approx(0.780330, abs=5e-7)
    assert chsh_max(werner(threshold)) == pytest.approx(2.0, abs=1e-12)
    assert chsh_max(werner(threshold - 0.01)) < 2.0 < chsh_max(werner(threshold + 0.01))


@pytest.mark.parametrize("f", [0.3, 0.6, 0.9, 1.0])
def test_werner_chsh_closed_form(f: float) -> None:
    expected = 2 * math.sqrt(2) * abs(4 * f - 1) / 3
    assert chsh_max(werner(f)) == pytest.approx(expected, abs=1e-12)


def test_correlation_matrix_of_phi_plus() -> None:
    np.testing.assert_allclose(correlation_matrix(bell_state("phi+")), np.diag([1, -1, 1]))


@pytest.mark.parametrize("name", ALL_BELL)
def test_bell_states_are_maximally_entangled(name: str) -> None:
    state = bell_state(name)
    assert negativity(state) == pytest.approx(0.5, abs=1e-12)
    assert log_negativity(state) == pytest.approx(1.0, abs=1e-12)
    assert concurrence(state) == pytest.approx(1.0, abs=1e-12)
    assert concurrence(state.to_density()) == pytest.approx(1.0, abs=1e-12)
    assert chsh_max(state) == pytest.approx(2 * math.sqrt(2), abs=1e-12)
    assert von_neumann_entropy(state) == 0.0
    assert von_neumann_entropy(state.to_density()) == pytest.approx(0.0, abs=1e-12)


def test_negativity_on_either_subsystem_is_the_same() -> None:
    rho = random_density((2, 3), np.random.default_rng(21))
    assert negativity(rho, 0) == pytest.approx(negativity(rho, [1]), abs=1e-12)


def test_product_states_have_no_entanglement() -> None:
    rng = np.random.default_rng(22)
    from qinternet.states import tensor

    rho = tensor(random_density((2,), rng), random_density((2,), rng))
    assert concurrence(rho) == pytest.approx(0.0, abs=1e-12)
    assert negativity(rho) == pytest.approx(0.0, abs=1e-12)


def test_entropy_of_maximally_mixed_states() -> None:
    assert von_neumann_entropy(DensityMatrix.maximally_mixed((2,))) == pytest.approx(1.0)
    for dims in [(3,), (2, 2), (2, 3, 2)]:
        d = math.prod(dims)
        rho = DensityMatrix.maximally_mixed(dims)
        assert von_neumann_entropy(rho) == pytest.approx(math.log2(d), abs=1e-12)
        assert von_neumann_entropy(rho, base=math.e) == pytest.approx(math.log(d), abs=1e-12)
        assert purity(rho) == pytest.approx(1 / d, abs=1e-15)


def test_entropy_of_werner_state() -> None:
    f = 0.7
    q = (1 - f) / 3
    expected = -(f * math.log2(f) + 3 * q * math.log2(q))
    assert von_neumann_entropy(werner(f)) == pytest.approx(expected, abs=1e-12)
    assert purity(werner(f)) == pytest.approx(f**2 + 3 * q**2, abs=1e-15)


def test_purity_of_pure_states() -> None:
    ket = random_ket((3, 2), np.random.default_rng(23))
    assert purity(ket) == 1.0
    assert purity(ket.to_density()) == pytest.approx(1.0, abs=1e-14)


@pytest.mark.parametrize("index", range(4))
def test_bell_fidelity_picks_the_right_bell_state(index: int) -> None:
    name = ALL_BELL[index]
    coefficients = [0.1, 0.1, 0.1, 0.1]
    coefficients[index] = 0.7
    state = BellDiagonal(tuple(coefficients))  # type: ignore[arg-type]
    assert bell_fidelity(state) == (BellName(name), pytest.approx(0.7, abs=1e-12))
    assert bell_fidelity(bell_state(name)) == (BellName(name), pytest.approx(1.0, abs=1e-12))


def test_twirl_preserves_phi_plus_fidelity() -> None:
    rng = np.random.default_rng(24)
    phi = bell_state("phi+")
    for rank in (1, 2, 4):
        rho = random_density((2, 2), rng, rank=rank)
        target = fidelity(phi, rho)
        assert twirl(rho).fidelity == pytest.approx(target, abs=1e-12)
        assert twirl(rho, "werner").fidelity == pytest.approx(target, abs=1e-12)
        assert fidelity(phi, twirl(rho, "werner")) == pytest.approx(target, abs=1e-12)


def test_fidelity_pure_fast_paths_equal_the_general_formula() -> None:
    rng = np.random.default_rng(25)
    for dims in [(2,), (3,), (2, 2), (2, 3)]:
        a, b = random_ket(dims, rng), random_ket(dims, rng)
        mixed = random_density(dims, rng)
        overlap = abs(np.vdot(a.vector, b.vector)) ** 2
        assert fidelity(a, b) == pytest.approx(overlap, abs=1e-14)
        general = fidelity(a.to_density(), b.to_density())
        assert general == pytest.approx(overlap, abs=1e-12)
        expected = float(np.real(a.vector.conj() @ mixed.matrix @ a.vector))
        assert fidelity(a, mixed) == pytest.approx(expected, abs=1e-14)
        assert fidelity(mixed, a) == pytest.approx(expected, abs=1e-14)
        assert fidelity(a.to_density(), mixed) == pytest.approx(expected, abs=1e-12)


def test_fidelity_of_commuting_states_is_classical() -> None:
    # Diagonal states: F = (sum_i sqrt(p_i q_i))^2 (the Bhattacharyya coefficient squared).
    p, q = np.array([0.5, 0.3, 0.2]), np.array([0.1, 0.1, 0.8])
    a, b = DensityMatrix(np.diag(p), dims=(3,)), DensityMatrix(np.diag(q), dims=(3,))
    assert fidelity(a, b) == pytest.approx(np.sum(np.sqrt(p * q)) ** 2, abs=1e-14)
    assert trace_distance(a, b) == pytest.approx(0.5 * np.sum(np.abs(p - q)), abs=1e-14)


def test_fidelity_is_symmetric_and_one_on_equal_states() -> None:
    rng = np.random.default_rng(26)
    a, b = random_density((2, 2), rng, rank=2), random_density((2, 2), rng)
    assert fidelity(a, b) == pytest.approx(fidelity(b, a), abs=1e-12)
    assert fidelity(a, a) == pytest.approx(1.0, abs=1e-12)
    assert fidelity(werner(0.9), BellDiagonal.from_werner(0.9)) == pytest.approx(1.0)


def test_trace_distance_of_pure_states() -> None:
    rng = np.random.default_rng(27)
    a, b = random_ket((2, 2), rng), random_ket((2, 2), rng)
    overlap = abs(np.vdot(a.vector, b.vector)) ** 2
    assert trace_distance(a, b) == pytest.approx(math.sqrt(1 - overlap), abs=1e-12)
    assert trace_distance(bell_state("phi+"), bell_state("psi-")) == pytest.approx(1.0)
    assert trace_distance(a, a) == pytest.approx(0.0, abs=1e-14)


def test_measures_check_dims() -> None:
    with pytest.raises(DimensionMismatchError):
        trace_distance(Ket([1, 0]), Ket([1, 0, 0, 0]))
