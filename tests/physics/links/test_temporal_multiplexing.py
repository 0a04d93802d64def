"""Temporal multiplexing against an enumeration of every mode's outcome.

Each of M modes is an independent trial: no herald (1 - p) or pattern j (p_j). The
oracle enumerates all (J + 1)^M joint outcomes of the modes, keeps the first heralded
one, and sums the probability each pattern is kept with; the multiplexed outcome must
give those probabilities, 1 - (1 - p)^M in total, and the single-mode states.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.links import (
    LinkOutcome,
    barrett_kok_link,
    dlcz_link,
    modes_tried,
    multiplexed_outcome,
    photonic_server_link,
    single_click_link,
)

OUTCOMES = {
    "single_click": single_click_link(0.1, 0.05, arm_length_m=2e3),
    "barrett_kok": barrett_kok_link(0.4, visibility=0.9, arm_length_m=2e3),
    "dlcz": dlcz_link(0.02, 0.3, arm_length_m=1e3, dark_count_probability=1e-4),
    "photonic_server": photonic_server_link(
        (0.3, 0.2, 0.25), (0, 2), arm_lengths_m=(1e3, 2e3, 1.5e3)
    ),
}


def first_herald_probabilities(outcome: LinkOutcome, num_modes: int) -> list[float]:
    """Probability that pattern j is the first herald among ``num_modes`` modes, by
    enumerating every joint outcome of the modes (index J: no herald)."""
    per_mode = [branch.probability for branch in outcome.branches]
    per_mode.append(1.0 - sum(per_mode))
    kept = [0.0] * len(outcome.branches)
    for joint in itertools.product(range(len(per_mode)), repeat=num_modes):
        weight = math.prod(per_mode[j] for j in joint)
        first = next((j for j in joint if j < len(kept)), None)
        if first is not None:
            kept[first] += weight
    return kept


@pytest.mark.parametrize("name", sorted(OUTCOMES))
@pytest.mark.parametrize("num_modes", [2, 3, 5])
def test_patterns_match_the_enumeration_of_every_mode(name: str, num_modes: int) -> None:
    one = OUTCOMES[name]
    many = multiplexed_outcome(one, num_modes, 1e-6)
    expected = first_herald_probabilities(one, num_modes)
    assert len(many.branches) == len(one.branches) >= 1
    for branch, probability in zip(many.branches, expected, strict=True):
        assert branch.probability == pytest.approx(probability, rel=1e-12, abs=1e-15)
    assert many.success_probability == pytest.approx(sum(expected), rel=1e-12)


@pytest.mark.parametrize("name", sorted(OUTCOMES))
@pytest.mark.parametrize("num_modes", [2, 62, 1000])
def test_success_is_one_minus_all_modes_failing_and_states_are_unchanged(
    name: str, num_modes: int
) -> None:
    one = OUTCOMES[name]
    many = multiplexed_outcome(one, num_modes, 1e-7)
    p = one.success_probability
    assert abs(many.success_probability - (1.0 - (1.0 - p) ** num_modes)) <= 1e-12
    np.testing.assert_array_equal(many.heralded_state.matrix, one.heralded_state.matrix)
    assert many.fidelity == one.fidelity
    assert abs(many.mean_fidelity - one.mean_fidelity) <= 1e-12
    for mine, single in zip(many.branches, one.branches, strict=True):
        np.testing.assert_array_equal(mine.state.matrix, single.state.matrix)
        assert mine.target_name == single.target_name
        ratio = single.probability / p
        assert abs(mine.probability / many.success_probability - ratio) <= 1e-12


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_the_window_holds_every_mode_and_the_last_herald(name: str) -> None:
    one = OUTCOMES[name]
    many = multiplexed_outcome(one, 62, 4e-7)
    # The last mode leaves 61 spacings after the first; its herald takes one attempt.
    assert many.attempt_duration_s == pytest.approx(one.attempt_duration_s + 61 * 4e-7, rel=1e-15)


def test_one_mode_is_the_single_mode_outcome() -> None:
    one = OUTCOMES["barrett_kok"]
    assert multiplexed_outcome(one, 1, 1.0) is one


def test_truncation_error_scales_with_the_modes_tried() -> None:
    one = dlcz_link(0.05, 0.4, cutoff=1)
    assert one.truncation_error > 0.0
    many = multiplexed_outcome(one, 4, 1e-6)
    q = 1.0 - one.success_probability
    tried = 1.0 + q + q**2 + q**3  # mode k is tried if modes 1..k-1 failed
    assert many.truncation_error == pytest.approx(one.truncation_error * tried, rel=1e-12)
    assert modes_tried(one.success_probability, 4) == pytest.approx(tried, rel=1e-12)


def test_huge_mode_counts_do_not_lose_precision() -> None:
    one = barrett_kok_link(1e-4)  # p = 5e-9
    p = one.success_probability
    many = multiplexed_outcome(one, 1000, 1e-9)
    # 1 - (1 - p)^M = M p - C(M, 2) p^2 + ... (the naive form loses ~8 digits here)
    series = sum((-1) ** (k + 1) * math.comb(1000, k) * p**k for k in range(1, 5))
    assert many.success_probability == pytest.approx(series, rel=1e-12)


@pytest.mark.parametrize(
    ("num_modes", "spacing_s", "field"),
    [
        (0, 1e-6, "num_modes"),
        (2.5, 1e-6, "num_modes"),
        (True, 1e-6, "num_modes"),
        ("3", 1e-6, "num_modes"),
        (10**7, 1e-9, "num_modes"),
        (3, 0.0, "mode_spacing_s"),
        (3, -1e-6, "mode_spacing_s"),
        (3, math.nan, "mode_spacing_s"),
        (3, math.inf, "mode_spacing_s"),
        (10**5, 1e-3, "mode_spacing_s"),  # modes over 100 s
    ],
)
def test_bad_input_is_refused_naming_the_field(
    num_modes: object, spacing_s: float, field: str
) -> None:
    with pytest.raises(InvalidParameterError) as error:
        multiplexed_outcome(OUTCOMES["dlcz"], num_modes, spacing_s)  # type: ignore[arg-type]
    assert error.value.name == field
