"""DLCZ heralding in Fock space: the acceptance numbers, closed forms and a brute force.

Closed forms (number-resolving detectors, no dark counts, untruncated). Ensemble j with
n excitations keeps m = n - k photons after losing k, with amplitude
sqrt(1-p) p^(n/2) sqrt(C(n, k) eta^(n-k) (1-eta)^k). Heralding on one photon at A
projects the photons on (|10> + |01>)/sqrt2 (before the splitter); loss branches
(k1, k2) are orthogonal. Summing: per detector P_A = A B with
A = sum_k (1-p) p^(k+1) (k+1) eta (1-eta)^k = (1-p) p eta / (1-x)^2 and
B = sum_k (1-p) p^k (1-eta)^k = (1-p) / (1-x), x = p(1-eta); only k1 = k2 = 0 overlaps
the target, with weight (1-p)^2 p eta, so F = (1-x)^3 and P = 2 (1-p)^2 p eta / (1-x)^3.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.links import dlcz_link, excitation_cutoff
from qinternet.physics.links.dlcz import dlcz_target, retrieved_fidelity
from qinternet.states import DensityMatrix

ETA_25_KM = 0.9 * 10 ** (-0.2 * 25 / 10)
FIDELITY_FULL = 0.97869132055678  # (1 - p(1-eta))^3, p = 0.01, eta = 0.9 x 25 km
PROBABILITY_FULL = 5.7002927126625e-3


def closed_forms(p: float, eta: float) -> tuple[float, float]:
    x = p * (1 - eta)
    return 2 * (1 - p) ** 2 * p * eta / (1 - x) ** 3, (1 - x) ** 3


def test_acceptance_numbers() -> None:
    link = dlcz_link(0.01, ETA_25_KM)
    assert round(link.fidelity, 6) == 0.978691
    assert f"{link.success_probability:.3e}" == "5.700e-03"
    probability, fid = closed_forms(0.01, ETA_25_KM)
    assert abs(link.fidelity - fid) < 1e-12
    assert abs(link.success_probability - probability) < 1e-14
    assert abs(link.fidelity - FIDELITY_FULL) < 1e-13
    assert abs(link.success_probability - PROBABILITY_FULL) < 1e-15
    assert link.truncation_error <= 1e-15


def _brute_force(p: float, eta: float, cutoff: int) -> tuple[float, float]:
    """Four modes (a1, a2, p1, p2) as a plain density matrix; loss as explicit Kraus sums;
    the splitter from brute-force permanents; projection on one photon at output 0."""
    na, nphot = cutoff + 1, 2 * cutoff + 1
    c = np.sqrt(p ** np.arange(na))
    c /= np.linalg.norm(c)
    psi = np.zeros((na, na, nphot, nphot))
    for n1, n2 in itertools.product(range(na), repeat=2):
        psi[n1, n2, n1, n2] = c[n1] * c[n2]
    rho = np.einsum("abcd,efgh->abcdefgh", psi, psi)
    kraus = []
    for k in range(nphot):
        op = np.zeros((nphot, nphot))
        for n in range(k, nphot):
            op[n - k, n] = math.sqrt(math.comb(n, k) * eta ** (n - k) * (1 - eta) ** k)
        kraus.append(op)
    rho = sum(np.einsum("xc,abcdefgh,yg->abxdefyh", k, rho, k) for k in kraus)
    rho = sum(np.einsum("xd,abcdefgh,yh->abcxefgy", k, rho, k) for k in kraus)
    splitter = np.array([[1, 1], [1, -1]]) / math.sqrt(2)
    # <1,0| U |s1,s2>: only one-photon inputs contribute (perm of a 1x1 matrix)
    row = np.zeros((nphot, nphot))
    row[1, 0], row[0, 1] = splitter[0, 0], splitter[0, 1]
    atoms = np.einsum("cd,abcdefgh,gh->abef", row, rho, row)
    atoms = atoms.reshape(na * na, na * na)
    probability = float(np.trace(atoms))
    target = np.zeros(na * na)
    target[1 * na + 0] = target[0 * na + 1] = 1 / math.sqrt(2)
    return probability, float(target @ atoms @ target) / probability


def test_against_brute_force_density_matrix() -> None:
    p, eta, cutoff = 0.05, 0.4, 3
    link = dlcz_link(p, eta, cutoff=cutoff)
    probability, fid = _brute_force(p, eta, cutoff)
    assert abs(link.branches[0].probability - probability) < 1e-14
    assert abs(link.fidelity - fid) < 1e-12


def test_truncation_error_bound() -> None:
    p, eta = 0.01, ETA_25_KM
    coarse = dlcz_link(p, eta, cutoff=2)
    probability, fid = closed_forms(p, eta)
    eps = coarse.truncation_error
    assert eps == pytest.approx(p**3)
    assert abs(coarse.success_probability - probability) <= 2 * eps
    assert abs(coarse.fidelity - fid) <= 4 * eps / probability
    assert abs(coarse.fidelity - fid) > 1e-12  # truncation is visible at this cutoff


def test_higher_orders_not_dropped() -> None:
    """The first-order (one-excitation) model would give F = 1; multi-excitations lower it."""
    link = dlcz_link(0.05, 0.5)
    _, fid = closed_forms(0.05, 0.5)
    assert abs(link.fidelity - fid) < 1e-12
    assert link.fidelity < 0.97


def test_detector_b_heralds_minus_state() -> None:
    link = dlcz_link(0.02, 0.3)
    a, b = link.branches
    assert b.target.vector[1] == pytest.approx(-a.target.vector[1])
    assert abs(a.fidelity - b.fidelity) < 1e-12
    assert abs(a.probability - b.probability) < 1e-15


def _dark_count_forms(p: float, eta: float, q: float) -> dict[str, tuple[float, float]]:
    """Per detector (pattern A): (probability, fidelity) for both detector kinds.

    Derived here for the untruncated model. Traced over the atoms, each field-1 mode after
    loss is thermal with mean mu = eta p / (1 - p); equal thermal modes stay independent
    and thermal behind a 50/50 splitter, so an output is empty with s = 1/(1 + mu) =
    (1 - p)/(1 - x) and holds one photon with s (1 - s), x = p (1 - eta). On the atoms
    with target T = (|10> + |01>)/sqrt2: projecting both outputs on vacuum leaves
    sum (1-p)^2 x^(n0+n1) |n0 n1><n0 n1|, so <T|rho_00|T> = (1-p)^2 x; projecting B on
    vacuum and A on one photon leaves only the lossless one-excitation branch,
    <T|rho|T> = (1-p)^2 p eta; projecting B alone on vacuum adds the branches in which
    one photon was lost: <T|rho_B0|T> = (1-p)^2 (p eta + x).
    Threshold (click = q on vacuum, 1 otherwise; silent = 1 - q on vacuum):
    rho_A = (1-q) rho_B0 - (1-q)^2 rho_00. Number-resolving (click = one count):
    rho_A = (1-q)^2 rho_A1B0 + q (1-q) rho_00."""
    x = p * (1 - eta)
    s = (1 - p) / (1 - x)
    threshold_p = (1 - q) * s - (1 - q) ** 2 * s**2
    threshold_t = (1 - p) ** 2 * ((1 - q) * (p * eta + x) - (1 - q) ** 2 * x)
    resolving_p = (1 - q) ** 2 * s**2 * (1 - s) + q * (1 - q) * s**2
    resolving_t = (1 - p) ** 2 * ((1 - q) ** 2 * p * eta + q * (1 - q) * x)
    return {
        "threshold": (threshold_p, threshold_t / threshold_p),
        "number_resolving": (resolving_p, resolving_t / resolving_p),
    }


@pytest.mark.parametrize("detector", ["threshold", "number_resolving"])
@pytest.mark.parametrize(
    ("p", "eta", "q"), [(0.05, 0.5, 0.0), (0.05, 0.5, 1e-3), (0.01, 0.1, 3e-3)]
)
def test_detectors_and_dark_counts_closed_forms(
    detector: str, p: float, eta: float, q: float
) -> None:
    link = dlcz_link(p, eta, detector=detector, dark_count_probability=q)
    probability, fid = _dark_count_forms(p, eta, q)[detector]
    assert link.success_probability == pytest.approx(2 * probability, rel=1e-10)
    assert link.mean_fidelity == pytest.approx(fid, abs=1e-10)
    if detector == "threshold" and q == 0.0:  # F = (1 - p)(1 - x)^2
        assert link.fidelity == pytest.approx((1 - p) * (1 - p * (1 - eta)) ** 2, abs=1e-10)


def test_default_cutoff() -> None:
    assert excitation_cutoff(0.01, 1e-15) == 7
    assert excitation_cutoff(0.05, 1e-15) == 11
    assert dlcz_link(0.01, 0.1).heralded_state.dims == (8, 8)


def test_excitation_probability_out_of_range() -> None:
    with pytest.raises(InvalidParameterError, match=r"excitation_probability=0\.0: must lie"):
        dlcz_link(0.0, 0.5)


def test_efficiency_out_of_range() -> None:
    with pytest.raises(InvalidParameterError, match=r"efficiency=1\.2: must lie in \[0, 1\]"):
        dlcz_link(0.01, 1.2)


def test_bad_cutoff() -> None:
    with pytest.raises(InvalidParameterError, match="cutoff=0: must be an integer"):
        dlcz_link(0.01, 0.5, cutoff=0)


@pytest.mark.parametrize("sigma", [0.1, 0.5, 2.0])
def test_phase_noise_closed_form(sigma: float) -> None:
    """Only the no-loss branch populates |10>, |01> (and it is pure target), so the
    Gaussian phase average gives F = (1 - x)^3 (1 + exp(-sigma^2/2)) / 2, P unchanged."""
    p, eta = 0.01, ETA_25_KM
    link = dlcz_link(p, eta, phase_std_rad=sigma)
    probability, fid = closed_forms(p, eta)
    assert abs(link.success_probability - probability) < 1e-14
    assert abs(link.fidelity - fid * (1 + math.exp(-(sigma**2) / 2)) / 2) < 1e-12
    assert abs(link.branches[1].fidelity - link.fidelity) < 1e-12


def test_phase_noise_is_the_average_over_the_path_phase() -> None:
    """Independent route: rotate the noiseless heralded state by a known phase on
    ensemble 1 (e^{i phi n_1}, equal to the phase of its photon path) and average over a
    Gaussian phi by Gauss-Hermite quadrature; every multi-excitation coherence must agree."""
    p, eta, sigma, cutoff = 0.08, 0.5, 0.7, 4
    dim = cutoff + 1
    noiseless = dlcz_link(p, eta, cutoff=cutoff, detector="threshold")
    noisy = dlcz_link(p, eta, cutoff=cutoff, detector="threshold", phase_std_rad=sigma)
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)
    weights = weights / math.sqrt(2 * math.pi)
    n1 = np.tile(np.arange(dim), dim)
    for index in range(2):
        rho = noiseless.branches[index].state.matrix
        averaged = sum(
            w * np.exp(1j * sigma * x * n1)[:, None] * rho * np.exp(-1j * sigma * x * n1)[None, :]
            for x, w in zip(nodes, weights, strict=True)
        )
        assert np.allclose(noisy.branches[index].state.matrix, averaged, atol=1e-13)
        assert abs(noisy.branches[index].probability - noiseless.branches[index].probability) < (
            1e-16
        )
    assert not np.allclose(noisy.heralded_state.matrix, noiseless.heralded_state.matrix)


def test_phase_noise_validated() -> None:
    with pytest.raises(InvalidParameterError, match=r"phase_std_rad=-0\.1: must be >= 0"):
        dlcz_link(0.01, 0.5, phase_std_rad=-0.1)


def test_retrieved_fidelity_closed_form() -> None:
    """rho = (1-e)|T><T| + e|11><11|: retrieval keeps T's one-photon part pure (weight
    (1-e) eta_r) and turns |11> into |10> or |01>, each with eta_r (1-eta_r), incoherently,
    so F = [(1-e) + e (1-eta_r)] / [(1-e) + 2 e (1-eta_r)] (derived here)."""
    dim, e, eta_r = 4, 0.1, 0.4
    target = dlcz_target(1, dim - 1).to_density().matrix
    eleven = np.zeros((dim * dim, dim * dim), dtype=complex)
    eleven[dim + 1, dim + 1] = 1.0
    state = DensityMatrix((1 - e) * target + e * eleven, dims=(dim, dim))
    expected = ((1 - e) + e * (1 - eta_r)) / ((1 - e) + 2 * e * (1 - eta_r))
    assert retrieved_fidelity(state, eta_r) == pytest.approx(expected, abs=1e-12)
    assert retrieved_fidelity(state, eta_r, sign=-1) == pytest.approx(
        (e * (1 - eta_r)) / ((1 - e) + 2 * e * (1 - eta_r)), abs=1e-12
    )


def test_retrieved_fidelity_bad_input() -> None:
    state = dlcz_target(1, 2).to_density()
    with pytest.raises(InvalidParameterError, match="retrieval_efficiency"):
        retrieved_fidelity(state, 0.0)
    with pytest.raises(InvalidParameterError, match="sign"):
        retrieved_fidelity(state, 0.5, sign=2)
