"""Time-dependent Lindblad master equation, solved over its Liouvillian with SciPy.

The master equation (Lindblad 1976; Breuer & Petruccione, *The Theory of Open Quantum
Systems* (Oxford, 2002), Eq. 3.63)

.. code-block:: text

    d rho / dt = -i [H(t), rho] + sum_k ( c_k rho c_k^dag - {c_k^dag c_k, rho} / 2 ),
    H(t) = H_0 + sum_j f_j(t) H_j,

is written as a linear equation for the row-stacked density matrix,
``d vec(rho)/dt = (L_0 + sum_j f_j(t) L_j) vec(rho)`` with ``vec(A rho B) =
(A (x) B^T) vec(rho)``, and integrated by ``scipy.integrate.solve_ivp`` (DOP853, an
explicit 8th-order Runge-Kutta method). Several initial operators are propagated in one
solve, which gives the whole linear map (a channel) at once. Rates are angular (rad/s),
times in seconds. QuTiP's ``mesolve`` solves the same equation; the tests check one
against the other.

Examples:
    >>> import numpy as np
    >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    >>> decay = MasterEquation(np.zeros((2, 2)), collapse=(np.sqrt(1e6) * lower,))
    >>> excited = np.array([[0.0, 0.0], [0.0, 1.0]])
    >>> final = decay.evolve([excited], 0.0, 1e-6)[0]
    >>> round(float(final[1, 1].real), 6)  # exp(-1)
    0.367879
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidParameterError,
    ResourceLimitError,
)
from qinternet.core.validation import check_finite, check_positive

__all__ = [
    "MAX_STIFFNESS",
    "ComplexMatrix",
    "MasterEquation",
    "Pulse",
    "check_hermitian",
    "check_pulse",
]

MAX_STIFFNESS = 1e5
"""The most radians the fastest rate of a master equation may turn through in one window
(a bound on the rate: the 1-norm of its Liouvillian, drives at their largest). An
explicit step covers a few radians of it, so the work grows in proportion: 1e5 is
several seconds of integration on a 2-core machine; a transmon transfer over 180 ns
is about 100."""

ComplexMatrix = NDArray[np.complex128]
Pulse = Callable[[float], float]


def check_hermitian(matrix: ArrayLike, name: str, *, atol: float = 1e-9) -> ComplexMatrix:
    """``matrix`` as a finite, square, Hermitian complex array (a Hamiltonian term).

    Raises:
        InvalidParameterError: naming ``name``, if it is not square, not finite or not
            Hermitian (largest ``|H - H^dag|`` above ``atol`` times its scale).

    Examples:
        >>> check_hermitian([[0.0, 1.0], [0.0, 0.0]], "hamiltonian")
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: hamiltonian=<2 x 2 matrix>: must be Hermitian (max |H - H^dag| = 1)
    """
    array = _square(matrix, name)
    scale = max(1.0, float(np.max(np.abs(array))))
    deviation = float(np.max(np.abs(array - array.conj().T)))
    if deviation > atol * scale:
        shown = _Named(f"<{array.shape[0]} x {array.shape[1]} matrix>")
        raise InvalidParameterError(
            name, shown, f"must be Hermitian (max |H - H^dag| = {deviation:.3g})"
        )
    return array


def check_pulse(pulse: object, name: str, times_s: ArrayLike) -> Pulse:
    """``pulse`` if it is a callable returning a finite real number at every ``times_s``.

    Raises:
        InvalidParameterError: naming ``name``, if it is not callable, raises, or returns a
            non-real, NaN or infinite value at one of the sample times.

    Examples:
        >>> check_pulse(lambda t: 1.0 / t, "control", [0.0])
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: control=<function <lambda>>: must be a finite real function of time (at t=0 s: ZeroDivisionError)
    """
    if not callable(pulse):
        raise InvalidParameterError(name, pulse, "must be a callable of time t (s)")
    label = getattr(pulse, "__name__", type(pulse).__name__)
    shown = _Named(f"<function {label}>")
    for t in np.asarray(times_s, dtype=float).ravel():
        try:
            value = pulse(float(t))
        except Exception as error:
            reason = (
                f"must be a finite real function of time (at t={t:.6g} s: {type(error).__name__})"
            )
            raise InvalidParameterError(name, shown, reason) from error
        if isinstance(value, complex | np.complexfloating) or not _finite_real(value):
            reason = f"must be a finite real function of time (at t={t:.6g} s it gives {value!r})"
            raise InvalidParameterError(name, shown, reason)
    return pulse


@dataclass(frozen=True)
class MasterEquation:
    """``d rho/dt = -i[H_0 + sum_j f_j(t) H_j, rho] + sum_k D[c_k] rho`` (rates in rad/s).

    Args:
        hamiltonian: the static part ``H_0`` (rad/s), Hermitian.
        drives: pairs ``(H_j, f_j)``: a Hermitian operator and a real pulse ``f_j(t)``.
        collapse: the collapse operators ``c_k``, each including the square root of its
            rate (``sqrt(Gamma) sigma_-``).

    Raises:
        InvalidParameterError: a non-Hermitian or non-finite Hamiltonian term, a pulse
            that is not callable.
        DimensionMismatchError: operators of different shapes.
    """

    hamiltonian: NDArray[Any]
    drives: tuple[tuple[NDArray[Any], Pulse], ...] = ()
    collapse: tuple[NDArray[Any], ...] = ()

    def __post_init__(self) -> None:
        h0 = check_hermitian(self.hamiltonian, "hamiltonian")
        dim = h0.shape[0]
        drives = []
        for j, (operator, pulse) in enumerate(self.drives):
            name = f"drives[{j}]"
            term = _same_shape(check_hermitian(operator, f"{name}.operator"), dim, name)
            if not callable(pulse):
                raise InvalidParameterError(
                    f"{name}.pulse", pulse, "must be a callable of time t (s)"
                )
            drives.append((term, pulse))
        jumps = tuple(
            _same_shape(_square(c, f"collapse[{k}]"), dim, f"collapse[{k}]")
            for k, c in enumerate(self.collapse)
        )
        object.__setattr__(self, "hamiltonian", h0)
        object.__setattr__(self, "drives", tuple(drives))
        object.__setattr__(self, "collapse", jumps)

    @property
    def dimension(self) -> int:
        """Hilbert-space dimension."""
        return int(self.hamiltonian.shape[0])

    def liouvillian(self) -> tuple[ComplexMatrix, list[ComplexMatrix]]:
        """``(L_0, [L_j])`` acting on row-stacked density matrices."""
        identity = np.eye(self.dimension, dtype=np.complex128)
        static: NDArray[Any] = _commutator(self.hamiltonian, identity)
        for c in self.collapse:
            rate = c.conj().T @ c
            static = (
                static
                + np.kron(c, c.conj())
                - 0.5 * (np.kron(rate, identity) + np.kron(identity, rate.T))
            )
        return static, [_commutator(h, identity) for h, _ in self.drives]

    def evolve(
        self,
        initial: Sequence[ArrayLike],
        start_s: float,
        stop_s: float,
        *,
        rtol: float = 1e-9,
        atol: float = 1e-12,
        num_max_steps: int = 100,
        window_name: str = "stop_s - start_s",
    ) -> list[ComplexMatrix]:
        """Propagate each operator of ``initial`` from ``start_s`` to ``stop_s``.

        The integrator is explicit (DOP853), so its steps grow with the stiffness, the
        fastest rate of the equation times the window: beyond :data:`MAX_STIFFNESS` the
        window is refused before any step, rather than integrated for minutes.

        Args:
            initial: density matrices (or any operators: the map is linear).
            start_s, stop_s: the time window (s), ``stop_s > start_s``.
            rtol, atol: the integrator's tolerances (on the entries of the operators).
            num_max_steps: the step is at most the window over this number, so that no
                feature of a pulse is stepped over.
            window_name: how a refusal names the window (the caller's own field).

        Raises:
            InvalidParameterError: a non-finite or empty window; a pulse that is not a
                finite real function on the window.
            ResourceLimitError: a stiffness above :data:`MAX_STIFFNESS`, naming the
                window as ``window_name``.
            DimensionMismatchError: an operator of the wrong shape.
        """
        t0 = check_finite(start_s, "start_s")
        span = check_positive(check_finite(stop_s, "stop_s") - t0, "stop_s - start_s", "s")
        dim = self.dimension
        stack = np.stack(
            [
                _same_shape(_square(r, f"initial[{i}]"), dim, f"initial[{i}]")
                for i, r in enumerate(initial)
            ]
        )
        samples = np.linspace(t0, t0 + span, 17)
        for j, (_, pulse) in enumerate(self.drives):
            check_pulse(pulse, f"drives[{j}].pulse", samples)
        dense_static, dense_parts = self.liouvillian()
        rate = float(np.linalg.norm(dense_static, 1)) + sum(
            max(abs(float(pulse(t))) for t in samples) * float(np.linalg.norm(part, 1))
            for part, (_, pulse) in zip(dense_parts, self.drives, strict=True)
        )
        if rate * span > MAX_STIFFNESS:
            raise ResourceLimitError(
                window_name,
                span,
                f"the master equation's fastest rate, at most {rate:.3g} /s (its decays, "
                f"couplings and drives), turns through {rate * span:.3g} radians in this "
                f"window, beyond the {MAX_STIFFNESS:.0e} an explicit integration covers in "
                "seconds; shorten the window or slow the fastest process",
            )
        # A real system of twice the size: SciPy's Runge-Kutta steps mix complex states
        # with real tableaux, which NumPy multiplies without BLAS (orders slower).
        static = _real_block(dense_static)
        parts = [_real_block(part) for part in dense_parts]
        pulses = [pulse for _, pulse in self.drives]
        shape = (2 * dim * dim, len(stack))

        def rhs(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
            state = y.reshape(shape)
            change = static @ state
            for part, pulse in zip(parts, pulses, strict=True):
                change += float(pulse(t)) * (part @ state)
            return np.asarray(change).ravel()

        columns = stack.reshape(len(stack), -1).T
        y0 = np.concatenate([columns.real, columns.imag]).ravel()
        from scipy.integrate import solve_ivp  # loads scipy.optimize: only when solving

        solution = solve_ivp(
            rhs,
            (t0, t0 + span),
            y0,
            method="DOP853",
            rtol=rtol,
            atol=atol,
            max_step=span / num_max_steps,
            t_eval=(t0 + span,),  # keep the last state alone, not every step's
        )
        if not solution.success:  # pragma: no cover - DOP853 fails only on non-finite input
            raise InvalidParameterError(
                "drives", self.drives, f"integration failed: {solution.message}"
            )
        final = solution.y[:, -1].reshape(shape)
        values = (final[: dim * dim] + 1j * final[dim * dim :]).T
        return [values[i].reshape(dim, dim) for i in range(len(stack))]


class _Named:
    """A value shown by a given text in error messages."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _finite_real(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _square(matrix: ArrayLike, name: str) -> ComplexMatrix:
    try:
        array = np.asarray(matrix, dtype=np.complex128)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, matrix, "must be a numeric matrix") from None
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.shape[0] == 0:
        raise DimensionMismatchError(name, array.shape, "must be a non-empty square matrix")
    if not np.all(np.isfinite(array)):
        raise InvalidParameterError(name, array, "must be finite (no NaN or infinity)")
    return array


def _same_shape(matrix: ComplexMatrix, dim: int, name: str) -> ComplexMatrix:
    if matrix.shape != (dim, dim):
        raise DimensionMismatchError(
            name, matrix.shape, f"must be {dim} x {dim} like the Hamiltonian"
        )
    return matrix


def _real_block(generator: ComplexMatrix) -> Any:
    """The real form [[Re L, -Im L], [Im L, Re L]] of a complex generator, sparse."""
    real, imag = generator.real, generator.imag
    from scipy.sparse import csr_matrix  # scipy.sparse loads slowly: only when solving

    return csr_matrix(np.block([[real, -imag], [imag, real]]))


def _commutator(h: ComplexMatrix, identity: ComplexMatrix) -> ComplexMatrix:
    """Superoperator of ``-i [h, rho]`` on row-stacked ``rho``."""
    return -1j * (np.kron(h, identity) - np.kron(identity, h.T))
