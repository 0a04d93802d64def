"""The link layer in batches: heralded links run without an event per pair.

When every pair is measured and its memories freed the moment both nodes know of it
(:func:`.link_process.simulate_links`), each channel of a link is a renewal process of
its own. Its j-th pair takes k_j ~ Geometric(p) attempts of duration T: it starts at
s_j, is created at c_j = s_j + (k_j - 1) T (the successful emission), is known at
c_j + d (d the later heralding message) and the channel starts again at
s_{j+1} = c_j + max(T, d). The delivered state is the heralding pattern's state after
the memories' noise from c_j to c_j + d; the channel's own attempts all come before its
pair is stored, so the state depends on the pattern alone, and each pattern's state is
computed once through the same :class:`.storage.QuantumStorage` calls the event route
makes. A channel's attempts are drawn in chunks (``geometric(p, size=n)``) and its times
are one cumulative sum of the interleaved steps (k_j - 1) T, max(T, d), the same
floating-point additions, in the same order, as the event route performs one by one.

Both routes draw from the same streams, two per channel (:func:`channel_streams`: the
attempts, the heralding patterns), so one seed gives the same pairs at the same times
either way. The batch route does not apply (:func:`batch_applies` is False) when
channels share a memory that dephases with every attempt (``dephasing_per_attempt`` > 0
on a node with more than one channel): the attempts of one channel then dephase the
pair another one holds, which only the event route follows.

Examples:
    >>> import numpy as np
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.physics.links import barrett_kok_link
    >>> from qinternet.sim.link_process import HeraldedLinkConfig
    >>> outcome = barrett_kok_link(0.5, arm_length_m=5e3, preparation_time_s=4.5e-4)
    >>> config = HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(2.5e-5, 2.5e-5))
    >>> pairs = channel_pairs(config, channel_streams(np.random.default_rng(1), 1)[0],
    ...                       until_s=1.0)
    >>> hold_s = max(config.period_s, 2.5e-5)  # the memories wait for the message
    >>> bool(np.all(pairs.started_s[1:] == pairs.created_s[:-1] + hold_s))
    True
    >>> waits = (pairs.created_s - pairs.started_s) / config.period_s + 1  # attempts
    >>> bool(np.allclose(waits, pairs.num_attempts))
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from numpy.typing import NDArray

from qinternet.physics.devices import AtomicEnsemble, Memory
from qinternet.sim.link_process import link_branches
from qinternet.sim.monitor import DeliveryMonitor, DeliveryStatistics
from qinternet.states import DensityMatrix, fidelity

if TYPE_CHECKING:
    from qinternet.sim.link_process import HeraldedLinkConfig

Streams = tuple[np.random.Generator, np.random.Generator]
"""A channel's two random streams: attempts, heralding patterns."""

_MAX_CHUNK = 1 << 18


def channel_streams(rng: np.random.Generator, num_channels: int) -> list[Streams]:
    """Two independent streams per channel spawned from a link's ``rng`` (attempts,
    patterns), so channels and routes draw the same numbers whatever the order of events.

    Examples:
        >>> a = channel_streams(np.random.default_rng(4), 2)
        >>> b = channel_streams(np.random.default_rng(4), 3)
        >>> a[1][0].random() == b[1][0].random()  # adding a channel changes no other
        True
    """
    children = rng.spawn(2 * num_channels)
    return [(children[2 * i], children[2 * i + 1]) for i in range(num_channels)]


def pick_patterns(
    cumulative: NDArray[np.float64], rng: np.random.Generator, size: int
) -> NDArray[np.intp]:
    """``size`` pattern indices drawn from ``cumulative`` (none drawn for one pattern)."""
    if len(cumulative) == 1:
        return np.zeros(size, dtype=np.intp)
    indices = np.searchsorted(cumulative, rng.random(size))
    return np.minimum(indices, len(cumulative) - 1)


def batch_applies(configs: Sequence[HeraldedLinkConfig], memories: Mapping[str, Memory]) -> bool:
    """Whether the channels of ``configs`` are independent: no node whose memory dephases
    with every attempt serves more than one channel."""
    channels: dict[str, int] = {}
    for config in configs:
        for node in (config.node_a, config.node_b):
            channels[node] = channels.get(node, 0) + config.num_channels
    return all(
        count <= 1 or memories[node].dephasing_per_attempt == 0.0
        for node, count in channels.items()
    )


class ChannelPairs(NamedTuple):
    """The pairs of one channel, in order: when each started, was created (emission of
    the successful attempt) and known, its attempts and heralding pattern (index)."""

    started_s: NDArray[np.float64]
    created_s: NDArray[np.float64]
    known_s: NDArray[np.float64]
    num_attempts: NDArray[np.int64]
    pattern: NDArray[np.intp]

    def part(self, which: slice) -> ChannelPairs:
        """The pairs ``which`` selects."""
        return ChannelPairs(
            self.started_s[which],
            self.created_s[which],
            self.known_s[which],
            self.num_attempts[which],
            self.pattern[which],
        )


