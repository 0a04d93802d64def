"""Memory slots of the nodes, holding qubits whose noise is applied lazily and exactly.

A stored qubit remembers when its noise was last applied. Every access (reading the
state, a gate, a measurement) first applies the memory's decoherence for the time since
then; T1/T2 channels compose (``memory_decoherence(a)`` then ``(b)`` equals ``(a+b)``),
so this is exact with no periodic tick events. Entangling attempts made by a node while
a qubit waits add their per-attempt dephasing (nuclear-spin memories) the same way.

The joint states live in one :class:`qinternet.states.StateRegistry`, so entangled
qubits share one small state and a network of thousands of memories never holds an
exponentially large one. A Bell-diagonal pair in two memories with Pauli noise (T1
infinite) is kept as its four Bell coefficients instead (:mod:`.bell_pairs`: the noise
is then a convolution of four numbers, exactly the Kraus map it replaces); it moves to
the registry as a density matrix once anything but the pair as a whole is asked of it.

Examples:
    >>> import math
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.states import bell_state, fidelity
    >>> storage = QuantumStorage()
    >>> storage.add_node("A", Memory(t2_s=1.0), num_slots=1)
    >>> storage.add_node("B", Memory(), num_slots=1)
    >>> a, b = storage.reserve("A"), storage.reserve("B")
    >>> storage.store_pair(a, b, bell_state("phi+").to_density(), created_s=0.0)
    >>> state = storage.pair_state(a, b, now_s=0.5)  # A's qubit dephased for 0.5 s
    >>> round(fidelity(state, bell_state("phi+")), 12) == round((1 + math.exp(-0.5)) / 2, 12)
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_count
from qinternet.noise import loss
from qinternet.physics.devices import AtomicEnsemble, Memory
from qinternet.sim.bell_pairs import BellPairs, bell_density, is_pauli_memory, memory_pauli_weights
from qinternet.states import DensityMatrix, StateRegistry


class SlotId(NamedTuple):
    """Memory slot number ``position`` of node ``node`` (a tuple: hashed fast, ordered)."""

    node: str
    position: int

    def __str__(self) -> str:
        return f"{self.node}[{self.position}]"


@dataclass
class _Slot:
    occupied: bool = False
    reserved: bool = False
    last_noise_s: float = 0.0
    stored_s: float = 0.0
    pending_attempts: int = 0


@dataclass
class _Node:
    memory: Memory
    slots: list[_Slot] = field(default_factory=list)
    decoheres: bool = True
    ensemble: AtomicEnsemble | None = None


class PairStorage(Protocol):
    """What link generation and chains need of a storage: :class:`QuantumStorage`, or a
    request's slot map onto a shared one (:mod:`.requests`)."""

    def reserve(self, node: str, index: int | None = None) -> SlotId:
        """Reserve a free slot of ``node`` (the lowest free one, or ``index``)."""
        ...

    def store_pair(
        self, slot_a: SlotId, slot_b: SlotId, state: DensityMatrix, *, created_s: float
    ) -> None:
        """Put a two-qubit ``state`` into two reserved slots; it exists from ``created_s``."""
        ...

    def record_attempts(
        self, node: str, *, first_attempt_s: float, period_s: float, num_attempts: int
    ) -> None:
        """Note entangling attempts of ``node`` (they dephase the qubits it holds)."""
        ...

    def pair_state(self, slot_a: SlotId, slot_b: SlotId, *, now_s: float) -> DensityMatrix:
        """The joint state of two stored qubits at ``now_s``."""
        ...

    def bell_pair(
        self, slot_a: SlotId, slot_b: SlotId, *, now_s: float
    ) -> NDArray[np.float64] | None:
        """Bell coefficients of the pair in two slots at ``now_s`` (None: a density)."""
        ...

    def store_bell_pair(
        self, slot_a: SlotId, slot_b: SlotId, coefficients: NDArray[np.float64], *, created_s: float
    ) -> None:
        """:meth:`store_pair` of the Bell-diagonal state with ``coefficients`` (trusted)."""
        ...

    def release(self, *slot_ids: SlotId, keep_reserved: bool = False) -> None:
        """Discard the qubits in ``slot_ids``; free the slots unless ``keep_reserved``."""
        ...


