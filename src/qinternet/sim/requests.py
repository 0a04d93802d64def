"""Several repeater chains (one per request) on one clock and one set of memories.

Every request's :class:`~qinternet.sim.repeater.RepeaterChain` runs in the same
SimPy environment and stores its qubits in the same
:class:`~qinternet.sim.storage.QuantumStorage`: the requests share simulated time
and the nodes' memories, and a node's entangling attempts dephase every qubit it holds,
whichever request it belongs to. Each chain numbers the memory slots of a node from 0;
a per-request view maps them to slots of the shared storage.

Each delivered pair becomes a :class:`~.records.DeliveredPair` (its state after the
Pauli correction, so meant to be phi+, see :func:`~.chain.chain_record`); the monitor
(:mod:`.monitor`) turns them into statistics, including the mean state and its CHSH
value and BBM92 key. A request that reached its ``max_pairs`` stops: its end nodes keep
their last pairs, so its chain starts no new end-to-end pair. The run ends at ``duration_s`` or
when every request has its ``max_pairs``.

Examples:
    >>> import numpy as np
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.sim.link_process import HeraldedLinkConfig
    >>> from qinternet.physics.links import LinkOutcome
    >>> from qinternet.sim.repeater import ChainConfig
    >>> from qinternet.states import bell_state, werner
    >>> def link(a, b):
    ...     outcome = LinkOutcome(0.2, werner(0.95), bell_state("phi+"), "phi+", 1e-3)
    ...     return HeraldedLinkConfig(a, b, outcome)
    >>> chains = [ChainConfig((link("A", "S"), link("S", "B"))),
    ...           ChainConfig((link("C", "S"), link("S", "A")))]
    >>> stats = simulate_requests(chains, memories={n: Memory() for n in "ABCS"},
    ...     num_memories={"A": 2, "B": 1, "C": 1, "S": 4}, duration_s=1.0,
    ...     rngs=[np.random.default_rng(1), np.random.default_rng(2)], max_pairs=[5, None])
    >>> stats[0].num_pairs, stats[1].num_pairs > 5
    (5, True)
    >>> w = (4 * 0.95 - 1) / 3
    >>> round(stats[1].fidelity.mean, 12) == round((1 + 3 * w**2) / 4, 12)
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import simpy
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Memory
from qinternet.sim.chain import ChainConfig, SwapPolicy
from qinternet.sim.monitor import DeliveryMonitor, DeliveryStatistics
from qinternet.sim.records import DeliveredPair
from qinternet.sim.repeater import RepeaterChain
from qinternet.sim.running import run_in_steps
from qinternet.sim.storage import QuantumStorage, SlotId
from qinternet.states import DensityMatrix


class _RequestSlots:
    """One request's slot map onto the shared storage (a :class:`PairStorage`): the
    chain's slot (node, i) is a slot of node in the shared storage, reserved when the
    chain first reserves it; everything else is passed on with the slots mapped."""

    def __init__(self, shared: QuantumStorage, request: int) -> None:
        self._shared, self._request = shared, request
        self._slots: dict[SlotId, SlotId] = {}

    def reserve(self, node: str, index: int | None = None) -> SlotId:
        mine = sum(1 for slot in self._slots if slot.node == node)
        local = SlotId(node, mine if index is None else index)
        if local in self._slots:
            raise InvalidParameterError("node", node, f"slot {local.position} is reserved")
        try:
            self._slots[local] = self._shared.reserve(node)
        except InvalidParameterError:
            raise InvalidParameterError(
                "num_memories",
                {node: self._shared.num_slots(node)},
                f"too few for requests[{self._request}] (all taken)",
            ) from None
        return local

    def store_pair(
        self, slot_a: SlotId, slot_b: SlotId, state: DensityMatrix, *, created_s: float
    ) -> None:
        self._shared.store_pair(
            self._slots[slot_a], self._slots[slot_b], state, created_s=created_s
        )

    def record_attempts(
        self, node: str, *, first_attempt_s: float, period_s: float, num_attempts: int
    ) -> None:
        self._shared.record_attempts(
            node, first_attempt_s=first_attempt_s, period_s=period_s, num_attempts=num_attempts
        )

    def pair_state(self, slot_a: SlotId, slot_b: SlotId, *, now_s: float) -> DensityMatrix:
        return self._shared.pair_state(self._slots[slot_a], self._slots[slot_b], now_s=now_s)

    def bell_pair(
        self, slot_a: SlotId, slot_b: SlotId, *, now_s: float
    ) -> NDArray[np.float64] | None:
        return self._shared.bell_pair(self._slots[slot_a], self._slots[slot_b], now_s=now_s)

    def store_bell_pair(
        self,
        slot_a: SlotId,
        slot_b: SlotId,
        coefficients: NDArray[np.float64],
        *,
        created_s: float,
    ) -> None:
        self._shared.store_bell_pair(
            self._slots[slot_a], self._slots[slot_b], coefficients, created_s=created_s
        )

    def release(self, *slot_ids: SlotId, keep_reserved: bool = False) -> None:
        self._shared.release(*(self._slots[s] for s in slot_ids), keep_reserved=keep_reserved)
        if not keep_reserved:
            for slot in slot_ids:
                del self._slots[slot]


class _Receiver:
    """Records the pairs one request receives until it has its ``max_pairs``."""

    def __init__(self, max_pairs: int | None, on_done: Callable[[], None]) -> None:
        self.max_pairs, self.on_done = max_pairs, on_done
        self.monitor = DeliveryMonitor()
        self.finished_s: float | None = None

    def deliver(self, record: DeliveredPair) -> bool:
        """Record ``record``; True (keep the pair) once finished: the end memories keep
        their last pair and no new one starts."""
        if self.finished_s is not None:
            return True
        self.monitor.record(record)
        if self.max_pairs is not None and self.monitor.num_pairs >= self.max_pairs:
            self.finished_s = float(record.delivered_s)
            self.on_done()
            return True
        return False

    def statistics(self, end_s: float) -> DeliveryStatistics:
        sim_time_s = self.finished_s if self.finished_s is not None else end_s
        return self.monitor.statistics(sim_time_s=sim_time_s)


def simulate_requests(
    chains: Sequence[ChainConfig],
    *,
    memories: Mapping[str, Memory],
    num_memories: Mapping[str, int],
    duration_s: float,
    rngs: Sequence[np.random.Generator],
    max_pairs: Sequence[int | None] | None = None,
    on_progress: Callable[[float], None] | None = None,
    num_progress_steps: int = 50,
) -> tuple[DeliveryStatistics, ...]:
    """Run one repeater chain per request, all at once, until ``duration_s`` (or until
    every request has its ``max_pairs``).

    Args:
        chains: each request's chain, from its first node to its second.
        memories: the memory model of every node.
        num_memories: memory slots of every node, shared by all chains.
        duration_s: longest simulated time, s.
        rngs: one random stream per request.
        max_pairs: pairs after which each request stops (None: no limit).
        on_progress: called with the simulated time ``num_progress_steps`` times.
        num_progress_steps: number of progress calls.

    Raises:
        InvalidParameterError: for a duration that is not positive and finite, a wrong
            number of rngs or limits, a node without memory model, or a node whose
            slots the chains overrun.
    """
    if not math.isfinite(duration_s) or duration_s <= 0:
        raise InvalidParameterError("duration_s", duration_s, "must be a positive time")
    limits = list(max_pairs) if max_pairs is not None else [None] * len(chains)
    if len(rngs) != len(chains) or len(limits) != len(chains):
        raise InvalidParameterError("rngs", len(rngs), f"need one per request ({len(chains)})")
    for i, chain in enumerate(chains):
        if chain.policy is not SwapPolicy.NESTED:
            raise InvalidParameterError(
                f"chains[{i}].policy", chain.policy.value, "requests run nested chains only"
            )
    env = simpy.Environment()
    shared = QuantumStorage()
    for node in sorted({node for chain in chains for node in chain.nodes}):
        if node not in memories or node not in num_memories:
            raise InvalidParameterError("memories", sorted(memories), f"lack node {node!r}")
        shared.add_node(node, memories[node], num_slots=num_memories[node])
    all_done = env.event()
    receivers: list[_Receiver] = []

    def one_done() -> None:
        if all(r.finished_s is not None for r in receivers) and not all_done.triggered:
            all_done.succeed()

    for i, (chain, rng, limit) in enumerate(zip(chains, rngs, limits, strict=True)):
        view = _RequestSlots(shared, i)
        receiver = _Receiver(limit, one_done)
        RepeaterChain(env, chain, view, rng, receiver.deliver)
        receivers.append(receiver)
    num_steps = num_progress_steps if on_progress is not None else 1
    run_in_steps(env, until_s=duration_s, num_steps=num_steps, on_step=on_progress, stop=all_done)
    return tuple(receiver.statistics(float(env.now)) for receiver in receivers)
