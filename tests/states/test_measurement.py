"""Measurements: probabilities and post-measurement states against explicit matrices,
outcome statistics, and entanglement swapping built from gates and measurements."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.states import (
    DensityMatrix,
    Ket,
    apply_unitary,
    bell_state,
    fidelity,
    lueders_operators,
    measure,
    outcome_probabilities,
    partial_trace,
    projectors_from_basis,
    random_density,
    random_ket,
    tensor,
    werner,
)

Z_BASIS = projectors_from_basis(np.eye(2))
Y_BASIS = np.array([[1, 1], [1j, -1j]]) / np.sqrt(2)  # columns |+i>, |-i>
HADAMARD = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
CNOT = np.eye(4)[[0, 1, 3, 2]]
PAULI_X = np.array([[0, 1], [1, 0]])
PAULI_Z = np.diag([1, -1])


def _random_unitary(d: int, rng: np.random.Generator) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)))
    return q * (np.diag(r) / np.abs(np.diag(r)))


def _embed_on_last_then_first(op: np.ndarray) -> np.ndarray:
    """The operator ``op`` on subsystems (2, 0) of dims (2, 3, 3), as a full 18x18 matrix.

    ``op`` acts on the space (subsystem 2) (x) (subsystem 0) = (3) (x) (2); built from
    basis indices, independently of the code under test.
    """
    full = np.zeros((18, 18), dtype=complex)
    for i0 in range(2):
        for i1 in range(3):
            for i2 in range(3):
                for j0 in range(2):
                    for j2 in range(3):
                        row = (i0 * 3 + i1) * 3 + i2
                        col = (j0 * 3 + i1) * 3 + j2
                        full[row, col] = op[i2 * 2 + i0, j2 * 2 + j0]
    return full


def test_y_basis_measurement_of_plus_i_is_certain() -> None:
    # Regression: probabilities were computed as tr(E^T rho), which swaps |+i> and |-i>.
    plus_i = Ket(Y_BASIS[:, 0])
    operators = projectors_from_basis(Y_BASIS)
    np.testing.assert_allclose(outcome_probabilities(plus_i, operators, 0), [1.0, 0.0])
    result = measure(plus_i, operators, [0], np.random.default_rng(0))
    assert (result.outcome, result.probability) == (0, pytest.approx(1.0))
    assert fidelity(result.state, plus_i) == pytest.approx(1.0)


def test_probabilities_and_post_state_against_full_matrices() -> None:
    rng = np.random.default_rng(31)
    rho = random_density((2, 3, 3), rng, rank=3)
    basis = _random_unitary(6, rng)  # a complex basis of the targets (2, 0)
    operators = projectors_from_basis(basis)
    full_ops = [_embed_on_last_then_first(p) for p in operators]
    expected = [float(np.trace(p @ rho.matrix).real) for p in full_ops]
    probabilities = outcome_probabilities(rho, operators, [2, 0])
    np.testing.assert_allclose(probabilities, expected, atol=1e-14)
    for seed in range(8):
        result = measure(rho, operators, [2, 0], np.random.default_rng(seed))
        p = full_ops[result.outcome]
        assert result.probability == pytest.approx(expected[result.outcome], abs=1e-14)
        post = p @ rho.matrix @ p.conj().T / expected[result.outcome]
        np.testing.assert_allclose(result.state.matrix, post, atol=1e-12)
        assert result.state.dims == (2, 3, 3)


def test_measuring_a_ket_keeps_a_ket() -> None:
    rng = np.random.default_rng(32)
    ket = random_ket((2, 3), rng)
    result = measure(ket, projectors_from_basis(_random_unitary(3, rng)), [1], rng)
    assert isinstance(result.state, Ket)
    assert np.linalg.norm(result.state.vector) == pytest.approx(1.0, abs=1e-14)
    on_rho = measure(ket.to_density(), projectors_from_basis(np.eye(3)), 1, rng)
    assert isinstance(on_rho.state, DensityMatrix)


def test_outcome_frequencies_follow_the_born_rule() -> None:
    # |psi> = sqrt(0.3)|0> + sqrt(0.7)|1>: over n = 4000 draws the count of outcome 0 is
    # binomial(n, 0.3); 5 sigma = 5 sqrt(n 0.3 0.7) = 145.
    ket = Ket([math.sqrt(0.3), math.sqrt(0.7)])
    rng = np.random.default_rng(33)
    n = 4000
    zeros = sum(measure(ket, Z_BASIS, 0, rng).outcome == 0 for _ in range(n))
    assert abs(zeros - 0.3 * n) < 5 * math.sqrt(n * 0.3 * 0.7)


def test_lueders_operators_of_the_trine_povm() -> None:
    # Trine POVM: E_k = (2/3)|t_k><t_k| with t_k at angles 2 pi k / 3 on the real circle.
    trine = [np.array([math.cos(a), math.sin(a)]) for a in (0, 2 * math.pi / 3, 4 * math.pi / 3)]
    effects = [2 / 3 * np.outer(t, t) for t in trine]
    operators = lueders_operators(effects)
    for m, e in zip(operators, effects, strict=True):
        np.testing.assert_allclose(m @ m, e, atol=1e-15)
        np.testing.assert_allclose(m, m.conj().T, atol=1e-15)
    zero = Ket([1, 0])
    np.testing.assert_allclose(
        outcome_probabilities(zero, operators, 0), [2 / 3, 1 / 6, 1 / 6], atol=1e-15
    )


def test_bell_pair_measurement_collapses_the_partner() -> None:
    for seed in range(6):
        result = measure(bell_state("phi+"), Z_BASIS, [0], np.random.default_rng(seed))
        assert result.probability == pytest.approx(0.5, abs=1e-15)
        partner = partial_trace(result.state, [1]).matrix
        np.testing.assert_allclose(partner, Z_BASIS[result.outcome], atol=1e-15)


def _pauli_correction(m_b1: int, m_b2: int) -> np.ndarray:
    # After CNOT(B1 -> B2), H(B1): m_b2 = 1 means a bit flip, m_b1 = 1 a phase flip on C.
    return np.linalg.matrix_power(PAULI_Z, m_b1) @ np.linalg.matrix_power(PAULI_X, m_b2)


def test_swapping_two_werner_states_for_every_outcome() -> None:
    # Swapping Werner states F1, F2 gives a Werner state of fidelity
    # F1 F2 + (1 - F1)(1 - F2)/3 with phi+ after the Pauli correction, for every outcome.
    f = 0.9
    expected = f * f + (1 - f) * (1 - f) / 3
    assert expected == pytest.approx(0.8133333333333334, abs=1e-15)
    joint = tensor(werner(f), werner(f))  # subsystems A, B1, B2, C
    seen = set()
    for seed in range(40):
        rng = np.random.default_rng(seed)
        state = apply_unitary(joint, CNOT, [1, 2])
        state = apply_unitary(state, HADAMARD, [1])
        first = measure(state, Z_BASIS, [1], rng)
        second = measure(first.state, Z_BASIS, [2], rng)
        corrected = apply_unitary(second.state, _pauli_correction(first.outcome, second.outcome), 3)
        pair = partial_trace(corrected, [0, 3])
        assert fidelity(pair, bell_state("phi+")) == pytest.approx(expected, abs=1e-12)
        np.testing.assert_allclose(pair.matrix, werner(expected).matrix, atol=1e-12)
        assert first.probability == pytest.approx(0.5, abs=1e-12)
        assert second.probability == pytest.approx(0.5, abs=1e-12)
        seen.add((first.outcome, second.outcome))
    assert seen == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_swapping_with_one_joint_measurement_of_both_qubits() -> None:
    # The same swap with (B1, B2) measured at once by the four projectors |m1 m2><m1 m2|.
    f = 0.9
    expected = f * f + (1 - f) * (1 - f) / 3
    state = apply_unitary(tensor(werner(f), werner(f)), CNOT, [1, 2])
    state = apply_unitary(state, HADAMARD, [1])
    joint_z = projectors_from_basis(np.eye(4))
    seen = set()
    for seed in range(40):
        result = measure(state, joint_z, [1, 2], np.random.default_rng(seed))
        assert result.probability == pytest.approx(0.25, abs=1e-12)
        m_b1, m_b2 = divmod(result.outcome, 2)
        corrected = apply_unitary(result.state, _pauli_correction(m_b1, m_b2), 3)
        pair = partial_trace(corrected, [0, 3])
        assert fidelity(pair, bell_state("phi+")) == pytest.approx(expected, abs=1e-12)
        seen.add(result.outcome)
    assert seen == {0, 1, 2, 3}
