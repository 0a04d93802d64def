"""Repeater chains: configuration, and the shell both swap policies share.

:class:`ChainShell` holds what every chain needs whatever its policy: the memory slots
of each link (one pool per link end), the Bell measurement of a swap, the classical
delays, and the delivery of an end-to-end pair through :func:`chain_record`;
:func:`simulate_chain` runs a chain under its policy to a monitor. The policies are
subclasses: nested swapping (:mod:`.repeater`) and swap-as-soon-as-possible
(:mod:`.repeater_asap`).

Examples:
    >>> from qinternet.physics.links import barrett_kok_link
    >>> from qinternet.sim.link_process import HeraldedLinkConfig
    >>> outcome = barrett_kok_link(0.5, preparation_time_s=1e-4)
    >>> config = ChainConfig((HeraldedLinkConfig("A", "B", outcome),
    ...                       HeraldedLinkConfig("B", "C", outcome)),
    ...                      segment_delay_s=(5e-5, 1e-4), purification_rounds=1)
    >>> config.nodes, config.delay_s(0, 2), config.slots_per_link_side
    (('A', 'B', 'C'), 0.00015000000000000001, 2)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import simpy

from qinternet.core.errors import InvalidParameterError
from qinternet.noise import PAULI_MATRICES
from qinternet.physics.devices import Memory
from qinternet.physics.maps._swap_fast import bsm_noise_weights
from qinternet.physics.maps.purification import PurificationMethod
from qinternet.physics.maps.swapping import CORRECTIONS, BsmNoise
from qinternet.sim.chain_swap import measure_pairs
from qinternet.sim.link_process import HeraldedLinkConfig, link_slot_pools
from qinternet.sim.monitor import DeliveryMonitor, DeliveryStatistics
from qinternet.sim.records import DeliveredPair
from qinternet.sim.running import run_in_steps
from qinternet.sim.storage import PairStorage, QuantumStorage, SlotId
from qinternet.states import DensityMatrix, bell_state

_PHI_PLUS = bell_state("phi+")
_CORRECTIONS = tuple(PAULI_MATRICES[pauli] for pauli in CORRECTIONS)
_PAIR_CORRECTIONS = tuple(np.kron(np.eye(2), pauli) for pauli in _CORRECTIONS)
"""Each correction on the second qubit, as a 4 x 4 matrix on the pair (the delivery's
fast path: one product per delivered pair instead of a validated subsystem operation)."""


class SwapPolicy(StrEnum):
    """When repeater nodes swap."""

    NESTED = "nested"
    """Doubling: segment ranges are joined pairwise, level by level (:mod:`.repeater`)."""
    ASAP = "asap"
    """As soon as a node knows pairs on both sides (:mod:`.repeater_asap`)."""


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
        purification_rounds: rounds of recurrence purification of every elementary
            link before it is swapped (each round joins two pairs into one), 0..6.
        purification_method: DEJMPS (default) or BBPSSW.
        policy: nested doubling (default) or swap as soon as possible.

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
    purification_rounds: int = 0
    purification_method: PurificationMethod = PurificationMethod.DEJMPS
    policy: SwapPolicy = SwapPolicy.NESTED

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
        rounds = self.purification_rounds
        if isinstance(rounds, bool) or not isinstance(rounds, int) or not 0 <= rounds <= 6:
            raise InvalidParameterError("purification_rounds", rounds, "must be an integer 0..6")
        object.__setattr__(
            self, "purification_method", PurificationMethod(self.purification_method)
        )
        try:
            object.__setattr__(self, "policy", SwapPolicy(self.policy))
        except ValueError:
            raise InvalidParameterError(
                "policy", self.policy, "must be 'nested' or 'asap'"
            ) from None

    @property
    def slots_per_link_side(self) -> int:
        """Memory slots each chain copy needs per node and link: 2^rounds with
        purification (the two pairs of every round are produced side by side)."""
        return self.num_channels * 2**self.purification_rounds

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


def chain_record(
    ends: tuple[str, str],
    state: DensityMatrix,
    bell_index: int,
    *,
    started_s: float,
    delivered_s: float,
) -> DeliveredPair:
    """The record of an end-to-end pair in Pauli frame ``bell_index``: its state after
    the correction (:data:`~qinternet.physics.maps.swapping.CORRECTIONS` on the second
    qubit) and that state's fidelity with phi+.

    Examples:
        >>> from qinternet.states import bell_state
        >>> psi = bell_state("psi-").to_density()
        >>> record = chain_record(("A", "C"), psi, 3, started_s=0.0, delivered_s=1.0)
        >>> record.target_name, round(record.fidelity, 12)
        ('phi+', 1.0)
    """
    pauli = _PAIR_CORRECTIONS[bell_index]
    matrix = pauli @ state.matrix @ pauli.conj().T
    # <phi+|rho|phi+> with phi+ = (|00> + |11>)/sqrt(2).
    phi_plus_fidelity = 0.5 * float((matrix[0, 0] + matrix[3, 3] + 2 * matrix[0, 3].real).real)
    corrected = DensityMatrix._trusted(matrix, (2, 2))
    return DeliveredPair(ends, started_s, delivered_s, corrected, "phi+", phi_plus_fidelity)


def chain_storage(
    config: ChainConfig,
    memories: Mapping[str, Memory],
    slots_per_link_side: int,
    *,
    bell_diagonal_pairs: bool = True,
) -> QuantumStorage:
    """Storage with ``slots_per_link_side`` memory slots per node and link of the chain
    (``bell_diagonal_pairs``: see :class:`~.storage.QuantumStorage`).

    Raises:
        InvalidParameterError: if a node of the chain has no memory model.
    """
    storage = QuantumStorage(bell_diagonal_pairs=bell_diagonal_pairs)
    ends = (config.nodes[0], config.nodes[-1])
    for node in config.nodes:
        if node not in memories:
            raise InvalidParameterError("memories", sorted(memories), f"lack node {node!r}")
        sides = 1 if node in ends else 2
        storage.add_node(node, memories[node], num_slots=sides * slots_per_link_side)
    return storage


def check_run_bounds(duration_s: float, max_pairs: int | None) -> None:
    """A run needs a positive duration or pair count (so that it always ends).

    Raises:
        InvalidParameterError: if neither bound is given or a bound is not positive.
    """
    if max_pairs is None and math.isinf(duration_s):
        raise InvalidParameterError("duration_s", duration_s, "give a duration or max_pairs")
    if not duration_s > 0 or (max_pairs is not None and max_pairs < 1):
        raise InvalidParameterError("max_pairs", max_pairs, "bounds must be positive")


class ChainShell:
    """What a chain is under either swap policy: slot pools, swaps, delivery.

    Each link end lends ``config.slots_per_link_side`` slots (:attr:`link_pools`,
    link by link). An end-to-end pair goes to ``on_delivery(record)`` as a
    :func:`chain_record`; it returns True to keep the pair's memories (a finished
    request), else they are freed. A policy subclass starts its processes in
    :meth:`start`, and names its :class:`SwapPolicy` as a class keyword.
    """

    policies: ClassVar[dict[SwapPolicy, type[ChainShell]]] = {}
    """The policy class of each :class:`SwapPolicy` (filled by the subclasses)."""

    def __init_subclass__(cls, *, policy: SwapPolicy, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        ChainShell.policies[policy] = cls

    def __init__(
        self,
        env: simpy.Environment,
        config: ChainConfig,
        storage: PairStorage,
        rng: np.random.Generator,
        on_delivery: Callable[[DeliveredPair], bool],
    ) -> None:
        self.env, self.config, self.storage, self.rng = env, config, storage, rng
        self.on_delivery = on_delivery
        self.ends = (config.nodes[0], config.nodes[-1])
        sizes = [config.slots_per_link_side] * len(config.links)
        self.link_pools = link_slot_pools(env, storage, config.links, sizes)
        self._pools = {
            slot: pool for ends in self.link_pools for pool in ends for slot in pool.slots
        }
        self._bsm_weights = bsm_noise_weights(config.bsm_noise)
        self.start()

    def start(self) -> None:
        """Start the policy's processes (called once, at the end of ``__init__``)."""
        raise NotImplementedError

    def release_slots(self, *slots: SlotId) -> None:
        """Discard the qubits in ``slots`` and lend the slots to their links again."""
        self.storage.release(*slots, keep_reserved=True)
        self.give_back(*slots)

    def give_back(self, *slots: SlotId) -> None:
        """Lend ``slots`` (already emptied) to their links again."""
        for slot in slots:
            self._pools[slot].give_back(slot)

    def bell_measure(
        self,
        left: tuple[SlotId, SlotId],
        right: tuple[SlotId, SlotId],
        draw: Callable[[], float] | None = None,
    ) -> int | None:
        """Swap the pairs in slots ``left`` and ``right`` at their common node now.

        Value: the outcome index k (the joined pair, stored on ``left[0]``, ``right[1]``,
        is in Bell state a XOR b XOR k), or None if the swap failed (all four qubits
        discarded). The two measured slots are lent again either way. ``draw`` gives
        the uniform numbers of the success and of the outcome (default: the chain's
        rng); the states follow :func:`.chain_swap.measure_pairs`.
        """
        now = self.env.now
        draw = self.rng.random if draw is None else draw
        if draw() >= self.config.swap_success_probability:
            self.release_slots(*left, *right)
            return None
        k, joined = measure_pairs(
            self.storage, left, right, now, draw(), self.config.bsm_noise, self._bsm_weights
        )
        self.storage.release(*left, *right, keep_reserved=True)
        self.give_back(left[1], right[0])
        joined.put(self.storage, left[0], right[1])
        return k

    def deliver(self, slots: tuple[SlotId, SlotId], bell_index: int, started_s: float) -> None:
        """Hand the end-to-end pair in ``slots`` over now (see the class docstring)."""
        now = self.env.now
        state = self.storage.pair_state(*slots, now_s=now)
        record = chain_record(self.ends, state, bell_index, started_s=started_s, delivered_s=now)
        if not self.on_delivery(record):
            self.release_slots(*slots)


