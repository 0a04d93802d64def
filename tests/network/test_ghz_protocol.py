"""Scenario protocol ``ghz``: the star is checked, built, budgeted and run end to end."""

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
from qinternet.network import GhzResult, build_scenario, parse_scenario, run_scenario
from qinternet.network.budget import EVENTS_PER_LINK_PAIR, check_budget, estimate_cost

VELOCITY_M_PER_S = 2e8


def star(**protocol: Any) -> dict[str, Any]:
    """Three leaves A, B, C around hub H (links of 1, 2 and 3 km, Werner pairs of
    fidelity 0.9, 0.8, 0.95, ideal memories), protocol ghz at H."""
    fidelities = {"A": 0.9, "B": 0.8, "C": 0.95}
    return {
        "name": "GHZ star",
        "duration_s": 0.3,
        "seed": 5,
        "nodes": [{"name": "H", "num_memories": 3}, *({"name": leaf} for leaf in "ABC")],
        "links": [
            {
                "nodes": ["H", leaf] if leaf != "B" else ["B", "H"],
                "length_m": 1000.0 * (i + 1),
                "group_velocity_m_per_s": VELOCITY_M_PER_S,
                "heralded_fidelity": fidelities[leaf],
                "scheme": {"kind": "barrett_kok"},
            }
            for i, leaf in enumerate("ABC")
        ],
        "protocol": {"kind": "ghz", "hub": "H", **protocol},
    }


def test_the_build_is_the_star_with_fibre_delays() -> None:
    built = build_scenario(parse_scenario(star(keep_hub=True, gate_depolarizing=0.01)))
    ghz = built.ghz
    assert ghz is not None
    assert ghz.hub == "H"
    assert ghz.leaves == ("A", "B", "C")
    assert ghz.num_qubits == 4
    # One-way delay of each link's fibre: length over the group velocity.
    assert ghz.leaf_delay_s == pytest.approx([1000.0 * k / VELOCITY_M_PER_S for k in (1, 2, 3)])
    assert ghz.bsm_noise.gate_depolarizing == 0.01
    assert ghz.num_channels == 1  # three memories at the hub for three links


def werner_ghz(fidelities: list[float], keep_hub: bool) -> float:
    """Each Werner pair is phi+ with I (F) or X, Y, Z (q = (1 - F)/3 each) on the leaf:
    the GHZ state needs no leaf bit-flipped against the hub (I or Z) and an even number
    of Z; with the hub measured out, all leaves flipped (X or Y, even number of Y) is
    fine too (X^n stabilises GHZ_n)."""
    qs = [(1 - f) / 3 for f in fidelities]
    plus = math.prod(f + q for f, q in zip(fidelities, qs, strict=True))
    minus = math.prod(f - q for f, q in zip(fidelities, qs, strict=True))
    flipped = math.prod(2 * q for q in qs)
    return (plus + minus) / 2 + (0.0 if keep_hub else flipped / 2)


@pytest.mark.parametrize("keep_hub", [True, False])
def test_run_delivers_the_werner_closed_form(keep_hub: bool) -> None:
    result = run_scenario(parse_scenario(star(keep_hub=keep_hub)))
    assert isinstance(result, GhzResult)
    expected = werner_ghz([0.9, 0.8, 0.95], keep_hub)
    summary = result.to_json()
    json.dumps(summary, allow_nan=False)
    assert summary["protocol"] == "ghz"
    assert summary["pairs"] == summary["states"] > 10
    assert summary["num_qubits"] == (4 if keep_hub else 3)
    assert summary["nodes"] == (["H", "A", "B", "C"] if keep_hub else ["A", "B", "C"])
    assert summary["fidelity_mean"] == pytest.approx(expected, abs=1e-12)
    assert summary["state_fidelity"] == pytest.approx(expected, abs=1e-12)
    assert summary["witness"] == pytest.approx(0.5 - expected, abs=1e-12)
    assert summary["note"] == ""


