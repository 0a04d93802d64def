"""Heterogeneous heralding: an atomic ensemble and a single atom in a cavity, DLCZ style.

Kimble's example of a heterogeneous link (Nature 453, 1023 (2008); the passage was not
re-read here): the measurement-induced protocol of Duan, Lukin, Cirac and Zoller (DLCZ)
works between unlike nodes as well as like ones, e.g. an atomic ensemble and a single
atom in a cavity. Node 0 is an ensemble whose write pulse leaves atoms and field-1
photons in ``sqrt(1-p) sum_n p^(n/2) |n>|n>`` (:mod:`.dlcz`; truncated at ``cutoff`` and
renormalised, tail ``p^(cutoff+1)``). Node 1 is an atom driven on a Raman transition
that, with probability ``alpha``, flips from ``|0>`` to ``|1>`` and emits one photon into
the cavity mode: ``sqrt(1-alpha)|0>|vac> + sqrt(alpha)|1>|1>``; the cavity hands the
photon to the fibre with its extraction efficiency ``(kappa_out/kappa) 2C/(1+2C)``
(:class:`~qinternet.physics.devices.cavity.CavityInterface`). The photons meet on a 50/50
splitter at the station; one detection heralds one excitation shared by the nodes.

Encoding: the heralded state lives on (ensemble atomic mode, truncated Fock space of
dimension ``cutoff + 1``; atom, qubit) and is compared with ``(|1,0> + |0,1>)/sqrt2``
(detector A) or ``(|1,0> - |0,1>)/sqrt2`` (detector B): "the ensemble holds the
excitation" against "the atom flipped". Multi-excitation terms of the ensemble stay in
the state (e.g. ``|2,0>``, ``|1,1>``) and lower the fidelity; nothing is projected away.

Unlike photons: the ensemble's photon is in temporal/spectral mode ``phi_0``, the atom's
in ``phi_1`` with ``<phi_0|phi_1> = sqrt(V)`` (real; a phase joins the optical phase),
``V = |<phi_0|phi_1>|^2`` the two-photon visibility
(:func:`~qinternet.physics.devices.photon_modes.hom_visibility`). Write the atom's photon
as ``sqrt(V) a + sqrt(1-V) b`` with ``a`` the ensemble's mode and ``b`` orthogonal to it.
Loss, the splitter and detectors that do not resolve the internal mode all conserve the
number of ``b`` photons, so the heralded state is exactly the sum of two parts: the
``a`` part (two interfering modes, :func:`._heralding.herald`) and the ``b`` part, whose
one photon is lost (``1 - eta_1``), or reaches the clicking detector (``eta_1 / 2``: that
detector then sees no ensemble photon for number-resolving detectors, anything for
threshold ones) or the other one (the pattern fails). This is exact for both detector
kinds, including the bunching of an ensemble and an atom photon at one detector.

Closed forms (number-resolving detectors, no dark counts, untruncated; derived in the
tests), with ``eta_0`` the ensemble arm, ``eta_1`` the atom arm (extraction included) and
``x = p (1 - eta_0)``, per detector:

.. code-block:: text

    P_A = (1-p) [p eta_0 (1 - alpha eta_1) / (1-x)^2 + alpha eta_1 / (1-x)] / 2
    F   = (1-p) [p eta_0 (1-alpha) + alpha eta_1 + 2 sqrt(V p eta_0 alpha (1-alpha) eta_1)]
          / (4 P_A),

so to first order ``P = P_A + P_B ~ p eta_0 + alpha eta_1`` and the fidelity is best for
balanced arms, ``p eta_0 (1 - alpha) = alpha eta_1``, where it tends to ``(1 + sqrt V)/2``.

Phase noise (optional): a Gaussian optical phase of standard deviation ``sigma`` between
the two paths multiplies the coherences between atom states ``|0>`` and ``|1>`` by
``exp(-sigma^2/2)`` (the atom's photon number equals its flip).

References:
    H. J. Kimble, "The quantum internet", Nature 453, 1023 (2008),
    doi:10.1038/nature07127 (unlike nodes entangled by the DLCZ protocol of Fig. 3).
    L.-M. Duan, M. D. Lukin, J. I. Cirac, P. Zoller, Nature 414, 413 (2001),
    doi:10.1038/35106500.
    T. Legero, T. Wilk, A. Kuhn, G. Rempe, Appl. Phys. B 77, 797 (2003),
    doi:10.1007/s00340-003-1337-x (interference of photons in unlike modes).

Examples:
    >>> link = ensemble_atom_link(0.01, 0.01, 0.1)
    >>> round(link.success_probability, 6)  # ~ p eta_0 + alpha eta_1 = 0.002
    0.002006
    >>> round(link.fidelity, 6)  # balanced arms, V = 1: 1 - O(p, alpha)
    0.982075
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_non_negative, check_pair, check_unit_interval
from qinternet.physics.devices.cavity import CavityInterface
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S
from qinternet.physics.devices.photon_modes import (
    PhotonMode,
    hom_visibility,
)
from qinternet.physics.links._heralding import HADAMARD_SPLITTER, herald
from qinternet.physics.links._types import (
    DetectorKind,
    HeraldBranch,
    LinkOutcome,
    detector_kind,
    midpoint_attempt_duration_s,
)
from qinternet.physics.links.dlcz import DEFAULT_TAIL_TOLERANCE, _cutoff, excitation_cutoff
from qinternet.states import Ket

__all__ = ["ensemble_atom_link", "ensemble_atom_target", "ensemble_atom_visibility"]

_DETECTORS = ((0,), (1,))

Mode = PhotonMode
"""A photon mode of :mod:`~qinternet.physics.devices.photon_modes` (the frozen models
read their centre frequency only, so they are named beside the protocol)."""


def ensemble_atom_target(sign: int, cutoff: int) -> Ket:
    """``(|1,0> + sign |0,1>)/sqrt2`` on (ensemble mode of dimension ``cutoff + 1``, qubit).

    Examples:
        >>> ensemble_atom_target(-1, 2).dims
        (3, 2)
    """
    dim = cutoff + 1
    vector = np.zeros(2 * dim, dtype=np.complex128)
    vector[1 * 2 + 0] = 1.0 / math.sqrt(2.0)
    vector[0 * 2 + 1] = sign / math.sqrt(2.0)
    return Ket(vector, dims=(dim, 2))


def ensemble_atom_visibility(ensemble_mode: Mode | None, atom_mode: Mode | None) -> float:
    """Two-photon visibility ``|<phi_0|phi_1>|^2`` of the two nodes' photons (1 if both
    modes are None: identical photons).

    Raises:
        InvalidParameterError: if exactly one mode is given, or a mode is not a photon mode.

    Examples:
        >>> from qinternet.physics.devices.photon_modes import ExponentialMode, GaussianMode
        >>> round(ensemble_atom_visibility(GaussianMode(1e-9), GaussianMode(2e-9)), 12)
        0.8
    """
    if ensemble_mode is None and atom_mode is None:
        return 1.0
    if ensemble_mode is None or atom_mode is None:
        missing = "ensemble_mode" if ensemble_mode is None else "atom_mode"
        raise InvalidParameterError(missing, None, "give both photon modes or neither")
    return hom_visibility(ensemble_mode, atom_mode)


def ensemble_atom_link(
    excitation_probability: float,
    atom_excitation_probability: float,
    efficiency: float | tuple[float, float],
    *,
    cavity: CavityInterface | None = None,
    ensemble_mode: Mode | None = None,
    atom_mode: Mode | None = None,
    detector: DetectorKind | str = DetectorKind.NUMBER_RESOLVING,
    dark_count_probability: float = 0.0,
    phase_std_rad: float = 0.0,
    cutoff: int | None = None,
    tail_tolerance: float = DEFAULT_TAIL_TOLERANCE,
    arm_length_m: float = 0.0,
    group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S,
    preparation_time_s: float = 0.0,
) -> LinkOutcome:
    """Heralding probability and heralded (ensemble, atom) state of one attempt.

    Args:
        excitation_probability: the ensemble's write probability ``p``, in (0, 1).
        atom_excitation_probability: the atom's Raman flip probability ``alpha``, in (0, 1).
        efficiency: per arm (ensemble, atom) the photon transmission after the source:
            collection x fibre x detector; for the atom, what follows the cavity's output
            mirror. One number or a pair, in [0, 1].
        cavity: the atom's cavity; its :attr:`~CavityInterface.extraction_efficiency`
            multiplies the atom's arm. None: the atom arm is ``efficiency`` alone.
        ensemble_mode, atom_mode: the photons' temporal/spectral modes
            (:mod:`~qinternet.physics.devices.photon_modes`); both or neither (identical).
        detector: ``"number_resolving"`` (default) or ``"threshold"``.
        dark_count_probability: dark-count probability per detector and window, [0, 1].
        phase_std_rad: standard deviation of the optical phase between the paths, rad.
        cutoff: largest ensemble excitation number kept; default: the smallest with
            ``p^(cutoff+1) <= tail_tolerance``.
        tail_tolerance: target discarded mass when ``cutoff`` is None.
        arm_length_m: node-to-station fibre length (the longer arm), m.
        group_velocity_m_per_s: the arm fibre's group velocity, m/s.
        preparation_time_s: write pulse, Raman pulse and reset per attempt, s.

    Returns:
        A :class:`LinkOutcome` on dims ``(cutoff+1, 2)``, branches ``"A"`` (target
        ``(|10>+|01>)/sqrt2``) and ``"B"`` (``(|10>-|01>)/sqrt2``), ``truncation_error =
        p^(cutoff+1)``.

    Raises:
        InvalidParameterError: naming the parameter for a value outside its range.

    Examples:
        >>> from qinternet.physics.devices.photon_modes import ExponentialMode, GaussianMode
        >>> cavity = CavityInterface(34e6, 4.1e6, 2.6e6)  # extraction 0.9909
        >>> ensemble, atom = GaussianMode(20e-9, centre_time_s=30e-9), ExponentialMode(1 / 30e-9)
        >>> round(hom_visibility(ensemble, atom), 4)
        0.8008
        >>> link = ensemble_atom_link(0.01, 0.01, (0.1, 0.1 / 0.9909), cavity=cavity,
        ...     ensemble_mode=ensemble, atom_mode=atom)
        >>> round(link.fidelity, 4)  # balanced arms: below (1 + sqrt V)/2 = 0.9474 by O(p)
        0.9304
    """
    p = check_unit_interval(excitation_probability, "excitation_probability", open_interval=True)
    alpha = check_unit_interval(
        atom_excitation_probability, "atom_excitation_probability", open_interval=True
    )
    eta_0, eta_1 = check_pair(efficiency, "efficiency", check_unit_interval)
    if cavity is not None:
        if not isinstance(cavity, CavityInterface):
            raise InvalidParameterError("cavity", cavity, "must be a CavityInterface")
        eta_1 *= cavity.extraction_efficiency
    overlap = math.sqrt(
        check_unit_interval(ensemble_atom_visibility(ensemble_mode, atom_mode), "visibility")
    )
    kind = detector_kind(detector)
    dark = check_unit_interval(dark_count_probability, "dark_count_probability")
    sigma = check_non_negative(phase_std_rad, "phase_std_rad")
    n_max = excitation_cutoff(p, tail_tolerance) if cutoff is None else _cutoff(cutoff)
    duration = midpoint_attempt_duration_s(
        arm_length_m, preparation_time_s, group_velocity_m_per_s=group_velocity_m_per_s
    )
    dim = n_max + 1
    amplitudes = np.sqrt(p ** np.arange(dim))
    ensemble = np.diag(amplitudes / np.linalg.norm(amplitudes)).astype(np.complex128)
    # Atom (rows: |0>, |1>) against its photon in the ensemble's mode a (columns: 0, 1 photon).
    atom_a = np.zeros((2, dim), dtype=np.complex128)
    atom_a[0, 0], atom_a[1, 1] = math.sqrt(1.0 - alpha), math.sqrt(alpha) * overlap
    # The atom's photon in the orthogonal mode b: the atom flipped, mode a empty.
    atom_b = np.zeros((2, dim), dtype=np.complex128)
    atom_b[1, 0] = math.sqrt(alpha * (1.0 - overlap**2))
    joint_a, joint_b = (
        np.einsum("ap,bq->abpq", ensemble, atom).reshape(1, -1) for atom in (atom_a, atom_b)
    )
    coherence = _coherence_factors(sigma, dim)
    branches = []
    for pattern, clicks, sign in (("A", (True, False), 1), ("B", (False, True), -1)):
        rho = _herald(joint_a, dim, (eta_0, eta_1), _DETECTORS, clicks, kind, dark)
        if overlap < 1.0:
            rho = rho + _b_photon_part(joint_b, dim, (eta_0, eta_1), clicks, kind, dark)
        if sigma > 0.0:
            rho = rho * coherence
        probability = float(np.trace(rho).real)
        name = "(|10>+|01>)/sqrt2" if sign > 0 else "(|10>-|01>)/sqrt2"
        target = ensemble_atom_target(sign, n_max)
        branches.append(HeraldBranch.heralded(pattern, rho, probability, target, name))
    return LinkOutcome.from_branches(branches, duration, truncation_error=p ** (n_max + 1))


def _herald(
    vectors: Any,
    dim: int,
    etas: tuple[float, float],
    detectors: tuple[tuple[int, ...], ...],
    clicks: tuple[bool, ...],
    kind: DetectorKind,
    dark: float,
) -> Any:
    """Unnormalised heralded (ensemble, atom) state of the two interfering modes."""
    return herald(vectors, 2 * dim, dim, etas, HADAMARD_SPLITTER, detectors, clicks, kind, dark)


def _b_photon_part(
    joint_b: Any,
    dim: int,
    etas: tuple[float, float],
    clicks: tuple[bool, bool],
    kind: DetectorKind,
    dark: float,
) -> Any:
    """The heralded part in which the atom's photon is in the mode orthogonal to the
    ensemble's: lost (``1 - eta_1``) or at the clicking detector (``eta_1 / 2``); at the
    other detector it spoils the pattern."""
    eta_1 = etas[1]
    lost = _herald(joint_b, dim, etas, _DETECTORS, clicks, kind, dark)
    if kind is DetectorKind.NUMBER_RESOLVING:
        # One count from the b photon: the ensemble must add none at either detector.
        arrived = _herald(joint_b, dim, etas, _DETECTORS, (False, False), kind, dark)
    else:
        # A threshold detector that already fires takes any number of ensemble photons.
        other = clicks.index(False)
        arrived = _herald(joint_b, dim, etas, (_DETECTORS[other],), (False,), kind, dark)
    return (1.0 - eta_1) * lost + (eta_1 / 2.0) * arrived


def _coherence_factors(sigma: float, dim: int) -> Any:
    """``exp(-sigma^2 (a - b)^2 / 2)`` on ``<n, a|rho|m, b>`` (a, b: the atom's state)."""
    atom = np.tile(np.arange(2), dim)
    return np.exp(-(sigma**2) * (atom[:, None] - atom[None, :]) ** 2 / 2.0)
