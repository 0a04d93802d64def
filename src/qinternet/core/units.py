"""Units and unit conversions.

qinternet works in SI units throughout: seconds, metres, hertz. Parameter names carry
their unit (``length_m``, ``t2_s``, ``attenuation_db_per_km``). The constants here
turn the units people quote into SI without bare scale factors in the code:
``length_m = 25 * KILOMETRE``.

Examples:
    >>> 25 * KILOMETRE
    25000.0
    >>> round(db_to_transmission(3.0), 4)
    0.5012
    >>> round(transmission_to_db(0.01), 6)
    20.0
"""

from __future__ import annotations

import math

from qinternet.core.errors import InvalidParameterError

METRE = 1.0
KILOMETRE = 1.0e3
SECOND = 1.0
MILLISECOND = 1.0e-3
MICROSECOND = 1.0e-6
NANOSECOND = 1.0e-9
HERTZ = 1.0
KILOHERTZ = 1.0e3
MEGAHERTZ = 1.0e6
GIGAHERTZ = 1.0e9

SPEED_OF_LIGHT_M_PER_S = 299_792_458.0
"""Speed of light in vacuum (exact, SI definition)."""

PLANCK_J_S = 6.62607015e-34
"""Planck constant (exact in the SI since 2019)."""

BOLTZMANN_J_PER_K = 1.380649e-23
"""Boltzmann constant (exact in the SI since 2019)."""

DECIBELS_PER_DECADE = 10.0


def db_to_transmission(loss_db: float) -> float:
    """Power transmission of a loss of ``loss_db`` decibels: 10**(-loss_db/10).

    Raises:
        InvalidParameterError: if ``loss_db`` is negative, NaN or infinite.
    """
    if not math.isfinite(loss_db) or loss_db < 0:
        raise InvalidParameterError("loss_db", loss_db, "must be a finite number >= 0")
    return float(10.0 ** (-loss_db / DECIBELS_PER_DECADE))


def transmission_to_db(transmission: float) -> float:
    """Loss in decibels of a power transmission in (0, 1].

    Raises:
        InvalidParameterError: if ``transmission`` is not in (0, 1].
    """
    if not (0.0 < transmission <= 1.0):
        raise InvalidParameterError("transmission", transmission, "must lie in (0, 1]")
    return float(-DECIBELS_PER_DECADE * math.log10(transmission))
