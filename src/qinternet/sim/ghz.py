"""GHZ states fused at a hub from heralded pairs, as an event-driven process.

A star: every link joins the ``hub`` to a distinct leaf and generates pairs on its own
(:class:`~.link_process.HeraldedLink`, lazy exact memory noise in :mod:`.storage`).
As soon as the hub knows one pair per leaf (the oldest of each link, first in first
out), it fuses them into a GHZ state (:func:`~qinternet.physics.maps.fusion.ghz_from_pairs`:
CNOTs and Z measurements at the hub with :class:`BsmNoise`; with ``keep_hub=False`` an
X measurement of the hub's own qubit too), the pairs having decohered in the memories
up to that moment. The outcomes travel to the leaves over the links' fibre: the state
is delivered when the farthest leaf knows them, ``fusion + max(leaf delays)``, and its
qubits decohere meanwhile. Its fidelity with the ideal GHZ state is computed from the
delivered density matrix.

Pauli frames: a link heralds a Bell state B_k; the leaf's Pauli correction (and the
X/Z corrections of the fusion) are applied to the state at the fusion. Pauli memory
noise (dephasing, depolarisation) commutes with them, so this is exact for it; T1
relaxation during the messages' flight acts on the corrected frame (an approximation).

Timing of one copy (one memory per link at hub and leaf): each link attempts, the
hub frees its slots at the fusion and the leaves theirs at the delivery, so when the
heralding delay d is at least the attempt period T every link starts again at the
delivery: a cycle lasts ``(max_i N_i - 1) T + d + D`` with N_i geometric attempts and D
the longest leaf delay.

References:
    M. Pompili et al., "Realization of a multinode quantum network of remote
    solid-state qubits", Science 372, 259 (2021), doi:10.1126/science.abg1919.

Examples:
    >>> import numpy as np
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.physics.links import LinkOutcome
    >>> from qinternet.states import bell_state, werner
    >>> outcome = LinkOutcome(success_probability=0.5, heralded_state=werner(0.9),
    ...                       target=bell_state("phi+"), target_name="phi+",
    ...                       attempt_duration_s=1e-3)
    >>> links = tuple(HeraldedLinkConfig("hub", leaf, outcome) for leaf in "AB")
    >>> config = GhzConfig("hub", links, keep_hub=True)
    >>> rngs = [np.random.default_rng(seed) for seed in (1, 2)]
    >>> stats = simulate_ghz(config, memories={n: Memory() for n in ("hub", "A", "B")},
    ...                      duration_s=1.0, rngs=rngs)
    >>> q = 0.1 / 3  # [(F + q)^2 + (F - q)^2] / 2, the Werner closed form
    >>> stats.num_qubits, round(stats.fidelity.mean, 9) == round(((0.9 + q)**2 + (0.9 - q)**2) / 2, 9)
    (3, True)
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from qinternet.core.errors import InvalidParameterError
from qinternet.core.statistics import MeanEstimate
from qinternet.noise import PAULI_MATRICES
from qinternet.physics.devices import Memory
from qinternet.physics.maps.fusion import ghz_from_pairs
from qinternet.physics.maps.swapping import CORRECTIONS, BsmNoise
from qinternet.sim.chain import check_run_bounds
from qinternet.sim.link_process import HeraldedLink, HeraldedLinkConfig, HeraldedPair, LinkGenerator
from qinternet.sim.monitor import PairRate, StateMonitor
from qinternet.sim.running import run_in_steps
from qinternet.sim.slots import SlotPool
from qinternet.sim.storage import QuantumStorage, SlotId
from qinternet.states import BellName, DensityMatrix

__all__ = [
    "DeliveredGhz",
    "GhzConfig",
    "GhzMonitor",
    "GhzStar",
    "GhzStatistics",
    "ghz_fidelity",
    "simulate_ghz",
]

_BELL_NAMES = tuple(BellName)
_LEAF_CORRECTIONS = tuple(np.kron(np.eye(2), PAULI_MATRICES[pauli]) for pauli in CORRECTIONS)
"""The Pauli that maps Bell state k to phi+, on the leaf's (second) qubit of a pair."""


