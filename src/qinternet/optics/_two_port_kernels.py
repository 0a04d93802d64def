"""Private NumPy kernels of :mod:`qinternet.optics.two_port` (trusted inputs, no checks).

Two ways to evaluate the amplitude of an output occupation for ``|N>|M>`` on two input
ports with mode functions ``u``, ``v`` (orthonormal columns of the unitary):

* :func:`polynomial_coefficient`: ``[z^d] prod_f (a_f + b_f z)`` by multiplying in the
  linear factors one by one. Fast (``O(n d)``) and accurate unless strong multiphoton
  interference cancels digits (its error is at most about ``n eps`` times the same
  coefficient computed with ``|a_f|``, ``|b_f|``, a bound that is often many orders
  of magnitude pessimistic).
* :func:`rotated_log_amplitude`: the photons stay a normalised state of two orthonormal
  modes while the output modes are projected out one by one: rotate the two modes so
  that only one overlaps the next output mode (a beam splitter, applied through the
  eigenbasis of the (R+1)-dimensional splitter generator), then keep ``t_k`` photons
  in that output mode (a diagonal map). Every step is unitary or a contraction, so
  cancellation costs nothing, but an outcome far less likely than its neighbours
  (photons in lanes the light hardly reaches) is resolved only relative to the norm of
  the state; slower (``O(R^2)`` per occupied mode).

Both routes are exact in exact arithmetic for any order of the output modes; the
public code compares orders (and routes) to estimate the rounding error. Projecting
the modes in lane order can be badly conditioned for the rotated route; random orders
are not.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.linalg import eigh_tridiagonal


def polynomial_coefficient(
    constant_terms: NDArray[np.complex128], linear_terms: NDArray[np.complex128], degree: int
) -> tuple[complex, float]:
    """``[z^degree] prod_f (constant_f + linear_f z)`` as ``(mantissa, log_scale)``.

    The value is ``mantissa * exp(log_scale)`` with ``|mantissa| <= 1``; a vanishing
    coefficient is ``(0, -inf)``. The factors are multiplied in in the given order.
    """
    if degree == 0:
        magnitudes = np.abs(constant_terms)
        if np.any(magnitudes == 0.0):
            return 0j, -math.inf
        phase = complex(np.prod(constant_terms / magnitudes))
        return phase / abs(phase), float(np.sum(np.log(magnitudes)))
    polynomial = np.zeros(degree + 1, dtype=np.complex128)
    polynomial[0] = 1.0
    log_scale = 0.0
    for constant, linear in zip(constant_terms.tolist(), linear_terms.tolist(), strict=True):
        shifted = polynomial[:-1] * linear
        polynomial *= constant
        polynomial[1:] += shifted
        largest = float(np.max(np.abs(polynomial)))
        if largest == 0.0:
            return 0j, -math.inf
        polynomial /= largest
        log_scale += math.log(largest)
    mantissa = complex(polynomial[degree])
    if mantissa == 0:
        return 0j, -math.inf
    return mantissa, log_scale


@functools.lru_cache(maxsize=1024)
def _splitter_eigenbasis(num_photons: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Eigenbasis of ``a^dagger b + b^dagger a`` on ``|a, R - a>``: ``(Q, eigenvalues)``.

    The generator is real symmetric tridiagonal with off-diagonal ``sqrt((a+1)(R-a))``;
    its eigenvalues are exactly ``-R, -R+2, .., R`` (used instead of the computed ones).
    """
    if num_photons == 0:
        basis, eigenvalues = np.ones((1, 1)), np.zeros(1)
    else:
        counts = np.arange(num_photons, dtype=np.float64)
        off_diagonal = np.sqrt((counts + 1.0) * (num_photons - counts))
        _, basis = eigh_tridiagonal(np.zeros(num_photons + 1), off_diagonal)
        eigenvalues = np.arange(-num_photons, num_photons + 1, 2, dtype=np.float64)
    basis.setflags(write=False)
    eigenvalues.setflags(write=False)
    return basis, eigenvalues


def _unit(value: complex) -> complex:
    return value / abs(value)


def _real_matrix_times(
    matrix: NDArray[np.float64], vector: NDArray[np.complex128]
) -> NDArray[np.complex128]:
    """``matrix @ vector`` for a real matrix, without promoting the matrix to complex."""
    pairs = np.ascontiguousarray(vector).view(np.float64).reshape(-1, 2)
    product = matrix @ pairs
    return np.ascontiguousarray(product).view(np.complex128).reshape(-1)


def _apply_two_mode_unitary(
    state: NDArray[np.complex128], unitary: NDArray[np.complex128]
) -> NDArray[np.complex128]:
    """The Fock-space action of a 2x2 unitary on a state of ``R`` photons in ``|a, R-a>``.

    ``unitary = diag(p) exp(i theta sigma_x) diag(1, q)``, with the splitter applied
    through its eigenbasis and the phases as diagonal factors.
    """
    num_photons = state.size - 1
    v00, v01, v10, v11 = (complex(x) for x in unitary.ravel())
    cos_part, sin_part = abs(v00), abs(v10)
    theta = math.atan2(sin_part, cos_part)
    if cos_part >= sin_part:
        p1 = _unit(v00)
        p2 = _unit(v10 / 1j) if sin_part > 0.0 else 1.0 + 0j
        q2 = _unit(v11 / p2)
    else:
        p2 = _unit(v10 / 1j)
        p1 = _unit(v00) if cos_part > 0.0 else 1.0 + 0j
        q2 = _unit(v01 / (1j * p1))
    in_first = np.arange(num_photons + 1, dtype=np.float64)
    in_second = num_photons - in_first
    rotated = state * np.exp(1j * in_second * math.atan2(q2.imag, q2.real))
    basis, eigenvalues = _splitter_eigenbasis(num_photons)
    rotated = _real_matrix_times(basis.T, rotated)
    rotated = _real_matrix_times(basis, np.exp(1j * theta * eigenvalues) * rotated)
    output_phases = in_first * math.atan2(p1.imag, p1.real)
    output_phases += in_second * math.atan2(p2.imag, p2.real)
    result: NDArray[np.complex128] = rotated * np.exp(1j * output_phases)
    return result


