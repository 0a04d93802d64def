"""Repeater chains with the swap-as-soon-as-possible policy.

Every link generates pairs continuously on its memories (:class:`HeraldedLink`, all
``num_channels`` memory pairs of a link side in parallel). A node swaps as soon as it
knows a pair that reaches to its left and one that reaches to its right, whatever their
lengths (oldest first); its two memories then return to their links, which start again.
A node uses a pair once it knows every swap that formed it (the messages travel over the
fibre), so a pair is swapped at one of its ends at a time; its Pauli frame collects every
outcome on the way. A pair spanning the whole chain is delivered once both end nodes
know all its outcomes; its waiting time runs from the first attempt of its oldest link.
With a cut-off, a pair older than ``cutoff_s`` (counted from the emission of its oldest
link) is discarded and its memories freed.

Run it with :func:`~.chain.simulate_chain` (``policy="asap"``). Compare :mod:`.repeater`
(nested doubling). The two policies deliver the same fidelity for ideal memories; ASAP
uses memories as soon as they are free.

Examples:
    >>> import numpy as np
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.sim.chain import ChainConfig, simulate_chain
    >>> from qinternet.sim.link_process import HeraldedLinkConfig
    >>> from qinternet.physics.links import LinkOutcome
    >>> from qinternet.states import bell_state, werner
    >>> outcome = LinkOutcome(success_probability=0.2, heralded_state=werner(0.95),
    ...                       target=bell_state("phi+"), target_name="phi+",
    ...                       attempt_duration_s=1e-3)
    >>> links = tuple(HeraldedLinkConfig(a, b, outcome) for a, b in ("AB", "BC", "CD"))
    >>> stats = simulate_chain(ChainConfig(links, policy="asap"),
    ...                        memories=dict.fromkeys("ABCD", Memory()),
    ...                        rng=np.random.default_rng(2), duration_s=5.0)
    >>> w = (4 * 0.95 - 1) / 3
    >>> round(stats.fidelity.mean, 9) == round((1 + 3 * w**3) / 4, 9)
    True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from qinternet.core.errors import InvalidParameterError
from qinternet.sim.chain import ChainShell, SwapPolicy
from qinternet.sim.link_process import HeraldedLink, HeraldedPair, LinkGenerator
from qinternet.sim.storage import SlotId
from qinternet.states import BellName

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


class AsapChain(ChainShell, policy=SwapPolicy.ASAP):
    """The swap-as-soon-as-possible policy of one :class:`ChainConfig` on a simulation:
    every link runs as a :class:`HeraldedLink` on its pools of the shell."""

    def start(self) -> None:
        """One :class:`HeraldedLink` per link, on the shell's pools.

        Raises:
            InvalidParameterError: with purification rounds (ASAP has none).
        """
        config = self.config
        if config.purification_rounds:
            raise InvalidParameterError(
                "purification_rounds", config.purification_rounds, "the ASAP policy has none"
            )
        self.last = len(config.links)
        self._owner: dict[SlotId, _Pair] = {}
        self._waiting_left: list[list[_Pair]] = [[] for _ in config.nodes]
        self._waiting_right: list[list[_Pair]] = [[] for _ in config.nodes]
        self.links = [
            HeraldedLink(
                LinkGenerator(
                    self.env,
                    dataclasses.replace(link, num_channels=config.num_channels),
                    self.storage,
                    self.rng,
                ),
                self._link_handler(index),
                pools,
            )
            for index, (link, pools) in enumerate(zip(config.links, self.link_pools, strict=True))
        ]

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

    def give_back(self, *slots: SlotId) -> None:
        """Forget the pairs in ``slots`` and lend the slots to their links again."""
        for slot in slots:
            self._owner.pop(slot, None)
        super().give_back(*slots)

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
        k = self.bell_measure((left.left, left.right), (right.left, right.right))
        if k is None:
            return
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
            self.release_slots(pair.left, pair.right)

    def _deliver(self, pair: _Pair) -> None:
        if pair.alive:
            pair.alive = False
            self.deliver((pair.left, pair.right), pair.bell_index, pair.started_s)
