"""Graph and GHZ states distributed from noisy Bell pairs: closed forms derived here,
the ideal states built here from CZ gates on |+>, and the two protocols held equal."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.maps.graph_state import (
    NetworkGraph,
    ghz_chain_circuit,
    ghz_closed_form,
    ghz_observables,
    graph_stabilizer_observables,
    graph_state_circuit,
    graph_state_stabilizers,
    stabilizer_closed_form,
)
from qinternet.states import BellDiagonal, partial_trace
from qinternet.states.clifford import DenseRun, pauli_expectations, run_dense


def werner_factor(fidelity: float) -> float:
    """A Werner link leaves Z on a given end with probability 2(1-F)/3 (two of the three
    Paulis on the pair do), so it multiplies that end's <K_v> by 1 - 4(1-F)/3."""
    return 1.0 - 4.0 * (1.0 - fidelity) / 3.0


def ideal_graph_state(num_nodes: int, edges: list[tuple[int, int]]) -> np.ndarray:
    """prod CZ_uv |+>^n as a vector (Hein et al., quant-ph/0602096, Sec. 2): the sign of
    basis state x is (-1)^(number of edges with both ends 1)."""
    amplitudes = np.full(2**num_nodes, 2 ** (-num_nodes / 2))
    for x in range(2**num_nodes):
        bits = [(x >> (num_nodes - 1 - q)) & 1 for q in range(num_nodes)]
        amplitudes[x] *= (-1) ** sum(bits[u] * bits[v] for u, v in edges)
    return amplitudes


def data_state(run: DenseRun, num_nodes: int, slots: int) -> np.ndarray:
    """The state of the data qubits (slot 0 of each node) after a run."""
    return partial_trace(run.state, [slots * v for v in range(num_nodes)]).matrix


@pytest.mark.parametrize("fidelity", [0.95, 0.8])
def test_line_of_three_closed_form_on_both_routes(fidelity: float) -> None:
    """a - b - c: the end nodes have one link, <K> = f; the middle has two, <K> = f^2,
    with f = 1 - 4(1-F)/3 (independent links multiply)."""
    f = werner_factor(fidelity)
    expected = np.array([f, f * f, f])
    graph = NetworkGraph.from_edges("abc", [("a", "b"), ("b", "c")])
    link = BellDiagonal.from_werner(fidelity)
    exact = graph_state_stabilizers(
        graph, link, 0, None, protocol="remote_gates", backend="density_matrix"
    )
    np.testing.assert_allclose(exact.values, expected, atol=1e-12)
    shots = 20000
    sampled = graph_state_stabilizers(
        graph, link, shots, np.random.default_rng(1), protocol="remote_gates"
    )
    assert sampled.backend.value == "stabilizer"
    assert np.all(np.abs(sampled.values - expected) <= 5 * np.sqrt((1 - expected**2) / shots))


def test_two_nodes_bell_diagonal_link_closed_form() -> None:
    """Pair = phi+ with Pauli X, Y, Z on b's half (weights psi+, psi-, phi-). X makes b's
    copy of a's Z value wrong, so the CZ leaves Z on b; Z flips b's X-measurement, so
    a's correction leaves Z on a; Y does both. <K_a> = 1 - 2(phi- + psi-),
    <K_b> = 1 - 2(psi+ + psi-)."""
    link = BellDiagonal((0.7, 0.05, 0.15, 0.1))
    expected = [1 - 2 * (0.05 + 0.1), 1 - 2 * (0.15 + 0.1)]
    graph = NetworkGraph.from_edges(["a", "b"], [("a", "b")])
    exact = graph_state_stabilizers(
        graph, link, 0, None, protocol="remote_gates", backend="density_matrix"
    )
    np.testing.assert_allclose(exact.values, expected, atol=1e-12)
    np.testing.assert_allclose(stabilizer_closed_form(graph, link), expected, atol=1e-15)


