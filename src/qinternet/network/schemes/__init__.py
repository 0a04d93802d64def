"""The heralding schemes of a scenario's links: one module per kind, one registry line each.

Each module holds its scheme's model (the ``scheme:`` section of a link) and its builder
(the link's devices in, the pure link-layer outcome and herald delays out). A new scheme
is a new module and a :func:`register_scheme` line, here or in the user's own code.

Examples:
    >>> list(registered_schemes())  # doctest: +NORMALIZE_WHITESPACE
    ['barrett_kok', 'single_click', 'dlcz', 'sequential', 'state_transfer',
     'satellite_downlink', 'ensemble_atom', 'transduced']
"""

from qinternet.network.schemes import (
    barrett_kok,
    dlcz,
    ensemble_atom,
    satellite_downlink,
    sequential,
    single_click,
    state_transfer,
    transduced,
)
from qinternet.network.schemes.barrett_kok import BarrettKokScheme
from qinternet.network.schemes.dlcz import DlczScheme
from qinternet.network.schemes.ensemble_atom import EnsembleAtomScheme
from qinternet.network.schemes.registry import (
    LinkInputs,
    SchemeBuilder,
    SchemeOutcome,
    SchemeSpec,
    build_scheme,
    register_scheme,
    registered_schemes,
    unregister_scheme,
    validate_scheme,
)
from qinternet.network.schemes.satellite_downlink import SatelliteDownlinkScheme
from qinternet.network.schemes.sequential import SequentialScheme
from qinternet.network.schemes.single_click import SingleClickScheme
from qinternet.network.schemes.state_transfer import StateTransferScheme
from qinternet.network.schemes.transduced import TransducedScheme

__all__ = [
    "BarrettKokScheme",
    "DlczScheme",
    "EnsembleAtomScheme",
    "LinkInputs",
    "SatelliteDownlinkScheme",
    "SchemeBuilder",
    "SchemeOutcome",
    "SchemeSpec",
    "SequentialScheme",
    "SingleClickScheme",
    "StateTransferScheme",
    "TransducedScheme",
    "build_scheme",
    "register_scheme",
    "registered_schemes",
    "unregister_scheme",
    "validate_scheme",
]

register_scheme("barrett_kok", BarrettKokScheme, barrett_kok.build)
register_scheme("single_click", SingleClickScheme, single_click.build)
register_scheme("dlcz", DlczScheme, dlcz.build)
register_scheme("sequential", SequentialScheme, sequential.build)
register_scheme("state_transfer", StateTransferScheme, state_transfer.build)
register_scheme("satellite_downlink", SatelliteDownlinkScheme, satellite_downlink.build)
register_scheme("ensemble_atom", EnsembleAtomScheme, ensemble_atom.build)
register_scheme("transduced", TransducedScheme, transduced.build)
