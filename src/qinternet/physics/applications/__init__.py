"""Applications that consume entanglement: teleportation, QKD, CHSH tests, tomography,
a CNOT between linked processors and a telescope array.

Each takes the delivered two-qubit state (a density matrix of the two end memories, a
Ket or a Bell-diagonal state) and computes its figure of merit from it, or simulates
finite measurement records with an explicit ``rng`` and reports means with standard
errors.

Examples:
    >>> from qinternet.physics.applications import average_teleportation_fidelity, bbm92
    >>> from qinternet.states import werner
    >>> round(average_teleportation_fidelity(werner(0.91)), 12)
    0.94
    >>> round(bbm92(werner(0.91), pair_rate_hz=100.0).qber_x, 12)
    0.06
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qinternet.core.lazy import lazy_exports

if TYPE_CHECKING:  # what the lazy names are, for type checkers
    from qinternet.physics.applications.chsh import (
        ChshResult,
        ChshSettings,
        chsh_value,
        joint_probabilities,
        optimal_chsh_settings,
        simulate_chsh,
        standard_chsh_settings,
    )
    from qinternet.physics.applications.distributed import (
        NonlocalGate,
        ProcessorNoise,
        nonlocal_cnot,
    )
    from qinternet.physics.applications.qkd import (
        KeyRate,
        bb84,
        bbm92,
        binary_entropy,
        check_qber,
        secret_key_fraction,
    )
    from qinternet.physics.applications.teleportation import (
        PAULI_EIGENSTATES,
        TeleportationResult,
        average_teleportation_fidelity,
        teleport,
    )
    from qinternet.physics.applications.telescope import (
        InterferometerComparison,
        PhaseEstimate,
        assisted_event_probability,
        assisted_visibility,
        compare_interferometers,
        direct_visibility,
        estimate_phase,
        fisher_information_per_event,
        simulate_parities,
    )
    from qinternet.physics.applications.tomography import (
        EntanglementCertificate,
        TomographyRecords,
        bell_fidelity_estimate,
        certify_entanglement,
        linear_inversion,
        maximum_likelihood,
        pauli_expectations,
        simulate_tomography,
    )

_HOMES = {
    "ChshResult": "qinternet.physics.applications.chsh",
    "ChshSettings": "qinternet.physics.applications.chsh",
    "chsh_value": "qinternet.physics.applications.chsh",
    "joint_probabilities": "qinternet.physics.applications.chsh",
    "optimal_chsh_settings": "qinternet.physics.applications.chsh",
    "simulate_chsh": "qinternet.physics.applications.chsh",
    "standard_chsh_settings": "qinternet.physics.applications.chsh",
    "NonlocalGate": "qinternet.physics.applications.distributed",
    "ProcessorNoise": "qinternet.physics.applications.distributed",
    "nonlocal_cnot": "qinternet.physics.applications.distributed",
    "KeyRate": "qinternet.physics.applications.qkd",
    "bb84": "qinternet.physics.applications.qkd",
    "bbm92": "qinternet.physics.applications.qkd",
    "binary_entropy": "qinternet.physics.applications.qkd",
    "check_qber": "qinternet.physics.applications.qkd",
    "secret_key_fraction": "qinternet.physics.applications.qkd",
    "PAULI_EIGENSTATES": "qinternet.physics.applications.teleportation",
    "TeleportationResult": "qinternet.physics.applications.teleportation",
    "average_teleportation_fidelity": "qinternet.physics.applications.teleportation",
    "teleport": "qinternet.physics.applications.teleportation",
    "InterferometerComparison": "qinternet.physics.applications.telescope",
    "PhaseEstimate": "qinternet.physics.applications.telescope",
    "assisted_event_probability": "qinternet.physics.applications.telescope",
    "assisted_visibility": "qinternet.physics.applications.telescope",
    "compare_interferometers": "qinternet.physics.applications.telescope",
    "direct_visibility": "qinternet.physics.applications.telescope",
    "estimate_phase": "qinternet.physics.applications.telescope",
    "fisher_information_per_event": "qinternet.physics.applications.telescope",
    "simulate_parities": "qinternet.physics.applications.telescope",
    "EntanglementCertificate": "qinternet.physics.applications.tomography",
    "TomographyRecords": "qinternet.physics.applications.tomography",
    "bell_fidelity_estimate": "qinternet.physics.applications.tomography",
    "certify_entanglement": "qinternet.physics.applications.tomography",
    "linear_inversion": "qinternet.physics.applications.tomography",
    "maximum_likelihood": "qinternet.physics.applications.tomography",
    "pauli_expectations": "qinternet.physics.applications.tomography",
    "simulate_tomography": "qinternet.physics.applications.tomography",
}

__all__ = [
    "PAULI_EIGENSTATES",
    "ChshResult",
    "ChshSettings",
    "EntanglementCertificate",
    "InterferometerComparison",
    "KeyRate",
    "NonlocalGate",
    "PhaseEstimate",
    "ProcessorNoise",
    "TeleportationResult",
    "TomographyRecords",
    "assisted_event_probability",
    "assisted_visibility",
    "average_teleportation_fidelity",
    "bb84",
    "bbm92",
    "bell_fidelity_estimate",
    "binary_entropy",
    "certify_entanglement",
    "check_qber",
    "chsh_value",
    "compare_interferometers",
    "direct_visibility",
    "estimate_phase",
    "fisher_information_per_event",
    "joint_probabilities",
    "linear_inversion",
    "maximum_likelihood",
    "nonlocal_cnot",
    "optimal_chsh_settings",
    "pauli_expectations",
    "secret_key_fraction",
    "simulate_chsh",
    "simulate_parities",
    "simulate_tomography",
    "standard_chsh_settings",
    "teleport",
]


__getattr__, __dir__ = lazy_exports(globals(), _HOMES, __all__)
