"""The heralding schemes of a scenario's links: one module per kind, one registry line each.

Each module holds its scheme's model (the ``scheme:`` section of a link) and its builder
(the link's devices in, the pure link-layer outcome and herald delays out). A new scheme
is a new module and a :func:`register_scheme` line, here or in the user's own code (the
built-in ones register their modules, :func:`register_scheme_module`, so parsing a file
imports the schemes it names alone).

Examples:
    >>> list(registered_schemes())  # doctest: +NORMALIZE_WHITESPACE
    ['barrett_kok', 'single_click', 'dlcz', 'sequential', 'state_transfer',
     'satellite_downlink', 'ensemble_atom', 'transduced']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qinternet.core.lazy import lazy_exports
from qinternet.network.schemes.registry import (
    LinkInputs,
    SchemeBuilder,
    SchemeOutcome,
    SchemeSpec,
    build_scheme,
    register_scheme,
    register_scheme_module,
    registered_schemes,
    unregister_scheme,
    validate_scheme,
)

if TYPE_CHECKING:  # what the lazy names are, for type checkers
    from qinternet.network.schemes.barrett_kok import BarrettKokScheme
    from qinternet.network.schemes.dlcz import DlczScheme
    from qinternet.network.schemes.ensemble_atom import EnsembleAtomScheme
    from qinternet.network.schemes.satellite_downlink import SatelliteDownlinkScheme
    from qinternet.network.schemes.sequential import SequentialScheme
    from qinternet.network.schemes.single_click import SingleClickScheme
    from qinternet.network.schemes.state_transfer import StateTransferScheme
    from qinternet.network.schemes.transduced import TransducedScheme

_HOMES = {
    "BarrettKokScheme": "qinternet.network.schemes.barrett_kok",
    "SingleClickScheme": "qinternet.network.schemes.single_click",
    "DlczScheme": "qinternet.network.schemes.dlcz",
    "SequentialScheme": "qinternet.network.schemes.sequential",
    "StateTransferScheme": "qinternet.network.schemes.state_transfer",
    "SatelliteDownlinkScheme": "qinternet.network.schemes.satellite_downlink",
    "EnsembleAtomScheme": "qinternet.network.schemes.ensemble_atom",
    "TransducedScheme": "qinternet.network.schemes.transduced",
}
"""Each built-in scheme's model and its module (which a scenario naming it imports)."""

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
    "register_scheme_module",
    "registered_schemes",
    "unregister_scheme",
    "validate_scheme",
]

register_scheme_module("barrett_kok", f"{__name__}.barrett_kok", "BarrettKokScheme")
register_scheme_module("single_click", f"{__name__}.single_click", "SingleClickScheme")
register_scheme_module("dlcz", f"{__name__}.dlcz", "DlczScheme")
register_scheme_module("sequential", f"{__name__}.sequential", "SequentialScheme")
register_scheme_module("state_transfer", f"{__name__}.state_transfer", "StateTransferScheme")
register_scheme_module(
    "satellite_downlink", f"{__name__}.satellite_downlink", "SatelliteDownlinkScheme"
)
register_scheme_module("ensemble_atom", f"{__name__}.ensemble_atom", "EnsembleAtomScheme")
register_scheme_module("transduced", f"{__name__}.transduced", "TransducedScheme")

__getattr__, __dir__ = lazy_exports(globals(), _HOMES, __all__)