def rotated_log_amplitude(
    first: NDArray[np.complex128],
    second: NDArray[np.complex128],
    photons: tuple[int, int],
    occupation: NDArray[np.int64],
    order: NDArray[np.int64],
) -> tuple[complex, float]:
    """Amplitude ``<t| U |N, M>`` as ``(mantissa, log_scale)`` by the rotated-mode method.

    ``first``, ``second``: the orthonormal input mode functions ``U[:, i]``, ``U[:, j]``;
    ``occupation`` sums to ``N + M``; ``order`` lists the occupied output modes in the
    order they are projected out. A zero amplitude is ``(0, -inf)``.
    """
    n, m = photons
    num_photons = n + m
    modes = np.stack([first, second], axis=1).astype(np.complex128)
    log_factorials = np.array([math.lgamma(k + 1.0) for k in range(num_photons + 1)])
    state = np.zeros(num_photons + 1, dtype=np.complex128)
    state[n] = 1.0  # |N> in the first mode, |M> in the second
    log_scale = 0.0
    for mode in order.tolist():
        count = int(occupation[mode])
        x, y = complex(modes[mode, 0]), complex(modes[mode, 1])
        overlap = math.hypot(abs(x), abs(y))
        if overlap == 0.0:
            return 0j, -math.inf
        # New modes (columns, in terms of the old): the first carries all of the overlap
        # with output `mode`, the second none.
        change = np.array([[x.conjugate(), y], [y.conjugate(), -x]], dtype=np.complex128) / overlap
        state = _apply_two_mode_unitary(state, change.conj().T)
        modes = modes @ change
        modes[mode, :] = 0.0
        # The first new mode minus its part in `mode` is s f with f orthogonal to the
        # second; re-orthogonalise against rounding so the frame stays orthonormal.
        remainder = float(np.linalg.norm(modes[:, 0]))
        second_norm = float(np.linalg.norm(modes[:, 1]))
        if second_norm > 0.0:
            modes[:, 1] /= second_norm
            modes[:, 0] -= np.vdot(modes[:, 1], modes[:, 0]) * modes[:, 1]
        kept = np.arange(count, num_photons + 1)
        log_factors = 0.5 * (
            log_factorials[kept] - log_factorials[count] - log_factorials[kept - count]
        ) + count * math.log(min(overlap, 1.0))
        direction = float(np.linalg.norm(modes[:, 0]))
        if remainder > 0.0 and direction > 0.0:
            log_factors += (kept - count) * math.log(remainder)
            modes[:, 0] /= direction
            state = state[count:] * np.exp(log_factors)
        else:
            state = state[count : count + 1] * np.exp(log_factors[:1])
            if num_photons - count > 0:
                state = np.concatenate([state, np.zeros(num_photons - count)])
        num_photons -= count
        largest = float(np.max(np.abs(state)))
        if largest == 0.0:
            return 0j, -math.inf
        state /= largest
        log_scale += math.log(largest)
    return complex(state[0]), log_scale


@dataclass(frozen=True)
class AmplitudeEstimate:
    """An amplitude as ``mantissa * exp(log_scale)`` with an estimate of its rounding error.

    Attributes:
        mantissa: complex number with ``|mantissa| <= 1`` (0 for a zero amplitude).
        log_scale: natural-log scale (``-inf`` for a zero amplitude).
        relative_error: estimated bound on the relative rounding error of the amplitude
            (``inf`` when nothing can be said, e.g. an amplitude that cancels to zero).
    """

    mantissa: complex
    log_scale: float
    relative_error: float

    @property
    def log_probability(self) -> float:
        """Natural log of ``|amplitude|^2`` (``-inf`` for zero)."""
        if self.mantissa == 0:
            return -math.inf
        return 2.0 * (math.log(abs(self.mantissa)) + self.log_scale)


def relative_size(
    numerator: tuple[complex, float], denominator: tuple[complex, float], floor: float
) -> float:
    """``|numerator| / |denominator|`` of two ``(mantissa, log_scale)`` pairs, at least ``floor``."""
    if numerator[0] == 0:
        return floor
    if denominator[0] == 0:
        return math.inf
    log_ratio = math.log(abs(numerator[0]) / abs(denominator[0])) + numerator[1] - denominator[1]
    return max(math.exp(min(log_ratio, 700.0)), floor)


def as_estimate(
    first: tuple[complex, float], second: tuple[complex, float], log_shift: float, floor: float
) -> AmplitudeEstimate:
    """Combine two evaluations ``(mantissa, log_scale)`` of one amplitude into an estimate."""
    (mantissa, log_scale), (other, other_log_scale) = first, second
    if mantissa == 0 or other == 0:
        error = 0.0 if mantissa == other else math.inf
        return AmplitudeEstimate(mantissa, log_scale + log_shift, error)
    shift = other_log_scale - log_scale
    difference = abs(mantissa - other * math.exp(min(shift, 700.0))) / abs(mantissa)
    return AmplitudeEstimate(mantissa, log_scale + log_shift, max(difference, floor))
