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