def test_perfect_links_give_the_ideal_graph_state() -> None:
    edges = [(0, 1), (1, 2), (0, 2)]
    graph = NetworkGraph(("a", "b", "c"), tuple(edges))
    ideal = ideal_graph_state(3, edges)
    run = run_dense(graph_state_circuit(graph, BellDiagonal.from_werner(1.0), "remote_gates"))
    np.testing.assert_allclose(data_state(run, 3, 2), np.outer(ideal, ideal), atol=1e-12)


def test_compiled_protocol_equals_the_gadgets_exactly() -> None:
    """The data qubits' state after the remote-gate gadgets equals CZ + Pauli channel."""
    graph = NetworkGraph(("a", "b", "c"), ((0, 1), (1, 2), (0, 2)))  # a is first end twice
    link = BellDiagonal((0.8, 0.03, 0.07, 0.1))
    gadgets = run_dense(graph_state_circuit(graph, link, "remote_gates"))
    compiled = run_dense(graph_state_circuit(graph, link, "compiled"))
    np.testing.assert_allclose(data_state(gadgets, 3, 2), data_state(compiled, 3, 1), atol=1e-12)


def test_grid_on_stim_matches_the_degree_law() -> None:
    """4 x 4 grid (networkx), both protocols on Stim: <K_v> = f^deg(v) within 5 sigma."""
    grid = nx.grid_2d_graph(4, 4)
    graph = NetworkGraph.from_edges(grid.nodes, grid.edges)
    fidelity = 0.96
    expected = np.array([werner_factor(fidelity) ** grid.degree(v) for v in grid.nodes])
    shots = 8000
    link = BellDiagonal.from_werner(fidelity)
    for protocol in ("remote_gates", "compiled"):
        result = graph_state_stabilizers(
            graph, link, shots, np.random.default_rng(2), protocol=protocol
        )
        sigma = np.sqrt((1 - expected**2) / shots)
        assert np.all(np.abs(result.values - expected) <= 5 * sigma), protocol
    np.testing.assert_allclose(stabilizer_closed_form(graph, link), expected, atol=1e-14)


def test_ghz_chain_closed_form_and_ideal_state() -> None:
    """Remote CNOTs along a - b - c. Each link leaves Z on its first node (flips X^n)
    with probability 2(1-F)/3 and X on its second (copied forward by later CNOTs, so only
    Z_i Z_(i+1) of that link sees it once) with probability 2(1-F)/3:
    <X^n> = f^(n-1), <Z_i Z_(i+1)> = f."""
    fidelity = 0.9
    f = werner_factor(fidelity)
    link = BellDiagonal.from_werner(fidelity)
    circuit = ghz_chain_circuit(["a", "b", "c"], link, "remote_gates")
    exact = pauli_expectations(circuit, ghz_observables(3), 0, None, backend="density_matrix")
    np.testing.assert_allclose(exact.values, [f * f, f, f], atol=1e-12)
    np.testing.assert_allclose(ghz_closed_form(3, link), [f * f, f, f], atol=1e-15)
    perfect = run_dense(ghz_chain_circuit(["a", "b", "c"], BellDiagonal.from_werner(1.0)))
    ghz = np.zeros(8)
    ghz[[0, 7]] = math.sqrt(0.5)
    np.testing.assert_allclose(data_state(perfect, 3, 2), np.outer(ghz, ghz), atol=1e-12)


def test_ghz_chain_on_stim_both_protocols() -> None:
    num_nodes, fidelity, shots = 12, 0.97, 8000
    f = werner_factor(fidelity)
    expected = np.array([f ** (num_nodes - 1)] + [f] * (num_nodes - 1))
    link = BellDiagonal.from_werner(fidelity)
    names = [f"n{i}" for i in range(num_nodes)]
    for protocol in ("remote_gates", "compiled"):
        circuit = ghz_chain_circuit(names, link, protocol)
        result = pauli_expectations(
            circuit, ghz_observables(num_nodes, protocol), shots, np.random.default_rng(3)
        )
        sigma = np.sqrt((1 - expected**2) / shots)
        assert np.all(np.abs(result.values - expected) <= 5 * sigma), protocol


