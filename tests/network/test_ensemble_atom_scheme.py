"""The ``ensemble_atom`` scheme: what a file gives reaches the link function, and the
file's mistakes are scenario errors naming the field."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from qinternet.core.errors import ScenarioError
from qinternet.network import parse_scenario
from qinternet.network.build import build_scenario
from qinternet.physics.devices.cavity import CavityInterface
from qinternet.physics.devices.photon_modes import ExponentialMode, GaussianMode
from qinternet.physics.links import ensemble_atom_link

# 1 km arms at 5 dB/km transmit 10^(-0.5); detectors of efficiency 0.8, no dark counts.
ARM = 10**-0.5
DATA: dict[str, Any] = {
    "name": "ensemble and atom",
    "seed": 1,
    "duration_s": 0.01,
    "nodes": [
        {
            "name": "E",
            "ensemble": {"excitation_probability": 0.02},
            "emitter": {"collection_efficiency": 0.5},
        },
        {"name": "Q", "emitter": {"collection_efficiency": 0.4, "bright_state_population": 0.03}},
    ],
    "links": [
        {
            "nodes": ["E", "Q"],
            "arm_lengths_m": [1000.0, 1000.0],
            "attenuation_db_per_km": 5.0,
            "detector": {"efficiency": 0.8, "dark_count_rate_hz": 0.0},
            "scheme": {
                "kind": "ensemble_atom",
                "cavity": {
                    "coupling_g_hz": 2e7,
                    "cavity_decay_kappa_hz": 1e7,
                    "atomic_decay_gamma_hz": 3e6,
                    "outcoupling_fraction": 0.7,
                },
                "ensemble_photon": {"shape": "gaussian", "duration_s": 1e-8, "delay_s": 1e-8},
                "atom_photon": {"shape": "exponential", "duration_s": 1.5e-8, "detuning_hz": 1e6},
            },
        }
    ],
}


def test_the_file_reaches_the_link_function() -> None:
    built = build_scenario(parse_scenario(DATA), source="f.yaml")
    outcome = built.links[0].outcome
    detector = built.nodes["E"].detector
    assert detector.number_resolving is False
    expected = ensemble_atom_link(
        0.02,
        0.03,
        (0.5 * ARM * 0.8, 0.4 * ARM * 0.8),
        cavity=CavityInterface(2e7, 1e7, 3e6, outcoupling_fraction=0.7),
        ensemble_mode=GaussianMode(1e-8, 1e-8),
        atom_mode=ExponentialMode(1 / 1.5e-8, centre_frequency_rad_per_s=2 * math.pi * 1e6),
        detector="threshold",
        arm_length_m=1000.0,
    )
    assert outcome.success_probability == pytest.approx(expected.success_probability, rel=1e-9)
    assert outcome.fidelity == pytest.approx(expected.fidelity, rel=1e-9)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["nodes"][0].pop("ensemble"), "scheme.kind"),
        (lambda d: d["nodes"][1]["emitter"].pop("bright_state_population"), "scheme.atom_exc"),
        (lambda d: d["links"][0]["scheme"].pop("atom_photon"), "scheme.atom_photon"),
        (lambda d: d["links"][0]["scheme"].pop("ensemble_photon"), "scheme.ensemble_photon"),
    ],
)
def test_missing_settings_are_scenario_errors(change: Any, field: str) -> None:
    data = copy.deepcopy(DATA)
    change(data)
    with pytest.raises(ScenarioError, match=rf"f\.yaml: links\[0\]\.{field}"):
        build_scenario(parse_scenario(data, source="f.yaml"), source="f.yaml")


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("atom_photon", "duration_s", 0.0),
        ("atom_photon", "duration_s", 1e300),
        ("ensemble_photon", "shape", "lorentzian"),
        ("cavity", "coupling_g_hz", -1.0),
        ("cavity", "outcoupling_fraction", 1.5),
    ],
)
def test_bad_values_are_refused_when_parsed(section: str, key: str, value: Any) -> None:
    data = copy.deepcopy(DATA)
    data["links"][0]["scheme"][section][key] = value
    with pytest.raises(ScenarioError, match=rf"links\[0\]\.scheme\.{section}\.{key}"):
        parse_scenario(data, source="f.yaml")
