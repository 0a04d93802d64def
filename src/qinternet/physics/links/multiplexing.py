"""Temporal multiplexing: a multimode memory tries ``M`` time-bin modes per attempt.

A multimode memory (an atomic frequency comb in a rare-earth-doped crystal, or an
ensemble written by time-resolved pulses) stores ``M`` time-bin modes ``mode_spacing_s``
apart in one attempt window, and the heralding station resolves in which mode a herald
came (Simon et al. 2007; Sangouard et al. 2011, Sec. VI). Each mode is an independent
trial of the single-mode attempt: pattern ``j`` heralds with probability ``p_j``, no
pattern with ``1 - p`` (``p = sum_j p_j``).

The memory pair keeps the first heralded mode (one pair per memory pair: a node's slot
holds one pair, so later heralds of the same window are discarded, not counted). The
probability that the first herald is in mode ``k`` with pattern ``j`` is
``(1 - p)^(k-1) p_j``; summed over ``k = 1..M``,

    P_j = p_j (1 - (1 - p)^M) / p,    P = sum_j P_j = 1 - (1 - p)^M,

so ``P_j / P = p_j / p``: the patterns' relative weights, and each pattern's state, are
those of one mode. The window must hold the modes and the last mode's herald: the last
mode leaves ``(M - 1) mode_spacing_s`` after the first, and its herald returns one
single-mode attempt duration ``T`` after it, so the attempt takes
``T + (M - 1) mode_spacing_s`` (``T`` itself for ``M = 1``). This is the period
:class:`~qinternet.sim.link_process.HeraldedLinkConfig` runs (unless the emitters' rate
is slower: their ``max_attempt_rate_hz`` then bounds windows, not modes); a success
costs ``max(T, d)`` with ``d`` the herald delay, and since the window already waits for
the last mode's herald, ``T >= d`` for a station-heralded scheme. A window of
``max(T, M mode_spacing_s)`` would start the next window before the last modes'
heralds are back, so the memories could not know whether they hold a pair.

Storage of the heralded mode: the simulation makes a pair at its window's start and
hands it on one herald delay ``d`` later, applying the memories' noise over ``d``. Mode
``k`` is made ``(k - 1) mode_spacing_s`` later and heralded as much later, so it too
waits ``d`` for its herald: the noise is the same for every mode, only the time stamps
are early by at most ``(M - 1) mode_spacing_s`` (neglected: it moves a pair within its
window, not the rate or the state). Recall is assumed first in, first out after one
common delay, as an AFC re-emits (Afzelius et al. 2009), so every mode is then stored
equally long; a memory read out by one pulse for all modes would store mode ``k``
``(M - k) mode_spacing_s`` less, a difference also neglected (microseconds, against
``d`` = 50 us per 10 km of station arm).

References:
    C. Simon et al., "Quantum repeaters with photon pair sources and multimode
    memories", Phys. Rev. Lett. 98, 190503 (2007), doi:10.1103/PhysRevLett.98.190503.
    O. A. Collins et al., "Multiplexed memory-insensitive quantum repeaters",
    Phys. Rev. Lett. 98, 060502 (2007), doi:10.1103/PhysRevLett.98.060502.
    M. Afzelius et al., "Multimode quantum memory based on atomic frequency combs",
    Phys. Rev. A 79, 052329 (2009), doi:10.1103/PhysRevA.79.052329.
    N. Sangouard et al., "Quantum repeaters based on atomic ensembles and linear
    optics", Rev. Mod. Phys. 83, 33 (2011), Sec. VI, doi:10.1103/RevModPhys.83.33.

Examples:
    >>> from qinternet.physics.links import barrett_kok_link
    >>> one = barrett_kok_link(0.2, arm_length_m=1e3)
    >>> many = multiplexed_outcome(one, 10, 1e-6)
    >>> round(many.success_probability, 12)  # 1 - (1 - 0.02)^10
    0.182927193112
    >>> round(many.attempt_duration_s - one.attempt_duration_s, 12)  # 9 spacings
    9e-06
    >>> many.fidelity == one.fidelity
    True
"""

