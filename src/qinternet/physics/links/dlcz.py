"""DLCZ heralded entanglement between two atomic ensembles, computed in Fock space.

Each ensemble's write pulse leaves it in the two-mode squeezed state
``sqrt(1-p) sum_n p^(n/2) |n>_atoms |n>_photons`` (``p``: excitation probability). The
model truncates each sum at ``n <= cutoff`` and renormalises; the discarded mass per
ensemble is ``epsilon = p^(cutoff+1)``. Each photon mode passes a loss of transmission
``eta`` (retrieval-independent arm efficiency: collection x fibre x detector); the modes
meet on a 50/50 splitter and detectors herald on one count at one detector and none at
the other. The heralded atomic state lives on two truncated Fock modes and is compared
with ``(|1,0> + |0,1>)/sqrt2`` (detector A) or ``(|1,0> - |0,1>)/sqrt2`` (detector B).
Multi-excitation terms are propagated exactly (:mod:`._heralding`), not dropped.

For number-resolving detectors without dark counts and equal arms the untruncated
model has closed forms (derived in the tests): with ``x = p (1 - eta)``,

.. code-block:: text

    P(herald) = 2 (1-p)^2 p eta / (1 - x)^3        (both detectors)
    F         = (1 - x)^3.

Phase noise (optional): the two field-1 paths to the splitter differ by an optical phase
``phi`` that is stabilised only up to Gaussian fluctuations of standard deviation
``sigma``. A phase ``e^(i phi n)`` on ensemble 1's photon mode equals ``e^(i phi n)`` on
its atomic mode (the write pulse creates as many photons as atomic excitations, and loss
and the splitter commute with it), so it acts on the heralded atomic state as a known
rotation; averaged over ``phi`` (``E[e^(i phi k)] = exp(-sigma^2 k^2 / 2)``) it multiplies
each element ``<n_0 n_1|rho|m_0 m_1>`` by ``exp(-sigma^2 (n_1 - m_1)^2 / 2)``. The
heralding probability is unchanged; the coherence ``<10|rho|01>`` shrinks by
``exp(-sigma^2/2)``, so in the closed form above ``F = (1 - x)^3 (1 + exp(-sigma^2/2)) / 2``
(the target's populations come only from the no-loss branch, which is pure target).

Distinguishable photons (optional): if the two field-1 photons have internal
(temporal/spectral) modes of overlap ``<phi_0|phi_1>`` (two-photon visibility
``V = |<phi_0|phi_1>|^2``), a click from ensemble 1's photon and one from ensemble 0's
are told apart by an ideal measurement of the internal mode, so the heralded coherence
``<10|rho|01>`` shrinks by ``sqrt(V)``. The model multiplies each element by
``sqrt(V)^|n_1 - m_1|`` (as the phase average, with ``exp(-sigma^2/2)`` replaced by
``sqrt(V)``): exact for the one-excitation coherence that sets the fidelity, an
approximation for coherences between multi-excitation terms (relative weight ``O(p)``).

Read-out (:func:`retrieved_fidelity`): the experiments verify the heralded state by
mapping each ensemble's excitations to field-2 photons, each retrieved independently
with efficiency ``eta_r`` (a loss on the atomic modes), and keeping the runs with one
retrieved photon in total; the state of that photon pair of paths is compared with the
target. Two-excitation terms that lose one excitation then add incoherent
one-photon events: the multi-excitation noise of ensemble memories.

Truncation error: the heralded atomic state's overlap with the target involves only
atom numbers 0 and 1, so truncation changes it only through the normalisation; the
success probability moves by at most ``2 epsilon`` and the fidelity by at most about
``4 epsilon / P``. The default cutoff makes ``epsilon <= 1e-15``.

References:
    L.-M. Duan, M. D. Lukin, J. I. Cirac, P. Zoller, "Long-distance quantum communication
    with atomic ensembles and linear optics", Nature 414, 413 (2001),
    doi:10.1038/35106500.
    H. J. Kimble, "The quantum internet", Nature 453, 1023 (2008), Box 3 and Fig. 3,
    doi:10.1038/nature07127.
    N. Sangouard, C. Simon, H. de Riedmatten, N. Gisin, Rev. Mod. Phys. 83, 33 (2011),
    doi:10.1103/RevModPhys.83.33 (sec. IV.B: phase stability of single-photon
    interference schemes).

Examples:
    >>> eta = 0.9 * 10 ** (-0.2 * 25 / 10)  # 0.9 x 25 km of 0.2 dB/km fibre
    >>> link = dlcz_link(0.01, eta)
    >>> round(link.fidelity, 6), round(link.success_probability, 6)
    (0.978691, 0.0057)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import (
    check_finite,
    check_non_negative,
    check_pair,
    check_unit_interval,
)
from qinternet.noise import loss
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S
from qinternet.physics.links._heralding import HADAMARD_SPLITTER, herald
from qinternet.physics.links._types import (
    DetectorKind,
    HeraldBranch,
    LinkOutcome,
    detector_kind,
    midpoint_attempt_duration_s,
)
from qinternet.states import DensityMatrix, Ket

__all__ = [
    "DEFAULT_TAIL_TOLERANCE",
    "dlcz_link",
    "dlcz_target",
    "excitation_cutoff",
    "retrieved_fidelity",
]

DEFAULT_TAIL_TOLERANCE = 1e-15
"""Largest discarded probability mass ``p^(cutoff+1)`` per ensemble by default."""

MAX_CUTOFF = 40
"""Largest excitation cutoff accepted (the kernel's memory grows as ``cutoff^6``)."""


def excitation_cutoff(excitation_probability: float, tail_tolerance: float) -> int:
    """Smallest cutoff ``N`` with ``p^(N+1) <= tail_tolerance`` (at least 2).

    Raises:
        InvalidParameterError: for ``p`` outside (0, 1) or a tolerance outside (0, 1).

    Examples:
        >>> excitation_cutoff(0.01, 1e-15)
        7
    """
    p = check_unit_interval(excitation_probability, "excitation_probability", open_interval=True)
    tolerance = check_unit_interval(tail_tolerance, "tail_tolerance", open_interval=True)
    needed = math.ceil(math.log(tolerance) / math.log(p) - 1e-12) - 1
    return max(2, needed)


def dlcz_target(sign: int, cutoff: int) -> Ket:
    """``(|1,0> + sign |0,1>)/sqrt2`` on two Fock modes truncated at ``cutoff``."""
    dim = cutoff + 1
    vector = np.zeros(dim * dim, dtype=np.complex128)
    vector[1 * dim + 0] = 1.0 / math.sqrt(2.0)
    vector[0 * dim + 1] = sign / math.sqrt(2.0)
    return Ket(vector, dims=(dim, dim))


def dlcz_link(
    excitation_probability: float,
    efficiency: float | tuple[float, float],
    *,
    detector: DetectorKind | str = DetectorKind.NUMBER_RESOLVING,
    dark_count_probability: float = 0.0,
    cutoff: int | None = None,
    tail_tolerance: float = DEFAULT_TAIL_TOLERANCE,
    arm_length_m: float = 0.0,
    group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S,
    preparation_time_s: float = 0.0,
    phase_std_rad: float = 0.0,
    visibility: float = 1.0,
) -> LinkOutcome:
    """Heralding probability and heralded two-ensemble state of one DLCZ attempt.

    Args:
        excitation_probability: ``p`` of the two-mode squeezed state, in (0, 1).
        efficiency: photon transmission per arm (collection x fibre x detector), in
            [0, 1]; one number or a pair.
        detector: ``"number_resolving"`` (default: exactly one photon at one detector,
            none at the other) or ``"threshold"`` (a click at one, none at the other).
        dark_count_probability: dark-count probability per detector and window, [0, 1].
        cutoff: largest excitation number kept per ensemble; default: the smallest with
            ``p^(cutoff+1) <= tail_tolerance``.
        tail_tolerance: target discarded mass per ensemble when ``cutoff`` is None.
        arm_length_m: ensemble-to-station fibre length, m.
        group_velocity_m_per_s: the arm fibre's group velocity, m/s (default: a
            :class:`~qinternet.physics.devices.Fibre`'s).
        preparation_time_s: write-pulse and reset time per attempt, s.
        phase_std_rad: standard deviation of the (Gaussian) optical phase between the two
            field-1 paths, rad, >= 0. Default 0: perfectly stabilised paths.
        visibility: two-photon visibility ``|<phi_0|phi_1>|^2`` of the field-1 photons
            (arrival-time and spectral mismatch at the station), in [0, 1]; default 1.

    Returns:
        A :class:`LinkOutcome` on dims ``(cutoff+1, cutoff+1)`` with branches ``"A"``
        (target ``(|10>+|01>)/sqrt2``) and ``"B"`` (``(|10>-|01>)/sqrt2``), and
        ``truncation_error = p^(cutoff+1)``.

    Raises:
        InvalidParameterError: naming the parameter for a value outside its range.
        ResourceLimitError: if the cutoff would need more than 1 GiB of work space.

    References:
        L.-M. Duan et al., Nature 414, 413 (2001), doi:10.1038/35106500;
        N. Sangouard et al., Rev. Mod. Phys. 83, 33 (2011), doi:10.1103/RevModPhys.83.33.

    Examples:
        >>> link = dlcz_link(0.05, 0.5, cutoff=3)
        >>> link.heralded_state.dims, round(link.truncation_error, 12)
        ((4, 4), 6.25e-06)
        >>> noisy = dlcz_link(0.05, 0.5, phase_std_rad=0.3)  # F (1 + e^{-0.045}) / 2
        >>> round(noisy.fidelity / dlcz_link(0.05, 0.5).fidelity, 9)
        0.977998741
    """
    p = check_unit_interval(excitation_probability, "excitation_probability", open_interval=True)
    etas = check_pair(efficiency, "efficiency", check_unit_interval)
    kind = detector_kind(detector)
    dark = check_unit_interval(dark_count_probability, "dark_count_probability")
    sigma = check_non_negative(phase_std_rad, "phase_std_rad")
    overlap = math.sqrt(check_unit_interval(visibility, "visibility"))
    n_max = excitation_cutoff(p, tail_tolerance) if cutoff is None else _cutoff(cutoff)
    duration = midpoint_attempt_duration_s(
        arm_length_m, preparation_time_s, group_velocity_m_per_s=group_velocity_m_per_s
    )
    dim = n_max + 1
    amplitudes = np.sqrt(p ** np.arange(dim))
    amplitudes /= np.linalg.norm(amplitudes)
    ensemble = np.diag(amplitudes).astype(np.complex128)  # [atoms, photons]
    joint = np.einsum("ap,bq->abpq", ensemble, ensemble).reshape(1, -1)
    branches = []
    for pattern, clicks, sign in (("A", (True, False), 1), ("B", (False, True), -1)):
        rho = herald(
            joint, dim * dim, dim, etas, HADAMARD_SPLITTER, ((0,), (1,)), clicks, kind, dark
        )
        if sigma > 0.0 or overlap < 1.0:
            rho = rho * _phase_average(sigma, overlap, dim)
        probability = float(np.trace(rho).real)
        name = "(|10>+|01>)/sqrt2" if sign > 0 else "(|10>-|01>)/sqrt2"
        branches.append(
            HeraldBranch.heralded(pattern, rho, probability, dlcz_target(sign, n_max), name)
        )
    return LinkOutcome.from_branches(branches, duration, truncation_error=p ** (n_max + 1))


def _phase_average(sigma: float, overlap: float, dim: int) -> Any:
    """Factors ``exp(-sigma^2 d^2 / 2) overlap^|d|``, ``d = n_1 - m_1``, on
    ``<n_0 n_1|rho|m_0 m_1>``."""
    n1 = np.tile(np.arange(dim), dim)  # ensemble 1's excitations per basis state
    difference = n1[:, None] - n1[None, :]
    # exp(-sigma^2/2)^(d^2): for a huge sigma, 0^0 = 1 on the diagonal (not inf * 0).
    return math.exp(-sigma * sigma / 2.0) ** (difference**2) * overlap ** np.abs(difference)


def retrieved_fidelity(state: DensityMatrix, retrieval_efficiency: float, sign: int = 1) -> float:
    """Fidelity of the retrieved single photon with ``(|10> + sign |01>)/sqrt2``.

    Each ensemble's excitations are retrieved independently with efficiency ``eta_r``
    (the loss channel of :func:`qinternet.noise.loss` with loss ``1 - eta_r`` on both
    atomic modes); the runs with exactly one retrieved photon in total are kept, and the
    state of that photon (on the two paths) is compared with the target.

    Args:
        state: the heralded two-ensemble state (two Fock modes of equal dimension).
        retrieval_efficiency: ``eta_r``, in (0, 1].
        sign: ``+1`` or ``-1``, the target's relative sign.

    Raises:
        InvalidParameterError: for an efficiency outside (0, 1], a bad sign, or a state
            that never yields one photon.

    Examples:
        >>> from qinternet.states import DensityMatrix
        >>> ideal = dlcz_target(1, 2).to_density()
        >>> round(retrieved_fidelity(ideal, 0.3), 12)  # loss keeps the one-photon part pure
        1.0
    """
    eta_r = check_unit_interval(retrieval_efficiency, "retrieval_efficiency")
    if eta_r == 0.0:
        raise InvalidParameterError("retrieval_efficiency", retrieval_efficiency, "must be > 0")
    if sign not in (1, -1):
        raise InvalidParameterError("sign", sign, "must be +1 or -1")
    dim = state.dims[0]
    channel = loss(1.0 - eta_r, dimension=dim)
    photons = channel.apply(channel.apply(state, [0]), [1]).matrix
    one = [1 * dim + 0, 0 * dim + 1]  # |10> and |01>
    block = photons[np.ix_(one, one)]
    probability = float(np.trace(block).real)
    if probability <= 0.0:
        raise InvalidParameterError("state", state.dims, "gives no single retrieved photon")
    target = np.array([1.0, sign]) / math.sqrt(2.0)
    return float((target @ block @ target).real) / probability


def _cutoff(value: Any) -> int:
    number = check_finite(value, "cutoff")
    if number != int(number) or not 1 <= number <= MAX_CUTOFF:
        raise InvalidParameterError("cutoff", value, f"must be an integer in [1, {MAX_CUTOFF}]")
    return int(number)
