"""Imperfect optics: loss, detector efficiency and dark counts, threshold detectors,
and partially distinguishable photons.

* **Loss** is a beam splitter to an environment mode: :func:`lossy_unitary` embeds an
  ``m``-mode interferometer with per-mode power transmissions into a ``2m``-mode unitary
  (system modes ``0..m-1``, environment modes ``m..2m-1``); tracing out the environment
  (summing over its occupations) gives the lossy statistics.
* **Detectors**: an efficiency ``eta`` thins the photon number binomially; dark counts
  add an independent Poisson number of counts whose probability of being non-zero per
  detection window is ``p_dark`` (:func:`detect`). :func:`to_threshold` turns counts
  into click / no-click.
* **Distinguishability** of two photons with internal-state overlap ``<psi|phi>``
  interpolates between bosonic and classical statistics (:func:`two_photon_probability`).

Examples:
    >>> import numpy as np
    >>> counts = detect([0.0, 1.0], efficiency=0.9, dark_count_probability=0.01)
    >>> round(float(to_threshold(counts)[1]), 12)  # 1 - (1 - 0.9)(1 - 0.01)
    0.901
    >>> round(hom_coincidence_probability(0.0), 12), round(hom_coincidence_probability(1.0), 12)
    (0.5, 0.0)
"""

from __future__ import annotations

import math
import operator
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.optics._validate import validate_occupation, validate_unitary
from qinternet.optics.components import BeamSplitter, Interferometer
from qinternet.optics.permanent import permanent

__all__ = [
    "DARK_COUNT_TAIL_PROBABILITY",
    "detect",
    "hom_coincidence_probability",
    "lossy_unitary",
    "to_threshold",
    "two_photon_probability",
]

DARK_COUNT_TAIL_PROBABILITY = 1e-16
"""Dark-count numbers are tabulated until the Poisson tail beyond them is below this."""

_PROBABILITY_TOLERANCE = 1e-9
_OVERLAP_TOLERANCE = 1e-12


def _probability(name: str, value: Any, *, allow_one: bool = True) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(name, value, "must be a real number") from exc
    upper_ok = number <= 1.0 if allow_one else number < 1.0
    if not (math.isfinite(number) and number >= 0.0 and upper_ok):
        interval = "[0, 1]" if allow_one else "[0, 1)"
        raise InvalidParameterError(name, value, f"must lie in {interval}")
    return number


def _distribution(values: ArrayLike, name: str) -> NDArray[np.float64]:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(name, values, "must be a 1-D array of probabilities") from exc
    if array.ndim != 1 or array.size == 0:
        raise DimensionMismatchError(name, values, "must be a non-empty 1-D array")
    if not np.all(np.isfinite(array)) or np.any(array < 0.0):
        raise InvalidParameterError(name, values, "entries must be finite and >= 0")
    if float(array.sum()) > 1.0 + _PROBABILITY_TOLERANCE:
        raise InvalidParameterError(name, values, "must sum to at most 1")
    return array


def lossy_unitary(
    unitary: ArrayLike,
    transmissions: ArrayLike,
    *,
    position: Literal["output", "input"] = "output",
) -> NDArray[np.complex128]:
    """Embed ``U`` with per-mode power transmissions into a ``2m x 2m`` unitary.

    Mode ``k`` meets a beam splitter with environment mode ``m + k``:
    ``a_k^dagger -> sqrt(eta_k) a_k^dagger + sqrt(1 - eta_k) e_k^dagger``. The result is
    ``L (U + I_m)`` for loss at the outputs (default) or ``(U + I_m) L`` at the inputs
    (``+`` the direct sum). Uniform loss commutes with ``U``, so both agree then.

    Args:
        unitary: the lossless ``m x m`` interferometer.
        transmissions: ``m`` power transmissions ``eta_k`` in [0, 1] (or one number for all).
        position: where the losses sit, ``"output"`` or ``"input"``.

    Returns:
        The ``2m x 2m`` unitary on (system modes, environment modes).

    Raises:
        InvalidParameterError: for a transmission outside [0, 1] or an unknown position.
        DimensionMismatchError: if ``transmissions`` does not have ``m`` entries.
        NonUnitaryError: if ``unitary`` is not unitary.

    References:
        U. Leonhardt, "Quantum physics of simple optical instruments", Rep. Prog. Phys.
        66, 1207 (2003), doi:10.1088/0034-4885/66/7/203 (loss as a beam splitter).

    Examples:
        >>> w = lossy_unitary(np.eye(1), [0.64])
        >>> np.round(w.real, 12)
        array([[ 0.8, -0.6],
               [ 0.6,  0.8]])
    """
    matrix = validate_unitary(unitary, "unitary")
    num_modes = matrix.shape[0]
    try:
        eta = np.broadcast_to(np.asarray(transmissions, dtype=np.float64), (num_modes,))
    except (TypeError, ValueError) as exc:
        raise DimensionMismatchError(
            "transmissions", transmissions, f"must be one number or {num_modes} numbers"
        ) from exc
    if not np.all(np.isfinite(eta)) or np.any(eta < 0.0) or np.any(eta > 1.0):
        raise InvalidParameterError("transmissions", transmissions, "must lie in [0, 1]")
    if position not in ("output", "input"):
        raise InvalidParameterError("position", position, "must be 'output' or 'input'")
    keep, leak = np.sqrt(eta), np.sqrt(1.0 - eta)
    loss = np.zeros((2 * num_modes, 2 * num_modes), dtype=np.complex128)
    system, environment = np.arange(num_modes), np.arange(num_modes, 2 * num_modes)
    loss[system, system] = keep
    loss[environment, environment] = keep
    loss[environment, system] = leak
    loss[system, environment] = -leak
    embedded = np.eye(2 * num_modes, dtype=np.complex128)
    embedded[:num_modes, :num_modes] = matrix
    return loss @ embedded if position == "output" else embedded @ loss


