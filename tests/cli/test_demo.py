"""``qinternet demo`` prints the decay table computed from the states."""

from __future__ import annotations

import math

import pytest

from qinternet.cli.demo import bell_pair_decay
from qinternet.cli.main import main


def test_demo_prints_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--steps", "3"]) == 0
    out = capsys.readouterr().out
    assert "fidelity" in out
    assert "CHSH" in out
    assert "1.0000" in out  # the fresh pair


def test_pure_dephasing_decay_matches_closed_form() -> None:
    # Both qubits dephase: coherence exp(-2t/T2), F = (1 + e^(-2t/T2))/2, concurrence e^(-2t/T2),
    # CHSH max = 2 sqrt(1 + e^(-4t/T2)) (Horodecki, T = diag(c, -c, 1)).
    t2_s = 0.01
    times_s = [0.0, 0.002, 0.01]
    for row in bell_pair_decay(t1_s=math.inf, t2_s=t2_s, times_s=times_s):
        c = math.exp(-2 * row.elapsed_s / t2_s)
        assert row.fidelity == pytest.approx((1 + c) / 2, abs=1e-12)
        assert row.concurrence == pytest.approx(c, abs=1e-12)
        assert row.chsh == pytest.approx(2 * math.sqrt(1 + c**2), abs=1e-12)


def test_bad_steps_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--steps", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "--steps=1" in err[0]


def test_impossible_memory_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--t1-s", "0.001", "--t2-s", "0.01"]) == 2
    assert "t2_s" in capsys.readouterr().err
