"""Quantum key distribution: BBM92 from delivered pairs, BB84 over a lossy link.

Asymptotic (infinite-key) secret key fraction of BB84-type protocols with one-way
post-processing (Shor & Preskill 2000): ``r = 1 - f h(Q_bit) - h(Q_phase)``, with h the
binary entropy, Q_bit the error rate of the key basis and Q_phase that of the other basis,
f >= 1 the error-correction inefficiency; ``r = 1 - 2 h(Q)`` for equal error rates and
f = 1 (positive up to Q = 11.0 %). Negative fractions are reported as 0 (no key).

BBM92 (:func:`bbm92`) measures a delivered two-qubit state in Z or X on both sides; the
error rates follow from the state: for the target Bell state (x, z) (its Pauli frame)
``Q_Z = (1 - (-1)^x <ZZ>)/2`` and ``Q_X = (1 - (-1)^z <XX>)/2``. The key takes the Z
outcomes; the key rate is pair rate x sifting factor x r.

BB84 (:func:`bb84`) in a simple model: an ideal single-photon source (no multi-photon
pulses, so no photon-number splitting and no GLLP/decoy analysis is needed), a fibre of
transmission T and two threshold detectors of efficiency eta_d and dark-count
probability d per detection window (one window per pulse). With eta = T eta_d, a signal
photon clicks the wrong detector with probability e_mis (misalignment), a double click is
given a random bit, so the detection probability (yield) and QBER are
``Y = eta + (1 - eta)(1 - (1 - d)^2)`` and
``Q Y = eta (e_mis (1 - d) + d/2) + (1 - eta)(1 - (1 - d)^2)/2``.

References:
    P. W. Shor, J. Preskill, "Simple proof of security of the BB84 quantum key
    distribution protocol", PRL 85, 441 (2000), doi:10.1103/PhysRevLett.85.441.
    C. H. Bennett, G. Brassard, N. D. Mermin, "Quantum cryptography without Bell's
    theorem", PRL 68, 557 (1992), doi:10.1103/PhysRevLett.68.557.
    H.-K. Lo, X. Ma, K. Chen, "Decoy state quantum key distribution", PRL 94, 230504
    (2005), doi:10.1103/PhysRevLett.94.230504 (yield and error of single photons).
    X. Ma, C.-H. F. Fung, H.-K. Lo, "Quantum key distribution with entangled photon
    sources", PRA 76, 012307 (2007), doi:10.1103/PhysRevA.76.012307.

Examples:
    >>> round(secret_key_fraction(0.05), 6)  # 1 - 2 h(0.05)
    0.427206
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.core.validation import (
    check_finite,
    check_non_negative,
    check_positive,
    check_unit_interval,
)
from qinternet.noise import PAULI_MATRICES, Pauli
from qinternet.physics.devices import Detector, Fibre
from qinternet.physics.maps.swapping import two_qubit_density
from qinternet.states import BellName, bell_fidelity

QBER_ATOL = 1e-12
"""Rounding slack above 1/2 accepted (and clipped) for a QBER computed from a state."""


def binary_entropy(p: float) -> float:
    """h(p) = -p log2 p - (1 - p) log2(1 - p), in bits; h(0) = h(1) = 0.

    Raises:
        InvalidParameterError: if ``p`` is outside [0, 1].

    Examples:
        >>> binary_entropy(0.5)
        1.0
    """
    q = check_unit_interval(p, "p")
    if q in (0.0, 1.0):
        return 0.0
    return -q * math.log2(q) - (1.0 - q) * math.log2(1.0 - q)


def check_qber(value: Any, name: str) -> float:
    """A quantum bit error rate in [0, 1/2] (above 1/2, flip the bits or the frame)."""
    number = check_finite(value, name)
    if not 0.0 <= number <= 0.5:
        raise InvalidParameterError(name, value, "a QBER must lie in [0, 1/2]")
    return number


def _check_at_least_one(value: Any, name: str) -> float:
    number = check_finite(value, name)
    if number < 1.0:
        raise InvalidParameterError(name, value, "must be >= 1 (1 is the Shannon limit)")
    return number


def _check_sifting(value: Any) -> float:
    number = check_unit_interval(value, "sifting_factor")
    if number == 0.0:
        raise InvalidParameterError("sifting_factor", value, "must lie in (0, 1]")
    return number


def secret_key_fraction(
    qber_z: float, qber_x: float | None = None, *, error_correction_efficiency: float = 1.0
) -> float:
    """Asymptotic secret key fraction max(0, 1 - f h(Q_Z) - h(Q_X)) (Shor & Preskill 2000).

    Args:
        qber_z: error rate of the key (Z) basis, in [0, 1/2].
        qber_x: error rate of the other basis; default ``qber_z``.
        error_correction_efficiency: f >= 1, the leakage of error correction over h(Q_Z).

    Raises:
        InvalidParameterError: for a QBER outside [0, 1/2] or f < 1.

    Examples:
        >>> secret_key_fraction(0.0)
        1.0
        >>> secret_key_fraction(0.12)
        0.0
    """
    q_z = check_qber(qber_z, "qber_z")
    q_x = q_z if qber_x is None else check_qber(qber_x, "qber_x")
    f = _check_at_least_one(error_correction_efficiency, "error_correction_efficiency")
    return max(0.0, 1.0 - f * binary_entropy(q_z) - binary_entropy(q_x))


@dataclass(frozen=True)
class KeyRate:
    """Error rates, secret key fraction and key rate of a QKD link.

    Attributes:
        qber_z: error rate of the key basis; ``qber_x``: of the other basis.
        secret_fraction: secret bits per sifted bit (0 if no key can be made).
        key_rate_bps: secret bits per second.
        detection_probability: probability per pulse (BB84) or per pair (BBM92) of a
            detection event; 1 for BBM92 from delivered pairs.

    Raises:
        InvalidParameterError: for a QBER outside [0, 1/2], a fraction or probability
            outside [0, 1] or a negative rate.
    """

    qber_z: float
    qber_x: float
    secret_fraction: float
    key_rate_bps: float
    detection_probability: float = 1.0

    def __post_init__(self) -> None:
        check_qber(self.qber_z, "qber_z")
        check_qber(self.qber_x, "qber_x")
        check_unit_interval(self.secret_fraction, "secret_fraction")
        check_unit_interval(self.detection_probability, "detection_probability")
        check_non_negative(self.key_rate_bps, "key_rate_bps")


def bbm92(
    state: Any,
    pair_rate_hz: float,
    *,
    frame: BellName | str = BellName.PHI_PLUS,
    sifting_factor: float = 0.5,
    error_correction_efficiency: float = 1.0,
) -> KeyRate:
    """BBM92 key from delivered pairs in ``state`` at ``pair_rate_hz`` pairs per second.

    Args:
        state: the two-qubit state of the delivered pairs (Alice's qubit first).
        pair_rate_hz: delivered pairs per second (>= 0).
        frame: the Bell state the pairs are meant to be (their Pauli frame).
        sifting_factor: fraction of pairs measured in matching bases (1/2 for random
            unbiased basis choices).
        error_correction_efficiency: f >= 1.

    Raises:
        InvalidStateError: if ``state`` is not a two-qubit state.
        PhysicalConstraintError: if a QBER exceeds 1/2 (the pairs are in another frame).

    Examples:
        >>> from qinternet.states import werner
        >>> key = bbm92(werner(0.97), pair_rate_hz=1000.0)
        >>> round(key.qber_z, 6), round(key.secret_fraction, 6), round(key.key_rate_bps, 3)
        (0.02, 0.717119, 358.559)
    """
    rho = two_qubit_density(state).matrix
    try:
        bell = BellName(frame)
    except ValueError:
        raise InvalidParameterError("frame", frame, "must name a Bell state") from None
    target = list(BellName).index(bell)
    rate = check_non_negative(pair_rate_hz, "pair_rate_hz")
    sifting = _check_sifting(sifting_factor)
    qbers = []
    for pauli, flip_bit in ((Pauli.Z, target >> 1), (Pauli.X, target & 1)):
        op = PAULI_MATRICES[pauli]
        correlation = float(np.trace(rho @ np.kron(op, op)).real)
        qber = (1.0 - (-1) ** flip_bit * correlation) / 2.0
        if qber > 0.5 + QBER_ATOL:
            raise PhysicalConstraintError(
                "frame",
                bell.value,
                f"QBER in {pauli.name} is {qber:.6g} > 1/2: the state is closest to "
                f"{bell_fidelity(state)[0].value!r}; track that Pauli frame instead",
            )
        qbers.append(min(max(qber, 0.0), 0.5))
    fraction = secret_key_fraction(
        qbers[0], qbers[1], error_correction_efficiency=error_correction_efficiency
    )
    return KeyRate(qbers[0], qbers[1], fraction, rate * sifting * fraction)


def bb84(
    fibre: Fibre,
    detector: Detector,
    pulse_rate_hz: float,
    *,
    misalignment_error: float = 0.0,
    sifting_factor: float = 0.5,
    error_correction_efficiency: float = 1.0,
) -> KeyRate:
    """Prepare-and-measure BB84 with single photons over ``fibre`` (model in the module).

    Args:
        fibre: the link (its transmission T).
        detector: each of Bob's two detectors (efficiency; dark-count probability per
            :attr:`~qinternet.physics.devices.Detector.window_s`, one window per pulse).
        pulse_rate_hz: single photons sent per second (> 0).
        misalignment_error: probability e_mis in [0, 1/2] that a detected photon gives
            the wrong bit.
        sifting_factor: fraction of pulses with matching bases (1/2).
        error_correction_efficiency: f >= 1.

    Raises:
        InvalidParameterError: for a rate <= 0, e_mis outside [0, 1/2], a sifting
            factor outside (0, 1] or f < 1.

    Examples:
        >>> from qinternet.physics.devices import Detector, Fibre
        >>> key = bb84(Fibre(length_m=50e3), Detector(efficiency=0.5), 1e6, misalignment_error=0.01)
        >>> round(key.detection_probability, 6), round(key.key_rate_bps, 1)
        (0.05, 20960.3)
    """
    rate = check_positive(pulse_rate_hz, "pulse_rate_hz")
    e_mis = check_qber(misalignment_error, "misalignment_error")
    sifting = _check_sifting(sifting_factor)
    eta = fibre.transmission * detector.efficiency
    d = detector.dark_count_probability()
    dark = 1.0 - (1.0 - d) ** 2  # at least one of the two detectors fires in the dark
    detection = eta + (1.0 - eta) * dark
    errors = eta * (e_mis * (1.0 - d) + d / 2.0) + (1.0 - eta) * dark / 2.0
    qber = min(errors / detection, 0.5) if detection > 0.0 else 0.5
    fraction = secret_key_fraction(qber, error_correction_efficiency=error_correction_efficiency)
    return KeyRate(qber, qber, fraction, rate * sifting * detection * fraction, detection)
