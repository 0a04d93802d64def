"""Running a ``graph`` scenario: a graph state over the network, and its result.

Every node holds one data qubit and every link is an edge: the edge's CZ is the remote
gate of :mod:`qinternet.physics.maps.graph_state`, consuming one pair of the link. The
pair is the link's heralded state (every heralding pattern, Pauli-corrected to phi+ and
weighted by its probability), as the link layer gives it; no time passes and the
memories do not decohere (the state is made once, so a rate is not defined and the
rate fields are null); a node needs its data qubit and one communication qubit that
every one of its links reuses in turn, so its ``num_memories`` is not consulted. Stabilizers K_v = X_v prod_{u in N(v)} Z_u are estimated on
Stim from ``shots`` runs of each measurement setting (a colouring of the graph: X on
one colour, Z on the rest), or computed exactly from the density matrix.

:class:`GraphResult` belongs to the result family of :mod:`qinternet.network.results`:
``pairs`` counts the graph states measured (0 on the exact route), ``rate_hz`` is null,
``fidelity_mean`` is the fidelity with the ideal graph state (exact route only), then:

==========================  ================================================================
field                       meaning
==========================  ================================================================
``nodes``                   the nodes, in the state's qubit order
``num_nodes``, ``num_links``  the graph's size
``backend``                 ``stabilizer`` (Stim) or ``density_matrix`` (exact)
``shots``, ``settings``     shots per setting and number of settings (0 shots: exact)
``stabilizers``             per node: ``node``, ``value`` <K_v>, ``stderr`` (0: exact)
``stabilizer_mean``         the mean of the <K_v>; ``stabilizer_mean_stderr`` its error
``witness``                 3 - 2 (P_A + P_B), the two-setting witness of Toth and Guehne
                            (PRL 94, 060501 (2005)) for a two-colourable graph (P: the
                            probability that every stabilizer of a colour gives +1);
                            negative: genuine multipartite entanglement (connected graph);
                            ``witness_stderr`` its error; null for more colours
``fidelity_lower_bound``    max(0, (1 - witness)/2) <= F, as P_A + P_B - 1 <= P_A P_B = |G><G|
``notes``                   what the numbers cannot say, one line each
==========================  ================================================================

Examples:
    >>> from qinternet.network.scenario import parse_scenario
    >>> from qinternet.network.run import run_scenario
    >>> scenario = parse_scenario({
    ...     "name": "line", "duration_s": 1.0, "seed": 1,
    ...     "topology": {"kind": "line", "num_nodes": 3, "length_m": 1000,
    ...                  "link": {"heralded_fidelity": 0.97, "scheme": {"kind": "barrett_kok"}}},
    ...     "protocol": {"kind": "graph", "backend": "density_matrix"},
    ... })
    >>> summary = run_scenario(scenario).to_json()
    >>> [round(k["value"], 9) for k in summary["stabilizers"]]  # w = (4F - 1)/3 per link
    [0.96, 0.9216, 0.96]
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import networkx as nx
import numpy as np

from qinternet.core.errors import NotBellDiagonalError, ScenarioError
from qinternet.core.rng import child_generators
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.network.build import BuiltScenario, NodeHardware, SchemeOutcomes, build_link
from qinternet.network.results import RunResult
from qinternet.network.scenario import GraphStateProtocol, Scenario
from qinternet.noise import PAULI_MATRICES
from qinternet.physics.links import LinkOutcome
from qinternet.physics.maps.graph_state import (
    NetworkGraph,
    graph_state_circuit,
    graph_state_from_pairs,
)
from qinternet.physics.maps.swapping import CORRECTIONS
from qinternet.states import BellDiagonal, BellName, DensityMatrix, bell_diagonal_from_density
from qinternet.states.clifford import DENSE_MAX_QUBITS, sample_measurements

__all__ = ["GraphPlan", "GraphResult", "build_graph", "link_pair", "run_graph"]

_BELL_NAMES = tuple(BellName)


def link_pair(outcome: LinkOutcome) -> DensityMatrix:
    """The pair a link heralds, every pattern corrected to phi+ and weighted by its
    probability (the headline state alone when the outcome lists no patterns)."""
    branches = [(b.probability, b.state, b.target_name) for b in outcome.branches]
    if not branches or sum(p for p, _, _ in branches) <= 0.0:
        branches = [(1.0, outcome.heralded_state, outcome.target_name)]
    total = sum(p for p, _, _ in branches)
    matrix = np.zeros((4, 4), dtype=np.complex128)
    for probability, state, name in branches:
        correction = CORRECTIONS[_BELL_NAMES.index(BellName(name))]  # on the second qubit
        pauli = np.kron(np.eye(2), PAULI_MATRICES[correction])
        matrix += probability / total * (pauli @ state.matrix @ pauli.conj().T)
    return DensityMatrix(matrix, dims=(2, 2))


@dataclass(frozen=True)
class GraphPlan:
    """A built ``graph`` protocol.

    Attributes:
        graph: the nodes and the links as edges (in the scenario's link order).
        pairs: each link's pair in the phi+ frame.
        bell_diagonal: the pairs as Bell-diagonal states, when every one is (else None).
        backend: ``stabilizer`` or ``density_matrix``, resolved from the file's key.
        shots: shots per measurement setting (stabilizer route).
        colours: each node's colour; one measurement setting per colour.
    """

    graph: NetworkGraph
    pairs: tuple[DensityMatrix, ...]
    bell_diagonal: tuple[BellDiagonal, ...] | None
    backend: str
    shots: int
    colours: tuple[int, ...]

    @property
    def num_settings(self) -> int:
        """Measurement settings: one per colour."""
        return max(self.colours, default=0) + 1


def _colours(graph: NetworkGraph) -> tuple[int, ...]:
    """Two colours for a bipartite graph (networkx), else a greedy colouring."""
    g = nx.Graph()
    g.add_nodes_from(range(graph.num_nodes))
    g.add_edges_from(graph.edges)
    if nx.is_bipartite(g):
        colouring = nx.bipartite.color(g)
    else:
        colouring = nx.greedy_color(g, strategy="largest_first")
    return tuple(int(colouring[v]) for v in range(graph.num_nodes))


def build_graph(
    scenario: Scenario, protocol: GraphStateProtocol, nodes: dict[str, NodeHardware], source: str
) -> BuiltScenario:
    """Links and plan of a ``graph`` scenario.

    Raises:
        ScenarioError: one line naming ``links[i]`` for a link that heralds modes, or a
            pair that is not Bell-diagonal where the stabilizer route is needed; naming
            ``protocol.backend`` for a density matrix of more than 10 nodes.
    """
    outcomes: SchemeOutcomes = {}
    links = tuple(
        build_link(link, i, nodes, 1, source, outcomes) for i, link in enumerate(scenario.links)
    )
    names = [spec.name for spec in scenario.nodes]
    graph = NetworkGraph.from_edges(names, [link.nodes for link in scenario.links])
    pairs, diagonal, first_off = [], [], None
    for i, config in enumerate(links):
        where = f"{source}: links[{i}].scheme={scenario.links[i].scheme.kind!r}"
        if config.outcome.heralded_state.dims != (2, 2):
            raise ScenarioError(
                f"{where}: heralds modes, not qubits; protocol 'graph' needs qubits"
            )
        pairs.append(link_pair(config.outcome))
        try:
            diagonal.append(bell_diagonal_from_density(pairs[-1], atol=1e-9))
        except NotBellDiagonalError:
            first_off = i if first_off is None else first_off
    backend = protocol.backend
    if backend == "auto":
        fits = graph.num_nodes <= DENSE_MAX_QUBITS
        backend = "stabilizer" if first_off is None or not fits else "density_matrix"
    if backend == "stabilizer" and first_off is not None:
        raise ScenarioError(
            f"{source}: links[{first_off}] heralds a pair that is not Bell-diagonal, so no Pauli "
            f"channel describes it and the stabilizer route cannot run it; the density-matrix "
            f"route holds at most {DENSE_MAX_QUBITS} nodes, this graph has {graph.num_nodes}"
        )
    if backend == "density_matrix" and graph.num_nodes > DENSE_MAX_QUBITS:
        raise ScenarioError(
            f"{source}: protocol.backend='density_matrix': {graph.num_nodes} nodes, over the "
            f"{DENSE_MAX_QUBITS} a density matrix may hold; use backend: stabilizer"
        )
    plan = GraphPlan(
        graph,
        tuple(pairs),
        tuple(diagonal) if first_off is None else None,
        backend,
        protocol.shots,
        _colours(graph),
    )
    return BuiltScenario(scenario, nodes, links, graph=plan)


def _stabilizer_string(graph: NetworkGraph, v: int, neighbours: list[int]) -> str:
    letters = ["I"] * graph.num_nodes
    for u in neighbours:
        letters[u] = "Z"
    letters[v] = "X"
    return "".join(letters)


@dataclass(frozen=True)
class _Estimates:
    stabilizers: tuple[MeanEstimate, ...]
    mean: MeanEstimate
    witness: MeanEstimate | None
    fidelity: MeanEstimate
    graph_states: int


def _sampled(plan: GraphPlan, seed: int) -> _Estimates:
    """Stim: each setting measured ``shots`` times; K_v from the setting where v is X."""
    graph, adjacency = plan.graph, plan.graph.neighbours()
    assert plan.bell_diagonal is not None
    values: list[MeanEstimate] = [MeanEstimate(math.nan, math.nan, 0)] * graph.num_nodes
    sums, all_plus = [], []
    rngs = child_generators(seed, plan.num_settings)
    for colour, rng in enumerate(rngs):
        bases = "".join("X" if c == colour else "Z" for c in plan.colours)
        circuit = graph_state_circuit(graph, plan.bell_diagonal, "compiled", measure=bases)
        signs = 1 - 2 * sample_measurements(circuit, plan.shots, rng, backend="stabilizer").astype(
            np.int64
        )
        members = [v for v in range(graph.num_nodes) if plan.colours[v] == colour]
        per_node = np.ones((plan.shots, len(members)), dtype=np.int64)
        for j, v in enumerate(members):
            per_node[:, j] = signs[:, v] * np.prod(signs[:, adjacency[v]], axis=1)
            values[v] = mean_with_stderr(per_node[:, j])
        sums.append(mean_with_stderr(per_node.sum(axis=1)))
        all_plus.append(mean_with_stderr(np.all(per_node == 1, axis=1)))
    n = graph.num_nodes
    mean = MeanEstimate(
        sum(s.mean for s in sums) / n,
        math.sqrt(sum(s.stderr**2 for s in sums)) / n,
        plan.shots * plan.num_settings,
    )
    witness = None
    if plan.num_settings == 2:
        a, b = all_plus
        stderr = 2.0 * math.sqrt(a.stderr**2 + b.stderr**2)
        witness = MeanEstimate(3.0 - 2.0 * (a.mean + b.mean), stderr, 2 * plan.shots)
    fidelity = MeanEstimate(math.nan, math.nan, 0)
    return _Estimates(tuple(values), mean, witness, fidelity, plan.shots * plan.num_settings)


def _exact(plan: GraphPlan) -> _Estimates:
    """The density matrix of the data qubits after every remote gate."""
    from qinternet.analysis.verification import two_setting_witness_exact
    from qinternet.states import fidelity, graph_state, pauli_expectation

    graph = plan.graph
    state = graph_state_from_pairs(graph, plan.pairs)
    strings = [_stabilizer_string(graph, v, adj) for v, adj in enumerate(graph.neighbours())]
    values = tuple(MeanEstimate(pauli_expectation(state, s), 0.0, 0) for s in strings)
    mean = MeanEstimate(float(np.mean([k.mean for k in values])), 0.0, 0)
    witness = None
    if plan.num_settings == 2:
        groups = [[s for s, c in zip(strings, plan.colours, strict=True) if c == k] for k in (0, 1)]
        witness = MeanEstimate(two_setting_witness_exact(state, *groups), 0.0, 0)
    ideal = graph_state(graph.num_nodes, list(graph.edges))
    return _Estimates(values, mean, witness, MeanEstimate(fidelity(state, ideal), 0.0, 0), 0)


@dataclass(frozen=True)
class GraphResult(RunResult):
    """What a ``graph`` scenario made: the fields of the table above.

    Attributes:
        name: the scenario's name.
        plan: the built graph, pairs, backend and settings.
        estimates: the stabilizers, their mean, the witness and the fidelity.
        wall_s: wall-clock time of the computation, s.
    """

    protocol: ClassVar[str] = "graph"
    name: str
    plan: GraphPlan
    estimates: _Estimates
    wall_s: float
    sim_time_s: float = field(init=False, default=0.0)

    @property
    def num_pairs(self) -> int:
        """Graph states measured (0 on the exact route)."""
        return self.estimates.graph_states

    @property
    def fidelity(self) -> MeanEstimate:
        """Fidelity with the ideal graph state (exact route; NaN on the stabilizer route)."""
        return self.estimates.fidelity

    @property
    def rate_hz(self) -> float:
        """Not defined: the state is made once, no time passes (NaN)."""
        return math.nan

    @property
    def rate_stderr_hz(self) -> float:
        """Not defined (NaN)."""
        return math.nan

    def notes(self) -> list[str]:
        """One line for each number the run cannot give."""
        plan, lines = self.plan, ["no simulated time: the state is made once, so no rate"]
        if plan.backend == "stabilizer":
            lines.append("stabilizer route: fidelity not measured (see fidelity_lower_bound)")
        if plan.num_settings > 2:
            lines.append(f"{plan.num_settings} colours: no two-setting witness")
        g = nx.Graph(list(plan.graph.edges))
        g.add_nodes_from(range(plan.graph.num_nodes))
        if not nx.is_connected(g):
            lines.append("graph not connected: no genuine multipartite entanglement to detect")
        return lines

    def details(self) -> dict[str, Any]:
        """The fields of the table above."""
        plan, estimates = self.plan, self.estimates
        witness = estimates.witness
        return {
            "nodes": list(plan.graph.nodes),
            "num_nodes": plan.graph.num_nodes,
            "num_links": len(plan.graph.edges),
            "backend": plan.backend,
            "shots": plan.shots if plan.backend == "stabilizer" else 0,
            "settings": plan.num_settings,
            "stabilizers": [
                {"node": name, "value": k.mean, "stderr": k.stderr}
                for name, k in zip(plan.graph.nodes, estimates.stabilizers, strict=True)
            ],
            "stabilizer_mean": estimates.mean.mean,
            "stabilizer_mean_stderr": estimates.mean.stderr,
            "witness": witness.mean if witness else None,
            "witness_stderr": witness.stderr if witness else None,
            "fidelity_lower_bound": max(0.0, (1.0 - witness.mean) / 2.0) if witness else None,
            "notes": self.notes(),
        }


def run_graph(built: BuiltScenario) -> GraphResult:
    """Make and measure the graph state of a built ``graph`` scenario (seeded by its seed).

    Raises:
        InvalidParameterError: if ``built`` holds no graph plan.
    """
    from qinternet.core.errors import InvalidParameterError

    plan = built.graph
    if plan is None:
        raise InvalidParameterError("built.graph", plan, "the scenario's protocol is not 'graph'")
    start = time.perf_counter()
    if plan.backend == "stabilizer":
        estimates = _sampled(plan, built.scenario.seed)
    else:
        estimates = _exact(plan)
    return GraphResult(built.scenario.name, plan, estimates, time.perf_counter() - start)
