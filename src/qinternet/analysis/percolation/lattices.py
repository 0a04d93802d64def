"""Networks of entangled edges as index arrays: lattices, any networkx graph, and the
lattice that entanglement swapping at one sublattice leaves behind.

A :class:`Lattice` holds the nodes ``0 .. num_nodes - 1``, the edges as an ``(E, 2)``
integer array, node positions (for plots and for the left and right boundaries across
which spanning is tested) and the original node labels. The square, triangular and
honeycomb patches are built with networkx's generators with open boundaries, about
``size`` bond lengths wide and high (bond length 1): the square patch has ``size + 1``
columns and ``size`` rows (the self-dual rectangle, whose left-right crossing at bond
probability 1/2 has probability exactly 1/2). The left (right) boundary is every node
within 3/4 of a bond length of the smallest (largest) x.

:func:`swap_sublattice` is the lattice transformation of Acín, Cirac and Lewenstein
(2007): every node of one side of a bipartite network (the honeycomb's B sublattice),
holding two copies of each edge state, swaps each pair of its neighbours' edges, so its
neighbours become pairwise linked and it drops out. On the honeycomb the remaining A
sublattice is a triangular lattice (each A node: six new bonds, one per swap).

References:
    A. Acín, J. I. Cirac, M. Lewenstein, Nature Phys. 3, 256 (2007),
    doi:10.1038/nphys549, arXiv:quant-ph/0612167 (honeycomb -> triangular by swapping).

Examples:
    >>> honeycomb = honeycomb_lattice(12)
    >>> swapped = swap_sublattice(honeycomb)
    >>> degrees = np.bincount(swapped.lattice.edges.ravel())
    >>> int(degrees.max())  # triangular: six bonds at an interior node
    6
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_count, check_finite

BOUNDARY_TOLERANCE = 0.75
"""Nodes within this many median bond lengths of the extreme x form a boundary."""


class LatticeKind(StrEnum):
    """The lattices with exact bond-percolation thresholds (Sykes and Essam 1964)."""

    SQUARE = "square"
    TRIANGULAR = "triangular"
    HONEYCOMB = "honeycomb"


@dataclass(frozen=True, eq=False)
class Lattice:
    """A network of edges between integer nodes.

    Attributes:
        name: what it is (``"square"``, ``"graph"``, ...).
        num_nodes: number of nodes.
        edges: ``(E, 2)`` int64 array of node pairs, no self-loops.
        positions: ``(num_nodes, 2)`` coordinates, or None if the graph had none.
        left: nodes of the left boundary (empty without positions).
        right: nodes of the right boundary (empty without positions).
        labels: the original node label of each node.
    """

    name: str
    num_nodes: int
    edges: NDArray[np.int64]
    positions: NDArray[np.float64] | None
    left: NDArray[np.int64]
    right: NDArray[np.int64]
    labels: tuple[Hashable, ...]

    @property
    def num_edges(self) -> int:
        """Number of edges."""
        return int(self.edges.shape[0])

    def index(self, label: Hashable) -> int:
        """The integer node of an original ``label``.

        Raises:
            InvalidParameterError: if no node has that label.
        """
        try:
            return self.labels.index(label)
        except ValueError:
            raise InvalidParameterError("node", label, f"is not a node of {self.name}") from None

    def far_pair(self) -> tuple[int, int]:
        """Two distant nodes: the nearest to 1/4 and to 3/4 of the width, mid-height.

        Raises:
            InvalidParameterError: if the lattice has no positions.
        """
        if self.positions is None:
            raise InvalidParameterError("positions", None, f"{self.name} has no node positions")
        low, high = self.positions.min(axis=0), self.positions.max(axis=0)
        mid_y = 0.5 * (low[1] + high[1])
        ends = []
        for fraction in (0.25, 0.75):
            point = np.array([low[0] + fraction * (high[0] - low[0]), mid_y])
            ends.append(int(np.argmin(np.sum((self.positions - point) ** 2, axis=1))))
        return ends[0], ends[1]


def from_graph(graph: Any, *, name: str = "graph") -> Lattice:
    """A :class:`Lattice` from an undirected networkx graph (positions from the nodes'
    ``pos`` attribute if every node has one).

    Raises:
        InvalidParameterError: for a graph that is not an undirected simple networkx
            graph, has no nodes or no edges, or has a self-loop.

    Examples:
        >>> import networkx as nx
        >>> from_graph(nx.cycle_graph(5)).num_edges
        5
        >>> g = nx.path_graph(3)
        >>> g.add_edge(1, 1)
        >>> from_graph(g)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: graph=[(1, 1)]: has self-loops (an edge must join two different nodes)
    """
    if not isinstance(graph, nx.Graph) or graph.is_directed() or graph.is_multigraph():
        reason = "must be an undirected simple networkx.Graph"
        raise InvalidParameterError("graph", type(graph).__name__, reason)
    if graph.number_of_nodes() == 0 or graph.number_of_edges() == 0:
        sizes = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
        raise InvalidParameterError("graph", sizes, "must have nodes and edges")
    loops = list(nx.selfloop_edges(graph))
    if loops:
        reason = "has self-loops (an edge must join two different nodes)"
        raise InvalidParameterError("graph", loops[:3], reason)
    labels = tuple(graph.nodes)
    where = {label: i for i, label in enumerate(labels)}
    edges = np.array([(where[u], where[v]) for u, v in graph.edges], dtype=np.int64)
    positions = None
    if all("pos" in data for _, data in graph.nodes(data=True)):
        raw = [graph.nodes[label]["pos"] for label in labels]
        positions = np.array(
            [[check_finite(x, "pos"), check_finite(y, "pos")] for x, y in raw], dtype=np.float64
        )
    return _with_boundaries(name, len(labels), edges, positions, labels)


def _with_boundaries(
    name: str,
    num_nodes: int,
    edges: NDArray[np.int64],
    positions: NDArray[np.float64] | None,
    labels: tuple[Hashable, ...],
) -> Lattice:
    empty = np.zeros(0, dtype=np.int64)
    if positions is None:
        return Lattice(name, num_nodes, edges, None, empty, empty, labels)
    lengths = np.linalg.norm(positions[edges[:, 0]] - positions[edges[:, 1]], axis=1)
    tolerance = BOUNDARY_TOLERANCE * float(np.median(lengths)) if lengths.size else 0.0
    x = positions[:, 0]
    left = np.flatnonzero(x <= x.min() + tolerance).astype(np.int64)
    right = np.flatnonzero(x >= x.max() - tolerance).astype(np.int64)
    return Lattice(name, num_nodes, edges, positions, left, right, labels)


def square_lattice(size: int) -> Lattice:
    """The ``(size + 1) x size`` square patch (columns x rows), open boundaries.

    Examples:
        >>> lattice = square_lattice(3)
        >>> lattice.num_nodes, lattice.num_edges, len(lattice.left)
        (12, 17, 3)
    """
    width = check_count(size, "size", minimum=1)
    graph = nx.grid_2d_graph(width + 1, width)
    nx.set_node_attributes(graph, {node: (float(node[0]), float(node[1])) for node in graph}, "pos")
    return from_graph(graph, name=LatticeKind.SQUARE.value)


def triangular_lattice(size: int) -> Lattice:
    """A triangular patch about ``size`` bond lengths wide and high, open boundaries.

    Examples:
        >>> int(np.bincount(triangular_lattice(8).edges.ravel()).max())
        6
    """
    width = check_count(size, "size", minimum=2)
    rows = max(1, round((2 * width + 1) / np.sqrt(3.0)))  # height rows*sqrt(3)/2 ~ width + 1/2
    graph = nx.triangular_lattice_graph(rows, 2 * width)
    return from_graph(graph, name=LatticeKind.TRIANGULAR.value)


def honeycomb_lattice(size: int) -> Lattice:
    """A honeycomb patch about ``size`` bond lengths wide and high, open boundaries.

    Examples:
        >>> int(np.bincount(honeycomb_lattice(8).edges.ravel()).max())
        3
    """
    width = check_count(size, "size", minimum=2)
    columns = max(1, round((width - 0.5) / 1.5))  # width 1.5 columns + 1/2
    rows = max(1, round((1.5 * columns + 0.5) / np.sqrt(3.0) - 0.5))  # height (rows + 1/2) sqrt(3)
    graph = nx.hexagonal_lattice_graph(rows, columns)
    return from_graph(graph, name=LatticeKind.HONEYCOMB.value)


def build_lattice(kind: LatticeKind | str, size: int) -> Lattice:
    """The ``kind`` patch of linear size ``size`` (bond lengths).

    Raises:
        InvalidParameterError: for an unknown kind or a size too small.
    """
    try:
        chosen = LatticeKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in LatticeKind)
        raise InvalidParameterError("kind", kind, f"must be one of {choices}") from None
    builders = {
        LatticeKind.SQUARE: square_lattice,
        LatticeKind.TRIANGULAR: triangular_lattice,
        LatticeKind.HONEYCOMB: honeycomb_lattice,
    }
    return builders[chosen](size)


@dataclass(frozen=True, eq=False)
class SwappedLattice:
    """The network after swapping at one side of a bipartite lattice.

    Attributes:
        lattice: the remaining nodes and the new bonds between them.
        legs: ``(E', 2)``: for each new bond, the two edges of the original lattice
            whose states were swapped to make it.
        kept: for each node of ``lattice``, its node in the original lattice.
    """

    lattice: Lattice
    legs: NDArray[np.int64]
    kept: NDArray[np.int64]


def swap_sublattice(lattice: Lattice, *, swap_colour: int = 1) -> SwappedLattice:
    """Swap every pair of edges at the nodes of colour ``swap_colour`` (0 or 1; node 0
    has colour 0) of a bipartite lattice. Each edge is taken to hold two copies of its
    state, so a node of degree at most 3 can link all pairs of its neighbours (two
    swapping nodes with the same two neighbours give two parallel bonds).

    Raises:
        InvalidParameterError: if the lattice is not bipartite, a swapping node has
            more than three edges, or ``swap_colour`` is not 0 or 1.
    """
    if swap_colour not in (0, 1):
        raise InvalidParameterError("swap_colour", swap_colour, "must be 0 or 1")
    graph = nx.Graph()
    graph.add_nodes_from(range(lattice.num_nodes))
    graph.add_edges_from((int(u), int(v), {"index": i}) for i, (u, v) in enumerate(lattice.edges))
    if not nx.is_bipartite(graph):
        raise InvalidParameterError("lattice", lattice.name, "must be bipartite to swap a side")
    colour = nx.bipartite.color(graph)
    if colour[0] != 0:  # node 0's side is colour 0, whatever networkx chose
        colour = {node: 1 - c for node, c in colour.items()}
    kept = np.array(
        [n for n in range(lattice.num_nodes) if colour[n] != swap_colour], dtype=np.int64
    )
    new_index = {int(n): i for i, n in enumerate(kept)}
    bonds, legs = [], []
    for node in range(lattice.num_nodes):
        if colour[node] != swap_colour:
            continue
        neighbours = sorted(graph[node])
        if len(neighbours) > 3:
            reason = f"node {lattice.labels[node]!r} has {len(neighbours)} edges; at most 3"
            raise InvalidParameterError("lattice", lattice.name, reason)
        for a, b in combinations(neighbours, 2):
            bonds.append((new_index[a], new_index[b]))
            legs.append((graph[node][a]["index"], graph[node][b]["index"]))
    edges = np.array(bonds, dtype=np.int64).reshape(-1, 2)
    positions = None if lattice.positions is None else lattice.positions[kept]
    labels = tuple(lattice.labels[int(n)] for n in kept)
    name = f"{lattice.name} swapped"
    new = _with_boundaries(name, len(kept), edges, positions, labels)
    return SwappedLattice(new, np.array(legs, dtype=np.int64).reshape(-1, 2), kept)
