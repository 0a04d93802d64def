"""Repeaterless bounds: the most secret key (or entanglement) a lossy channel can carry.

A pure-loss bosonic channel of transmissivity ``eta`` (a fibre of length L with
attenuation alpha has ``eta = 10**(-alpha L / 10)``) cannot distribute more than

- ``-log2(1 - eta)`` secret-key bits (or ebits) per channel use, the PLOB bound, which
  is tight (the two-way assisted secret-key capacity), and
- ``log2((1 + eta) / (1 - eta))`` bits per use, the earlier TGW bound (squashed
  entanglement), about a factor 2 above PLOB at high loss,

without a quantum repeater: both fall as ``eta`` (about ``1.44 eta`` and
``2.89 eta`` bits) at high loss. A repeater chain beats them; these functions give the
line to beat. Multiply by the channel-use rate (the source's repetition rate) for bits
per second.

References:
    S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, "Fundamental limits of
    repeaterless quantum communications", Nat. Commun. 8, 15043 (2017),
    doi:10.1038/ncomms15043, arXiv:1510.08863.
    M. Takeoka, S. Guha, M. M. Wilde, "Fundamental rate-loss tradeoff for optical
    quantum key distribution", Nat. Commun. 5, 5235 (2014), doi:10.1038/ncomms6235,
    arXiv:1310.0129.

Examples:
    >>> round(plob_bound(0.01), 8)
    0.01449957
    >>> round(tgw_bound(0.01), 8)
    0.02885486
    >>> round(plob_bound_from_length(100e3), 8)  # 100 km at 0.2 dB/km: eta = 0.01
    0.01449957
"""

from __future__ import annotations

import math
from typing import Any

from qinternet.core.errors import InvalidParameterError
from qinternet.core.units import KILOMETRE, db_to_transmission

DEFAULT_ATTENUATION_DB_PER_KM = 0.2
"""Attenuation of telecom fibre at 1550 nm, in dB per km."""


def _finite_real(value: Any, name: str, unit: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, value, f"must be a real number{unit}") from None
    if not math.isfinite(number):
        raise InvalidParameterError(name, value, f"must be finite{unit}")
    return number


def _transmissivity(value: Any) -> float:
    eta = _finite_real(value, "transmissivity", "")
    if not 0.0 <= eta <= 1.0:
        raise InvalidParameterError("transmissivity", value, "must lie in [0, 1]")
    return eta


def fibre_transmissivity(
    length_m: float, attenuation_db_per_km: float = DEFAULT_ATTENUATION_DB_PER_KM
) -> float:
    """Power transmissivity ``10**(-attenuation_db_per_km * length_km / 10)`` of a fibre.

    Args:
        length_m: fibre length in metres (finite, >= 0).
        attenuation_db_per_km: loss in dB per kilometre (finite, >= 0).

    Returns:
        The transmissivity, in (0, 1].

    Raises:
        InvalidParameterError: for a negative, NaN or infinite length or attenuation.

    Examples:
        >>> round(fibre_transmissivity(50e3), 6)  # 10 dB
        0.1
    """
    length = _finite_real(length_m, "length_m", " in metres")
    if length < 0.0:
        raise InvalidParameterError("length_m", length_m, "must be >= 0 m")
    attenuation = _finite_real(attenuation_db_per_km, "attenuation_db_per_km", " in dB/km")
    if attenuation < 0.0:
        raise InvalidParameterError("attenuation_db_per_km", attenuation_db_per_km, "must be >= 0")
    return db_to_transmission(attenuation * length / KILOMETRE)


