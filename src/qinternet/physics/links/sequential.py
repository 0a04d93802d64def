"""Sequential heralding: one photon reflects off node A, travels the loop, then node B.

Model (Knaut et al. 2024, SiV centres in nanophotonic cavities on a 35 km loop): a
time-bin photon ``(|e> + |l>)/sqrt2`` reflects off node A's cavity, whose reflection
amplitude depends on the spin: ``r_1`` for ``|1>`` (bright, high reflectance) and
``r_0`` for ``|0>``. A pi pulse on the spin between the bins makes the late bin see the
flipped spin, and a second pi pulse restores it, so node A acts as

.. code-block:: text

    |s>|e> -> r_s |s>|e>,        |s>|l> -> r_{1-s} |s>|l>.

The photon crosses the loop (transmission ``T``), node B acts in the same way, and the
photon is detected (efficiency ``eta_d``) in the time-bin basis ``(|e> +- |l>)/sqrt2``.
Amplitude not reflected is lost, so a detection heralds the spins, which started in
``|+>|+>``, in the pure state with amplitudes

.. code-block:: text

    v_pm[a, b] = sqrt(T eta_d) / 4 * (rA_a rB_b  +-  rA_{1-a} rB_{1-b}).

For perfect contrast (``r_0 = 0``) the ``+`` outcome heralds ``phi+`` and the ``-``
outcome ``phi-``, each with probability ``T eta_d R_A R_B / 8``. With finite contrast
``C = |r_1|^2 / |r_0|^2`` the ``+`` outcome acquires a ``psi+`` admixture,
``F_+ = (R_0 + R_1)^2 / ((R_0 + R_1)^2 + 4 R_0 R_1)`` for identical nodes, while for
identical nodes the ``-`` outcome stays exactly ``phi-`` (at a lower rate).
Reflection amplitudes are taken real and non-negative.

Initialisation error ``e_j`` (optional): with probability ``e_j`` node ``j``'s reset
leaves ``|1>`` and its pi/2 rotation prepares ``|->`` instead of ``|+>`` (the orthogonal
state), which multiplies the amplitudes above by ``(-1)^a`` (node A) or ``(-1)^b``
(node B): the heralded state is the mixture over the four flip patterns, at an
unchanged success probability. For perfect contrast one flip turns ``phi+`` into
``phi-``, so ``F = (1 + (1 - 2 e_A)(1 - 2 e_B)) / 2``.

References:
    C. M. Knaut et al., "Entanglement of nanophotonic quantum memory nodes in a telecom
    network", Nature 629, 573 (2024), doi:10.1038/s41586-024-07252-z, arXiv:2310.01316.

Examples:
    >>> link = sequential_link(1.0, math.inf, loop_transmission=0.5)
    >>> round(link.success_probability, 12), round(link.fidelity, 12)
    (0.125, 1.0)
    >>> round(sequential_link(0.5, 10.0).fidelity, 6)  # (1.1)^2 / (1.21 + 0.4)
    0.751553
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_non_negative, check_pair, check_unit_interval
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S
from qinternet.physics.links._types import (
    HeraldBranch,
    LinkOutcome,
    fibre_delay_s,
)
from qinternet.states import bell_state

__all__ = ["sequential_link"]


def _contrast(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        raise InvalidParameterError(name, value, "must be a real number >= 1 (inf allowed)")
    number = float(value)
    if math.isnan(number) or number < 1.0:
        raise InvalidParameterError(name, value, "must be >= 1 (inf for a dark state)")
    return number


def sequential_link(
    reflectivity: float | tuple[float, float],
    contrast: float | tuple[float, float],
    *,
    loop_transmission: float = 1.0,
    detector_efficiency: float = 1.0,
    loop_length_m: float = 0.0,
    group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S,
    preparation_time_s: float = 0.0,
    initialisation_error: float | tuple[float, float] = 0.0,
) -> LinkOutcome:
    """Success probability and heralded two-spin state of one sequential attempt.

    Args:
        reflectivity: bright-state power reflectance ``R_1 = |r_1|^2`` per node, [0, 1].
        contrast: ``R_1 / R_0`` per node, ``>= 1``; ``math.inf`` for a dark ``|0>``.
        loop_transmission: photon transmission from node A through node B to the
            detector, [0, 1].
        detector_efficiency: detection efficiency, [0, 1].
        loop_length_m: fibre length the photon travels, m.
        group_velocity_m_per_s: the loop fibre's group velocity, m/s (default: a
            :class:`~qinternet.physics.devices.Fibre`'s).
        preparation_time_s: spin and photon preparation time per attempt, s.
        initialisation_error: probability that a spin's reset leaves it in ``|1>`` (a
            bit flip before the pi/2 rotation), in [0, 1]; one number or a pair
            (``1 - Memory.initialisation_fidelity``). Default 0: perfect reset.

    Returns:
        A :class:`LinkOutcome` with branches ``"+"`` (target phi+) and ``"-"`` (phi-);
        an attempt takes ``preparation_time_s + loop_length_m / v``.

    Raises:
        InvalidParameterError: naming the parameter for a value outside its range.

    References:
        C. M. Knaut et al., Nature 629, 573 (2024), arXiv:2310.01316.

    Examples:
        >>> link = sequential_link(0.5, 10.0)
        >>> round(link.branches[1].fidelity, 12)  # identical nodes: "-" stays phi-
        1.0
        >>> ideal_contrast = sequential_link(0.5, math.inf, initialisation_error=0.01)
        >>> round(ideal_contrast.fidelity, 12)  # (1 + 0.98^2) / 2
        0.9802
    """
    bright = check_pair(reflectivity, "reflectivity", check_unit_interval)
    contrasts = check_pair(contrast, "contrast", _contrast)
    transmission = check_unit_interval(loop_transmission, "loop_transmission")
    transmission *= check_unit_interval(detector_efficiency, "detector_efficiency")
    loop_delay_s = fibre_delay_s(loop_length_m, "loop_length_m", group_velocity_m_per_s)
    duration = check_non_negative(preparation_time_s, "preparation_time_s") + loop_delay_s
    flips = check_pair(initialisation_error, "initialisation_error", check_unit_interval)
    patterns = _flip_patterns(flips)
    r = [
        np.array([math.sqrt(b / c) if math.isfinite(c) else 0.0, math.sqrt(b)])
        for b, c in zip(bright, contrasts, strict=True)
    ]
    early = np.outer(r[0], r[1])  # [a, b]: r^A_a r^B_b
    late = np.outer(r[0][::-1], r[1][::-1])  # r^A_{1-a} r^B_{1-b}
    scale = math.sqrt(transmission) / 4.0
    branches = []
    for pattern, sign, name in (("+", 1.0, "phi+"), ("-", -1.0, "phi-")):
        vector = (scale * (early + sign * late)).reshape(4).astype(np.complex128)
        probability = float(np.vdot(vector, vector).real)
        rho = np.zeros((4, 4), dtype=np.complex128)
        for weight, signs in patterns:
            rho += weight * np.outer(signs * vector, signs * vector.conj())
        branches.append(HeraldBranch.heralded(pattern, rho, probability, bell_state(name), name))
    return LinkOutcome.from_branches(branches, duration)


def _flip_patterns(flips: tuple[float, float]) -> list[tuple[float, Any]]:
    """``(weight, signs)`` per flip pattern: ``signs[2a + b] = (-1)^(a fA + b fB)``."""
    patterns = []
    for flip_a, weight_a in ((0, 1.0 - flips[0]), (1, flips[0])):
        for flip_b, weight_b in ((0, 1.0 - flips[1]), (1, flips[1])):
            if weight_a * weight_b > 0.0:
                signs = np.array(
                    [(-1.0) ** (a * flip_a + b * flip_b) for a in (0, 1) for b in (0, 1)]
                )
                patterns.append((weight_a * weight_b, signs))
    return patterns
