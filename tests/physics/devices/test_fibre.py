"""Tests of qinternet.physics.devices.fibre: loss, transmission and delay of a fibre."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.physics.devices import Fibre
from qinternet.states import Ket


@pytest.mark.parametrize(
    ("length_m", "attenuation", "expected_db"),
    [(0.0, 0.2, 0.0), (25e3, 0.2, 5.0), (10e3, 0.35, 3.5), (100e3, 0.16, 16.0)],
)
def test_loss_and_transmission_closed_form(
    length_m: float, attenuation: float, expected_db: float
) -> None:
    fibre = Fibre(length_m=length_m, attenuation_db_per_km=attenuation)
    assert fibre.loss_db == pytest.approx(expected_db, rel=1e-12, abs=1e-15)
    assert fibre.transmission == pytest.approx(10.0 ** (-expected_db / 10.0), rel=1e-12)
    assert fibre.loss_probability == pytest.approx(1.0 - 10.0 ** (-expected_db / 10.0), abs=1e-15)


def test_defaults_are_telecom_fibre() -> None:
    fibre = Fibre(length_m=1.0)
    assert fibre.attenuation_db_per_km == 0.2
    assert fibre.group_velocity_m_per_s == 2e8


def test_delay_is_length_over_group_velocity() -> None:
    assert Fibre(length_m=50e3).delay_s == pytest.approx(2.5e-4, rel=1e-15)
    assert Fibre(length_m=3.0, group_velocity_m_per_s=1.5e8).delay_s == pytest.approx(2e-8)


def test_losses_add_in_decibels_and_multiply_in_transmission() -> None:
    a, b = Fibre(length_m=7e3), Fibre(length_m=13e3)
    joined = Fibre(length_m=20e3)
    assert joined.loss_db == pytest.approx(a.loss_db + b.loss_db)
    assert joined.transmission == pytest.approx(a.transmission * b.transmission, rel=1e-12)


def test_loss_channel_thins_photons_binomially() -> None:
    fibre = Fibre(length_m=30e3)  # 6 dB
    t = 10 ** (-0.6)
    two_photons = Ket(np.array([0.0, 0.0, 1.0]), dims=(3,))
    rho = fibre.loss_channel(3).apply(two_photons, [0])
    expected = [(1 - t) ** 2, 2 * t * (1 - t), t**2]
    np.testing.assert_allclose(np.diag(rho.matrix).real, expected, atol=1e-12)


def test_negative_length_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"length_m=-1\.0"):
        Fibre(length_m=-1.0)


def test_negative_attenuation_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"attenuation_db_per_km=-0\.2"):
        Fibre(length_m=1.0, attenuation_db_per_km=-0.2)


@pytest.mark.parametrize("velocity", [0.0, -2e8])
def test_non_positive_velocity_rejected(velocity: float) -> None:
    with pytest.raises(InvalidParameterError, match="group_velocity_m_per_s"):
        Fibre(length_m=1.0, group_velocity_m_per_s=velocity)


def test_faster_than_light_rejected() -> None:
    with pytest.raises(PhysicalConstraintError, match=r"group_velocity_m_per_s=350000000\.0"):
        Fibre(length_m=1.0, group_velocity_m_per_s=3.5e8)


@pytest.mark.parametrize("field", ["length_m", "attenuation_db_per_km", "group_velocity_m_per_s"])
def test_nan_rejected(field: str) -> None:
    kwargs = {"length_m": 1.0, field: math.nan}
    with pytest.raises(InvalidParameterError, match=rf"{field}=nan"):
        Fibre(**kwargs)


def test_infinite_length_and_bool_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="length_m=inf"):
        Fibre(length_m=math.inf)
    with pytest.raises(InvalidParameterError, match="length_m=True"):
        Fibre(length_m=True)
