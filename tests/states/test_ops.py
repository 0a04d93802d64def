"""tensor, partial_trace, permute, apply_unitary, apply_kraus against explicit matrices."""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.core.errors import DimensionMismatchError
from qinternet.states import (
    DensityMatrix,
    Ket,
    apply_kraus,
    apply_unitary,
    bell_state,
    partial_trace,
    permute,
    random_density,
    random_ket,
    tensor,
    to_density,
)

HADAMARD = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
CNOT = np.eye(4)[[0, 1, 3, 2]]


def test_tensor_of_kets_is_a_ket_equal_to_kron() -> None:
    rng = np.random.default_rng(1)
    a, b = random_ket((2,), rng), random_ket((3,), rng)
    product = tensor(a, b)
    assert isinstance(product, Ket)
    assert product.dims == (2, 3)
    np.testing.assert_allclose(product.vector, np.kron(a.vector, b.vector), atol=1e-15)


def test_tensor_with_a_density_matrix_is_a_density_matrix() -> None:
    rng = np.random.default_rng(2)
    a, b = random_ket((2,), rng), random_density((3,), rng)
    product = tensor(a, b)
    assert isinstance(product, DensityMatrix)
    np.testing.assert_allclose(
        product.matrix, np.kron(np.outer(a.vector, a.vector.conj()), b.matrix), atol=1e-15
    )


def test_tensor_of_nothing_raises() -> None:
    with pytest.raises(DimensionMismatchError):
        tensor()


def test_to_density() -> None:
    ket = bell_state("psi-")
    np.testing.assert_allclose(to_density(ket).matrix, np.outer(ket.vector, ket.vector.conj()))


def _reduced_first(matrix: np.ndarray, d_a: int, d_b: int) -> np.ndarray:
    """rho_A[i, k] = sum_j rho[i d_b + j, k d_b + j], written out with loops."""
    out = np.zeros((d_a, d_a), dtype=complex)
    for i in range(d_a):
        for k in range(d_a):
            out[i, k] = sum(matrix[i * d_b + j, k * d_b + j] for j in range(d_b))
    return out


def _reduced_second(matrix: np.ndarray, d_a: int, d_b: int) -> np.ndarray:
    out = np.zeros((d_b, d_b), dtype=complex)
    for j in range(d_b):
        for m in range(d_b):
            out[j, m] = sum(matrix[i * d_b + j, i * d_b + m] for i in range(d_a))
    return out


def test_partial_trace_against_index_sums() -> None:
    rho = random_density((2, 3), np.random.default_rng(3))
    np.testing.assert_allclose(
        partial_trace(rho, [0]).matrix, _reduced_first(rho.matrix, 2, 3), atol=1e-14
    )
    np.testing.assert_allclose(
        partial_trace(rho, 1).matrix, _reduced_second(rho.matrix, 2, 3), atol=1e-14
    )
    assert partial_trace(rho, [1]).dims == (3,)


def test_partial_trace_of_ket_equals_that_of_its_density_matrix() -> None:
    ket = random_ket((2, 3, 2), np.random.default_rng(4))
    for keep in ([0], [1], [2, 0], [1, 2], [2, 1, 0]):
        np.testing.assert_allclose(
            partial_trace(ket, keep).matrix,
            partial_trace(ket.to_density(), keep).matrix,
            atol=1e-14,
        )


def test_partial_trace_of_a_bell_pair_is_maximally_mixed() -> None:
    np.testing.assert_allclose(partial_trace(bell_state("psi+"), [1]).matrix, np.eye(2) / 2)


def test_permute_swaps_two_qubits() -> None:
    ket = Ket([0, 1, 0, 0])  # |01>
    swapped = permute(ket, [1, 0])
    np.testing.assert_array_equal(swapped.vector, [0, 0, 1, 0])  # |10>
    swapped_rho = permute(ket.to_density(), [1, 0])
    np.testing.assert_array_equal(swapped_rho.matrix, np.diag([0, 0, 1, 0]))


def test_permute_mixed_dims_puts_subsystem_order_i_at_i() -> None:
    rng = np.random.default_rng(5)
    a, b, c = random_ket((2,), rng), random_ket((3,), rng), random_ket((4,), rng)
    permuted = permute(tensor(a, b, c), [2, 0, 1])
    assert permuted.dims == (4, 2, 3)
    np.testing.assert_allclose(permuted.vector, tensor(c, a, b).vector, atol=1e-15)
    rho = tensor(a.to_density(), b, c)
    np.testing.assert_allclose(
        permute(rho, [2, 0, 1]).matrix, tensor(c, a, b).to_density().matrix, atol=1e-15
    )


def test_bell_pair_from_hadamard_and_cnot() -> None:
    zero = Ket([1, 0])
    pair = apply_unitary(apply_unitary(tensor(zero, zero), HADAMARD, 0), CNOT, [0, 1])
    np.testing.assert_allclose(pair.vector, bell_state("phi+").vector, atol=1e-15)


