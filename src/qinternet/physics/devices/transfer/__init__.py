"""Light-matter transfer computed from the interaction Hamiltonian (clock-free).

- :class:`MasterEquation`: a time-dependent Lindblad equation solved over its
  Liouvillian with SciPy (checked against QuTiP's ``mesolve`` in the tests).
- :class:`SechPhoton`: the time-symmetric photon and the couplings g(t) that emit
  and absorb it (Cirac et al. 1997; Kurpiers et al. 2018).
- :class:`CascadedTransfer`, :class:`TransferNode`: emitter -> line -> absorber by the
  cascaded master equation, with qubit T1/T2, line loss, thermal photons and pulse
  mismatch; :class:`TransferChannel`: the resulting qubit channel and its fidelities.
- :class:`RamanEmitter`: a three-level atom in a cavity driven by a control pulse
  Omega(t) (Kimble 2008, Box 1): emission efficiency 2C / (1 + 2C) in the adiabatic limit.
- :class:`RamanTransfer`: atom to atom with the control that shapes a sech photon
  (:func:`sech_raman_control`, closed form) and its time reverse: transfer eps^2 with
  eps = 2C / (1 + 2C + beta^2 / (3 kappa^2)) (:func:`sech_raman_efficiency`).

Examples:
    >>> node = TransferNode(resonator_kappa_hz=10e6)
    >>> transfer = CascadedTransfer.matched(node, node, SechPhoton(4e6), duration_s=1.2e-6)
    >>> round(transfer.channel().entanglement_fidelity, 4)
    1.0
"""

from qinternet.physics.devices.transfer.cascaded import CascadedTransfer, TransferNode
from qinternet.physics.devices.transfer.channel import TransferChannel
from qinternet.physics.devices.transfer.lindblad import (
    MAX_STIFFNESS,
    MasterEquation,
    Pulse,
    check_hermitian,
    check_pulse,
)
from qinternet.physics.devices.transfer.pulses import SechPhoton, time_reversed
from qinternet.physics.devices.transfer.raman import RamanEmitter
from qinternet.physics.devices.transfer.raman_transfer import (
    RamanTransfer,
    sech_raman_control,
    sech_raman_efficiency,
)

__all__ = [
    "MAX_STIFFNESS",
    "CascadedTransfer",
    "MasterEquation",
    "Pulse",
    "RamanEmitter",
    "RamanTransfer",
    "SechPhoton",
    "TransferChannel",
    "TransferNode",
    "check_hermitian",
    "check_pulse",
    "sech_raman_control",
    "sech_raman_efficiency",
    "time_reversed",
]
