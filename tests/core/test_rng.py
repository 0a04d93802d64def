"""Explicit random streams: same seed, same numbers, whatever the number of children."""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.core.rng import child_generators, make_rng


def test_child_streams_do_not_depend_on_how_many_are_spawned() -> None:
    few = [g.random(3) for g in child_generators(11, 2)]
    many = [g.random(3) for g in child_generators(11, 8)]
    for a, b in zip(few, many[:2], strict=True):
        np.testing.assert_array_equal(a, b)


def test_children_differ() -> None:
    first, second = child_generators(11, 2)
    assert first.random() != second.random()


def test_generator_passes_through() -> None:
    rng = np.random.default_rng(1)
    assert make_rng(rng) is rng


@pytest.mark.parametrize("seed", [-1, "seven", 1.5, True])
def test_bad_seed(seed: object) -> None:
    with pytest.raises(InvalidParameterError, match="seed="):
        make_rng(seed)  # type: ignore[arg-type]


def test_negative_children() -> None:
    with pytest.raises(InvalidParameterError, match="num_children=-1"):
        child_generators(1, -1)
