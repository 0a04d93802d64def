"""The link layer as pure functions: one attempt of each scheme, from the physics.

Every function returns a :class:`LinkOutcome`: the success probability per attempt, the
heralded two-memory density matrix (computed from a Fock-space or Kraus model, never a
Werner number), the attempt duration, every heralding pattern, and the fidelity as a
property computed from the state.

Examples:
    >>> from qinternet.physics.links import barrett_kok_link, single_click_link
    >>> round(single_click_link(0.1, 1e-3).success_probability, 12)
    0.00019999
    >>> round(barrett_kok_link(0.2).success_probability, 12)
    0.02
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qinternet.core.lazy import lazy_exports

if TYPE_CHECKING:  # what the lazy names are, for type checkers
    from qinternet.physics.links._types import (
        DetectorKind,
        HeraldBranch,
        LinkOutcome,
        fibre_delay_s,
        midpoint_attempt_duration_s,
    )
    from qinternet.physics.links.barrett_kok import barrett_kok_link
    from qinternet.physics.links.dlcz import dlcz_link, dlcz_target, excitation_cutoff
    from qinternet.physics.links.ensemble_atom import (
        ensemble_atom_link,
        ensemble_atom_target,
        ensemble_atom_visibility,
    )
    from qinternet.physics.links.multiplexing import modes_tried, multiplexed_outcome
    from qinternet.physics.links.photonic_server import ServerScheme, photonic_server_link
    from qinternet.physics.links.satellite_downlink import (
        DoubleDownlink,
        classical_delay_s,
        coincidence_probabilities,
        downlink_state,
        satellite_downlink_link,
    )
    from qinternet.physics.links.sequential import sequential_link
    from qinternet.physics.links.single_click import single_click_link
    from qinternet.physics.links.state_transfer import (
        average_transfer_fidelity,
        channel_transfer_link,
        transfer_efficiency,
        transfer_kraus,
        transfer_link,
        transfer_process_fidelity,
        transfer_state,
    )
    from qinternet.physics.links.transduced import noisy_transfer_kraus, transduced_link

_HOMES = {
    "DetectorKind": "qinternet.physics.links._types",
    "HeraldBranch": "qinternet.physics.links._types",
    "LinkOutcome": "qinternet.physics.links._types",
    "fibre_delay_s": "qinternet.physics.links._types",
    "midpoint_attempt_duration_s": "qinternet.physics.links._types",
    "barrett_kok_link": "qinternet.physics.links.barrett_kok",
    "dlcz_link": "qinternet.physics.links.dlcz",
    "dlcz_target": "qinternet.physics.links.dlcz",
    "excitation_cutoff": "qinternet.physics.links.dlcz",
    "ensemble_atom_link": "qinternet.physics.links.ensemble_atom",
    "ensemble_atom_target": "qinternet.physics.links.ensemble_atom",
    "ensemble_atom_visibility": "qinternet.physics.links.ensemble_atom",
    "modes_tried": "qinternet.physics.links.multiplexing",
    "multiplexed_outcome": "qinternet.physics.links.multiplexing",
    "ServerScheme": "qinternet.physics.links.photonic_server",
    "photonic_server_link": "qinternet.physics.links.photonic_server",
    "DoubleDownlink": "qinternet.physics.links.satellite_downlink",
    "classical_delay_s": "qinternet.physics.links.satellite_downlink",
    "coincidence_probabilities": "qinternet.physics.links.satellite_downlink",
    "downlink_state": "qinternet.physics.links.satellite_downlink",
    "satellite_downlink_link": "qinternet.physics.links.satellite_downlink",
    "sequential_link": "qinternet.physics.links.sequential",
    "single_click_link": "qinternet.physics.links.single_click",
    "average_transfer_fidelity": "qinternet.physics.links.state_transfer",
    "channel_transfer_link": "qinternet.physics.links.state_transfer",
    "transfer_efficiency": "qinternet.physics.links.state_transfer",
    "transfer_kraus": "qinternet.physics.links.state_transfer",
    "transfer_link": "qinternet.physics.links.state_transfer",
    "transfer_process_fidelity": "qinternet.physics.links.state_transfer",
    "transfer_state": "qinternet.physics.links.state_transfer",
    "noisy_transfer_kraus": "qinternet.physics.links.transduced",
    "transduced_link": "qinternet.physics.links.transduced",
}
"""Each public name and the module that defines it (imported on first use: a scheme loads
its own model alone)."""

__all__ = [
    "DetectorKind",
    "DoubleDownlink",
    "HeraldBranch",
    "LinkOutcome",
    "ServerScheme",
    "average_transfer_fidelity",
    "barrett_kok_link",
    "channel_transfer_link",
    "classical_delay_s",
    "coincidence_probabilities",
    "dlcz_link",
    "dlcz_target",
    "downlink_state",
    "ensemble_atom_link",
    "ensemble_atom_target",
    "ensemble_atom_visibility",
    "excitation_cutoff",
    "fibre_delay_s",
    "midpoint_attempt_duration_s",
    "modes_tried",
    "multiplexed_outcome",
    "noisy_transfer_kraus",
    "photonic_server_link",
    "satellite_downlink_link",
    "sequential_link",
    "single_click_link",
    "transduced_link",
    "transfer_efficiency",
    "transfer_kraus",
    "transfer_link",
    "transfer_process_fidelity",
    "transfer_state",
]


__getattr__, __dir__ = lazy_exports(globals(), _HOMES, __all__)
