"""Explicit random streams.

Every stochastic function in qinternet takes ``rng: numpy.random.Generator``; nothing
reads a global seed. Independent tasks (sweep points, trials in parallel) get child
streams from a :class:`numpy.random.SeedSequence`, so results do not depend on how many
workers ran them or in which order.

Examples:
    >>> a = [g.random() for g in child_generators(42, 3)]
    >>> b = [g.random() for g in child_generators(42, 3)]
    >>> a == b and len(set(a)) == 3
    True
    >>> make_rng(7).integers(100) == make_rng(7).integers(100)
    np.True_
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np

from qinternet.core.errors import InvalidParameterError

SeedLike: TypeAlias = int | np.random.SeedSequence | np.random.Generator | None


def make_rng(seed: SeedLike = None) -> np.random.Generator:
    """A :class:`numpy.random.Generator` from a seed, a seed sequence or a generator.

    A generator is returned as it is (not copied), so a caller's stream advances.
    ``None`` draws fresh entropy from the operating system.

    Raises:
        InvalidParameterError: for a negative integer seed or an unsupported type.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, np.random.SeedSequence):
        return np.random.default_rng(seed)
    if isinstance(seed, int | np.integer) and not isinstance(seed, bool):
        if seed < 0:
            raise InvalidParameterError("seed", seed, "must be a non-negative integer")
        return np.random.default_rng(int(seed))
    raise InvalidParameterError(
        "seed", seed, "must be an int >= 0, a numpy SeedSequence, a Generator or None"
    )


def child_generators(
    seed: int | np.random.SeedSequence, num_children: int
) -> list[np.random.Generator]:
    """``num_children`` independent generators spawned from one seed.

    Child ``i`` is the same stream however many children are spawned after it, so a
    sweep point's stream depends only on the base seed and the point's index.

    Raises:
        InvalidParameterError: if ``num_children`` is negative.
    """
    if num_children < 0:
        raise InvalidParameterError("num_children", num_children, "must be >= 0")
    sequence = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return [np.random.default_rng(child) for child in sequence.spawn(num_children)]
