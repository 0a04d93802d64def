"""docs/make_multipartite_figures.py: its plotted points against closed forms derived here.

- W state of k = 4 ensembles read out with efficiencies eta_j: the lossy state is
  |psi><psi| + p_vac |0><0| with psi = sum_j sqrt(eta_j / k) |1_j>, so
  F = |<W|psi>|^2 = (sum_j sqrt(eta_j))^2 / k^2 (equal paths: F = eta_r).
- Grid graph state from Werner links of fidelity F: each link leaves Z on its ends with
  probabilities that flip a stabilizer with probability 2(1 - F)/3 per end, so
  <K_v> = v^deg(v) with v = (4F - 1)/3, and flips of different nodes of one colour class
  come from different links: P_class = prod_class (1 + v^deg)/2 and the Toth-Guhne
  witness is 3 - 2 (P_A + P_B). Checked once more on exact density matrices of the
  compiled circuit (the figure's records come from the remote-gate gadgets on Stim).
- The wire: y_i y_j is the product of the K of the d/2 odd nodes between (four links
  each), so C(d) = v^(2d) and xi = -1/(2 ln v) hops.
"""

from __future__ import annotations

import math
from pathlib import Path
from types import ModuleType
from typing import Any

import matplotlib.image
import networkx as nx
import numpy as np
import pytest

from qinternet.physics.maps.fusion import equal_splitter_network, w_state_from_splitter
from qinternet.physics.maps.graph_state import graph_state_circuit
from qinternet.states import fidelity
from qinternet.states.bell import BellDiagonal
from qinternet.states.clifford import pauli_expectations
from qinternet.states.multipartite import stabilizer_group, w_state

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "make_multipartite_figures.py"
EFFICIENCIES = (0.6, 0.9)
LINK_FIDELITIES = (0.93, 0.99)
WIRE_FIDELITY = 0.95
WIRE_SIZE = 7