def simulate_chain(
    config: ChainConfig,
    *,
    memories: Mapping[str, Memory],
    rng: np.random.Generator,
    duration_s: float = math.inf,
    max_pairs: int | None = None,
    route: str = "auto",
) -> DeliveryStatistics:
    """Run a repeater chain under its policy (the :class:`ChainShell` subclass
    registered for ``config.policy``) until ``duration_s`` or ``max_pairs`` deliveries.

    A nested chain runs by one of two routes that give the same pairs at the same
    times (:mod:`.chain_batch`): ``"events"`` (SimPy processes side by side) or
    ``"batch"`` (each channel a recursive function of time, one after another);
    ``"auto"`` takes the batch route unless a memory that dephases with every attempt
    holds more than one qubit. The swap-as-soon-as-possible policy has the event
    route only.

    Raises:
        InvalidParameterError: if neither bound is given, a bound is not positive, a
            node has no memory model, the route is unknown, or the batch route is
            asked for a chain it does not apply to.
    """
    check_run_bounds(duration_s, max_pairs)
    if route not in ("auto", "batch", "events"):
        raise InvalidParameterError("route", route, "must be 'auto', 'batch' or 'events'")
    if config.policy is SwapPolicy.NESTED:
        from qinternet.sim.chain_batch import simulate_nested

        return simulate_nested(config, memories, rng, duration_s, max_pairs, route)
    if route == "batch":
        raise InvalidParameterError("route", route, "the batch route runs nested chains only")
    env = simpy.Environment()
    storage = chain_storage(config, memories, config.slots_per_link_side)
    monitor = DeliveryMonitor()
    done = env.event()

    def deliver(record: DeliveredPair) -> bool:
        monitor.record(record)
        if max_pairs is not None and monitor.num_pairs >= max_pairs and not done.triggered:
            done.succeed()
        return False

    ChainShell.policies[config.policy](env, config, storage, rng, deliver)
    sim_time_s = run_in_steps(env, until_s=duration_s, num_steps=1, stop=done)
    return monitor.statistics(sim_time_s=sim_time_s)


# The policies register themselves as their modules load (the nested one in .repeater,
# which loads .repeater_asap); both import this module, so they are imported last.
import qinternet.sim.repeater  # noqa: E402, F401