@dataclass(frozen=True)
class GhzConfig:
    """A star of heralded links fused into GHZ states at its hub.

    Args:
        hub: the node that holds one half of every pair and fuses them.
        links: one link per leaf, each joining the hub (either end) to a distinct leaf.
        leaf_delay_s: one-way classical delay from the hub to each link's leaf, s
            (default: none).
        bsm_noise: depolarisation of the two qubits of each fusion (and of the hub's
            qubit before its X measurement) and readout flips.
        keep_hub: keep the hub's qubit in the GHZ state (hub first, then the leaves in
            link order) or measure it out (the leaves only; needs two links).
        num_channels: memories per link at the hub and at its leaf (pairs waiting
            for partners queue in them), >= 1.

    Raises:
        InvalidParameterError: for a link that misses the hub, a leaf joined twice,
            a negative delay, too few links, or ``num_channels`` < 1.
    """

    hub: str
    links: tuple[HeraldedLinkConfig, ...]
    leaf_delay_s: tuple[float, ...] | None = None
    bsm_noise: BsmNoise = field(default_factory=BsmNoise)
    keep_hub: bool = False
    num_channels: int = 1

    def __post_init__(self) -> None:
        if len(self.links) < (1 if self.keep_hub else 2):
            raise InvalidParameterError(
                "links", len(self.links), "a GHZ state of the leaves needs two links"
            )
        leaves = []
        for i, link in enumerate(self.links):
            if self.hub not in (link.node_a, link.node_b):
                raise InvalidParameterError(
                    f"links[{i}]", (link.node_a, link.node_b), f"must join the hub {self.hub!r}"
                )
            leaves.append(link.node_b if link.node_a == self.hub else link.node_a)
        if len(set(leaves)) != len(leaves):
            raise InvalidParameterError("links", leaves, "must join the hub to distinct leaves")
        delays = self.leaf_delay_s or (0.0,) * len(self.links)
        if len(delays) != len(self.links) or any(not math.isfinite(d) or d < 0 for d in delays):
            raise InvalidParameterError(
                "leaf_delay_s", self.leaf_delay_s, "need one delay >= 0 per link"
            )
        object.__setattr__(self, "leaf_delay_s", tuple(float(d) for d in delays))
        if isinstance(self.num_channels, bool) or self.num_channels < 1:
            raise InvalidParameterError("num_channels", self.num_channels, "must be >= 1")

    @property
    def leaves(self) -> tuple[str, ...]:
        """The leaf of each link, in link order."""
        return tuple(link.node_b if link.node_a == self.hub else link.node_a for link in self.links)

    @property
    def num_qubits(self) -> int:
        """Qubits of the delivered GHZ state."""
        return len(self.links) + (1 if self.keep_hub else 0)

    @property
    def nodes(self) -> tuple[str, ...]:
        """The nodes holding the delivered state's qubits, in its order."""
        return ((self.hub,) if self.keep_hub else ()) + self.leaves


@dataclass(frozen=True)
class DeliveredGhz:
    """One GHZ state handed to its nodes.

    Attributes:
        nodes: the nodes holding its qubits, in the state's order.
        started_s: when the first attempt of its oldest pair began, s.
        fused_s: when the hub fused the pairs, s.
        delivered_s: when the last leaf knows the fusion outcomes, s.
        state: the density matrix at ``delivered_s`` (after the Pauli corrections).
        fidelity: its fidelity with the ideal GHZ state (|0..0> + |1..1>)/sqrt(2).
    """

    nodes: tuple[str, ...]
    started_s: float
    fused_s: float
    delivered_s: float
    state: DensityMatrix
    fidelity: float


def ghz_fidelity(rho: DensityMatrix) -> float:
    """<GHZ|rho|GHZ> = (rho[0,0] + rho[-1,-1])/2 + Re rho[0,-1] for n qubits.

    Examples:
        >>> from qinternet.states.multipartite import ghz_state
        >>> round(ghz_fidelity(ghz_state(4).to_density()), 12)
        1.0
    """
    matrix = rho.matrix
    return float(0.5 * (matrix[0, 0].real + matrix[-1, -1].real) + matrix[0, -1].real)


