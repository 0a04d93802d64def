"""Nested repeater chains without an event queue: each channel a recursive function of time.

The channels of a nested chain (:mod:`.repeater`) are independent copies of it (each
holds one memory slot per node and side; which slot has no physics) unless a memory
that dephases with every attempt holds several qubits: then one link's attempts
dephase the pairs stored beside them (:func:`batch_applies` is False and the event
route runs). Otherwise one channel's protocol is a function of time: a pair over the
segments ``lo..hi`` asked for at ``t0`` is

* a link (``hi = lo + 1``): k attempts from the link's stream, created at
  ``t0 + (k - 1) T``, known a heralding delay later (:meth:`.link_process.LinkGenerator.generate`),
  or, with purification, two such pairs made from ``t0`` side by side, purified when
  the later one is known (:func:`.chain_swap.purify_pairs`) and known to both nodes a
  segment's delay later; a failed round starts both again;
* otherwise both halves made from ``t0``, swapped at node ``mid`` when the later one is
  known (:func:`.chain_swap.measure_pairs`) and known at both ends after the longer
  classical delay; a failed swap starts both halves again; with a cut-off, a half
  known later than ``cutoff_s`` after the other is cut at that moment, both starting
  again (its subtree's streams are set back and it is worked out again up to the cut,
  so it draws exactly what the event route draws before it is interrupted).

A computation bounded by ``until`` makes only the draws of the moments before it (the
run ends at ``duration_s``; a cut half at the cut-off moment, which still counts).
Every place of the protocol draws from its own stream (:mod:`.chain_streams`) and the
times are the same floating-point sums SimPy forms, so the two routes deliver the same
pairs at the same times; pairs delivered at one instant reach the monitor in channel
order in both. States: a pair is kept as what the event route stored
(:class:`.chain_swap.StoredPair`); two Bell-diagonal pairs are aged and swapped in
closed form with the storage's own calls (:func:`.bell_pairs.memory_pauli_weights`,
:func:`~qinternet.physics.maps._swap_fast.klein`), anything else is stored for the moment
of its use in a scratch :class:`.storage.QuantumStorage` and read as the event route
reads it.

Examples:
    >>> import numpy as np
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.physics.links import barrett_kok_link
    >>> from qinternet.sim.chain import ChainConfig, simulate_chain
    >>> from qinternet.sim.link_process import HeraldedLinkConfig
    >>> outcome = barrett_kok_link(0.3, preparation_time_s=1e-3)
    >>> links = tuple(HeraldedLinkConfig(a, b, outcome) for a, b in ("AB", "BC", "CD"))
    >>> config = ChainConfig(links, segment_delay_s=(1e-4,) * 3, num_channels=2)
    >>> memories = {node: Memory(t2_s=0.5) for node in "ABCD"}
    >>> runs = [simulate_chain(config, memories=memories, rng=np.random.default_rng(7),
    ...                        duration_s=20.0, route=route) for route in ("batch", "events")]
    >>> runs[0] == runs[1], runs[0].num_pairs > 0
    (True, True)
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from qinternet.physics.devices import Memory
from qinternet.physics.maps._swap_fast import (
    bsm_noise_weights,
    klein,
    shifted,
    swap_bell_coefficients,
)
from qinternet.sim.bell_pairs import (
    bell_coefficients,
    bell_density,
    is_pauli_memory,
    memory_pauli_weights,
)
from qinternet.sim.chain import ChainConfig, chain_record, chain_storage
from qinternet.sim.chain_streams import ChannelDraws, channel_draws, channel_seeds, purify_step
from qinternet.sim.chain_swap import StoredPair, measure_pairs, purify_pairs
from qinternet.sim.link_process import link_branches
from qinternet.sim.monitor import DeliveryMonitor, DeliveryStatistics
from qinternet.sim.records import DeliveredPair
from qinternet.states import BellName, DensityMatrix

if TYPE_CHECKING:
    from qinternet.sim.storage import SlotId

_Pair = tuple[float, "NDArray[np.float64] | DensityMatrix", float, int]
"""A pair while the recursion holds it: when it is known, its stored state, when that
was stored, its Pauli frame."""

_BELL_NAMES = tuple(BellName)

_REMEMBERED = 4096
"""Swaps of distinct pairs the batch route remembers at most (see :meth:`_Plan.swapped`)."""


def batch_applies(config: ChainConfig, memories: Mapping[str, Memory]) -> bool:
    """Whether the batch route reproduces the event route for ``config``: no memory that
    dephases with every attempt holds more than one qubit (an end node with one channel
    and unpurified links holds one)."""
    single = config.slots_per_link_side == 1
    ends = (config.nodes[0], config.nodes[-1])
    return all(
        memories[node].dephasing_per_attempt == 0.0 or (single and node in ends)
        for node in config.nodes
    )


class _Channel:
    """One channel's protocol as recursive functions of time (see module docstring).

    A computation bounded by ``until`` and ``stop`` makes the draws of the moments
    before ``until`` and lets the cut-offs before ``stop`` act: both are the run's end,
    or, in a half that a cut-off at ``t`` interrupts, the float after ``t`` and ``t``
    (everything at ``t`` happens before the cut-off, which comes before the cut-offs of
    the half's own subtree at that instant).
    """

    def __init__(self, plan: _Plan, draws: ChannelDraws, end_s: float) -> None:
        self.plan, self.draws, self.end_s = plan, draws, end_s
        self.streams = draws.streams
        self.subtree_streams: dict[tuple[int, int], list[int]] = {}
        self.rounds = plan.config.purification_rounds
        self.attempt_streams = [[leaf[0] for leaf in link] for link in draws.link_streams]
        self.many_patterns = [link[0][1] is not None for link in draws.link_streams]

    def deliveries(self, index: int) -> Iterator[tuple[float, int, DeliveredPair]]:
        """The channel's pairs (delivery time, channel ``index``, record) in order."""
        plan, last, t0, delivered = self.plan, len(self.plan.config.links), 0.0, 0
        while True:
            pair = self.produce(0, last, t0, self.end_s, self.end_s)
            if pair is None:
                return
            known_s, state, stored_s, bell_index = pair
            record = chain_record(
                plan.ends,
                plan.delivered(state, stored_s, known_s),
                bell_index,
                started_s=t0,
                delivered_s=known_s,
            )
            yield known_s, index, record
            t0 = known_s
            delivered += 1
            if delivered % 256 == 0:
                for stream in self.streams:
                    stream.forget()

    def produce(self, lo: int, hi: int, t0: float, until: float, stop: float) -> _Pair | None:
        """The pair over ``lo..hi`` asked for at ``t0``; None if the bound comes first."""
        if hi == lo + 1:
            if self.rounds == 0:
                return self.link(lo, 0, t0, until)
            return self.purified(lo, self.rounds, 0, t0, until)
        plan, mid = self.plan, (lo + hi) // 2
        cutoff_s = plan.config.cutoff_s
        while True:
            mark = [stream.pos for stream in self.streams] if cutoff_s is not None else None
            left = self.produce(lo, mid, t0, until, stop)
            right = self.produce(mid, hi, t0, until, stop)
            t1 = math.inf if left is None else left[0]
            t2 = math.inf if right is None else right[0]
            if mark is not None and t1 != t2:
                # The half known first waits at most cutoff_s for the other (which, if
                # the bound cut it, may still be cut off before the bound).
                cut_s = min(t1, t2) + (cutoff_s + plan.tolerance_s[lo])  # type: ignore[operator]
                if max(t1, t2) > cut_s and cut_s < stop:
                    late = (mid, hi) if t2 > t1 else (lo, mid)
                    for i in self._subtree(*late):
                        self.streams[i].pos = mark[i]
                    self.produce(*late, t0, math.nextafter(cut_s, math.inf), cut_s)
                    t0 = cut_s
                    continue
            if left is None or right is None:
                return None
            now = t2 if t2 > t1 else t1
            draw = self.draws.swap_streams[mid].next
            if draw() >= plan.swap_success_probability:
                t0 = now
                continue
            k, state = plan.swap(lo, mid, hi, left, right, now, draw())
            known_s = now + plan.swap_delay_s[lo, hi]
            if not known_s < until:
                return None
            return known_s, state, now, left[3] ^ right[3] ^ k

    def _subtree(self, lo: int, hi: int) -> list[int]:
        """Indices (in :attr:`streams`) of the streams the segments ``lo..hi`` use."""
        key = (lo, hi)
        if key not in self.subtree_streams:
            draws, ids = self.draws, {id(s): i for i, s in enumerate(self.streams)}
            own = [s for link in range(lo, hi) for leaf in draws.link_streams[link] for s in leaf]
            own += [s for link in range(lo, hi) for s in draws.purify_streams[link]]
            own += draws.swap_streams[lo + 1 : hi]
            self.subtree_streams[key] = [ids[id(s)] for s in own if s is not None]
        return self.subtree_streams[key]

    def purified(self, link: int, rounds: int, leaf: int, t0: float, until: float) -> _Pair | None:
        """A pair of ``link`` after ``rounds`` rounds on the leaves from ``leaf`` on."""
        if rounds == 0:
            return self.link(link, leaf, t0, until)
        plan, half = self.plan, 1 << (rounds - 1)
        step = purify_step(plan.config.purification_rounds, rounds, leaf)
        while True:
            kept = self.purified(link, rounds - 1, leaf, t0, until)
            sacrificed = self.purified(link, rounds - 1, leaf + half, t0, until)
            if kept is None or sacrificed is None:
                return None
            now = max(kept[0], sacrificed[0])
            success_probability, state = plan.purify(link, kept, sacrificed, now)
            if self.draws.purify(link, step) < success_probability:
                known_s = now + plan.config.delay_s(link, link + 1)
                return (known_s, state, now, 0) if known_s < until else None
            t0 = now

    def link(self, link: int, leaf: int, t0: float, until: float) -> _Pair | None:
        """The next heralded pair of ``link`` (purification leaf ``leaf``) from ``t0``."""
        if not t0 < until:
            return None
        period_s, herald_s, states, frames = self.plan.links[link]
        created_s = t0 + (int(self.attempt_streams[link][leaf].next()) - 1) * period_s
        if not created_s < until:
            return None
        pattern = self.draws.pattern(link, leaf) if self.many_patterns[link] else 0
        known_s = created_s + herald_s
        if not known_s < until:
            return None
        return known_s, states[pattern], created_s, frames[pattern]


class _Plan:
    """What every channel of a chain shares: link tables, delays, the state arithmetic."""

    def __init__(self, config: ChainConfig, memories: Mapping[str, Memory]) -> None:
        self.config = config
        self.nodes = [memories[node] for node in config.nodes]
        self.decoheres = [memory.decoheres for memory in self.nodes]
        self._swaps: dict[tuple[bytes, bytes], NDArray[np.float64]] | None = {}
        self.ends = (config.nodes[0], config.nodes[-1])
        self.swap_success_probability = config.swap_success_probability
        self.tolerance_s = [1e-9 * link.period_s for link in config.links]
        self.scratch = chain_storage(config, memories, 2)
        self.slots = [
            [self.scratch.reserve(node) for _ in range(self.scratch.num_slots(node))]
            for node in config.nodes
        ]
        self.bsm_weights = bsm_noise_weights(config.bsm_noise)
        pauli = [is_pauli_memory(memory) for memory in self.nodes]
        self.links = []
        for i, link in enumerate(config.links):
            branches = link_branches(link.outcome)[0]
            states: list[NDArray[np.float64] | DensityMatrix] = []
            for branch in branches:
                coefficients = None
                if pauli[i] and pauli[i + 1]:  # as QuantumStorage.store_pair keeps it
                    coefficients = bell_coefficients(branch.state)
                states.append(branch.state if coefficients is None else coefficients)
            frames = [_BELL_NAMES.index(BellName(b.target_name)) for b in branches]
            self.links.append((link.period_s, max(link.herald_delay_s), states, frames))
        self.swap_delay_s: dict[tuple[int, int], float] = {}
        self._ranges(0, len(config.links))

    def _ranges(self, lo: int, hi: int) -> None:
        if hi > lo + 1:
            mid = (lo + hi) // 2
            delay = self.config.delay_s
            self.swap_delay_s[lo, hi] = max(delay(mid, lo), delay(mid, hi))
            self._ranges(lo, mid)
            self._ranges(mid, hi)

    def aged(
        self, coefficients: NDArray[np.float64], stored_s: float, now_s: float, a: int, b: int
    ) -> NDArray[np.float64]:
        """Bell coefficients stored at ``stored_s`` between nodes ``a`` and ``b`` at
        ``now_s`` (:meth:`.storage.QuantumStorage.refresh` of each qubit in turn)."""
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

    def _put(self, pair: _Pair, a: int, b: int, side: int) -> tuple[SlotId, SlotId]:
        slots = self.slots[a][side], self.slots[b][side]
        StoredPair(pair[1], pair[2]).put(self.scratch, *slots)
        return slots

    def swap(
        self, lo: int, mid: int, hi: int, left: _Pair, right: _Pair, now_s: float, draw: float
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
        self, link: int, kept: _Pair, sacrificed: _Pair, now_s: float
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


def run_batch(
    config: ChainConfig,
    memories: Mapping[str, Memory],
    draws: list[ChannelDraws],
    duration_s: float,
    max_pairs: int | None,
) -> tuple[DeliveryMonitor, float]:
    """The batch route of :func:`.chain.simulate_chain` (arguments checked there) with
    each channel's ``draws``: every channel's deliveries, merged in time order (ties in
    channel order), in a monitor; and the simulated time."""
    plan = _Plan(config, memories)
    channels = [_Channel(plan, one, duration_s) for one in draws]
    merged = heapq.merge(
        *(channel.deliveries(i) for i, channel in enumerate(channels)),
        key=lambda delivery: delivery[0],
    )
    monitor, sim_time_s = DeliveryMonitor(), duration_s
    for known_s, _, record in itertools.islice(merged, max_pairs):
        monitor.record(record)
        if monitor.num_pairs == max_pairs:
            sim_time_s = known_s
    return monitor, sim_time_s


def simulate_nested(
    config: ChainConfig,
    memories: Mapping[str, Memory],
    rng: np.random.Generator,
    duration_s: float,
    max_pairs: int | None,
    route: str,
) -> DeliveryStatistics:
    """A nested chain by ``route`` (see :func:`.chain.simulate_chain`)."""
    from qinternet.core.errors import InvalidParameterError

    for node in config.nodes:
        if node not in memories:
            raise InvalidParameterError("memories", sorted(memories), f"lack node {node!r}")
    applies = batch_applies(config, memories)
    if route == "batch" and not applies:
        raise InvalidParameterError(
            "route", route, "a memory that dephases with every attempt holds several qubits"
        )
    draws = channel_draws(config, channel_seeds(config, rng), type(rng.bit_generator))
    if route == "events" or not applies:
        from qinternet.sim.repeater import run_events

        monitor, sim_time_s = run_events(config, memories, rng, draws, duration_s, max_pairs)
    else:
        monitor, sim_time_s = run_batch(config, memories, draws, duration_s, max_pairs)
    return monitor.statistics(sim_time_s=sim_time_s)
