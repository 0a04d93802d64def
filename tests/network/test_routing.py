"""Routing by hops and by expected fidelity, against hand computation and brute force."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.network.routing import chain_fidelity, find_route, werner_parameter
from qinternet.network.topology import grid


def indexed(graph: nx.Graph) -> nx.Graph:
    for index, (u, v) in enumerate(graph.edges):
        graph.edges[u, v]["index"] = index
    return graph


def grid_with_a_poor_link() -> tuple[nx.Graph, list[float]]:
    # 3 x 3 grid, links of F = 0.98, except r0c0-r0c1 (0.80) and r0c1-r1c1 (0.95).
    graph = indexed(grid(3, 3, length_m=10e3))
    fidelities = [0.98] * graph.number_of_edges()
    fidelities[graph.edges["r0c0", "r0c1"]["index"]] = 0.80
    fidelities[graph.edges["r0c1", "r1c1"]["index"]] = 0.95
    return graph, fidelities


def test_closed_forms() -> None:
    # Werner swap F1 F2 + (1 - F1)(1 - F2)/3 = 0.813333 at 0.9, 0.9 (issue 5).
    w = werner_parameter(0.9)
    assert chain_fidelity([w, w]) == pytest.approx(0.9 * 0.9 + 0.1 * 0.1 / 3, abs=1e-12)
    assert werner_parameter(0.25) == 0.0
    assert werner_parameter(1.0) == 1.0
    with pytest.raises(InvalidParameterError, match=r"fidelity=1\.5"):
        werner_parameter(1.5)


def test_hops_take_the_short_path_across_the_poor_link() -> None:
    graph, fidelities = grid_with_a_poor_link()
    route = find_route(graph, "r0c0", "r0c2", routing="hops", link_fidelities=fidelities)
    assert route.nodes == ("r0c0", "r0c1", "r0c2")
    assert route.num_links == 2
    # By hand: w = (4F - 1)/3 = 2.2/3 and 2.92/3; F = (1 + 3 w1 w2)/4 = 9.424/12.
    assert route.expected_fidelity == pytest.approx(9.424 / 12, abs=1e-12)
    assert route.expected_fidelity == pytest.approx(0.785333333, abs=1e-9)


def test_fidelity_avoids_the_poor_link_at_twice_the_hops() -> None:
    graph, fidelities = grid_with_a_poor_link()
    route = find_route(graph, "r0c0", "r0c2", routing="fidelity", link_fidelities=fidelities)
    # Of the 4-link detours, only the one through r1c2 avoids both imperfect links.
    assert route.nodes == ("r0c0", "r1c0", "r1c1", "r1c2", "r0c2")
    # By hand: w = 2.92/3 on four links; 2.92^4 = 72.69949696, so
    # F = (1 + 3 x 72.69949696/81)/4 = 299.09849088/324.
    assert route.expected_fidelity == pytest.approx(299.09849088 / 324, abs=1e-12)
    assert route.expected_fidelity == pytest.approx(0.923143490, abs=1e-9)
    assert route.werner_parameters == pytest.approx([2.92 / 3] * 4, abs=1e-15)


def test_routes_walk_links_in_either_direction() -> None:
    graph, fidelities = grid_with_a_poor_link()
    forward = find_route(graph, "r0c0", "r0c2", routing="fidelity", link_fidelities=fidelities)
    back = find_route(graph, "r0c2", "r0c0", routing="fidelity", link_fidelities=fidelities)
    assert back.nodes == forward.nodes[::-1]
    assert back.links == forward.links[::-1]


def brute_force_best(graph: nx.Graph, source: str, target: str, fidelities: list[float]) -> float:
    best = -math.inf
    for path in nx.all_simple_paths(graph, source, target):
        ws = [
            werner_parameter(fidelities[graph.edges[u, v]["index"]])
            for u, v in itertools.pairwise(path)
        ]
        if min(ws) > 0:
            best = max(best, chain_fidelity(ws))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_fidelity_routing_is_optimal_over_all_simple_paths(seed: int) -> None:
    rng = np.random.default_rng(seed)
    graph = indexed(nx.relabel_nodes(nx.gnm_random_graph(8, 14, seed=seed), str))
    fidelities = list(rng.uniform(0.5, 1.0, graph.number_of_edges()))
    for source, target in itertools.combinations(sorted(graph.nodes)[:4], 2):
        if not nx.has_path(graph, source, target):
            continue
        route = find_route(graph, source, target, routing="fidelity", link_fidelities=fidelities)
        assert route.expected_fidelity == pytest.approx(
            brute_force_best(graph, source, target, fidelities), abs=1e-12
        )
        hops = find_route(graph, source, target, routing="hops", link_fidelities=fidelities)
        assert hops.num_links == nx.shortest_path_length(graph, source, target)
        assert hops.expected_fidelity <= route.expected_fidelity + 1e-12


def test_routing_errors() -> None:
    graph, fidelities = grid_with_a_poor_link()
    with pytest.raises(InvalidParameterError, match="routing='fastest': must be one of hops"):
        find_route(graph, "r0c0", "r0c2", routing="fastest", link_fidelities=fidelities)
    with pytest.raises(InvalidParameterError, match="two different nodes"):
        find_route(graph, "r0c0", "r0c0", routing="hops", link_fidelities=fidelities)
    with pytest.raises(InvalidParameterError, match="source='x0'"):
        find_route(graph, "x0", "r0c0", routing="hops", link_fidelities=fidelities)
    graph.add_node("island")
    with pytest.raises(InvalidParameterError, match="no path joins them"):
        find_route(graph, "r0c0", "island", routing="fidelity", link_fidelities=fidelities)


def test_links_that_are_not_entangled_are_never_used() -> None:
    graph = indexed(grid(1, 3, length_m=1.0))
    with pytest.raises(InvalidParameterError, match=r"every path has a link with F <= 1/4"):
        find_route(graph, "r0c0", "r0c2", routing="fidelity", link_fidelities=[0.9, 0.25])
    # By hops the route exists (and predicts F = 1/4: no entanglement).
    route = find_route(graph, "r0c0", "r0c2", routing="hops", link_fidelities=[0.9, 0.25])
    assert route.expected_fidelity == pytest.approx(0.25)