def test_cnot_with_reversed_targets_controls_on_the_second_qubit() -> None:
    ket = Ket([0, 1, 0, 0])  # |01>: control (qubit 1) is set
    np.testing.assert_array_equal(apply_unitary(ket, CNOT, [1, 0]).vector, [0, 0, 0, 1])
    np.testing.assert_array_equal(apply_unitary(ket, CNOT, [0, 1]).vector, [0, 1, 0, 0])


def test_apply_unitary_on_ket_and_density_agree() -> None:
    rng = np.random.default_rng(6)
    ket = random_ket((3, 2, 2), rng)
    unitary, _ = np.linalg.qr(rng.normal(size=(6, 6)) + 1j * rng.normal(size=(6, 6)))
    on_ket = apply_unitary(ket, unitary, [2, 0])
    on_rho = apply_unitary(ket.to_density(), unitary, [2, 0])
    assert isinstance(on_ket, Ket)
    np.testing.assert_allclose(on_ket.to_density().matrix, on_rho.matrix, atol=1e-14)


def test_phase_flip_channel_damps_coherence() -> None:
    flip = [np.sqrt(0.9) * np.eye(2), np.sqrt(0.1) * np.diag([1.0, -1.0])]
    rho = apply_kraus(bell_state("phi+"), flip, 1)
    expected = np.zeros((4, 4))
    expected[0, 0] = expected[3, 3] = 0.5
    expected[0, 3] = expected[3, 0] = 0.5 * (0.9 - 0.1)
    np.testing.assert_allclose(rho.matrix, expected, atol=1e-15)


def test_amplitude_damping_of_excited_state() -> None:
    gamma = 0.3
    damping = [
        np.array([[1, 0], [0, np.sqrt(1 - gamma)]]),
        np.array([[0, np.sqrt(gamma)], [0, 0]]),
    ]
    rho = apply_kraus(Ket([0, 1]), damping, 0)
    np.testing.assert_allclose(rho.matrix, np.diag([gamma, 1 - gamma]), atol=1e-15)


def test_non_hermitian_kraus_on_reversed_mixed_targets_matches_explicit_sum() -> None:
    # Kraus operators that are neither Hermitian nor symmetric expose any mix-up of the
    # row/column (K vs K*) or in/out indices of the superoperator contraction.
    rng = np.random.default_rng(7)
    rho = random_density((3, 2), rng)
    isometry, _ = np.linalg.qr(rng.normal(size=(18, 6)) + 1j * rng.normal(size=(18, 6)))
    kraus = [isometry[6 * i : 6 * (i + 1)] for i in range(3)]
    # targets [1, 0]: the operators act on (qubit, qutrit); swap into that order and back.
    swap = np.zeros((6, 6))
    for a in range(3):
        for b in range(2):
            swap[b * 3 + a, a * 2 + b] = 1.0  # |a>|b> (dims 3,2) -> |b>|a> (dims 2,3)
    expected = sum(swap.T @ k @ swap @ rho.matrix @ swap.T @ k.conj().T @ swap for k in kraus)
    result = apply_kraus(rho, kraus, [1, 0])
    np.testing.assert_allclose(result.matrix, expected, atol=1e-14)


def test_dimension_changing_kraus_heralded_erasure() -> None:
    # A qubit erased with probability 0.25 into a third level |e>.
    keep = np.vstack([np.sqrt(0.75) * np.eye(2), np.zeros((1, 2))])
    erase = [np.zeros((3, 2)), np.zeros((3, 2))]
    erase[0][2, 0] = erase[1][2, 1] = np.sqrt(0.25)
    rho = apply_kraus(bell_state("phi+"), [keep, *erase], [0])
    assert rho.dims == (3, 2)
    assert partial_trace(rho, [0]).matrix[2, 2].real == pytest.approx(0.25, abs=1e-15)
    np.testing.assert_allclose(rho.matrix[:4, :4], 0.75 * bell_state("phi+").to_density().matrix)


def test_dimension_changing_kraus_on_two_targets_needs_output_dims() -> None:
    embed = [np.vstack([np.eye(4), np.zeros((2, 4))])]
    with pytest.raises(DimensionMismatchError, match="output_dims"):
        apply_kraus(bell_state("phi+"), embed, [0, 1])
    rho = apply_kraus(bell_state("phi+"), embed, [0, 1], output_dims=[3, 2])
    assert rho.dims == (3, 2)
    assert np.trace(rho.matrix).real == pytest.approx(1.0, abs=1e-15)


def test_apply_kraus_to_ket_returns_density_matrix() -> None:
    rho = apply_kraus(Ket([1, 0]), [HADAMARD], 0)
    assert isinstance(rho, DensityMatrix)
    np.testing.assert_allclose(rho.matrix, np.full((2, 2), 0.5), atol=1e-15)
