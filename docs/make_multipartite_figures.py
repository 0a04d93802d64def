"""Make docs/w_state_four_ensembles.png and docs/grid_graph_state.png: multipartite states.

**W state of four ensembles** (Kimble, Nature 453, 1023 (2008), Box 3; Choi et al.,
Nature 468, 412 (2010)). One excitation spread by an equal four-way beam-splitter network
(:func:`~qinternet.physics.maps.fusion.w_state_from_splitter`) over four ensembles, each
read out with efficiency eta_j = eta_r t_j: a common retrieval efficiency eta_r times the
transmission t_j of ensemble j's path. A loss leaves the vacuum, so
F = <W|rho|W> = (sum_j sqrt(eta_j))^2 / k^2 (k = 4). The points are estimated from
simulated measurement records (the k(k-1) + 1 Pauli settings that fix F; Flammia and
Liu, PRL 106, 230501 (2011)), as is the fidelity witness <W> = (N-1)/N - F, negative
for genuine four-partite entanglement (Bourennane et al., PRL 92, 087902 (2004)).
The unequal path transmissions :data:`UNEQUAL_TRANSMISSIONS` are an estimate
(illustrative, not read from Choi et al.).

**Grid graph state** of L x L nodes, each CZ a remote gate consuming one Werner pair of
fidelity F (:func:`~qinternet.physics.maps.graph_state.graph_state_circuit`, run on
Stim). (left) The two-setting witness of Toth and Guhne (PRL 94, 060501 (2005)),
W = 3 - 2 [prod_(a in A) (1 + K_a)/2 + prod_(b in B) (1 + K_b)/2] over the two colour
classes, from records of the two settings (X on one class, Z on the other). Link noise
acts as Z errors on the data qubits of the link's two ends, one end in each class, so
the K_a of one class are flipped by disjoint sets of links, independently:
<prod_A (1 + K_a)/2> = prod_A (1 + <K_a>)/2 with <K_v> = ((4F - 1)/3)^deg(v). The
records are sampled from :func:`~qinternet.physics.maps.graph_state.graph_state_circuit`
(the circuit behind ``graph_state_stabilizers``) because the witness needs every shot's
outcomes, not only the mean of each K_v.

(right) Correlations against distance. In an L x L grid graph state (L >= 3) every
two-node Pauli correlation vanishes, noisy or not, since no element of the stabilizer
group acts on only two nodes: the correlations sit in longer products of stabilizers. The observable is therefore the correlation a measurement-based wire
delivers (Raussendorf and Briegel, PRL 86, 5188 (2001)), i.e. localisable correlation
(Verstraete, Popp, Cirac, PRL 92, 027901 (2004)): the middle row is cut out of the grid
by Z measurements of the rows beside it, its odd nodes are measured in X and its even
nodes in Z; with the Pauli frame of the measured nodes applied (the product of the
outcomes x_c z_(r-1,c) z_(r+1,c) of every odd column c to the left), the even nodes'
outcomes y_c obey y_i y_j = prod_(odd c in (i, j)) K_(r,c). Their connected correlation
is C(d) = prod <K> = ((4F - 1)/3)^(2d) over d hops (every odd node of an inner row has
four links), with decay length xi = -1/(2 ln((4F - 1)/3)) hops, fitted by
:func:`~qinternet.analysis.correlations.correlation_decay` (which counts hops between the
even nodes, two grid hops each).

Run from the repository root: ``python docs/make_multipartite_figures.py [FOLDER]``
(about half a minute of CPU).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.analysis.correlations import CorrelationDecay, correlation_decay
from qinternet.analysis.records import MeasurementRecords, concatenate, sample_records
from qinternet.analysis.verification import (
    fidelity_from_records,
    fidelity_settings,
    fidelity_witness,
    two_colouring,
    two_setting_witness,
    w_witness_bound,
)
from qinternet.core.statistics import MeanEstimate
from qinternet.physics.maps.fusion import equal_splitter_network, w_state_from_splitter
from qinternet.physics.maps.graph_state import (
    NetworkGraph,
    graph_state_circuit,
    stabilizer_closed_form,
)
from qinternet.states.bell import BellDiagonal
from qinternet.states.clifford import NetworkCircuit, Operation, OpKind, sample_measurements
from qinternet.states.multipartite import w_state

NUM_ENSEMBLES = 4
EQUAL_TRANSMISSIONS = (1.0, 1.0, 1.0, 1.0)
UNEQUAL_TRANSMISSIONS = (1.0, 0.9, 0.8, 0.7)
"""Estimate: path transmissions of four unequal ensembles (illustrative)."""


@dataclass(frozen=True)
class WPoint:
    """One retrieval efficiency: F and <W> from records, F in closed form."""

    retrieval_efficiency: float
    fidelity: MeanEstimate
    witness: MeanEstimate
    closed_form: float


def w_fidelity_closed_form(efficiencies: ArrayLike) -> float:
    """(sum_j sqrt(eta_j))^2 / k^2: the overlap of the lossy state with W_k."""
    roots = np.sqrt(np.asarray(efficiencies, dtype=np.float64))
    return float(roots.sum() ** 2 / roots.size**2)


def threshold_efficiency(transmissions: Sequence[float]) -> float:
    """The eta_r at which F = (N-1)/N: (N-1)/N k^2 / (sum_j sqrt(t_j))^2."""
    k = len(transmissions)
    return w_witness_bound(k) * k**2 / float(np.sqrt(np.asarray(transmissions)).sum()) ** 2


def w_state_points(
    retrieval_efficiencies: Sequence[float],
    transmissions: Sequence[float],
    shots: int,
    rng: np.random.Generator,
) -> list[WPoint]:
    """F and <W> of the four-ensemble W state estimated from ``shots`` per setting."""
    unitary = equal_splitter_network(len(transmissions)).unitary
    target = w_state(len(transmissions))
    settings = fidelity_settings(target)
    bound = w_witness_bound(len(transmissions))
    points = []
    for eta in retrieval_efficiencies:
        efficiencies = eta * np.asarray(transmissions, dtype=np.float64)
        state = w_state_from_splitter(unitary, efficiencies)
        records = sample_records(state, settings, shots, rng)
        points.append(
            WPoint(
                float(eta),
                fidelity_from_records(records, target),
                fidelity_witness(records, target, bound),
                w_fidelity_closed_form(efficiencies),
            )
        )
    return points


def grid_graph(size: int) -> NetworkGraph:
    """The size x size grid, nodes (row, column) in row-major order."""
    grid = nx.grid_2d_graph(size, size)
    return NetworkGraph.from_edges(list(grid.nodes), list(grid.edges))


def grid_outcomes(
    graph: NetworkGraph,
    link: BellDiagonal,
    setting: str,
    shots: int,
    rng: np.random.Generator,
    protocol: str = "remote_gates",
) -> NDArray[np.int8]:
    """+-1 outcomes (shots x nodes) of the distributed graph state, node v read in setting[v]."""
    circuit = graph_state_circuit(graph, link, protocol)
    data = [circuit.index((name, 0)) for name in graph.nodes]
    kinds = {"X": OpKind.MEASURE_X, "Z": OpKind.MEASURE_Z}
    readout = tuple(Operation(kinds[b], (q,)) for b, q in zip(setting, data, strict=True))
    measured = NetworkCircuit(circuit.qubits, circuit.operations + readout)
    bits = sample_measurements(measured, shots, rng)[:, -len(data) :]
    return np.asarray(1 - 2 * bits.astype(np.int8), dtype=np.int8)


def grid_records(
    graph: NetworkGraph,
    link: BellDiagonal,
    settings: Sequence[str],
    shots: int,
    rng: np.random.Generator,
    protocol: str = "remote_gates",
) -> MeasurementRecords:
    """Records of the distributed graph state: ``shots`` per setting (X or Z per node)."""
    parts = [
        MeasurementRecords(
            np.full((shots, graph.num_nodes), list(setting)),
            grid_outcomes(graph, link, setting, shots, rng, protocol),
        )
        for setting in settings
    ]
    return concatenate(parts)


def witness_groups(graph: NetworkGraph) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stabilizers K_v of the two colour classes, as Pauli strings over all nodes."""
    strings = []
    for v, adjacent in enumerate(graph.neighbours()):
        letters = ["I"] * graph.num_nodes
        for u in adjacent:
            letters[u] = "Z"
        letters[v] = "X"
        strings.append("".join(letters))
    first, second = two_colouring(graph.num_nodes, graph.edges)
    return tuple(strings[v] for v in first), tuple(strings[v] for v in second)