@pytest.fixture(scope="module")
def run(script: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    folder = tmp_path_factory.mktemp("figures")
    data = script.make_figures(
        folder,
        efficiencies=EFFICIENCIES,
        w_shots=300,
        witness_sizes=(2, 3),
        link_fidelities=LINK_FIDELITIES,
        witness_shots=400,
        wire_size=WIRE_SIZE,
        wire_fidelities=(WIRE_FIDELITY,),
        wire_shots=3000,
        seed=11,
    )
    return data, folder


def _within(estimate: Any, exact: float) -> bool:
    return bool(abs(estimate.mean - exact) <= 5.0 * estimate.stderr + 1e-12)


def _werner_v(link_fidelity: float) -> float:
    return (4.0 * link_fidelity - 1.0) / 3.0


def _witness(size: int, link_fidelity: float) -> float:
    grid = nx.grid_2d_graph(size, size)
    v = _werner_v(link_fidelity)
    classes = [[n for n in grid if sum(n) % 2 == parity] for parity in (0, 1)]
    products = [math.prod((1 + v ** grid.degree(n)) / 2 for n in c) for c in classes]
    return 3.0 - 2.0 * float(sum(products))


def test_w_points_agree_with_the_closed_form(run: tuple[Any, Path], script: ModuleType) -> None:
    data, _ = run
    transmissions = {
        "equal paths": (1.0, 1.0, 1.0, 1.0),
        "unequal paths (estimate)": script.UNEQUAL_TRANSMISSIONS,
    }
    for name, points in data.w_points.items():
        assert [p.retrieval_efficiency for p in points] == list(EFFICIENCIES)
        for point in points:
            etas = point.retrieval_efficiency * np.asarray(transmissions[name])
            exact = float(np.sqrt(etas).sum() ** 2 / 16)
            assert point.closed_form == pytest.approx(exact, abs=1e-12)
            assert _within(point.fidelity, exact), (name, point)
            assert _within(point.witness, 0.75 - exact), (name, point)
            assert point.fidelity.stderr < 0.05
    equal = data.w_points["equal paths"]
    assert [p.closed_form for p in equal] == pytest.approx(EFFICIENCIES, abs=1e-12)


def test_w_state_overlap_and_threshold(script: ModuleType) -> None:
    etas = 0.8 * np.asarray(script.UNEQUAL_TRANSMISSIONS)
    state = w_state_from_splitter(equal_splitter_network(4).unitary, etas)
    assert fidelity(state, w_state(4)) == pytest.approx(np.sqrt(etas).sum() ** 2 / 16, abs=1e-12)
    # F = 3/4 at eta_r = 12 / (sum sqrt t)^2
    expected = 12.0 / float(np.sqrt(script.UNEQUAL_TRANSMISSIONS).sum()) ** 2
    assert script.threshold_efficiency(script.UNEQUAL_TRANSMISSIONS) == pytest.approx(expected)
    assert script.threshold_efficiency((1.0, 1.0, 1.0, 1.0)) == pytest.approx(0.75)


def test_grid_witness_points_agree_with_the_closed_form(run: tuple[Any, Path]) -> None:
    data, _ = run
    assert sorted(data.witness_points) == [2, 3]
    for size, points in data.witness_points.items():
        for link_fidelity, estimate, closed in points:
            exact = _witness(size, link_fidelity)
            assert closed == pytest.approx(exact, abs=1e-12)
            assert _within(estimate, exact), (size, link_fidelity, estimate)
            assert 0.0 < estimate.stderr < 0.2
    # 2 x 2 at F = 0.93: 3 - 4 ((1 + v^2)/2)^2, v = 0.9067
    assert _witness(2, 0.93) == pytest.approx(3 - 4 * ((1 + (2.72 / 3) ** 2) / 2) ** 2)


@pytest.mark.parametrize(("size", "protocol"), [(2, "compiled"), (3, "compiled")])
def test_witness_closed_form_on_exact_density_matrices(
    script: ModuleType, size: int, protocol: str
) -> None:
    link_fidelity = 0.9
    graph = script.grid_graph(size)
    circuit = graph_state_circuit(graph, BellDiagonal.from_werner(link_fidelity), protocol)
    data = [circuit.index((name, 0)) for name in graph.nodes]
    projectors = []
    for group in script.witness_groups(graph):
        elements = stabilizer_group(list(group))
        observables = [
            {data[q]: letter for q, letter in enumerate(p) if letter != "I"} for _, p in elements
        ]
        exact = pauli_expectations(circuit, observables, 0, None, backend="density_matrix")
        signs = np.array([sign for sign, _ in elements], dtype=np.float64)
        projectors.append(float(np.mean(signs * exact.values)))
    assert 3.0 - 2.0 * sum(projectors) == pytest.approx(_witness(size, link_fidelity), abs=1e-9)


def test_wire_correlations_and_decay_length(run: tuple[Any, Path]) -> None:
    data, _ = run
    decay, exact = data.wire[WIRE_FIDELITY]
    v = _werner_v(WIRE_FIDELITY)
    assert decay.distances == (2, 4, 6)
    for d, value, error, closed in zip(
        decay.distances, decay.correlations, decay.stderrs, exact, strict=True
    ):
        assert closed == pytest.approx(v ** (2 * d), abs=1e-12)
        assert abs(value - v ** (2 * d)) <= 5 * error, (d, value, error)
    xi = -1.0 / (2.0 * math.log(v))
    assert abs(decay.decay_length - xi) <= 5 * decay.decay_length_stderr, decay
    assert decay.decay_length_stderr < 0.2 * xi


def test_single_node_correlations_of_the_graph_state_vanish(script: ModuleType) -> None:
    """Why the wire: without the frame, Z_i Z_j of a graph state averages to zero."""
    graph = script.grid_graph(5)
    rng = np.random.default_rng(3)
    shots = 4000
    outcomes = script.grid_outcomes(graph, BellDiagonal.from_werner(0.99), "Z" * 25, shots, rng)
    row = outcomes.reshape(shots, 5, 5)[:, 2, :].astype(np.float64)
    for j in (2, 4):
        products = row[:, 0] * row[:, j]
        stderr = products.std(ddof=1) / math.sqrt(shots)
        assert abs(products.mean()) <= 5 * stderr


def test_images_are_written_and_read_back(run: tuple[Any, Path]) -> None:
    _, folder = run
    for name in ("w_state_four_ensembles.png", "grid_graph_state.png"):
        path = folder / name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        image = matplotlib.image.imread(path)
        assert image.shape[0] == pytest.approx(4.6 * 110, abs=2)
        assert image.shape[1] == pytest.approx(12 * 110, abs=2)
        assert float(np.std(image[..., :3])) > 0.05  # drawn on, not blank
