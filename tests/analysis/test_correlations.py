"""Connected correlations against graph distance on a GHZ state grown along noisy links.

A chain of Werner links (fidelity F) fused at every inner node: an X or Y error on a
link (probability 2(1 - F)/3) flips the Z parity of the two nodes it joins and nothing
else, so <Z_i Z_j> = v^d with v = 1 - 4(1 - F)/3 = (4F - 1)/3 over d links, <Z_i> = 0
by the X...X symmetry, and the decay length is xi = -1/ln v.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.analysis.correlations import (
    connected_correlation,
    connected_correlation_exact,
    correlation_decay,
)
from qinternet.analysis.records import sample_records
from qinternet.core.errors import InvalidParameterError
from qinternet.physics.maps.fusion import ghz_chain
from qinternet.states import werner
from qinternet.states.multipartite import ghz_state

F = 0.85
V = (4 * F - 1) / 3
CHAIN = [(k, k + 1) for k in range(4)]


@pytest.fixture(scope="module")
def chain_state() -> object:
    return ghz_chain([werner(F)] * 4)


def test_exact_correlations_fall_as_v_to_the_distance(chain_state: object) -> None:
    for i in range(5):
        for j in range(i + 1, 5):
            value = connected_correlation_exact(chain_state, i, j, "Z")  # type: ignore[arg-type]
            assert value == pytest.approx(V ** (j - i), abs=1e-12)


def test_fitted_decay_length_within_five_standard_errors(chain_state: object) -> None:
    records = sample_records(chain_state, ["ZZZZZ"], 20000, np.random.default_rng(3))  # type: ignore[arg-type]
    decay = correlation_decay(records, CHAIN, "Z")
    assert decay.distances == (1, 2, 3, 4)
    for d, mean, stderr in zip(decay.distances, decay.correlations, decay.stderrs, strict=True):
        assert abs(mean - V**d) < 5 * stderr
    expected = -1 / math.log(V)
    assert 0 < decay.decay_length_stderr < 0.3
    assert abs(decay.decay_length - expected) < 5 * decay.decay_length_stderr


def test_pair_estimate_and_its_error() -> None:
    # GHZ_3: <Z_0 Z_2> = 1 and <Z> = 0 => C = 1, and every shot agrees.
    records = sample_records(ghz_state(3), ["ZZZ"], 500, np.random.default_rng(8))
    estimate = connected_correlation(records, 0, 2)
    assert estimate.mean == pytest.approx(1.0, abs=0.02)
    with pytest.raises(InvalidParameterError, match="j"):
        connected_correlation(records, 1, 1)
    with pytest.raises(InvalidParameterError, match="basis"):
        connected_correlation(records, 0, 1, "W")
    with pytest.raises(InvalidParameterError, match="records"):
        connected_correlation(records, 0, 1, "X")
    with pytest.raises(InvalidParameterError, match="edges"):
        correlation_decay(records, [(0, 1)], "Z")
    with pytest.raises(InvalidParameterError, match="records"):
        correlation_decay(records, [(0, 1), (1, 2)], "X")


def test_ghz_correlations_do_not_decay() -> None:
    # Every Z outcome of GHZ agrees: the same C at all distances, xi infinite.
    records = sample_records(ghz_state(4), ["ZZZZ"], 300, np.random.default_rng(12))
    decay = correlation_decay(records, [(0, 1), (1, 2), (2, 3)])
    assert decay.decay_length == math.inf
    assert len(set(decay.correlations)) == 1
