"""Standard noise channels: depolarizing, dephasing, Pauli, amplitude damping, erasure, loss.

Every constructor validates its parameters (probabilities in [0, 1], finite) and
returns a :class:`~qinternet.noise.channels.Channel`; the Pauli channels carry their
Pauli probabilities so they act on Bell-diagonal states in closed form.

References:
    M. A. Nielsen, I. L. Chuang, *Quantum Computation and Quantum Information*
    (Cambridge University Press, 2000), sec. 8.3, doi:10.1017/CBO9780511976667.

Examples:
    >>> channel = depolarizing(0.1).then(dephasing(0.2))
    >>> channel.is_pauli, amplitude_damping(0.1).is_pauli
    (True, False)
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.core.validation import check_probability
from qinternet.noise.bell_diagonal import PROBABILITY_ATOL
from qinternet.noise.channels import PAULI_MATRICES, Channel


def identity(dimension: int = 2) -> Channel:
    """The identity channel on a subsystem of dimension ``dimension``.

    Raises:
        InvalidParameterError: if ``dimension`` is not an integer >= 1.

    Examples:
        >>> identity().pauli_probabilities
        (1.0, 0.0, 0.0, 0.0)
    """
    d = _check_dimension(dimension)
    return Channel([np.eye(d)], name=f"identity({d})")


def _check_dimension(dimension: Any) -> int:
    try:
        d = operator.index(dimension)
    except TypeError:
        raise InvalidParameterError("dimension", dimension, "must be an integer >= 1") from None
    if isinstance(dimension, bool) or d < 1:
        raise InvalidParameterError("dimension", dimension, "must be an integer >= 1")
    return d


def _pauli_channel(probabilities: tuple[float, float, float, float], name: str) -> Channel:
    operators = [math.sqrt(p) * PAULI_MATRICES[i] for i, p in enumerate(probabilities) if p > 0.0]
    return Channel(operators, name=name, pauli_probabilities=probabilities)


def pauli(px: float, py: float, pz: float) -> Channel:
    """The one-qubit Pauli channel rho -> p_I rho + px X rho X + py Y rho Y + pz Z rho Z.

    Args:
        px: probability of an X (bit-flip) error.
        py: probability of a Y error.
        pz: probability of a Z (phase-flip) error; p_I = 1 - px - py - pz.

    Raises:
        InvalidParameterError: if a probability is outside [0, 1], NaN or infinite.
        PhysicalConstraintError: if px + py + pz > 1 (beyond 1e-12 rounding).

    References:
        Nielsen & Chuang (2000), sec. 8.3, doi:10.1017/CBO9780511976667.

    Examples:
        >>> pauli(0.1, 0.0, 0.2).pauli_probabilities
        (0.7, 0.1, 0.0, 0.2)
    """
    x, y, z = check_probability(px, "px"), check_probability(py, "py"), check_probability(pz, "pz")
    total = x + y + z
    if total > 1.0 + PROBABILITY_ATOL:
        raise PhysicalConstraintError(
            "px + py + pz", total, f"must not exceed 1 (px={px!r}, py={py!r}, pz={pz!r})"
        )
    p_identity = max(0.0, 1.0 - total)
    return _pauli_channel((p_identity, x, y, z), name=f"pauli(px={x!r}, py={y!r}, pz={z!r})")


def depolarizing(p: float) -> Channel:
    """The depolarizing channel rho -> (1 - p) rho + p I/2 on a qubit.

    Convention: ``p`` is the probability that the qubit is replaced by the maximally
    mixed state, so the Pauli probabilities are (1 - 3p/4, p/4, p/4, p/4); p = 1 is the
    completely depolarizing channel. (Some authors use the error probability
    p' = 3p/4 instead.) On one qubit of phi+ it gives fidelity 1 - 3p/4.

    Raises:
        InvalidParameterError: if ``p`` is outside [0, 1], NaN or infinite.

    References:
        Nielsen & Chuang (2000), eq. (8.102), doi:10.1017/CBO9780511976667.

    Examples:
        >>> depolarizing(0.4).pauli_probabilities
        (0.7, 0.1, 0.1, 0.1)
    """
    q = check_probability(p, "p")
    return _pauli_channel((1.0 - 0.75 * q, q / 4, q / 4, q / 4), name=f"depolarizing(p={q!r})")


def dephasing(p: float) -> Channel:
    """The dephasing (phase-flip) channel rho -> (1 - p) rho + p Z rho Z.

    Off-diagonal elements in the computational basis are multiplied by 1 - 2p;
    populations are unchanged.

    Raises:
        InvalidParameterError: if ``p`` is outside [0, 1], NaN or infinite.

    References:
        Nielsen & Chuang (2000), sec. 8.3.3, doi:10.1017/CBO9780511976667.

    Examples:
        >>> dephasing(0.25).pauli_probabilities
        (0.75, 0.0, 0.0, 0.25)
    """
    q = check_probability(p, "p")
    return _pauli_channel((1.0 - q, 0.0, 0.0, q), name=f"dephasing(p={q!r})")


def amplitude_damping(gamma: float) -> Channel:
    """Amplitude damping: |1> decays to |0> with probability ``gamma``.

    Kraus operators K0 = |0><0| + sqrt(1 - gamma) |1><1| and K1 = sqrt(gamma) |0><1|.
    Populations of |1> are multiplied by 1 - gamma, coherences by sqrt(1 - gamma). Not a
    Pauli channel (for gamma > 0): it does not keep Bell-diagonal states Bell-diagonal.

    Raises:
        InvalidParameterError: if ``gamma`` is outside [0, 1], NaN or infinite.

    References:
        Nielsen & Chuang (2000), sec. 8.3.5, doi:10.1017/CBO9780511976667.

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import Ket
        >>> rho = amplitude_damping(0.3).apply(Ket(np.array([0.0, 1.0])), [0])
        >>> round(float(rho.matrix[1, 1].real), 12)
        0.7
    """
    g = check_probability(gamma, "gamma")
    k0 = np.array([[1.0, 0.0], [0.0, math.sqrt(1.0 - g)]])
    k1 = np.array([[0.0, math.sqrt(g)], [0.0, 0.0]])
    return Channel([k0, k1], name=f"amplitude_damping(gamma={g!r})")


def erasure(p: float) -> Channel:
    """The erasure channel: with probability ``p`` the qubit is replaced by a flag |2>.

    Maps a qubit to a qutrit (dimensions 2 -> 3): rho -> (1 - p) rho + p |2><2|, with
    rho embedded in the span of |0>, |1>. The flag is orthogonal, so an erasure is
    detectable (heralded loss).

    Raises:
        InvalidParameterError: if ``p`` is outside [0, 1], NaN or infinite.

    References:
        M. Grassl, T. Beth, T. Pellizzari, "Codes for the quantum erasure channel",
        Phys. Rev. A 56, 33 (1997), doi:10.1103/PhysRevA.56.33.

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import Ket
        >>> rho = erasure(0.25).apply(Ket(np.array([1.0, 0.0])), [0])
        >>> rho.dims, np.round(np.diag(rho.matrix).real, 3)
        ((3,), array([0.75, 0.  , 0.25]))
    """
    q = check_probability(p, "p")
    keep = math.sqrt(1.0 - q) * np.eye(3, 2)
    flag_from_0 = np.zeros((3, 2))
    flag_from_0[2, 0] = math.sqrt(q)
    flag_from_1 = np.zeros((3, 2))
    flag_from_1[2, 1] = math.sqrt(q)
    return Channel([keep, flag_from_0, flag_from_1], name=f"erasure(p={q!r})")


def loss(p: float, *, dimension: int) -> Channel:
    """Photon loss on a Fock mode truncated to ``dimension`` levels (|0>, ..., |d-1>).

    A beam splitter of transmissivity 1 - p to an empty environment mode: each photon is
    lost independently with probability ``p``. Kraus operators

        A_k = sum_{n>=k} sqrt(C(n, k)) (1 - p)^((n-k)/2) p^(k/2) |n-k><n|,  k = 0..d-1

    (A_k removes k photons). Exactly trace preserving on the truncated space; for
    ``dimension=2`` it equals :func:`amplitude_damping` with gamma = p. For fibre,
    p = 1 - 10^(-attenuation_db_per_km * length_m / 10 km).

    Raises:
        InvalidParameterError: if ``p`` is outside [0, 1], NaN or infinite, or
            ``dimension`` is not an integer >= 1.

    References:
        I. L. Chuang, D. W. Leung, Y. Yamamoto, "Bosonic quantum codes for amplitude
        damping", Phys. Rev. A 56, 1114 (1997), doi:10.1103/PhysRevA.56.1114.

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import Ket
        >>> two_photons = Ket(np.array([0.0, 0.0, 1.0]), dims=(3,))
        >>> rho = loss(0.5, dimension=3).apply(two_photons, [0])
        >>> np.round(np.diag(rho.matrix).real, 3)  # binomial(2, 1/2)
        array([0.25, 0.5 , 0.25])
    """
    q = check_probability(p, "p")
    d = _check_dimension(dimension)
    operators = []
    for k in range(d):
        a_k = np.zeros((d, d))
        for n in range(k, d):
            a_k[n - k, n] = math.sqrt(math.comb(n, k)) * (1.0 - q) ** ((n - k) / 2) * q ** (k / 2)
        operators.append(a_k)
    return Channel(operators, name=f"loss(p={q!r}, dimension={d})")
