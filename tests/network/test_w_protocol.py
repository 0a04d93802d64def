"""Scenario files with ``protocol: {kind: w}``: parse, build, run, budget, CLI.

Expected transmissions are derived here from the devices: fibre 10^(-alpha L / 10), the
state_transfer efficiencies, and the ensembles' retrieval efficiencies; fidelities from
the amplitudes sqrt(eta_j / k) (see tests/sim/test_w_states.py).
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from qinternet.cli.main import main
from qinternet.core.errors import ResourceLimitError, ScenarioError
from qinternet.network import WResult, build_scenario, load_scenario, parse_scenario, run_scenario
from qinternet.network.budget import EVENTS_PER_W_STATE, check_budget, estimate_cost
from qinternet.physics.devices import preset

VELOCITY_M_PER_S = 2e8
EXAMPLE = Path(__file__).parents[2] / "examples" / "kimble_w_four_ensembles.yaml"


def star(**protocol: Any) -> dict[str, Any]:
    """Source S and leaves A, B, C at 10, 20 and 30 km (0.2 dB/km), absorption 0.9 at
    B, protocol w at S with p = 0.2 and 1e4 attempts per second."""
    return {
        "name": "W star",
        "duration_s": 0.2,
        "seed": 4,
        "nodes": [{"name": "S"}, *({"name": leaf} for leaf in "ABC")],
        "links": [
            {
                "nodes": ["S", leaf] if leaf != "C" else ["C", "S"],
                "length_m": 10_000.0 * (i + 1),
                "group_velocity_m_per_s": VELOCITY_M_PER_S,
                "scheme": {
                    "kind": "state_transfer",
                    "absorption_efficiency": 0.9 if leaf == "B" else 1.0,
                },
            }
            for i, leaf in enumerate("ABC")
        ],
        "protocol": {
            "kind": "w",
            "source": "S",
            "excitation_probability": 0.2,
            "attempt_rate_hz": 1e4,
            **protocol,
        },
    }


def test_fibre_and_efficiencies_give_the_transmissions_and_fidelity() -> None:
    result = run_scenario(parse_scenario(star(max_states=3)))
    assert isinstance(result, WResult)
    etas = [10 ** (-0.2 * 10 / 10), 0.9 * 10 ** (-0.2 * 20 / 10), 10 ** (-0.2 * 30 / 10)]
    summary = result.to_json()
    assert summary["transmissions"] == pytest.approx(etas, rel=1e-12)
    # No memory noise (ideal memories), so the delivered state is the split one.
    fidelity = sum(math.sqrt(eta) for eta in etas) ** 2 / 9
    assert summary["fidelity_mean"] == pytest.approx(fidelity, abs=1e-12)
    assert summary["vacuum_probability"] == pytest.approx(1 - sum(etas) / 3, abs=1e-12)
    assert summary["witness"] == pytest.approx(2 / 3 - fidelity, abs=1e-12)
    assert summary["nodes"] == ["A", "B", "C"]
    assert summary["states"] == summary["pairs"] == 3


def test_ensemble_leaves_read_out_and_decay_until_the_farthest_knows() -> None:
    """Leaves with an ensemble (retrieval r, lifetime tau): the amplitude of leaf j is
    sqrt(T_j r exp(-t_j / tau) / k), t_j = (L_max - L_j) / v; the coherences keep the
    state pure (loss only), so F = |sum_j sqrt(T_j r exp(-t_j / tau))|^2 / k^2."""
    data = star(max_states=2)
    tau_s, retrieval = 40e-6, 0.6
    for node in data["nodes"][1:]:
        node["ensemble"] = {"retrieval_efficiency": retrieval, "memory_lifetime_s": tau_s}
    for link in data["links"]:
        link["scheme"] = {"kind": "state_transfer"}
    summary = run_scenario(parse_scenario(data)).to_json()
    lengths_m = [10_000.0, 20_000.0, 30_000.0]
    amplitudes = [
        math.sqrt(
            10 ** (-0.2 * length_m / 1e4)
            * retrieval
            * math.exp(-(max(lengths_m) - length_m) / VELOCITY_M_PER_S / tau_s)
        )
        for length_m in lengths_m
    ]
    assert summary["fidelity_mean"] == pytest.approx(sum(amplitudes) ** 2 / 9, abs=1e-12)
    kept = sum(a**2 for a in amplitudes) / 3
    assert summary["vacuum_probability"] == pytest.approx(1 - kept, abs=1e-12)
    assert summary["conditional_fidelity"] == pytest.approx(
        sum(amplitudes) ** 2 / 9 / kept, abs=1e-12
    )


def test_defaults_come_from_the_source_devices() -> None:
    """Herald probability p eta_d of the source's ensemble and detector (first order in
    p); attempt rate from its emitter and preset; the source's retrieval in every eta_j."""
    data = star()
    data["nodes"][0] = {"name": "S", "preset": "cs_ensemble"}
    data["protocol"] = {"kind": "w", "source": "S"}
    built = build_scenario(parse_scenario(data))
    hardware = preset("cs_ensemble")
    assert hardware.ensemble is not None
    assert hardware.detector is not None
    config = built.w
    assert config is not None
    expected_p = hardware.ensemble.excitation_probability * hardware.detector.efficiency
    assert config.excitation_probability == pytest.approx(expected_p, rel=1e-15)
    emitter_hz = hardware.emitter.max_attempt_rate_hz if hardware.emitter else math.inf
    fastest_hz = min(emitter_hz, 1 / hardware.attempt_duration_s)
    assert config.attempt_rate_hz == pytest.approx(fastest_hz, rel=1e-15)
    assert config.transmissions is not None
    first = hardware.ensemble.retrieval_efficiency * 10 ** (-0.2)
    assert config.transmissions[0] == pytest.approx(first, rel=1e-12)


