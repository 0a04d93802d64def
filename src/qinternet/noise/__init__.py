"""Noise: quantum channels, their Bell-diagonal closed forms, and decoherence over time.

- :class:`Channel`: Kraus operators (trace preserving, possibly dimension changing),
  composition (:meth:`Channel.then`, :meth:`Channel.compose`), the Choi matrix, and the
  closed form :meth:`Channel.apply_bell_diagonal` for one-qubit Pauli channels.
- Constructors: :func:`depolarizing`, :func:`dephasing`, :func:`pauli`,
  :func:`amplitude_damping`, :func:`erasure` (qubit -> qutrit), :func:`loss` (Fock mode),
  :func:`identity`, and :func:`memory_decoherence` (T1/T2 over a storage time).

Layer L2: imports only :mod:`qinternet.states`, :mod:`qinternet.core.errors`.

Examples:
    >>> from qinternet.noise import memory_decoherence
    >>> from qinternet.states import BellDiagonal
    >>> pair = BellDiagonal.from_werner(0.95)
    >>> stored = memory_decoherence(elapsed_s=0.01, t2_s=0.1)
    >>> round(stored.apply_bell_diagonal(pair, 0).fidelity, 6)
    0.905591
"""

from qinternet.noise.bell_diagonal import check_pauli_probabilities, pauli_on_bell_diagonal
from qinternet.noise.channels import PAULI_MATRICES, Channel, Pauli
from qinternet.noise.constructors import (
    amplitude_damping,
    check_probability,
    dephasing,
    depolarizing,
    erasure,
    identity,
    loss,
    pauli,
)
from qinternet.noise.memory import check_coherence_times, decoherence_kraus, memory_decoherence

__all__ = [
    "PAULI_MATRICES",
    "Channel",
    "Pauli",
    "amplitude_damping",
    "check_coherence_times",
    "check_pauli_probabilities",
    "check_probability",
    "decoherence_kraus",
    "dephasing",
    "depolarizing",
    "erasure",
    "identity",
    "loss",
    "memory_decoherence",
    "pauli",
    "pauli_on_bell_diagonal",
]
