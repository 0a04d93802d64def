"""The random numbers of a nested repeater chain, one stream per place of the protocol.

Within one channel of a nested chain (:mod:`.repeater`) every place of the protocol's
tree acts in sequence: each elementary link (each leaf of its purification tree, when
links are purified) makes one pair after another, each inner node is the midpoint of
exactly one segment range and swaps the pairs of that range one after another, each
purification step of a link purifies one pair after another. So each place draws from
a stream of its own: one seed per channel spawned from the chain's ``rng``
(:func:`channel_seeds`), one child of it per stream (:func:`channel_draws`), for the
number of attempts and the heralding pattern of every link pair, the success and
outcome of every swap, the success of every purification. The
event route (SimPy processes side by side) and the batch route (:mod:`.chain_batch`,
one channel after another, each subtree in turn) then draw the same numbers for the
same pairs whatever order their work is done in.

A stream hands out its numbers from chunks drawn in advance
(``geometric(p, size=n)`` gives the numbers n single draws give), and keeps a cursor
that the batch route may set back to undo the draws of a subtree that a cut-off
interrupts earlier than it first computed.

Examples:
    >>> import numpy as np
    >>> rng = np.random.default_rng(3)
    >>> stream = Stream(lambda: rng.random)
    >>> first = [stream.next() for _ in range(3)]
    >>> stream.pos = 1  # rewind two draws
    >>> stream.next() == first[1]
    True
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from qinternet.sim.chain import ChainConfig

_FIRST_CHUNK = 16
_LARGEST_CHUNK = 1 << 14


Draw = Callable[[int], "NDArray[np.float64] | NDArray[np.int64]"]
"""``draw(n)``: the next n numbers of a random stream."""


class Stream:
    """Numbers of one random stream, drawn ``chunk`` at a time by the ``draw(chunk)`` that
    ``make()`` returns (called at the first draw: most runs leave some streams unused);
    :attr:`pos` counts the numbers handed out (set it back to hand them out again)."""

    __slots__ = ("_chunk", "_draw", "_make", "base", "pos", "values")

    def __init__(self, make: Callable[[], Draw]) -> None:
        self._make, self._chunk = make, _FIRST_CHUNK
        self._draw: Draw | None = None
        self.values: list[float] = []
        self.base = 0
        self.pos = 0

    def next(self) -> float:
        """The next number of the stream."""
        index = self.pos - self.base
        if index >= len(self.values):
            if self._draw is None:
                self._draw = self._make()
            self.values.extend(self._draw(self._chunk).tolist())
            self._chunk = min(2 * self._chunk, _LARGEST_CHUNK)
        self.pos += 1
        return self.values[index]

    def forget(self) -> None:
        """Drop the numbers handed out, once there are many (no rewind will ask for
        them again)."""
        if self.pos - self.base > _LARGEST_CHUNK:
            del self.values[: self.pos - self.base]
            self.base = self.pos


class Draws(Protocol):
    """Where a nested chain's processes take their random numbers from."""

    def attempts(self, link: int, leaf: int) -> int:
        """Attempts of the next pair of ``link`` (its purification leaf ``leaf``)."""
        ...

    def pattern(self, link: int, leaf: int) -> int:
        """The heralding pattern (index) of that pair."""
        ...

    def swap(self, node: int) -> float:
        """A uniform number for the next swap at inner node ``node``."""
        ...

    def purify(self, link: int, step: int) -> float:
        """A uniform number for the next purification at ``step`` of ``link``'s tree."""
        ...


def purify_step(height: int, rounds: int, first_leaf: int) -> int:
    """The place, in a purification tree of ``height`` rounds, of the step joining the
    ``2**rounds`` leaves from ``first_leaf`` on (heap order: the last step is 0).

    Examples:
        >>> [purify_step(2, 1, leaf) for leaf in (0, 2)], purify_step(2, 2, 0)
        ([1, 2], 0)
    """
    return (1 << (height - rounds)) - 1 + (first_leaf >> rounds)


