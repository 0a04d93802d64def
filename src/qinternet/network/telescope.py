"""A telescope array in a scenario: ``application: {kind: telescope, ...}`` of ``link_layer``
or ``chain``.

Two stations, the ends of one heralded link or of a repeater chain, observe the same
star. The mean pair the link (the chain, end to end) delivered, in the phi+ frame
(:func:`~qinternet.network.applications.to_phi_plus`; a chain's records are corrected to
phi+ by their Pauli frame, :func:`~qinternet.sim.chain.chain_record`), is the resource of
the entanglement-assisted interferometer of Gottesman, Jennewein and Croke (PRL 109,
070503 (2012)); the alternative brings station B's light to A through fibre.
:func:`~qinternet.physics.applications.telescope.compare_interferometers` gives both
interferometers' visibility, usable event rate and best phase error.

The numbers taken from the scenario:

* the pair rate: the link's (the chain's end-to-end) delivered pairs per simulated
  second (every memory pair of the link; a telescope keeps no data qubit);
* the direct fibre: the link's own, its ``length_m`` (or the sum of its
  ``arm_lengths_m``) at its ``attenuation_db_per_km``, i.e. the fibre the scenario lays
  between the two stations (through the heralding station when the arms are given: the
  only path between them the file states; a straight line would be a length it does not
  give). Station A's own arm to its detectors is taken lossless, as in GJC 2012. On a
  chain, the fibre along the whole chain (:func:`chain_fibre`): the links' lengths
  summed, each at its own attenuation, so its transmission is the product of the links'.

:class:`TelescopeReport` is the result's ``application`` entry:

==============================  =============================================================
field                           meaning
==============================  =============================================================
``kind``                        ``telescope``
``between``                     the two stations
``link``                        the index of the link whose pairs are the resource
                                (null on a chain: its end-to-end pairs)
``star_photons_per_mode``,      the ``application`` section's settings
``mode_rate_hz``,
``source_coherence``,
``detector_efficiency``
``baseline_m``                  the fibre between the stations (see above), m
``direct_transmission``         that fibre's transmission t
``pair_rate_hz``                pairs the link (the chain) delivered per second
``pair_fidelity``               <phi+| rho |phi+> of the mean delivered pair rho
``assisted_visibility``         |g| 2|rho_{10,01}| / (rho_{10,10} + rho_{01,01}) after B's X
``direct_visibility``           |g| 2 sqrt(t) / (1 + t)
``assisted_rate_hz``            min(pair rate, mode rate) x photons per mode x usable
                                fraction of a pair and a photon (GJC: 1/2, x detections)
``direct_rate_hz``              mode rate x photons per mode x (1 + t)/2 x efficiency
``assisted_error_rad_sqrt_s``   1 / (V sqrt(rate)): the best phase error after 1 s
``direct_error_rad_sqrt_s``     the same for the direct interferometer
``better``                      ``assisted`` or ``direct`` (the smaller error; null if equal)
``note``                        why the numbers are missing (no pair, or no usable event)
==============================  =============================================================

No pair delivered: every pair-dependent field is null, with a note. An interferometer
without usable events has an infinite phase error: null in JSON (strict: no NaN or inf).

Examples:
    >>> from qinternet.network.scenario import parse_scenario
    >>> from qinternet.network.run import run_scenario
    >>> node = {"emitter": {"max_attempt_rate_hz": 1e3}}
    >>> scenario = parse_scenario({
    ...     "name": "telescope", "duration_s": 0.01,
    ...     "nodes": [{"name": "A", **node}, {"name": "B", **node}],
    ...     "links": [{"nodes": ["A", "B"], "length_m": 50e3, "scheme": {
    ...         "kind": "transduced", "efficiency": 1.0, "bandwidth_hz": 1e6}}],
    ...     "protocol": {"kind": "link_layer", "application": {
    ...         "kind": "telescope", "between": ["A", "B"],
    ...         "star_photons_per_mode": 0.01, "mode_rate_hz": 1e3}},
    ... })
    >>> report = run_scenario(scenario).to_json()["application"]
    >>> round(report["direct_transmission"], 12)  # 10 dB of fibre
    0.1
    >>> round(report["direct_visibility"], 6)  # 2 sqrt(0.1) / 1.1
    0.574960
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qinternet.core.units import KILOMETRE
from qinternet.network.applications import TelescopeApplication
from qinternet.physics.devices.fibre import Fibre
from qinternet.states import bell_state, fidelity

if TYPE_CHECKING:  # the telescope's physics loads only for a scenario that has one
    from qinternet.network.specs import LinkSpec
    from qinternet.physics.applications.telescope import InterferometerComparison
    from qinternet.states import DensityMatrix

__all__ = ["TelescopeReport", "chain_fibre", "direct_fibre", "pair_source", "telescope_report"]


def direct_fibre(link: LinkSpec) -> Fibre:
    """The fibre that would bring one station's light to the other: the link's own,
    over its whole length (see the module)."""
    return Fibre(link.total_length_m, link.attenuation_db_per_km, link.group_velocity_m_per_s)


def chain_fibre(links: Sequence[LinkSpec]) -> Fibre:
    """The fibre along a whole chain of ``links``: their lengths (:func:`direct_fibre`)
    summed, their losses in dB summed (a mean attenuation weighted by length), so its
    transmission is the product of the links'; its delay is the sum of theirs.

    Examples:
        >>> from qinternet.network.scenario import parse_scenario
        >>> scheme = {"kind": "barrett_kok"}
        >>> links = parse_scenario({"name": "c", "duration_s": 1.0,
        ...     "nodes": [{"name": n} for n in "ABC"],
        ...     "links": [{"nodes": ["A", "B"], "length_m": 50e3, "scheme": scheme},
        ...               {"nodes": ["B", "C"], "length_m": 25e3, "scheme": scheme,
        ...                "attenuation_db_per_km": 0.4}]}).links
        >>> fibre = chain_fibre(links)
        >>> fibre.length_m, round(fibre.loss_db, 12), round(fibre.transmission, 12)
        (75000.0, 20.0, 0.01)
    """
    fibres = [direct_fibre(link) for link in links]
    length_m = sum(fibre.length_m for fibre in fibres)
    if length_m == 0.0:
        return fibres[0]
    loss_db = sum(fibre.loss_db for fibre in fibres)
    delay_s = sum(fibre.delay_s for fibre in fibres)
    return Fibre(length_m, loss_db * KILOMETRE / length_m, length_m / delay_s)


def pair_source(link: int | None) -> str:
    """Where a report's pairs come from: ``links[i]``, or the chain (``link`` None).

    Examples:
        >>> pair_source(0), pair_source(None)
        ('links[0]', 'the chain')
    """
    return "the chain" if link is None else f"links[{link}]"


def _finite(value: float) -> float | None:
    """``value``, or None when it is infinite (no usable events)."""
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class TelescopeReport:
    """The assisted and the direct interferometer of one link's (one chain's) stations.

    Attributes:
        application: the scenario's ``application`` section.
        link: the index of the link used (None: a chain's end-to-end pairs).
        fibre: the fibre of the direct alternative (:func:`direct_fibre`,
            :func:`chain_fibre`).
        pair: the mean delivered pair in the phi+ frame, station ``between[0]``'s qubit
            first (None: no pair delivered).
        pair_rate_hz: the link's (the chain's) delivered pairs per second.
        comparison: both interferometers (None without a pair).
    """

    application: TelescopeApplication
    link: int | None
    fibre: Fibre
    pair: DensityMatrix | None
    pair_rate_hz: float
    comparison: InterferometerComparison | None

    @property
    def pair_fidelity(self) -> float | None:
        """<phi+| pair |phi+>, or None without a pair."""
        return None if self.pair is None else fidelity(self.pair, bell_state("phi+"))

    @property
    def better(self) -> str | None:
        """``assisted`` or ``direct``, the smaller phase error (None: no pair or equal)."""
        c = self.comparison
        if c is None or c.assisted_error_rad_sqrt_s == c.direct_error_rad_sqrt_s:
            return None
        assisted = c.assisted_error_rad_sqrt_s < c.direct_error_rad_sqrt_s
        return "assisted" if assisted else "direct"

    @property
    def note(self) -> str:
        """Why numbers are missing, or empty."""
        c = self.comparison
        if c is None:
            source = pair_source(self.link)
            return f"no pair delivered on {source}, so no assisted interferometer"
        idle = [
            name
            for name, error in (
                ("assisted", c.assisted_error_rad_sqrt_s),
                ("direct", c.direct_error_rad_sqrt_s),
            )
            if not math.isfinite(error)
        ]
        if not idle:
            return ""
        return f"{' and '.join(idle)} interferometer{'s' * (len(idle) - 1)}: no usable events"

    def to_json(self) -> dict[str, Any]:
        """The ``application`` fields of the module's table."""
        app, c = self.application, self.comparison
        return {
            "kind": app.kind,
            "between": list(app.between),
            "link": self.link,
            "star_photons_per_mode": app.star_photons_per_mode,
            "mode_rate_hz": app.mode_rate_hz,
            "source_coherence": app.source_coherence,
            "detector_efficiency": app.detector_efficiency,
            "baseline_m": self.fibre.length_m,
            "direct_transmission": self.fibre.transmission,
            "pair_rate_hz": self.pair_rate_hz,
            "pair_fidelity": self.pair_fidelity,
            "assisted_visibility": None if c is None else c.assisted_visibility,
            "direct_visibility": None if c is None else c.direct_visibility,
            "assisted_rate_hz": None if c is None else c.assisted_rate_hz,
            "direct_rate_hz": None if c is None else c.direct_rate_hz,
            "assisted_error_rad_sqrt_s": None
            if c is None
            else _finite(c.assisted_error_rad_sqrt_s),
            "direct_error_rad_sqrt_s": None if c is None else _finite(c.direct_error_rad_sqrt_s),
            "better": self.better,
            "note": self.note,
        }


def telescope_report(
    application: TelescopeApplication,
    fibre: Fibre,
    index: int | None,
    pair: DensityMatrix | None,
    pair_rate_hz: float,
) -> TelescopeReport:
    """Both interferometers of ``application`` with ``pair`` delivered at ``pair_rate_hz``
    by link ``index`` (None: a chain), against the direct ``fibre``."""
    from qinternet.physics.applications.telescope import compare_interferometers

    comparison = (
        None
        if pair is None
        else compare_interferometers(
            pair,
            pair_rate_hz=pair_rate_hz,
            star_photons_per_mode=application.star_photons_per_mode,
            mode_rate_hz=application.mode_rate_hz,
            transmission=fibre.transmission,
            source_coherence=application.source_coherence,
            detector_efficiency=application.detector_efficiency,
        )
    )
    return TelescopeReport(application, index, fibre, pair, pair_rate_hz, comparison)
