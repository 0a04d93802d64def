"""Unit constants and decibel conversions."""

from __future__ import annotations

import math

import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.core.units import KILOMETRE, MILLISECOND, db_to_transmission, transmission_to_db


def test_fibre_loss_of_25_km_at_0_2_db_per_km() -> None:
    # 5 dB of loss transmits 10^(-0.5) of the power.
    assert db_to_transmission(0.2 * 25 * KILOMETRE / KILOMETRE) == pytest.approx(
        10**-0.5, rel=1e-15
    )


def test_round_trip() -> None:
    for loss_db in (0.0, 0.1, 3.0, 47.5):
        assert transmission_to_db(db_to_transmission(loss_db)) == pytest.approx(loss_db, abs=1e-12)


def test_constants_are_si() -> None:
    assert KILOMETRE == 1000.0
    assert MILLISECOND == 1e-3


@pytest.mark.parametrize("loss_db", [-1.0, math.nan, math.inf])
def test_bad_loss_names_the_parameter(loss_db: float) -> None:
    with pytest.raises(InvalidParameterError, match="loss_db="):
        db_to_transmission(loss_db)


@pytest.mark.parametrize("transmission", [0.0, 1.5, -0.1, math.nan])
def test_bad_transmission_names_the_parameter(transmission: float) -> None:
    with pytest.raises(InvalidParameterError, match="transmission="):
        transmission_to_db(transmission)
