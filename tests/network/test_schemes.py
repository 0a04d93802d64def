"""The scheme registry: a scheme defined only here runs a scenario like a built-in one."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml

from qinternet.cli.main import main
from qinternet.core.errors import InvalidParameterError, ScenarioError
from qinternet.network import parse_scenario, run_scenario
from qinternet.network.schemes import (
    BarrettKokScheme,
    LinkInputs,
    SchemeOutcome,
    SchemeSpec,
    register_scheme,
    registered_schemes,
    unregister_scheme,
)
from qinternet.physics.links import LinkOutcome
from qinternet.states import bell_state, werner

NUM_SIGMA = 5.0  # a false failure is rarer than 1e-6
BUILT_IN = (
    "'barrett_kok', 'single_click', 'dlcz', 'sequential', 'state_transfer', 'satellite_downlink', "
    "'ensemble_atom', 'transduced'"
)


class TwoPhotonWerner(SchemeSpec):
    """Both photons must reach the station; a success heralds a Werner state."""

    kind: Literal["two_photon_werner"]
    fidelity: float


def build_two_photon_werner(scheme: TwoPhotonWerner, link: LinkInputs) -> SchemeOutcome:
    arm_a, arm_b = link.arms
    outcome = LinkOutcome(
        success_probability=arm_a.transmission * arm_b.transmission,
        heralded_state=werner(scheme.fidelity),
        target=bell_state("phi+"),
        target_name="phi+",
        attempt_duration_s=2 * link.station_arm.delay_s,
    )
    return SchemeOutcome(outcome, link.station_delays_s)


@pytest.fixture
def werner_scheme() -> Iterator[str]:
    register_scheme("two_photon_werner", TwoPhotonWerner, build_two_photon_werner)
    yield "two_photon_werner"
    unregister_scheme("two_photon_werner")


# Arms of 1 km at 5 dB/km: each transmits 10^(-0.5), so p = 0.1; attempts at 10 kHz.
ARM_TRANSMISSION = 10**-0.5
RATE_HZ = 1e4
DURATION_S = 2.0
FIDELITY = 0.875


def scenario_data(kind: str) -> dict[str, Any]:
    node = {"emitter": {"max_attempt_rate_hz": RATE_HZ}}
    return {
        "name": "a scheme of the test's own",
        "seed": 3,
        "duration_s": DURATION_S,
        "nodes": [{"name": "A", **node}, {"name": "B", **node}],
        "links": [
            {
                "nodes": ["A", "B"],
                "length_m": 2000.0,
                "attenuation_db_per_km": 5.0,
                "scheme": {"kind": kind, "fidelity": FIDELITY},
            }
        ],
    }


def expected_rate_and_stderr_hz() -> tuple[float, float]:
    """p / T, and the binomial spread of the count of DURATION_S / T attempts."""
    p = ARM_TRANSMISSION**2
    attempts = DURATION_S * RATE_HZ
    return p * RATE_HZ, math.sqrt(attempts * p * (1 - p)) / DURATION_S


def test_a_scheme_defined_in_the_test_runs_a_scenario(werner_scheme: str) -> None:
    scenario = parse_scenario(scenario_data(werner_scheme))
    assert isinstance(scenario.links[0].scheme, TwoPhotonWerner)
    result = run_scenario(scenario)
    rate_hz, stderr_hz = expected_rate_and_stderr_hz()
    assert rate_hz == pytest.approx(1000.0, rel=1e-12)
    assert abs(result.rate_hz - rate_hz) <= NUM_SIGMA * stderr_hz
    assert result.fidelity.mean == pytest.approx(FIDELITY, abs=1e-12)


def test_the_cli_runs_a_file_with_the_test_scheme(
    werner_scheme: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "werner.yaml"
    file.write_text(yaml.safe_dump(scenario_data(werner_scheme)))
    assert main(["run", str(file), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    rate_hz, stderr_hz = expected_rate_and_stderr_hz()
    assert abs(result["rate_hz"] - rate_hz) <= NUM_SIGMA * stderr_hz
    assert result["fidelity_mean"] == pytest.approx(FIDELITY, abs=1e-12)


def test_a_registered_scheme_is_validated_by_its_model_and_round_trips(
    werner_scheme: str,
) -> None:
    data = scenario_data(werner_scheme)
    scenario = parse_scenario(data)
    assert parse_scenario(scenario.model_dump()) == scenario
    data["links"][0]["scheme"] = {"kind": werner_scheme, "fidelty": 0.9}
    with pytest.raises(ScenarioError, match=r"links\[0\]\.scheme\.fidelty: unknown key; did you "):
        parse_scenario(data, source="w.yaml")


def test_unknown_kind_names_the_registered_ones_and_forgets_an_unregistered_one() -> None:
    data = scenario_data("two_photon_werner")
    expected = f"w.yaml: links[0].scheme.kind='two_photon_werner': must be one of {BUILT_IN}"
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, source="w.yaml")
    assert str(caught.value) == expected
    register_scheme("two_photon_werner", TwoPhotonWerner, build_two_photon_werner)
    try:
        data["links"][0]["scheme"]["kind"] = "two_photon_wener"
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(data, source="w.yaml")
        assert str(caught.value) == (
            "w.yaml: links[0].scheme.kind='two_photon_wener': must be one of "
            f"{BUILT_IN}, 'two_photon_werner'; did you mean 'two_photon_werner'?"
        )
    finally:
        unregister_scheme("two_photon_werner")
    assert "two_photon_werner" not in registered_schemes()


def test_the_registry_refuses_a_kind_twice() -> None:
    with pytest.raises(InvalidParameterError) as caught:
        register_scheme("barrett_kok", TwoPhotonWerner, build_two_photon_werner)
    assert str(caught.value) == (
        "kind='barrett_kok': is registered already (by BarrettKokScheme); "
        "unregister_scheme('barrett_kok') first"
    )
    assert registered_schemes()["barrett_kok"] is BarrettKokScheme


def test_the_registry_refuses_a_model_whose_kind_differs() -> None:
    with pytest.raises(InvalidParameterError, match=r"its kind field must be Literal\['other'\]"):
        register_scheme("other", TwoPhotonWerner, build_two_photon_werner)
    with pytest.raises(InvalidParameterError, match="must subclass SchemeSpec"):
        register_scheme("other", dict, build_two_photon_werner)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="kind='other': is not a registered scheme"):
        unregister_scheme("other")
    assert "other" not in registered_schemes()
