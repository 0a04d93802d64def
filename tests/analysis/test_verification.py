"""Fidelity estimation and witnesses from sampled records, against closed forms derived here."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.analysis.records import MeasurementRecords, sample_records
from qinternet.analysis.verification import (
    GHZ_WITNESS_BOUND,
    fidelity_from_records,
    fidelity_settings,
    fidelity_witness,
    ghz_witness_groups,
    graph_witness_groups,
    importance_fidelity,
    importance_settings,
    normal_interval,
    pauli_estimate,
    two_colouring,
    two_setting_witness,
    two_setting_witness_exact,
    w_witness_bound,
)
from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.noise import dephasing, depolarizing
from qinternet.states import fidelity
from qinternet.states.multipartite import ghz_state, graph_state, w_state

LINE = [(0, 1), (1, 2), (2, 3)]


def ghz_dephased(n: int, p: float) -> float:
    return (1 + (1 - 2 * p) ** n) / 2


def w_depolarised(n: int, p: float) -> float:
    # tr_S(W_n) = (s/n)|0><0| + ((n-s)/n)|W_(n-s)><W_(n-s)|  =>  ((n-s)^2 + s^2)/(n^2 2^s)
    return sum(
        math.comb(n, s) * (1 - p) ** (n - s) * p**s * ((n - s) ** 2 + s**2) / (n**2 * 2**s)
        for s in range(n + 1)
    )


CASES = [
    ("ghz3 dephased", ghz_state(3), dephasing(0.1), ghz_dephased(3, 0.1)),
    ("ghz4 dephased", ghz_state(4), dephasing(0.05), ghz_dephased(4, 0.05)),
    ("w3 depolarised", w_state(3), depolarizing(0.15), w_depolarised(3, 0.15)),
    # Z_j anticommutes with K_j only: each Z pattern is orthogonal, F = (1 - p)^n.
    ("line dephased", graph_state(4, LINE), dephasing(0.1), 0.9**4),
]


@pytest.mark.parametrize(("label", "target", "channel", "expected"), CASES)
def test_fidelity_estimate_within_five_standard_errors(
    label: str, target: object, channel: object, expected: float
) -> None:
    state = channel.apply(target, list(range(target.num_subsystems)))  # type: ignore[attr-defined]
    assert fidelity(state, target) == pytest.approx(expected, abs=1e-12)  # type: ignore[arg-type]
    rng = np.random.default_rng(sum(map(ord, label)))
    records = sample_records(state, fidelity_settings(target), 3000, rng)  # type: ignore[arg-type]
    estimate = fidelity_from_records(records, target)  # type: ignore[arg-type]
    assert 0 < estimate.stderr < 0.02
    assert abs(estimate.mean - expected) < 5 * estimate.stderr
    low, high = normal_interval(estimate, 0.999999)
    assert low < expected < high


@pytest.mark.parametrize(("label", "target", "channel", "expected"), CASES[1:])
def test_importance_sampled_fidelity_within_five_standard_errors(
    label: str, target: object, channel: object, expected: float
) -> None:
    state = channel.apply(target, list(range(target.num_subsystems)))  # type: ignore[attr-defined]
    rng = np.random.default_rng(len(label))
    draws = importance_settings(target, 400, rng)  # type: ignore[arg-type]
    records = sample_records(state, draws, 25, rng)  # type: ignore[arg-type]
    estimate = importance_fidelity(records, target, 25)  # type: ignore[arg-type]
    assert estimate.num_samples == 400
    assert 0 < estimate.stderr < 0.05
    assert abs(estimate.mean - expected) < 5 * estimate.stderr


def test_importance_weights_follow_flammia_liu() -> None:
    # GHZ_3: the four even Z strings (chi^2 = 1/8 each) all land on ZZZ: pi = 1/2;
    # each of the four X/Y strings is its own setting with pi = 1/8.
    draws = importance_settings(ghz_state(3), 8000, np.random.default_rng(1))
    share = draws.count("ZZZ") / len(draws)
    assert abs(share - 0.5) < 5 * math.sqrt(0.25 / len(draws))
    assert set(draws) == {"ZZZ", "XXX", "XYY", "YXY", "YYX"}


def test_stderr_matches_the_spread_of_repeated_experiments() -> None:
    state = dephasing(0.1).apply(ghz_state(3), [0, 1, 2])
    rng = np.random.default_rng(11)
    settings = fidelity_settings(ghz_state(3))
    runs = [
        fidelity_from_records(sample_records(state, settings, 200, rng), ghz_state(3))
        for _ in range(60)
    ]
    spread = float(np.std([r.mean for r in runs], ddof=1))
    mean_stderr = float(np.mean([r.stderr for r in runs]))
    # The sample std of 60 runs is within ~30% of the truth (chi distribution, 3 sigma).
    assert abs(spread / mean_stderr - 1) < 0.3


def test_number_of_fidelity_settings() -> None:
    assert len(fidelity_settings(ghz_state(4))) == 2**3 + 1
    assert len(fidelity_settings(w_state(4))) == 4 * 3 + 1


def test_fidelity_witnesses() -> None:
    p = 0.1
    state = dephasing(p).apply(w_state(3), [0, 1, 2])
    expected_f = (1 + 2 * (1 - 2 * p) ** 2) / 3  # coherences times (1 - 2p)^2
    records = sample_records(state, fidelity_settings(w_state(3)), 4000, np.random.default_rng(5))
    witness = fidelity_witness(records, w_state(3), w_witness_bound(3))
    assert abs(witness.mean - (2 / 3 - expected_f)) < 5 * witness.stderr
    assert witness.mean < 0  # 0.8 > 2/3: genuinely tripartite entangled
    ghz = dephasing(0.2).apply(ghz_state(3), [0, 1, 2])
    records = sample_records(ghz, fidelity_settings(ghz_state(3)), 4000, np.random.default_rng(6))
    witness = fidelity_witness(records, ghz_state(3), GHZ_WITNESS_BOUND)
    assert abs(witness.mean - (0.5 - ghz_dephased(3, 0.2))) < 5 * witness.stderr


@pytest.mark.parametrize(("n", "p"), [(3, 0.1), (4, 0.2)])
def test_ghz_two_setting_witness_under_dephasing(n: int, p: float) -> None:
    # Dephasing leaves Z_k Z_(k+1) at +1 (projector 1) and <X..X> = (1 - 2p)^n:
    # <W> = 3 - 2[(1 + (1-2p)^n)/2 + 1] = -(1 - 2p)^n.
    state = dephasing(p).apply(ghz_state(n), list(range(n)))
    groups = ghz_witness_groups(n)
    expected = -((1 - 2 * p) ** n)
    assert two_setting_witness_exact(state, *groups) == pytest.approx(expected, abs=1e-12)
    records = sample_records(state, ["X" * n, "Z" * n], 4000, np.random.default_rng(n))
    witness = two_setting_witness(records, *groups)
    assert abs(witness.mean - expected) < 5 * witness.stderr


def test_ghz_two_setting_witness_under_depolarising() -> None:
    # <X..X> = (1-p)^n; all Z outcomes equal: the s replaced qubits must all agree with
    # the GHZ bit (2^-s) unless all n are replaced (2 * 2^-n).
    n, p = 3, 0.2
    equal = sum(math.comb(n, s) * p**s * (1 - p) ** (n - s) / 2**s for s in range(n))
    equal += p**n * 2 / 2**n
    expected = 3 - (1 + (1 - p) ** n) - 2 * equal
    state = depolarizing(p).apply(ghz_state(n), [0, 1, 2])
    assert two_setting_witness_exact(state, *ghz_witness_groups(n)) == pytest.approx(expected)


def test_graph_two_setting_witness_under_dephasing() -> None:
    # Z_j flips K_j alone: P(all K in a colour class +1) = (1 - p)^(class size).
    p = 0.1
    state = dephasing(p).apply(graph_state(4, LINE), [0, 1, 2, 3])
    groups = graph_witness_groups(4, LINE)
    expected = 3 - 2 * ((1 - p) ** 2 + (1 - p) ** 2)
    assert two_setting_witness_exact(state, *groups) == pytest.approx(expected, abs=1e-12)
    records = sample_records(state, ["XZXZ", "ZXZX"], 4000, np.random.default_rng(9))
    witness = two_setting_witness(records, *groups)
    assert abs(witness.mean - expected) < 5 * witness.stderr


def test_two_colouring() -> None:
    assert two_colouring(4, LINE) == ([0, 2], [1, 3])
    with pytest.raises(InvalidParameterError, match="edges"):
        two_colouring(3, [(0, 1), (1, 2), (0, 2)])


def test_pauli_estimate_and_missing_settings() -> None:
    records = sample_records(ghz_state(3), ["XXX", "ZZZ"], 50, np.random.default_rng(2))
    assert pauli_estimate(records, "XXX").mean == 1.0
    assert pauli_estimate(records, "ZIZ").mean == 1.0
    with pytest.raises(InvalidParameterError, match="pauli"):
        pauli_estimate(records, "YYX")
    with pytest.raises(InvalidParameterError, match="records"):
        fidelity_from_records(records, ghz_state(3))  # the XYY-type settings are missing
    with pytest.raises(InvalidParameterError, match="target"):
        fidelity_from_records(records, ghz_state(4))
    with pytest.raises(InvalidParameterError, match="group"):
        two_setting_witness(records, ["XXI", "ZZI"], ["IZZ"])
    with pytest.raises(InvalidParameterError, match="num_qubits"):
        w_witness_bound(1)
    with pytest.raises(InvalidParameterError, match="shots_per_draw"):
        importance_fidelity(records, ghz_state(3), 7)
    with pytest.raises(InvalidParameterError, match="records"):
        importance_fidelity(
            sample_records(ghz_state(3), ["XXZ"], 5, np.random.default_rng(0)), ghz_state(3), 5
        )
    with pytest.raises(InvalidStateError, match="target"):
        fidelity_from_records(records, depolarizing(0.5).apply(ghz_state(3), [0]))


def test_records_with_bad_shape_or_setting_are_refused() -> None:
    with pytest.raises(InvalidParameterError, match="outcomes"):
        MeasurementRecords(np.array([["X", "X"]]), np.array([[1, 1, 1]]))
    with pytest.raises(InvalidParameterError, match=r"settings\[0\]\[1\]"):
        MeasurementRecords(np.array([["X", "W"]]), np.array([[1, 1]]))
    with pytest.raises(InvalidParameterError, match=r"outcomes\[1\]\[0\]"):
        MeasurementRecords(np.array([["X"], ["Z"]]), np.array([[1], [0]]))
    with pytest.raises(InvalidParameterError, match="settings"):
        MeasurementRecords(np.array([["X"], ["Z"]]), np.array([[1]]))
