"""Exact chain statistics: closed forms, a plain-Python oracle, and bad input.

The oracle recomputes the distributions with double loops over the two waiting times
and the renewal recursion ``h(t) = a(t) + sum_u r(u) h(t - u)`` (no FFT, no CDFs), and a
brute-force simulation draws every generation attempt as a Bernoulli trial.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from qinternet.analysis import (
    ChainParameters,
    chain_statistics,
    fidelity_from_werner,
    werner_from_fidelity,
)
from qinternet.core.errors import DimensionMismatchError, InvalidParameterError, ResourceLimitError

NUM_SIGMA = 5.0  # stochastic checks: 5 standard errors, a false alarm about once in 1.7e6


def test_two_link_mean_waiting_time_from_the_issue() -> None:
    # Max of two geometric waiting times: E = (3 - 2p) / (p (2 - p)) = 14.736842 at p = 0.1.
    stats = chain_statistics(ChainParameters(1, 0.1), tail_mass=1e-13)
    assert stats.mean_waiting_time == pytest.approx(2.8 / (0.1 * 1.9), abs=1e-9)
    assert round(stats.mean_waiting_time, 6) == 14.736842


@pytest.mark.parametrize(("p", "p_swap"), [(0.3, 0.4), (0.05, 1.0), (1.0, 0.25)])
def test_failed_swaps_divide_the_rate(p: float, p_swap: float) -> None:
    stats = chain_statistics(ChainParameters(1, p, swap_success_probability=p_swap))
    assert stats.mean_waiting_time == pytest.approx((3 - 2 * p) / (p * (2 - p)) / p_swap, rel=1e-9)


def test_single_segment_is_geometric() -> None:
    stats = chain_statistics(ChainParameters(0, 0.2, link_werner=0.5))
    assert stats.mean_waiting_time == pytest.approx(5.0, rel=1e-9)
    assert stats.mean_werner_parameter == pytest.approx(0.5, rel=1e-12)
    np.testing.assert_allclose(stats.waiting_time_pmf[1:4], [0.2, 0.16, 0.128], rtol=1e-14)


@pytest.mark.parametrize("num_levels", [0, 1, 2, 3, 4])
def test_werner_product_with_perfect_memories(num_levels: int) -> None:
    params = ChainParameters(num_levels, 0.3, swap_success_probability=0.7, link_werner=0.95)
    stats = chain_statistics(params)
    w = 0.95 ** (2**num_levels)
    assert stats.mean_werner_parameter == pytest.approx(w, abs=1e-9)
    assert stats.mean_fidelity == pytest.approx((1 + 3 * w) / 4, abs=1e-9)
    reliable = ~np.isnan(stats.werner_parameter)
    np.testing.assert_allclose(stats.werner_parameter[reliable], w, rtol=1e-6)


def test_werner_swap_fidelity_from_the_issue() -> None:
    # F1 F2 + (1 - F1)(1 - F2)/3 = 0.813333 at F1 = F2 = 0.9.
    params = ChainParameters(1, 0.5, link_werner=werner_from_fidelity(0.9))
    assert params.link_fidelity == pytest.approx(0.9, abs=1e-15)
    expected = 0.9 * 0.9 + 0.1 * 0.1 / 3
    assert chain_statistics(params).mean_fidelity == pytest.approx(expected, abs=1e-9)
    assert round(expected, 6) == 0.813333


def _two_link_closed_form(
    p: float, p_swap: float, coherence: float, cutoff: int
) -> tuple[float, float]:
    """Mean waiting time and E[w] / w0**2 of two links, from min and |difference| of two
    i.i.d. geometric times, which are independent: min ~ Geometric(1 - q**2),
    Pr(D = 0) = p / (2 - p), Pr(D = d) = 2 p q**d / (2 - p) for d >= 1."""
    q = 1 - p
    lam = math.exp(-1 / coherence)
    prob = [p / (2 - p)] + [2 * p * q**d / (2 - p) for d in range(1, cutoff + 1)]
    kept = sum(prob)
    mean_min = 1 / (1 - q * q)
    mean_round = mean_min + sum(d * prob[d] for d in range(cutoff + 1)) + cutoff * (1 - kept)
    werner = sum(lam**d * prob[d] for d in range(cutoff + 1)) / kept
    return mean_round / (kept * p_swap), werner


@pytest.mark.parametrize(
    ("p", "p_swap", "coherence", "cutoff"),
    [(0.1, 1.0, 50.0, 10**6), (0.1, 1.0, 50.0, 7), (0.25, 0.6, 8.0, 3), (0.5, 0.9, 2.0, 1)],
)
def test_two_links_with_decoherence_and_cutoff_closed_form(
    p: float, p_swap: float, coherence: float, cutoff: int
) -> None:
    params = ChainParameters(
        1,
        p,
        swap_success_probability=p_swap,
        link_werner=0.9,
        coherence_time_attempts=coherence,
        cutoff_attempts=None if cutoff == 10**6 else cutoff,
    )
    stats = chain_statistics(params, tail_mass=1e-13)
    mean_time, werner_ratio = _two_link_closed_form(p, p_swap, coherence, min(cutoff, 10**4))
    assert stats.mean_waiting_time == pytest.approx(mean_time, rel=1e-9)
    assert stats.mean_werner_parameter == pytest.approx(0.81 * werner_ratio, rel=1e-9)


def _oracle(params: ChainParameters, length: int) -> tuple[list[float], list[float]]:
    """pmf and Werner mass of the top level by double loops and the renewal recursion."""
    p = params.link_success_probability
    pmf = [0.0] + [p * (1 - p) ** (t - 1) for t in range(1, length)]
    mass = [params.link_werner * x for x in pmf]
    lam = params.decay_per_attempt
    for cutoff in params.level_cutoffs:
        success = [0.0] * length
        success_mass = [0.0] * length
        failure = [0.0] * length
        for t_a in range(1, length):
            for t_b in range(1, length):
                wait = abs(t_a - t_b)
                if wait <= cutoff:
                    t = max(t_a, t_b)
                    if t < length:
                        success[t] += pmf[t_a] * pmf[t_b]
                        success_mass[t] += mass[t_a] * mass[t_b] * lam**wait
                else:
                    t = min(t_a, t_b) + int(cutoff)
                    if t < length:
                        failure[t] += pmf[t_a] * pmf[t_b]
        # Pairs whose later link comes at or after `length` (outside the loops above) also
        # fail by cut-off at min + cutoff: add 2 Pr(T_a = m) Pr(T_b >= length).
        outside = 1.0 - sum(pmf)
        for m in range(1, length):
            if not math.isinf(cutoff) and m + int(cutoff) < length:
                failure[m + int(cutoff)] += 2 * pmf[m] * outside
        q_s = params.swap_success_probability
        fail = [failure[t] + (1 - q_s) * success[t] for t in range(length)]
        new_pmf = [0.0] * length
        new_mass = [0.0] * length
        for t in range(1, length):
            convolution = sum(fail[u] * new_pmf[t - u] for u in range(1, t))
            convolution_mass = sum(fail[u] * new_mass[t - u] for u in range(1, t))
            new_pmf[t] = q_s * success[t] + convolution
            new_mass[t] = q_s * success_mass[t] + convolution_mass
        pmf, mass = new_pmf, new_mass
    return pmf, mass


ORACLE_CASES = [
    ChainParameters(1, 0.3, swap_success_probability=0.5, link_werner=0.9),
    ChainParameters(1, 0.2, link_werner=0.8, coherence_time_attempts=6.0, cutoff_attempts=4),
    ChainParameters(
        2, 0.5, swap_success_probability=0.7, coherence_time_attempts=10.0, cutoff_attempts=(2, 3)
    ),
    ChainParameters(2, 0.6, swap_success_probability=0.8, link_werner=0.95),
]


@pytest.mark.parametrize("params", ORACLE_CASES)
def test_agrees_with_plain_python_oracle(params: ChainParameters) -> None:
    stats = chain_statistics(params)
    length = 90
    pmf, mass = _oracle(params, length)
    np.testing.assert_allclose(stats.waiting_time_pmf[:length], pmf, rtol=0, atol=1e-13)
    reliable = ~np.isnan(stats.werner_parameter[:length])
    expected = np.divide(mass, pmf, out=np.zeros(length), where=np.asarray(pmf) > 0)
    np.testing.assert_allclose(
        stats.werner_parameter[:length][reliable], expected[reliable], rtol=1e-7
    )


def _brute_force_link(params: ChainParameters, level: int, rng: random.Random) -> tuple[int, float]:
    """One link of ``level``, every elementary attempt a Bernoulli trial."""
    if level == 0:
        attempts = 1
        while rng.random() >= params.link_success_probability:
            attempts += 1
        return attempts, params.link_werner
    cutoff = params.level_cutoffs[level - 1]
    elapsed = 0
    while True:
        t_a, w_a = _brute_force_link(params, level - 1, rng)
        t_b, w_b = _brute_force_link(params, level - 1, rng)
        wait = abs(t_a - t_b)
        if wait > cutoff:
            elapsed += min(t_a, t_b) + int(cutoff)
            continue
        elapsed += max(t_a, t_b)
        if rng.random() < params.swap_success_probability:
            decay = math.exp(-wait / params.coherence_time_attempts)
            return elapsed, w_a * w_b * decay


@pytest.mark.parametrize(
    "params",
    [
        ChainParameters(1, 0.3, 0.6, 0.9, coherence_time_attempts=5.0, cutoff_attempts=3),
        ChainParameters(2, 0.4, 0.8, 0.95, coherence_time_attempts=20.0, cutoff_attempts=(2, 6)),
    ],
)
def test_agrees_with_brute_force_simulation(params: ChainParameters) -> None:
    rng = random.Random(20260514)
    samples = [_brute_force_link(params, params.num_levels, rng) for _ in range(20_000)]
    times = np.array([t for t, _ in samples], dtype=float)
    werners = np.array([w for _, w in samples])
    n = len(samples)
    stats = chain_statistics(params)
    for values, exact in ((times, stats.mean_waiting_time), (werners, stats.mean_werner_parameter)):
        stderr = values.std(ddof=1) / math.sqrt(n)
        assert abs(values.mean() - exact) <= NUM_SIGMA * stderr
    # The whole distribution: the empirical CDF at a few points, binomial errors.
    cdf = stats.waiting_time_cdf
    for t in np.quantile(times, [0.1, 0.5, 0.9]).astype(int):
        empirical = float(np.mean(times <= t))
        stderr = math.sqrt(cdf[t] * (1 - cdf[t]) / n)
        assert abs(empirical - cdf[t]) <= NUM_SIGMA * stderr


@pytest.mark.parametrize(
    "params",
    [
        ChainParameters(3, 0.1, 0.5, 0.98, coherence_time_attempts=1000.0),
        ChainParameters(3, 0.1, 1.0, 0.98, coherence_time_attempts=100.0, cutoff_attempts=30),
        ChainParameters(2, 0.01, 0.5, cutoff_attempts=(300, 800)),
    ],
)
def test_probabilities_sum_to_one_minus_truncation(params: ChainParameters) -> None:
    for tail in (1e-6, 1e-10):
        stats = chain_statistics(params, tail_mass=tail)
        pmf = stats.waiting_time_pmf
        assert stats.truncation_mass <= tail
        assert pmf[0] == 0.0
        assert np.all(pmf >= 0)
        assert math.fsum(pmf) + stats.truncation_mass == pytest.approx(1.0, abs=1e-13)
        assert stats.waiting_time_cdf[-1] == pytest.approx(1 - stats.truncation_mass, abs=1e-13)
        assert -1 / 3 <= stats.mean_werner_parameter <= 1
        assert not stats.waiting_time_pmf.flags.writeable


def test_cutoff_trades_waiting_time_for_fidelity() -> None:
    base = ChainParameters(2, 0.05, 0.8, 0.97, coherence_time_attempts=50.0)
    free = chain_statistics(base)
    strict = chain_statistics(ChainParameters(2, 0.05, 0.8, 0.97, 50.0, cutoff_attempts=10))
    assert strict.mean_fidelity > free.mean_fidelity
    assert strict.mean_waiting_time > free.mean_waiting_time


def test_fractional_cutoff_rounds_down() -> None:
    assert ChainParameters(2, 0.5, cutoff_attempts=2.7).level_cutoffs == (2.0, 2.0)
    assert ChainParameters(2, 0.5, cutoff_attempts=[None, 4]).level_cutoffs == (math.inf, 4.0)


def test_conversions() -> None:
    assert fidelity_from_werner(werner_from_fidelity(0.83)) == pytest.approx(0.83, abs=1e-15)
    assert werner_from_fidelity(0.25) == 0.0
    with pytest.raises(InvalidParameterError, match="fidelity"):
        werner_from_fidelity(1.1)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"link_success_probability": 0.0}, "link_success_probability"),
        ({"link_success_probability": 1.01}, "link_success_probability"),
        ({"link_success_probability": math.nan}, "link_success_probability"),
        ({"swap_success_probability": 0.0}, "swap_success_probability"),
        ({"swap_success_probability": -0.5}, "swap_success_probability"),
        ({"link_werner": 1.2}, "link_werner"),
        ({"link_werner": -0.5}, "link_werner"),
        ({"coherence_time_attempts": -10.0}, "coherence_time_attempts"),
        ({"coherence_time_attempts": 0.0}, "coherence_time_attempts"),
        ({"cutoff_attempts": 0.5}, "cutoff_attempts"),
        ({"cutoff_attempts": 0}, "cutoff_attempts"),
        ({"cutoff_attempts": -3}, "cutoff_attempts"),
        ({"cutoff_attempts": (5, 0.2)}, "cutoff_attempts[1]"),
        ({"num_levels": -1}, "num_levels"),
        ({"num_levels": 1.5}, "num_levels"),
        ({"num_levels": True}, "num_levels"),
    ],
)
def test_bad_parameters_name_themselves(kwargs: dict[str, object], name: str) -> None:
    values: dict[str, object] = {"num_levels": 2, "link_success_probability": 0.1}
    values.update(kwargs)
    with pytest.raises(InvalidParameterError) as info:
        ChainParameters(**values)  # type: ignore[arg-type]
    assert info.value.name == name
    assert name.split("[")[0] in str(info.value)


def test_cutoff_sequence_of_wrong_length() -> None:
    with pytest.raises(DimensionMismatchError) as info:
        ChainParameters(3, 0.1, cutoff_attempts=(5, 5))
    assert info.value.name == "cutoff_attempts"


def test_bad_statistics_arguments() -> None:
    params = ChainParameters(1, 0.1)
    with pytest.raises(InvalidParameterError, match="tail_mass"):
        chain_statistics(params, tail_mass=0.0)
    with pytest.raises(InvalidParameterError, match="max_length"):
        chain_statistics(params, max_length=4)
    with pytest.raises(InvalidParameterError, match="params"):
        chain_statistics("chain")  # type: ignore[arg-type]


def test_hopeless_chain_is_a_clear_error_not_a_hang() -> None:
    # A one-attempt cut-off with p = 1e-3: a round survives with probability ~3e-3 per
    # level, so the delivery time is far beyond any sensible array.
    params = ChainParameters(3, 1e-3, cutoff_attempts=1)
    with pytest.raises(ResourceLimitError) as info:
        chain_statistics(params, max_length=1 << 16)
    assert "max_length" in str(info.value)
