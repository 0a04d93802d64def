"""Tests of the quantum pachinko machine against Gard et al. (arXiv:1304.4206)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

import numpy as np
import pytest

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.optics.fock import output_distribution
from qinternet.optics.pachinko import pachinko, search_likely_outcomes
from qinternet.optics.two_port import TwoPortInput, two_port_probability

# Exact arithmetic up to rounding of a few dozen products of r, t = 1/sqrt(2): 1e-12.
EXACT_ATOL = 1e-12


def _brute_permanent(matrix: np.ndarray) -> complex:
    """Permanent by the definition, sum over permutations (oracle for n <= 6)."""
    size = matrix.shape[0]
    return complex(
        sum(
            np.prod([matrix[row, column] for row, column in enumerate(perm)])
            for perm in itertools.permutations(range(size))
        )
    )


def _oracle_probability(
    unitary: np.ndarray, inputs: tuple[int, ...], outputs: tuple[int, ...]
) -> float:
    rows = [k for k, count in enumerate(outputs) for _ in range(count)]
    cols = [k for k, count in enumerate(inputs) for _ in range(count)]
    norm = math.prod(math.factorial(c) for c in (*inputs, *outputs))
    return abs(_brute_permanent(unitary[np.ix_(rows, cols)])) ** 2 / norm


def _occupations(num_photons: int, num_modes: int) -> Iterator[tuple[int, ...]]:
    for bars in itertools.combinations(range(num_photons + num_modes - 1), num_modes - 1):
        edges = (-1, *bars, num_photons + num_modes - 1)
        yield tuple(edges[k + 1] - edges[k] - 1 for k in range(num_modes))


@pytest.mark.parametrize("levels", range(1, 8))
def test_resource_counts_follow_the_paper(levels: int) -> None:
    machine = pachinko(levels)
    assert machine.num_beam_splitters == levels * (levels + 1) // 2
    assert machine.num_phase_shifters == levels * (levels - 1)
    assert machine.num_detectors == 2 * levels
    assert machine.num_internal_modes == levels * (levels - 1)
    assert machine.unitary.shape == (2 * levels, 2 * levels)


def test_level_three_coefficients_match_eq_1() -> None:
    # Paper, below Eq. (5): alpha_1 = i r t^2 = i/(2 sqrt 2), alpha_2 = -r^2 t = -1/(2 sqrt 2).
    column = pachinko(3).unitary[:, 2]
    assert column[0] == pytest.approx(1j / (2 * math.sqrt(2)), abs=EXACT_ATOL)
    assert column[1] == pytest.approx(-1 / (2 * math.sqrt(2)), abs=EXACT_ATOL)


def test_paper_probability_p110000_is_one_32nd() -> None:
    machine = pachinko(3)
    inputs = machine.input_occupation(2, 0)
    outputs = (1, 1, 0, 0, 0, 0)
    assert _oracle_probability(machine.unitary, inputs, outputs) == pytest.approx(
        1 / 32, abs=EXACT_ATOL
    )
    assert two_port_probability(machine.unitary, machine.input_modes, (2, 0), outputs) == (
        pytest.approx(1 / 32, abs=EXACT_ATOL)
    )


def test_level_three_distribution_has_21_outcomes_summing_to_one() -> None:
    machine = pachinko(3)
    inputs = machine.input_occupation(2, 0)
    outcomes = list(_occupations(2, machine.num_modes))
    assert len(outcomes) == machine.output_dimension(2) == 21
    oracle = {t: _oracle_probability(machine.unitary, inputs, t) for t in outcomes}
    assert sum(oracle.values()) == pytest.approx(1.0, abs=EXACT_ATOL)
    distribution = output_distribution(machine.unitary, inputs)
    assert len(distribution) == 21
    for outcome, probability in oracle.items():
        assert distribution[outcome] == pytest.approx(probability, abs=EXACT_ATOL)


@pytest.mark.parametrize(
    ("levels", "photons", "expected"),
    [(1, 2, 3), (3, 2, 21), (10, 10, 20_030_010), (69, 137, math.comb(274, 137))],
)
def test_output_dimension_eq_5(levels: int, photons: int, expected: int) -> None:
    assert pachinko(levels).output_dimension(photons) == expected


@pytest.mark.parametrize(("levels", "photons"), [(1, 3), (2, 2), (3, 1), (2, 3)])
def test_output_dimension_counts_enumerated_outcomes(levels: int, photons: int) -> None:
    machine = pachinko(levels)
    assert machine.output_dimension(photons) == len(list(_occupations(photons, 2 * levels)))


def test_two_photon_dimension_is_l_times_2l_plus_1() -> None:
    # Paper: dim H(2, L) = L(2L + 1), the quadratic jump from one to two photons.
    for levels in range(1, 10):
        assert pachinko(levels).output_dimension(2) == levels * (2 * levels + 1)


def test_single_level_is_hong_ou_mandel() -> None:
    machine = pachinko(1)
    inputs = machine.input_occupation(1, 1)
    assert _oracle_probability(machine.unitary, inputs, (1, 1)) == pytest.approx(0, abs=1e-15)


def test_edge_lane_meets_only_the_last_level() -> None:
    # A photon entering the vacuum lane 0 meets a single splitter, (0, 1) of level L.
    levels = 4
    column = pachinko(levels).unitary[:, 0]
    np.testing.assert_allclose(np.abs(column[2:]), 0.0, atol=EXACT_ATOL)
    np.testing.assert_allclose(np.abs(column[:2]) ** 2, [0.5, 0.5], atol=EXACT_ATOL)


def test_phases_change_the_distribution_and_keep_unitarity() -> None:
    rng = np.random.default_rng(3)
    levels = 3
    phases = rng.uniform(0, 2 * np.pi, levels * (levels - 1))
    machine = pachinko(levels, reflectivity=0.3, phases=phases)
    np.testing.assert_allclose(
        machine.unitary.conj().T @ machine.unitary, np.eye(2 * levels), atol=EXACT_ATOL
    )
    inputs = machine.input_occupation(1, 1)
    plain = pachinko(levels, reflectivity=0.3)
    differences = [
        abs(
            _oracle_probability(machine.unitary, inputs, t)
            - _oracle_probability(plain.unitary, inputs, t)
        )
        for t in _occupations(2, 2 * levels)
    ]
    assert max(differences) > 1e-3


def test_single_path_intensity_ignores_phases() -> None:
    # L = 2: a photon from lane 1 reaches detector 1 (lane 0) along one path only
    # (reflect at level 1, transmit at level 2), so |U[0, 1]|^2 = r^2 t^2 = 1/4
    # whatever the phases.
    machine = pachinko(2, phases=[0.4, 1.1])
    assert abs(machine.unitary[0, 1]) ** 2 == pytest.approx(0.25, abs=EXACT_ATOL)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"levels": 0}, InvalidParameterError, "levels"),
        ({"levels": 2.5}, InvalidParameterError, "levels"),
        ({"levels": 2, "reflectivity": 1.2}, InvalidParameterError, "reflectivity"),
        ({"levels": 3, "phases": [0.0] * 5}, DimensionMismatchError, "phases"),
        ({"levels": 2, "phases": [0.0, math.nan]}, InvalidParameterError, "phases"),
        ({"levels": 2, "phases": "ab"}, InvalidParameterError, "phases"),
    ],
)
def test_rejects_bad_parameters(
    kwargs: dict[str, object], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=rf"^{name}="):
        pachinko(**kwargs)  # type: ignore[arg-type]


def test_input_occupation_rejects_negative_photons() -> None:
    with pytest.raises(InvalidParameterError, match=r"^m_photons_right="):
        pachinko(2).input_occupation(1, -1)


def test_search_finds_the_exact_most_likely_outcome_of_a_small_machine() -> None:
    machine = pachinko(3, reflectivity=0.4)
    source = TwoPortInput(machine.unitary, machine.input_modes, (3, 2))
    found = search_likely_outcomes(source, num_steps=400, rng=np.random.default_rng(4))
    distribution = output_distribution(machine.unitary, machine.input_occupation(3, 2))
    # The seeded walk finds the most likely outcome (not certified in general: the
    # second most likely sits in another basin and is missed with this seed).
    assert found[0][0] == distribution.most_likely(1)[0][0]
    for outcome, estimate in found:
        assert math.exp(estimate.log_probability) == pytest.approx(distribution[outcome], rel=1e-9)
    log_ps = [estimate.log_probability for _, estimate in found]
    assert log_ps == sorted(log_ps, reverse=True)
    assert len({outcome for outcome, _ in found}) == len(found) == 10


def test_search_finds_the_multinomial_mode_of_the_69_level_machine() -> None:
    # |137>|0>: multinomial statistics, whose mode the greedy start finds exactly;
    # the walk must keep it as the best outcome (it starts there).
    machine = pachinko(69)
    source = TwoPortInput(machine.unitary, machine.input_modes, (137, 0))
    weights = np.abs(machine.unitary[:, machine.input_modes[0]]) ** 2
    found = search_likely_outcomes(source, num_steps=300, rng=np.random.default_rng(1))
    best, estimate = found[0]
    # No single-photon move improves the best outcome (local optimality, exact check).
    occupation = np.array(best)
    log_p = estimate.log_probability
    for origin in np.flatnonzero(occupation):
        for target in range(occupation.size):
            if target != origin and weights[target] > 0:
                gain = math.log(weights[target] / weights[origin])
                gain += math.log(occupation[origin] / (occupation[target] + 1))
                assert gain <= 1e-12
    assert math.isfinite(log_p)


def test_search_is_reproducible_and_validates() -> None:
    source = TwoPortInput(pachinko(4).unitary, (3, 4), (3, 3))
    first = search_likely_outcomes(source, num_steps=50, rng=np.random.default_rng(2))
    second = search_likely_outcomes(source, num_steps=50, rng=np.random.default_rng(2))
    assert first == second
    with pytest.raises(InvalidParameterError, match=r"^num_steps="):
        search_likely_outcomes(source, num_steps=-1, rng=np.random.default_rng(0))
    with pytest.raises(InvalidParameterError, match=r"^num_kept="):
        search_likely_outcomes(source, num_steps=1, rng=np.random.default_rng(0), num_kept=0)
    with pytest.raises(InvalidParameterError, match=r"^final_inverse_temperature="):
        search_likely_outcomes(
            source, num_steps=1, rng=np.random.default_rng(0), final_inverse_temperature=0.5
        )
