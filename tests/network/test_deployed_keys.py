"""The deployed-link keys of a scenario reach the physics: phase stabilisation, converter
noise and duty cycles (single_click, dlcz and barrett_kok links), and bad values are one
ScenarioError naming the field and the value."""

from __future__ import annotations

import math
from typing import Any

import pytest

from qinternet.core.errors import ScenarioError
from qinternet.network.build import build_scenario
from qinternet.network.scenario import parse_scenario
from qinternet.physics.devices import Fibre
from qinternet.physics.devices.phase_noise import PhaseStabilisation
from qinternet.physics.links import single_click_link


def _data(scheme: dict[str, Any], emitter: dict[str, Any] | None = None) -> dict[str, Any]:
    node = {"preset": "nv_centre", "emitter": emitter or {}}
    return {
        "name": "t",
        "duration_s": 1.0,
        "nodes": [{"name": "A", **node}, {"name": "B", "preset": "nv_centre"}],
        "links": [
            {"nodes": ["A", "B"], "length_m": 2.0, "attenuation_db_per_km": 5.0, "scheme": scheme}
        ],
    }


def _link(scheme: dict[str, Any], emitter: dict[str, Any] | None = None) -> Any:
    (config,) = build_scenario(parse_scenario(_data(scheme, emitter))).links
    return config


def test_phase_stabilisation_section_sets_phase_and_duty() -> None:
    """The section's residual phase adds in quadrature to phase_std_rad; its duty cycle
    T / (T + T_stab) divides the attempt rate."""
    section = {
        "residual_phase_std_rad": 0.2,
        "phase_diffusion_rad2_per_s": 2.0,
        "entangling_time_s": 0.1,
        "stabilisation_time_s": 0.05,
    }
    scheme = {"kind": "single_click", "bright_state_population": 0.1, "phase_std_rad": 0.1}
    plain = _link(scheme)
    stabilised = _link({**scheme, "phase_stabilisation": section})
    model = PhaseStabilisation(0.2, 2.0, 0.0, 0.1, 0.05)
    sigma = math.hypot(0.1, model.effective_phase_std_rad)
    expected = _link({**scheme, "phase_std_rad": sigma})
    assert stabilised.outcome.fidelity == pytest.approx(expected.outcome.fidelity, abs=1e-12)
    assert stabilised.expected_rate_hz == pytest.approx(
        plain.expected_rate_hz * 0.1 / 0.15, rel=1e-12
    )


def test_conversion_noise_is_a_dark_count_at_the_station() -> None:
    """Node A's noise n through its 1 m arm (transmission T) gives each detector
    tau (r_d + eta_d T n / 2) background counts: the link equals single_click_link with
    that dark-count probability."""
    scheme = {"kind": "single_click", "bright_state_population": 0.1}
    config = _link(scheme, {"conversion_noise_rate_hz": 4e4})
    arm = Fibre(1.0, 5.0).transmission
    q = -math.expm1(-25e-9 * (20.0 + 0.8 * arm * 4e4 / 2))
    expected = single_click_link(
        0.1,
        0.03 * 0.0146 * arm * 0.8,  # ZPL x collection x arm x detector
        dark_count_probability=q,
        initialisation_error=0.01,
        double_excitation_probability=0.04,
    )
    assert config.outcome.success_probability == pytest.approx(
        expected.success_probability, rel=1e-9
    )
    assert config.outcome.fidelity == pytest.approx(expected.fidelity, abs=1e-9)


@pytest.mark.parametrize("kind", ["dlcz", "barrett_kok"])
def test_duty_cycle_scales_every_scheme(kind: str) -> None:
    data = _data({"kind": kind})
    for node in data["nodes"]:
        node["preset"] = "rb_ensemble" if kind == "dlcz" else "nv_centre"
    (free,) = build_scenario(parse_scenario(data)).links
    data["nodes"][0]["emitter"] = {"duty_cycle": 0.5}
    data["nodes"][1]["emitter"] = {"duty_cycle": 0.8}
    (paced,) = build_scenario(parse_scenario(data)).links
    assert paced.expected_rate_hz == pytest.approx(free.expected_rate_hz * 0.4, rel=1e-12)


@pytest.mark.parametrize(
    ("scheme", "emitter", "message"),
    [
        ({}, {"conversion_noise_rate_hz": -5.0}, "conversion_noise_rate_hz=-5.0"),
        ({}, {"duty_cycle": 1.5}, "duty_cycle=1.5"),
        ({}, {"duty_cycle": 0.0}, "duty_cycle=0.0"),
        ({"phase_stabilisation": {"stabilisation_time_s": -1.0}}, {}, "stabilisation_time_s=-1.0"),
        (
            {"phase_stabilisation": {"phase_diffusion_rad2_per_s": -2.0}},
            {},
            "phase_diffusion_rad2_per_s=-2.0",
        ),
        (
            {"phase_stabilisation": {"phase_drift_rate_rad_per_s": 4.0}},
            {},
            "entangling_time_s=1.0",
        ),
    ],
)
def test_bad_values_name_field_and_value(
    scheme: dict[str, Any], emitter: dict[str, Any], message: str
) -> None:
    data = _data({"kind": "single_click", "bright_state_population": 0.1, **scheme}, emitter)
    with pytest.raises(ScenarioError, match=message):
        build_scenario(parse_scenario(data))
