"""Protocols: where time, randomness and hardware meet (DESIGN.md, layer L4).

So far: the link layer as pure functions (:mod:`.links`) and deterministic delivery
(:mod:`.delivery`). Protocols may import hardware, noise, states, optics, units, errors
and rng, never network, sweep or cli.

Examples:
    >>> from qinternet.protocols import best_delivery_fidelity, dlcz_link
    >>> round(best_delivery_fidelity(7.8), 6)
    0.804461
"""

from qinternet.protocols.delivery import (
    best_delivery_fidelity,
    best_delivery_window,
    best_delivery_window_s,
    delivery_fidelity,
    link_efficiency,
    threshold_link_efficiency,
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

__all__ = [
    "DetectorKind",
    "HeraldBranch",
    "LinkOutcome",
    "ServerScheme",
    "barrett_kok_link",
    "best_delivery_fidelity",
    "best_delivery_window",
    "best_delivery_window_s",
    "delivery_fidelity",
    "dlcz_link",
    "link_efficiency",
    "photonic_server_link",
    "sequential_link",
    "single_click_link",
    "threshold_link_efficiency",
    "transfer_link",
    "transfer_state",
]
