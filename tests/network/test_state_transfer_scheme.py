"""The ``state_transfer`` scheme's ``dynamics`` section: parsing and building."""

from __future__ import annotations

import math

import pytest

from qinternet.core.errors import ScenarioError
from qinternet.network.build import build_scenario
from qinternet.network.scenario import parse_scenario
from qinternet.physics.devices.transfer import CascadedTransfer, SechPhoton, TransferNode

DYNAMICS = {"resonator_kappa_hz": 10e6, "photon_bandwidth_hz": 5e6, "protocol_time_s": 0.8e-6}


def _scenario(scheme: dict[str, object], attenuation_db_per_km: float = 0.0) -> dict[str, object]:
    memory = {"t1_s": 20e-6, "t2_s": 10e-6}
    return {
        "name": "transfer",
        "duration_s": 1e-3,
        "nodes": [
            {"name": "A", "preset": "transmon", "memory": memory},
            {"name": "B", "preset": "transmon", "memory": memory},
        ],
        "links": [
            {
                "nodes": ["A", "B"],
                "length_m": 100.0,
                "attenuation_db_per_km": attenuation_db_per_km,
                "scheme": scheme,
            }
        ],
    }


def test_dynamics_build_the_channel_of_the_master_equation() -> None:
    scheme = {"kind": "state_transfer", "dynamics": {**DYNAMICS, "line_transmission": 0.9}}
    built = build_scenario(parse_scenario(_scenario(scheme, attenuation_db_per_km=10.0)))
    (config,) = built.links
    node = TransferNode(10e6, qubit_t1_s=20e-6, qubit_t2_s=10e-6)
    line = 0.9 * 10 ** (-10.0 * 0.1 / 10)  # 100 m at 10 dB/km
    channel = CascadedTransfer.matched(
        node, node, SechPhoton(5e6), duration_s=0.8e-6, line_transmission=line
    ).channel()
    # The sender's stationary qubit: T1 = 20 us, T2 = 10 us for the 0.8 us protocol.
    t = 0.8e-6
    damping, coherence = math.exp(-t / 20e-6), math.exp(-t / 10e-6)
    corrected = channel.corrected()
    expected = (
        corrected[0, 0][0, 0].real
        + (1 - damping) * corrected[1, 1][0, 0].real  # |1> of the stationary qubit decayed
        + damping * corrected[1, 1][1, 1].real
        + 2 * coherence * abs(channel.coherence)
    ) / 4
    assert config.outcome.fidelity == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("scheme", "field"),
    [
        ({"kind": "state_transfer", "emission_efficiency": 0.9, "dynamics": DYNAMICS}, "dynamics"),
        (
            {"kind": "state_transfer", "dynamics": {**DYNAMICS, "photon_bandwidth_hz": 2e7}},
            "photon_bandwidth_hz",
        ),
        (
            {"kind": "state_transfer", "dynamics": {**DYNAMICS, "line_thermal_photons": -0.1}},
            "line_thermal_photons",
        ),
    ],
)
def test_bad_dynamics_are_refused_naming_the_field(scheme: dict[str, object], field: str) -> None:
    with pytest.raises(ScenarioError, match=field):
        parse_scenario(_scenario(scheme))
