"""Bell-diagonal pairs as coefficients: equal to the density-matrix route of the storage."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Memory
from qinternet.physics.maps._swap_fast import klein
from qinternet.sim.bell_pairs import bell_coefficients, bell_density, memory_pauli_weights
from qinternet.sim.storage import QuantumStorage, SlotId
from qinternet.states import (
    BELL_BASIS,
    BellDiagonal,
    DensityMatrix,
    bell_state,
    random_density,
    werner,
)


def _kraus_on_second(matrix: np.ndarray, operators: list[np.ndarray]) -> np.ndarray:
    out = np.zeros_like(matrix)
    for op in operators:
        full = np.kron(np.eye(2), op)
        out += full @ matrix @ full.conj().T
    return out


@pytest.mark.parametrize(
    "memory",
    [
        Memory(t2_s=0.3),
        Memory(t2_s=0.3, dephasing_per_attempt=0.002),
        Memory(depolarizing_time_s=0.7),
        Memory(t2_s=0.2, dephasing_per_attempt=0.3, depolarizing_time_s=0.5),
        Memory(dephasing_per_attempt=0.6),
    ],
)
def test_pauli_weights_equal_the_memory_kraus_map(memory: Memory) -> None:
    rng = np.random.default_rng(3)
    coefficients = rng.random(4)
    coefficients /= coefficients.sum()
    rho = (BELL_BASIS * coefficients) @ BELL_BASIS.conj().T
    for elapsed_s, attempts in [(0.0, 3), (0.05, 0), (0.4, 17)]:
        oracle = _kraus_on_second(rho, memory.storage_kraus(elapsed_s, attempts))
        weights = memory_pauli_weights(memory, elapsed_s, attempts)
        expected = BELL_BASIS.conj().T @ oracle @ BELL_BASIS
        np.testing.assert_allclose(np.diag(klein(coefficients, weights)), expected, atol=1e-14)


def test_bell_coefficients_detect_bell_diagonal_states_only() -> None:
    np.testing.assert_allclose(bell_coefficients(werner(0.8)), [0.8, *(0.2 / 3,) * 3])
    np.testing.assert_allclose(bell_coefficients(bell_state("psi-")), [0, 0, 0, 1], atol=1e-16)
    np.testing.assert_allclose(bell_coefficients(BellDiagonal((0.5, 0.5, 0, 0))), [0.5, 0.5, 0, 0])
    assert bell_coefficients(random_density((2, 2), np.random.default_rng(1))) is None
    assert bell_coefficients(random_density((2,), np.random.default_rng(1))) is None
    # |00><00| = (phi+ + phi-)(phi+ + phi-)^dagger / 2: coherent in the Bell basis.
    product = np.zeros((4, 4), dtype=np.complex128)
    product[0, 0] = 1.0
    assert bell_coefficients(DensityMatrix(product, (2, 2))) is None


def _storage(memory_a: Memory, memory_b: Memory, fast: bool) -> QuantumStorage:
    storage = QuantumStorage(bell_diagonal_pairs=fast)
    storage.add_node("A", memory_a, num_slots=2)
    storage.add_node("B", memory_b, num_slots=2)
    return storage


def _history(storage: QuantumStorage) -> list[np.ndarray]:
    """Store, let attempts and time act, read; the states read along the way."""
    a0, b0, a1, b1 = (storage.reserve(n) for n in "ABAB")
    storage.store_pair(a0, b0, werner(0.93), created_s=0.0)
    storage.record_attempts("A", first_attempt_s=0.0, period_s=1e-3, num_attempts=40)
    read = [storage.pair_state(a0, b0, now_s=0.02).matrix]
    storage.store_pair(a1, b1, bell_state("psi+").to_density(), created_s=0.03)
    read.append(storage.pair_state(b1, a1, now_s=0.1).matrix)
    read.append(storage.pair_state(a0, b1, now_s=0.2).matrix)  # two pairs: a product
    storage.release(b0)  # a0 keeps its reduced state
    read.append(storage.pair_state(a0, a1, now_s=0.25).matrix)
    storage.release(a0, a1, b1)
    assert storage.num_qubits == 0
    return read


@pytest.mark.parametrize(
    "memories",
    [
        (Memory(t2_s=0.1, dephasing_per_attempt=0.01), Memory(depolarizing_time_s=0.3)),
        (Memory(t1_s=0.2, t2_s=0.1), Memory(t2_s=0.5)),
    ],
)
def test_fast_storage_equals_the_density_route(memories: tuple[Memory, Memory]) -> None:
    fast = _history(_storage(*memories, fast=True))
    plain = _history(_storage(*memories, fast=False))
    for got, want in zip(fast, plain, strict=True):
        np.testing.assert_allclose(got, want, atol=1e-14)
    if math.isinf(memories[0].t1_s):  # halves of Bell pairs under Pauli noise: I/2 each
        np.testing.assert_allclose(plain[2], np.eye(4) / 4, atol=1e-15)


def test_pauli_memories_keep_coefficients_finite_t1_keeps_density() -> None:
    pauli = _storage(Memory(t2_s=0.1), Memory(), fast=True)
    a, b = pauli.reserve("A"), pauli.reserve("B")
    pauli.store_pair(a, b, werner(0.9), created_s=0.0)
    coefficients = pauli.bell_pair(a, b, now_s=0.1)
    assert coefficients is not None
    dephased = (1 - math.exp(-1.0)) / 2  # Z flip of t = T2
    assert coefficients[0] == pytest.approx(0.9 * (1 - dephased) + 0.1 / 3 * dephased, abs=1e-15)
    damped = _storage(Memory(t1_s=1.0, t2_s=0.1), Memory(), fast=True)
    a, b = damped.reserve("A"), damped.reserve("B")
    damped.store_pair(a, b, werner(0.9), created_s=0.0)
    assert damped.bell_pair(a, b, now_s=0.1) is None
    assert len(damped.registry) == 2


def test_bell_density_is_the_coefficient_mixture() -> None:
    coefficients = np.array([0.4, 0.3, 0.2, 0.1])
    expected = sum(
        c * bell_state(name).to_density().matrix
        for c, name in zip(coefficients, ("phi+", "phi-", "psi+", "psi-"), strict=True)
    )
    np.testing.assert_allclose(bell_density(coefficients).matrix, expected, atol=1e-16)


def test_a_slot_cannot_hold_two_pairs() -> None:
    storage = _storage(Memory(), Memory(), fast=True)
    a, b = storage.reserve("A"), storage.reserve("B")
    storage.store_pair(a, b, werner(0.9), created_s=0.0)
    with pytest.raises(InvalidParameterError, match="cannot hold a pair"):
        storage.store_pair(a, SlotId("B", 1), werner(0.9), created_s=0.0)
