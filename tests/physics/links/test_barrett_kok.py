"""Barrett-Kok heralding: p = eta^2/2, psi+ for same detectors, psi- for different."""

from __future__ import annotations

import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.links import barrett_kok_link


@pytest.mark.parametrize("eta", [1e-3, 0.1, 0.5, 1.0])
def test_probability_eta_squared_over_two(eta: float) -> None:
    link = barrett_kok_link(eta)
    assert abs(link.success_probability - eta**2 / 2) < 1e-12
    for branch in link.branches:
        assert abs(branch.fidelity - 1.0) < 1e-12
        assert abs(branch.probability - eta**2 / 8) < 1e-12


def test_patterns_and_targets() -> None:
    link = barrett_kok_link(0.3)
    targets = {b.pattern: b.target_name for b in link.branches}
    assert targets == {"AA": "psi+", "BB": "psi+", "AB": "psi-", "BA": "psi-"}
    assert link.target_name == "psi+"


def test_number_resolving_same_without_dark_counts() -> None:
    a = barrett_kok_link(0.4, detector="threshold")
    b = barrett_kok_link(0.4, detector="number_resolving")
    assert abs(a.success_probability - b.success_probability) < 1e-14
    assert abs(a.fidelity - b.fidelity) < 1e-12


def test_unequal_arms() -> None:
    link = barrett_kok_link((0.2, 0.7))
    assert abs(link.success_probability - 0.2 * 0.7 / 2) < 1e-12
    assert abs(link.mean_fidelity - 1.0) < 1e-12


def test_visibility() -> None:
    """Each round's coherence carries the photon overlap sqrt(V): F = (1 + V)/2."""
    link = barrett_kok_link(0.5, visibility=0.8)
    assert abs(link.mean_fidelity - 0.9) < 1e-12
    assert abs(link.success_probability - 0.125) < 1e-12


def _dark_count_form(eta: float, q: float) -> tuple[float, float]:
    """Total probability and fidelity, threshold detectors, equal arms, V = 1.

    Derived here. The click POVM is diagonal in photon number, so only the |01>-|10>
    coherence survives a round. Per round and pattern A (A clicks, B silent), with both
    spins in (|0> + |1>)/sqrt2 and the bright state emitting:
    w00 = q (1-q) (a dark count); w01 = w10 = eta/2 (1-q) + (1-eta) q (1-q);
    w11 = eta^2/2 (1-q) + eta (1-eta) (1-q) + (1-eta)^2 q (1-q) (the two photons bunch);
    the coherence gets k = eta/2 (1-q) (the surviving photon at A from either node; sign
    -k at B). The pi pulse swaps |00> <-> |11> and |01> <-> |10>, so after two rounds
    P(pattern) = (2 w00 w11 + 2 w01^2)/4 and <psi|rho|psi> = (w01^2 + k^2)/4, the same for
    all four patterns: p = 2 w00 w11 + 2 w01^2, F = (w01^2 + k^2) / (2 w00 w11 + 2 w01^2)."""
    w00 = q * (1 - q)
    w01 = eta / 2 * (1 - q) + (1 - eta) * q * (1 - q)
    w11 = eta**2 / 2 * (1 - q) + eta * (1 - eta) * (1 - q) + (1 - eta) ** 2 * q * (1 - q)
    k = eta / 2 * (1 - q)
    total = 2 * w00 * w11 + 2 * w01**2
    return total, (w01**2 + k**2) / total


@pytest.mark.parametrize(("eta", "q"), [(0.1, 1e-3), (0.3, 0.02), (0.01, 1e-4), (0.5, 0.0)])
def test_dark_counts_closed_form(eta: float, q: float) -> None:
    link = barrett_kok_link(eta, dark_count_probability=q)
    probability, fid = _dark_count_form(eta, q)
    assert link.success_probability == pytest.approx(probability, rel=1e-10)
    assert link.mean_fidelity == pytest.approx(fid, abs=1e-10)
    for branch in link.branches:
        assert branch.probability == pytest.approx(probability / 4, rel=1e-10)


def test_duration_two_round_trips() -> None:
    link = barrett_kok_link(0.1, arm_length_m=5_000.0, preparation_time_s=1e-6)
    assert abs(link.attempt_duration_s - (1e-6 + 4 * 5_000.0 / 2e8)) < 1e-18


def test_bad_visibility() -> None:
    with pytest.raises(InvalidParameterError, match=r"visibility=-0\.1: must lie in \[0, 1\]"):
        barrett_kok_link(0.1, visibility=-0.1)


def test_bad_efficiency_pair() -> None:
    with pytest.raises(InvalidParameterError, match="efficiency="):
        barrett_kok_link((0.1, 0.2, 0.3))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("eta", "flips", "visibility"),
    [(0.3, (0.01, 0.01), 1.0), ((0.2, 0.7), (0.05, 0.0), 0.9), (0.5, (0.5, 0.2), 0.8)],
)
def test_initialisation_error_closed_form(
    eta: float | tuple[float, float], flips: tuple[float, float], visibility: float
) -> None:
    """A flipped reset prepares |-> instead of |+>, which swaps psi+ and psi-: the rate
    is unchanged and the coherence shrinks by (1 - 2 e_0)(1 - 2 e_1)."""
    link = barrett_kok_link(eta, initialisation_error=flips, visibility=visibility)
    e0, e1 = (eta, eta) if isinstance(eta, float) else eta
    assert abs(link.success_probability - e0 * e1 / 2) < 1e-14
    expected = (1 + visibility * (1 - 2 * flips[0]) * (1 - 2 * flips[1])) / 2
    for branch in link.branches:
        assert abs(branch.fidelity - expected) < 1e-12


def test_both_resets_failed_is_ideal_again() -> None:
    """|-,-> heralds the same Bell states as |+,+> (the two sign flips cancel)."""
    link = barrett_kok_link(0.4, initialisation_error=1.0)
    assert abs(link.mean_fidelity - 1.0) < 1e-12


def test_initialisation_error_with_dark_counts_lowers_fidelity() -> None:
    base = barrett_kok_link(0.3, dark_count_probability=0.01)
    noisy = barrett_kok_link(0.3, dark_count_probability=0.01, initialisation_error=0.02)
    assert abs(noisy.success_probability - base.success_probability) < 1e-14
    assert noisy.mean_fidelity < base.mean_fidelity


def test_initialisation_error_validated() -> None:
    with pytest.raises(InvalidParameterError, match=r"initialisation_error=2\.0: must lie"):
        barrett_kok_link(0.3, initialisation_error=2.0)
