"""The ``satellite_downlink`` scheme of a scenario: pairs from a satellite to two stations.

The link's ``length_m`` is the ground distance between its two nodes (stations); the
satellite passes over both on one ground track (:meth:`DoubleDownlink.symmetric`), and the
link delivers the pass-averaged outcome of :func:`satellite_downlink_link`. The first of
each pair of values (apertures, efficiencies, background) belongs to the link's first
node. A sweep over ``distance_km`` moves the stations apart.

Examples:
    >>> scheme = SatelliteDownlinkScheme(kind="satellite_downlink", pair_rate_hz=5.9e6)
    >>> scheme.altitude_m, scheme.min_elevation_deg
    (500000.0, 10.0)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field

from qinternet.network._strict import Probability
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome, SchemeSpec

if TYPE_CHECKING:  # the physics of a scheme loads when a link of it is built
    from qinternet.physics.devices.free_space import FreeSpaceChannel
    from qinternet.physics.links.satellite_downlink import DoubleDownlink

__all__ = ["SatelliteDownlinkScheme", "build"]

Positive = Annotated[float, Field(gt=0.0)]
NonNegative = Annotated[float, Field(ge=0.0)]


class SatelliteDownlinkScheme(SchemeSpec):
    """A double downlink from a satellite's pair source (Yin et al., Science 356, 1140
    (2017)): circular orbit at ``altitude_m``, stations counted while both see the
    satellite above ``min_elevation_deg``; Gaussian-beam channels (apertures, wavelength,
    jitter, atmosphere at zenith, optics and detection efficiency); background counts
    per station; a Werner source of ``source_fidelity`` emitting ``pair_rate_hz``."""

    kind: Literal["satellite_downlink"]
    pair_rate_hz: Positive
    source_fidelity: Probability = 1.0
    altitude_m: Positive = 500e3
    min_elevation_deg: float = Field(10.0, ge=0.0, le=90.0)
    wavelength_nm: Positive = 810.0
    transmitter_radii_m: tuple[Positive, Positive] = (0.15, 0.15)
    receiver_radii_m: tuple[Positive, Positive] = (0.5, 0.5)
    zenith_transmission: Probability = 1.0
    pointing_jitter_rad: NonNegative = 0.0
    turbulence_jitter_rad: NonNegative = 0.0
    efficiencies: tuple[Probability, Probability] = (1.0, 1.0)
    air_mass_model: Literal["plane", "kasten_young"] = "plane"
    background_rate_hz: tuple[NonNegative, NonNegative] = (0.0, 0.0)
    coincidence_window_s: Positive = 2.5e-9
    uses_station: ClassVar[bool] = False

    def channels(self) -> tuple[FreeSpaceChannel, FreeSpaceChannel]:
        """Each station's channel from the satellite."""
        return (
            self._channel(0),
            self._channel(1),
        )

    def _channel(self, index: int) -> FreeSpaceChannel:
        from qinternet.physics.devices.free_space import AirMass, FreeSpaceChannel

        return FreeSpaceChannel(
            wavelength_nm=self.wavelength_nm,
            transmitter_radius_m=self.transmitter_radii_m[index],
            receiver_radius_m=self.receiver_radii_m[index],
            zenith_transmission=self.zenith_transmission,
            pointing_jitter_rad=self.pointing_jitter_rad,
            turbulence_jitter_rad=self.turbulence_jitter_rad,
            efficiency=self.efficiencies[index],
            air_mass_model=AirMass(self.air_mass_model),
        )

    def downlink(self, ground_distance_m: float) -> DoubleDownlink:
        """The pass over two stations ``ground_distance_m`` apart."""
        from qinternet.physics.links.satellite_downlink import DoubleDownlink

        return DoubleDownlink.symmetric(
            altitude_m=self.altitude_m,
            ground_distance_m=ground_distance_m,
            channels=self.channels(),
            min_elevation_rad=math.radians(self.min_elevation_deg),
        )


def build(scheme: SatelliteDownlinkScheme, link: LinkInputs) -> SchemeOutcome:
    """The pass-averaged outcome over the link's ground distance; each station learns of
    a coincidence when the other's time tags arrive (ground distance / c).

    Raises:
        PhysicalConstraintError: if the stations never see the satellite together.
    """
    from qinternet.physics.links.satellite_downlink import (
        classical_delay_s,
        satellite_downlink_link,
    )

    distance_m = link.whole.length_m
    outcome = satellite_downlink_link(
        scheme.downlink(distance_m),
        pair_rate_hz=scheme.pair_rate_hz,
        source_fidelity=scheme.source_fidelity,
        coincidence_window_s=scheme.coincidence_window_s,
        background_rate_hz=scheme.background_rate_hz,
    )
    delay_s = classical_delay_s(distance_m)
    return SchemeOutcome(outcome, (delay_s, delay_s))
