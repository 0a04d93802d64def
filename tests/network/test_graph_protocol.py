"""The ``graph`` protocol: graph states over a scenario's links, from files to results."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qinternet.core.errors import ScenarioError
from qinternet.network.build import build_scenario
from qinternet.network.graph import GraphResult, run_graph
from qinternet.network.scenario import load_scenario, parse_scenario
from qinternet.physics.applications.distributed import nonlocal_cnot
from qinternet.physics.maps.graph_state import NetworkGraph, graph_state_from_pairs
from qinternet.states import DensityMatrix, pauli_expectation, random_density

EXAMPLE = Path(__file__).parents[2] / "examples" / "grid_graph_state.yaml"


def _run(data: dict[str, Any]) -> GraphResult:
    result = run_graph(build_scenario(parse_scenario(data)))
    assert isinstance(result, GraphResult)
    return result


def _werner_w(fidelity: float) -> float:
    # Werner pair: phi+ with weight F, the other three Bell states (1 - F)/3 each. The
    # remote CZ leaves Z on one node for psi+/phi-/psi- as the case may be; a node's K_v
    # flips with probability 2(1 - F)/3, so <K_v> gains the factor 1 - 4(1 - F)/3.
    return 1.0 - 4.0 * (1.0 - fidelity) / 3.0


def test_grid_example_stabilizers_follow_the_werner_closed_form() -> None:
    built = build_scenario(load_scenario(EXAMPLE))
    assert built.graph is not None
    assert built.graph.backend == "stabilizer"
    result = run_graph(built)
    scenario = built.scenario
    fidelity = {frozenset(link.nodes): link.heralded_fidelity for link in scenario.links}
    summary = result.to_json()
    assert summary["num_nodes"] == 9
    assert summary["num_links"] == 12
    for entry in summary["stabilizers"]:
        expected = math.prod(
            _werner_w(f) for ends, f in fidelity.items() if entry["node"] in ends and f
        )
        assert abs(entry["value"] - expected) < 5 * entry["stderr"], entry
    # The exact route on the same file gives the same witness within its errors.
    exact = _run(
        {**scenario.model_dump(), "protocol": {"kind": "graph", "backend": "density_matrix"}}
    )
    exact_witness = exact.to_json()["witness"]
    assert abs(summary["witness"] - exact_witness) < 5 * summary["witness_stderr"]
    assert summary["rate_hz"] is None
    assert summary["fidelity_mean"] is None


def _line(num_nodes: int, link: dict[str, Any], backend: str = "auto") -> dict[str, Any]:
    return {
        "name": "line",
        "seed": 5,
        "duration_s": 1.0,
        "topology": {"kind": "line", "num_nodes": num_nodes, "length_m": 1000, "link": link},
        "protocol": {"kind": "graph", "backend": backend, "shots": 4000},
    }


def test_density_route_equals_stabilizer_route_on_four_nodes() -> None:
    link = {"heralded_fidelity": 0.92, "scheme": {"kind": "barrett_kok"}}
    exact = _run(_line(4, link, "density_matrix")).to_json()
    sampled = _run(_line(4, link, "stabilizer")).to_json()
    w = _werner_w(0.92)
    assert [k["value"] for k in exact["stabilizers"]] == pytest.approx(
        [w, w * w, w * w, w], abs=1e-12
    )
    for a, b in zip(exact["stabilizers"], sampled["stabilizers"], strict=True):
        assert abs(a["value"] - b["value"]) < 5 * b["stderr"]
    assert abs(exact["witness"] - sampled["witness"]) < 5 * sampled["witness_stderr"]
    # Witness and fidelity bound: (1 - W)/2 <= F, here checked on the exact state.
    assert exact["fidelity_lower_bound"] <= exact["fidelity_mean"] + 1e-12


def test_exact_route_matches_the_nonlocal_cnot_channel_for_any_pair() -> None:
    pair = random_density((2, 2), rng=np.random.default_rng(3))
    made = graph_state_from_pairs(NetworkGraph(("a", "b"), ((0, 1),)), [pair])
    # Independent route: the Choi state of the non-local CNOT (distributed.py) acting on
    # |+>|+> with Hadamards around the target: CZ = (I x H) CNOT (I x H), H|+> = |0>.
    choi = nonlocal_cnot(pair).choi.matrix.reshape(4, 4, 4, 4)  # (ref in, out) rows/cols
    plus_zero = np.kron([1, 1], [np.sqrt(2), 0]) / 2.0
    rho_in = np.outer(plus_zero, plus_zero)
    out = 4 * np.einsum("ij,iajb->ab", rho_in.T, choi)
    h = np.kron(np.eye(2), np.array([[1, 1], [1, -1]]) / np.sqrt(2))
    expected = DensityMatrix(h @ out @ h, dims=(2, 2))
    for pauli in ("XZ", "ZX", "XX", "YY", "ZZ", "XI", "IZ"):
        assert pauli_expectation(made, pauli) == pytest.approx(
            pauli_expectation(expected, pauli), abs=1e-10
        )


SINGLE_CLICK = {"scheme": {"kind": "single_click", "bright_state_population": 0.1}}


def test_a_pair_that_is_not_bell_diagonal_takes_the_exact_route() -> None:
    built = build_scenario(parse_scenario(_line(3, SINGLE_CLICK)))
    assert built.graph is not None
    assert built.graph.backend == "density_matrix"
    assert built.graph.bell_diagonal is None


@pytest.mark.parametrize(
    ("num_nodes", "backend", "needle"),
    [
        (11, "auto", "links[0] heralds a pair that is not Bell-diagonal"),
        (3, "stabilizer", "links[0] heralds a pair that is not Bell-diagonal"),
        (11, "density_matrix", "protocol.backend='density_matrix': 11 nodes"),
    ],
)
def test_refusals_name_the_field(num_nodes: int, backend: str, needle: str) -> None:
    with pytest.raises(ScenarioError, match=re.escape(needle)):
        build_scenario(parse_scenario(_line(num_nodes, SINGLE_CLICK, backend)))


@pytest.mark.parametrize("shots", [0, 1, -3])
def test_too_few_shots_are_refused(shots: int) -> None:
    data = _line(3, SINGLE_CLICK)
    data["protocol"]["shots"] = shots
    with pytest.raises(ScenarioError, match=r"protocol\.shots"):
        parse_scenario(data)


def test_two_links_between_the_same_nodes_are_refused() -> None:
    link = {"nodes": ["A", "B"], "length_m": 10.0, "scheme": {"kind": "barrett_kok"}}
    data = {
        "name": "twice",
        "duration_s": 1.0,
        "nodes": [{"name": "A", "num_memories": 2}, {"name": "B", "num_memories": 2}],
        "links": [link, {**link, "nodes": ["B", "A"]}],
        "protocol": {"kind": "graph"},
    }
    with pytest.raises(ScenarioError, match="again"):
        parse_scenario(data)


def test_a_links_pair_is_its_heralded_patterns_corrected_to_phi_plus() -> None:
    # Barrett-Kok heralds psi+ and psi- (two patterns); corrected to phi+ and mixed by
    # probability, the pair's phi+ fidelity is the link layer's own mean fidelity.
    from qinternet.network.graph import link_pair
    from qinternet.states import bell_state, fidelity

    data = _line(2, {"scheme": {"kind": "barrett_kok"}, "detector": {"dark_count_rate_hz": 1e4}})
    built = build_scenario(parse_scenario(data))
    outcome = built.links[0].outcome
    assert {b.target_name for b in outcome.branches} == {"psi+", "psi-"}
    pair = link_pair(outcome)
    assert fidelity(pair, bell_state("phi+")) == pytest.approx(outcome.mean_fidelity, abs=1e-12)
    assert outcome.mean_fidelity < 1.0


def test_a_triangle_takes_three_settings_and_has_no_two_setting_witness() -> None:
    link = {"nodes": ["A", "B"], "length_m": 10.0, "heralded_fidelity": 0.95}
    link["scheme"] = {"kind": "barrett_kok"}
    data: dict[str, Any] = {
        "name": "triangle",
        "seed": 2,
        "duration_s": 1.0,
        "nodes": [{"name": name} for name in "ABC"],
        "links": [link, {**link, "nodes": ["B", "C"]}, {**link, "nodes": ["C", "A"]}],
        "protocol": {"kind": "graph", "shots": 3000, "backend": "stabilizer"},
    }
    summary = _run(data).to_json()
    assert summary["settings"] == 3
    assert summary["witness"] is None
    w = _werner_w(0.95)
    for entry in summary["stabilizers"]:
        assert abs(entry["value"] - w * w) < 5 * entry["stderr"]
    assert abs(summary["stabilizer_mean"] - w * w) < 5 * summary["stabilizer_mean_stderr"]


def test_budget_counts_nodes_links_shots_and_settings() -> None:
    from qinternet.core.errors import ResourceLimitError
    from qinternet.network.budget import check_budget, estimate_cost

    data = _line(3, {"heralded_fidelity": 0.9, "scheme": {"kind": "barrett_kok"}}, "stabilizer")
    built = build_scenario(parse_scenario(data))
    # 3 nodes + 2 links, 4000 shots for each of the line's 2 colours.
    assert estimate_cost(built).events == (3 + 2) * 4000 * 2
    data["protocol"]["shots"] = 10**8
    with pytest.raises(ResourceLimitError, match=r"protocol\.shots=100000000"):
        check_budget(build_scenario(parse_scenario(data)), source="x")


def test_run_prints_one_summary_row(capsys: pytest.CaptureFixture[str]) -> None:
    from qinternet.cli.main import main

    assert main(["run", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "graph state" in out
    assert "Stim, 2000 shots x 2" in out
    assert "no simulated time" in out
