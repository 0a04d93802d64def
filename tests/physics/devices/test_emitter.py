"""Tests of qinternet.physics.devices.emitter: the efficiency chain and alpha."""

from __future__ import annotations

import math

import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Emitter


def test_photon_efficiency_is_the_product() -> None:
    emitter = Emitter(
        emission_efficiency=0.46,
        collection_efficiency=0.3,
        conversion_efficiency=0.5,
        coupling_efficiency=0.9,
        bright_state_population=0.05,
        max_attempt_rate_hz=2e3,
    )
    assert emitter.photon_efficiency == pytest.approx(0.46 * 0.3 * 0.5 * 0.9, rel=1e-15)
    assert emitter.bright_photon_probability == pytest.approx(0.05 * 0.46 * 0.3 * 0.5 * 0.9)
    assert emitter.min_attempt_duration_s == pytest.approx(5e-4)


def test_defaults_are_ideal() -> None:
    emitter = Emitter()
    assert emitter.photon_efficiency == 1.0
    assert emitter.min_attempt_duration_s == 0.0
    assert emitter.bright_state_population is None


def test_alpha_required_for_single_click() -> None:
    with pytest.raises(InvalidParameterError, match="bright_state_population=None"):
        _ = Emitter().alpha


@pytest.mark.parametrize("alpha", [0.0, 1.0, -0.2, 1.5])
def test_alpha_outside_open_interval_rejected(alpha: float) -> None:
    with pytest.raises(InvalidParameterError, match=rf"bright_state_population={alpha!r}"):
        Emitter(bright_state_population=alpha)


@pytest.mark.parametrize(
    "field",
    [
        "emission_efficiency",
        "collection_efficiency",
        "conversion_efficiency",
        "coupling_efficiency",
    ],
)
def test_efficiency_above_one_rejected(field: str) -> None:
    with pytest.raises(InvalidParameterError, match=rf"{field}=1\.01"):
        Emitter(**{field: 1.01})


@pytest.mark.parametrize(
    "field", ["emission_efficiency", "bright_state_population", "max_attempt_rate_hz"]
)
def test_nan_rejected(field: str) -> None:
    with pytest.raises(InvalidParameterError, match=rf"{field}=nan"):
        Emitter(**{field: math.nan})


def test_non_positive_rate_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"max_attempt_rate_hz=0\.0"):
        Emitter(max_attempt_rate_hz=0.0)


def test_double_excitation_default_and_value() -> None:
    assert Emitter().double_excitation_probability == 0.0
    assert Emitter(double_excitation_probability=0.04).double_excitation_probability == 0.04


@pytest.mark.parametrize("value", [-0.01, 1.5, math.nan])
def test_double_excitation_outside_unit_interval_rejected(value: float) -> None:
    with pytest.raises(InvalidParameterError, match="double_excitation_probability="):
        Emitter(double_excitation_probability=value)
