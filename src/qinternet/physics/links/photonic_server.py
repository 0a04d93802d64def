"""Entanglement between any pair of three nodes through a central photonic server.

Three nodes each send photons through their own fibre to a server holding a switchable
50/50 beam splitter and detectors (Liu et al. 2024: three Rb-ensemble nodes in Hefei).
For the chosen pair the server interferes the two arms; the third node's arm is idle.
Two interference schemes are offered, each the exact model of its own module with the
chosen arms' efficiencies:

* ``"single_photon"`` (default; what Liu et al. used, with the fibre phases
  stabilised through the server): DLCZ heralding of one excitation shared by the two
  ensembles (:func:`~qinternet.physics.links.dlcz.dlcz_link`);
* ``"two_photon"``: Barrett-Kok heralding of two emitters, robust to the fibre phase
  (:func:`~qinternet.physics.links.barrett_kok.barrett_kok_link`).

Interference at the server needs indistinguishable photons: arms that differ in length
by ``delta L`` deliver them ``delta t`` apart unless compensated, and the two nodes'
photons may differ in centre frequency by ``delta f`` (lasers, conversion pumps). For
Gaussian wavepackets whose intensity has rms duration ``tau`` the two-photon
(Hong-Ou-Mandel) visibility is

    V = |<phi_0|phi_1>|^2 = exp(-delta_t^2 / (4 tau^2) - (2 pi delta_f)^2 tau^2)

(:func:`two_photon_visibility`); it enters the heralded coherence as ``sqrt(V)``
(single-photon scheme) or ``V`` (two-photon scheme).

References:
    C. K. Hong, Z. Y. Ou, L. Mandel, "Measurement of subpicosecond time intervals between
    two photons by interference", Phys. Rev. Lett. 59, 2044 (1987),
    doi:10.1103/PhysRevLett.59.2044 (visibility versus delay).
    J.-L. Liu et al., "Creation of memory-memory entanglement in a metropolitan quantum
    network", Nature 629, 579 (2024), doi:10.1038/s41586-024-07308-0, arXiv:2309.00221.

Examples:
    >>> link = photonic_server_link((0.3, 0.2, 0.1), (0, 2), scheme="two_photon")
    >>> round(link.success_probability, 12)  # eta_0 eta_2 / 2
    0.015
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import (
    check_choice,
    check_finite,
    check_non_negative,
    check_positive,
    check_unit_interval,
)
from qinternet.physics.links._types import (
    DetectorKind,
    LinkOutcome,
)
from qinternet.physics.links.barrett_kok import barrett_kok_link
from qinternet.physics.links.dlcz import dlcz_link

__all__ = ["ServerScheme", "photonic_server_link", "two_photon_visibility"]


def two_photon_visibility(
    arrival_mismatch_s: float, photon_duration_s: float, frequency_mismatch_hz: float = 0.0
) -> float:
    """HOM visibility of two Gaussian photons ``delta_t`` and ``delta_f`` apart.

    Args:
        arrival_mismatch_s: difference of the arrival times at the splitter, s (finite).
        photon_duration_s: rms duration ``tau`` of each photon's intensity, s (> 0).
        frequency_mismatch_hz: difference of the centre frequencies, Hz (finite).

    Returns:
        ``exp(-delta_t^2 / (4 tau^2) - (2 pi delta_f)^2 tau^2)``.

    Examples:
        >>> round(two_photon_visibility(50e-9, 50e-9), 6)  # exp(-1/4)
        0.778801
    """
    delay = check_finite(arrival_mismatch_s, "arrival_mismatch_s")
    tau = check_positive(photon_duration_s, "photon_duration_s", "s")
    detuning = check_finite(frequency_mismatch_hz, "frequency_mismatch_hz")
    return math.exp(-(delay**2) / (4.0 * tau**2) - (2.0 * math.pi * detuning * tau) ** 2)


class ServerScheme(StrEnum):
    """How the server heralds entanglement between the chosen pair."""

    SINGLE_PHOTON = "single_photon"
    """One photon from either ensemble (DLCZ); needs phase-stable arms."""
    TWO_PHOTON = "two_photon"
    """One photon from each emitter in each of two rounds (Barrett-Kok)."""


def _pair(pair: Any) -> tuple[int, int]:
    if (
        not isinstance(pair, tuple | list)
        or len(pair) != 2
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in pair)
        or not all(0 <= i <= 2 for i in pair)
        or pair[0] == pair[1]
    ):
        raise InvalidParameterError("pair", pair, "must be two different node indices in 0..2")
    return int(pair[0]), int(pair[1])


def photonic_server_link(
    arm_efficiencies: tuple[float, float, float],
    pair: tuple[int, int],
    *,
    scheme: ServerScheme | str = ServerScheme.SINGLE_PHOTON,
    excitation_probability: float = 0.01,
    detector: DetectorKind | str | None = None,
    dark_count_probability: float = 0.0,
    arm_lengths_m: tuple[float, float, float] = (0.0, 0.0, 0.0),
    preparation_time_s: float = 0.0,
    phase_std_rad: float = 0.0,
    visibility: float = 1.0,
) -> LinkOutcome:
    """Heralded state between nodes ``pair`` of three around a photonic server.

    Args:
        arm_efficiencies: each node's photon efficiency to the server's detectors
            (collection x fibre x detector), each in [0, 1].
        pair: the two node indices (0, 1 or 2) to entangle, in the order of the
            returned state's subsystems.
        scheme: ``"single_photon"`` (DLCZ, default) or ``"two_photon"`` (Barrett-Kok).
        excitation_probability: DLCZ excitation probability ``p`` (single-photon scheme).
        detector: detector kind; default number-resolving for the single-photon scheme
            and threshold for the two-photon scheme.
        dark_count_probability: dark-count probability per detector and window.
        arm_lengths_m: each node's fibre length to the server, m; an attempt waits for
            the longer arm of the pair.
        preparation_time_s: preparation time per attempt, s.
        phase_std_rad: residual (Gaussian) optical phase noise between the two chosen
            arms after the server's stabilisation, rad, >= 0 (default 0). It dephases
            the single-photon scheme (:func:`~qinternet.physics.links.dlcz.dlcz_link`);
            the two-photon scheme is insensitive to a phase that is stable over one
            attempt (Barrett & Kok 2005), so there it is validated but has no effect.
        visibility: two-photon visibility of the chosen arms' photons, in [0, 1]
            (:func:`two_photon_visibility`); default 1.

    Raises:
        InvalidParameterError: for a bad pair, scheme or out-of-range value.

    References:
        J.-L. Liu et al., Nature 629, 579 (2024), arXiv:2309.00221.

    Examples:
        >>> link = photonic_server_link((0.3, 0.2, 0.1), (1, 0))
        >>> link.heralded_state.dims[0] > 2  # two truncated Fock modes (ensembles)
        True
    """
    first, second = _pair(pair)
    if not isinstance(arm_efficiencies, tuple | list) or len(arm_efficiencies) != 3:
        raise InvalidParameterError("arm_efficiencies", arm_efficiencies, "need three values")
    if not isinstance(arm_lengths_m, tuple | list) or len(arm_lengths_m) != 3:
        raise InvalidParameterError("arm_lengths_m", arm_lengths_m, "need three values")
    etas = [check_unit_interval(e, "arm_efficiencies") for e in arm_efficiencies]
    lengths = [check_non_negative(x, "arm_lengths_m") for x in arm_lengths_m]
    chosen = check_choice(scheme, ServerScheme, "scheme")
    sigma = check_non_negative(phase_std_rad, "phase_std_rad")
    arm = max(lengths[first], lengths[second])
    efficiency = (etas[first], etas[second])
    if chosen is ServerScheme.SINGLE_PHOTON:
        return dlcz_link(
            excitation_probability,
            efficiency,
            detector=DetectorKind.NUMBER_RESOLVING if detector is None else detector,
            dark_count_probability=dark_count_probability,
            arm_length_m=arm,
            preparation_time_s=preparation_time_s,
            phase_std_rad=sigma,
            visibility=visibility,
        )
    return barrett_kok_link(
        efficiency,
        detector=DetectorKind.THRESHOLD if detector is None else detector,
        dark_count_probability=dark_count_probability,
        visibility=visibility,
        arm_length_m=arm,
        preparation_time_s=preparation_time_s,
    )
