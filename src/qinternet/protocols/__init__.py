"""Protocols: where time, randomness and hardware meet (DESIGN.md, layer L4).

The link layer as pure functions (:mod:`.links`) and as event-driven processes
(:mod:`.link_process`, with lazy memory noise in :mod:`.storage`); deterministic
delivery (:mod:`.delivery`); entanglement swapping (:mod:`.swapping`) and purification
(:mod:`.purification`); applications (:mod:`.applications`: teleportation, QKD, CHSH,
tomography). Protocols may import analysis, hardware, noise, states, optics, engine,
units, errors and rng, never network, sweep or cli.

Examples:
    >>> from qinternet.protocols import best_delivery_fidelity, dlcz_link
    >>> round(best_delivery_fidelity(7.8), 6)
    0.804461
"""

from qinternet.protocols.chain import ChainConfig, ChainStatistics, SwapPolicy
from qinternet.protocols.delivery import (
    best_delivery_fidelity,
    best_delivery_window,
    best_delivery_window_s,
    delivery_fidelity,
    link_efficiency,
    threshold_link_efficiency,
)
from qinternet.protocols.delivery_process import simulate_delivery
from qinternet.protocols.link_process import (
    HeraldedLinkConfig,
    LinkStatistics,
    simulate_link,
    simulate_links,
)
from qinternet.protocols.links import (
    DetectorKind,
    HeraldBranch,
    LinkOutcome,
    ServerScheme,
    barrett_kok_link,
    dlcz_link,
    photonic_server_link,
    sequential_link,
    single_click_link,
    transfer_link,
    transfer_state,
)
from qinternet.protocols.purification import (
    PurificationMethod,
    purify,
    purify_bell_diagonal,
    purify_density,
    rounds_needed,
)
from qinternet.protocols.repeater import simulate_chain
from qinternet.protocols.storage import QuantumStorage, SlotId
from qinternet.protocols.swapping import (
    BsmNoise,
    swap,
    swap_bell_diagonal,
    swap_density,
    swap_with_registry,
)

__all__ = [
    "BsmNoise",
    "ChainConfig",
    "ChainStatistics",
    "DetectorKind",
    "HeraldBranch",
    "HeraldedLinkConfig",
    "LinkOutcome",
    "LinkStatistics",
    "PurificationMethod",
    "QuantumStorage",
    "ServerScheme",
    "SlotId",
    "SwapPolicy",
    "barrett_kok_link",
    "best_delivery_fidelity",
    "best_delivery_window",
    "best_delivery_window_s",
    "delivery_fidelity",
    "dlcz_link",
    "link_efficiency",
    "photonic_server_link",
    "purify",
    "purify_bell_diagonal",
    "purify_density",
    "rounds_needed",
    "sequential_link",
    "simulate_chain",
    "simulate_delivery",
    "simulate_link",
    "simulate_links",
    "single_click_link",
    "swap",
    "swap_bell_diagonal",
    "swap_density",
    "swap_with_registry",
    "threshold_link_efficiency",
    "transfer_link",
    "transfer_state",
]
