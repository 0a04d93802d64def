"""Axis values: ranges, log ranges, lists; empty and reversed ranges refused."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep.values import parse_scalar, parse_values


def test_linear_range_includes_both_ends() -> None:
    assert parse_values("x", "10:1000:12")[0] == 10
    assert parse_values("x", "10:1000:12")[-1] == 1000
    assert len(parse_values("x", "10:1000:12")) == 12
    assert parse_values("x", "0:1:5") == (0.0, 0.25, 0.5, 0.75, 1.0)


def test_integer_range_stays_integer() -> None:
    assert parse_values("n", "1:9:5") == (1, 3, 5, 7, 9)
    assert all(isinstance(v, int) for v in parse_values("n", "1:9:5"))


def test_log_range_is_geometric_with_exact_ends() -> None:
    values = parse_values("t", "log:1e-3:10:5")
    assert values[0] == 1e-3
    assert values[-1] == 10.0
    ratios = [b / a for a, b in itertools.pairwise(values)]
    assert ratios == pytest.approx([10.0] * 4, rel=1e-12)


def test_single_point_range() -> None:
    assert parse_values("x", "5:5:1") == (5,)


def test_lists_and_scalars() -> None:
    assert parse_values("p", "nv_centre, siv") == ("nv_centre", "siv")
    assert parse_values("h", "null") == (None,)
    assert parse_values("v", "0.5,1") == (0.5, 1)
    assert parse_scalar("1e3") == 1000.0
    assert parse_scalar("inf") == math.inf


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("10:1:5", "reversed range"),
        ("log:100:1:3", "reversed range"),
        ("1:10:0", "empty range"),
        ("1:10:-2", "empty range"),
        ("5:5:3", "empty range"),
        ("", "no values"),
        ("1,,2", "empty item"),
        ("1:2", "START:STOP:NUM"),
        ("a:2:3", "not a finite number"),
        ("1:2:2.5", "must be an integer"),
        ("log:0:1:3", "START > 0"),
        ("1:2:1", "NUM=1 needs START = STOP"),
        ("nan", "NaN"),
    ],
)
def test_bad_values_name_the_parameter(text: str, reason: str) -> None:
    with pytest.raises(InvalidParameterError, match=reason) as caught:
        parse_values("links.0.length_m", text)
    assert str(caught.value).startswith("links.0.length_m=")


@given(
    start=st.floats(-1e6, 1e6, allow_nan=False),
    width=st.floats(1e-3, 1e6, allow_nan=False),
    num=st.integers(2, 50),
)
def test_linear_ranges_are_increasing(start: float, width: float, num: int) -> None:
    stop = start + width
    values = parse_values("x", f"{start!r}:{stop!r}:{num}")
    assert len(values) == num
    assert all(isinstance(v, float | int) for v in values)
    numbers = [float(v) for v in values if v is not None and not isinstance(v, str)]
    assert numbers == sorted(numbers)
