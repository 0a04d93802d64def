"""Remote entanglement of two superconducting qubits over fibre, through transducers.

Node A entangles its qubit with a microwave photon in ``phi+`` (photon = qubit
``|1>``), a microwave-optical transducer turns the photon optical, fibre carries it, a
second transducer turns it back and node B absorbs it (Cirac et al. 1997). The path
delivers the photon with efficiency ``eta = eta_t^2 T_f`` and ``n = eta_t N (1 + eta_t
T_f)`` noise photons in its mode (:func:`~qinternet.physics.devices.transducer
.optical_link`). To first order in ``n`` the receiver's qubit undergoes the four Kraus
operators of :mod:`qinternet.physics.devices.transducer`

.. code-block:: text

    K0 = sqrt(1 - n) (|0><0| + sqrt(eta) |1><1|),   K1 = sqrt((1 - n)(1 - eta)) |0><1|,
    K2 = sqrt(n) |1><0|,                             K3 = sqrt(n) |1><1|,

so the pair is deterministic with fidelity ``(1 - n)(1 + sqrt(eta))^2 / 4 + n / 4``
with phi+. A noise number ``n`` above 1 (outside the first-order model) is taken as 1,
a noise photon absorbed for certain, as :class:`~qinternet.physics.devices.transducer
.TransferLink` does. Node A's qubit decays with its T1 and T2 while the photon flies
(``L / v``); the pair exists from the absorption on, and its memories' decay from then
on is the simulation's. One transfer takes the photon's window ``10 / (2 pi B)`` plus
the acknowledgement's round trip ``2 L / v``.

References:
    J. I. Cirac, P. Zoller, H. J. Kimble, H. Mabuchi, Phys. Rev. Lett. 78, 3221 (1997).
    E. Zeuthen, A. Schliesser, A. S. Sorensen, J. M. Taylor, Quantum Sci. Technol. 5,
    034009 (2020), arXiv:1610.01099 (efficiency and input-referred added noise).

Examples:
    >>> from qinternet.physics.devices.transducer import Transducer
    >>> link = transduced_link(Transducer(0.9, 0.0, 1e6), 100.0)
    >>> link.success_probability, round(link.fidelity, 4)  # eta = 0.81 x fibre
    (1.0, 0.9005)
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from qinternet.core.validation import check_non_negative, check_unit_interval
from qinternet.noise import memory_decoherence
from qinternet.physics.devices.fibre import Fibre
from qinternet.physics.devices.transducer import Transducer, optical_link
from qinternet.physics.links._types import LinkOutcome, fibre_delay_s
from qinternet.states import apply_kraus, bell_state

__all__ = ["noisy_transfer_kraus", "transduced_link"]


def noisy_transfer_kraus(efficiency: float, noise_photons: float) -> list[NDArray[np.complex128]]:
    """The receiver's four Kraus operators for efficiency ``eta`` and noise ``n`` in [0, 1].

    Raises:
        InvalidParameterError: an efficiency or noise outside [0, 1].

    Examples:
        >>> [k.real.round(4).tolist() for k in noisy_transfer_kraus(0.25, 0.0)[:2]]
        [[[1.0, 0.0], [0.0, 0.5]], [[0.0, 0.866], [0.0, 0.0]]]
    """
    eta = check_unit_interval(efficiency, "efficiency")
    n = check_unit_interval(noise_photons, "noise_photons")
    keep = math.sqrt(1.0 - n)
    return [
        np.array([[keep, 0.0], [0.0, keep * math.sqrt(eta)]], dtype=np.complex128),
        np.array([[0.0, keep * math.sqrt(1.0 - eta)], [0.0, 0.0]], dtype=np.complex128),
        np.array([[0.0, 0.0], [math.sqrt(n), 0.0]], dtype=np.complex128),
        np.array([[0.0, 0.0], [0.0, math.sqrt(n)]], dtype=np.complex128),
    ]


def transduced_link(
    transducer: Transducer,
    length_m: float,
    *,
    fibre: Fibre | None = None,
    sender_t1_s: float = math.inf,
    sender_t2_s: float | None = None,
) -> LinkOutcome:
    """One transfer of half of phi+ through two transducers and ``length_m`` of fibre.

    Args:
        transducer: the converter at each end (:class:`Transducer`).
        length_m: fibre between the nodes, m.
        fibre: the fibre's attenuation and group velocity (default: a
            :class:`~qinternet.physics.devices.Fibre`'s 0.2 dB/km and 2e8 m/s).
        sender_t1_s, sender_t2_s: node A's qubit's T1 and T2, s (default: no decay).

    Raises:
        InvalidParameterError: a negative or non-finite length.
        PhysicalConstraintError: T2 > 2 T1.
    """
    path = optical_link(transducer, check_non_negative(length_m, "length_m", "m"), fibre=fibre)
    base = Fibre(length_m=0.0) if fibre is None else fibre
    flight_s = fibre_delay_s(length_m, "length_m", base.group_velocity_m_per_s)
    decay = memory_decoherence(elapsed_s=flight_s, t1_s=sender_t1_s, t2_s=sender_t2_s)
    pair = bell_state("phi+")
    kraus = noisy_transfer_kraus(path.efficiency, min(path.noise_photons, 1.0))
    return LinkOutcome(
        success_probability=1.0,
        heralded_state=decay.apply(apply_kraus(pair, kraus, [1]), [0]),
        target=pair,
        target_name="phi+",
        attempt_duration_s=path.cycle_s,
    )
