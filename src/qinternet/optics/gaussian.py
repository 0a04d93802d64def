"""Coherent and squeezed-vacuum inputs: Gaussian states through interferometers.

A linear interferometer maps Gaussian states to Gaussian states, so these inputs cost
polynomial time however many photons they carry (the contrast Gard et al. draw with
Fock inputs):

* coherent states stay coherent, ``|alpha> -> |U alpha>`` (in the convention of
  :mod:`qinternet.optics`, ``a_j^dagger -> sum_k U[k, j] b_k^dagger``, so the output
  amplitudes are ``beta = U alpha``), and every detector sees Poisson statistics;
* a Gaussian state is described by its quadrature covariance matrix, which transforms
  as ``V -> S V S^T`` with the symplectic matrix ``S`` of ``U``.

Quadrature convention (as The Walrus): ``hbar = 2``, ``x = a + a^dagger``,
``p = -i (a - a^dagger)``, vacuum covariance the identity, and the **xxpp** ordering
``(x_1 .. x_m, p_1 .. p_m)``, in which ``S = [[Re U, -Im U], [Im U, Re U]]``.

Examples:
    >>> import numpy as np
    >>> splitter = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)
    >>> np.round(np.abs(coherent_output(splitter, [2.0, 0.0])) ** 2, 12)
    array([2., 2.])
    >>> cov = squeezed_output_covariance(splitter, [1.0, 0.0])
    >>> bool(np.isclose(mean_photon_numbers(cov).sum(), np.sinh(1.0) ** 2))
    True
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError, InvalidStateError
from qinternet.core.validation import check_count
from qinternet.optics._validate import validate_unitary

__all__ = [
    "HBAR",
    "coherent_output",
    "coherent_photon_probabilities",
    "mean_photon_numbers",
    "squeezed_output_covariance",
    "symplectic_matrix",
]

HBAR = 2.0
"""The value of hbar in the quadrature convention (vacuum covariance = identity)."""

_SYMMETRY_TOLERANCE = 1e-10


def _vector(values: ArrayLike, length: int, name: str, dtype: Any) -> NDArray[Any]:
    try:
        array = np.asarray(values, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(name, values, "must be a 1-D array of numbers") from exc
    if array.shape != (length,):
        raise DimensionMismatchError(name, values, f"must have shape ({length},)")
    if not np.all(np.isfinite(array)):
        raise InvalidParameterError(name, values, "entries must be finite")
    return array


def symplectic_matrix(unitary: ArrayLike) -> NDArray[np.float64]:
    """The ``2m x 2m`` xxpp symplectic matrix ``[[Re U, -Im U], [Im U, Re U]]`` of ``U``.

    Raises:
        DimensionMismatchError: if ``unitary`` is not square.
        NonUnitaryError: if ``unitary`` is not unitary.

    Examples:
        >>> symplectic_matrix([[1j]])
        array([[ 0., -1.],
               [ 1.,  0.]])
    """
    matrix = validate_unitary(unitary, "unitary")
    real, imag = matrix.real, matrix.imag
    return np.block([[real, -imag], [imag, real]])


def coherent_output(unitary: ArrayLike, input_amplitudes: ArrayLike) -> NDArray[np.complex128]:
    """Output coherent amplitudes ``beta = U alpha`` of coherent inputs ``|alpha_1 .. alpha_m>``.

    Args:
        unitary: the ``m x m`` interferometer unitary.
        input_amplitudes: the ``m`` complex amplitudes ``alpha`` (mean photon number
            ``|alpha_j|^2`` in mode ``j``).

    Raises:
        DimensionMismatchError: for mismatched shapes.
        NonUnitaryError: if ``unitary`` is not unitary.
        InvalidParameterError: for non-finite amplitudes.

    References:
        R. J. Glauber, Phys. Rev. 131, 2766 (1963), doi:10.1103/PhysRev.131.2766;
        B. T. Gard et al., arXiv:1304.4206 (2013), Eq. (6).

    Examples:
        >>> coherent_output([[0, 1], [1, 0]], [1.0, 0.5j]).tolist()
        [0.5j, (1+0j)]
    """
    matrix = validate_unitary(unitary, "unitary")
    alpha = _vector(input_amplitudes, matrix.shape[0], "input_amplitudes", np.complex128)
    result: NDArray[np.complex128] = matrix @ alpha
    return result


def coherent_photon_probabilities(
    unitary: ArrayLike, input_amplitudes: ArrayLike, max_photons: int
) -> NDArray[np.float64]:
    """Photon-number probabilities of every detector for coherent inputs.

    The output is a product of coherent states, so detector ``k`` counts ``n`` photons
    with the Poisson probability ``exp(-mu_k) mu_k^n / n!``, ``mu_k = |(U alpha)_k|^2``,
    independently of the other detectors.

    Args:
        unitary: the ``m x m`` interferometer unitary.
        input_amplitudes: the ``m`` input coherent amplitudes.
        max_photons: the largest photon number tabulated (>= 0); the rows sum to 1
            minus the Poisson tail beyond ``max_photons``.

    Returns:
        Array of shape ``(m, max_photons + 1)``: row ``k``, column ``n`` is ``P_k(n)``.

    Raises:
        InvalidParameterError: if ``max_photons`` is negative or not an integer.

    Examples:
        >>> p = coherent_photon_probabilities([[1]], [1.0], 2)
        >>> bool(np.allclose(p, [[np.exp(-1), np.exp(-1), np.exp(-1) / 2]]))
        True
    """
    cutoff = check_count(max_photons, "max_photons")
    means = np.abs(coherent_output(unitary, input_amplitudes)) ** 2
    counts = np.arange(cutoff + 1, dtype=np.float64)
    lit = means > 0.0
    log_means = np.log(np.where(lit, means, 1.0))
    from scipy.special import gammaln  # loaded on use: the command line starts without it

    log_pmf = counts * log_means[:, np.newaxis] - means[:, np.newaxis] - gammaln(counts + 1.0)
    # A dark mode (mu = 0) has no photons: P(0) = 1.
    result: NDArray[np.float64] = np.where(lit[:, np.newaxis], np.exp(log_pmf), counts == 0)
    return result


def squeezed_output_covariance(unitary: ArrayLike, squeezing_r: ArrayLike) -> NDArray[np.float64]:
    """Covariance matrix (xxpp, hbar = 2) after single-mode squeezed vacua enter ``U``.

    Input mode ``j`` holds ``S(r_j)|0>``, squeezed in ``x`` for ``r_j > 0``: covariance
    ``diag(e^{-2 r_j}, e^{2 r_j})`` in ``(x_j, p_j)``; ``r_j = 0`` is vacuum. The output
    covariance is ``S V S^T`` with ``S`` = :func:`symplectic_matrix` of ``U``.

    Args:
        unitary: the ``m x m`` interferometer unitary.
        squeezing_r: the ``m`` squeezing parameters ``r_j`` (real; the sign picks the
            squeezed quadrature).

    Returns:
        The real symmetric ``2m x 2m`` covariance, ordered ``(x_1..x_m, p_1..p_m)``.

    Raises:
        DimensionMismatchError: for mismatched shapes.
        NonUnitaryError: if ``unitary`` is not unitary.
        InvalidParameterError: for non-finite squeezing.

    References:
        C. Weedbrook et al., "Gaussian quantum information", Rev. Mod. Phys. 84, 621
        (2012), doi:10.1103/RevModPhys.84.621, arXiv:1110.3234.

    Examples:
        >>> np.round(squeezed_output_covariance([[1]], [0.5]), 6)
        array([[0.367879, 0.      ],
               [0.      , 2.718282]])
    """
    symplectic = symplectic_matrix(unitary)
    num_modes = symplectic.shape[0] // 2
    r = _vector(squeezing_r, num_modes, "squeezing_r", np.float64)
    variances = np.concatenate([np.exp(-2.0 * r), np.exp(2.0 * r)])
    covariance: NDArray[np.float64] = (symplectic * variances[np.newaxis, :]) @ symplectic.T
    return 0.5 * (covariance + covariance.T)


def mean_photon_numbers(
    covariance: ArrayLike, means: ArrayLike | None = None
) -> NDArray[np.float64]:
    """Mean photon number of every mode of a Gaussian state (xxpp, hbar = 2).

    ``<n_k> = (V[x_k, x_k] + V[p_k, p_k] + <x_k>^2 + <p_k>^2) / 4 - 1/2``, which is
    ``sinh^2 r`` for a squeezed vacuum and ``|alpha|^2`` for a coherent state.

    Args:
        covariance: a real symmetric ``2m x 2m`` covariance matrix in xxpp order.
        means: optional quadrature means ``(<x_1>..<x_m>, <p_1>..<p_m>)`` (default 0).

    Raises:
        DimensionMismatchError: if ``covariance`` is not ``2m x 2m`` or ``means`` does not fit.
        InvalidStateError: if ``covariance`` is not real symmetric or violates the
            uncertainty bound ``V_xx + V_pp >= 2`` of some mode.

    Examples:
        >>> n = mean_photon_numbers(np.diag([np.exp(-2.0), np.exp(2.0)]))
        >>> bool(np.isclose(n[0], np.sinh(1.0) ** 2))
        True
    """
    try:
        matrix = np.asarray(covariance, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidStateError("covariance", covariance, "must be a real matrix") from exc
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] % 2:
        raise DimensionMismatchError(
            "covariance", covariance, f"must be 2m x 2m, got shape {matrix.shape}"
        )
    if not np.all(np.isfinite(matrix)):
        raise InvalidStateError("covariance", covariance, "entries must be finite")
    scale = max(1.0, float(np.max(np.abs(matrix))) if matrix.size else 1.0)
    if np.max(np.abs(matrix - matrix.T), initial=0.0) > _SYMMETRY_TOLERANCE * scale:
        raise InvalidStateError("covariance", covariance, "must be symmetric")
    num_modes = matrix.shape[0] // 2
    diagonal = np.diagonal(matrix)
    quadrature_sum = diagonal[:num_modes] + diagonal[num_modes:]
    if np.any(quadrature_sum < 2.0 - _SYMMETRY_TOLERANCE * scale):
        raise InvalidStateError(
            "covariance", covariance, "violates the uncertainty bound V_xx + V_pp >= 2 (hbar=2)"
        )
    if means is not None:
        mean_vector = _vector(means, 2 * num_modes, "means", np.float64)
        quadrature_sum = quadrature_sum + mean_vector[:num_modes] ** 2
        quadrature_sum = quadrature_sum + mean_vector[num_modes:] ** 2
    result: NDArray[np.float64] = quadrature_sum / (2.0 * HBAR) - 0.5
    return result
