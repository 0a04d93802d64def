"""Repeater chains as event-driven processes: nested entanglement swapping.

A chain of nodes 0..n joined by heralded links (one :class:`HeraldedLinkConfig` per
segment) delivers end-to-end pairs by nested (doubling) swapping, the scheme of Briegel
et al. (1998) and of the exact analysis of Brand, Coopmans and Elkouss (2020):

* the segment range [lo, hi] splits at ``mid = (lo + hi) // 2``; both halves are
  produced concurrently (recursively; a single segment is a heralded link);
* the node ``mid`` waits until it knows both halves, then Bell-measures its two qubits
  (:func:`qinternet.physics.maps._swap_fast.swap_outcomes`, equal to the explicit
  :func:`~qinternet.physics.maps.swapping.swap_density`; gate and readout errors from
  :class:`BsmNoise`); the swap succeeds with ``swap_success_probability`` (a failed
  swap discards both halves, which are produced again);
* the outcome bits travel to both ends of [lo, hi] over classical fibre; the new pair
  is usable once both ends know them (latency is physics: the qubits decohere
  meanwhile, lazily and exactly, see :mod:`.storage`);
* with a cut-off, a half that waits longer than ``cutoff_s`` for its partner is
  discarded together with the partner's unfinished work, and both are produced again
  (the memory cut-off of Li, Coopmans and Elkouss 2021); a cut-off acts after every
  other event of its instant (a partner known then is in time), an outer range's
  before an inner one's.

Pauli frames: the Bell state a pair should be in is tracked, not corrected. A link's
heralding pattern announces B_a, and a swap of B_a and B_b with outcome index k leaves
B_(a XOR b XOR k) (Bell index 2 x + z in the order phi+, phi-, psi+, psi-). The reported
fidelity is that of the delivered density matrix with this Bell state, i.e. after the
correction the end node would apply.

``num_channels`` independent copies of the chain run side by side, each using one
memory slot per node and side (multiplexing). Each channel draws its random numbers
from streams of its own, one per place of the protocol (:mod:`.chain_streams`), so the
batch route of :mod:`.chain_batch` reproduces this event route pair by pair; the chains
of requests (:mod:`.requests`) draw everything from their one rng.

References:
    H.-J. Briegel, W. Dur, J. I. Cirac, P. Zoller, PRL 81, 5932 (1998).
    S. Brand, T. Coopmans, D. Elkouss, IEEE JSAC 38, 619 (2020), arXiv:1912.07688.
    B. Li, T. Coopmans, D. Elkouss, IEEE TQE 2 (2021), arXiv:2005.06615.

Examples:
    >>> import numpy as np
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.sim.link_process import HeraldedLinkConfig
    >>> from qinternet.physics.links import LinkOutcome
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

from collections.abc import Callable, Generator, Sequence
from typing import Any

import numpy as np
import simpy
from simpy.events import EventPriority

from qinternet.sim.chain import (
    ChainConfig,
    ChainPair,
    ChainShell,
    SwapPolicy,
    simulate_chain,
)
from qinternet.sim.chain_streams import Draws, SharedDraws, purify_step
from qinternet.sim.chain_swap import purify_pairs
from qinternet.sim.link_process import link_branches
from qinternet.sim.records import DeliveredPair
from qinternet.sim.repeater_asap import AsapChain  # (imported: registers the ASAP policy)
from qinternet.sim.slots import SlotPool
from qinternet.sim.storage import PairStorage, SlotId
from qinternet.states import BellName

__all__ = [
    "CUTOFF_TOLERANCE",
    "AsapChain",
    "ChainConfig",
    "ChainPair",
    "RepeaterChain",
    "simulate_chain",
]

CUTOFF_TOLERANCE = 1e-9
"""A partner known within this fraction of an attempt period after the cut-off still
counts as in time (floating-point sums of attempt periods are not exact)."""

_BELL_NAMES = tuple(BellName)


class _CutoffTimer(simpy.events.Event):
    """A timeout that fires after every other event of its instant (SimPy takes events
    of one instant by priority, URGENT 0 and NORMAL 1 first), and after the cut-off
    timers of ranges above its own (priority 2 + ``depth`` of the range): so a half
    known at the cut-off instant is in time, and an outer cut-off interrupts a subtree
    before the subtree's own cut-offs of that instant act."""

    def __init__(self, env: simpy.Environment, delay_s: float, depth: int) -> None:
        super().__init__(env)
        self._ok, self._value = True, None
        env.schedule(self, EventPriority(2 + depth), delay_s)