def witness_settings(graph: NetworkGraph) -> tuple[str, str]:
    """X on one colour class and Z on the other, and the reverse."""
    first, _ = two_colouring(graph.num_nodes, graph.edges)
    one = "".join("X" if v in first else "Z" for v in range(graph.num_nodes))
    return one, one.translate(str.maketrans("XZ", "ZX"))


def grid_witness(
    size: int, link: BellDiagonal, shots: int, rng: np.random.Generator
) -> tuple[MeanEstimate, float]:
    """The Toth-Guhne witness of the size x size grid from records, and its closed form."""
    graph = grid_graph(size)
    records = grid_records(graph, link, witness_settings(graph), shots, rng)
    return two_setting_witness(records, *witness_groups(graph)), witness_closed_form(graph, link)


def witness_closed_form(graph: NetworkGraph, link: BellDiagonal) -> float:
    """3 - 2 sum over the colour classes of prod (1 + <K_v>)/2 (independent flips)."""
    stabilizers = stabilizer_closed_form(graph, link)
    classes = two_colouring(graph.num_nodes, graph.edges)
    return 3.0 - 2.0 * sum(float(np.prod((1.0 + stabilizers[c]) / 2.0)) for c in classes)


def wire_records(
    size: int, link: BellDiagonal, shots: int, rng: np.random.Generator
) -> tuple[MeasurementRecords, NDArray[np.float64]]:
    """Frame-corrected Z records of the even nodes of the middle row, and C(d) exact.

    Returns the records (one column per even column c of row size // 2) and, for each
    distance in even-node steps 1, 2, ..., the exact prod <K> averaged over the pairs.
    """
    graph = grid_graph(size)
    row = size // 2
    letters = ["X" if (r == row and c % 2 == 1) else "Z" for r in range(size) for c in range(size)]
    raw = grid_outcomes(graph, link, "".join(letters), shots, rng)
    grid = raw.reshape(shots, size, size).astype(np.int64)
    frame = np.ones(shots, dtype=np.int64)
    corrected = []
    for c in range(size):
        if c % 2 == 0:
            corrected.append(grid[:, row, c] * frame)
        else:
            frame = frame * grid[:, row, c] * grid[:, row - 1, c] * grid[:, row + 1, c]
    outcomes = np.stack(corrected, axis=1).astype(np.int8)
    records = MeasurementRecords(np.full(outcomes.shape, "Z"), outcomes)
    odd = stabilizer_closed_form(graph, link).reshape(size, size)[row, 1::2]
    m = outcomes.shape[1]
    exact = [np.mean([np.prod(odd[i : i + d]) for i in range(m - d)]) for d in range(1, m)]
    return records, np.array(exact, dtype=np.float64)


