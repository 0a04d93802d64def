"""Bond-percolation thresholds: exact values, finite-size estimates, entanglement windows.

Exact bond thresholds (Sykes and Essam 1964): square 1/2, triangular ``2 sin(pi/18)``,
honeycomb ``1 - 2 sin(pi/18)``.

Finite-size estimate: give each edge of an ``L``-wide patch a uniform random weight and
open the edges in increasing weight; the weight at which a cluster first joins the left
and right boundaries is the sample's spanning threshold (its distribution function is
the spanning probability ``R_L(p)``); the minimum spanning tree gives it exactly. The
mean over samples approaches ``p_c`` with corrections in powers of ``L``; in general the
leading one is ``L^(-1/nu)``, ``nu = 4/3`` (Stauffer and Aharony, ch. 4), with an
amplitude set by the asymmetry of the scaling form of ``R_L``. In the square patches used
here that form is symmetric: duality makes ``R_L(p) + R_L(1 - p) = 1`` exactly for the
self-dual square patch, and the scaling form at aspect ratio 1 is universal (Cardy 1992;
Ziff 1992: ``R(p_c) = 1/2``). So the fit takes the leading correction to be
``L^-(1 + 1/nu)`` (a ``1/L`` boundary correction to the scaling shift). That order is an
assumption of this module, consistent with the simulated means of all three lattices;
the systematic error (the shift of ``p_c`` when the correction is taken as ``L^-1``)
bounds it, and the tests hold the result to the exact thresholds. The weighted least-squares fit over
several ``L`` also gives a statistical error, inflated by ``sqrt(chi^2/dof)`` when the
fit is worse than the statistics.

Entanglement windows: CEP on a lattice percolates when the edge's singlet probability
exceeds ``p_c``; :func:`critical_lambda` inverts that. On the honeycomb with two copies
per edge, CEP needs ``2 (1 - l_0^2) > 1 - 2 sin(pi/18)`` while QEP (swapping to the
triangular lattice, bonds ``2 lambda_min``) needs only ``2 lambda_min > 2 sin(pi/18)``:
for ``sin(pi/18) < lambda_min < 1 - sqrt((1 + 2 sin(pi/18)) / 2)``, i.e.
0.17365 < lambda_min < 0.17924, only the quantum strategy connects distant nodes. This is
the honeycomb example of Acín, Cirac, Lewenstein (2007); the interval is derived here
from the exact thresholds and the closed forms of :mod:`.entanglement` (the paper's own
statement of it was not at hand to compare digit by digit).

References:
    M. F. Sykes, J. W. Essam, J. Math. Phys. 5, 1117 (1964), doi:10.1063/1.1704215.
    D. Stauffer, A. Aharony, Introduction to Percolation Theory, 2nd ed. (Taylor &
    Francis, 1994), ch. 4 (finite-size scaling of the spanning threshold).
    J. L. Cardy, J. Phys. A 25, L201 (1992), arXiv:hep-th/9111026 (crossing probability).
    R. M. Ziff, Phys. Rev. Lett. 69, 2670 (1992), doi:10.1103/PhysRevLett.69.2670
    (spanning probability 1/2 at p_c in square patches).
    A. Acín, J. I. Cirac, M. Lewenstein, Nature Phys. 3, 256 (2007),
    doi:10.1038/nphys549, arXiv:quant-ph/0612167.

Examples:
    >>> round(EXACT_THRESHOLDS[LatticeKind.TRIANGULAR], 6)
    0.347296
    >>> [round(x, 5) for x in quantum_advantage_window()]
    [0.17365, 0.17924]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order, minimum_spanning_tree

from qinternet.analysis.percolation.lattices import Lattice, LatticeKind, build_lattice
from qinternet.analysis.percolation.strategies import (
    classical_bond_probability,
    cluster_labels,
    labels_span,
)
from qinternet.core.errors import InvalidParameterError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.core.validation import check_count, check_probability

EXACT_THRESHOLDS: dict[LatticeKind, float] = {
    LatticeKind.SQUARE: 0.5,
    LatticeKind.TRIANGULAR: 2.0 * math.sin(math.pi / 18.0),
    LatticeKind.HONEYCOMB: 1.0 - 2.0 * math.sin(math.pi / 18.0),
}
"""Exact bond-percolation thresholds (Sykes and Essam 1964)."""

CORRELATION_LENGTH_EXPONENT = 4.0 / 3.0
"""``nu`` of two-dimensional percolation (den Nijs 1979; Nienhuis 1982)."""

_JOIN_WEIGHT = 1e-300
"""Weight of the source and sink joins: below every edge weight, yet not zero."""


def spans(lattice: Lattice, open_bonds: NDArray[np.bool_]) -> bool:
    """True if one cluster of the open bonds touches both the left and right boundaries.

    Raises:
        InvalidParameterError: if the lattice has no boundaries (no positions).
    """
    if lattice.left.size == 0 or lattice.right.size == 0:
        raise InvalidParameterError("lattice", lattice.name, "has no left/right boundary")
    return labels_span(lattice, cluster_labels(lattice, open_bonds))


def spanning_thresholds(
    lattice: Lattice, *, num_samples: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """Each sample's spanning threshold: the smallest bond probability at which its
    edges (with uniform random weights) join the left and right boundaries.

    That is the minimax weight of a path from a source joined to every left node to a
    sink joined to every right node (both joins of negligible weight), which the minimum
    spanning tree contains (:func:`scipy.sparse.csgraph.minimum_spanning_tree`).

    Raises:
        InvalidParameterError: if the lattice has no boundaries, the boundaries share a
            node, or the full lattice does not span.
    """
    count = check_count(num_samples, "num_samples", minimum=1)
    if np.intersect1d(lattice.left, lattice.right).size:
        raise InvalidParameterError("lattice", lattice.name, "boundaries overlap")
    if not spans(lattice, np.ones(lattice.num_edges, dtype=bool)):
        raise InvalidParameterError("lattice", lattice.name, "does not span even fully open")
    source, sink = lattice.num_nodes, lattice.num_nodes + 1
    rows = np.concatenate([lattice.edges[:, 0], np.full(lattice.left.size, source)])
    rows = np.concatenate([rows, np.full(lattice.right.size, sink)])
    cols = np.concatenate([lattice.edges[:, 1], lattice.left, lattice.right])
    joins = np.full(lattice.left.size + lattice.right.size, _JOIN_WEIGHT)
    shape = (lattice.num_nodes + 2, lattice.num_nodes + 2)
    thresholds = np.empty(count)
    for sample in range(count):
        weights = 1.0 - rng.random(lattice.num_edges)  # in (0, 1]: a zero is no edge
        graph = coo_matrix((np.concatenate([weights, joins]), (rows, cols)), shape=shape)
        tree = minimum_spanning_tree(graph.tocsr())
        tree = (tree + tree.T).tocsr()
        _, predecessors = breadth_first_order(
            tree, source, directed=False, return_predecessors=True
        )
        path = [sink]
        while path[-1] != source:
            path.append(int(predecessors[path[-1]]))
        nodes = np.array(path)
        thresholds[sample] = float(np.asarray(tree[nodes[1:], nodes[:-1]]).max())
    return thresholds


def spanning_probability(thresholds: NDArray[np.float64], bond_probability: float) -> float:
    """``R_L(p)``: the share of samples whose spanning threshold is at most ``p``."""
    p = check_probability(bond_probability, "bond_probability")
    return float(np.mean(np.asarray(thresholds) <= p))


@dataclass(frozen=True)
class ThresholdEstimate:
    """A finite-size estimate of a bond-percolation threshold.

    Attributes:
        threshold: the extrapolated ``p_c`` (correction ``L^-(1 + 1/nu)``).
        stderr: its statistical standard error (fit covariance, scaled up by
            ``sqrt(chi^2/dof)`` if that exceeds 1).
        systematic: how far the extrapolation moves if the correction is taken as
            ``L^-1`` instead (the order of the first surviving correction is an
            assumption, see the module).
        chi2_per_dof: the fit's chi-square per degree of freedom.
        sizes: the patch widths ``L``.
        means: the mean spanning threshold at each size, with its standard error.
    """

    threshold: float
    stderr: float
    systematic: float
    chi2_per_dof: float
    sizes: tuple[int, ...]
    means: tuple[MeanEstimate, ...]

    @property
    def error(self) -> float:
        """Statistical and systematic errors added in quadrature."""
        return math.hypot(self.stderr, self.systematic)


def _extrapolate(
    sizes: NDArray[np.float64],
    means: NDArray[np.float64],
    sigma: NDArray[np.float64],
    exponent: float,
) -> tuple[float, float, float]:
    """Weighted fit ``means = p_c + a sizes^-exponent``: (p_c, its stderr, chi^2/dof)."""
    x = sizes**-exponent
    coefficients, covariance = np.polyfit(x, means, 1, w=1.0 / sigma, cov="unscaled")
    residuals = (means - np.polyval(coefficients, x)) / sigma
    chi2_per_dof = float(np.sum(residuals**2) / (sizes.size - 2))
    stderr = math.sqrt(covariance[1, 1]) * math.sqrt(max(1.0, chi2_per_dof))
    return float(coefficients[1]), stderr, chi2_per_dof


def finite_size_threshold(
    kind: LatticeKind | str,
    sizes: Sequence[int],
    *,
    num_samples: int,
    rng: np.random.Generator,
) -> ThresholdEstimate:
    """Fit ``p_av(L) = p_c + a L^-(1 + 1/nu)`` to the mean spanning thresholds at ``sizes``.

    Raises:
        InvalidParameterError: for fewer than three distinct sizes, an unknown kind, or
            ``num_samples < 2``.

    Examples:
        >>> import numpy as np
        >>> estimate = finite_size_threshold("square", [8, 12, 16], num_samples=200,
        ...                                  rng=np.random.default_rng(1))
        >>> abs(estimate.threshold - 0.5) < 3 * estimate.error
        True
    """
    widths = tuple(check_count(size, "sizes", minimum=2) for size in sizes)
    if len(set(widths)) < 3:
        raise InvalidParameterError("sizes", list(sizes), "need at least three distinct sizes")
    count = check_count(num_samples, "num_samples", minimum=2)
    means = tuple(
        mean_with_stderr(spanning_thresholds(build_lattice(kind, L), num_samples=count, rng=rng))
        for L in widths
    )
    x = np.asarray(widths, dtype=np.float64)
    y = np.array([m.mean for m in means])
    sigma = np.array([m.stderr for m in means])
    threshold, stderr, chi2 = _extrapolate(x, y, sigma, 1.0 + 1.0 / CORRELATION_LENGTH_EXPONENT)
    slower, _, _ = _extrapolate(x, y, sigma, 1.0)
    return ThresholdEstimate(threshold, stderr, abs(slower - threshold), chi2, widths, means)


def critical_lambda(threshold: float, num_copies: int = 1) -> float:
    """The ``lambda_min`` at which an edge's CEP singlet probability equals ``threshold``
    (``num_copies`` copies per edge converted together); 1/2 if even a singlet-per-copy
    edge falls short (never, for ``threshold <= 1``).

    Examples:
        >>> critical_lambda(0.5)
        0.25
    """
    p_c = check_probability(threshold, "threshold")
    check_count(num_copies, "num_copies", minimum=1)
    if p_c == 0.0:
        return 0.0
    return float(
        brentq(lambda lam: classical_bond_probability(lam, num_copies) - p_c, 0.0, 0.5, xtol=1e-15)
    )


def quantum_advantage_window(
    thresholds: dict[LatticeKind, float] | None = None,
) -> tuple[float, float]:
    """The ``lambda_min`` interval where QEP on the doubled honeycomb percolates and CEP
    does not: (``p_c(triangular) / 2``, CEP's critical lambda on the honeycomb with two
    copies per edge). ``thresholds`` defaults to :data:`EXACT_THRESHOLDS`.
    """
    values = EXACT_THRESHOLDS if thresholds is None else thresholds
    quantum = 0.5 * check_probability(values[LatticeKind.TRIANGULAR], "triangular threshold")
    classical = critical_lambda(values[LatticeKind.HONEYCOMB], num_copies=2)
    return quantum, classical
