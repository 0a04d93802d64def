"""The one-pass kernels against the tensor-contraction route they replace and against the
full operator built entry by entry."""

from __future__ import annotations

import itertools

import numba
import numpy as np
import pytest

from qinternet.optics import haar_random_unitary
from qinternet.states import DensityMatrix, _kernels, apply_kraus, apply_unitary, random_density
from qinternet.states.ops import ONE_PASS_MIN_QUBITS, _apply_channel, _apply_operator


def _plain(rho: DensityMatrix, unitary: np.ndarray, targets: tuple[int, ...]) -> np.ndarray:
    return _apply_operator(rho, unitary, list(targets), [2] * len(targets)).matrix


def _kernel(
    rho: DensityMatrix, operators: list[np.ndarray], targets: tuple[int, ...]
) -> np.ndarray:
    bits = [rho.num_subsystems - 1 - t for t in targets]
    return _kernels.conjugate(rho.matrix, np.stack(operators), bits)


def _full_operator(operator: np.ndarray, targets: tuple[int, ...], num_qubits: int) -> np.ndarray:
    """<r|O_full|c> = <r_targets|O|c_targets> if the other qubits of r and c agree, else 0."""
    dim = 2**num_qubits
    full = np.zeros((dim, dim), dtype=complex)
    for r, c in itertools.product(range(dim), repeat=2):
        r_bits = [(r >> (num_qubits - 1 - q)) & 1 for q in range(num_qubits)]
        c_bits = [(c >> (num_qubits - 1 - q)) & 1 for q in range(num_qubits)]
        if any(r_bits[q] != c_bits[q] for q in range(num_qubits) if q not in targets):
            continue
        row = int("".join(str(r_bits[t]) for t in targets), 2)
        column = int("".join(str(c_bits[t]) for t in targets), 2)
        full[r, c] = operator[row, column]
    return full


def _random_operators(count: int, size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Arbitrary complex matrices: neither unitary nor trace preserving."""
    shape = (size, size)
    return [rng.normal(size=shape) + 1j * rng.normal(size=shape) for _ in range(count)]


def _target_choices(num_qubits: int, rng: np.random.Generator) -> list[tuple[int, ...]]:
    last = num_qubits - 1
    single = [(0,), (last,), (int(rng.integers(num_qubits)),)]
    if num_qubits == 1:
        return single
    pairs = [(0, 1), (1, 0), (0, last), (last, 0), (last - 1, last)]
    if num_qubits >= 5:  # lowest target bit 2 (runs of 4 columns) and 3 (runs of 8)
        single.append((last - 2,))
        pairs += [(last - 2, 0), (0, last - 3)]
    pairs.append(tuple(int(t) for t in rng.choice(num_qubits, size=2, replace=False)))
    return single + pairs


@pytest.mark.parametrize("num_qubits", range(1, 11))
def test_every_size_and_target_choice_agrees_with_the_contraction(num_qubits: int) -> None:
    rng = np.random.default_rng(100 + num_qubits)
    rho = random_density((2,) * num_qubits, rng, rank=min(3, 2**num_qubits))
    for targets in _target_choices(num_qubits, rng):
        unitary = haar_random_unitary(2 ** len(targets), rng)
        expected = _plain(rho, unitary, targets)
        np.testing.assert_allclose(_kernel(rho, [unitary], targets), expected, atol=1e-14)
        if num_qubits >= ONE_PASS_MIN_QUBITS:
            fast = apply_unitary(rho, unitary, targets)
            np.testing.assert_allclose(fast.matrix, expected, atol=1e-14)
            assert fast.dims == rho.dims


@pytest.mark.parametrize("num_operators", [1, 2, 3, 16])
@pytest.mark.parametrize("num_qubits", [2, 3, 5, 7])
def test_non_unitary_operators_agree_with_the_full_matrices(
    num_qubits: int, num_operators: int
) -> None:
    rng = np.random.default_rng(10 * num_qubits + num_operators)
    rho = random_density((2,) * num_qubits, rng, rank=2)
    for targets in _target_choices(num_qubits, rng)[::2]:
        operators = _random_operators(num_operators, 2 ** len(targets), rng)
        expected = np.zeros_like(rho.matrix)
        for operator in operators:
            full = _full_operator(operator, targets, num_qubits) if num_qubits <= 5 else None
            if full is not None:
                expected += full @ rho.matrix @ full.conj().T
        if num_qubits > 5:  # the entry-by-entry operator is slow; the contraction stands in
            expected = _apply_channel(rho, operators, list(targets), [2] * len(targets)).matrix
        scale = max(1.0, float(np.abs(expected).max()))
        np.testing.assert_allclose(_kernel(rho, operators, targets), expected, atol=1e-13 * scale)


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
    np.testing.assert_allclose(fast.matrix, plain.matrix, atol=1e-14)
    assert np.trace(fast.matrix).real == pytest.approx(1.0, abs=1e-13)


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="needs two numba threads")
@pytest.mark.parametrize("num_operators", [1, 2, 5])
@pytest.mark.parametrize("targets", [(5, 2), (9, 8), (4,)])
def test_results_do_not_depend_on_the_thread_count(
    targets: tuple[int, ...], num_operators: int
) -> None:
    rng = np.random.default_rng(3)
    rho = random_density((2,) * 10, rng, rank=2)
    operators = _random_operators(num_operators, 2 ** len(targets), rng)
    threads = numba.get_num_threads()
    results = []
    try:
        for count in (1, 2):
            numba.set_num_threads(count)
            results.append(_kernel(rho, operators, targets))
    finally:
        numba.set_num_threads(threads)
    assert np.array_equal(results[0], results[1])


def test_the_input_is_not_modified() -> None:
    rng = np.random.default_rng(5)
    rho = random_density((2,) * 7, rng, rank=3)
    before = rho.matrix.copy()
    unitary = haar_random_unitary(4, rng)
    after = apply_unitary(rho, unitary, (2, 6))
    apply_kraus(rho, [np.sqrt(0.5) * np.eye(2), np.sqrt(0.5) * np.diag([1, -1])], [3])
    assert np.array_equal(rho.matrix, before)
    writable = before.copy()
    result = _kernels.conjugate(writable, unitary[None], [4, 0])
    assert np.array_equal(writable, before)
    assert not np.shares_memory(result, writable)
    assert not np.shares_memory(after.matrix, rho.matrix)


def test_a_qutrit_among_qubits_still_gets_the_right_answer() -> None:
    rng = np.random.default_rng(4)
    qutrit_and_qubits = random_density((3,) + (2,) * 6, rng, rank=2)
    unitary = haar_random_unitary(4, rng)
    result = apply_unitary(qutrit_and_qubits, unitary, (1, 2))
    np.testing.assert_allclose(
        result.matrix, _plain(qutrit_and_qubits, unitary, (1, 2)), atol=1e-13
    )
    assert result.dims == (3,) + (2,) * 6
