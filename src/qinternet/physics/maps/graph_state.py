"""Graph states and GHZ states distributed over network links from noisy Bell pairs.

A graph state |G> = prod_{(u,v) in E} CZ_uv |+>^V is the joint +1 eigenstate of the
stabilizers K_v = X_v prod_{u in N(v)} Z_u (Hein, Eisert, Briegel, Phys. Rev. A 69,
062311, 2004; review: Hein et al., quant-ph/0602096, Sec. 2). Every node holds one
data qubit; the CZ across each link is a remote gate consuming one Bell pair and two
bits of classical communication, one each way (the non-local CNOT of Eisert, Jacobs,
Papadopoulos, Plenio, Phys. Rev. A 62, 052317, 2000, with a Hadamard on the target
side): with the pair on communication qubits c_u, c_v, node u applies
CNOT(d_u -> c_u) and measures c_u in Z (bit m); node v applies X^m to c_v, CZ(c_v, d_v)
and measures c_v in X (bit k); node u applies Z^k to d_u.

Link noise: a Bell-diagonal pair is phi+ with a Pauli on c_v, with probabilities
(p_x, p_y, p_z) = (psi+, psi-, phi-) weights. Through the gadget, X on c_v becomes Z on
d_v, Z on c_v flips k and so becomes Z on d_u, and Y becomes both. ``protocol="compiled"``
uses this exact equivalence: a CZ on the data qubits followed by the Pauli channel
{Z_u: p_z, Z_v: p_x, Z_u Z_v: p_y}; the data qubits' state is the same as after the
gadgets (a test checks it on the density-matrix route), with one qubit per node and no
mid-circuit measurements, which is what lets a 10,000-node grid run in seconds. The Z
errors commute with every CZ, so they are applied after all CZs. Each Z_v flips K_v only,
so <K_v> = prod over v's links of (1 - 2 q), q the probability that the link leaves Z on v.
Every link may carry its own state (one per edge). A pair that is not Bell-diagonal is
no Pauli channel: :func:`graph_state_from_pairs` applies each gadget exactly, as a
channel on the two data qubits (measurements deferred), to a density matrix.

A GHZ state over a line of nodes is built by remote CNOTs d_i -> d_{i+1} (the remote CZ
between Hadamards on d_{i+1}); its stabilizers are X^{(x)n} and Z_i Z_{i+1}.

Examples:
    >>> import numpy as np
    >>> from qinternet.states import BellDiagonal
    >>> line = NetworkGraph.from_edges(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> link = BellDiagonal.from_werner(0.97)
    >>> np.round(stabilizer_closed_form(line, link), 6)  # (4F-1)/3 per link
    array([0.96  , 0.9216, 0.96  ])
    >>> result = graph_state_stabilizers(line, link, 0, None, backend="density_matrix")
    >>> np.round(result.values, 6)
    array([0.96  , 0.9216, 0.96  ])
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_choice
from qinternet.states.bell import BellDiagonal
from qinternet.states.clifford import (
    PAULI_PAIRS,
    Backend,
    CircuitBuilder,
    NetworkCircuit,
    OpKind,
    PauliExpectations,
    PauliObservable,
    pauli_expectations,
)
from qinternet.states.clifford.dense import check_dense_size
from qinternet.states.ops import apply_kraus
from qinternet.states.types import DensityMatrix, Ket


class GraphProtocol(StrEnum):
    """How the entangling gate across a link is made."""

    REMOTE_GATES = "remote_gates"
    """Bell pair on communication qubits + local gates, measurements and corrections."""
    COMPILED = "compiled"
    """The gate on the data qubits followed by the Pauli channel the gadget leaves."""


@dataclass(frozen=True)
class NetworkGraph:
    """Nodes (by name) and the links between them, as pairs of node indices.

    Raises:
        InvalidParameterError: for a self-loop, a repeated link, a link to an unknown
            node or an index out of range.
    """

    nodes: tuple[str, ...]
    edges: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        nodes = tuple(str(n) for n in self.nodes)
        if len(set(nodes)) != len(nodes):
            raise InvalidParameterError("nodes", self.nodes, "a node name repeats")
        seen: set[frozenset[int]] = set()
        for u, v in self.edges:
            if not (0 <= u < len(nodes) and 0 <= v < len(nodes)):
                raise InvalidParameterError("edges", (u, v), f"{len(nodes)} nodes")
            if u == v:
                reason = f"self-loop at node {nodes[u]!r}: a graph state has none"
                raise InvalidParameterError("edges", (nodes[u], nodes[v]), reason)
            if frozenset((u, v)) in seen:
                raise InvalidParameterError("edges", (nodes[u], nodes[v]), "link repeats")
            seen.add(frozenset((u, v)))
        object.__setattr__(self, "nodes", nodes)
        object.__setattr__(self, "edges", tuple((int(u), int(v)) for u, v in self.edges))

    @classmethod
    def from_edges(
        cls, nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable]]
    ) -> NetworkGraph:
        """From node labels and labelled links (e.g. a networkx graph's ``nodes``, ``edges``)."""
        labels = list(nodes)
        position = {label: i for i, label in enumerate(labels)}
        pairs = []
        for u, v in edges:
            for end in (u, v):
                if end not in position:
                    raise InvalidParameterError("edges", (u, v), f"unknown node {end!r}")
            pairs.append((position[u], position[v]))
        return cls(tuple(str(label) for label in labels), tuple(pairs))

    @property
    def num_nodes(self) -> int:
        """Number of nodes (one data qubit each)."""
        return len(self.nodes)

    def neighbours(self) -> list[list[int]]:
        """Neighbour indices of every node."""
        adjacency: list[list[int]] = [[] for _ in self.nodes]
        for u, v in self.edges:
            adjacency[u].append(v)
            adjacency[v].append(u)
        return adjacency


Links = BellDiagonal | Sequence[BellDiagonal]
"""One Bell-diagonal pair state for every link, or one per link in the graph's edge order."""


def _per_edge(graph: NetworkGraph, link: Links) -> tuple[BellDiagonal, ...]:
    """One state per edge of ``graph``.

    Raises:
        InvalidParameterError: if ``link`` is a sequence of another length.
    """
    if isinstance(link, BellDiagonal):
        return (link,) * len(graph.edges)
    states = tuple(link)
    if len(states) != len(graph.edges):
        reason = f"{len(states)} link states for {len(graph.edges)} links"
        raise InvalidParameterError("link", link, reason)
    return states


def _pauli_probabilities(link: BellDiagonal) -> tuple[float, float, float]:
    """(p_x, p_y, p_z) of the Pauli on the second qubit: psi+, psi-, phi- weights."""
    _, phi_minus, psi_plus, psi_minus = link.coefficients
    return psi_plus, psi_minus, phi_minus


def _layout(graph: NetworkGraph, protocol: GraphProtocol) -> CircuitBuilder:
    slots = 2 if protocol is GraphProtocol.REMOTE_GATES else 1
    return CircuitBuilder({name: slots for name in graph.nodes})


def _remote_cz(builder: CircuitBuilder, u: str, v: str, link: BellDiagonal) -> None:
    """CZ between the data qubits (slot 0) of u and v through a Bell pair on slot 1."""
    builder.bell_pair((u, 1), (v, 1), link)
    builder.gate(OpKind.CNOT, (u, 0), (u, 1))
    copied = builder.measure((u, 1))
    builder.gate(OpKind.X, (v, 1), condition=copied)
    builder.gate(OpKind.CZ, (v, 1), (v, 0))
    phase = builder.measure((v, 1), basis="X")
    builder.gate(OpKind.Z, (u, 0), condition=phase)


def _channel_2(first: str, second: str, link: BellDiagonal) -> tuple[float, ...]:
    """PAULI_CHANNEL_2 arguments putting the (p_x, p_y, p_z) of ``link`` on two Paulis."""
    p_x, p_y, p_z = _pauli_probabilities(link)
    weights = {first: p_z, second: p_x, _product(first, second): p_y}
    return tuple(weights.get(pair, 0.0) for pair in PAULI_PAIRS)


def _product(first: str, second: str) -> str:
    return "".join(a if b == "I" else b for a, b in zip(first, second, strict=True))


def graph_state_circuit(
    graph: NetworkGraph,
    link: Links,
    protocol: GraphProtocol | str = "remote_gates",
    measure: str | None = None,
) -> NetworkCircuit:
    """The circuit distributing the graph state of ``graph``, each link's pair in ``link``
    (one state for all, or one per edge).

    Data qubits are ``(node, 0)``; ``remote_gates`` adds a communication qubit
    ``(node, 1)`` per node, reused by every link of the node. ``measure``, one basis
    letter (X or Z) per node, ends the circuit by measuring every data qubit.

    Raises:
        InvalidParameterError: for a wrong number of link states or of bases.
    """
    protocol = check_choice(protocol, GraphProtocol, "protocol")
    states = _per_edge(graph, link)
    if measure is not None and len(measure) != graph.num_nodes:
        raise InvalidParameterError("measure", measure, f"needs {graph.num_nodes} bases")
    builder = _layout(graph, protocol)
    for name in graph.nodes:
        builder.add(OpKind.RESET, (name, 0))
        builder.gate(OpKind.H, (name, 0))
    for (u, v), state in zip(graph.edges, states, strict=True):
        if protocol is GraphProtocol.REMOTE_GATES:
            _remote_cz(builder, graph.nodes[u], graph.nodes[v], state)
        else:
            builder.gate(OpKind.CZ, (graph.nodes[u], 0), (graph.nodes[v], 0))
    if protocol is GraphProtocol.COMPILED:
        for (u, v), state in zip(graph.edges, states, strict=True):
            args = _channel_2("ZI", "IZ", state)
            builder.add(OpKind.PAULI_CHANNEL_2, (graph.nodes[u], 0), (graph.nodes[v], 0), args=args)
    for name, basis in zip(graph.nodes, measure or "", strict=False):
        builder.measure((name, 0), basis)
    return builder.build()


def graph_stabilizer_observables(
    graph: NetworkGraph, protocol: GraphProtocol | str = "remote_gates"
) -> list[PauliObservable]:
    """K_v = X_v prod_{u in N(v)} Z_u for every node v, on the circuit's data qubits."""
    protocol = check_choice(protocol, GraphProtocol, "protocol")
    slots = 2 if protocol is GraphProtocol.REMOTE_GATES else 1
    observables: list[PauliObservable] = []
    for v, adjacent in enumerate(graph.neighbours()):
        observable = {slots * u: "Z" for u in adjacent}
        observable[slots * v] = "X"
        observables.append(observable)
    return observables


def graph_state_stabilizers(
    graph: NetworkGraph,
    link: Links,
    shots: int,
    rng: np.random.Generator | None,
    *,
    protocol: GraphProtocol | str = "compiled",
    backend: Backend | str = "auto",
) -> PauliExpectations:
    """<K_v> for every node of the distributed graph state (estimated or exact)."""
    circuit = graph_state_circuit(graph, link, protocol)
    observables = graph_stabilizer_observables(graph, protocol)
    return pauli_expectations(circuit, observables, shots, rng, backend=backend)


def stabilizer_closed_form(graph: NetworkGraph, link: Links) -> NDArray[np.float64]:
    """Exact <K_v> per node: prod over v's links of 1 - 2 q, with q = p_z + p_y where v
    is the link's first node (measures in Z) and q = p_x + p_y where it is the second."""
    values = np.ones(graph.num_nodes)
    for (u, v), state in zip(graph.edges, _per_edge(graph, link), strict=True):
        p_x, p_y, p_z = _pauli_probabilities(state)
        values[u] *= 1.0 - 2.0 * (p_z + p_y)
        values[v] *= 1.0 - 2.0 * (p_x + p_y)
    return values


_P0, _P1 = np.diag([1.0, 0.0]), np.diag([0.0, 1.0])
_X = np.array([[0.0, 1.0], [1.0, 0.0]])
_Z = np.diag([1.0, -1.0])
_H = np.array([[1.0, 1.0], [1.0, -1.0]]) / np.sqrt(2.0)


def _on(factors: dict[int, NDArray[np.float64]]) -> NDArray[np.float64]:
    """An operator on (d_u, d_v, c_u, c_v), ``factors`` by qubit, identity elsewhere."""
    operator: NDArray[np.float64] = np.ones((1, 1))
    for q in range(4):
        operator = np.kron(operator, factors.get(q, np.eye(2))).astype(np.float64)
    return operator


def _controlled(control: int, target: int, gate: NDArray[np.float64]) -> NDArray[np.float64]:
    return _on({control: _P0}) + _on({control: _P1, target: gate})


# The gadget with its measurements deferred: "measure c_u in Z, X^m on c_v" is
# CNOT(c_u -> c_v), and "measure c_v in X, Z^k on d_u" is H on c_v then CZ(c_v, d_u);
# the communication qubits are then traced out.
_GADGET = functools.reduce(
    lambda done, step: step @ done,
    [
        _controlled(0, 2, _X),
        _controlled(2, 3, _X),
        _controlled(3, 1, _Z),
        _on({3: _H}),
        _controlled(3, 0, _Z),
    ],
).reshape(4, 4, 4, 4)  # (data out, comm out, data in, comm in)


def remote_cz_kraus(pair: DensityMatrix) -> list[NDArray[np.complex128]]:
    """Kraus operators on (d_u, d_v) of the remote-CZ gadget made with ``pair`` (any
    two-qubit state on (c_u, c_v), meant to be phi+): ``sqrt(l_k) <ij| U |psi_k>`` over
    the pair's eigenvectors psi_k and the communication qubits' final basis states ij."""
    weights, vectors = np.linalg.eigh(pair.matrix)
    operators = []
    for weight, vector in zip(weights, vectors.T, strict=True):
        if weight > 1e-14:
            for out in range(4):
                operators.append(np.sqrt(weight) * (_GADGET[:, out, :, :] @ vector))
    return operators


def graph_state_from_pairs(graph: NetworkGraph, pairs: Sequence[DensityMatrix]) -> DensityMatrix:
    """The exact state of the data qubits after a remote CZ over every link, edge i made
    with ``pairs[i]`` (first qubit at the edge's first node): any two-qubit states, so
    also pairs that are not Bell-diagonal and that no Pauli channel describes.

    Raises:
        InvalidParameterError: for a wrong number of pairs.
        ResourceLimitError: for more nodes than a density matrix may hold.

    Examples:
        >>> from qinternet.states import bell_state, fidelity, graph_state
        >>> line = NetworkGraph(("a", "b", "c"), ((0, 1), (1, 2)))
        >>> ideal = bell_state("phi+").to_density()
        >>> made = graph_state_from_pairs(line, [ideal, ideal])
        >>> round(fidelity(made, graph_state(3, [(0, 1), (1, 2)])), 12)
        1.0
    """
    if len(pairs) != len(graph.edges):
        reason = f"{len(pairs)} pairs for {len(graph.edges)} links"
        raise InvalidParameterError("pairs", len(pairs), reason)
    check_dense_size(graph.num_nodes)
    n = graph.num_nodes
    state = Ket(np.full(2**n, 2.0 ** (-n / 2), dtype=np.complex128)).to_density()
    for (u, v), pair in zip(graph.edges, pairs, strict=True):
        state = apply_kraus(state, remote_cz_kraus(pair), [u, v])
    return state


def ghz_chain_circuit(
    nodes: Sequence[str], link: BellDiagonal, protocol: GraphProtocol | str = "remote_gates"
) -> NetworkCircuit:
    """GHZ state (|0...0> + |1...1>)/sqrt(2) over a line of nodes by remote CNOTs.

    Raises:
        InvalidParameterError: for fewer than two nodes.
    """
    if len(nodes) < 2:
        raise InvalidParameterError("nodes", nodes, "a GHZ chain needs at least 2 nodes")
    graph = NetworkGraph(tuple(nodes), tuple((i, i + 1) for i in range(len(nodes) - 1)))
    protocol = check_choice(protocol, GraphProtocol, "protocol")
    builder = _layout(graph, protocol)
    for name in graph.nodes:
        builder.add(OpKind.RESET, (name, 0))
    builder.gate(OpKind.H, (graph.nodes[0], 0))
    args = _channel_2("ZI", "IX", link)
    for u, v in graph.edges:
        first, second = graph.nodes[u], graph.nodes[v]
        if protocol is GraphProtocol.REMOTE_GATES:
            builder.gate(OpKind.H, (second, 0))
            _remote_cz(builder, first, second, link)
            builder.gate(OpKind.H, (second, 0))
        else:
            builder.gate(OpKind.CNOT, (first, 0), (second, 0))
            builder.add(OpKind.PAULI_CHANNEL_2, (first, 0), (second, 0), args=args)
    return builder.build()


def ghz_observables(
    num_nodes: int, protocol: GraphProtocol | str = "remote_gates"
) -> list[PauliObservable]:
    """X^{(x)n} followed by Z_i Z_{i+1} for each link, on the data qubits."""
    protocol = check_choice(protocol, GraphProtocol, "protocol")
    slots = 2 if protocol is GraphProtocol.REMOTE_GATES else 1
    observables: list[PauliObservable] = [{slots * i: "X" for i in range(num_nodes)}]
    observables += [{slots * i: "Z", slots * (i + 1): "Z"} for i in range(num_nodes - 1)]
    return observables


def ghz_closed_form(num_nodes: int, link: BellDiagonal) -> NDArray[np.float64]:
    """Exact values of :func:`ghz_observables`: <X^n> = (1 - 2(p_z + p_y))^(n-1) (each
    link's Z on its first node flips it) and <Z_i Z_(i+1)> = 1 - 2(p_x + p_y) (the X the
    link leaves on node i+1 is copied forward to every later node, so only this pair
    sees it once)."""
    p_x, p_y, p_z = _pauli_probabilities(link)
    values = np.full(num_nodes, 1.0 - 2.0 * (p_x + p_y))
    values[0] = (1.0 - 2.0 * (p_z + p_y)) ** (num_nodes - 1)
    return values