def wire_decay(
    size: int, link: BellDiagonal, shots: int, rng: np.random.Generator
) -> tuple[CorrelationDecay, NDArray[np.float64]]:
    """Correlations of the wire against distance in grid hops (fitted xi in hops too)."""
    records, exact = wire_records(size, link, shots, rng)
    path = [(i, i + 1) for i in range(records.num_qubits - 1)]
    decay = correlation_decay(records, path, "Z")
    hops = tuple(2 * d for d in decay.distances)
    in_hops = CorrelationDecay(
        hops,
        decay.correlations,
        decay.stderrs,
        2.0 * decay.decay_length,
        2.0 * decay.decay_length_stderr,
        decay.amplitude,
    )
    return in_hops, exact[[d // 2 - 1 for d in hops]]


def decay_length_closed_form(link_fidelity: float) -> float:
    """xi = -1/(2 ln v) hops with v = (4F - 1)/3 (inner row of the grid, Werner links)."""
    return -1.0 / (2.0 * math.log((4.0 * link_fidelity - 1.0) / 3.0))


@dataclass(frozen=True)
class FigureData:
    """What the two figures plot."""

    w_points: dict[str, list[WPoint]]
    witness_points: dict[int, list[tuple[float, MeanEstimate, float]]]
    wire: dict[float, tuple[CorrelationDecay, NDArray[np.float64]]]
    wire_size: int


def _plot_w(data: FigureData, output: Path) -> None:
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.6))
    bound = w_witness_bound(NUM_ENSEMBLES)
    for (name, points), colour in zip(data.w_points.items(), ("C0", "C1"), strict=False):
        eta = [p.retrieval_efficiency for p in points]
        dense = np.linspace(min(eta), max(eta), 200)
        t = EQUAL_TRANSMISSIONS if name.startswith("equal") else UNEQUAL_TRANSMISSIONS
        exact = [w_fidelity_closed_form(x * np.asarray(t)) for x in dense]
        left.plot(dense, exact, color=colour, label=f"{name}: closed form")
        left.errorbar(
            eta,
            [p.fidelity.mean for p in points],
            [p.fidelity.stderr for p in points],
            color=colour,
            marker="o",
            linestyle="none",
            label=f"{name}: from records",
        )
        right.plot(dense, bound - np.array(exact), color=colour, label=f"{name}: closed form")
        right.errorbar(
            eta,
            [p.witness.mean for p in points],
            [p.witness.stderr for p in points],
            color=colour,
            marker="o",
            linestyle="none",
            label=f"{name}: from records",
        )
        threshold = threshold_efficiency(t)
        right.axvline(
            threshold,
            color=colour,
            linestyle=":",
            label=rf"{name}: threshold $\eta_r$ = {threshold:.3f}",
        )
    left.axhline(bound, color="k", linestyle="--", label=f"witness bound (N-1)/N = {bound:.2f}")
    left.set_xlabel(r"retrieval efficiency $\eta_r$ of the ensembles")
    left.set_ylabel(r"W-state fidelity $\langle W_4|\rho|W_4\rangle$")
    left.set_title("(a) four ensembles: fidelity with the W state")
    left.legend(loc="upper left", fontsize="small")
    right.axhline(0.0, color="k", linestyle="--", label="below: genuine 4-partite entanglement")
    right.set_xlabel(r"retrieval efficiency $\eta_r$ of the ensembles")
    right.set_ylabel(r"witness $\langle \mathcal{W} \rangle = (N-1)/N - F$")
    right.set_title("(b) W fidelity witness")
    low, high = right.get_ylim()
    right.set_ylim(low, high + 1.1 * (high - low))  # room for the legend
    right.legend(loc="upper right", fontsize="small")
    figure.tight_layout()
    figure.savefig(output, dpi=110)
    plt.close(figure)


