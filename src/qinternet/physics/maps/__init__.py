"""Clock-free maps on delivered pairs: entanglement swapping, purification, delivery.

Each takes states (Bell-diagonal or density matrices) and returns states with their
probabilities; none lets time pass. Swapping (:mod:`.swapping`) and recurrence
purification (:mod:`.purification`) have Bell-diagonal closed forms and density-matrix
routes; ``_swap_fast`` and ``_purification_fast`` are private kernels of the hot paths,
each tested against the plain route. :mod:`.delivery` holds the closed forms of
deterministic (cavity) delivery.

Examples:
    >>> from qinternet.states import bell_state, fidelity, werner
    >>> swapped = swap(werner(0.9), werner(0.9)).corrected_state
    >>> round(fidelity(swapped, bell_state("phi+")), 6)
    0.813333
    >>> round(best_delivery_fidelity(7.8), 6)
    0.804461
"""

from qinternet.physics.maps.delivery import (
    best_delivery_fidelity,
    best_delivery_window,
    best_delivery_window_s,
    delivery_fidelity,
    link_efficiency,
    threshold_link_efficiency,
)
from qinternet.physics.maps.fusion import (
    equal_splitter_network,
    fuse,
    ghz_chain,
    ghz_from_pairs,
    merge_ghz,
    w_state_from_splitter,
)
from qinternet.physics.maps.purification import (
    PurificationMethod,
    purify,
    purify_bell_diagonal,
    purify_density,
    rounds_needed,
)
from qinternet.physics.maps.swapping import (
    BsmNoise,
    swap,
    swap_bell_diagonal,
    swap_density,
    swap_with_registry,
)

__all__ = [
    "BsmNoise",
    "PurificationMethod",
    "best_delivery_fidelity",
    "best_delivery_window",
    "best_delivery_window_s",
    "delivery_fidelity",
    "equal_splitter_network",
    "fuse",
    "ghz_chain",
    "ghz_from_pairs",
    "link_efficiency",
    "merge_ghz",
    "purify",
    "purify_bell_diagonal",
    "purify_density",
    "rounds_needed",
    "swap",
    "swap_bell_diagonal",
    "swap_density",
    "swap_with_registry",
    "threshold_link_efficiency",
    "w_state_from_splitter",
]