def test_memory_dephasing_through_the_file_matches_the_storage_times() -> None:
    """Lossless ``state_transfer`` links are deterministic: each round every pair is
    emitted at its start and known at the far node one fibre delay L/v later, the hub
    fuses when the longest link's pair is known (t_f = L_max/v) and the farthest leaf
    learns the outcomes L_max/v later. Pure dephasing (T2, no T1) multiplies the GHZ
    coherence by exp(-t/T2) per qubit and storage time: both qubits of both pairs from
    emission to t_f, then the three qubits (hub kept) for L_max/v, and F = (1 + c)/2."""
    t2_s, lengths_m = 0.01, {"A": 1000.0, "B": 3000.0}
    data = {
        "name": "transfer star",
        "duration_s": 0.01,
        "nodes": [
            {"name": name, "num_memories": 2 if name == "H" else 1, "memory": {"t2_s": t2_s}}
            for name in ("H", "A", "B")
        ],
        "links": [
            {
                "nodes": ["H", leaf],
                "length_m": length_m,
                "attenuation_db_per_km": 0.0,
                "group_velocity_m_per_s": VELOCITY_M_PER_S,
                "scheme": {"kind": "state_transfer"},
            }
            for leaf, length_m in lengths_m.items()
        ],
        "protocol": {"kind": "ghz", "hub": "H", "keep_hub": True},
    }
    result = run_scenario(parse_scenario(data))
    assert isinstance(result, GhzResult)
    delay_s = max(lengths_m.values()) / VELOCITY_M_PER_S
    stored_s = 2 * 2 * delay_s + 3 * delay_s
    expected = (1 + math.exp(-stored_s / t2_s)) / 2
    assert result.num_pairs > 100
    assert result.fidelity.mean == pytest.approx(expected, abs=1e-12)
    assert result.statistics.delivery_interval_s.mean == pytest.approx(2 * delay_s, rel=1e-9)


def test_max_states_bounds_the_run_and_the_budget() -> None:
    built = build_scenario(parse_scenario({**star(max_states=4), "duration_s": 1e6}))
    cost = estimate_cost(built)
    # Four states and one copy in flight, one pair of each of the three links per state.
    assert cost.events == EVENTS_PER_LINK_PAIR * 3 * (4 + 1)
    assert cost.memory_slots == 6
    result = run_scenario(built.scenario)
    assert result.num_pairs == 4


def test_the_budget_refuses_a_huge_duration_naming_it() -> None:
    built = build_scenario(parse_scenario({**star(), "duration_s": 1e9}))
    with pytest.raises(ResourceLimitError, match="duration_s"):
        check_budget(built, source="x.yaml")


