"""Topologies: standard shapes have the right nodes, edges and lengths; scenarios round-trip."""

from __future__ import annotations

import networkx as nx
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.network import parse_scenario
from qinternet.network.topology import (
    grid,
    line,
    network_graph,
    scenario_data,
    shortest_path,
    star,
)

LINK = {"scheme": {"kind": "barrett_kok"}}


def _lengths(graph: nx.Graph) -> set[float]:
    return {length for _, _, length in graph.edges(data="length_m")}


@pytest.mark.parametrize("num_nodes", [2, 3, 9])
def test_line_has_n_nodes_and_n_minus_1_links(num_nodes: int) -> None:
    graph = line(num_nodes, length_m=2500.0)
    assert graph.number_of_nodes() == num_nodes
    assert graph.number_of_edges() == num_nodes - 1
    assert _lengths(graph) == {2500.0}
    assert nx.is_connected(graph)
    degrees = sorted(d for _, d in graph.degree())
    assert degrees == [1, 1] + [2] * (num_nodes - 2)
    assert shortest_path(graph, "n0", f"n{num_nodes - 1}") == tuple(
        f"n{i}" for i in range(num_nodes)
    )


def test_line_with_names() -> None:
    graph = line(3, length_m=1.0, names=["Delft", "Leiden", "Amsterdam"])
    assert list(graph.edges) == [("Delft", "Leiden"), ("Leiden", "Amsterdam")]


@pytest.mark.parametrize("num_leaves", [1, 3, 6])
def test_star_joins_every_leaf_to_the_server(num_leaves: int) -> None:
    graph = star(num_leaves, length_m=10e3)
    assert graph.number_of_nodes() == num_leaves + 1
    assert graph.number_of_edges() == num_leaves
    assert graph.degree("server") == num_leaves
    assert all(graph.degree(f"n{i + 1}") == 1 for i in range(num_leaves))
    assert _lengths(graph) == {10e3}


@pytest.mark.parametrize(("rows", "columns"), [(1, 2), (2, 2), (3, 3), (3, 4)])
def test_grid_counts_and_degrees(rows: int, columns: int) -> None:
    graph = grid(rows, columns, length_m=7e3)
    assert graph.number_of_nodes() == rows * columns
    assert graph.number_of_edges() == rows * (columns - 1) + columns * (rows - 1)
    assert _lengths(graph) == {7e3}
    if rows >= 3 and columns >= 3:
        assert graph.degree("r1c1") == 4
        assert graph.degree("r0c0") == 2
    # Manhattan distance between opposite corners, in links.
    path = shortest_path(graph, "r0c0", f"r{rows - 1}c{columns - 1}")
    assert len(path) - 1 == rows - 1 + columns - 1


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda: line(1, length_m=1.0), "num_nodes"),
        (lambda: line(3, length_m=-1.0), "length_m"),
        (lambda: line(2, length_m=float("nan")), "length_m"),
        (lambda: line(3, length_m=1.0, names=["a", "b"]), "names"),
        (lambda: line(2, length_m=1.0, names=["a", "a"]), "names"),
        (lambda: star(0, length_m=1.0), "num_leaves"),
        (lambda: star(2, length_m=1.0, leaves=["server", "B"]), "hub"),
        (lambda: grid(1, 1, length_m=1.0), "rows"),
        (lambda: grid(2, 0, length_m=1.0), "columns"),
    ],
)
def test_impossible_shapes_name_the_parameter(build: object, name: str) -> None:
    with pytest.raises(InvalidParameterError) as raised:
        build()  # type: ignore[operator]
    assert raised.value.name == name


def test_scenario_round_trip_keeps_nodes_links_and_lengths() -> None:
    graph = grid(3, 3, length_m=10e3)
    scenario = parse_scenario(
        scenario_data(graph, name="g", duration_s=0.1, node={"num_memories": 3}, link=LINK)
    )
    assert [node.name for node in scenario.nodes] == list(graph.nodes)
    assert all(node.num_memories == 3 for node in scenario.nodes)
    back = network_graph(scenario)
    assert nx.utils.graphs_equal(nx.Graph(back.edges), nx.Graph(graph.edges))
    assert sorted(index for _, _, index in back.edges(data="index")) == list(range(12))
    assert sum(link.total_length_m for link in scenario.links) == pytest.approx(12 * 10e3)


def test_any_networkx_graph_becomes_a_scenario() -> None:
    # A ring of five cities with different fibre lengths; graph attributes win over defaults.
    ring = nx.relabel_nodes(nx.cycle_graph(5), lambda i: f"city{i}")
    for i, (u, v) in enumerate(ring.edges):
        ring.edges[u, v]["length_m"] = 1000.0 * (i + 1)
    ring.nodes["city0"]["num_memories"] = 8
    scenario = parse_scenario(
        scenario_data(ring, name="ring", duration_s=1.0, node={"num_memories": 2}, link=LINK)
    )
    assert [link.total_length_m for link in scenario.links] == [1000.0 * (i + 1) for i in range(5)]
    assert scenario.nodes[0].num_memories == 8
    assert scenario.nodes[1].num_memories == 2
    assert shortest_path(network_graph(scenario), "city0", "city2") == ("city0", "city1", "city2")


def test_network_graph_uses_the_total_fibre_through_the_station() -> None:
    data = scenario_data(star(2, length_m=0.0, leaves=["A", "B"]), name="s", duration_s=1.0)
    for link, arms in zip(data["links"], ([3000.0, 1000.0], [500.0, 250.0]), strict=True):
        del link["length_m"]
        link["arm_lengths_m"] = arms
        link["scheme"] = {"kind": "barrett_kok"}
    graph = network_graph(parse_scenario(data))
    assert graph.edges["server", "A"]["length_m"] == 4000.0
    assert graph.edges["B", "server"]["length_m"] == 750.0


def test_shortest_path_errors() -> None:
    graph = line(3, length_m=1.0)
    graph.add_node("island")
    with pytest.raises(InvalidParameterError, match="target='nx': is not a node"):
        shortest_path(graph, "n0", "nx")
    with pytest.raises(InvalidParameterError, match="no path joins them"):
        shortest_path(graph, "n0", "island")
