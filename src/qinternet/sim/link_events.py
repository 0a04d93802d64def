"""The event route of :func:`.link_process.simulate_links`: every channel of every link
a SimPy process on one :class:`.storage.QuantumStorage`, each pair stored, decohering
and measured when both nodes know of it, as :mod:`.link_process` generates pairs.

It is the reference the batch route (:mod:`.link_batch`) is checked against, and the
route taken when channels share a memory that every attempt dephases. Each channel keeps
its times as the batch route sums them (start, start + (k - 1) T, + d, + max(T, d)) and
the clock follows them to within rounding; pairs delivered at one instant reach the
monitor in channel order.

Examples:
    >>> from qinternet.core.rng import child_generators
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.physics.links import barrett_kok_link
    >>> from qinternet.sim.link_batch import simulate_batch
    >>> outcome = barrett_kok_link(0.5, arm_length_m=5e3, preparation_time_s=4.5e-4)
    >>> config = HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(5e-5, 5e-5))
    >>> memories = {"A": Memory(t2_s=0.1), "B": Memory(t2_s=0.1)}
    >>> events = simulate_events([config], memories, {}, {"A": 1, "B": 1}, 0.5,
    ...                          child_generators(3, 1), None, 1)[0]
    >>> batch = simulate_batch([config], memories=memories, ensembles={}, duration_s=0.5,
    ...                        rngs=child_generators(3, 1))[0]
    >>> events.num_pairs == batch.num_pairs, events.waiting_time_s == batch.waiting_time_s
    (True, True)
    >>> abs(events.fidelity.mean - batch.fidelity.mean) < 1e-12
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Any

import numpy as np
import simpy

from qinternet.physics.devices import AtomicEnsemble, Memory
from qinternet.sim.link_batch import channel_streams, pick_patterns
from qinternet.sim.link_process import HeraldedLinkConfig, link_branches
from qinternet.sim.monitor import DeliveryMonitor, DeliveryStatistics
from qinternet.sim.records import DeliveredPair
from qinternet.sim.running import run_in_steps
from qinternet.sim.storage import QuantumStorage, SlotId
from qinternet.states import fidelity


def simulate_events(
    configs: Sequence[HeraldedLinkConfig],
    memories: Mapping[str, Memory],
    ensembles: Mapping[str, AtomicEnsemble | None],
    slots: Mapping[str, int],
    duration_s: float,
    rngs: Sequence[np.random.Generator],
    on_progress: Callable[[float], None] | None,
    num_steps: int,
) -> list[DeliveryStatistics]:
    """The event route of :func:`.link_process.simulate_links` (arguments checked
    there): one SimPy process per channel on one storage with ``slots`` per node."""
    env = simpy.Environment()
    storage = QuantumStorage()
    for node, count in slots.items():
        storage.add_node(node, memories[node], num_slots=count, ensemble=ensembles.get(node))
    monitors = []
    for config, rng in zip(configs, rngs, strict=True):
        monitor = _InOrder(DeliveryMonitor())
        for channel, streams in enumerate(channel_streams(rng, config.num_channels)):
            pair_slots = (storage.reserve(config.node_a), storage.reserve(config.node_b))
            record = functools.partial(monitor.add, channel)
            env.process(_event_channel(env, storage, config, pair_slots, streams, record))
        monitors.append(monitor)
    run_in_steps(env, until_s=duration_s, num_steps=num_steps, on_step=on_progress)
    return [monitor.statistics(sim_time_s=duration_s) for monitor in monitors]


def _event_channel(
    env: simpy.Environment,
    storage: QuantumStorage,
    config: HeraldedLinkConfig,
    slots: tuple[SlotId, SlotId],
    streams: tuple[np.random.Generator, np.random.Generator],
    record: Callable[[DeliveredPair], None],
) -> Generator[simpy.Event, Any, None]:
    """One channel of the event route, its times kept as the batch route sums them
    (the clock follows them to within rounding)."""
    attempts_rng, pattern_rng = streams
    branches, cumulative = link_branches(config.outcome)
    period_s, delay_s = config.period_s, max(config.herald_delay_s)
    hold_s, (slot_a, slot_b) = max(period_s, delay_s), slots
    start_s = 0.0
    while True:
        num_attempts = int(attempts_rng.geometric(config.outcome.success_probability))
        created_s = start_s + (num_attempts - 1) * period_s
        yield env.timeout(max(created_s - env.now, 0.0))
        for node in (config.node_a, config.node_b):
            storage.record_attempts(
                node, first_attempt_s=start_s, period_s=period_s, num_attempts=num_attempts
            )
        branch = branches[int(pick_patterns(cumulative, pattern_rng, 1)[0])]
        storage.store_pair(slot_a, slot_b, branch.state, created_s=created_s)
        known_s = created_s + delay_s
        yield env.timeout(max(known_s - env.now, 0.0))
        state = storage.pair_state(slot_a, slot_b, now_s=known_s)
        pair = DeliveredPair(
            (config.node_a, config.node_b),
            started_s=start_s,
            delivered_s=known_s,
            state=state,
            target_name=branch.target_name,
            fidelity=fidelity(state, branch.target),
            num_attempts=num_attempts,
        )
        record(pair)
        storage.release(slot_a, slot_b, keep_reserved=True)
        start_s = created_s + hold_s
        yield env.timeout(max(start_s - env.now, 0.0))


class _InOrder:
    """Feeds a monitor the pairs delivered at one instant in channel order (the batch
    route's order), whatever order the event queue processed them in."""

    def __init__(self, monitor: DeliveryMonitor) -> None:
        self.monitor = monitor
        self.held: list[tuple[int, DeliveredPair]] = []

    def add(self, channel: int, pair: DeliveredPair) -> None:
        """Hold ``pair`` of ``channel`` until a later delivery passes it on."""
        if self.held and pair.delivered_s > self.held[0][1].delivered_s:
            self._flush()
        self.held.append((channel, pair))

    def _flush(self) -> None:
        for _, pair in sorted(self.held, key=lambda held: (held[1].delivered_s, held[0])):
            self.monitor.record(pair)
        self.held = []

    def statistics(self, *, sim_time_s: float) -> DeliveryStatistics:
        """The monitor's statistics, every pair held passed on first."""
        self._flush()
        return self.monitor.statistics(sim_time_s=sim_time_s)
