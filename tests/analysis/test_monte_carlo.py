"""Monte Carlo of repeater chains against the exact distributions, reproducibility, bad input."""

from __future__ import annotations

import math

import numba
import numpy as np
import pytest

from qinternet.analysis import (
    ChainParameters,
    chain_statistics,
    monte_carlo_chain,
    sample_chain,
)
from qinternet.core.errors import InvalidParameterError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr

NUM_SIGMA = 5.0  # bound derived from the statistics: 5 standard errors (two-sided p ~ 6e-7)
NUM_TRIALS = 200_000

# Cut-offs per level grow with the level's waiting time so that rounds do survive.
CUTOFFS = {1: (6,), 2: (6, 15), 3: (6, 15, 40)}


def _cases() -> list[ChainParameters]:
    cases = []
    for num_levels in (1, 2, 3):  # 2, 4 and 8 segments
        for coherence in (math.inf, 40.0):
            for cutoff in (None, CUTOFFS[num_levels]):
                cases.append(
                    ChainParameters(
                        num_levels,
                        0.2,
                        swap_success_probability=0.6,
                        link_werner=0.97,
                        coherence_time_attempts=coherence,
                        cutoff_attempts=cutoff,
                    )
                )
    return cases


@pytest.mark.parametrize("params", _cases(), ids=repr)
def test_agrees_with_exact_within_five_sigma(params: ChainParameters) -> None:
    rng = np.random.default_rng(20260514 + params.num_levels)
    mc = monte_carlo_chain(params, num_trials=NUM_TRIALS, rng=rng)
    exact = chain_statistics(params)
    assert mc.waiting_time.num_samples == NUM_TRIALS
    assert mc.waiting_time.agrees_with(exact.mean_waiting_time, num_sigma=NUM_SIGMA)
    if math.isinf(params.coherence_time_attempts):
        # Every delivered link has w = w0**(2**n) exactly: no statistics involved.
        assert mc.werner_parameter.mean == pytest.approx(exact.mean_werner_parameter, rel=1e-12)
        assert mc.werner_parameter.stderr == pytest.approx(0.0, abs=1e-15)
    else:
        assert mc.werner_parameter.agrees_with(exact.mean_werner_parameter, num_sigma=NUM_SIGMA)
        assert mc.fidelity.agrees_with(exact.mean_fidelity, num_sigma=NUM_SIGMA)


def test_waiting_time_distribution_agrees_with_exact() -> None:
    params = ChainParameters(2, 0.3, 0.7, 0.9, coherence_time_attempts=20.0, cutoff_attempts=5)
    times, _ = sample_chain(params, num_trials=NUM_TRIALS, rng=np.random.default_rng(11))
    cdf = chain_statistics(params).waiting_time_cdf
    for t in np.quantile(times, [0.05, 0.25, 0.5, 0.75, 0.95]).astype(int):
        empirical = float(np.mean(times <= t))
        stderr = math.sqrt(cdf[t] * (1 - cdf[t]) / NUM_TRIALS)
        assert abs(empirical - cdf[t]) <= NUM_SIGMA * stderr


def test_two_link_mean_waiting_time() -> None:
    mc = monte_carlo_chain(
        ChainParameters(1, 0.1), num_trials=NUM_TRIALS, rng=np.random.default_rng(5)
    )
    assert mc.waiting_time.agrees_with(2.8 / 0.19, num_sigma=NUM_SIGMA)


def test_deterministic_links() -> None:
    times, werners = sample_chain(
        ChainParameters(3, 1.0, link_werner=0.5), num_trials=1000, rng=np.random.default_rng(0)
    )
    assert np.all(times == 1)
    np.testing.assert_allclose(werners, 0.5**8, rtol=1e-15)
    times, _ = sample_chain(ChainParameters(0, 0.25), num_trials=10, rng=np.random.default_rng(0))
    assert times.shape == (10,)
    assert np.all(times >= 1)


def test_depends_only_on_the_seed_not_on_threads() -> None:
    params = ChainParameters(3, 0.1, 0.5, 0.98, coherence_time_attempts=500.0, cutoff_attempts=60)
    first = sample_chain(params, num_trials=50_000, rng=np.random.default_rng(42))
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        single = sample_chain(params, num_trials=50_000, rng=np.random.default_rng(42))
    finally:
        numba.set_num_threads(threads)
    other = sample_chain(params, num_trials=50_000, rng=np.random.default_rng(43))
    np.testing.assert_array_equal(first[0], single[0])
    np.testing.assert_array_equal(first[1], single[1])
    assert not np.array_equal(first[0], other[0])


def test_prefix_of_a_longer_run_is_the_same() -> None:
    # Chunks are keyed by index, so the first trials do not depend on how many follow.
    params = ChainParameters(2, 0.2, 0.6)
    short = sample_chain(params, num_trials=5000, rng=np.random.default_rng(9))[0]
    long = sample_chain(params, num_trials=20_000, rng=np.random.default_rng(9))[0]
    np.testing.assert_array_equal(short, long[:5000])


def test_sample_mean() -> None:
    estimate = mean_with_stderr(np.array([1.0, 2.0, 3.0, 4.0]))
    assert estimate.mean == 2.5
    assert estimate.stderr == pytest.approx(math.sqrt(5 / 3 / 4), rel=1e-14)
    assert math.isnan(mean_with_stderr(np.array([1.0])).stderr)
    assert mean_with_stderr(np.array([])).num_samples == 0
    with pytest.raises(InvalidParameterError, match="num_samples"):
        MeanEstimate(1.0, 0.1, -1)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"num_trials": 0}, "num_trials"),
        ({"num_trials": 2.5}, "num_trials"),
        ({"num_trials": True}, "num_trials"),
        ({"rng": 42}, "rng"),
        ({"params": "chain"}, "params"),
    ],
)
def test_bad_input_names_the_parameter(kwargs: dict[str, object], name: str) -> None:
    arguments: dict[str, object] = {
        "params": ChainParameters(1, 0.5),
        "num_trials": 10,
        "rng": np.random.default_rng(0),
    }
    arguments.update(kwargs)
    with pytest.raises(InvalidParameterError) as info:
        monte_carlo_chain(**arguments)  # type: ignore[arg-type]
    assert info.value.name == name


def test_huge_cutoff_is_no_cutoff() -> None:
    free = ChainParameters(2, 0.3, 0.7)
    huge = ChainParameters(2, 0.3, 0.7, cutoff_attempts=1e300)
    a = sample_chain(free, num_trials=3000, rng=np.random.default_rng(4))[0]
    b = sample_chain(huge, num_trials=3000, rng=np.random.default_rng(4))[0]
    np.testing.assert_array_equal(a, b)
