"""Lazy, exact memory noise: applied on access, equal to applying it eagerly."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Memory
from qinternet.sim.storage import QuantumStorage, SlotId
from qinternet.states import bell_state, fidelity, werner


def two_node_storage(memory_a: Memory, memory_b: Memory, num_slots: int = 1) -> QuantumStorage:
    storage = QuantumStorage()
    storage.add_node("A", memory_a, num_slots=num_slots)
    storage.add_node("B", memory_b, num_slots=num_slots)
    return storage


def test_lazy_noise_equals_one_application() -> None:
    # Dephasing of both qubits for t: coherence e^(-2t/T2), F = (1 + e^(-2t/T2))/2 for phi+.
    storage = two_node_storage(Memory(t2_s=0.02), Memory(t2_s=0.02))
    a, b = storage.reserve("A"), storage.reserve("B")
    storage.store_pair(a, b, bell_state("phi+").to_density(), created_s=1.0)
    for now_s in (1.001, 1.004, 1.010):  # several reads: noise must not be counted twice
        state = storage.pair_state(a, b, now_s=now_s)
    expected = (1 + math.exp(-2 * 0.010 / 0.02)) / 2
    assert fidelity(state, bell_state("phi+")) == pytest.approx(expected, abs=1e-12)


def test_attempt_dephasing_collects_per_attempt_flips() -> None:
    # k attempts with flip probability p each: p_k = (1 - (1-2p)^k)/2 on node A's qubit;
    # a Z flip on one qubit of phi+ lowers F by p_k: F = 1 - p_k.
    p, k = 0.003, 250
    storage = two_node_storage(Memory(dephasing_per_attempt=p), Memory())
    a, b = storage.reserve("A"), storage.reserve("B")
    storage.store_pair(a, b, bell_state("phi+").to_density(), created_s=0.0)
    storage.record_attempts("A", first_attempt_s=1e-6, period_s=1e-6, num_attempts=k)
    storage.record_attempts("B", first_attempt_s=1e-6, period_s=1e-6, num_attempts=k)
    state = storage.pair_state(a, b, now_s=0.0)
    assert fidelity(state, bell_state("phi+")) == pytest.approx(
        1 - (1 - (1 - 2 * p) ** k) / 2, abs=1e-12
    )


def test_only_attempts_after_storage_count() -> None:
    # Attempts at 0, 1, ..., 9 us; a qubit stored at 3.5 us sees those at 4..9 us: 6.
    p = 0.01
    storage = two_node_storage(Memory(dephasing_per_attempt=p), Memory())
    a, b = storage.reserve("A"), storage.reserve("B")
    storage.store_pair(a, b, bell_state("phi+").to_density(), created_s=3.5e-6)
    storage.record_attempts("A", first_attempt_s=0.0, period_s=1e-6, num_attempts=10)
    state = storage.pair_state(a, b, now_s=1e-5)
    flip = (1 - (1 - 2 * p) ** 6) / 2
    assert fidelity(state, bell_state("phi+")) == pytest.approx(1 - flip, abs=1e-12)


def test_release_frees_slots_and_discards_qubits() -> None:
    storage = two_node_storage(Memory(), Memory(), num_slots=2)
    a, b = storage.reserve("A"), storage.reserve("B")
    assert storage.reserve("A") == SlotId("A", 1)
    storage.store_pair(a, b, werner(0.9), created_s=0.0)
    assert storage.num_qubits == 2
    storage.release(a, b)
    assert storage.num_qubits == 0
    assert storage.reserve("A") == a


def test_no_free_slot_is_a_clear_error() -> None:
    storage = two_node_storage(Memory(), Memory())
    storage.reserve("A")
    with pytest.raises(InvalidParameterError, match="node='A': has no free memory slot"):
        storage.reserve("A")


def test_reading_the_past_is_refused() -> None:
    storage = two_node_storage(Memory(t2_s=1.0), Memory())
    a, b = storage.reserve("A"), storage.reserve("B")
    storage.store_pair(a, b, werner(0.9), created_s=2.0)
    with pytest.raises(InvalidParameterError, match=r"now_s=1\.0"):
        storage.pair_state(a, b, now_s=1.0)


@pytest.mark.parametrize("num_slots", [0, -1, 1.5, True])
def test_bad_slot_count(num_slots: object) -> None:
    with pytest.raises(InvalidParameterError, match="num_slots="):
        QuantumStorage().add_node("A", Memory(), num_slots=num_slots)  # type: ignore[arg-type]


def test_unknown_node() -> None:
    with pytest.raises(InvalidParameterError, match="node='Z'"):
        QuantumStorage().reserve("Z")


def test_ensemble_modes_lose_excitations_with_the_memory_lifetime() -> None:
    # A one-excitation state (|10> + |01>)/sqrt2 of two ensemble modes (dimension 3):
    # each excitation survives t with probability exp(-t/tau); the surviving
    # one-excitation part keeps its coherence, so F with the ideal state = exp(-t/tau).
    from qinternet.physics.devices import AtomicEnsemble
    from qinternet.states import Ket

    tau_s, t_s = 1e-3, 4e-4
    vector = np.zeros(9, dtype=complex)
    vector[1 * 3 + 0] = vector[0 * 3 + 1] = 1 / np.sqrt(2)
    ideal = Ket(vector, dims=(3, 3))
    ensemble = AtomicEnsemble(excitation_probability=0.01, memory_lifetime_s=tau_s)
    storage = QuantumStorage()
    storage.add_node("A", Memory(), num_slots=1, ensemble=ensemble)
    storage.add_node("B", Memory(), num_slots=1, ensemble=ensemble)
    a, b = storage.reserve("A"), storage.reserve("B")
    storage.store_pair(a, b, ideal.to_density(), created_s=0.0)
    state = storage.pair_state(a, b, now_s=t_s)
    assert fidelity(state, ideal) == pytest.approx(math.exp(-t_s / tau_s), abs=1e-12)


def test_fock_mode_without_ensemble_is_refused() -> None:
    from qinternet.states import DensityMatrix

    storage = two_node_storage(Memory(t2_s=1.0), Memory(t2_s=1.0))
    a, b = storage.reserve("A"), storage.reserve("B")
    storage.store_pair(a, b, DensityMatrix.maximally_mixed((3, 3)), created_s=0.0)
    with pytest.raises(InvalidParameterError, match="no ensemble"):
        storage.pair_state(a, b, now_s=1.0)


def test_a_taken_position_is_named() -> None:
    storage = two_node_storage(Memory(), Memory(), num_slots=2)
    storage.reserve("A", 0)
    with pytest.raises(InvalidParameterError, match="has no free memory slot at position 0"):
        storage.reserve("A", 0)