def plob_bound(transmissivity: float) -> float:
    """The PLOB bound ``-log2(1 - eta)``: secret-key bits per use of a pure-loss channel.

    The two-way assisted secret-key (and entanglement) capacity of the pure-loss
    channel; no repeaterless protocol exceeds it.

    Args:
        transmissivity: the channel's transmissivity ``eta`` in [0, 1]
            (``eta = 1`` gives ``math.inf``).

    Returns:
        Bits per channel use.

    Raises:
        InvalidParameterError: if ``transmissivity`` is outside [0, 1] or not finite.

    References:
        Pirandola et al., Nat. Commun. 8, 15043 (2017), doi:10.1038/ncomms15043.

    Examples:
        >>> round(plob_bound(0.5), 12)
        1.0
        >>> plob_bound(0.0)
        0.0
    """
    eta = _transmissivity(transmissivity)
    if eta == 1.0:
        return math.inf
    return -math.log1p(-eta) / math.log(2.0)


def tgw_bound(transmissivity: float) -> float:
    """The TGW bound ``log2((1 + eta) / (1 - eta))`` in bits per channel use.

    An upper bound on the secret-key capacity of the pure-loss channel from the
    squashed entanglement; PLOB is tighter (TGW is about twice PLOB at high loss).

    Args:
        transmissivity: the channel's transmissivity ``eta`` in [0, 1]
            (``eta = 1`` gives ``math.inf``).

    Returns:
        Bits per channel use.

    Raises:
        InvalidParameterError: if ``transmissivity`` is outside [0, 1] or not finite.

    References:
        Takeoka, Guha, Wilde, Nat. Commun. 5, 5235 (2014), doi:10.1038/ncomms6235.

    Examples:
        >>> round(tgw_bound(1 / 3), 12)  # log2(2)
        1.0
    """
    eta = _transmissivity(transmissivity)
    if eta == 1.0:
        return math.inf
    return (math.log1p(eta) - math.log1p(-eta)) / math.log(2.0)


def plob_bound_from_length(
    length_m: float, attenuation_db_per_km: float = DEFAULT_ATTENUATION_DB_PER_KM
) -> float:
    """The PLOB bound in bits per channel use for a fibre of ``length_m`` metres.

    Raises:
        InvalidParameterError: for a negative, NaN or infinite length or attenuation.

    Examples:
        >>> round(plob_bound_from_length(200e3), 10)  # 40 dB: 1.44e-4 bits per use
        0.0001442767
    """
    return plob_bound(fibre_transmissivity(length_m, attenuation_db_per_km))


def tgw_bound_from_length(
    length_m: float, attenuation_db_per_km: float = DEFAULT_ATTENUATION_DB_PER_KM
) -> float:
    """The TGW bound in bits per channel use for a fibre of ``length_m`` metres.

    Raises:
        InvalidParameterError: for a negative, NaN or infinite length or attenuation.

    Examples:
        >>> round(tgw_bound_from_length(100e3), 8)
        0.02885486
    """
    return tgw_bound(fibre_transmissivity(length_m, attenuation_db_per_km))


def _rate(channel_use_rate_hz: Any) -> float:
    rate = _finite_real(channel_use_rate_hz, "channel_use_rate_hz", " in Hz")
    if rate < 0.0:
        raise InvalidParameterError("channel_use_rate_hz", channel_use_rate_hz, "must be >= 0 Hz")
    return rate


def plob_bound_per_second(transmissivity: float, *, channel_use_rate_hz: float) -> float:
    """The PLOB bound in secret-key bits per second at ``channel_use_rate_hz`` uses per second.

    Raises:
        InvalidParameterError: for a transmissivity outside [0, 1] or a negative, NaN or
            infinite rate.

    Examples:
        >>> round(plob_bound_per_second(0.01, channel_use_rate_hz=1e9) / 1e6, 5)  # Mbit/s
        14.49957
    """
    return plob_bound(transmissivity) * _rate(channel_use_rate_hz)


def tgw_bound_per_second(transmissivity: float, *, channel_use_rate_hz: float) -> float:
    """The TGW bound in secret-key bits per second at ``channel_use_rate_hz`` uses per second.

    Raises:
        InvalidParameterError: for a transmissivity outside [0, 1] or a negative, NaN or
            infinite rate.

    Examples:
        >>> round(tgw_bound_per_second(0.01, channel_use_rate_hz=1e6))
        28855
    """
    return tgw_bound(transmissivity) * _rate(channel_use_rate_hz)