class QuantumStorage:
    """The memory slots of every node and the joint states of the qubits they hold."""

    def __init__(
        self, registry: StateRegistry | None = None, *, bell_diagonal_pairs: bool = True
    ) -> None:
        self.registry = registry if registry is not None else StateRegistry()
        self.bell_diagonal_pairs = bell_diagonal_pairs
        """Keep Bell-diagonal pairs of Pauli memories as coefficients (False: every state
        in the registry as a density matrix, the reference route)."""
        self._nodes: dict[str, _Node] = {}
        self._bell = BellPairs()
        self._pauli_nodes: set[str] = set()

    def add_node(
        self,
        node: str,
        memory: Memory,
        *,
        num_slots: int,
        ensemble: AtomicEnsemble | None = None,
    ) -> None:
        """Give ``node`` ``num_slots`` memory slots of the model ``memory``.

        Qubits (dimension 2) decohere by ``memory``; an atomic-ensemble mode (a
        truncated Fock mode, as DLCZ heralds) loses each stored excitation with
        probability 1 - exp(-t / ``ensemble.memory_lifetime_s``).

        Raises:
            InvalidParameterError: for a node added twice or ``num_slots`` < 1.
        """
        if node in self._nodes:
            raise InvalidParameterError("node", node, "was already added")
        check_count(num_slots, "num_slots", 1)
        decoheres = memory.decoheres
        if ensemble is not None and math.isfinite(ensemble.memory_lifetime_s):
            decoheres = True
        slots = [_Slot() for _ in range(num_slots)]
        self._nodes[node] = _Node(memory, slots, decoheres, ensemble)
        if self.bell_diagonal_pairs and ensemble is None and is_pauli_memory(memory):
            self._pauli_nodes.add(node)

    @property
    def num_qubits(self) -> int:
        """Number of qubits (and modes) stored."""
        return len(self.registry) + len(self._bell)

    def num_slots(self, node: str) -> int:
        """Number of memory slots of ``node``."""
        return len(self._node(node).slots)

    def reserve(self, node: str, index: int | None = None) -> SlotId:
        """Reserve a free slot of ``node`` (the lowest free one, or ``index``).

        Raises:
            InvalidParameterError: if the node is unknown or no such slot is free.
        """
        slots = self._node(node).slots
        candidates = range(len(slots)) if index is None else [index]
        for i in candidates:
            if 0 <= i < len(slots) and not (slots[i].reserved or slots[i].occupied):
                slots[i].reserved = True
                return SlotId(node, i)
        which = "" if index is None else f" at position {index}"
        raise InvalidParameterError("node", node, f"has no free memory slot{which}")

    def store_pair(
        self, slot_a: SlotId, slot_b: SlotId, state: DensityMatrix, *, created_s: float
    ) -> None:
        """Put a two-qubit ``state`` into two reserved slots; it exists from ``created_s``.

        The pair decoheres from ``created_s`` on, including while the heralding
        message is still on its way to the nodes.
        """
        if self._fast_pair(slot_a, slot_b):
            coefficients = self._bell.coefficients_of(state)
            if coefficients is not None:
                self.store_bell_pair(slot_a, slot_b, coefficients, created_s=created_s)
                return
        self._occupy(slot_a, slot_b, created_s=created_s)
        self.registry.add_many([slot_a, slot_b], state)

    def store_bell_pair(
        self, slot_a: SlotId, slot_b: SlotId, coefficients: NDArray[np.float64], *, created_s: float
    ) -> None:
        """:meth:`store_pair` of the Bell-diagonal state with ``coefficients`` (phi+,
        phi-, psi+, psi-; trusted: built by validated code)."""
        self._occupy(slot_a, slot_b, created_s=created_s)
        if self._fast_pair(slot_a, slot_b):
            self._bell.add(slot_a, slot_b, coefficients)
        else:
            self.registry.add_many([slot_a, slot_b], bell_density(coefficients))

    def store_state(
        self, slots: Sequence[SlotId], state: DensityMatrix, *, created_s: float
    ) -> None:
        """Put a joint ``state`` of several qubits (one per slot, in order) into reserved
        slots; it decoheres from ``created_s`` on (a GHZ state after a fusion)."""
        if len(slots) == 2:
            self.store_pair(slots[0], slots[1], state, created_s=created_s)
            return
        self._occupy(*slots, created_s=created_s)
        self.registry.add_many(list(slots), state)

    def _occupy(self, *slots: SlotId, created_s: float) -> None:
        if len(set(slots)) != len(slots) or any(slot in self._bell for slot in slots):
            others = ", ".join(str(slot) for slot in slots[1:])
            held = "pair" if len(slots) == 2 else "joint state"
            raise InvalidParameterError(
                "slot", str(slots[0]), f"cannot hold a {held} with {others}"
            )
        for slot_id in slots:
            slot = self._slot(slot_id)
            slot.occupied, slot.last_noise_s, slot.pending_attempts = True, created_s, 0
            slot.stored_s = created_s

    def _fast_pair(self, slot_a: SlotId, slot_b: SlotId) -> bool:
        return slot_a.node in self._pauli_nodes and slot_b.node in self._pauli_nodes

    def record_attempts(
        self, node: str, *, first_attempt_s: float, period_s: float, num_attempts: int
    ) -> None:
        """Note entangling attempts by ``node`` at ``first_attempt_s + i * period_s``,
        i = 0..num_attempts-1: each qubit the node holds collects the dephasing of the
        attempts made after it was stored (applied lazily on its next access).

        Attempts are recorded when their sequence ends (one event per success), so
        for a qubit that a gate touched in the meantime the flips are applied after the
        gate; on stored link pairs, which no gate touches, this is exact.
        """
        memory_node = self._node(node)
        if memory_node.memory.dephasing_per_attempt == 0.0 or num_attempts <= 0:
            return
        for slot in memory_node.slots:
            if not slot.occupied:
                continue
            if slot.stored_s < first_attempt_s:
                slot.pending_attempts += num_attempts
            else:
                before = math.floor((slot.stored_s - first_attempt_s) / period_s) + 1
                slot.pending_attempts += max(0, num_attempts - before)

    def refresh(self, slot_id: SlotId, now_s: float) -> None:
        """Apply the noise the qubit in ``slot_id`` collected up to ``now_s``.

        Raises:
            InvalidParameterError: if ``now_s`` is before the last update.
        """
        node = self._node(slot_id.node)
        slot = self._slot(slot_id, node)
        elapsed_s = now_s - slot.last_noise_s
        if elapsed_s < -1e-15:
            raise InvalidParameterError(
                "now_s", now_s, f"is before the last update at {slot.last_noise_s} s"
            )
        elapsed_s = max(elapsed_s, 0.0)
        if ((node.decoheres and elapsed_s > 0.0) or slot.pending_attempts) and (
            slot_id in self._bell
        ):
            weights = memory_pauli_weights(node.memory, elapsed_s, slot.pending_attempts)
            self._bell.dephase(slot_id, weights)
        elif (node.decoheres and elapsed_s > 0.0) or slot.pending_attempts:
            operators = self._noise(node, slot_id, elapsed_s, slot.pending_attempts)
            self.registry.apply_kraus(slot_id, operators, validated=True)
        slot.last_noise_s, slot.pending_attempts = max(now_s, slot.last_noise_s), 0

    def _noise(
        self, node: _Node, slot_id: SlotId, elapsed_s: float, num_attempts: int
    ) -> Sequence[NDArray[np.complex128]]:
        dimension = self.registry.dim_of(slot_id)
        if dimension == 2:
            return node.memory.storage_kraus(elapsed_s, num_attempts)
        if node.ensemble is None:
            raise InvalidParameterError(
                "slot",
                str(slot_id),
                f"holds a dimension-{dimension} mode but its node has no ensemble",
            )
        survival = math.exp(-elapsed_s / node.ensemble.memory_lifetime_s)
        return loss(1.0 - survival, dimension=dimension).kraus_operators

    def pair_state(self, slot_a: SlotId, slot_b: SlotId, *, now_s: float) -> DensityMatrix:
        """The joint state of two stored qubits at ``now_s`` (their noise applied first)."""
        coefficients = self.bell_pair(slot_a, slot_b, now_s=now_s)
        if coefficients is not None:
            return bell_density(coefficients)
        self._to_registry(slot_a, slot_b)
        return self.registry.state_of([slot_a, slot_b])

    def bell_pair(
        self, slot_a: SlotId, slot_b: SlotId, *, now_s: float
    ) -> NDArray[np.float64] | None:
        """The Bell coefficients (phi+, phi-, psi+, psi-) of the pair in ``slot_a`` and
        ``slot_b`` at ``now_s`` (noise applied first), or None if the storage holds it as
        a density matrix (use :meth:`pair_state`)."""
        self.refresh(slot_a, now_s)
        self.refresh(slot_b, now_s)
        return self._bell.pair_of(slot_a, slot_b)

    def _to_registry(self, *slot_ids: SlotId) -> None:
        """Move the Bell pairs holding ``slot_ids`` into the registry (density matrices)."""
        for slot_id in slot_ids:
            pair = self._bell.pop(slot_id)
            if pair is not None:
                self.registry.add_many(list(pair[0]), bell_density(pair[1]))

    def joint_state(self, slots: Sequence[SlotId], *, now_s: float) -> DensityMatrix:
        """The joint state of stored qubits at ``now_s`` (their noise applied first), in
        the order of ``slots``."""
        if len(slots) == 2:
            return self.pair_state(slots[0], slots[1], now_s=now_s)
        for slot_id in slots:
            self.refresh(slot_id, now_s)
        self._to_registry(*slots)
        return self.registry.state_of(list(slots))

    def release(self, *slot_ids: SlotId, keep_reserved: bool = False) -> None:
        """Discard the qubits in ``slot_ids``; free the slots unless ``keep_reserved``
        (a pool that lends the slot again keeps it)."""
        released, held = set(slot_ids), []
        for slot_id in slot_ids:
            slot = self._slot(slot_id)
            pair = self._bell.pop(slot_id) if slot_id in self._bell else None
            if pair is not None and released.issuperset(pair[0]):
                released.difference_update(pair[0])  # gone with its pair
            elif pair is not None:
                self.registry.add_many(list(pair[0]), bell_density(pair[1]))
            if slot.occupied and slot_id in released:
                held.append(slot_id)
            slot.occupied, slot.reserved, slot.pending_attempts = False, keep_reserved, 0
        if held:
            self.registry.discard(held)

    def _node(self, node: str) -> _Node:
        try:
            return self._nodes[node]
        except KeyError:
            raise InvalidParameterError(
                "node", node, f"is not one of {sorted(self._nodes)}"
            ) from None

    def _slot(self, slot_id: SlotId, node: _Node | None = None) -> _Slot:
        slots = (node or self._node(slot_id.node)).slots
        if not 0 <= slot_id.position < len(slots):
            raise InvalidParameterError(
                "slot", str(slot_id), f"position outside 0..{len(slots) - 1}"
            )
        return slots[slot_id.position]
