"""Repeaterless bounds: published values, limits and bad input."""

from __future__ import annotations

import math

import pytest

from qinternet.analysis import (
    fibre_transmissivity,
    plob_bound,
    plob_bound_from_length,
    plob_bound_per_second,
    tgw_bound,
    tgw_bound_from_length,
    tgw_bound_per_second,
)
from qinternet.core.errors import InvalidParameterError


def test_plob_value_from_the_issue() -> None:
    # -log2(1 - 0.01) = 0.01449957... (Pirandola et al., Nat. Commun. 8, 15043 (2017)).
    assert plob_bound(0.01) == pytest.approx(0.01449957, abs=1e-8)
    assert plob_bound(0.01) == pytest.approx(-math.log2(0.99), rel=1e-15)


def test_tgw_closed_form_and_order() -> None:
    for eta in (1e-6, 0.01, 0.3, 0.9):
        assert tgw_bound(eta) == pytest.approx(math.log2((1 + eta) / (1 - eta)), rel=1e-14)
        assert tgw_bound(eta) > plob_bound(eta)
    # High loss: PLOB ~ eta / ln 2, TGW ~ 2 eta / ln 2 (the factor 2 of the literature).
    eta = 1e-7
    assert plob_bound(eta) == pytest.approx(eta / math.log(2), rel=1e-6)
    assert tgw_bound(eta) == pytest.approx(2 * eta / math.log(2), rel=1e-6)


def test_limits() -> None:
    assert plob_bound(0.0) == 0.0
    assert tgw_bound(0.0) == 0.0
    assert plob_bound(1.0) == math.inf
    assert tgw_bound(1.0) == math.inf


def test_from_length() -> None:
    # 100 km at 0.2 dB/km is 20 dB: eta = 0.01.
    assert fibre_transmissivity(100e3) == pytest.approx(0.01, rel=1e-14)
    assert fibre_transmissivity(0.0) == 1.0
    assert plob_bound_from_length(100e3) == pytest.approx(plob_bound(0.01), rel=1e-14)
    assert tgw_bound_from_length(50e3, 0.4) == pytest.approx(tgw_bound(0.01), rel=1e-14)


def test_per_second() -> None:
    rate = plob_bound_per_second(0.01, channel_use_rate_hz=2e9)
    assert rate == pytest.approx(2e9 * plob_bound(0.01), rel=1e-15)
    assert tgw_bound_per_second(0.5, channel_use_rate_hz=0.0) == 0.0


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: plob_bound(1.5), "transmissivity"),
        (lambda: plob_bound(-0.1), "transmissivity"),
        (lambda: tgw_bound(math.nan), "transmissivity"),
        (lambda: plob_bound("x"), "transmissivity"),  # type: ignore[arg-type]
        (lambda: fibre_transmissivity(-1.0), "length_m"),
        (lambda: fibre_transmissivity(math.inf), "length_m"),
        (lambda: plob_bound_from_length(1e3, -0.2), "attenuation_db_per_km"),
        (lambda: plob_bound_per_second(0.1, channel_use_rate_hz=-1.0), "channel_use_rate_hz"),
        (lambda: tgw_bound_per_second(0.1, channel_use_rate_hz=math.inf), "channel_use_rate_hz"),
    ],
)
def test_bad_input_names_the_parameter(call: object, name: str) -> None:
    with pytest.raises(InvalidParameterError) as info:
        call()  # type: ignore[operator]
    assert info.value.name == name
