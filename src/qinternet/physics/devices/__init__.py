"""Physical device models and platform presets (layer L3, clock-free).

- :class:`Fibre`: loss (dB/km) and delay of a fibre.
- :class:`FreeSpaceChannel`: Gaussian-beam diffraction, pointing and turbulence jitter,
  atmosphere against elevation; :class:`CircularOrbit`: range and elevation of a pass.
- :class:`GaussianMode`, :class:`ExponentialMode`: photon modes; :func:`hom_visibility`.
- :class:`Memory`: T1/T2 decoherence over a storage time, dephasing per entangling
  attempt (closed form over k attempts), read-out and initialisation.
- :class:`Detector`: efficiency, dark counts, dead time, threshold or number-resolving.
- :class:`Emitter`: efficiency chain to the fibre and the bright-state population alpha.
- :class:`CavityInterface`: (g, kappa, gamma) -> critical photon and atom numbers,
  cooperativity, photon extraction efficiency (Kimble 2008, Eq. 1 and Fig. 2).
- :class:`AtomicEnsemble`: the DLCZ write state and the read-out channel.
- :class:`PhaseStabilisation`: residual optical phase and duty cycle of a deployed,
  time-multiplexed stabilised link (:mod:`.phase_noise`).
- :class:`FrequencyConverter`: conversion efficiency and noise photons, the background
  clicks they add at a heralding station (:mod:`.conversion`).
- :class:`Readout`: read-out assignment errors and the raw fidelity they give; dead time
  between attempt blocks as a duty cycle (:mod:`.node_operations`).
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

from __future__ import annotations

from typing import TYPE_CHECKING

from qinternet.core.lazy import lazy_exports

if TYPE_CHECKING:  # what the lazy names are, for type checkers
    from qinternet.physics.devices.cavity import CavityInterface
    from qinternet.physics.devices.conversion import FrequencyConverter
    from qinternet.physics.devices.detector import Detector
    from qinternet.physics.devices.emitter import Emitter
    from qinternet.physics.devices.ensemble import AtomicEnsemble
    from qinternet.physics.devices.fibre import Fibre
    from qinternet.physics.devices.free_space import AirMass, FreeSpaceChannel
    from qinternet.physics.devices.memory import Memory
    from qinternet.physics.devices.node_operations import Readout
    from qinternet.physics.devices.orbit import CircularOrbit
    from qinternet.physics.devices.phase_noise import PhaseStabilisation
    from qinternet.physics.devices.photon_modes import (
        ExponentialMode,
        GaussianMode,
        PhotonMode,
        hom_visibility,
        mode_overlap,
    )
    from qinternet.physics.devices.presets import TABLES, Platform, PlatformPreset, Sourced, preset
    from qinternet.physics.devices.transducer import MicrowaveLine, Transducer

_HOMES = {
    "CavityInterface": "qinternet.physics.devices.cavity",
    "FrequencyConverter": "qinternet.physics.devices.conversion",
    "Detector": "qinternet.physics.devices.detector",
    "Emitter": "qinternet.physics.devices.emitter",
    "AtomicEnsemble": "qinternet.physics.devices.ensemble",
    "Fibre": "qinternet.physics.devices.fibre",
    "AirMass": "qinternet.physics.devices.free_space",
    "FreeSpaceChannel": "qinternet.physics.devices.free_space",
    "Memory": "qinternet.physics.devices.memory",
    "Readout": "qinternet.physics.devices.node_operations",
    "CircularOrbit": "qinternet.physics.devices.orbit",
    "PhaseStabilisation": "qinternet.physics.devices.phase_noise",
    "ExponentialMode": "qinternet.physics.devices.photon_modes",
    "GaussianMode": "qinternet.physics.devices.photon_modes",
    "PhotonMode": "qinternet.physics.devices.photon_modes",
    "hom_visibility": "qinternet.physics.devices.photon_modes",
    "mode_overlap": "qinternet.physics.devices.photon_modes",
    "TABLES": "qinternet.physics.devices.presets",
    "Platform": "qinternet.physics.devices.presets",
    "PlatformPreset": "qinternet.physics.devices.presets",
    "Sourced": "qinternet.physics.devices.presets",
    "preset": "qinternet.physics.devices.presets",
    "MicrowaveLine": "qinternet.physics.devices.transducer",
    "Transducer": "qinternet.physics.devices.transducer",
}
"""Each public name and the module that defines it (imported on first use: a scenario
loads the device models it uses)."""

__all__ = [
    "TABLES",
    "AirMass",
    "AtomicEnsemble",
    "CavityInterface",
    "CircularOrbit",
    "Detector",
    "Emitter",
    "ExponentialMode",
    "Fibre",
    "FreeSpaceChannel",
    "FrequencyConverter",
    "GaussianMode",
    "Memory",
    "MicrowaveLine",
    "PhaseStabilisation",
    "PhotonMode",
    "Platform",
    "PlatformPreset",
    "Readout",
    "Sourced",
    "Transducer",
    "hom_visibility",
    "mode_overlap",
    "preset",
]


__getattr__, __dir__ = lazy_exports(globals(), _HOMES, __all__)