def test_without_a_probability_or_an_ensemble_the_field_is_named() -> None:
    data = star()
    del data["protocol"]["excitation_probability"]
    with pytest.raises(ScenarioError, match=r"s.yaml: protocol.excitation_probability: not given"):
        build_scenario(parse_scenario(data), source="s.yaml")
    data = star()
    del data["protocol"]["attempt_rate_hz"]
    with pytest.raises(ScenarioError, match=r"protocol.attempt_rate_hz: not given"):
        build_scenario(parse_scenario(data), source="s.yaml")


def _changed(change: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(star())
    for key, value in change.items():
        if key == "links":
            data["links"] = value(data["links"])
        elif key == "nodes":
            data["nodes"] = [*data["nodes"], *value]
        else:
            data["protocol"] = {**data["protocol"], **value}
    return data


STATE_TRANSFER = {"kind": "state_transfer"}


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"links": lambda links: links[:1]}, "links: protocol 'w' shares the excitation among 2"),
        ({"protocol": {"source": "X"}}, "protocol.source='X' names unknown node"),
        ({"protocol": {"source": "s"}}, "did you mean 'S'"),
        (
            {
                "nodes": [{"name": "D"}],
                "links": lambda links: [
                    *links,
                    {"nodes": ["A", "D"], "length_m": 1.0, "scheme": STATE_TRANSFER},
                ],
            },
            "links[3] joins 'A' and 'D': protocol 'w' needs a star",
        ),
        (
            {"links": lambda links: [*links, {**links[0]}]},
            "links[3] joins the hub 'S' to 'A' again (links[0])",
        ),
        (
            {
                "links": lambda links: [
                    {**links[0], "scheme": {"kind": "barrett_kok"}},
                    *links[1:],
                ]
            },
            "links[0].scheme: protocol 'w' sends the excitation one way",
        ),
        (
            {"links": lambda links: [{**links[0], "heralded_fidelity": 0.9}, *links[1:]]},
            "links[0].heralded_fidelity: protocol 'w' carries one excitation",
        ),
        (
            {"links": lambda links: [*links[:2], {**links[2], "num_channels": 2}]},
            "links[2].num_channels: protocol 'w'",
        ),
        ({"protocol": {"excitation_probability": 0.0}}, "protocol.excitation_probability"),
        ({"protocol": {"attempt_rate_hz": -1.0}}, "protocol.attempt_rate_hz"),
        ({"protocol": {"max_state": 3}}, "did you mean 'max_states'"),
    ],
)
def test_other_shapes_are_refused_naming_the_field(change: dict[str, Any], needle: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(_changed(change), source="s.yaml")
    message = str(error.value)
    assert needle in message
    assert "\n" not in message


def test_the_budget_counts_states_and_refuses_a_huge_duration() -> None:
    built = build_scenario(parse_scenario({**star(max_states=7), "duration_s": 1e6}))
    cost = estimate_cost(built)
    assert cost.events == 7 * (EVENTS_PER_W_STATE + 3 * 4**3 / 1000)
    assert cost.memory_slots == 3
    built = build_scenario(parse_scenario({**star(), "duration_s": 1e9}))
    # 1e9 s at 1 / (1 / (0.2 x 1e4) + 150 us) states per second: far over the budget.
    with pytest.raises(ResourceLimitError, match="duration_s"):
        check_budget(built, source="x.yaml")


def test_cli_run_and_validate_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(star()))
    assert main(["validate", str(good)]) == 0
    assert "4 nodes, 3 links" in capsys.readouterr().out
    assert main(["run", str(good)]) == 0
    assert "W states split at S" in capsys.readouterr().out
    empty = tmp_path / "empty.yaml"
    empty.write_text(yaml.safe_dump({**star(), "duration_s": 1e-9}))
    assert main(["run", str(empty), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert summary["pairs"] == 0
    assert summary["fidelity_mean"] is None
    assert summary["note"] == "no W state delivered, so no fidelity"
    assert summary["warnings"] == ["no pair delivered, so no fidelity"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(star(source="X")))
    assert main(["validate", str(bad)]) == 2
    validate_error = capsys.readouterr().err
    assert main(["run", str(bad)]) == 2
    run_error = capsys.readouterr().err
    assert run_error.split(": error: ")[1] == validate_error.split(": error: ")[1]


def test_the_example_runs_to_finite_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLE), "--json", "--duration-s", "0.005"]) == 0
    text = capsys.readouterr().out.splitlines()[-1]
    summary = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    assert summary["protocol"] == "w"
    assert summary["num_parties"] == 4
    assert summary["pairs"] > 1
    numbers = [value for value in summary.values() if isinstance(value, float)]
    assert all(math.isfinite(value) for value in numbers)
    # Read out with r: F = |sum_j sqrt(r T_j e^(-t_j/tau))|^2 / 16 with fibre 1..4 m at
    # 3 dB/km, t_j = (4 - L_j) m / v, r and tau the preset's.
    scenario = load_scenario(EXAMPLE)
    velocity = scenario.links[0].group_velocity_m_per_s
    hardware = preset("cs_ensemble")
    assert hardware.ensemble is not None
    tau_s, retrieval = hardware.ensemble.memory_lifetime_s, hardware.ensemble.retrieval_efficiency
    amplitudes = [
        math.sqrt(
            retrieval
            * 10 ** (-3.0 * length_m / 1e4)
            * math.exp(-(4.0 - length_m) / velocity / tau_s)
        )
        for length_m in (1.0, 2.0, 3.0, 4.0)
    ]
    assert summary["fidelity_mean"] == pytest.approx(sum(amplitudes) ** 2 / 16, abs=1e-9)
    assert summary["witness"] == pytest.approx(0.75 - summary["fidelity_mean"], abs=1e-15)
