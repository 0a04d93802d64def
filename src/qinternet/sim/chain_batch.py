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
  classical delay; a failed swap starts both halves again; with a cut-off, once the
  half known first has waited ``cutoff_s`` (plus a tolerance) the other is cut off and
  both start again. Every other event of that instant comes first, and the cut-offs
  inside the late half come after this one (:class:`.repeater._CutoffTimer`), so the
  late half is worked out again from its start up to that instant (its streams set
  back, its own cut-offs of the instant left out): it is then known in time, or cut
  off having drawn exactly what the event route draws before it interrupts it.

A computation bounded by the run's end makes the draws of the moments before it only.
The event route's runner (:func:`run_events`, the processes of :mod:`.repeater`) and
the choice between the routes (:func:`simulate_nested`) live here too.
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
from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import simpy
from simpy.core import StopSimulation

from qinternet.physics.devices import Memory
from qinternet.sim.chain import ChainConfig, chain_record, chain_storage
from qinternet.sim.chain_streams import (
    ChannelDraws,
    Draws,
    channel_draws,
    channel_seeds,
    purify_step,
)
from qinternet.sim.chain_swap import HeldPair as _Pair
from qinternet.sim.chain_swap import PairStates
from qinternet.sim.link_process import link_branches
from qinternet.sim.monitor import DeliveryMonitor, DeliveryStatistics
from qinternet.sim.records import DeliveredPair
from qinternet.sim.repeater import CUTOFF_TOLERANCE, RepeaterChain
from qinternet.states import BellName

_BELL_NAMES = tuple(BellName)


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
                plan.states.delivered(state, stored_s, known_s),
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
                if max(t1, t2) >= cut_s and cut_s < stop:
                    # Worked out again up to the cut-off (its own cut-offs at that instant
                    # come after this one), the late half is known in time or cut off.
                    late = (mid, hi) if t2 > t1 else (lo, mid)
                    for i in self._subtree(*late):
                        self.streams[i].pos = mark[i]
                    redone = self.produce(*late, t0, math.nextafter(cut_s, math.inf), cut_s)
                    if redone is None:
                        t0 = cut_s
                        continue
                    left, right = (left, redone) if t2 > t1 else (redone, right)
            if left is None or right is None:
                return None
            now = t2 if t2 > t1 else t1
            draw = self.draws.swap_streams[mid].next
            if draw() >= plan.swap_success_probability:
                t0 = now
                continue
            k, state = plan.states.swap(lo, mid, hi, left, right, now, draw())
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
            success_probability, state = plan.states.purify(link, kept, sacrificed, now)
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
    """What every channel of a chain shares: link tables, delays, the pairs' states."""

    def __init__(self, config: ChainConfig, memories: Mapping[str, Memory]) -> None:
        self.config = config
        self.states = PairStates(config, memories)
        self.ends = (config.nodes[0], config.nodes[-1])
        self.swap_success_probability = config.swap_success_probability
        self.tolerance_s = [CUTOFF_TOLERANCE * link.period_s for link in config.links]
        self.links = []
        for i, link in enumerate(config.links):
            branches = link_branches(link.outcome)[0]
            frames = [_BELL_NAMES.index(BellName(b.target_name)) for b in branches]
            states = [self.states.stored(i, i + 1, b.state) for b in branches]
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


def run_events(
    config: ChainConfig,
    memories: Mapping[str, Memory],
    rng: np.random.Generator,
    draws: Sequence[Draws],
    duration_s: float,
    max_pairs: int | None,
) -> tuple[DeliveryMonitor, float]:
    """The event route of :func:`.chain.simulate_chain` for a nested chain (arguments
    checked there): every channel's processes on one storage, channel c drawing from
    ``draws[c]`` (:func:`.chain_streams.channel_draws` of ``rng``). Pairs delivered at one instant
    reach the monitor in channel order; with ``max_pairs`` the run ends at the instant
    of the last pair counted. Value: the monitor and the simulated time."""
    env = simpy.Environment()
    storage = chain_storage(config, memories, config.slots_per_link_side)
    monitor, limit = DeliveryMonitor(), math.inf if max_pairs is None else max_pairs
    held: list[tuple[float, int, DeliveredPair]] = []
    done = env.event()
    done.callbacks.append(StopSimulation.callback)

    def flush() -> None:
        for _, _, record in sorted(held, key=lambda h: (h[0], h[1])):
            if monitor.num_pairs < limit:
                monitor.record(record)
        held.clear()

    def deliver(record: DeliveredPair) -> bool:
        if held and record.delivered_s > held[0][0]:
            flush()
        held.append((record.delivered_s, chain.channel, record))
        if monitor.num_pairs + len(held) >= limit and not done.triggered:
            done.succeed()
        return False

    chain = RepeaterChain(env, config, storage, rng, deliver, draws)
    env.run(until=duration_s if math.isfinite(duration_s) else None)
    sim_time_s = duration_s
    if done.triggered:
        sim_time_s = float(env.now)
        while env.peek() <= sim_time_s:  # the other pairs of that instant
            env.step()
    flush()
    return monitor, sim_time_s


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
        monitor, sim_time_s = run_events(config, memories, rng, draws, duration_s, max_pairs)
    else:
        monitor, sim_time_s = run_batch(config, memories, draws, duration_s, max_pairs)
    return monitor.statistics(sim_time_s=sim_time_s)