def _plot_grid(data: FigureData, output: Path) -> None:
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.6))
    for index, (size, points) in enumerate(data.witness_points.items()):
        colour = f"C{index}"
        fidelities = [f for f, _, _ in points]
        dense = np.linspace(min(fidelities), max(fidelities), 200)
        grid = grid_graph(size)
        exact = [witness_closed_form(grid, BellDiagonal.from_werner(float(f))) for f in dense]
        left.plot(dense, exact, color=colour, label=f"{size} x {size}: closed form")
        left.errorbar(
            fidelities,
            [e.mean for _, e, _ in points],
            [e.stderr for _, e, _ in points],
            color=colour,
            marker="o",
            linestyle="none",
            label=f"{size} x {size}: from records",
        )
    left.axhline(0.0, color="k", linestyle="--", label="below: genuine multipartite entanglement")
    left.set_xlabel("link fidelity F (Werner pairs)")
    left.set_ylabel(r"two-setting witness $\langle \mathcal{W} \rangle$ (Toth-Guhne)")
    left.set_title("(a) grid graph states: stabilizer witness")
    left.legend(loc="upper right", fontsize="small")
    for index, (fidelity, (decay, wire_exact)) in enumerate(data.wire.items()):
        colour = f"C{index}"
        xi = decay_length_closed_form(fidelity)
        label = (
            rf"F = {fidelity}: fit $\xi$ = {decay.decay_length:.1f} ± "
            f"{decay.decay_length_stderr:.1f} hops"
        )
        right.errorbar(
            decay.distances,
            decay.correlations,
            decay.stderrs,
            color=colour,
            marker="o",
            linestyle="none",
            label=label,
        )
        hops = np.array(decay.distances)
        right.plot(
            hops, wire_exact, color=colour, label=rf"F = {fidelity}: exact, $\xi$ = {xi:.1f} hops"
        )
        fit = decay.amplitude * np.exp(-hops / decay.decay_length)
        right.plot(hops, fit, color=colour, linestyle=":")
    right.set_yscale("log")
    right.set_xlabel("graph distance d along the wire (hops)")
    right.set_ylabel("connected correlation C(d) (frame-corrected Z)")
    right.set_title(
        f"(b) {data.wire_size} x {data.wire_size} grid, wire of its middle row (dotted: fit)"
    )
    right.legend(loc="lower left", fontsize="small")
    figure.tight_layout()
    figure.savefig(output, dpi=110)
    plt.close(figure)


def make_figures(
    folder: Path,
    *,
    efficiencies: Sequence[float] = tuple(np.linspace(0.5, 1.0, 11)),
    w_shots: int = 2000,
    witness_sizes: Sequence[int] = (2, 3, 4),
    link_fidelities: Sequence[float] = tuple(np.linspace(0.9, 1.0, 11)),
    witness_shots: int = 4000,
    wire_size: int = 25,
    wire_fidelities: Sequence[float] = (0.99, 0.97, 0.95),
    wire_shots: int = 10000,
    seed: int = 2010,
) -> FigureData:
    """Simulate, write both PNGs into ``folder`` and return the plotted data."""
    rng = np.random.default_rng(seed)
    w_points = {
        "equal paths": w_state_points(efficiencies, EQUAL_TRANSMISSIONS, w_shots, rng),
        "unequal paths (estimate)": w_state_points(
            efficiencies, UNEQUAL_TRANSMISSIONS, w_shots, rng
        ),
    }
    witness_points = {
        size: [
            (float(f), *grid_witness(size, BellDiagonal.from_werner(float(f)), witness_shots, rng))
            for f in link_fidelities
        ]
        for size in witness_sizes
    }
    wire = {
        float(f): wire_decay(wire_size, BellDiagonal.from_werner(float(f)), wire_shots, rng)
        for f in wire_fidelities
    }
    data = FigureData(w_points, witness_points, wire, wire_size)
    folder.mkdir(parents=True, exist_ok=True)
    _plot_w(data, folder / "w_state_four_ensembles.png")
    _plot_grid(data, folder / "grid_graph_state.png")
    return data


if __name__ == "__main__":
    make_figures(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
