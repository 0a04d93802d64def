"""Measurement records: sampling against exact outcome laws, the CSV format and its errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qinternet.analysis.records import (
    MeasurementRecords,
    concatenate,
    outcome_distribution,
    read_records_csv,
    sample_records,
    write_records_csv,
)
from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.noise import dephasing
from qinternet.states import Ket
from qinternet.states.multipartite import ghz_state, w_state


def test_ghz_parities_are_deterministic() -> None:
    # GHZ_3 is stabilised by XXX and -XYY: every shot's product is +1 and -1.
    records = sample_records(ghz_state(3), ["XXX", "XYY"], 200, np.random.default_rng(0))
    products = records.outcomes.prod(axis=1)
    assert np.all(products[:200] == 1)
    assert np.all(products[200:] == -1)


def test_single_qubit_y_basis_convention() -> None:
    plus_i = Ket(np.array([1.0, 1j]) / np.sqrt(2))  # the +1 eigenvector of Y
    assert np.allclose(outcome_distribution(plus_i, "Y"), [1.0, 0.0])
    assert np.allclose(outcome_distribution(plus_i, "X"), [0.5, 0.5])


def test_sampled_frequencies_within_five_standard_errors() -> None:
    # W_3 in ZZZ: exactly one qubit reads -1, each with probability 1/3; dephasing
    # does not change Z statistics.
    state = dephasing(0.3).apply(w_state(3), [0, 1, 2])
    n = 6000
    records = sample_records(state, ["ZZZ"], n, np.random.default_rng(4))
    assert np.all((records.outcomes == -1).sum(axis=1) == 1)
    frequency = float(np.mean(records.outcomes[:, 0] == -1))
    assert abs(frequency - 1 / 3) < 5 * np.sqrt((1 / 3) * (2 / 3) / n)


def test_csv_round_trip(tmp_path: Path) -> None:
    records = sample_records(ghz_state(3), ["XYY", "ZZZ"], 7, np.random.default_rng(1))
    path = tmp_path / "shots.csv"
    write_records_csv(records, path)
    assert path.read_text().splitlines()[0] == (
        "setting_0,setting_1,setting_2,outcome_0,outcome_1,outcome_2"
    )
    back = read_records_csv(path)
    assert np.array_equal(back.settings, records.settings)
    assert np.array_equal(back.outcomes, records.outcomes)
    both = concatenate([records, back])
    assert both.num_shots == 28
    assert set(both.by_setting()) == {"XYY", "ZZZ"}


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("", "header"),
        ("setting_0,outcome_1\n", "header"),
        ("setting_0,outcome_0\n", "rows"),
        ("setting_0,outcome_0\nX,1,1\n", "line 2"),
        ("setting_0,outcome_0\nX,1\nW,1\n", "line 3 column setting_0"),
        ("setting_0,outcome_0\nX,0\n", "line 2 column outcome_0"),
        ("setting_0,outcome_0\nx,1\n", "line 2 column setting_0"),
    ],
)
def test_malformed_csv_names_the_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(InvalidParameterError, match=field):
        read_records_csv(path)


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InvalidParameterError, match="line 1 column 1"):
        read_records_csv(path)


def test_bad_sampling_inputs() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(InvalidParameterError, match="setting"):
        sample_records(ghz_state(3), ["XX"], 10, rng)
    with pytest.raises(InvalidParameterError, match="settings"):
        sample_records(ghz_state(3), ["XQZ"], 10, rng)
    with pytest.raises(InvalidParameterError, match="settings"):
        sample_records(ghz_state(3), "XXX", 10, rng)
    with pytest.raises(InvalidParameterError, match="num_shots"):
        sample_records(ghz_state(3), ["XXX"], 0, rng)
    with pytest.raises(InvalidStateError, match="state"):
        outcome_distribution(Ket(np.array([1.0, 0.0, 0.0]), dims=(3,)), "Z")
    with pytest.raises(InvalidParameterError, match="records"):
        concatenate([])
    with pytest.raises(InvalidParameterError, match="outcomes"):
        MeasurementRecords(np.array([["X"]]), np.array([1, -1]))
