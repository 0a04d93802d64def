"""The SLOS layers as blocks of the upper modes plus rank tables of the low modes.

Every split of the modes into low and upper ones must give the probabilities of the
permanent formula; the rank tables must hold the colex ranks of ``t - e_j``.
"""

from __future__ import annotations

import itertools
import tracemalloc

import numpy as np
import pytest

from qinternet.optics import _kernels_slos, _slos
from qinternet.optics.fock import (
    FockDistribution,
    _distribution_bytes,
    fock_probability,
    hilbert_dimension,
    output_distribution,
)

# Probabilities are sums of products of unitary entries: rounding stays below 1e-14.
TOLERANCE = 1e-12


def _haar_unitary(size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    gaussian = rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))
    q, r = np.linalg.qr(gaussian)
    return q * (np.diag(r) / np.abs(np.diag(r)))


@pytest.mark.parametrize(
    ("table_bytes", "num_modes", "inputs", "low_modes"),
    [
        (0, 6, (2, 2, 0, 0, 0, 1), 1),
        (0, 2, (7, 7), 1),
        (3_000, 9, (1, 1, 1, 1, 1, 0, 0, 0, 0), 3),
        (3_000, 10, (0, 2, 0, 0, 0, 0, 0, 1, 0, 3), 2),
        (8 * 2**20, 8, (1, 1, 1, 1, 0, 0, 0, 0), 8),
    ],
)
def test_every_split_of_the_modes_matches_the_permanents(
    monkeypatch: pytest.MonkeyPatch,
    table_bytes: int,
    num_modes: int,
    inputs: tuple[int, ...],
    low_modes: int,
) -> None:
    monkeypatch.setattr(_slos, "LOW_TABLE_BYTES", table_bytes)
    num_photons = sum(inputs)
    assert _slos._low_modes(num_photons, num_modes) == low_modes
    unitary = _haar_unitary(num_modes, num_modes + sum(inputs))
    distribution = output_distribution(unitary, inputs)
    assert len(distribution) == hilbert_dimension(num_photons, num_modes)
    for output in distribution:
        expected = fock_probability(unitary, inputs, output)
        assert distribution[output] == pytest.approx(expected, abs=TOLERANCE)


@pytest.mark.parametrize("table_bytes", [3_000, 8 * 2**20])
def test_parallel_layers_match_permanents_and_not_the_thread_count(
    monkeypatch: pytest.MonkeyPatch, table_bytes: int
) -> None:
    """7 photons in 14 modes: 77 520 outcomes, so the last layer runs in parallel."""
    numba = pytest.importorskip("numba")
    monkeypatch.setattr(_slos, "LOW_TABLE_BYTES", table_bytes)
    unitary = _haar_unitary(14, 21)
    inputs = (1,) * 7 + (0,) * 7
    distribution = output_distribution(unitary, inputs)
    assert len(distribution) > _slos._PARALLEL_MIN_STATES
    assert distribution.total() == pytest.approx(1.0, abs=TOLERANCE)
    picks = np.random.default_rng(5).choice(len(distribution), 300, replace=False)
    for index in picks:
        output = distribution.occupation(int(index))
        expected = fock_probability(unitary, inputs, output)
        assert distribution.probabilities[index] == pytest.approx(expected, abs=TOLERANCE)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        serial = output_distribution(unitary, inputs)
    finally:
        numba.set_num_threads(threads)
    np.testing.assert_array_equal(serial.probabilities, distribution.probabilities)


@pytest.mark.parametrize(("max_photons", "num_low"), [(4, 1), (4, 3), (3, 5)])
def test_rank_tables_hold_the_ranks_of_one_photon_less(max_photons: int, num_low: int) -> None:
    binom = _slos._binomial_table(max_photons + num_low, num_low + 1)
    rank, weight, start = _kernels_slos.low_tables(max_photons, num_low, binom)
    for photons in range(1, max_photons + 1):
        here = FockDistribution(np.zeros(hilbert_dimension(photons, num_low)), photons, num_low)
        below = FockDistribution(
            np.zeros(hilbert_dimension(photons - 1, num_low)), photons - 1, num_low
        )
        assert start[photons + 1] - start[photons] == len(here)
        for position, occupation in enumerate(here):
            for j, count in enumerate(occupation):
                entry = start[photons] + position
                assert weight[j, entry] == pytest.approx(np.sqrt(count), abs=0.0)
                if count > 0:
                    lowered = tuple(c - (i == j) for i, c in enumerate(occupation))
                    assert rank[j, entry] == below.index(lowered)


def test_outer_blocks_are_contiguous_in_colex_order() -> None:
    """The layout the kernel relies on: occupations sharing the upper modes are adjacent."""
    num_photons, num_modes, num_low = 4, 6, 3
    space = FockDistribution(
        np.zeros(hilbert_dimension(num_photons, num_modes)), num_photons, num_modes
    )
    uppers = [occupation[num_low:] for occupation in space]
    groups = [key for key, _ in itertools.groupby(uppers)]
    assert len(groups) == len(set(groups))


def test_peak_memory_stays_within_the_estimate() -> None:
    """The two live layers, the probabilities and the tables: traced NumPy allocations of
    one call never exceed ``_distribution_bytes`` (what ``max_memory_bytes`` is checked
    against)."""
    unitary = _haar_unitary(14, 22)
    inputs = (1,) * 7 + (0,) * 7
    output_distribution(unitary, inputs)  # compiled before tracing
    tracemalloc.start()
    try:
        output_distribution(unitary, inputs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    largest_layer = 8 * hilbert_dimension(7, 14)
    assert largest_layer < peak <= _distribution_bytes(7, 14)


def test_layers_in_memory_maps_give_the_same_distribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unitary = _haar_unitary(12, 23)
    inputs = (1, 0, 2, 0, 1, 1, 0, 0, 1, 0, 0, 0)
    in_numpy = output_distribution(unitary, inputs)
    monkeypatch.setattr(_slos, "MAPPED_MIN_BYTES", 0)
    mapped = output_distribution(unitary, inputs)
    np.testing.assert_array_equal(mapped.probabilities, in_numpy.probabilities)
    assert not mapped.probabilities.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        mapped.probabilities[0] = 1.0