class RepeaterChain(ChainShell, policy=SwapPolicy.NESTED):
    """The nested policy of one :class:`ChainConfig` on a simulation (see module
    docstring): each channel delivers end-to-end pairs one after another through
    :meth:`~.chain.ChainShell.deliver`.

    ``draws`` gives each channel's random numbers (:func:`.chain_streams.channel_draws`);
    without it every channel draws from ``rng`` in the order of events.
    :attr:`channel` names the channel of the pair being delivered.
    """

    def __init__(
        self,
        env: simpy.Environment,
        config: ChainConfig,
        storage: PairStorage,
        rng: np.random.Generator,
        on_delivery: Callable[[DeliveredPair], bool],
        draws: Sequence[Draws] | None = None,
    ) -> None:
        self.draws: list[Draws] = (
            [SharedDraws(config, rng)] * config.num_channels if draws is None else list(draws)
        )
        self.channel = 0
        super().__init__(env, config, storage, rng, on_delivery)

    def start(self) -> None:
        """One process per channel."""
        config = self.config
        self.branches = [link_branches(link.outcome)[0] for link in config.links]
        self.bell_indices = [
            [_BELL_NAMES.index(BellName(b.target_name)) for b in branches]
            for branches in self.branches
        ]
        self.depths: dict[tuple[int, int], int] = {}
        ranges = [(0, len(config.links), 0)]
        while ranges:
            lo, hi, depth = ranges.pop()
            self.depths[lo, hi] = depth
            if hi > lo + 1:
                mid = (lo + hi) // 2
                ranges += [(lo, mid, depth + 1), (mid, hi, depth + 1)]
        self.processes = [self.env.process(self._channel(c)) for c in range(config.num_channels)]

    def release(self, pair: ChainPair) -> None:
        """Discard both qubits of ``pair`` and return their slots."""
        self.release_slots(pair.left, pair.right)

    def _channel(self, channel: int) -> Generator[simpy.Event, Any, None]:
        last = len(self.config.links)
        while True:
            started_s = self.env.now
            pair = yield self.env.process(self._produce(0, last, channel))
            if pair is not None:
                self.channel = channel
                self.deliver((pair.left, pair.right), pair.bell_index, started_s)

    def _produce(
        self, lo: int, hi: int, channel: int
    ) -> Generator[simpy.Event, Any, ChainPair | None]:
        """Process whose value is a pair spanning ``lo``..``hi`` (None if interrupted)."""
        if hi == lo + 1:
            rounds = self.config.purification_rounds
            return (yield from self._purified_link(lo, rounds, 0, channel))
        mid, depth = (lo + hi) // 2, self.depths[lo, hi]
        cutoff_s = self.config.cutoff_s
        while True:
            halves = [
                self.env.process(self._produce(lo, mid, channel)),
                self.env.process(self._produce(mid, hi, channel)),
            ]
            try:
                yield halves[0] | halves[1]
                if cutoff_s is not None and not (halves[0].triggered and halves[1].triggered):
                    waiting = halves[1] if halves[0].triggered else halves[0]
                    tolerance_s = CUTOFF_TOLERANCE * self.config.links[lo].period_s
                    yield waiting | _CutoffTimer(self.env, cutoff_s + tolerance_s, depth)
                    if not waiting.triggered:
                        waiting.interrupt("cut-off")
                        self._discard(*halves)
                        continue
                left, right = (yield halves[0]), (yield halves[1])
            except simpy.Interrupt:
                self._abort(*halves)
                return None
            try:
                joined = yield from self._swap(left, right, lo, mid, hi, channel)
            except simpy.Interrupt:
                return None
            if joined is not None:
                return joined

    def _abort(self, *parts: simpy.Process) -> None:
        """Interrupt the running ``parts`` and discard the finished ones."""
        for part in parts:
            if part.is_alive:
                part.interrupt("parent interrupted")
        self._discard(*parts)

    def _discard(self, *halves: simpy.Process) -> None:
        for half in halves:
            if half.triggered and half.ok and half.value is not None:
                self.release(half.value)

    def _purified_link(
        self, index: int, rounds: int, leaf: int, channel: int
    ) -> Generator[simpy.Event, Any, ChainPair | None]:
        """A link pair after ``rounds`` rounds of recurrence purification of the
        ``2**rounds`` leaves from ``leaf`` on."""
        if rounds == 0:
            return (yield from self._link(index, leaf, channel))
        half = 1 << (rounds - 1)
        while True:
            pairs = [
                self.env.process(self._purified_link(index, rounds - 1, leaf, channel)),
                self.env.process(self._purified_link(index, rounds - 1, leaf + half, channel)),
            ]
            try:
                kept, sacrificed = (yield pairs[0]), (yield pairs[1])
            except simpy.Interrupt:
                self._abort(*pairs)
                return None
            if kept is None or sacrificed is None:
                self._discard(*pairs)
                continue
            step = purify_step(self.config.purification_rounds, rounds, leaf)
            try:
                purified = yield from self._purify(kept, sacrificed, index, step, channel)
            except simpy.Interrupt:
                return None
            if purified is not None:
                return purified

    def _purify(
        self, kept: ChainPair, sacrificed: ChainPair, index: int, step: int, channel: int
    ) -> Generator[simpy.Event, Any, ChainPair | None]:
        """One recurrence round on two pairs of link ``index``; None if it failed."""
        now = self.env.now
        success_probability, purified_pair = purify_pairs(
            self.storage,
            (kept.left, kept.right, kept.bell_index),
            (sacrificed.left, sacrificed.right, sacrificed.bell_index),
            now,
            self.config.purification_method,
        )
        self.release(sacrificed)
        success = self.draws[channel].purify(index, step) < success_probability
        self.storage.release(kept.left, kept.right, keep_reserved=True)
        if not success:
            self.give_back(kept.left, kept.right)
            return None
        purified_pair.put(self.storage, kept.left, kept.right)
        purified = ChainPair(
            kept.lo, kept.hi, kept.left, kept.right, 0, min(kept.created_s, sacrificed.created_s)
        )
        try:
            # Both nodes learn the other's measurement outcomes before using the pair.
            yield self.env.timeout(self.config.delay_s(index, index + 1))
        except simpy.Interrupt:
            self.release(purified)
            raise
        return purified

    def _link(
        self, index: int, leaf: int, channel: int
    ) -> Generator[simpy.Event, Any, ChainPair | None]:
        pool_a, pool_b = self.link_pools[index]
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
            created_s = yield from self._generate(index, leaf, channel, slots[0], slots[1])
        except simpy.Interrupt:
            if pending is not None:
                pending[0].cancel(pending[1])
            self.release_slots(*slots)
            return None
        slot_a, slot_b = slots
        return ChainPair(index, index + 1, slot_a, slot_b, created_s[1], created_s[0])

    def _generate(
        self, index: int, leaf: int, channel: int, slot_a: SlotId, slot_b: SlotId
    ) -> Generator[simpy.Event, Any, tuple[float, int]]:
        """Heralded generation on ``slot_a``, ``slot_b`` (as
        :meth:`.link_process.LinkGenerator.generate`, from the channel's streams);
        value: the creation time and the Pauli frame of the pair."""
        config, env, storage = self.config.links[index], self.env, self.storage
        draws = self.draws[channel]
        period_s = config.period_s
        first_attempt_s = env.now
        num_attempts = draws.attempts(index, leaf)
        yield env.timeout((num_attempts - 1) * period_s)
        created_s = env.now
        for node in (config.node_a, config.node_b):
            storage.record_attempts(
                node, first_attempt_s=first_attempt_s, period_s=period_s, num_attempts=num_attempts
            )
        pattern = draws.pattern(index, leaf)
        storage.store_pair(slot_a, slot_b, self.branches[index][pattern].state, created_s=created_s)
        yield env.timeout(max(config.herald_delay_s))
        return created_s, self.bell_indices[index][pattern]

    def _swap(
        self, left: ChainPair, right: ChainPair, lo: int, mid: int, hi: int, channel: int
    ) -> Generator[simpy.Event, Any, ChainPair | None]:
        """Bell-measure at node ``mid``; value: the joined pair once both ends know it."""
        draws = self.draws[channel]
        k = self.bell_measure(
            (left.left, left.right), (right.left, right.right), lambda: draws.swap(mid)
        )
        if k is None:
            return None
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