@dataclass(frozen=True, eq=False)
class GhzStatistics(PairRate):
    """What a GHZ run delivered (``num_pairs``: GHZ states, for the rate mixin).

    Attributes:
        num_pairs: GHZ states delivered.
        sim_time_s: simulated time, s.
        num_qubits: qubits of each state.
        fidelity: GHZ fidelity of each delivered state (mean, error).
        waiting_time_s: from the first attempt of a state's oldest pair to its delivery.
        delivery_interval_s: between consecutive deliveries (the first from the start).
        state: the mean delivered state (None without deliveries).
    """

    num_pairs: int
    sim_time_s: float
    num_qubits: int
    fidelity: MeanEstimate
    waiting_time_s: MeanEstimate
    delivery_interval_s: MeanEstimate
    state: DensityMatrix | None

    @property
    def state_fidelity(self) -> float:
        """GHZ fidelity of the mean delivered state (NaN without one)."""
        return math.nan if self.state is None else ghz_fidelity(self.state)

    @property
    def witness(self) -> float:
        """<W> = 1/2 - F of the mean state for the GHZ projector witness
        W = 1/2 - |GHZ><GHZ|: negative certifies genuine multipartite entanglement
        (Guhne and Toth, Phys. Rep. 474, 1 (2009), Sec. 6.2)."""
        return 0.5 - self.state_fidelity


class GhzMonitor(StateMonitor):
    """Collects delivered GHZ states (in delivery order) without keeping them."""

    def record(self, ghz: DeliveredGhz) -> None:
        """Count ``ghz``."""
        self.record_state(ghz.started_s, ghz.delivered_s, ghz.state, fidelity=ghz.fidelity)

    def statistics(self, *, sim_time_s: float) -> GhzStatistics:
        """The statistics of every state recorded over ``sim_time_s`` seconds."""
        return GhzStatistics(
            num_pairs=self.num_states,
            sim_time_s=sim_time_s,
            num_qubits=self.num_qubits,
            fidelity=self.fidelity,
            waiting_time_s=self.waiting_time_s,
            delivery_interval_s=self.delivery_interval_s,
            state=self.mean_state(),
        )