class _Channel:
    """Draws one channel's pairs in chunks and hands them out in time slices."""

    def __init__(self, config: HeraldedLinkConfig, streams: Streams, horizon_s: float) -> None:
        self.attempts_rng, self.pattern_rng = streams
        self.p = config.outcome.success_probability
        self.period_s, self.delay_s = config.period_s, max(config.herald_delay_s)
        self.hold_s = max(self.period_s, self.delay_s)
        self.cumulative = link_branches(config.outcome)[1]
        self.mean_cycle_s = (1.0 / self.p - 1.0) * self.period_s + self.hold_s
        self.horizon_s, self.start_s = horizon_s, 0.0
        empty = np.empty(0)
        self.pending = ChannelPairs(
            empty, empty, empty, np.empty(0, np.int64), np.empty(0, np.intp)
        )

    def _draw(self) -> None:
        expected = max(self.horizon_s - self.start_s, 0.0) / self.mean_cycle_s
        size = int(min(_MAX_CHUNK, expected + 4.0 * math.sqrt(expected) + 16))
        attempts = self.attempts_rng.geometric(self.p, size=size)
        steps = np.empty(2 * size + 1)
        steps[0] = self.start_s
        steps[1::2] = (attempts - 1) * self.period_s
        steps[2::2] = self.hold_s
        times = np.cumsum(steps)  # sequential: s_j, c_j = s_j + (k_j-1) T, s_j+1 = c_j + hold
        created = times[1::2]
        self.start_s = float(times[-1])
        pattern = pick_patterns(self.cumulative, self.pattern_rng, size)
        old = self.pending
        self.pending = ChannelPairs(
            np.concatenate((old.started_s, times[0:-1:2])),
            np.concatenate((old.created_s, created)),
            np.concatenate((old.known_s, created + self.delay_s)),
            np.concatenate((old.num_attempts, attempts)),
            np.concatenate((old.pattern, pattern)),
        )

    def take(self, end_s: float) -> ChannelPairs:
        """The pairs known before ``end_s`` not taken yet."""
        while self.pending.known_s.size == 0 or self.pending.known_s[-1] < end_s:
            self._draw()
        n = int(np.searchsorted(self.pending.known_s, end_s, side="left"))
        taken, self.pending = self.pending.part(slice(n)), self.pending.part(slice(n, None))
        return taken


def channel_pairs(config: HeraldedLinkConfig, streams: Streams, *, until_s: float) -> ChannelPairs:
    """Every pair one channel of ``config`` delivers before ``until_s``."""
    return _Channel(config, streams, until_s).take(until_s)


def pattern_states(
    config: HeraldedLinkConfig,
    memories: tuple[Memory, Memory],
    ensembles: tuple[AtomicEnsemble | None, AtomicEnsemble | None],
) -> list[tuple[DensityMatrix, float]]:
    """Each heralding pattern's delivered state (its state after the memories' noise over
    the heralding delay, through :class:`.storage.QuantumStorage`) and its fidelity."""
    from qinternet.sim.storage import QuantumStorage

    delay_s = max(config.herald_delay_s)
    delivered = []
    for branch in link_branches(config.outcome)[0]:
        storage = QuantumStorage()
        nodes = (config.node_a, config.node_b)
        for node, memory, ensemble in zip(nodes, memories, ensembles, strict=True):
            storage.add_node(node, memory, num_slots=1, ensemble=ensemble)
        slot_a, slot_b = storage.reserve(config.node_a), storage.reserve(config.node_b)
        storage.store_pair(slot_a, slot_b, branch.state, created_s=0.0)
        state = storage.pair_state(slot_a, slot_b, now_s=delay_s)
        delivered.append((state, fidelity(state, branch.target)))
    return delivered


def simulate_batch(
    configs: Sequence[HeraldedLinkConfig],
    *,
    memories: Mapping[str, Memory],
    ensembles: Mapping[str, AtomicEnsemble | None],
    duration_s: float,
    rngs: Sequence[np.random.Generator],
    on_progress: Callable[[float], None] | None = None,
    num_steps: int = 1,
) -> list[DeliveryStatistics]:
    """The batch route of :func:`.link_process.simulate_links` (arguments checked there):
    each step takes every channel's pairs known before the step's end, in delivery order
    (ties in channel order), into the link's monitor, then reports the time reached."""
    links = []
    for config, rng in zip(configs, rngs, strict=True):
        ends = (config.node_a, config.node_b)
        states = pattern_states(
            config,
            (memories[ends[0]], memories[ends[1]]),
            (ensembles.get(ends[0]), ensembles.get(ends[1])),
        )
        channels = [
            _Channel(config, s, duration_s) for s in channel_streams(rng, config.num_channels)
        ]
        names = [b.target_name for b in link_branches(config.outcome)[0]]
        table = np.array([f for _, f in states])
        links.append((channels, states, table, names, DeliveryMonitor()))
    for step in range(1, num_steps + 1):
        end_s = duration_s * step / num_steps  # the step ends of run_in_steps
        for channels, states, table, names, monitor in links:
            taken = [channel.take(end_s) for channel in channels]
            known = np.concatenate([t.known_s for t in taken])
            order = np.argsort(known, kind="stable")
            started = np.concatenate([t.started_s for t in taken])[order]
            attempts = np.concatenate([t.num_attempts for t in taken])[order]
            pattern = np.concatenate([t.pattern for t in taken])[order]
            known = known[order]
            fidelities = table[pattern]
            counts = np.bincount(pattern, minlength=len(states))
            monitor.record_batch(
                started_s=started,
                delivered_s=known,
                fidelities=fidelities,
                num_attempts=attempts,
                states=[
                    (int(n), s, name) for n, (s, _), name in zip(counts, states, names, strict=True)
                ],
            )
        if on_progress is not None:
            on_progress(end_s)
    return [monitor.statistics(sim_time_s=duration_s) for *_, monitor in links]