def _changed(change: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(star())
    for key, value in change.items():
        if key == "links":
            data["links"] = [*data["links"], *value]
        elif key == "nodes":
            data["nodes"] = [*data["nodes"], *value]
        else:
            data["protocol"] = {**data["protocol"], **value}
    return data


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"protocol": {"hub": "G"}}, "protocol.hub='G' names unknown node"),
        ({"protocol": {"hub": "h"}}, "did you mean 'H'"),
        (
            {
                "nodes": [{"name": "D"}],
                "links": [
                    {"nodes": ["A", "D"], "length_m": 1.0, "scheme": {"kind": "barrett_kok"}}
                ],
            },
            "links[3] joins 'A' and 'D'",
        ),
        (
            {"links": [{"nodes": ["C", "H"], "length_m": 1.0, "scheme": {"kind": "barrett_kok"}}]},
            "links[3] joins the hub 'H' to 'C' again (links[2])",
        ),
        ({"protocol": {"max_state": 3}}, "did you mean 'max_states'"),
        ({"protocol": {"readout_flip": 1.5}}, "protocol.readout_flip=1.5"),
    ],
)
def test_other_shapes_are_refused_naming_the_field(change: dict[str, Any], needle: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(_changed(change), source="s.yaml")
    message = str(error.value)
    assert needle in message
    assert "\n" not in message


def test_one_link_needs_keep_hub() -> None:
    data = star()
    data["links"] = data["links"][:1]
    with pytest.raises(ScenarioError, match=r"protocol.keep_hub=False: a GHZ state"):
        parse_scenario(data)
    data["protocol"]["keep_hub"] = True
    assert build_scenario(parse_scenario(data)).ghz is not None


def test_the_hub_needs_one_memory_per_link() -> None:
    data = star()
    data["nodes"][0]["num_memories"] = 2
    with pytest.raises(ScenarioError, match=r"nodes\[0\].num_memories=2: the hub 'H'"):
        build_scenario(parse_scenario(data), source="s.yaml")


def test_links_must_herald_qubits() -> None:
    data = star()
    data["links"][1] = {**data["links"][1], "scheme": {"kind": "dlcz"}}
    del data["links"][1]["heralded_fidelity"]
    for node in data["nodes"]:
        node["preset"] = "cs_ensemble"
    with pytest.raises(ScenarioError, match=r"links\[1\].scheme='dlcz'"):
        build_scenario(parse_scenario(data), source="s.yaml")


def test_cli_run_and_validate_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(star(keep_hub=True)))
    assert main(["validate", str(good)]) == 0
    assert main(["run", str(good), "--json"]) == 0
    printed = capsys.readouterr().out.splitlines()[-1]
    summary = json.loads(printed)  # strict JSON: NaN would not parse as a number here
    assert summary["protocol"] == "ghz"
    assert summary["warnings"] == []
    assert main(["run", str(good)]) == 0
    assert "GHZ states fused at H" in capsys.readouterr().out
    empty = tmp_path / "empty.yaml"
    empty.write_text(yaml.safe_dump({**star(), "duration_s": 1e-9}))
    assert main(["run", str(empty), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert summary["pairs"] == 0
    assert summary["fidelity_mean"] is None
    assert summary["note"] == "no GHZ state delivered, so no fidelity"
    assert summary["warnings"] == ["no pair delivered, so no fidelity"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(star(hub="G")))
    assert main(["validate", str(bad)]) == 2
    validate_error = capsys.readouterr().err
    assert main(["run", str(bad)]) == 2
    run_error = capsys.readouterr().err
    assert run_error.split(": error: ")[1] == validate_error.split(": error: ")[1]
    assert "protocol.hub='G'" in validate_error


def test_the_example_has_the_common_json_fields() -> None:
    from qinternet.network import load_scenario

    path = Path(__file__).parents[2] / "examples" / "pompili_2021_ghz.yaml"
    scenario = load_scenario(path).model_copy(update={"duration_s": 1.0})
    summary = run_scenario(scenario).to_json()
    json.dumps(summary, allow_nan=False)
    common = {"schema_version", "scenario", "sim_time_s", "wall_s", "pairs", "rate_hz"}
    assert set(summary) >= common | {"rate_stderr_hz", "fidelity_mean", "fidelity_stderr"}
    assert summary["protocol"] == "ghz"
    assert summary["nodes"] == ["Bob", "Alice", "Charlie"]
    assert summary["rate_hz"] == summary["pairs"] / summary["sim_time_s"]
    assert summary["witness"] == 0.5 - summary["state_fidelity"]


@pytest.mark.parametrize("keep_hub", [True, False])
def test_readout_flips_of_the_hub_reach_the_fusion(keep_hub: bool) -> None:
    """Perfect pairs (lossless deterministic transfer, ideal memories), three leaves:
    each wrong outcome applies a wrong correction, a bit flip on some leaves (a fusion's
    Z measurement) or a phase flip (the hub's X measurement), either making the state
    orthogonal to GHZ. Two fusions, and one X measurement without the hub: F = (1 - r)^k."""
    flip = 0.1
    data = {
        "name": "flips",
        "duration_s": 1e-3,
        "nodes": [{"name": "H", "num_memories": 3}, *({"name": leaf} for leaf in "ABC")],
        "links": [
            {
                "nodes": ["H", leaf],
                "length_m": 100.0,
                "attenuation_db_per_km": 0.0,
                "scheme": {"kind": "state_transfer"},
            }
            for leaf in "ABC"
        ],
        "protocol": {"kind": "ghz", "hub": "H", "keep_hub": keep_hub, "readout_flip": flip},
    }
    result = run_scenario(parse_scenario(data))
    measurements = 2 if keep_hub else 3
    assert result.num_pairs > 10
    assert result.fidelity.mean == pytest.approx((1 - flip) ** measurements, abs=1e-12)


def test_gate_depolarisation_of_the_hub_reaches_the_fusion() -> None:
    """Perfect pairs (H, A) and (H, B), hub kept: the fusion depolarises the kept qubit
    h1 and the measured h2 with probability g each, i.e. X^x1 Z^z1 on h1 and X^x2 Z^z2
    on h2, each Pauli with g / 4. Through the CNOT h1 -> h2, X on h1 spreads to h2 and
    Z on h2 to h1: after it h1 carries X^x1 Z^(z1 + z2), and h2's Z outcome is flipped
    by x1 + x2 (a wrong X on B). GHZ survives iff x1 = x2 = 0 and z1 = z2: both I or
    both Z, F = (1 - 3 g / 4)^2 + (g / 4)^2."""
    g = 0.08
    data = {
        "name": "gates",
        "duration_s": 1e-3,
        "nodes": [{"name": "H", "num_memories": 2}, {"name": "A"}, {"name": "B"}],
        "links": [
            {
                "nodes": ["H", leaf],
                "length_m": 100.0,
                "attenuation_db_per_km": 0.0,
                "scheme": {"kind": "state_transfer"},
            }
            for leaf in "AB"
        ],
        "protocol": {"kind": "ghz", "hub": "H", "keep_hub": True, "gate_depolarizing": g},
    }
    result = run_scenario(parse_scenario(data))
    assert result.num_pairs > 10
    assert result.fidelity.mean == pytest.approx((1 - 3 * g / 4) ** 2 + (g / 4) ** 2, abs=1e-12)