class ChannelDraws:
    """One channel's streams (see the module docstring): the i-th is the i-th child of
    ``seed``, so the same seed gives the same streams again."""

    def __init__(
        self,
        config: ChainConfig,
        seed: np.random.SeedSequence,
        bit_generator: type[np.random.BitGenerator] = np.random.PCG64,
    ) -> None:
        from qinternet.sim.link_process import link_branches

        leaves = 1 << config.purification_rounds
        num_links = len(config.links)
        children = (_Child(seed, i, bit_generator) for i in itertools.count())
        self.leaves = leaves
        self.link_streams: list[list[tuple[Stream, Stream | None]]] = []
        self.cumulative: list[list[float]] = []
        for link in config.links:
            p = link.outcome.success_probability
            cumulative = link_branches(link.outcome)[1].tolist()
            self.cumulative.append(cumulative)
            per_leaf: list[tuple[Stream, Stream | None]] = []
            for _ in range(leaves):
                attempts, patterns = next(children), next(children)
                per_leaf.append(
                    (
                        Stream(attempts.geometric(p)),
                        Stream(patterns.uniform) if len(cumulative) > 1 else None,
                    )
                )
            self.link_streams.append(per_leaf)
        self.purify_streams = [
            [Stream(next(children).uniform) for _ in range(leaves - 1)] for _ in range(num_links)
        ]
        self.swap_streams = [Stream(next(children).uniform) for _ in range(num_links + 1)]

    @property
    def streams(self) -> list[Stream]:
        """Every stream of the channel, in a fixed order."""
        found = [s for leaf in self.link_streams for pair in leaf for s in pair if s is not None]
        found += [s for steps in self.purify_streams for s in steps]
        return found + self.swap_streams

    def attempts(self, link: int, leaf: int) -> int:
        """Attempts of the next pair of ``link`` at purification leaf ``leaf``."""
        return int(self.link_streams[link][leaf][0].next())

    def pattern(self, link: int, leaf: int) -> int:
        """Heralding pattern of that pair (no draw when the link has one pattern)."""
        stream = self.link_streams[link][leaf][1]
        if stream is None:
            return 0
        cumulative = self.cumulative[link]
        return min(bisect.bisect_left(cumulative, stream.next()), len(cumulative) - 1)

    def swap(self, node: int) -> float:
        """Uniform number of the next swap draw at inner node ``node``."""
        return self.swap_streams[node].next()

    def purify(self, link: int, step: int) -> float:
        """Uniform number of the next purification at ``step`` of ``link``'s tree."""
        return self.purify_streams[link][step].next()


class _Child:
    """The generator of child ``index`` of ``seed``, made when a stream first draws."""

    def __init__(
        self, seed: np.random.SeedSequence, index: int, bit_generator: type[np.random.BitGenerator]
    ) -> None:
        self.seed, self.index, self.bit_generator = seed, index, bit_generator

    def generator(self) -> np.random.Generator:
        """The generator (a new one at each call, always in the same state)."""
        return np.random.Generator(self.bit_generator(_child(self.seed, self.index)))

    def uniform(self) -> Draw:
        """The stream's uniform numbers in [0, 1)."""
        return self.generator().random

    def geometric(self, p: float) -> Callable[[], Draw]:
        """A maker of the stream's geometric numbers of success probability ``p``."""

        def make() -> Draw:
            rng = self.generator()
            return lambda size: rng.geometric(p, size=size)

        return make


def _child(seed: np.random.SeedSequence, index: int) -> np.random.SeedSequence:
    """Child ``index`` of ``seed``, as ``seed.spawn`` makes it (without its counter)."""
    return np.random.SeedSequence(
        seed.entropy, spawn_key=(*seed.spawn_key, index), pool_size=seed.pool_size
    )


def channel_seeds(config: ChainConfig, rng: np.random.Generator) -> list[np.random.SeedSequence]:
    """One seed per channel of ``config``, spawned from ``rng`` (so adding a channel
    changes no other channel's numbers).

    Raises:
        InvalidParameterError: if ``rng`` was not made from a seed sequence.
    """
    seed = rng.bit_generator.seed_seq
    if not isinstance(seed, np.random.SeedSequence):
        from qinternet.core.errors import InvalidParameterError

        raise InvalidParameterError("rng", rng, "needs a SeedSequence (numpy.random.default_rng)")
    return seed.spawn(config.num_channels)


def channel_draws(
    config: ChainConfig,
    seeds: list[np.random.SeedSequence],
    bit_generator: type[np.random.BitGenerator] = np.random.PCG64,
) -> list[ChannelDraws]:
    """Fresh streams of every channel from their ``seeds`` (:func:`channel_seeds`).

    Examples:
        >>> from qinternet.physics.links import barrett_kok_link
        >>> from qinternet.sim.chain import ChainConfig
        >>> from qinternet.sim.link_process import HeraldedLinkConfig
        >>> outcome = barrett_kok_link(0.5, preparation_time_s=1e-4)
        >>> config = ChainConfig((HeraldedLinkConfig("A", "B", outcome),), num_channels=2)
        >>> seeds = channel_seeds(config, np.random.default_rng(5))
        >>> first, again = channel_draws(config, seeds), channel_draws(config, seeds)
        >>> first[1].attempts(0, 0) == again[1].attempts(0, 0)
        True
    """
    return [ChannelDraws(config, seed, bit_generator) for seed in seeds]


class SharedDraws:
    """Every draw from one generator, in the order the processes ask (the chains of
    :mod:`.requests`, which share their nodes' memories with other requests)."""

    def __init__(self, config: ChainConfig, rng: np.random.Generator) -> None:
        from qinternet.sim.link_process import link_branches

        self.rng = rng
        self.probabilities = [link.outcome.success_probability for link in config.links]
        self.cumulative = [link_branches(link.outcome)[1] for link in config.links]

    def attempts(self, link: int, leaf: int) -> int:
        """A geometric draw with the link's success probability."""
        return int(self.rng.geometric(self.probabilities[link]))

    def pattern(self, link: int, leaf: int) -> int:
        """A pattern drawn from the link's cumulative pattern probabilities."""
        return int(np.searchsorted(self.cumulative[link], self.rng.random()))

    def swap(self, node: int) -> float:
        """A uniform number."""
        return float(self.rng.random())

    def purify(self, link: int, step: int) -> float:
        """A uniform number."""
        return float(self.rng.random())
