"""The memory slots a node lends one link: a pool that processes take from, wait on and
give back to (the storage decides what a slot holds, the pool only who may use it).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import simpy

from qinternet.sim.storage import PairStorage, SlotId

__all__ = ["SlotPool"]


class SlotPool:
    """The free memory slots a node lends one link; channels wait for a free one.

    Examples:
        >>> from qinternet.physics.devices import Memory
        >>> from qinternet.sim.storage import QuantumStorage
        >>> env = simpy.Environment()
        >>> storage = QuantumStorage()
        >>> storage.add_node("A", Memory(), num_slots=4)
        >>> pool = SlotPool(env, storage, "A", positions=[2, 3])
        >>> pool.take(), pool.num_free
        (SlotId(node='A', position=2), 1)
    """

    def __init__(
        self,
        env: simpy.Environment,
        storage: PairStorage,
        node: str,
        positions: Sequence[int],
    ) -> None:
        self.env, self.storage, self.node = env, storage, node
        self._free: deque[SlotId] = deque(storage.reserve(node, p) for p in positions)
        self.slots: tuple[SlotId, ...] = tuple(self._free)
        """Every slot of this pool, free or lent."""
        self._waiting: deque[simpy.Event] = deque()

    @property
    def num_free(self) -> int:
        """Slots free right now."""
        return len(self._free)

    def take(self) -> SlotId | None:
        """A free slot now, or None if every slot is in use."""
        return self._free.popleft() if self._free else None

    def wait(self) -> simpy.Event:
        """An event whose value is the next slot released (for when :meth:`take` fails)."""
        event = self.env.event()
        self._waiting.append(event)
        return event

    def cancel(self, waiting: simpy.Event) -> None:
        """Withdraw a :meth:`wait` (its process stopped waiting); a slot it was already
        handed goes back to the pool."""
        if waiting.triggered:
            slot: SlotId = waiting.value  # type: ignore[assignment]
            self.give_back(slot)
        elif waiting in self._waiting:
            self._waiting.remove(waiting)

    def give_back(self, slot: SlotId) -> None:
        """Lend ``slot`` again (its qubit must already be discarded from the storage)."""
        if self._waiting:
            self._waiting.popleft().succeed(slot)
        else:
            self._free.append(slot)
