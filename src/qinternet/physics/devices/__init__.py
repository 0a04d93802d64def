"""Physical device models and platform presets (layer L3, clock-free).

- :class:`Fibre`: loss (dB/km) and delay of a fibre.
- :class:`Memory`: T1/T2 decoherence over a storage time, dephasing per entangling
  attempt (closed form over k attempts), read-out and initialisation.
- :class:`Detector`: efficiency, dark counts, dead time, threshold or number-resolving.
- :class:`Emitter`: efficiency chain to the fibre and the bright-state population alpha.
- :class:`CavityInterface`: (g, kappa, gamma) -> critical photon and atom numbers,
  cooperativity, photon extraction efficiency (Kimble 2008, Eq. 1 and Fig. 2).
- :class:`AtomicEnsemble`: the DLCZ write state and the read-out channel.
- :class:`Transducer`, :class:`MicrowaveLine`: microwave-optical transduction against a
  cryogenic microwave line (:mod:`~qinternet.physics.devices.transducer`); the transfer
  dynamics from the interaction Hamiltonian are in :mod:`~qinternet.physics.devices.transfer`.
- :func:`preset`: the device models of each platform of the seeds, with sources.

No model keeps a clock: time-dependent methods take ``elapsed_s`` (or ``now_s``).
Hardware imports only :mod:`qinternet.noise`, :mod:`qinternet.states`,
:mod:`qinternet.core.units` and :mod:`qinternet.core.errors`.

Examples:
    >>> from qinternet.physics.devices import Fibre, Memory, preset
    >>> round(Fibre(length_m=10e3).transmission, 4)
    0.631
    >>> round(Memory(t2_s=0.4).coherence_factor(0.1), 4)
    0.7788
    >>> preset("atom_cavity").cavity.is_strong_coupling
    True
"""

from qinternet.physics.devices.cavity import CavityInterface
from qinternet.physics.devices.detector import Detector
from qinternet.physics.devices.emitter import Emitter
from qinternet.physics.devices.ensemble import AtomicEnsemble
from qinternet.physics.devices.fibre import Fibre
from qinternet.physics.devices.memory import Memory
from qinternet.physics.devices.presets import TABLES, Platform, PlatformPreset, Sourced, preset
from qinternet.physics.devices.transducer import MicrowaveLine, Transducer

__all__ = [
    "TABLES",
    "AtomicEnsemble",
    "CavityInterface",
    "Detector",
    "Emitter",
    "Fibre",
    "Memory",
    "MicrowaveLine",
    "Platform",
    "PlatformPreset",
    "Sourced",
    "Transducer",
    "preset",
]
