"""The one-pass unitary kernels against the tensor-contraction route they replace."""

from __future__ import annotations

import numba
import numpy as np
import pytest

from qinternet.optics import haar_random_unitary
from qinternet.states import DensityMatrix, apply_kraus, apply_unitary, random_density
from qinternet.states.ops import ONE_PASS_MIN_QUBITS, _apply_channel, _apply_operator


def _plain(rho: DensityMatrix, unitary: np.ndarray, targets: tuple[int, ...]) -> np.ndarray:
    return _apply_operator(rho, unitary, list(targets), [2] * len(targets)).matrix


@pytest.mark.parametrize("num_qubits", [ONE_PASS_MIN_QUBITS, 7, 9])
def test_every_target_choice_agrees_with_the_contraction(num_qubits: int) -> None:
    rng = np.random.default_rng(num_qubits)
    rho = random_density((2,) * num_qubits, rng, rank=3)
    last = num_qubits - 1
    for targets in [(0,), (last,), (2,), (0, last), (last, 0), (3, 1), (1, 2), (4, 5)]:
        unitary = haar_random_unitary(2 ** len(targets), rng)
        fast = apply_unitary(rho, unitary, targets)
        np.testing.assert_allclose(fast.matrix, _plain(rho, unitary, targets), atol=1e-13)
        assert fast.dims == rho.dims


def test_results_do_not_depend_on_the_thread_count() -> None:
    rng = np.random.default_rng(3)
    rho = random_density((2,) * 8, rng, rank=2)
    unitary = haar_random_unitary(4, rng)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        single = apply_unitary(rho, unitary, (5, 2)).matrix
    finally:
        numba.set_num_threads(threads)
    assert np.array_equal(single, apply_unitary(rho, unitary, (5, 2)).matrix)


def test_a_qutrit_among_qubits_still_gets_the_right_answer() -> None:
    rng = np.random.default_rng(4)
    qutrit_and_qubits = random_density((3,) + (2,) * 6, rng, rank=2)
    unitary = haar_random_unitary(4, rng)
    result = apply_unitary(qutrit_and_qubits, unitary, (1, 2))
    np.testing.assert_allclose(
        result.matrix, _plain(qutrit_and_qubits, unitary, (1, 2)), atol=1e-13
    )
    assert result.dims == (3,) + (2,) * 6


@pytest.mark.parametrize("num_targets", [1, 2])
def test_channels_agree_with_the_contraction(num_targets: int) -> None:
    rng = np.random.default_rng(10 + num_targets)
    rho = random_density((2,) * 7, rng, rank=4)
    dimension = 2**num_targets
    # Kraus operators from a random isometry: V (3d x d), K_k = rows k*d..(k+1)*d of V.
    isometry = haar_random_unitary(3 * dimension, rng)[:, :dimension]
    kraus = [isometry[k * dimension : (k + 1) * dimension] for k in range(3)]
    targets = (5, 1)[:num_targets]
    fast = apply_kraus(rho, kraus, targets)
    plain = _apply_channel(rho, kraus, list(targets), [2] * num_targets)
    np.testing.assert_allclose(fast.matrix, plain.matrix, atol=1e-13)
    assert np.trace(fast.matrix).real == pytest.approx(1.0)