from __future__ import annotations

import dataclasses
import math

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_count, check_positive
from qinternet.physics.links._types import LinkOutcome

__all__ = ["MAX_MODE_WINDOW_S", "MAX_TEMPORAL_MODES", "modes_tried", "multiplexed_outcome"]

MAX_TEMPORAL_MODES = 1_000_000
"""Most time-bin modes per attempt accepted (demonstrated AFCs hold about 10^3)."""

MAX_MODE_WINDOW_S = 1.0
"""Longest span of the modes, ``num_modes x mode_spacing_s``, accepted, s: a window of
over a second is a unit slip (nanoseconds given as seconds), not a multimode memory."""


def modes_tried(success_probability: float, num_modes: int) -> float:
    """Mean number of modes a window tries before its first herald (or all ``M``):
    ``sum_k (1 - p)^(k-1) = (1 - (1 - p)^M) / p``, computed without cancellation.

    Examples:
        >>> modes_tried(0.5, 3)  # 1 + 1/2 + 1/4
        1.75
        >>> modes_tried(0.0, 7), modes_tried(1.0, 7)
        (7.0, 1.0)
    """
    p = success_probability
    if p <= 0.0:
        return float(num_modes)
    if p >= 1.0:
        return 1.0
    return -math.expm1(num_modes * math.log1p(-p)) / p


def multiplexed_outcome(outcome: LinkOutcome, num_modes: int, mode_spacing_s: float) -> LinkOutcome:
    """``outcome`` per attempt of ``num_modes`` time-bin modes ``mode_spacing_s`` apart.

    Success probability ``1 - (1 - p)^M``; each pattern's probability scaled by
    :func:`modes_tried`, its state unchanged (the module's derivation); attempt duration
    ``T + (M - 1) mode_spacing_s``; a truncation error per mode scaled by the modes tried.

    Raises:
        InvalidParameterError: for ``num_modes`` not an integer in [1, 10^6], a
            ``mode_spacing_s`` not > 0, or modes spanning over :data:`MAX_MODE_WINDOW_S`.

    Examples:
        >>> from qinternet.physics.links import dlcz_link
        >>> one = dlcz_link(0.01, (0.1, 0.1))
        >>> many = multiplexed_outcome(one, 62, 5e-7)
        >>> [round(b.probability / many.success_probability, 12) for b in many.branches] == [
        ...     round(b.probability / one.success_probability, 12) for b in one.branches]
        True
        >>> multiplexed_outcome(one, 10**6, 1e-3)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: mode_spacing_s=0.001: 1000000 modes span 1000.0 s, over the 1.0 s accepted (a unit slip?)
    """
    modes = check_count(num_modes, "num_modes", 1)
    if modes > MAX_TEMPORAL_MODES:
        raise InvalidParameterError("num_modes", num_modes, f"must be <= {MAX_TEMPORAL_MODES}")
    spacing_s = check_positive(mode_spacing_s, "mode_spacing_s", "s")
    if modes * spacing_s > MAX_MODE_WINDOW_S:
        raise InvalidParameterError(
            "mode_spacing_s",
            mode_spacing_s,
            f"{modes} modes span {modes * spacing_s!r} s, over the {MAX_MODE_WINDOW_S} s "
            "accepted (a unit slip?)",
        )
    if modes == 1:
        return outcome
    tried = modes_tried(outcome.success_probability, modes)
    branches = tuple(
        dataclasses.replace(branch, probability=branch.probability * tried)
        for branch in outcome.branches
    )
    p = outcome.success_probability
    total = -math.expm1(modes * math.log1p(-p)) if p < 1.0 else 1.0
    return dataclasses.replace(
        outcome,
        success_probability=total,
        attempt_duration_s=outcome.attempt_duration_s + (modes - 1) * spacing_s,
        branches=branches,
        truncation_error=min(1.0, outcome.truncation_error * tried),
    )
