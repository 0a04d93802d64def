"""SeQUeNCe topology files read as scenarios (format of SeQUeNCe's router networks)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from qinternet.core.errors import ScenarioError
from qinternet.network import build_scenario, run_scenario
from qinternet.network.sequence_json import load_sequence_topology, scenario_from_sequence

LEAVES = ("router1", "router2", "router3", "router4")


def star_topology() -> dict[str, Any]:
    """A star of four routers around a centre, 500 m each, in SeQUeNCe's format
    (keys and units of its router-network topology files: m, dB/m, ps)."""
    return {
        "nodes": [{"name": "center", "type": "QuantumRouter", "seed": 0, "memo_size": 50}]
        + [
            {"name": leaf, "type": "QuantumRouter", "seed": i + 1, "memo_size": 50}
            for i, leaf in enumerate(LEAVES)
        ],
        "qconnections": [
            {
                "node1": "center",
                "node2": leaf,
                "attenuation": 0.0002,
                "distance": 500,
                "type": "meet_in_the_middle",
            }
            for leaf in LEAVES
        ],
        "cconnections": [
            {"node1": "center", "node2": leaf, "delay": 500_000_000} for leaf in LEAVES
        ],
        "is_parallel": False,
        "stop_time": 2_000_000_000_000,
    }


def test_star_file_becomes_four_barrett_kok_links(tmp_path: Path) -> None:
    path = tmp_path / "star_network.json"
    path.write_text(json.dumps(star_topology()))
    scenario = load_sequence_topology(path)
    assert scenario.name == "star_network"
    assert scenario.duration_s == pytest.approx(2.0)  # 2e12 ps
    assert [node.num_memories for node in scenario.nodes] == [50] * 5
    assert [link.nodes for link in scenario.links] == [("center", leaf) for leaf in LEAVES]
    assert {link.scheme.kind for link in scenario.links} == {"barrett_kok"}
    assert "classical delays" in scenario.description
    built = build_scenario(scenario)
    # 0.0002 dB/m over a 250 m arm: T = 10^(-0.05/10); Barrett-Kok succeeds with T^2/2.
    arm_transmission = 10 ** (-0.0002 * 250 / 10)
    for link in built.links:
        assert link.outcome.success_probability == pytest.approx(arm_transmission**2 / 2, rel=1e-12)


def test_explicit_station_channels_give_the_same_link() -> None:
    topology = {
        "nodes": [
            {"name": "a", "type": "QuantumRouter", "seed": 0, "memo_size": 4},
            {"name": "b", "type": "QuantumRouter", "seed": 1, "memo_size": 4},
            {"name": "bsm", "type": "BSMNode", "seed": 2},
        ],
        "qchannels": [
            {"source": "a", "destination": "bsm", "distance": 300, "attenuation": 0.0002},
            {"source": "b", "destination": "bsm", "distance": 700, "attenuation": 0.0002},
        ],
        "stop_time": 1e11,
    }
    scenario = scenario_from_sequence(topology, name="station")
    (link,) = scenario.links
    assert link.nodes == ("a", "b")
    assert link.arms_m == (300.0, 700.0)
    assert scenario.duration_s == pytest.approx(0.1)


def test_a_read_topology_runs_at_its_predicted_rate() -> None:
    topology = star_topology()
    scenario = scenario_from_sequence(topology, name="star", seed=3, duration_s=0.02)
    result = run_scenario(scenario)
    for link in result.links:
        stats = link.statistics
        assert abs(stats.rate_hz - link.predicted_rate_hz) < 5 * stats.rate_stderr_hz


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["nodes"][1].update(type="QKDNode"), "nodes[1].type='QKDNode'"),
        (lambda t: t["qconnections"][0].update(type="all_to_one"), "qconnections[0].type"),
        (lambda t: t["qconnections"][0].pop("distance"), "qconnections[0].distance: missing"),
        (lambda t: t["qconnections"][0].update(distance="far"), "qconnections[0].distance='far'"),
        (lambda t: t["nodes"][0].update(memo_size=0), "nodes[0].memo_size=0"),
        (lambda t: t.pop("stop_time"), "stop_time: missing"),
        (lambda t: t["qconnections"][0].update(node2="nowhere"), "unknown node 'nowhere'"),
    ],
)
def test_what_cannot_be_read_is_named(change: Any, message: str) -> None:
    topology = star_topology()
    change(topology)
    with pytest.raises(ScenarioError, match=re.escape(message)):
        scenario_from_sequence(topology, name="star", source="star.json")


def test_a_station_needs_two_routers_of_one_fibre_type() -> None:
    topology = {
        "nodes": [
            {"name": "a", "type": "QuantumRouter", "memo_size": 1},
            {"name": "b", "type": "QuantumRouter", "memo_size": 1},
            {"name": "m", "type": "BSMNode"},
        ],
        "qchannels": [
            {"source": "a", "destination": "m", "distance": 1, "attenuation": 0.0002},
            {"source": "b", "destination": "m", "distance": 1, "attenuation": 0.0003},
        ],
        "stop_time": 1e12,
    }
    with pytest.raises(ScenarioError, match="differ in attenuation"):
        scenario_from_sequence(topology, name="x")
    topology["qchannels"].pop()
    with pytest.raises(ScenarioError, match="1 quantum channels lead to it"):
        scenario_from_sequence(topology, name="x")


def test_unreadable_files_are_one_error(tmp_path: Path) -> None:
    binary = tmp_path / "topology.json"
    binary.write_bytes(b"\xff\xfe\x00{")
    with pytest.raises(ScenarioError, match=re.escape("topology.json")):
        load_sequence_topology(binary)
    broken = tmp_path / "broken.json"
    broken.write_text('{"nodes": [')
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_sequence_topology(broken)


def test_qinternet_run_takes_a_sequence_topology_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from qinternet.cli.main import main

    file = tmp_path / "star.json"
    file.write_text(json.dumps(star_topology()))
    assert main(["run", str(file), "--json", "--duration-s", "0.002", "--seed", "5"]) == 0
    result = json.loads(capsys.readouterr().out)
    direct = run_scenario(
        scenario_from_sequence(star_topology(), name="star", seed=5, duration_s=0.002)
    )
    assert result["pairs"] == direct.num_pairs
    assert result["scenario"] == "star"
