"""Optical fibre: loss and delay of a length of fibre.

A fibre of length L with attenuation a (dB/km) has loss L * a / (1 km) decibels and
power transmission 10^(-loss_db/10); a photon (or a classical message) needs L / v_g
seconds, with v_g the group velocity (about c / 1.47 ~ 2e8 m/s in silica).

References:
    G. P. Agrawal, *Fiber-Optic Communication Systems*, 4th ed. (Wiley, 2010), ch. 2
    (fibre loss in dB/km, group velocity), doi:10.1002/9780470918524.
    H. J. Kimble, "The quantum internet", Nature 453, 1023 (2008),
    doi:10.1038/nature07127 (quantum channels between nodes).

Examples:
    >>> fibre = Fibre(length_m=25e3)
    >>> fibre.loss_db, round(fibre.transmission, 6), fibre.delay_s
    (5.0, 0.316228, 0.000125)
"""

from __future__ import annotations

from dataclasses import dataclass

from qinternet.core.errors import PhysicalConstraintError
from qinternet.core.units import KILOMETRE, SPEED_OF_LIGHT_M_PER_S, db_to_transmission
from qinternet.core.validation import check_non_negative, check_positive
from qinternet.noise import Channel, loss

DEFAULT_ATTENUATION_DB_PER_KM = 0.2
"""Attenuation of standard single-mode fibre near 1550 nm (telecom C band)."""

DEFAULT_GROUP_VELOCITY_M_PER_S = 2.0e8
"""Group velocity in silica fibre (group index ~1.5)."""


@dataclass(frozen=True)
class Fibre:
    """A length of optical fibre.

    Args:
        length_m: length in metres (finite, >= 0).
        attenuation_db_per_km: loss per kilometre in dB (finite, >= 0); 0.2 dB/km is
            standard fibre at 1550 nm.
        group_velocity_m_per_s: speed of a pulse in m/s (> 0, at most the vacuum speed
            of light).

    Raises:
        InvalidParameterError: if a value is negative, NaN, infinite or (velocity) zero.
        PhysicalConstraintError: if the group velocity exceeds the speed of light.

    References:
        G. P. Agrawal, *Fiber-Optic Communication Systems* (Wiley, 2010), ch. 2,
        doi:10.1002/9780470918524.

    Examples:
        >>> Fibre(length_m=10e3, attenuation_db_per_km=0.3).loss_db
        3.0
        >>> round(Fibre(length_m=50e3).transmission, 2)
        0.1
    """

    length_m: float
    attenuation_db_per_km: float = DEFAULT_ATTENUATION_DB_PER_KM
    group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S

    def __post_init__(self) -> None:
        object.__setattr__(self, "length_m", check_non_negative(self.length_m, "length_m", "m"))
        attenuation = check_non_negative(
            self.attenuation_db_per_km, "attenuation_db_per_km", "dB/km"
        )
        object.__setattr__(self, "attenuation_db_per_km", attenuation)
        velocity = check_positive(self.group_velocity_m_per_s, "group_velocity_m_per_s", "m/s")
        if velocity > SPEED_OF_LIGHT_M_PER_S:
            raise PhysicalConstraintError(
                "group_velocity_m_per_s",
                self.group_velocity_m_per_s,
                f"must not exceed the speed of light {SPEED_OF_LIGHT_M_PER_S} m/s",
            )
        object.__setattr__(self, "group_velocity_m_per_s", velocity)

    @property
    def loss_db(self) -> float:
        """Total loss in dB: attenuation_db_per_km * length_m / 1 km."""
        return self.attenuation_db_per_km * self.length_m / KILOMETRE

    @property
    def transmission(self) -> float:
        """Probability that a photon entering the fibre leaves it: 10^(-loss_db/10)."""
        return db_to_transmission(self.loss_db)

    @property
    def loss_probability(self) -> float:
        """Probability that a photon is lost in the fibre: 1 - transmission."""
        return 1.0 - self.transmission

    @property
    def delay_s(self) -> float:
        """Propagation time in seconds: length_m / group_velocity_m_per_s."""
        return self.length_m / self.group_velocity_m_per_s

    def loss_channel(self, dimension: int) -> Channel:
        """The fibre as a photon-loss channel on a Fock mode truncated to ``dimension`` levels.

        Each photon is lost independently with probability :attr:`loss_probability`
        (a beam splitter to an empty environment mode; :func:`qinternet.noise.loss`).

        Raises:
            InvalidParameterError: if ``dimension`` is not an integer >= 1.

        Examples:
            >>> import numpy as np
            >>> from qinternet.states import Ket
            >>> one_photon = Ket(np.array([0.0, 1.0]), dims=(2,))
            >>> rho = Fibre(length_m=15e3).loss_channel(2).apply(one_photon, [0])
            >>> round(float(rho.matrix[1, 1].real), 6)  # 3 dB: half survives
            0.501187
        """
        return loss(self.loss_probability, dimension=dimension)
