"""Deterministic delivery of remote entanglement at fixed times (Humphreys et al. 2018).

A heralded link succeeds at rate ``r_ent`` (attempts are fast enough that the waiting
time is exponential); a stored pair decoheres at rate ``r_dec`` towards the maximally
mixed state, its fidelity with the target Bell state decaying as
``(1 + 3 exp(-r_dec t)) / 4``. The link efficiency is ``eta_link = r_ent / r_dec``.

Delivery: attempts run for a window ``T``; the first success is stored until the
delivery time ``T`` (no further attempts); if none succeeded the nodes deliver the
maximally mixed state (fidelity 1/4). With ``x = r_dec T`` the average fidelity of the
delivered state is

.. code-block:: text

    F(x) = 1/4 + (3/4) int_0^T r_ent e^{-r_ent t} e^{-r_dec (T - t)} dt
         = 1/4 + (3/4) eta (e^{-eta x} - e^{-x}) / (1 - eta)      (eta = eta_link),

(``1/4 + (3/4) x e^{-x}`` at ``eta = 1``). ``dF/dx = 0`` gives the best window
``x* = ln(eta) / (eta - 1)`` and, since ``e^{-x*} = eta^{1/(1-eta)}``,

.. code-block:: text

    F* = (1 + 3 eta^{1/(1 - eta)}) / 4,

which exceeds 1/2 iff ``eta_link > 0.8260`` (:func:`threshold_link_efficiency`).
Humphreys et al. reach ``eta_link ~ 1`` (39 Hz entangling rate, 5 Hz decoherence
rate after dynamical decoupling) and deliver states with fidelity above 0.5.

The same protocol as an event-driven process, with the delivered fidelity computed from
the stored density matrices, is :mod:`qinternet.sim.delivery_process`; its tests
check it against these closed forms.

References:
    P. C. Humphreys et al., "Deterministic delivery of remote entanglement on a quantum
    network", Nature 558, 268 (2018), doi:10.1038/s41586-018-0200-5, arXiv:1712.07567
    (Fig. 1 and Methods: the link efficiency and the delivery scheme).

Examples:
    >>> round(best_delivery_fidelity(7.8), 6)
    0.804461
    >>> round(threshold_link_efficiency(0.5), 3)
    0.826
"""

from __future__ import annotations

import math

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_finite, check_non_negative, check_positive

__all__ = [
    "best_delivery_fidelity",
    "best_delivery_window",
    "best_delivery_window_s",
    "delivery_fidelity",
    "link_efficiency",
    "threshold_link_efficiency",
]


def link_efficiency(entangling_rate_hz: float, decoherence_rate_hz: float) -> float:
    """``eta_link = entangling_rate_hz / decoherence_rate_hz``.

    Raises:
        InvalidParameterError: for a negative entangling rate or a non-positive
            decoherence rate.

    Examples:
        >>> link_efficiency(39.0, 5.0)
        7.8
    """
    rate = check_non_negative(entangling_rate_hz, "entangling_rate_hz")
    return rate / check_positive(decoherence_rate_hz, "decoherence_rate_hz")


def delivery_fidelity(eta_link: float, window: float) -> float:
    """Average delivered fidelity for a window ``window = r_dec T`` (dimensionless).

    Raises:
        InvalidParameterError: for ``eta_link <= 0`` or a negative window.

    Examples:
        >>> round(delivery_fidelity(1.0, 1.0), 12)  # 1/4 + 3/(4e)
        0.525909580879
    """
    eta = check_positive(eta_link, "eta_link")
    x = check_non_negative(window, "window")
    delta = 1.0 - eta
    # (e^{-eta x} - e^{-x}) / (1 - eta) = e^{-x} expm1(delta x) / delta, stable at eta -> 1
    ratio = x if delta == 0.0 else math.expm1(delta * x) / delta
    return 0.25 + 0.75 * eta * math.exp(-x) * ratio


def best_delivery_window(eta_link: float) -> float:
    """The window ``r_dec T* = ln(eta) / (eta - 1)`` that maximises the delivered fidelity.

    Examples:
        >>> best_delivery_window(1.0)
        1.0
        >>> round(best_delivery_window(7.8), 6)
        0.302077
    """
    eta = check_positive(eta_link, "eta_link")
    delta = eta - 1.0
    if delta == 0.0:
        return 1.0
    log_eta = math.log1p(delta) if abs(delta) < 0.5 else math.log(eta)
    return log_eta / delta


def best_delivery_window_s(entangling_rate_hz: float, decoherence_rate_hz: float) -> float:
    """The best delivery window in seconds, ``T* = ln(eta) / ((eta - 1) r_dec)``.

    Examples:
        >>> round(best_delivery_window_s(39.0, 5.0), 6)
        0.060415
    """
    eta = link_efficiency(entangling_rate_hz, decoherence_rate_hz)
    return best_delivery_window(eta) / check_positive(decoherence_rate_hz, "decoherence_rate_hz")


def best_delivery_fidelity(eta_link: float) -> float:
    """The best average delivered fidelity ``(1 + 3 eta^{1/(1 - eta)}) / 4``.

    Examples:
        >>> round(best_delivery_fidelity(1.0), 12)  # (1 + 3/e)/4
        0.525909580879
    """
    return 0.25 + 0.75 * math.exp(-best_delivery_window(eta_link))


def threshold_link_efficiency(target_fidelity: float = 0.5) -> float:
    """The smallest ``eta_link`` whose best delivered fidelity reaches ``target_fidelity``.

    Solved with Brent's method on ``best_delivery_fidelity(eta) = target`` (the best
    fidelity increases monotonically from 1/4 to 1).

    Raises:
        InvalidParameterError: if ``target_fidelity`` is not in (1/4, 1 - 1e-9].

    Examples:
        >>> round(threshold_link_efficiency(), 4)
        0.826
    """
    target = check_finite(target_fidelity, "target_fidelity")
    if not 0.25 < target <= 1.0 - 1e-9:
        raise InvalidParameterError("target_fidelity", target_fidelity, "must lie in (1/4, 1)")
    from scipy.optimize import brentq  # loaded on use: the command line starts without it

    return float(brentq(lambda eta: best_delivery_fidelity(eta) - target, 1e-300, 1e15, xtol=1e-14))