def detect(
    photon_number_probabilities: ArrayLike,
    efficiency: float,
    dark_count_probability: float = 0.0,
) -> NDArray[np.float64]:
    """Count distribution of a number-resolving detector with efficiency and dark counts.

    Each photon is detected independently with probability ``eta`` (binomial thinning:
    ``P(k) = sum_n p_n C(n, k) eta^k (1-eta)^(n-k)``); an independent Poisson number of
    dark counts with mean ``mu = -ln(1 - p_dark)`` (so ``P(no dark count) = 1 - p_dark``)
    adds to it.

    Args:
        photon_number_probabilities: ``p_n`` for ``n = 0, 1, ...`` (sum at most 1).
        efficiency: detection efficiency ``eta`` in [0, 1].
        dark_count_probability: probability ``p_dark`` in [0, 1) of at least one dark
            count per detection window.

    Returns:
        Count probabilities for ``k = 0 .. len(p) - 1 + d``, with ``d`` the number of
        dark counts beyond which the Poisson tail is below
        :data:`DARK_COUNT_TAIL_PROBABILITY` (``d = 0`` without dark counts).

    Raises:
        InvalidParameterError: naming the parameter out of range.
        DimensionMismatchError: if the distribution is not a non-empty 1-D array.

    References:
        M. D. Eisaman, J. Fan, A. Migdall and S. V. Polyakov, "Single-photon sources and
        detectors", Rev. Sci. Instrum. 82, 071101 (2011), doi:10.1063/1.3610677.

    Examples:
        >>> detect([0.0, 0.0, 1.0], efficiency=0.5).tolist()
        [0.25, 0.5, 0.25]
    """
    probabilities = _distribution(photon_number_probabilities, "photon_number_probabilities")
    eta = _probability("efficiency", efficiency)
    p_dark = _probability("dark_count_probability", dark_count_probability, allow_one=False)
    photons = np.arange(probabilities.size)
    from scipy.stats import binom, poisson  # loaded on use: the command line starts without it

    thinning = binom.pmf(photons[:, np.newaxis], photons[np.newaxis, :], eta)
    signal: NDArray[np.float64] = thinning @ probabilities
    if p_dark == 0.0:
        return signal
    mean_dark = -math.log1p(-p_dark)
    extra = 0
    while float(poisson.sf(extra, mean_dark)) > DARK_COUNT_TAIL_PROBABILITY:
        extra += 1
    dark = poisson.pmf(np.arange(extra + 1), mean_dark)
    result: NDArray[np.float64] = np.convolve(signal, dark)
    return result


def to_threshold(count_probabilities: ArrayLike) -> NDArray[np.float64]:
    """Click / no-click probabilities ``[P(no click), P(click)]`` of a threshold detector.

    A threshold (on/off) detector clicks for one count or more: ``P(no click) = P(0)``,
    ``P(click) = sum_{k >= 1} P(k)`` (mass missing from a truncated distribution is not
    assigned to either).

    Raises:
        InvalidParameterError: if the entries are negative, non-finite or sum above 1.
        DimensionMismatchError: if the distribution is not a non-empty 1-D array.

    Examples:
        >>> to_threshold([0.5, 0.25, 0.25]).tolist()
        [0.5, 0.5]
    """
    probabilities = _distribution(count_probabilities, "count_probabilities")
    return np.array([probabilities[0], probabilities[1:].sum()], dtype=np.float64)


