"""Tests of qinternet.physics.devices.ensemble: the DLCZ write state and the read-out."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import linalg, stats

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import AtomicEnsemble
from qinternet.states import partial_trace


def test_write_state_amplitudes_closed_form() -> None:
    p, cutoff = 0.05, 4
    ket = AtomicEnsemble(excitation_probability=p).write_state(cutoff)
    d = cutoff + 1
    assert ket.dims == (d, d)
    amplitudes = ket.vector.reshape(d, d)
    kept = sum((1 - p) * p**n for n in range(d))
    for n in range(d):
        for m in range(d):
            expected = math.sqrt((1 - p) * p**n / kept) if n == m else 0.0
            assert amplitudes[n, m] == pytest.approx(expected, abs=1e-15)


def test_tail_mass_is_what_truncation_drops() -> None:
    ensemble = AtomicEnsemble(excitation_probability=0.2)
    for cutoff in (1, 2, 5):
        kept = sum(0.8 * 0.2**n for n in range(cutoff + 1))
        assert ensemble.truncation_tail_mass(cutoff) == pytest.approx(1 - kept, rel=1e-12)
    assert ensemble.cutoff_for_tail_mass(1e-6) == 8  # 0.2^9 = 5.1e-7 <= 1e-6 < 0.2^8
    for tail in (1e-3, 1e-9, 0.5):
        c = ensemble.cutoff_for_tail_mass(tail)
        assert ensemble.truncation_tail_mass(c) <= tail
        assert c == 1 or ensemble.truncation_tail_mass(c - 1) > tail


def test_write_state_matches_two_mode_squeezing() -> None:
    """Oracle: exp(r (a^dag b^dag - a b)) |0, 0> on a large truncation, tanh(r)^2 = p."""
    p, big = 0.1, 30
    r = math.atanh(math.sqrt(p))
    a = np.diag(np.sqrt(np.arange(1, big)), k=1)
    eye = np.eye(big)
    a1, a2 = np.kron(a, eye), np.kron(eye, a)
    generator = r * (a1.T @ a2.T - a1 @ a2)
    vacuum = np.zeros(big * big)
    vacuum[0] = 1.0
    squeezed = (linalg.expm(generator) @ vacuum).reshape(big, big)
    cutoff = 6
    ket = AtomicEnsemble(excitation_probability=p).write_state(cutoff).vector.reshape(7, 7)
    renorm = math.sqrt(1 - p ** (cutoff + 1))
    np.testing.assert_allclose(
        np.abs(ket) * renorm, np.abs(squeezed[: cutoff + 1, : cutoff + 1]), atol=1e-10
    )


def test_photon_marginal_is_truncated_thermal() -> None:
    p, cutoff = 0.3, 5
    rho_photons = partial_trace(AtomicEnsemble(p).write_state(cutoff), [1])
    weights = np.array([(1 - p) * p**n for n in range(cutoff + 1)])
    np.testing.assert_allclose(
        np.diag(rho_photons.matrix).real, weights / weights.sum(), atol=1e-14
    )
    assert np.allclose(rho_photons.matrix, np.diag(np.diag(rho_photons.matrix)))


def test_retrieval_channel_is_binomial_and_decays() -> None:
    ensemble = AtomicEnsemble(0.01, retrieval_efficiency=0.6, memory_lifetime_s=2e-3)
    eta = 0.6 * math.exp(-0.5)
    assert ensemble.retrieval_efficiency_after(1e-3) == pytest.approx(eta, rel=1e-14)
    channel = ensemble.retrieval_channel(cutoff=3, elapsed_s=1e-3)
    three = np.zeros((4, 4))
    three[3, 3] = 1.0
    out = sum(k @ three @ k.T for k in channel.kraus_operators)
    np.testing.assert_allclose(np.diag(out), stats.binom.pmf(np.arange(4), 3, eta), atol=1e-14)


@pytest.mark.parametrize("p", [0.0, 1.0, -0.1, 1.2, math.nan])
def test_excitation_probability_outside_open_interval_rejected(p: float) -> None:
    with pytest.raises(InvalidParameterError, match=rf"excitation_probability={p!r}"):
        AtomicEnsemble(excitation_probability=p)


def test_other_fields_validated() -> None:
    with pytest.raises(InvalidParameterError, match=r"retrieval_efficiency=1\.5"):
        AtomicEnsemble(0.01, retrieval_efficiency=1.5)
    with pytest.raises(InvalidParameterError, match=r"memory_lifetime_s=0\.0"):
        AtomicEnsemble(0.01, memory_lifetime_s=0.0)
    with pytest.raises(InvalidParameterError, match="memory_lifetime_s=nan"):
        AtomicEnsemble(0.01, memory_lifetime_s=math.nan)


def test_bad_arguments_rejected() -> None:
    ensemble = AtomicEnsemble(0.01)
    with pytest.raises(InvalidParameterError, match="cutoff=0"):
        ensemble.write_state(0)
    with pytest.raises(InvalidParameterError, match=r"elapsed_s=-1\.0"):
        ensemble.retrieval_channel(2, elapsed_s=-1.0)
    with pytest.raises(InvalidParameterError, match=r"max_tail_mass=0\.0"):
        ensemble.cutoff_for_tail_mass(0.0)
