"""QKD: Shor-Preskill fraction, BBM92 error rates from states, BB84 over a lossy link."""

from __future__ import annotations

import math

import pytest

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.physics.applications import (
    bb84,
    bbm92,
    binary_entropy,
    secret_key_fraction,
)
from qinternet.physics.devices import Detector, Fibre
from qinternet.states import BellDiagonal, bell_state, werner


def h(p: float) -> float:
    return 0.0 if p in (0.0, 1.0) else -p * math.log2(p) - (1 - p) * math.log2(1 - p)


def test_bb84_secret_fraction_published() -> None:
    assert abs(secret_key_fraction(0.05) - 0.427206) < 1e-6
    assert abs(secret_key_fraction(0.05) - (1 - 2 * h(0.05))) < 1e-12
    assert (
        abs(
            secret_key_fraction(0.03, 0.07, error_correction_efficiency=1.16)
            - (1 - 1.16 * h(0.03) - h(0.07))
        )
        < 1e-12
    )
    assert secret_key_fraction(0.111) == 0.0  # 1 - 2h(Q) < 0 above Q = 11.0 %
    assert binary_entropy(0.5) == 1.0


@pytest.mark.parametrize("f", [0.8, 0.95, 1.0])
def test_bbm92_werner(f: float) -> None:
    key = bbm92(werner(f), pair_rate_hz=200.0)
    q = 2 * (1 - f) / 3  # Werner: each of X, Z flips in 2 of the 3 non-phi+ Bell states
    assert abs(key.qber_z - q) < 1e-12
    assert abs(key.qber_x - q) < 1e-12
    assert abs(key.key_rate_bps - 200.0 * 0.5 * max(0.0, 1 - 2 * h(q))) < 1e-9


def test_bbm92_bell_diagonal_and_frames() -> None:
    # Z errors come from psi+- (x = 1), X errors from phi- and psi- (z = 1).
    state = BellDiagonal((0.9, 0.05, 0.03, 0.02))
    key = bbm92(state, pair_rate_hz=1.0, sifting_factor=1.0)
    assert abs(key.qber_z - 0.05) < 1e-12
    assert abs(key.qber_x - 0.07) < 1e-12
    for frame in ("phi-", "psi+", "psi-"):
        perfect = bbm92(bell_state(frame), pair_rate_hz=1.0, frame=frame)
        assert perfect.qber_z < 1e-12
        assert perfect.qber_x < 1e-12
        assert abs(perfect.secret_fraction - 1.0) < 1e-12
    with pytest.raises(PhysicalConstraintError, match=r"frame='phi\+': .*'psi\+'"):
        bbm92(bell_state("psi+"), pair_rate_hz=1.0)


def test_bb84_link_model() -> None:
    fibre, detector = (
        Fibre(length_m=25e3),
        Detector(efficiency=0.6, dark_count_rate_hz=1e3, window_s=1e-9),
    )
    key = bb84(fibre, detector, 1e8, misalignment_error=0.02)
    eta = 10 ** (-0.2 * 25 / 10) * 0.6
    d = 1 - math.exp(-1e3 * 1e-9)
    dark = 1 - (1 - d) ** 2
    y = eta + (1 - eta) * dark
    q = (eta * (0.02 * (1 - d) + d / 2) + (1 - eta) * dark / 2) / y
    assert abs(key.detection_probability - y) < 1e-15
    assert abs(key.qber_z - q) < 1e-12
    assert abs(key.key_rate_bps - 1e8 * 0.5 * y * (1 - 2 * h(q))) < 1e-6


def test_bb84_ideal_and_cutoff() -> None:
    ideal = bb84(Fibre(length_m=0.0), Detector(efficiency=1.0), 1e6)
    assert ideal.qber_z == 0.0
    assert abs(ideal.key_rate_bps - 0.5e6) < 1e-6
    # Dark counts dominate far away: QBER -> 1/2 and no key.
    far = bb84(Fibre(length_m=400e3), Detector(efficiency=0.1, dark_count_rate_hz=1e4), 1e9)
    assert far.qber_z > 0.4
    assert far.key_rate_bps == 0.0


def test_qber_outside_range() -> None:
    with pytest.raises(InvalidParameterError, match=r"qber_z=0\.6: a QBER must lie in \[0, 1/2\]"):
        secret_key_fraction(0.6)
    with pytest.raises(InvalidParameterError, match=r"qber_x=-0\.01"):
        secret_key_fraction(0.1, -0.01)
    with pytest.raises(InvalidParameterError, match=r"misalignment_error=0\.7"):
        bb84(Fibre(length_m=1.0), Detector(efficiency=0.5), 1e6, misalignment_error=0.7)


def test_probability_outside_unit_interval() -> None:
    with pytest.raises(InvalidParameterError, match=r"sifting_factor=1\.5: must lie in \[0, 1\]"):
        bbm92(werner(0.9), pair_rate_hz=1.0, sifting_factor=1.5)
    with pytest.raises(InvalidParameterError, match=r"p=1\.1"):
        binary_entropy(1.1)
