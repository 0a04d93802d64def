"""Quantum frequency conversion: efficiency and the noise photons it adds to a herald.

A node whose emitter is not in a telecom band converts each photon by difference-
frequency generation with a strong pump (NV 637 nm -> 1588 nm L band; SiV 737 nm ->
1350 nm; Rb 780 nm -> telecom). The converter passes a photon with probability
``efficiency`` (device efficiency including filtering) and, through spontaneous Raman
scattering and parametric fluorescence of the pump, emits noise photons into the
filtered output mode at a rate ``noise_rate_hz`` (photons per second leaving the
converter into the link fibre). Raman noise is broadband and multimode, so the noise
photons in a detection window are Poissonian.

Noise at a midpoint station. Each arm's noise travels its fibre (transmission
``T_i``) to the 50/50 beam splitter, which sends half of it to each detector; a
detector of efficiency ``eta_d`` then registers it. With the detector's own dark
count rate ``r_d`` and a window ``tau`` the mean number of background counts per
detector and window is

    mu = tau [r_d + eta_d sum_i T_i n_i / 2],

so a detector reports a background click with probability ``1 - exp(-mu)``
(:func:`background_click_probability`), the dark-count term of every heralding
scheme of :mod:`qinternet.physics.links`.

References:
    A. Tchebotareva et al., "Entanglement between a diamond spin qubit and a photonic
    time-bin qubit at telecom wavelength", Phys. Rev. Lett. 123, 063601 (2019),
    arXiv:1905.08676 (NV 637 nm -> 1588 nm conversion).
    T. van Leent et al., "Entangling single atoms over 33 km telecom fibre", Nature 607,
    69 (2022), doi:10.1038/s41586-022-04764-4 (Rb 780 nm conversion; external device
    efficiencies up to 57 %, introduction).
    J. S. Pelc et al., "Long-wavelength-pumped upconversion single-photon detector at
    1550 nm: performance and noise analysis", Opt. Express 19, 21445 (2011),
    doi:10.1364/OE.19.021445 (Raman noise of frequency converters).

Examples:
    >>> converter = FrequencyConverter(efficiency=0.5, noise_rate_hz=100.0)
    >>> arms = [(converter.noise_rate_hz, 0.1)]  # 100 Hz of noise, 10 dB of fibre
    >>> round(background_click_probability(10.0, 1e-6, 0.8, arms) * 1e6, 6)  # ~1e-6 (10 + 4)
    13.999902
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from qinternet.core.validation import check_non_negative, check_positive, check_probability

__all__ = ["CONVERTERS", "FrequencyConverter", "background_click_probability"]


@dataclass(frozen=True)
class FrequencyConverter:
    """A frequency converter: photon efficiency and noise photons into the output mode.

    Args:
        efficiency: probability that an input photon leaves in the output mode after
            the converter's filters, in [0, 1].
        noise_rate_hz: noise photons per second in the filtered output mode, >= 0.
        input_wavelength_nm, output_wavelength_nm: the two wavelengths, nm (> 0).

    Raises:
        InvalidParameterError: naming the field, for a value out of range.

    Examples:
        >>> FrequencyConverter(efficiency=0.5, noise_rate_hz=-1.0)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: noise_rate_hz=-1.0: must be a finite rate >= 0 Hz
    """

    efficiency: float
    noise_rate_hz: float = 0.0
    input_wavelength_nm: float = 637.0
    output_wavelength_nm: float = 1588.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "efficiency", check_probability(self.efficiency, "efficiency"))
        noise = check_non_negative(self.noise_rate_hz, "noise_rate_hz", "Hz")
        object.__setattr__(self, "noise_rate_hz", noise)
        for name in ("input_wavelength_nm", "output_wavelength_nm"):
            object.__setattr__(self, name, check_positive(getattr(self, name), name, "nm"))

    def noise_photons(self, window_s: float) -> float:
        """Mean noise photons in the output mode during a window of ``window_s`` seconds."""
        return self.noise_rate_hz * check_positive(window_s, "window_s", "s")


def background_click_probability(
    dark_count_rate_hz: float,
    window_s: float,
    detector_efficiency: float,
    noise_arms: Iterable[tuple[float, float]] = (),
) -> float:
    """Probability that a station detector clicks on background in one window.

    Args:
        dark_count_rate_hz: the detector's own dark counts, Hz (>= 0).
        window_s: detection window, s (> 0).
        detector_efficiency: the detector's efficiency, in [0, 1].
        noise_arms: per arm, ``(noise_rate_hz, transmission)``: noise photons per second
            entering the arm at the node and the arm's transmission to the station; half
            of each arm's noise reaches each detector behind the 50/50 splitter.

    Returns:
        ``1 - exp(-tau [r_d + eta_d sum_i T_i n_i / 2])``.

    Raises:
        InvalidParameterError: naming the argument, for a value out of range.
    """
    dark = check_non_negative(dark_count_rate_hz, "dark_count_rate_hz", "Hz")
    window = check_positive(window_s, "window_s", "s")
    eta = check_probability(detector_efficiency, "detector_efficiency")
    noise = 0.0
    for rate, transmission in noise_arms:
        noise += check_non_negative(rate, "noise_rate_hz", "Hz") * check_probability(
            transmission, "transmission"
        )
    return -math.expm1(-window * (dark + eta * noise / 2.0))


CONVERTERS: dict[str, tuple[FrequencyConverter, str]] = {
    "nv_l_band": (
        FrequencyConverter(0.49, 0.0, 637.0, 1588.0),
        "efficiency: secondary, a public calibration table attributing '48-50 %' to Stolk et "
        "al., Sci. Adv. 10, eadp6442 (2024), arXiv:2404.03723 (midpoint); 1588 nm: Tchebotareva "
        "et al. 2019, abstract; noise rate: not found (0; the examples sweep it)",
    ),
    "siv_o_band": (
        FrequencyConverter(0.33, 0.0, 737.0, 1350.0),
        "efficiency to telecom: secondary, a survey table attributing 33 % to Knaut et al., "
        "Nature 629, 573 (2024), arXiv:2310.01316 (30 % back); noise rate: not found (0)",
    ),
    "rb_telecom": (
        FrequencyConverter(0.57, 0.0, 780.0, 1517.0),
        "efficiency: van Leent et al., Nature 607, 69 (2022), introduction ('external device "
        "conversion efficiencies as high as 57 %'); 1517 nm: estimated (the paper's output "
        "wavelength was not read); noise rate: not found (0)",
    ),
}
"""Converter presets by platform: the model and where each number comes from."""
