"""Repeater chains as event-driven processes: nested entanglement swapping.

A chain of nodes 0..n joined by heralded links (one :class:`HeraldedLinkConfig` per
segment) delivers end-to-end pairs by nested (doubling) swapping, the scheme of Briegel
et al. (1998) and of the exact analysis of Brand, Coopmans and Elkouss (2020):

* the segment range [lo, hi] splits at ``mid = (lo + hi) // 2``; both halves are
  produced concurrently (recursively; a single segment is a heralded link);
* the node ``mid`` waits until it knows both halves, then Bell-measures its two qubits
  (:func:`qinternet.protocols.swap_fast.swap_outcomes`, equal to the explicit
  :func:`~qinternet.protocols.swapping.swap_density`; gate and readout errors from
  :class:`BsmNoise`); the swap succeeds with ``swap_success_probability`` (a failed
  swap discards both halves, which are produced again);
* the outcome bits travel to both ends of [lo, hi] over classical fibre; the new pair
  is usable once both ends know them (latency is physics: the qubits decohere
  meanwhile, lazily and exactly, see :mod:`.storage`);
* with a cut-off, a half that waits longer than ``cutoff_s`` for its partner is
  discarded together with the partner's unfinished work, and both are produced again
  (the memory cut-off of Li, Coopmans and Elkouss 2021).

Pauli frames: the Bell state a pair should be in is tracked, not corrected. A link's
heralding pattern announces B_a, and a swap of B_a and B_b with outcome index k leaves
B_(a XOR b XOR k) (Bell index 2 x + z in the order phi+, phi-, psi+, psi-). The reported
fidelity is that of the delivered density matrix with this Bell state, i.e. after the
correction the end node would apply.

``num_channels`` independent copies of the chain run side by side, each using one
memory slot per node and side (multiplexing).

References:
    H.-J. Briegel, W. Dur, J. I. Cirac, P. Zoller, PRL 81, 5932 (1998).
    S. Brand, T. Coopmans, D. Elkouss, IEEE JSAC 38, 619 (2020), arXiv:1912.07688.
    B. Li, T. Coopmans, D. Elkouss, IEEE TQE 2 (2021), arXiv:2005.06615.

Examples:
    >>> import numpy as np
    >>> from qinternet.hardware import Memory
    >>> from qinternet.protocols.links import LinkOutcome
    >>> from qinternet.states import bell_state, werner
    >>> def link(a, b):
    ...     outcome = LinkOutcome(success_probability=0.2, heralded_state=werner(0.95),
    ...                           target=bell_state("phi+"), target_name="phi+",
    ...                           attempt_duration_s=1e-3)
    ...     return HeraldedLinkConfig(a, b, outcome)
    >>> chain = ChainConfig((link("A", "B"), link("B", "C"), link("C", "D")))
    >>> stats = simulate_chain(chain, memories={n: Memory() for n in "ABCD"},
    ...                        duration_s=5.0, rng=np.random.default_rng(2))
    >>> w = (4 * 0.95 - 1) / 3
    >>> round(stats.fidelity.mean, 9) == round((1 + 3 * w**3) / 4, 9)
    True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import simpy

from qinternet.errors import InvalidParameterError
from qinternet.hardware import Memory
from qinternet.protocols.link_process import HeraldedLinkConfig, LinkGenerator, SlotPool
from qinternet.protocols.statistics import MeanEstimate, mean_with_stderr
from qinternet.protocols.storage import QuantumStorage, SlotId
from qinternet.protocols.swap_fast import swap_outcomes
from qinternet.protocols.swapping import BsmNoise
from qinternet.states import BellName, DensityMatrix, bell_state, fidelity

CUTOFF_TOLERANCE = 1e-9
"""A partner known within this fraction of an attempt period after the cut-off still
counts as in time (floating-point sums of attempt periods are not exact)."""

_BELL_NAMES = tuple(BellName)


@dataclass(frozen=True)
class ChainConfig:
    """A repeater chain: its links in order, classical delays, swap and cut-off.

    Args:
        links: link i joins ``links[i].node_a`` to ``links[i].node_b`` ==
            ``links[i + 1].node_a``.
        segment_delay_s: one-way classical delay of each segment, s (default: none).
        swap_success_probability: probability that a Bell measurement succeeds, (0, 1].
        bsm_noise: gate and readout errors of the Bell measurements.
        cutoff_s: longest time a pair waits for its partner before both are produced
            again (None: no cut-off).
        num_channels: independent copies of the chain (memories per node and side).

    Raises:
        InvalidParameterError: for links that do not form a chain, a negative delay, a
            swap probability outside (0, 1], a cut-off shorter than one attempt, or
            ``num_channels`` < 1.
    """

    links: tuple[HeraldedLinkConfig, ...]
    segment_delay_s: tuple[float, ...] | None = None
    swap_success_probability: float = 1.0
    bsm_noise: BsmNoise = field(default_factory=BsmNoise)
    cutoff_s: float | None = None
    num_channels: int = 1

    def __post_init__(self) -> None:
        if not self.links:
            raise InvalidParameterError("links", self.links, "need at least one link")
        for i, (left, right) in enumerate(zip(self.links, self.links[1:], strict=False)):
            if left.node_b != right.node_a:
                raise InvalidParameterError(
                    f"links[{i + 1}].node_a", right.node_a, f"must be {left.node_b!r} (a chain)"
                )
        if len(set(self.nodes)) != len(self.nodes):
            raise InvalidParameterError("links", self.nodes, "visit a node twice")
        delays = self.segment_delay_s or (0.0,) * len(self.links)
        if len(delays) != len(self.links) or any(not math.isfinite(d) or d < 0 for d in delays):
            raise InvalidParameterError(
                "segment_delay_s", self.segment_delay_s, "need one delay >= 0 per link"
            )
        object.__setattr__(self, "segment_delay_s", tuple(float(d) for d in delays))
        p = self.swap_success_probability
        if not (0.0 < p <= 1.0):
            raise InvalidParameterError("swap_success_probability", p, "must lie in (0, 1]")
        if self.cutoff_s is not None:
            shortest = min(link.period_s for link in self.links)
            if not math.isfinite(self.cutoff_s) or self.cutoff_s < shortest:
                raise InvalidParameterError(
                    "cutoff_s", self.cutoff_s, f"must be at least one attempt ({shortest:g} s)"
                )
        if isinstance(self.num_channels, bool) or self.num_channels < 1:
            raise InvalidParameterError("num_channels", self.num_channels, "must be >= 1")

    @cached_property
    def nodes(self) -> tuple[str, ...]:
        """The nodes from one end to the other."""
        return (self.links[0].node_a, *(link.node_b for link in self.links))

    @cached_property
    def _delay_to_node_s(self) -> tuple[float, ...]:
        assert self.segment_delay_s is not None
        return (0.0, *itertools.accumulate(self.segment_delay_s))

    def delay_s(self, first: int, last: int) -> float:
        """Classical delay between nodes ``first`` and ``last`` (indices), s."""
        return abs(self._delay_to_node_s[last] - self._delay_to_node_s[first])


@dataclass(frozen=True)
class ChainPair:
    """A pair spanning nodes ``lo`` .. ``hi``, known at both ends.

    Attributes:
        lo, hi: node indices of its ends.
        left, right: the memory slots holding its qubits.
        bell_index: the Bell state it should be in (Pauli frame), 0..3.
        created_s: emission time of its oldest link.
    """

    lo: int
    hi: int
    left: SlotId
    right: SlotId
    bell_index: int
    created_s: float


class RepeaterChain:
    """The processes of one :class:`ChainConfig` on a simulation (see module docstring).

    Each channel delivers end-to-end pairs one after another and calls
    ``on_delivery(pair, started_s)``; the caller reads the pair and then calls
    :meth:`release` for it.
    """

    def __init__(
        self,
        env: simpy.Environment,
        config: ChainConfig,
        storage: QuantumStorage,
        rng: np.random.Generator,
        on_delivery: Callable[[ChainPair, float], None],
    ) -> None:
        self.env, self.config, self.storage, self.rng = env, config, storage, rng
        self.on_delivery = on_delivery
        self.generators = [LinkGenerator(env, link, storage, rng) for link in config.links]
        self._pools: dict[SlotId, SlotPool] = {}
        self._link_pools: list[tuple[SlotPool, SlotPool]] = []
        next_position = dict.fromkeys(config.nodes, 0)
        for link in config.links:
            ends = []
            for node in (link.node_a, link.node_b):
                start = next_position[node]
                next_position[node] = start + config.num_channels
                pool = SlotPool(env, storage, node, range(start, start + config.num_channels))
                ends.append(pool)
                for position in range(start, start + config.num_channels):
                    self._pools[SlotId(node, position)] = pool
            self._link_pools.append((ends[0], ends[1]))
        self.processes = [env.process(self._channel()) for _ in range(config.num_channels)]

    def release(self, pair: ChainPair) -> None:
        """Discard both qubits of ``pair`` and return their slots."""
        self._release_slots(pair.left, pair.right)

    def _release_slots(self, *slots: SlotId) -> None:
        self.storage.release(*slots, keep_reserved=True)
        for slot in slots:
            self._pools[slot].give_back(slot)

    def _channel(self) -> Generator[simpy.Event, Any, None]:
        last = len(self.config.links)
        while True:
            started_s = self.env.now
            pair = yield self.env.process(self._produce(0, last))
            if pair is not None:
                self.on_delivery(pair, started_s)

    def _produce(self, lo: int, hi: int) -> Generator[simpy.Event, Any, ChainPair | None]:
        """Process whose value is a pair spanning ``lo``..``hi`` (None if interrupted)."""
        if hi == lo + 1:
            return (yield from self._link(lo))
        mid = (lo + hi) // 2
        cutoff_s = self.config.cutoff_s
        while True:
            halves = [
                self.env.process(self._produce(lo, mid)),
                self.env.process(self._produce(mid, hi)),
            ]
            try:
                yield halves[0] | halves[1]
                if cutoff_s is not None and not (halves[0].triggered and halves[1].triggered):
                    waiting = halves[1] if halves[0].triggered else halves[0]
                    tolerance_s = CUTOFF_TOLERANCE * self.config.links[lo].period_s
                    yield waiting | self.env.timeout(cutoff_s + tolerance_s)
                    if not waiting.triggered:
                        waiting.interrupt("cut-off")
                        self._discard(*halves)
                        continue
                left, right = (yield halves[0]), (yield halves[1])
            except simpy.Interrupt:
                for half in halves:
                    if half.is_alive:
                        half.interrupt("parent interrupted")
                self._discard(*halves)
                return None
            try:
                joined = yield from self._swap(left, right, lo, mid, hi)
            except simpy.Interrupt:
                return None
            if joined is not None:
                return joined

    def _discard(self, *halves: simpy.Process) -> None:
        for half in halves:
            if half.triggered and half.ok and half.value is not None:
                self.release(half.value)

    def _link(self, index: int) -> Generator[simpy.Event, Any, ChainPair | None]:
        pool_a, pool_b = self._link_pools[index]
        slots: list[SlotId] = []
        pending: tuple[SlotPool, simpy.Event] | None = None
        try:
            for pool in (pool_a, pool_b):
                slot = pool.take()
                if slot is None:
                    # A slot freed by an interrupted subtree comes back a moment later.
                    pending = (pool, pool.wait())
                    slot = yield pending[1]
                    pending = None
                slots.append(slot)
            pair = yield from self.generators[index].generate(slots[0], slots[1])
        except simpy.Interrupt:
            if pending is not None:
                pending[0].cancel(pending[1])
            self._release_slots(*slots)
            return None
        slot_a, slot_b = slots
        bell_index = _BELL_NAMES.index(BellName(pair.target_name))
        return ChainPair(index, index + 1, slot_a, slot_b, bell_index, pair.created_s)

    def _swap(
        self, left: ChainPair, right: ChainPair, lo: int, mid: int, hi: int
    ) -> Generator[simpy.Event, Any, ChainPair | None]:
        """Bell-measure at node ``mid``; value: the joined pair once both ends know it."""
        now = self.env.now
        if self.rng.random() >= self.config.swap_success_probability:
            self.release(left)
            self.release(right)
            return None
        state_left = self.storage.pair_state(left.left, left.right, now_s=now)
        state_right = self.storage.pair_state(right.left, right.right, now_s=now)
        probabilities, states = swap_outcomes(
            state_left.matrix, state_right.matrix, self.config.bsm_noise
        )
        k = min(int(np.searchsorted(np.cumsum(probabilities), self.rng.random())), 3)
        self.storage.release(left.left, left.right, right.left, right.right, keep_reserved=True)
        for slot in (left.right, right.left):
            self._pools[slot].give_back(slot)
        joined_state = DensityMatrix._trusted(states[k], (2, 2))
        self.storage.store_pair(left.left, right.right, joined_state, created_s=now)
        joined = ChainPair(
            lo,
            hi,
            left.left,
            right.right,
            left.bell_index ^ right.bell_index ^ k,
            min(left.created_s, right.created_s),
        )
        delay_s = max(self.config.delay_s(mid, lo), self.config.delay_s(mid, hi))
        try:
            yield self.env.timeout(delay_s)
        except simpy.Interrupt:
            self.release(joined)
            raise
        return joined


@dataclass(frozen=True)
class ChainStatistics:
    """What a simulated chain delivered end to end.

    Attributes:
        num_pairs: pairs delivered.
        sim_time_s: simulated time, s.
        waiting_time_s: time from a channel's start to each delivery (mean, error).
        fidelity: fidelity of each delivered pair with its Pauli-frame Bell state,
            computed from its density matrix (mean, error).
    """

    num_pairs: int
    sim_time_s: float
    waiting_time_s: MeanEstimate
    fidelity: MeanEstimate

    @property
    def rate_hz(self) -> float:
        """Delivered pairs per simulated second."""
        return self.num_pairs / self.sim_time_s


def simulate_chain(
    config: ChainConfig,
    *,
    memories: Mapping[str, Memory],
    rng: np.random.Generator,
    duration_s: float = math.inf,
    max_pairs: int | None = None,
) -> ChainStatistics:
    """Run a repeater chain until ``duration_s`` or ``max_pairs`` deliveries.

    Raises:
        InvalidParameterError: if neither bound is given, a bound is not positive, or a
            node has no memory model.
    """
    if max_pairs is None and math.isinf(duration_s):
        raise InvalidParameterError("duration_s", duration_s, "give a duration or max_pairs")
    if not duration_s > 0 or (max_pairs is not None and max_pairs < 1):
        raise InvalidParameterError("max_pairs", max_pairs, "bounds must be positive")
    env = simpy.Environment()
    storage = QuantumStorage()
    for node in config.nodes:
        if node not in memories:
            raise InvalidParameterError("memories", sorted(memories), f"lack node {node!r}")
        sides = 2 if node not in (config.nodes[0], config.nodes[-1]) else 1
        storage.add_node(node, memories[node], num_slots=sides * config.num_channels)
    waits: list[float] = []
    fidelities: list[float] = []
    done = env.event()

    def deliver(pair: ChainPair, started_s: float) -> None:
        state = storage.pair_state(pair.left, pair.right, now_s=env.now)
        fidelities.append(fidelity(state, bell_state(_BELL_NAMES[pair.bell_index])))
        waits.append(env.now - started_s)
        chain.release(pair)
        if max_pairs is not None and len(waits) >= max_pairs and not done.triggered:
            done.succeed()

    chain = RepeaterChain(env, config, storage, rng, deliver)
    env.run(until=done if math.isinf(duration_s) else env.any_of([done, env.timeout(duration_s)]))
    return ChainStatistics(
        num_pairs=len(waits),
        sim_time_s=float(env.now),
        waiting_time_s=mean_with_stderr(waits),
        fidelity=mean_with_stderr(fidelities),
    )
