"""Clock-free maps on delivered pairs: entanglement swapping, purification, delivery.

Each takes states (Bell-diagonal or density matrices) and returns states with their
probabilities; none lets time pass. Swapping (:mod:`.swapping`) and recurrence
purification (:mod:`.purification`) have Bell-diagonal closed forms and density-matrix
routes; ``_swap_fast`` and ``_purification_fast`` are private kernels of the hot paths,
each tested against the plain route. :mod:`.delivery` holds the closed forms of
deterministic (cavity) delivery.

Examples:
    >>> from qinternet.physics.maps import best_delivery_fidelity, swap
    >>> from qinternet.states import bell_state, fidelity, werner
    >>> swapped = swap(werner(0.9), werner(0.9)).corrected_state
    >>> round(fidelity(swapped, bell_state("phi+")), 6)
    0.813333
    >>> round(best_delivery_fidelity(7.8), 6)
    0.804461
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qinternet.core.lazy import lazy_exports

if TYPE_CHECKING:  # what the lazy names are, for type checkers
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

_HOMES = {
    "best_delivery_fidelity": "qinternet.physics.maps.delivery",
    "best_delivery_window": "qinternet.physics.maps.delivery",
    "best_delivery_window_s": "qinternet.physics.maps.delivery",
    "delivery_fidelity": "qinternet.physics.maps.delivery",
    "link_efficiency": "qinternet.physics.maps.delivery",
    "threshold_link_efficiency": "qinternet.physics.maps.delivery",
    "equal_splitter_network": "qinternet.physics.maps.fusion",
    "fuse": "qinternet.physics.maps.fusion",
    "ghz_chain": "qinternet.physics.maps.fusion",
    "ghz_from_pairs": "qinternet.physics.maps.fusion",
    "merge_ghz": "qinternet.physics.maps.fusion",
    "w_state_from_splitter": "qinternet.physics.maps.fusion",
    "PurificationMethod": "qinternet.physics.maps.purification",
    "purify": "qinternet.physics.maps.purification",
    "purify_bell_diagonal": "qinternet.physics.maps.purification",
    "purify_density": "qinternet.physics.maps.purification",
    "rounds_needed": "qinternet.physics.maps.purification",
    "BsmNoise": "qinternet.physics.maps.swapping",
    "swap": "qinternet.physics.maps.swapping",
    "swap_bell_diagonal": "qinternet.physics.maps.swapping",
    "swap_density": "qinternet.physics.maps.swapping",
    "swap_with_registry": "qinternet.physics.maps.swapping",
}

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


__getattr__, __dir__ = lazy_exports(globals(), _HOMES, __all__)
