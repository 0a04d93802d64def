"""Repeater chains with the swap-as-soon-as-possible policy.

Every link generates pairs continuously on its memories (:class:`HeraldedLink`, all
``num_channels`` memory pairs of a link side in parallel). A node swaps as soon as it
knows a pair that reaches to its left and one that reaches to its right, whatever their
lengths (oldest first); its two memories then return to their links, which start again.
A node uses a pair once it knows every swap that formed it (the messages travel over the
fibre), so a pair is swapped at one of its ends at a time; its Pauli frame collects every
outcome on the way. A pair spanning the whole chain is delivered once both end nodes
know all its outcomes. With a cut-off, a pair older than ``cutoff_s``
(counted from the emission of its oldest link) is discarded and its memories freed.

Compare :mod:`.repeater` (nested doubling). The two policies deliver the same
fidelity for ideal memories; ASAP uses memories as soon as they are free.

Examples:
    >>> import numpy as np
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.sim.link_process import HeraldedLinkConfig
    >>> from qinternet.physics.links import LinkOutcome
    >>> from qinternet.states import bell_state, werner
    >>> outcome = LinkOutcome(success_probability=0.2, heralded_state=werner(0.95),
    ...                       target=bell_state("phi+"), target_name="phi+",
    ...                       attempt_duration_s=1e-3)
    >>> links = tuple(HeraldedLinkConfig(a, b, outcome) for a, b in ("AB", "BC", "CD"))
    >>> stats = simulate_asap_chain(ChainConfig(links), memories=dict.fromkeys("ABCD", Memory()),
    ...                             rng=np.random.default_rng(2), duration_s=5.0)
    >>> w = (4 * 0.95 - 1) / 3
    >>> round(stats.fidelity.mean, 9) == round((1 + 3 * w**3) / 4, 9)
    True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import simpy

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Memory
from qinternet.physics.maps._swap_fast import swap_outcomes
from qinternet.sim.chain import (
    ChainConfig,
    chain_record,
    chain_storage,
    check_run_bounds,
)
from qinternet.sim.link_process import HeraldedLink, HeraldedPair
from qinternet.sim.monitor import DeliveryMonitor, DeliveryStatistics
from qinternet.sim.records import DeliveredPair
from qinternet.sim.running import run_in_steps
from qinternet.sim.storage import QuantumStorage, SlotId, SlotPool
from qinternet.states import BellName, DensityMatrix

_BELL_NAMES = tuple(BellName)


@dataclass
class _Pair:
    """A pair between node indices lo < hi; mutable bookkeeping of one entanglement."""

    lo: int
    hi: int
    left: SlotId
    right: SlotId
    bell_index: int
    started_s: float
    created_s: float
    known_lo_s: float
    known_hi_s: float
    alive: bool = True


class AsapChain:
    """The processes of a chain under the swap-as-soon-as-possible policy.

    ``on_delivery(record)`` receives the record of each end-to-end pair, read when both
    ends know it (:func:`~.chain.chain_record`: its state after the Pauli correction).
    """

    def __init__(
        self,
        env: simpy.Environment,
        config: ChainConfig,
        storage: QuantumStorage,
        rng: np.random.Generator,
        on_delivery: Callable[[DeliveredPair], None],
    ) -> None:
        if config.purification_rounds:
            raise InvalidParameterError(
                "purification_rounds", config.purification_rounds, "the ASAP policy has none"
            )
        self.env, self.config, self.storage, self.rng = env, config, storage, rng
        self.on_delivery = on_delivery
        self.last = len(config.links)
        self._owner: dict[SlotId, _Pair] = {}
        self._waiting_left: list[list[_Pair]] = [[] for _ in config.nodes]
        self._waiting_right: list[list[_Pair]] = [[] for _ in config.nodes]
        self._link_for: dict[SlotId, HeraldedLink] = {}
        next_position = dict.fromkeys(config.nodes, 0)
        for index, link in enumerate(config.links):
            pools = []
            for node in (link.node_a, link.node_b):
                start = next_position[node]
                next_position[node] = start + config.num_channels
                pools.append(
                    SlotPool(env, storage, node, range(start, start + config.num_channels))
                )
            copies = dataclasses.replace(link, num_channels=config.num_channels)
            heralded = HeraldedLink(
                env, copies, storage, rng, self._link_handler(index), (pools[0], pools[1])
            )
            for pool in pools:
                for position in range(
                    next_position[pool.node] - config.num_channels, next_position[pool.node]
                ):
                    self._link_for[SlotId(pool.node, position)] = heralded

    def _link_handler(self, index: int) -> Callable[[HeraldedPair], None]:
        def handle(pair: HeraldedPair) -> None:
            bell_index = _BELL_NAMES.index(BellName(pair.target_name))
            now = self.env.now
            new = _Pair(
                index,
                index + 1,
                pair.slot_a,
                pair.slot_b,
                bell_index,
                pair.started_s,
                pair.created_s,
                now,
                now,
            )
            self._register(new)

        return handle

    def _release(self, *slots: SlotId) -> None:
        """Discard the qubits in ``slots`` and lend the slots to their links again."""
        self.storage.release(*slots, keep_reserved=True)
        self._give_back(*slots)

    def _give_back(self, *slots: SlotId) -> None:
        for slot in slots:
            self._owner.pop(slot, None)
            self._link_for[slot].pools[slot.node].give_back(slot)

    def _register(self, pair: _Pair) -> None:
        """Note a new pair: deliver it, or let its end nodes use it once they know it."""
        self._owner[pair.left] = self._owner[pair.right] = pair
        if self.config.cutoff_s is not None:
            expiry_s = pair.created_s + self.config.cutoff_s - self.env.now
            self.env.timeout(max(expiry_s, 0.0)).callbacks.append(lambda _: self._expire(pair))
        if pair.lo == 0 and pair.hi == self.last:
            at_s = max(pair.known_lo_s, pair.known_hi_s)
            self.env.timeout(at_s - self.env.now).callbacks.append(lambda _: self._deliver(pair))
            return
        arrive_lo = self.env.timeout(pair.known_lo_s - self.env.now)
        arrive_lo.callbacks.append(lambda _: self._arrive(pair, pair.lo, self._waiting_right))
        arrive_hi = self.env.timeout(pair.known_hi_s - self.env.now)
        arrive_hi.callbacks.append(lambda _: self._arrive(pair, pair.hi, self._waiting_left))

    def _arrive(self, pair: _Pair, node: int, waiting: list[list[_Pair]]) -> None:
        """``node`` now knows ``pair``; it swaps if it holds pairs on both sides."""
        if not pair.alive:
            return
        waiting[node].append(pair)
        self._try_swap(node)

    def _try_swap(self, node: int) -> None:
        lefts, rights = self._waiting_left[node], self._waiting_right[node]
        lefts[:] = [p for p in lefts if p.alive]
        rights[:] = [p for p in rights if p.alive]
        while lefts and rights:
            self._swap(lefts.pop(0), rights.pop(0), node)

    def _swap(self, left: _Pair, right: _Pair, mid: int) -> None:
        now = self.env.now
        left.alive = right.alive = False
        if self.rng.random() >= self.config.swap_success_probability:
            self._release(left.left, left.right, right.left, right.right)
            return
        state_left = self.storage.pair_state(left.left, left.right, now_s=now)
        state_right = self.storage.pair_state(right.left, right.right, now_s=now)
        probabilities, states = swap_outcomes(
            state_left.matrix, state_right.matrix, self.config.bsm_noise
        )
        k = min(int(np.searchsorted(np.cumsum(probabilities), self.rng.random())), 3)
        self.storage.release(left.left, left.right, right.left, right.right, keep_reserved=True)
        self._give_back(left.right, right.left)
        self.storage.store_pair(
            left.left, right.right, DensityMatrix._trusted(states[k], (2, 2)), created_s=now
        )
        joined = _Pair(
            left.lo,
            right.hi,
            left.left,
            right.right,
            left.bell_index ^ right.bell_index ^ k,
            min(left.started_s, right.started_s),
            min(left.created_s, right.created_s),
            max(left.known_lo_s, now + self.config.delay_s(mid, left.lo)),
            max(right.known_hi_s, now + self.config.delay_s(mid, right.hi)),
        )
        self._register(joined)

    def _expire(self, pair: _Pair) -> None:
        if pair.alive and self._owner.get(pair.left) is pair:
            pair.alive = False
            self._release(pair.left, pair.right)

    def _deliver(self, pair: _Pair) -> None:
        if not pair.alive:
            return
        pair.alive = False
        now = self.env.now
        state = self.storage.pair_state(pair.left, pair.right, now_s=now)
        ends = (self.config.nodes[0], self.config.nodes[-1])
        self.on_delivery(
            chain_record(ends, state, pair.bell_index, started_s=pair.started_s, delivered_s=now)
        )
        self._release(pair.left, pair.right)


def simulate_asap_chain(
    config: ChainConfig,
    *,
    memories: Mapping[str, Memory],
    rng: np.random.Generator,
    duration_s: float = math.inf,
    max_pairs: int | None = None,
) -> DeliveryStatistics:
    """Run a chain under the ASAP policy until ``duration_s`` or ``max_pairs`` deliveries.

    A pair's waiting time runs from the first attempt of its oldest link; the
    intervals between deliveries are reported as ``delivery_interval_s``.

    Raises:
        InvalidParameterError: if neither bound is given or a node has no memory model.
    """
    check_run_bounds(duration_s, max_pairs)
    env = simpy.Environment()
    storage = chain_storage(config, memories, config.num_channels)
    monitor = DeliveryMonitor()
    done = env.event()

    def deliver(record: DeliveredPair) -> None:
        monitor.record(record)
        if max_pairs is not None and monitor.num_pairs >= max_pairs and not done.triggered:
            done.succeed()

    AsapChain(env, config, storage, rng, deliver)
    sim_time_s = run_in_steps(env, until_s=duration_s, num_steps=1, stop=done)
    return monitor.statistics(sim_time_s=sim_time_s)