def _overlap(value: Any) -> complex:
    try:
        overlap = complex(value)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError("overlap", value, "must be a complex number") from exc
    if not (math.isfinite(overlap.real) and math.isfinite(overlap.imag)):
        raise InvalidParameterError("overlap", value, "must be finite")
    if abs(overlap) > 1.0 + _OVERLAP_TOLERANCE:
        raise InvalidParameterError("overlap", value, "modulus must be <= 1")
    return overlap


def two_photon_probability(
    unitary: ArrayLike,
    input_modes: tuple[int, int],
    output_occupation: ArrayLike,
    overlap: complex,
) -> float:
    """Output probability of two partially distinguishable photons in distinct modes.

    The photons in input modes ``i`` and ``j`` have internal states (time, frequency,
    polarisation) with overlap ``<psi|phi>``. With ``M = U[t, (i, j)]``,

    ``P = |<psi|phi>|^2 |perm M|^2 / prod t! + (1 - |<psi|phi>|^2) perm(|M|^2) / prod t!``,

    the indistinguishable (bosonic) and distinguishable (classical) probabilities
    weighted by the overlap.

    Args:
        unitary: the ``m x m`` interferometer.
        input_modes: the two distinct input modes ``(i, j)``, one photon each.
        output_occupation: the output photon numbers (0 is returned unless they sum to 2).
        overlap: ``<psi|phi>``, complex with modulus <= 1.

    Raises:
        InvalidParameterError: for bad modes or ``|overlap| > 1``.
        DimensionMismatchError: if ``output_occupation`` has the wrong length.
        NonUnitaryError: if ``unitary`` is not unitary.

    References:
        M. C. Tichy, "Sampling of partially distinguishable bosons and the relation to
        the multidimensional permanent", Phys. Rev. A 91, 022316 (2015),
        doi:10.1103/PhysRevA.91.022316, arXiv:1410.7687.

    Examples:
        >>> splitter = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)
        >>> round(two_photon_probability(splitter, (0, 1), (2, 0), 0.0), 12)
        0.25
    """
    matrix = validate_unitary(unitary, "unitary")
    num_modes = matrix.shape[0]
    try:
        first, second = (operator.index(mode) for mode in input_modes)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError("input_modes", input_modes, "must be two integers") from exc
    if not (0 <= first < num_modes and 0 <= second < num_modes) or first == second:
        raise InvalidParameterError(
            "input_modes", input_modes, f"must be two distinct modes in 0 .. {num_modes - 1}"
        )
    occupation = validate_occupation(output_occupation, num_modes, "output_occupation")
    weight = abs(_overlap(overlap)) ** 2
    if sum(occupation) != 2:
        return 0.0
    rows = [mode for mode, count in enumerate(occupation) for _ in range(count)]
    submatrix = matrix[np.ix_(rows, [first, second])]
    normalisation = math.prod(math.factorial(count) for count in occupation)
    indistinguishable = abs(permanent(submatrix)) ** 2 / normalisation
    distinguishable = permanent(np.abs(submatrix) ** 2).real / normalisation
    return float(weight * indistinguishable + (1.0 - weight) * distinguishable)


def hom_coincidence_probability(overlap: complex) -> float:
    """Hong-Ou-Mandel coincidence probability ``P(1, 1)`` on a 50/50 beam splitter.

    Computed by :func:`two_photon_probability` on a 50/50 :class:`BeamSplitter`; equal
    to ``(1 - |<psi|phi>|^2) / 2``: zero for identical photons (the HOM dip), one half
    for distinguishable ones.

    Raises:
        InvalidParameterError: if ``|overlap| > 1``.

    References:
        C. K. Hong, Z. Y. Ou and L. Mandel, Phys. Rev. Lett. 59, 2044 (1987),
        doi:10.1103/PhysRevLett.59.2044.

    Examples:
        >>> round(hom_coincidence_probability(np.sqrt(0.5)), 12)
        0.25
    """
    splitter = Interferometer(2, (BeamSplitter((0, 1), reflectivity=0.5),)).unitary
    return two_photon_probability(splitter, (0, 1), (1, 1), overlap)
