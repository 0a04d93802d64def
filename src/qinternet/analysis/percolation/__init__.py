"""Entanglement percolation (Acín, Cirac, Lewenstein, Nature Phys. 3, 256 (2007)).

Networks whose edges carry partially entangled pure states
``sqrt(l_0)|00> + sqrt(l_1)|11>``: the optimal singlet conversion (:mod:`.entanglement`,
Vidal 1999), lattices and any networkx graph as index arrays and the swap that turns the
honeycomb into a triangular lattice (:mod:`.lattices`), classical and quantum
percolation sampled with scipy's connected components (:mod:`.strategies`), and exact
and finite-size bond-percolation thresholds with the entanglement window where the
quantum strategy wins (:mod:`.thresholds`).

Imported on its own (``import qinternet.analysis.percolation``): it is the one part of
:mod:`qinternet.analysis` that uses networkx.

Examples:
    >>> import numpy as np
    >>> estimate = finite_size_threshold("triangular", [8, 12, 16], num_samples=100,
    ...                                  rng=np.random.default_rng(2))
    >>> abs(estimate.threshold - EXACT_THRESHOLDS[LatticeKind.TRIANGULAR]) < 5 * estimate.stderr
    True
"""

from qinternet.analysis.percolation.entanglement import (
    SwapOutcomes,
    conversion_probability,
    copies_schmidt,
    edge_schmidt,
    schmidt_vector,
    singlet_conversion_probability,
    swap_outcomes,
    swapped_singlet_probability,
)
from qinternet.analysis.percolation.lattices import (
    Lattice,
    LatticeKind,
    SwappedLattice,
    build_lattice,
    from_graph,
    honeycomb_lattice,
    square_lattice,
    swap_sublattice,
    triangular_lattice,
)
from qinternet.analysis.percolation.strategies import (
    PercolationEstimate,
    classical_bond_probability,
    classical_percolation,
    cluster_labels,
    quantum_percolation,
    sample_classical_bonds,
    sample_swapped_bonds,
)
from qinternet.analysis.percolation.thresholds import (
    EXACT_THRESHOLDS,
    ThresholdEstimate,
    critical_lambda,
    finite_size_threshold,
    quantum_advantage_window,
    spanning_probability,
    spanning_thresholds,
    spans,
)

__all__ = [
    "EXACT_THRESHOLDS",
    "Lattice",
    "LatticeKind",
    "PercolationEstimate",
    "SwapOutcomes",
    "SwappedLattice",
    "ThresholdEstimate",
    "build_lattice",
    "classical_bond_probability",
    "classical_percolation",
    "cluster_labels",
    "conversion_probability",
    "copies_schmidt",
    "critical_lambda",
    "edge_schmidt",
    "finite_size_threshold",
    "from_graph",
    "honeycomb_lattice",
    "quantum_advantage_window",
    "quantum_percolation",
    "sample_classical_bonds",
    "sample_swapped_bonds",
    "schmidt_vector",
    "singlet_conversion_probability",
    "spanning_probability",
    "spanning_thresholds",
    "spans",
    "square_lattice",
    "swap_outcomes",
    "swap_sublattice",
    "swapped_singlet_probability",
    "triangular_lattice",
]
