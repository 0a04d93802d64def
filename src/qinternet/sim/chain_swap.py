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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from qinternet.noise import PAULI_MATRICES
from qinternet.physics.devices import Memory
from qinternet.physics.maps._purification_fast import purify_outcome
from qinternet.physics.maps._swap_fast import (
    bsm_noise_weights,
    klein,
    shifted,
    swap_bell_coefficients,
    swap_outcomes,
)
from qinternet.physics.maps.purification import PurificationMethod
from qinternet.physics.maps.swapping import CORRECTIONS, BsmNoise
from qinternet.sim.bell_pairs import (
    bell_coefficients,
    bell_density,
    is_pauli_memory,
    memory_pauli_weights,
)
from qinternet.sim.storage import PairStorage, SlotId
from qinternet.states import DensityMatrix

if TYPE_CHECKING:
    from qinternet.sim.chain import ChainConfig

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


HeldPair = tuple[float, "NDArray[np.float64] | DensityMatrix", float, int]
"""A pair the batch route holds: when it is known, what was stored (Bell coefficients or
a density matrix), when, and its Pauli frame."""

_REMEMBERED = 4096
"""Swaps of distinct pairs :meth:`PairStates.swapped` remembers at most."""


class PairStates:
    """The states of a chain's pairs held as values (:data:`HeldPair`), computed as the
    chain's storage computes them: two Bell-diagonal pairs aged (each qubit in turn, as
    :meth:`.storage.QuantumStorage.refresh`) and swapped in closed form, anything else
    stored for the moment of its use in a scratch storage and read as the event route
    reads it (:func:`measure_pairs`, :func:`purify_pairs`)."""

    def __init__(self, config: ChainConfig, memories: Mapping[str, Memory]) -> None:
        from qinternet.sim.storage import QuantumStorage

        self.config = config
        self.nodes = [memories[node] for node in config.nodes]
        self.decoheres = [memory.decoheres for memory in self.nodes]
        self.pauli = [is_pauli_memory(memory) for memory in self.nodes]
        self._swaps: dict[tuple[bytes, bytes], NDArray[np.float64]] | None = {}
        self.bsm_weights = bsm_noise_weights(config.bsm_noise)
        self.scratch = QuantumStorage()
        for node, memory in zip(config.nodes, self.nodes, strict=True):
            self.scratch.add_node(node, memory, num_slots=2)
        self.slots = [
            [self.scratch.reserve(node), self.scratch.reserve(node)] for node in config.nodes
        ]

    def stored(self, a: int, b: int, state: DensityMatrix) -> NDArray[np.float64] | DensityMatrix:
        """What :meth:`.storage.QuantumStorage.store_pair` keeps of ``state`` on nodes
        ``a`` and ``b``: its Bell coefficients if they hold such pairs, else itself."""
        coefficients = None
        if self.pauli[a] and self.pauli[b]:
            coefficients = bell_coefficients(state)
        return state if coefficients is None else coefficients

    def aged(
        self, coefficients: NDArray[np.float64], stored_s: float, now_s: float, a: int, b: int
    ) -> NDArray[np.float64]:
        """Bell coefficients stored at ``stored_s`` between nodes ``a`` and ``b`` at
        ``now_s``."""
        elapsed_s = now_s - stored_s
        if elapsed_s > 0.0:
            if self.decoheres[a]:
                weights = memory_pauli_weights(self.nodes[a], elapsed_s, 0)
                coefficients = klein(coefficients, weights)
            if self.decoheres[b]:
                weights = memory_pauli_weights(self.nodes[b], elapsed_s, 0)
                coefficients = klein(coefficients, weights)
        return coefficients

    def swapped(
        self, first: NDArray[np.float64], second: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """:func:`~qinternet.physics.maps._swap_fast.swap_bell_coefficients` of two pairs,
        remembered while pairs repeat (memories that do not decohere); once
        :data:`_REMEMBERED` different ones came, no longer."""
        memo = self._swaps
        if memo is None:
            return swap_bell_coefficients(first, second, self.bsm_weights)
        key = (first.tobytes(), second.tobytes())
        found = memo.get(key)
        if found is None:
            found = memo[key] = swap_bell_coefficients(first, second, self.bsm_weights)
            if len(memo) > _REMEMBERED:
                self._swaps = None
        return found

    def _put(self, pair: HeldPair, a: int, b: int, side: int) -> tuple[SlotId, SlotId]:
        slots = self.slots[a][side], self.slots[b][side]
        StoredPair(pair[1], pair[2]).put(self.scratch, *slots)
        return slots

    def swap(
        self, lo: int, mid: int, hi: int, left: HeldPair, right: HeldPair, now_s: float, draw: float
    ) -> tuple[int, NDArray[np.float64] | DensityMatrix]:
        """The outcome and joined state of swapping ``left`` and ``right`` at ``mid``."""
        if isinstance(left[1], np.ndarray) and isinstance(right[1], np.ndarray):
            first = self.aged(left[1], left[2], now_s, lo, mid)
            second = self.aged(right[1], right[2], now_s, mid, hi)
            k = max(math.ceil(4.0 * draw) - 1, 0)
            return k, shifted(self.swapped(first, second), k)
        slots = self._put(left, lo, mid, 0) + self._put(right, mid, hi, 1)
        k, joined = measure_pairs(
            self.scratch, slots[:2], slots[2:], now_s, draw, self.config.bsm_noise, self.bsm_weights
        )
        self.scratch.release(*slots, keep_reserved=True)
        return k, joined.state

    def purify(
        self, link: int, kept: HeldPair, sacrificed: HeldPair, now_s: float
    ) -> tuple[float, NDArray[np.float64] | DensityMatrix]:
        """Success probability and state of purifying two pairs of ``link`` now."""
        slots = self._put(kept, link, link + 1, 0) + self._put(sacrificed, link, link + 1, 1)
        probability, state = purify_pairs(
            self.scratch,
            (slots[0], slots[1], kept[3]),
            (slots[2], slots[3], sacrificed[3]),
            now_s,
            self.config.purification_method,
        )
        self.scratch.release(*slots, keep_reserved=True)
        return probability, state.state

    def delivered(
        self, state: NDArray[np.float64] | DensityMatrix, stored_s: float, now_s: float
    ) -> DensityMatrix:
        """The end-to-end pair's state when both ends know it."""
        last = len(self.nodes) - 1
        if isinstance(state, np.ndarray):
            return bell_density(self.aged(state, stored_s, now_s, 0, last))
        slots = self._put((now_s, state, stored_s, 0), 0, last, 0)
        delivered = self.scratch.pair_state(*slots, now_s=now_s)
        self.scratch.release(*slots, keep_reserved=True)
        return delivered
