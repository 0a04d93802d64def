"""Heralded entanglement between two nodes as an event-driven process.

Failed attempts are never simulated one by one (docs/DESIGN.md): for success probability
p per attempt the number of attempts k is drawn from a geometric distribution, time jumps
to the successful attempt, and the memories collect the noise of all k attempts at once.
One event per success, not 1/p events.

Timing of one memory pair (a "channel"; several run in parallel when the nodes have
several memories, i.e. multiplexing). Attempt i occupies the window
``[start + (i-1) T, start + i T)``; the photons of the successful attempt are emitted at
the start of its window and the pair exists, and decoheres, from then on. The nodes
learn of it only when the heralding message arrives ``herald_delay_a_s`` /
``herald_delay_b_s`` later; only then is the pair handed on. The next attempt on those
memories starts when they are free again and the window has ended.

A link layer on its own (:func:`simulate_links`: every pair measured on arrival, its
memories freed) needs not even one event per success: each channel is then a renewal
process, run in batches by :mod:`.link_batch` (the event route, :mod:`.link_events`,
gives the same pairs from the same streams).

Examples:
    >>> import numpy as np
    >>> import simpy
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.physics.links import barrett_kok_link
    >>> outcome = barrett_kok_link(0.5, arm_length_m=5e3, preparation_time_s=4.5e-4)
    >>> config = HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(2.5e-5, 2.5e-5))
    >>> stats = simulate_link(config, memory_a=Memory(), memory_b=Memory(),
    ...                       duration_s=1.0, rng=np.random.default_rng(1))
    >>> stats.num_pairs > 0 and round(stats.fidelity_mean, 12)
    1.0
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_count, check_non_negative, check_positive
from qinternet.physics.devices import AtomicEnsemble, Memory
from qinternet.physics.links import HeraldBranch, LinkOutcome
from qinternet.states import Ket

if TYPE_CHECKING:  # the processes' modules load when a link runs, not when one is built
    import simpy

    from qinternet.sim.monitor import DeliveryStatistics
    from qinternet.sim.slots import SlotPool
    from qinternet.sim.storage import PairStorage, SlotId


@dataclass(frozen=True)
class HeraldedLinkConfig:
    """A heralded link between ``node_a`` and ``node_b``.

    Args:
        node_a, node_b: the two nodes.
        outcome: the scheme's per-attempt result (from :mod:`qinternet.physics.links`):
            success probability, heralding patterns with their states, attempt duration.
        herald_delay_s: time from the successful emission until node a, node b know the
            result (photon to the station plus message back), s.
        num_channels: memory pairs attempting in parallel (multiplexing), >= 1.
        attempt_duration_s: overrides ``outcome.attempt_duration_s`` when given (e.g.
            when the emitters' repetition rate, not the light travel, limits attempts).

    Raises:
        InvalidParameterError: for negative delays, ``num_channels`` < 1, or a success
            probability of 0 (no pair would ever be heralded).
    """

    node_a: str
    node_b: str
    outcome: LinkOutcome
    herald_delay_s: tuple[float, float] = (0.0, 0.0)
    num_channels: int = 1
    attempt_duration_s: float | None = None

    def __post_init__(self) -> None:
        if self.node_a == self.node_b:
            raise InvalidParameterError("node_b", self.node_b, "must differ from node_a")
        for delay in self.herald_delay_s:
            check_non_negative(delay, "herald_delay_s", "s")
        check_count(self.num_channels, "num_channels", 1)
        if self.outcome.success_probability <= 0.0:
            raise InvalidParameterError(
                "success_probability", self.outcome.success_probability, "is 0: no pair can herald"
            )
        check_positive(self.period_s, "attempt_duration_s", "s")

    @property
    def period_s(self) -> float:
        """Duration of one attempt, s."""
        if self.attempt_duration_s is not None:
            return float(self.attempt_duration_s)
        return float(self.outcome.attempt_duration_s)

    @property
    def expected_rate_hz(self) -> float:
        """Pairs per second of this link when every pair is consumed on arrival.

        A channel's cycle is (k - 1) T + max(T, d) for k attempts of duration T and
        heralding delay d (the memories wait for the message before retrying), and
        E[k] = 1/p, so the rate is channels / ((1/p - 1) T + max(T, d)).
        """
        p = self.outcome.success_probability
        period_s = self.period_s
        cycle_s = (1.0 / p - 1.0) * period_s + max(period_s, max(self.herald_delay_s))
        return self.num_channels / cycle_s


@dataclass(frozen=True)
class HeraldedPair:
    """A pair the link layer hands on: where it is, when it was made, what it should be.

    Attributes:
        slot_a, slot_b: the memory slots holding the two qubits.
        started_s: when the first of its attempts began.
        created_s: emission time of the successful attempt (the pair exists from then).
        known_s: when both nodes know of the pair (the later heralding message).
        num_attempts: attempts this pair took (geometric).
        target: the Bell state the heralding pattern announced (the Pauli frame).
        target_name: its name.
    """

    slot_a: SlotId
    slot_b: SlotId
    started_s: float
    created_s: float
    known_s: float
    num_attempts: int
    target: Ket
    target_name: str


def link_branches(outcome: LinkOutcome) -> tuple[tuple[HeraldBranch, ...], NDArray[np.float64]]:
    """The heralding patterns of ``outcome`` (one if it lists none) and their cumulative
    probabilities given success, the table a uniform draw picks a pattern from."""
    branches = outcome.branches or (
        HeraldBranch(
            "",
            outcome.success_probability,
            outcome.heralded_state,
            outcome.target,
            outcome.target_name,
        ),
    )
    weights = np.array([b.probability for b in branches], dtype=float)
    return tuple(branches), np.cumsum(weights / weights.sum())


class LinkGenerator:
    """Generates heralded pairs of one :class:`HeraldedLinkConfig` on given slots.

    :meth:`generate` is a SimPy generator: it draws the number of attempts, jumps to
    the successful one, records the attempts' memory noise, stores the heralded state
    (sampling the heralding pattern) and waits for the heralding messages; its value is
    the :class:`HeraldedPair`.
    """

    def __init__(
        self,
        env: simpy.Environment,
        config: HeraldedLinkConfig,
        storage: PairStorage,
        rng: np.random.Generator,
    ) -> None:
        self.env, self.config, self.storage, self.rng = env, config, storage, rng
        self._branches, self._cumulative = link_branches(config.outcome)

    def generate(self, slot_a: SlotId, slot_b: SlotId) -> Generator[simpy.Event, Any, HeraldedPair]:
        """Entangle the qubits in ``slot_a`` and ``slot_b``; value: the heralded pair."""
        config, env, storage = self.config, self.env, self.storage
        period_s = config.period_s
        first_attempt_s = env.now
        num_attempts = int(self.rng.geometric(config.outcome.success_probability))
        yield env.timeout((num_attempts - 1) * period_s)
        created_s = env.now
        for node in (config.node_a, config.node_b):
            storage.record_attempts(
                node, first_attempt_s=first_attempt_s, period_s=period_s, num_attempts=num_attempts
            )
        branch = self._branches[int(np.searchsorted(self._cumulative, self.rng.random()))]
        storage.store_pair(slot_a, slot_b, branch.state, created_s=created_s)
        yield env.timeout(max(config.herald_delay_s))
        return HeraldedPair(
            slot_a,
            slot_b,
            first_attempt_s,
            created_s,
            env.now,
            num_attempts,
            branch.target,
            branch.target_name,
        )


class HeraldedLink:
    """The link-layer processes of one :class:`HeraldedLinkConfig` on a simulation.

    Each of ``num_channels`` channels takes a free slot at each end from the link's
    pools, generates a pair with ``generator``, hands it to ``on_pair`` and starts
    again once the attempt window has ended and free slots are there. Whoever takes
    the pair returns its slots with :meth:`release` when done with each qubit.
    """

    def __init__(
        self,
        generator: LinkGenerator,
        on_pair: Callable[[HeraldedPair], None],
        pools: tuple[SlotPool, SlotPool],
    ) -> None:
        self.env, self.config, self.storage = generator.env, generator.config, generator.storage
        self.generator, self.on_pair = generator, on_pair
        self.pools = {self.config.node_a: pools[0], self.config.node_b: pools[1]}
        self.processes = [
            self.env.process(self._channel()) for _ in range(self.config.num_channels)
        ]

    def release(self, *slots: SlotId) -> None:
        """Discard the qubits in ``slots`` and return the slots to their pools (one
        registry call, so releasing both halves of a pair traces nothing out)."""
        self.storage.release(*slots, keep_reserved=True)
        for slot in slots:
            self.pools[slot.node].give_back(slot)

    def _channel(self) -> Generator[simpy.Event, Any, None]:
        env, period_s = self.env, self.config.period_s
        pool_a, pool_b = self.pools[self.config.node_a], self.pools[self.config.node_b]
        while True:
            slot_a = pool_a.take()
            if slot_a is None:
                slot_a = yield pool_a.wait()
            slot_b = pool_b.take()
            if slot_b is None:
                slot_b = yield pool_b.wait()
            pair = yield from self.generator.generate(slot_a, slot_b)
            self.on_pair(pair)
            window_end_s = pair.created_s + period_s
            if env.now < window_end_s:
                yield env.timeout(window_end_s - env.now)


def link_slot_pools(
    env: simpy.Environment,
    storage: PairStorage,
    configs: Sequence[HeraldedLinkConfig],
    slots_per_side: Sequence[int],
) -> list[tuple[SlotPool, SlotPool]]:
    """One :class:`SlotPool` per link end: link i takes the next ``slots_per_side[i]``
    slot positions of each of its nodes (in link order, node a first).

    Examples:
        >>> import simpy
        >>> from qinternet.physics.devices import Memory
        >>> from qinternet.physics.links import barrett_kok_link
        >>> from qinternet.sim.storage import QuantumStorage
        >>> storage = QuantumStorage()
        >>> for node in "ABC":
        ...     storage.add_node(node, Memory(), num_slots=4)
        >>> outcome = barrett_kok_link(0.5, preparation_time_s=1e-4)
        >>> links = [HeraldedLinkConfig("A", "B", outcome), HeraldedLinkConfig("B", "C", outcome)]
        >>> pools = link_slot_pools(simpy.Environment(), storage, links, [2, 2])
        >>> [slot.position for slot in pools[1][0].slots]
        [2, 3]
    """
    from qinternet.sim.slots import SlotPool

    next_position: dict[str, int] = {}
    pools = []
    for config, size in zip(configs, slots_per_side, strict=True):
        ends = []
        for node in (config.node_a, config.node_b):
            start = next_position.get(node, 0)
            next_position[node] = start + size
            ends.append(SlotPool(env, storage, node, range(start, start + size)))
        pools.append((ends[0], ends[1]))
    return pools


def simulate_links(
    configs: Sequence[HeraldedLinkConfig],
    *,
    memories: Mapping[str, Memory],
    duration_s: float,
    rngs: Sequence[np.random.Generator],
    num_slots: Mapping[str, int] | None = None,
    ensembles: Mapping[str, AtomicEnsemble | None] | None = None,
    on_progress: Callable[[float], None] | None = None,
    num_progress_steps: int = 50,
    route: str = "auto",
) -> list[DeliveryStatistics]:
    """Run heralded links side by side for ``duration_s``, measuring each pair on arrival.

    Every pair's fidelity is computed from its density matrix (after the memory noise
    up to the moment both nodes know of it) against the Bell state its heralding pattern
    announced (the Pauli frame); then the memories are freed for the next attempt.

    Each channel draws from two streams of its own spawned from its link's rng
    (:func:`.link_batch.channel_streams`), so the two routes give the same pairs at the
    same times: ``"events"`` runs every channel as a SimPy process on a
    :class:`.storage.QuantumStorage`; ``"batch"`` (:mod:`.link_batch`) draws each
    channel's attempts in chunks and computes each heralding pattern's state once.
    ``"auto"`` takes the batch route whenever it applies
    (:func:`.link_batch.batch_applies`: unless a node whose memory dephases with every
    attempt serves several channels).

    Args:
        configs: the links; each gets its own random stream ``rngs[i]``.
        memories: the memory model of every node the links use.
        duration_s: simulated time, s.
        rngs: one generator per link (spawn them from one ``SeedSequence``, so adding a
            link does not change the others' streams).
        num_slots: memory slots per node (default: what the links need).
        ensembles: the atomic ensemble of nodes whose memories are ensemble modes
            (their stored excitations decay with the ensemble's memory lifetime).
        on_progress: called with the simulated time after each progress step.
        num_progress_steps: number of progress steps.
        route: ``"auto"``, ``"batch"`` or ``"events"``.

    Raises:
        InvalidParameterError: for a non-positive duration, a node without a memory
            model, too few slots for the links' channels, a wrong number of rngs, an
            unknown route, or the batch route asked for channels it does not apply to.
    """
    from qinternet.sim import link_batch

    check_positive(duration_s, "duration_s", "s")
    if len(rngs) != len(configs):
        raise InvalidParameterError("rngs", len(rngs), f"need one per link ({len(configs)})")
    if route not in ("auto", "batch", "events"):
        raise InvalidParameterError("route", route, "must be 'auto', 'batch' or 'events'")
    needed: dict[str, int] = {}
    for config in configs:
        for node in (config.node_a, config.node_b):
            needed[node] = needed.get(node, 0) + config.num_channels
    for node, count in needed.items():
        if node not in memories:
            raise InvalidParameterError("memories", sorted(memories), f"lack node {node!r}")
        available = count if num_slots is None else num_slots.get(node, 0)
        if available < count:
            raise InvalidParameterError(
                "num_slots", available, f"node {node!r} needs {count} slots for its links"
            )
    independent = link_batch.batch_applies(configs, memories)
    if route == "batch" and not independent:
        raise InvalidParameterError(
            "route", route, "channels share a memory that dephases with every attempt"
        )
    num_steps = num_progress_steps if on_progress is not None else 1
    ensembles = ensembles or {}
    if route == "events" or not independent:
        slots = {
            node: count if num_slots is None else num_slots[node] for node, count in needed.items()
        }
        from qinternet.sim.link_events import simulate_events

        return simulate_events(
            configs, memories, ensembles, slots, duration_s, rngs, on_progress, num_steps
        )
    return link_batch.simulate_batch(
        configs,
        memories=memories,
        ensembles=ensembles,
        duration_s=duration_s,
        rngs=rngs,
        on_progress=on_progress,
        num_steps=num_steps,
    )


def simulate_link(
    config: HeraldedLinkConfig,
    *,
    memory_a: Memory,
    memory_b: Memory,
    duration_s: float,
    rng: np.random.Generator,
) -> DeliveryStatistics:
    """One heralded link on its own: :func:`simulate_links` with a single link."""
    memories = {config.node_a: memory_a, config.node_b: memory_b}
    (statistics,) = simulate_links([config], memories=memories, duration_s=duration_s, rngs=[rng])
    return statistics
