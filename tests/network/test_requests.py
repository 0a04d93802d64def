"""Requests: routes become chains that share memories and one clock, and deliver the
Werner prediction; memory shares, reversed links and bad requests."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError, ScenarioError
from qinternet.network import NetworkResult, build_scenario, parse_scenario, run_scenario
from qinternet.network.requests import reversed_link, route_links, share_memories
from qinternet.physics.applications import binary_entropy
from qinternet.physics.links import single_click_link
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.states import bell_state, fidelity, partial_trace, permute

LINK_FIDELITY = 0.95
W = (4 * LINK_FIDELITY - 1) / 3


def link(a: str, b: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "nodes": [a, b],
        "length_m": 2000.0,
        "scheme": {"kind": "barrett_kok"},
        "heralded_fidelity": LINK_FIDELITY,
    }
    data.update(changes)
    return data


def shared_nodes_scenario(**protocol: Any) -> dict[str, Any]:
    # A - B - C - D with E hanging off B. Request 0: A -> D (3 links); request 1: E -> C
    # (2 links). They share B and C, and both walk links C-B and B-E backwards.
    emitter = {"max_attempt_rate_hz": 2000.0}
    memories = {"A": 2, "B": 8, "C": 6, "D": 2, "E": 2}
    return {
        "name": "shared",
        "seed": 11,
        "duration_s": 0.2,
        "nodes": [{"name": n, "num_memories": m, "emitter": emitter} for n, m in memories.items()],
        "links": [link("A", "B"), link("C", "B"), link("C", "D"), link("B", "E")],
        "protocol": {
            "kind": "requests",
            "requests": [{"between": ["A", "D"]}, {"between": ["E", "C"]}],
            **protocol,
        },
    }


def run(data: dict[str, Any]) -> NetworkResult:
    result = run_scenario(parse_scenario(data, source="t.yaml"), source="t.yaml")
    assert isinstance(result, NetworkResult)
    return result


def test_two_requests_sharing_nodes_deliver_the_werner_prediction() -> None:
    result = run(shared_nodes_scenario())
    long, short = result.requests
    assert long.plan.route.nodes == ("A", "B", "C", "D")
    assert short.plan.route.nodes == ("E", "B", "C")
    assert (long.plan.chain.num_channels, short.plan.chain.num_channels) == (2, 2)
    for request, hops in ((long, 3), (short, 2)):
        stats = request.statistics
        assert stats.num_pairs > 20
        predicted = (1 + 3 * W**hops) / 4
        assert stats.fidelity.mean == pytest.approx(predicted, abs=1e-12)
        assert stats.fidelity.stderr < 1e-12
        assert request.plan.route.expected_fidelity == pytest.approx(predicted, abs=1e-12)
        # The mean delivered state (Pauli-corrected to phi+) is the Werner state.
        assert stats.state is not None
        assert fidelity(stats.state, bell_state("phi+")) == pytest.approx(predicted, abs=1e-12)


def test_chsh_and_key_rate_come_from_the_delivered_state() -> None:
    result = run(shared_nodes_scenario())
    for request, hops in zip(result.requests, (3, 2), strict=True):
        stats = request.statistics
        w = W**hops
        # Werner state: correlation matrix diag(w, -w, w), S = 2 sqrt(2) w (Horodecki).
        assert stats.chsh == pytest.approx(2 * math.sqrt(2) * w, abs=1e-9)
        # BBM92: Q_Z = Q_X = (1 - w)/2; r = 1 - 2 h(Q); rate x 1/2 sifting x r.
        q = (1 - w) / 2
        assert stats.key is not None
        assert stats.key.qber_z == pytest.approx(q, abs=1e-12)
        assert stats.key.qber_x == pytest.approx(q, abs=1e-12)
        fraction = max(0.0, 1 - 2 * binary_entropy(q))
        assert stats.key.key_rate_bps == pytest.approx(stats.rate_hz * 0.5 * fraction, rel=1e-9)
        entry = request.to_json()
        assert entry["chsh"] == stats.chsh
        assert entry["key_rate_bps"] == stats.key.key_rate_bps


def test_same_seed_same_result_other_seed_other_result() -> None:
    def summary(data: dict[str, Any]) -> list[dict[str, Any]]:
        return [request.to_json() for request in run(data).requests]

    first = summary(shared_nodes_scenario())
    assert summary(shared_nodes_scenario()) == first
    other = shared_nodes_scenario()
    other["seed"] = 12
    assert summary(other) != first


def test_max_pairs_stops_each_request_and_the_run_when_all_are_done() -> None:
    data = shared_nodes_scenario()
    data["duration_s"] = 100.0
    data["protocol"]["requests"][0]["max_pairs"] = 5
    data["protocol"]["requests"][1]["max_pairs"] = 7
    result = run(data)
    assert [r.statistics.num_pairs for r in result.requests] == [5, 7]
    assert result.sim_time_s < 1.0
    for request in result.requests:
        assert request.statistics.sim_time_s <= result.sim_time_s
        assert request.statistics.rate_hz == pytest.approx(
            request.statistics.num_pairs / request.statistics.sim_time_s
        )


def test_duration_bounds_a_run_without_max_pairs() -> None:
    data = shared_nodes_scenario()
    data["duration_s"] = 0.05
    result = run(data)
    assert result.sim_time_s == pytest.approx(0.05)


def test_fixed_channels_and_shares() -> None:
    data = shared_nodes_scenario()
    data["protocol"]["requests"][0]["num_channels"] = 1
    built = build_scenario(parse_scenario(data))
    # B: 8 - 2 x 1 = 6 left for request 1's two sides; C: 6 - 2 = 4 for its one end.
    assert [plan.chain.num_channels for plan in built.requests] == [1, 2]


def test_a_node_with_too_few_memories_is_named_with_the_requests() -> None:
    data = shared_nodes_scenario()
    data["nodes"][1]["num_memories"] = 3
    with pytest.raises(
        ScenarioError,
        match=r"^t\.yaml: nodes\[1\]\.num_memories=3: node 'B' has too few: one channel of "
        r"each request using 'B' needs 4 \(requests\[0\]: 2, requests\[1\]: 2\)$",
    ):
        build_scenario(parse_scenario(data, source="t.yaml"), source="t.yaml")
    data = shared_nodes_scenario()
    data["protocol"]["requests"][0]["num_channels"] = 5
    with pytest.raises(ScenarioError, match=r"node 'A' has too few for the channels"):
        build_scenario(parse_scenario(data, source="t.yaml"), source="t.yaml")


def test_unconnected_nodes_are_a_clear_error() -> None:
    data = shared_nodes_scenario()
    data["nodes"].append({"name": "F"})
    data["protocol"]["requests"][1]["between"] = ["A", "F"]
    with pytest.raises(
        ScenarioError,
        match=r"^t\.yaml: protocol\.requests\[1\]\.between=\['A', 'F'\]: no route: 'A' and "
        r"'F' are not connected by links$",
    ):
        build_scenario(parse_scenario(data, source="t.yaml"), source="t.yaml")


def test_cutoff_shorter_than_an_attempt_is_refused() -> None:
    data = shared_nodes_scenario(cutoff_s=1e-6)
    with pytest.raises(ScenarioError, match=r"protocol\.cutoff_s=1e-06: must be at least one"):
        build_scenario(parse_scenario(data, source="t.yaml"), source="t.yaml")


def test_fock_mode_links_cannot_be_swapped() -> None:
    data = shared_nodes_scenario()
    dlcz = {"kind": "dlcz", "excitation_probability": 0.01}
    data["links"][0] = link("A", "B", scheme=dlcz, heralded_fidelity=None)
    with pytest.raises(ScenarioError, match=r"links\[0\]\.scheme='dlcz': holds modes"):
        build_scenario(parse_scenario(data, source="t.yaml"), source="t.yaml")


def test_share_memories_rules() -> None:
    routes = [("A", "B", "C"), ("C", "B", "D"), ("B", "E")]
    memories = {"A": 3, "B": 10, "C": 4, "D": 1, "E": 9}
    # B: needs 2 + 2 + 1 = 5 per channel -> 2 each; C: 1 + 1 -> 2; D: 1; E: 9.
    assert share_memories(routes, memories) == (2, 1, 2)
    assert share_memories(routes, memories, [None, None, 4]) == (1, 1, 4)
    with pytest.raises(InvalidParameterError, match="lack node 'Z'"):
        share_memories([("A", "Z")], memories)


def test_reversed_link_reorders_the_qubits_of_every_heralded_state() -> None:
    # Unequal arm efficiencies make the heralded state asymmetric under the swap.
    outcome = single_click_link(0.1, (0.3, 0.05), arm_length_m=1e3)
    config = HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(1e-5, 4e-5))
    back = reversed_link(config)
    assert (back.node_a, back.node_b, back.herald_delay_s) == ("B", "A", (4e-5, 1e-5))
    assert back.outcome.success_probability == outcome.success_probability
    for before, after in zip(outcome.branches, back.outcome.branches, strict=True):
        assert np.allclose(after.state.matrix, permute(before.state, (1, 0)).matrix)
        assert after.target_name == before.target_name
        assert after.fidelity == pytest.approx(before.fidelity, abs=1e-12)
        assert not np.allclose(
            partial_trace(after.state, 0).matrix, partial_trace(before.state, 0).matrix
        )
    twice = reversed_link(back)
    assert np.allclose(twice.outcome.heralded_state.matrix, outcome.heralded_state.matrix)
    oriented = route_links(["B", "A"], [0], [config])
    assert (oriented[0].node_a, oriented[0].node_b) == ("B", "A")
    with pytest.raises(InvalidParameterError, match="does not join 'B'-'C'"):
        route_links(["B", "C"], [0], [config])