def test_stabilizers_sit_on_data_qubits() -> None:
    graph = NetworkGraph(("a", "b"), ((0, 1),))
    assert graph_stabilizer_observables(graph, "remote_gates") == [
        {2: "Z", 0: "X"},
        {0: "Z", 2: "X"},
    ]
    assert graph_stabilizer_observables(graph, "compiled") == [{1: "Z", 0: "X"}, {0: "Z", 1: "X"}]


def test_bad_graphs_are_refused() -> None:
    looped = nx.Graph([(0, 1), (1, 1)])
    with pytest.raises(InvalidParameterError, match="self-loop at node '1'"):
        NetworkGraph.from_edges(looped.nodes, looped.edges)
    with pytest.raises(InvalidParameterError, match="link repeats"):
        NetworkGraph(("a", "b"), ((0, 1), (1, 0)))
    with pytest.raises(InvalidParameterError, match="unknown node 'z'"):
        NetworkGraph.from_edges(["a"], [("a", "z")])
    with pytest.raises(InvalidParameterError, match="protocol='teleport'"):
        graph_state_circuit(
            NetworkGraph(("a", "b"), ((0, 1),)), BellDiagonal.from_werner(1), "teleport"
        )
    with pytest.raises(InvalidParameterError, match="at least 2 nodes"):
        ghz_chain_circuit(["a"], BellDiagonal.from_werner(1.0))


def test_ghz_compiled_protocol_equals_the_gadgets_exactly() -> None:
    link = BellDiagonal((0.8, 0.03, 0.07, 0.1))
    gadgets = run_dense(ghz_chain_circuit(["a", "b", "c"], link, "remote_gates"))
    compiled = run_dense(ghz_chain_circuit(["a", "b", "c"], link, "compiled"))
    np.testing.assert_allclose(data_state(gadgets, 3, 2), data_state(compiled, 3, 1), atol=1e-12)


def test_one_link_state_per_edge_on_every_route() -> None:
    # A 4-cycle with four different Bell-diagonal links: the exact state made from the
    # pairs' density matrices (gadgets with deferred measurements), the compiled circuit's
    # density matrix, and the closed form written out here, edge by edge.
    from qinternet.physics.maps.graph_state import graph_state_from_pairs
    from qinternet.states import pauli_expectation

    graph = NetworkGraph(tuple("abcd"), ((0, 1), (1, 2), (2, 3), (3, 0)))
    rng = np.random.default_rng(11)
    links = [BellDiagonal(tuple(rng.dirichlet([20.0, 1.0, 2.0, 3.0]))) for _ in graph.edges]
    expected = np.ones(4)
    for (u, v), link in zip(graph.edges, links, strict=True):
        _, phi_minus, psi_plus, psi_minus = link.coefficients
        expected[u] *= 1.0 - 2.0 * (phi_minus + psi_minus)  # Z lands on u for phi-, psi-
        expected[v] *= 1.0 - 2.0 * (psi_plus + psi_minus)  # and on v for psi+, psi-
    circuit = graph_state_stabilizers(graph, links, 0, None, backend="density_matrix")
    state = graph_state_from_pairs(graph, [link.to_density() for link in links])
    exact = [pauli_expectation(state, p) for p in ("XZIZ", "ZXZI", "IZXZ", "ZIZX")]
    assert circuit.values == pytest.approx(expected, abs=1e-12)
    assert exact == pytest.approx(expected, abs=1e-12)
    assert stabilizer_closed_form(graph, links) == pytest.approx(expected, abs=1e-12)
    with pytest.raises(InvalidParameterError, match="3 link states for 4 links"):
        graph_state_circuit(graph, links[:3])