class GhzStar:
    """The processes of one :class:`GhzConfig` on a simulation (module docstring)."""

    def __init__(
        self,
        env: simpy.Environment,
        config: GhzConfig,
        storage: QuantumStorage,
        rngs: Sequence[np.random.Generator],
        on_delivery: Callable[[DeliveredGhz], None],
    ) -> None:
        self.env, self.config, self.storage = env, config, storage
        self.on_delivery = on_delivery
        k = config.num_channels
        self.waiting: list[deque[HeraldedPair]] = [deque() for _ in config.links]
        hub_position = 0
        self.links: list[HeraldedLink] = []
        for i, (link, rng) in enumerate(zip(config.links, rngs, strict=True)):
            hub_pool = SlotPool(env, storage, config.hub, range(hub_position, hub_position + k))
            leaf_pool = SlotPool(env, storage, config.leaves[i], range(k))
            hub_position += k
            pools = (hub_pool, leaf_pool) if link.node_a == config.hub else (leaf_pool, hub_pool)
            generator = LinkGenerator(env, link, storage, rng)
            self.links.append(HeraldedLink(generator, self._on_pair(i), pools))

    def _on_pair(self, index: int) -> Callable[[HeraldedPair], None]:
        def arrived(pair: HeraldedPair) -> None:
            self.waiting[index].append(pair)
            if all(self.waiting):
                self._fuse([queue.popleft() for queue in self.waiting])

        return arrived

    def _slots(self, index: int, pair: HeraldedPair) -> tuple[SlotId, SlotId]:
        """(hub slot, leaf slot) of link ``index``'s pair."""
        a_is_hub = self.config.links[index].node_a == self.config.hub
        return (pair.slot_a, pair.slot_b) if a_is_hub else (pair.slot_b, pair.slot_a)

    def _fuse(self, pairs: list[HeraldedPair]) -> None:
        config, now = self.config, self.env.now
        slots = [self._slots(i, pair) for i, pair in enumerate(pairs)]
        corrected = []
        for (hub_slot, leaf_slot), pair in zip(slots, pairs, strict=True):
            state = self.storage.pair_state(hub_slot, leaf_slot, now_s=now)
            # The leaf's Pauli correction of the heralded Bell state, on its qubit.
            pauli = _LEAF_CORRECTIONS[_BELL_NAMES.index(BellName(pair.target_name))]
            matrix = pauli @ state.matrix @ pauli.conj().T
            corrected.append(DensityMatrix._trusted(matrix, (2, 2)))
        ghz = ghz_from_pairs(corrected, keep_hub=config.keep_hub, noise=config.bsm_noise)
        hub_slots = [hub for hub, _ in slots]
        leaf_slots = [leaf for _, leaf in slots]
        self.storage.release(*hub_slots, *leaf_slots, keep_reserved=True)
        held = ([hub_slots[0]] if config.keep_hub else []) + leaf_slots
        self.storage.store_state(held, ghz, created_s=now)
        for i, slot in enumerate(hub_slots):
            if not (config.keep_hub and i == 0):
                self.links[i].pools[config.hub].give_back(slot)
        started_s = min(pair.started_s for pair in pairs)
        self.env.process(self._deliver(held, started_s, now))

    def _deliver(
        self, held: list[SlotId], started_s: float, fused_s: float
    ) -> Generator[simpy.Event, Any, None]:
        assert self.config.leaf_delay_s is not None
        yield self.env.timeout(max(self.config.leaf_delay_s))
        now = self.env.now
        state = self.storage.joint_state(held, now_s=now)
        record = DeliveredGhz(
            self.config.nodes, started_s, fused_s, now, state, ghz_fidelity(state)
        )
        self.storage.release(*held, keep_reserved=True)
        if self.config.keep_hub:
            self.links[0].pools[self.config.hub].give_back(held[0])
        for i, slot in enumerate(held[1:] if self.config.keep_hub else held):
            self.links[i].pools[self.config.leaves[i]].give_back(slot)
        self.on_delivery(record)


def simulate_ghz(
    config: GhzConfig,
    *,
    memories: Mapping[str, Memory],
    rngs: Sequence[np.random.Generator],
    duration_s: float = math.inf,
    max_states: int | None = None,
    on_progress: Callable[[float], None] | None = None,
    num_progress_steps: int = 50,
) -> GhzStatistics:
    """Run a GHZ star until ``duration_s`` or ``max_states`` deliveries.

    Args:
        config: the star.
        memories: the memory model of the hub and of every leaf.
        rngs: one generator per link (spawned from one seed).
        duration_s: simulated time, s.
        max_states: GHZ states after which the run stops.
        on_progress: called with the simulated time after each progress step (a
            finite duration only).
        num_progress_steps: number of progress steps.

    Raises:
        InvalidParameterError: if neither bound is given, a bound is not positive, a
            node has no memory model, or the number of rngs is not one per link.
    """
    check_run_bounds(duration_s, max_states)
    if len(rngs) != len(config.links):
        raise InvalidParameterError("rngs", len(rngs), f"need one per link ({len(config.links)})")
    k = config.num_channels
    storage = QuantumStorage()
    sizes = ((config.hub, k * len(config.links)), *((leaf, k) for leaf in config.leaves))
    for node, count in sizes:
        if node not in memories:
            raise InvalidParameterError("memories", sorted(memories), f"lack node {node!r}")
        storage.add_node(node, memories[node], num_slots=count)
    env = simpy.Environment()
    monitor = GhzMonitor(config.num_qubits)
    done = env.event()

    def deliver(record: DeliveredGhz) -> None:
        monitor.record(record)
        if max_states is not None and monitor.num_states >= max_states and not done.triggered:
            done.succeed()

    GhzStar(env, config, storage, rngs, deliver)
    steps = num_progress_steps if on_progress is not None and math.isfinite(duration_s) else 1
    sim_time_s = run_in_steps(
        env, until_s=duration_s, num_steps=steps, on_step=on_progress, stop=done
    )
    return monitor.statistics(sim_time_s=sim_time_s)
