"""Array operations on truncated waiting-time distributions (the engine of :mod:`.chain`).

A waiting time ``T`` in {1, 2, ...} attempts is held as a probability mass function on
``0 .. L-1`` (``pmf[0] = 0``), and the Werner parameter of the delivered link as the
*weighted* array ``werner_mass[t] = Pr(T = t) * E[w | T = t]``, which stays finite where
the probability underflows. Every entry with ``t < L`` is exact (up to rounding): each
operation uses only entries before ``t`` to produce entry ``t``, because durations are
at least one attempt; the mass beyond ``L`` is what truncation loses, ``1 - pmf.sum()``.

Functions here trust their arguments (float64 arrays of one common length, validated by
:func:`qinternet.analysis.chain.chain_statistics`).

References:
    S. Brand, T. Coopmans, D. Elkouss, "Efficient computation of the waiting time and
    fidelity in quantum repeater chains", IEEE J. Sel. Areas Commun. 38, 619 (2020),
    doi:10.1109/JSAC.2020.2969037, arXiv:1912.07688.
    B. Li, T. Coopmans, D. Elkouss, "Efficient optimization of cut-offs in quantum
    repeater chains", IEEE Trans. Quantum Eng. 2, 4101015 (2021),
    arXiv:2005.06615.

Examples:
    >>> import numpy as np
    >>> pmf = geometric_pmf(0.5, 64)
    >>> pmf[:4].tolist()
    [0.0, 0.5, 0.25, 0.125]
    >>> joined = join_pair(pmf, pmf, cutoff=np.inf, decay=1.0)
    >>> joined.success[:4].tolist()  # max of two: F(t)**2 - F(t-1)**2
    [0.0, 0.25, 0.3125, 0.203125]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def geometric_pmf(success_probability: float, length: int) -> FloatArray:
    """``Pr(T = t) = p (1 - p)**(t - 1)`` for ``t = 1 .. length-1`` (entry 0 is 0)."""
    t = np.arange(length, dtype=np.float64)
    pmf = success_probability * np.power(1.0 - success_probability, np.maximum(t - 1.0, 0.0))
    pmf[0] = 0.0
    return pmf


def _fft_size(length: int) -> int:
    """A zero-padded FFT size for linear convolutions truncated to ``length`` entries."""
    return 2 * length


def _causal_convolve(x: FloatArray, kernel: FloatArray) -> FloatArray:
    """``sum_k kernel[k] x[t - k]`` for ``t < len(x)`` (linear, not circular)."""
    length = x.shape[0]
    n = _fft_size(length)
    out = np.fft.irfft(np.fft.rfft(x, n) * np.fft.rfft(kernel, n), n)[:length]
    return np.asarray(out, dtype=np.float64)


def _window_sum(x: FloatArray, cutoff: float, decay: float) -> FloatArray:
    """``sum_{k=1}^{cutoff} decay**k x[t - k]``: the partner's (discounted) mass in the
    ``cutoff`` attempts before ``t``."""
    length = x.shape[0]
    width = length - 1 if math.isinf(cutoff) else min(int(cutoff), length - 1)
    if decay == 1.0:
        cumulative = np.concatenate(([0.0], np.cumsum(x)))  # cumulative[t] = sum(x[:t])
        t = np.arange(length)
        return np.asarray(cumulative[t] - cumulative[np.maximum(t - width, 0)], dtype=np.float64)
    kernel = np.zeros(length)
    k = np.arange(1, width + 1, dtype=np.float64)
    kernel[1 : width + 1] = np.power(decay, k)
    return _causal_convolve(x, kernel)


@dataclass(frozen=True)
class JoinedPair:
    """One round of a level: two links generated in parallel, then a cut-off test.

    All arrays are indexed by the round's duration ``t`` in attempts.

    Attributes:
        success: ``Pr(duration = t, both links kept)`` (then the swap is attempted).
        success_werner_mass: ``success * E[w_A w_B exp(-|T_A - T_B|/T_coh) | ...]``.
        cut: ``Pr(duration = t, the first link discarded by the cut-off)``.
    """

    success: FloatArray
    success_werner_mass: FloatArray
    cut: FloatArray


def join_pair(
    pmf: FloatArray,
    werner_mass: FloatArray,
    *,
    cutoff: float,
    decay: float,
) -> JoinedPair:
    """Join two i.i.d. links: the max of their waiting times, the decayed Werner product.

    With waiting times ``T_A, T_B`` and ``D = |T_A - T_B|``, the round keeps both links if
    ``D <= cutoff`` (duration ``max(T_A, T_B)``, output ``w_A w_B decay**D``), and
    otherwise discards the first link after ``cutoff`` attempts of storage (duration
    ``min(T_A, T_B) + cutoff``). In closed form, with ``F`` the CDF and ``S`` the window
    sum of :func:`_window_sum`::

        success(t) = p(t)**2 + 2 p(t) S_p(t)
        success_werner_mass(t) = v(t)**2 + 2 v(t) S_v(t),  v = werner_mass, decayed
        cut(m + c) = 2 p(m) (1 - F(m + c))

    Returns:
        The :class:`JoinedPair` of the round's outcomes.
    """
    length = pmf.shape[0]
    success = pmf * pmf + 2.0 * pmf * _window_sum(pmf, cutoff, 1.0)
    success_werner_mass = werner_mass * werner_mass + 2.0 * werner_mass * _window_sum(
        werner_mass, cutoff, decay
    )
    cut = np.zeros(length)
    if not math.isinf(cutoff) and int(cutoff) < length - 1:
        c = int(cutoff)
        survival = 1.0 - np.cumsum(pmf)  # Pr(T > t), exact (the lost tail included)
        m = np.arange(1, length - c)
        cut[m + c] = 2.0 * pmf[m] * np.clip(survival[m + c], 0.0, None)
    return JoinedPair(np.clip(success, 0.0, None), success_werner_mass, cut)


def repeat_until_success(
    joined: JoinedPair, swap_success_probability: float
) -> tuple[FloatArray, FloatArray]:
    """The level's waiting time and Werner mass: rounds repeat until a kept round's swap
    succeeds (a geometric compound of i.i.d. rounds).

    With ``a = q_s * success`` (``q_s`` the swap success probability) and
    ``r = cut + (1 - q_s) * success`` the failed rounds, the waiting time is
    ``h = a + r * h`` (``*``: convolution), ``h = a / (1 - r)`` in Fourier space (zero
    padded to twice the length so nothing wraps into the kept entries). Only the last,
    successful round produces the link, so the Werner mass is ``(q_s v) / (1 - r)``.

    Returns:
        ``(pmf, werner_mass)`` of the level's waiting time.
    """
    q_s = swap_success_probability
    success = q_s * joined.success
    werner_mass = q_s * joined.success_werner_mass
    failure = joined.cut + (1.0 - q_s) * joined.success
    if not failure.any():
        return success, werner_mass
    length = success.shape[0]
    n = _fft_size(length)
    inverse = 1.0 / (1.0 - np.fft.rfft(failure, n))
    pmf = np.fft.irfft(np.fft.rfft(success, n) * inverse, n)[:length]
    mass = np.fft.irfft(np.fft.rfft(werner_mass, n) * inverse, n)[:length]
    pmf[0] = 0.0
    mass[0] = 0.0
    return np.clip(pmf, 0.0, None), mass
