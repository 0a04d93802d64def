"""The arithmetic of a chain's swaps and purifications on stored pairs, shared by the
event route (:mod:`.repeater`, on the chain's storage) and the batch route
(:mod:`.chain_batch`, which stores each pair only for the moment it is used), so both
compute every state with the same calls on the same numbers.

A :class:`StoredPair` is what a storage was given for a pair: its Bell coefficients
(``store_bell_pair``) or a density matrix (``store_pair``, which keeps Bell-diagonal
states of Pauli memories as coefficients too), and when. Between its storage and its
next use a pair only decoheres, so storing it again at that time in an empty slot and
reading it then gives the same numbers as having kept it there.

Examples:
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.physics.maps.swapping import BsmNoise
    >>> from qinternet.sim.storage import QuantumStorage
    >>> storage = QuantumStorage()
    >>> for node in "ABC":
    ...     storage.add_node(node, Memory(t2_s=1.0), num_slots=2)
    >>> a, b1, b2, c = (storage.reserve(n) for n in "ABBC")
    >>> werner = np.array([0.91, 0.03, 0.03, 0.03])
    >>> StoredPair(werner, 0.0).put(storage, a, b1)
    >>> StoredPair(werner, 0.0).put(storage, b2, c)
    >>> k, joined = measure_pairs(storage, (a, b1), (b2, c), 0.0, 0.6, BsmNoise())
    >>> k, round(float(joined.state[k]), 4)  # in Bell state k: 0.91^2 + 3 * 0.03^2
    (2, 0.8308)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qinternet.noise import PAULI_MATRICES
from qinternet.physics.maps._purification_fast import purify_outcome
from qinternet.physics.maps._swap_fast import (
    bsm_noise_weights,
    shifted,
    swap_bell_coefficients,
    swap_outcomes,
)
from qinternet.physics.maps.purification import PurificationMethod
from qinternet.physics.maps.swapping import CORRECTIONS, BsmNoise
from qinternet.sim.storage import PairStorage, SlotId
from qinternet.states import DensityMatrix

_PAIR_CORRECTIONS = tuple(np.kron(np.eye(2), PAULI_MATRICES[pauli]) for pauli in CORRECTIONS)


@dataclass(frozen=True, eq=False)
class StoredPair:
    """A pair as it was stored: Bell coefficients (an array) or a density matrix, from
    ``stored_s`` on."""

    state: NDArray[np.float64] | DensityMatrix
    stored_s: float

    def put(self, storage: PairStorage, slot_a: SlotId, slot_b: SlotId) -> None:
        """Store the pair in two reserved slots, as it was stored first."""
        if isinstance(self.state, DensityMatrix):
            storage.store_pair(slot_a, slot_b, self.state, created_s=self.stored_s)
        else:
            storage.store_bell_pair(slot_a, slot_b, self.state, created_s=self.stored_s)


def measure_pairs(
    storage: PairStorage,
    left: tuple[SlotId, SlotId],
    right: tuple[SlotId, SlotId],
    now_s: float,
    outcome_draw: float,
    noise: BsmNoise,
    weights: NDArray[np.float64] | None = None,
) -> tuple[int, StoredPair]:
    """Bell-measure the inner qubits of the pairs in ``left`` and ``right`` at ``now_s``.

    Two Bell-diagonal pairs are swapped in closed form
    (:func:`~qinternet.physics.maps._swap_fast.swap_bell_coefficients`, BSM noise
    ``weights`` = :func:`~qinternet.physics.maps._swap_fast.bsm_noise_weights`), any
    others by the density contraction; ``outcome_draw`` (uniform) picks the outcome k.

    Returns:
        k and the joined pair (Pauli frame a XOR b XOR k) to store on ``left[0]``,
        ``right[1]``; the four measured qubits are left in the storage.
    """
    first = storage.bell_pair(*left, now_s=now_s)
    second = None if first is None else storage.bell_pair(*right, now_s=now_s)
    if first is not None and second is not None:
        if weights is None:
            weights = bsm_noise_weights(noise)
        corrected = swap_bell_coefficients(first, second, weights)
        # The outcome as searchsorted over the cumulative (1/4, 1/2, 3/4, 1) picks it.
        k = max(math.ceil(4.0 * outcome_draw) - 1, 0)
        return k, StoredPair(shifted(corrected, k), now_s)
    state_left = storage.pair_state(*left, now_s=now_s)
    state_right = storage.pair_state(*right, now_s=now_s)
    probabilities, states = swap_outcomes(state_left.matrix, state_right.matrix, noise)
    k = min(int(np.searchsorted(np.cumsum(probabilities), outcome_draw)), 3)
    return k, StoredPair(DensityMatrix._trusted(states[k], (2, 2)), now_s)


def purify_pairs(
    storage: PairStorage,
    kept: tuple[SlotId, SlotId, int],
    sacrificed: tuple[SlotId, SlotId, int],
    now_s: float,
    method: PurificationMethod,
) -> tuple[float, StoredPair]:
    """One recurrence round at ``now_s`` on the pairs in two slot pairs with their Pauli
    frames (slot, slot, Bell index); each frame is corrected on Bob's qubit first.

    Returns:
        The success probability and the kept pair's state if the round succeeds (the
        pairs are left in the storage).
    """
    states = []
    for slot_a, slot_b, bell_index in (kept, sacrificed):
        correction = _PAIR_CORRECTIONS[bell_index]
        rho = storage.pair_state(slot_a, slot_b, now_s=now_s).matrix
        states.append(correction @ rho @ correction.conj().T)
    success_probability, purified = purify_outcome(states[0], states[1], method)
    return success_probability, StoredPair(DensityMatrix._trusted(purified, (2, 2)), now_s)
