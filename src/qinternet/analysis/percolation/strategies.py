"""Classical and quantum entanglement percolation, sampled on a :class:`Lattice`.

Every edge of the network carries ``num_copies`` copies of
``sqrt(1 - lambda_min)|00> + sqrt(lambda_min)|11>``.

- Classical entanglement percolation (CEP): each edge is turned into a singlet with
  Vidal's optimal probability (``2 lambda_min`` for one copy, ``min(1, 2 (1 - l_0^2))``
  for two), independently; two nodes then share a singlet after swaps along a path of
  singlets exactly when bond percolation puts them in the same cluster.
- Quantum entanglement percolation (QEP, Acín, Cirac and Lewenstein 2007): the nodes of
  one sublattice first swap pairs of their edges (:func:`.lattices.swap_sublattice`;
  on the honeycomb with two copies per edge this gives a triangular lattice), each swap's
  Bell outcome is drawn with its probability and leaves its own pure state, which is
  then converted into a singlet with that state's optimal probability; the bonds are
  independent with mean ``2 lambda_min``, and percolation runs on the new lattice.

Each sample draws the singlets, finds the clusters with
:func:`scipy.sparse.csgraph.connected_components`, and records whether two chosen
nodes share a cluster, the largest cluster's share of the nodes, and whether a cluster
joins the left and right boundaries. In an infinite lattice the first tends to
``theta(p)^2`` and the second to ``theta(p)``, the probability that a node belongs to
the infinite cluster (ACL 2007); the third grows with the patch above the threshold and
falls below it.

References:
    A. Acín, J. I. Cirac, M. Lewenstein, Nature Phys. 3, 256 (2007),
    doi:10.1038/nphys549, arXiv:quant-ph/0612167.

Examples:
    >>> import numpy as np
    >>> from qinternet.analysis.percolation.lattices import square_lattice
    >>> result = classical_percolation(square_lattice(6), 0.5, num_samples=20,
    ...                                rng=np.random.default_rng(3))
    >>> result.connection.mean, result.giant_fraction.mean  # every edge a singlet
    (1.0, 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from qinternet.analysis.percolation.entanglement import (
    copies_schmidt,
    edge_schmidt,
    singlet_conversion_probability,
    swap_outcomes,
)
from qinternet.analysis.percolation.lattices import Lattice, SwappedLattice
from qinternet.core.errors import InvalidParameterError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.core.validation import check_count


def cluster_labels(lattice: Lattice, open_bonds: NDArray[np.bool_]) -> NDArray[np.int32]:
    """The cluster of each node when only the edges with ``open_bonds`` are kept.

    Raises:
        InvalidParameterError: if ``open_bonds`` is not one flag per edge.
    """
    mask = np.asarray(open_bonds, dtype=bool)
    if mask.shape != (lattice.num_edges,):
        reason = f"must be {lattice.num_edges} flags, one per edge"
        raise InvalidParameterError("open_bonds", mask.shape, reason)
    kept = lattice.edges[mask]
    ones = np.ones(kept.shape[0], dtype=np.int8)
    size = lattice.num_nodes
    adjacency = coo_matrix((ones, (kept[:, 0], kept[:, 1])), shape=(size, size)).tocsr()
    _, labels = connected_components(adjacency, directed=False)
    return labels


def classical_bond_probability(lambda_min: float, num_copies: int = 1) -> float:
    """The optimal singlet probability of an edge with ``num_copies`` copies of the state.

    Examples:
        >>> classical_bond_probability(0.1), round(classical_bond_probability(0.1, 2), 6)
        (0.2, 0.38)
    """
    schmidt = copies_schmidt(edge_schmidt(lambda_min), num_copies)
    return singlet_conversion_probability(schmidt)


def sample_classical_bonds(
    lattice: Lattice, lambda_min: float, *, rng: np.random.Generator, num_copies: int = 1
) -> NDArray[np.bool_]:
    """One CEP draw: which edges became singlets."""
    probability = classical_bond_probability(lambda_min, num_copies)
    return rng.random(lattice.num_edges) < probability


def sample_swapped_bonds(
    swapped: SwappedLattice, lambda_min: float, *, rng: np.random.Generator
) -> NDArray[np.bool_]:
    """One QEP draw: each swap's Bell outcome, then that outcome's singlet conversion.

    Every edge holds the same state, so one table of outcomes serves all swaps.
    """
    schmidt = edge_schmidt(lambda_min)
    outcomes = swap_outcomes(schmidt, schmidt)
    num_bonds = swapped.lattice.num_edges
    cumulative = np.cumsum(outcomes.probabilities)
    drawn = np.minimum(np.searchsorted(cumulative, rng.random(num_bonds), side="right"), 3)
    return rng.random(num_bonds) < outcomes.singlet_probabilities[drawn]


@dataclass(frozen=True)
class PercolationEstimate:
    """Means over samples of a percolation strategy, with standard errors.

    Attributes:
        connection: probability that the two chosen nodes end up sharing a singlet path.
        giant_fraction: the largest cluster's share of the nodes.
        bond_fraction: the share of bonds that became singlets.
        spanning: probability that one cluster joins the left and right boundaries
            (NaN with no samples if the lattice has no boundaries).
        pair: the two nodes (of the lattice the strategy percolates on).
    """

    connection: MeanEstimate
    giant_fraction: MeanEstimate
    bond_fraction: MeanEstimate
    spanning: MeanEstimate
    pair: tuple[int, int]


def labels_span(lattice: Lattice, labels: NDArray[np.int32]) -> bool:
    """True if a cluster (``labels`` from :func:`cluster_labels`) holds a node of each
    boundary; False for a lattice without boundaries."""
    if lattice.left.size == 0 or lattice.right.size == 0:
        return False
    return bool(np.intersect1d(labels[lattice.left], labels[lattice.right]).size)


def _pair(lattice: Lattice, pair: tuple[int, int] | None) -> tuple[int, int]:
    if pair is None:
        return lattice.far_pair()
    first, second = (check_count(node, "pair") for node in pair)
    for node in (first, second):
        if node >= lattice.num_nodes:
            raise InvalidParameterError("pair", pair, f"nodes must be < {lattice.num_nodes}")
    return first, second


def _estimate(
    lattice: Lattice,
    draws: list[NDArray[np.bool_]],
    pair: tuple[int, int],
) -> PercolationEstimate:
    connected, giant, bonds, spanning = [], [], [], []
    has_boundaries = lattice.left.size > 0 and lattice.right.size > 0
    for mask in draws:
        labels = cluster_labels(lattice, mask)
        connected.append(float(labels[pair[0]] == labels[pair[1]]))
        giant.append(np.bincount(labels).max() / lattice.num_nodes)
        bonds.append(float(mask.mean()) if mask.size else 0.0)
        if has_boundaries:
            spanning.append(float(labels_span(lattice, labels)))
    return PercolationEstimate(
        mean_with_stderr(connected),
        mean_with_stderr(giant),
        mean_with_stderr(bonds),
        mean_with_stderr(spanning),
        pair,
    )


def classical_percolation(
    lattice: Lattice,
    lambda_min: float,
    *,
    num_samples: int,
    rng: np.random.Generator,
    num_copies: int = 1,
    pair: tuple[int, int] | None = None,
) -> PercolationEstimate:
    """CEP: each edge (``num_copies`` copies) converted to a singlet independently.

    Args:
        lattice: the network.
        lambda_min: the smaller Schmidt coefficient of the edge state, in [0, 1/2].
        num_samples: independent draws (>= 1).
        rng: the random stream.
        num_copies: copies of the state per edge, converted together (>= 1).
        pair: the two nodes whose connection is estimated (default
            :meth:`Lattice.far_pair`).

    Raises:
        InvalidParameterError: for ``lambda_min`` outside [0, 1/2], a count < 1, or
            nodes outside the lattice.
    """
    count = check_count(num_samples, "num_samples", minimum=1)
    chosen = _pair(lattice, pair)
    draws = [
        sample_classical_bonds(lattice, lambda_min, rng=rng, num_copies=num_copies)
        for _ in range(count)
    ]
    return _estimate(lattice, draws, chosen)


def quantum_percolation(
    swapped: SwappedLattice,
    lambda_min: float,
    *,
    num_samples: int,
    rng: np.random.Generator,
    pair: tuple[int, int] | None = None,
) -> PercolationEstimate:
    """QEP: swaps at one sublattice (``swapped``, from
    :func:`~qinternet.analysis.percolation.lattices.swap_sublattice`), then CEP on the
    new bonds; ``pair`` and the giant fraction refer to the remaining nodes.

    Raises:
        InvalidParameterError: for ``lambda_min`` outside [0, 1/2], a count < 1, or
            nodes outside the swapped lattice.

    Examples:
        >>> import numpy as np
        >>> from qinternet.analysis.percolation.lattices import (
        ...     honeycomb_lattice, swap_sublattice)
        >>> swapped = swap_sublattice(honeycomb_lattice(10))
        >>> result = quantum_percolation(swapped, 0.2, num_samples=200,
        ...                              rng=np.random.default_rng(5))
        >>> result.bond_fraction.agrees_with(0.4)  # 2 lambda_min, within 5 sigma
        True
    """
    count = check_count(num_samples, "num_samples", minimum=1)
    chosen = _pair(swapped.lattice, pair)
    draws = [sample_swapped_bonds(swapped, lambda_min, rng=rng) for _ in range(count)]
    return _estimate(swapped.lattice, draws, chosen)
