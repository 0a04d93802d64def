"""Decoherence of a stored qubit over time: T1 relaxation and T2 dephasing.

A qubit left in a memory for ``elapsed_s`` seconds undergoes amplitude damping with
gamma = 1 - exp(-t/T1) (the excited population decays as exp(-t/T1)) and pure dephasing
that brings the total decay of the coherence <0|rho|1> to exp(-t/T2). Both factors are
exponentials in t, so the channels form a semigroup: decohering for t1 and then for t2
is exactly decohering for t1 + t2. Noise can therefore be applied lazily, on access.

References:
    F. Bloch, "Nuclear induction", Phys. Rev. 70, 460 (1946), doi:10.1103/PhysRev.70.460.
    M. A. Nielsen, I. L. Chuang, *Quantum Computation and Quantum Information*
    (Cambridge University Press, 2000), secs. 8.3.5-8.3.6, doi:10.1017/CBO9780511976667.

Examples:
    >>> import math
    >>> from qinternet.states import BellDiagonal
    >>> channel = memory_decoherence(elapsed_s=1e-3, t2_s=1e-3)  # T1 = inf: pure dephasing
    >>> out = channel.apply_bell_diagonal(BellDiagonal.from_werner(1.0), qubit=0)
    >>> round(out.fidelity, 6), round((1 + math.exp(-1)) / 2, 6)
    (0.68394, 0.68394)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import PhysicalConstraintError
from qinternet.core.validation import check_non_negative, check_positive
from qinternet.noise.channels import Channel


def check_coherence_times(t1_s: Any, t2_s: Any = None) -> tuple[float, float]:
    """``(T1, T2)`` checked: each > 0 s (``math.inf``: no decay) and T2 <= 2 T1.

    The one check of T2 <= 2 T1 (a memory's coherence cannot outlive twice its energy
    relaxation time); without ``t2_s``, T2 = 2 T1.

    Raises:
        InvalidParameterError: if a time is NaN or <= 0.
        PhysicalConstraintError: if ``t2_s > 2 * t1_s``.

    Examples:
        >>> check_coherence_times(1.0)
        (1.0, 2.0)
        >>> check_coherence_times(1.0, 3.0)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.PhysicalConstraintError: t2_s=3.0: must not exceed 2 * t1_s = 2.0 (t1_s=1.0)
    """
    t1 = check_positive(t1_s, "t1_s", "s", allow_inf=True)
    t2 = 2.0 * t1 if t2_s is None else check_positive(t2_s, "t2_s", "s", allow_inf=True)
    if t2 > 2.0 * t1:
        raise PhysicalConstraintError(
            "t2_s", t2_s, f"must not exceed 2 * t1_s = {2.0 * t1!r} (t1_s={t1_s!r})"
        )
    return t1, t2


def memory_decoherence(
    *, elapsed_s: float, t1_s: float = math.inf, t2_s: float | None = None
) -> Channel:
    """The channel of a qubit stored for ``elapsed_s`` seconds in a memory with T1 and T2.

    Amplitude damping with gamma = 1 - exp(-t/T1), which multiplies the coherence by
    exp(-t/(2 T1)), followed by dephasing that multiplies it by exp(-t/T2 + t/(2 T1)), so
    that in total

    - the population of |1> decays as exp(-t/T1) (towards |0>), and
    - the coherence <0|rho|1> decays as exp(-t/T2).

    This requires T2 <= 2 T1. With ``t1_s=math.inf`` the channel is pure dephasing with
    p = (1 - exp(-t/T2))/2, a Pauli channel that also acts on Bell-diagonal states.
    Without ``t2_s`` the memory is T1-limited: T2 = 2 T1 (no pure dephasing). Channels
    compose exactly:
    ``memory_decoherence(elapsed_s=a).then(memory_decoherence(elapsed_s=b))`` equals
    ``memory_decoherence(elapsed_s=a + b)`` (same T1, T2).

    Args:
        elapsed_s: storage time in seconds (finite, >= 0).
        t1_s: energy relaxation time T1 in seconds (> 0; ``math.inf``: no relaxation).
        t2_s: coherence time T2 in seconds (> 0, <= 2 T1); default 2 T1, i.e. no pure
            dephasing beyond what relaxation causes (``math.inf`` when T1 is infinite).

    Raises:
        InvalidParameterError: if ``elapsed_s`` is negative, NaN or infinite, or a
            coherence time is NaN or <= 0.
        PhysicalConstraintError: if t2_s > 2 * t1_s.

    References:
        Nielsen & Chuang (2000), secs. 8.3.5-8.3.6, doi:10.1017/CBO9780511976667.

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import Ket
        >>> plus = Ket(np.array([1.0, 1.0]) / np.sqrt(2))
        >>> channel = memory_decoherence(elapsed_s=1.0, t1_s=2.0, t2_s=1.0)
        >>> rho = channel.apply(plus, [0])
        >>> round(float(rho.matrix[0, 1].real), 12), round(float(np.exp(-1.0) / 2), 12)
        (0.18393972059, 0.18393972059)
        >>> channel.is_pauli
        False
    """
    t = check_non_negative(elapsed_s, "elapsed_s", "s")
    t1, t2 = check_coherence_times(t1_s, t2_s)
    operators = decoherence_kraus(t, t1, t2)
    gamma = -math.expm1(-t / t1)
    p = float(abs(operators[1][0, 0]) ** 2)
    pauli = (1.0 - p, 0.0, 0.0, p) if gamma == 0.0 else None
    name = f"memory_decoherence(elapsed_s={t!r}, t1_s={t1!r}, t2_s={t2!r})"
    return Channel(operators, name=name, pauli_probabilities=pauli)


def decoherence_kraus(
    elapsed_s: float, t1_s: float, t2_s: float, extra_flip_probability: float = 0.0
) -> list[NDArray[np.complex128]]:
    """Kraus operators of :func:`memory_decoherence` followed by a Z flip of probability
    ``extra_flip_probability``, for arguments already validated (the hot path of lazy
    memory noise: no matrix checks, three 2x2 operators).

    Examples:
        >>> ops = decoherence_kraus(1.0, math.inf, 2.0)
        >>> round(float(abs(ops[1][0, 0]) ** 2), 12) == round((1 - math.exp(-0.5)) / 2, 12)
        True
    """
    t = elapsed_s
    gamma = -math.expm1(-t / t1_s)
    # Extra dephasing factor exp(-t/T2 + t/(2 T1)) <= 1 because T2 <= 2 T1.
    exponent = min(0.0, t * (1.0 / (2.0 * t1_s) - 1.0 / t2_s))
    if extra_flip_probability < 0.5:
        p = -math.expm1(exponent + math.log1p(-2.0 * extra_flip_probability)) / 2.0
    else:
        p = (1.0 - math.exp(exponent) * (1.0 - 2.0 * extra_flip_probability)) / 2.0
    survive = math.exp(-t / (2.0 * t1_s))  # sqrt(1 - gamma), without cancellation
    # Amplitude damping {diag(1, s), sqrt(gamma)|0><1|} followed by dephasing {sqrt(1-p) I,
    # sqrt(p) Z}: the two products proportional to |0><1| merge into sqrt(gamma)|0><1|.
    return [
        np.array(
            [[math.sqrt(1.0 - p), 0.0], [0.0, math.sqrt(1.0 - p) * survive]], dtype=np.complex128
        ),
        np.array([[math.sqrt(p), 0.0], [0.0, -math.sqrt(p) * survive]], dtype=np.complex128),
        np.array([[0.0, math.sqrt(gamma)], [0.0, 0.0]], dtype=np.complex128),
    ]
