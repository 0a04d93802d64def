"""Ensemble-atom DLCZ heralding: closed forms derived here, and a brute-force oracle.

Closed forms (number-resolving detectors, no dark counts, untruncated). The ensemble
holds n excitations with probability (1-p) p^n and emits n field-1 photons; the atom
flips with probability alpha and emits one photon. Keeping n - k of n photons has
amplitude sqrt(C(n, k) eta_0^(n-k) (1-eta_0)^k). A number-resolving pattern "one count
at A, none at B" needs exactly one photon at the splitter (two photons give two counts
at one detector or one at each), which reaches A with probability 1/2:

* (a) one ensemble photon survives (n >= 1, n-1 lost) and the atom's photon does not
  arrive (atom dark, 1 - alpha; or its photon lost, alpha (1 - eta_1));
* (b) every ensemble photon is lost and the atom's photon arrives (alpha eta_1).

With x = p (1 - eta_0), sum_n n p^n eta_0 (1-eta_0)^(n-1) = p eta_0 / (1-x)^2 and
sum_n p^n (1-eta_0)^n = 1/(1-x), so

    P_A = (1-p) [p eta_0 (1 - alpha eta_1) / (1-x)^2 + alpha eta_1 / (1-x)] / 2.

Coherence: (a) with the atom dark and n = 1 (|1,0>) and (b) with n = 0 (|0,1>) leave the
same environment (nothing lost), so
<10|rho|01> = (1-p) sqrt(p eta_0 (1-alpha) alpha eta_1) sqrt(V) / 2, the internal-mode
overlap sqrt(V) of the two photons entering as the overlap of the two clicks. The
populations are <10|rho|10> = (1-p) p eta_0 (1-alpha) / 2 and
<01|rho|01> = (1-p) alpha eta_1 / 2, whence the fidelity
F = (<10|rho|10> + <01|rho|01> + 2 Re <10|rho|01>) / (2 P_A). Double excitation terms:
<20|rho|20> = (1-p) p^2 (1-alpha) 2 eta_0 (1-eta_0) / 2 and
<11|rho|11> = (1-p) p alpha [(1-eta_1) eta_0 + eta_1 (1-eta_0)] / 2. The concurrence of
the heralded state restricted to at most one excitation per node (no |00> population
without dark counts) is 2 |<10|rho|01>| / (<10|rho|10> + <01|rho|01> + <11|rho|11>).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices.cavity import CavityInterface
from qinternet.physics.devices.photon_modes import GaussianMode
from qinternet.physics.links import ensemble_atom_link
from qinternet.physics.links._heralding import INTERNAL_DETECTORS, INTERNAL_SPLITTER, herald
from qinternet.physics.links._types import DetectorKind
from qinternet.states import DensityMatrix, concurrence

CASES = [
    # p, alpha, eta_0 (ensemble), eta_1 (atom), Gaussian durations (V = 2ab/(a^2+b^2))
    (0.01, 0.01, 0.1, 0.1, (1.0, 1.0)),
    (0.05, 0.02, 0.3, 0.6, (1.0, 2.0)),
    (0.002, 0.1, 0.8, 0.01, (1.0, 3.0)),
]


def unnormalised(p: float, alpha: float, eta_0: float, eta_1: float, v: float) -> dict[str, float]:
    x = p * (1 - eta_0)
    return {
        "P_A": (1 - p)
        * (p * eta_0 * (1 - alpha * eta_1) / (1 - x) ** 2 + alpha * eta_1 / (1 - x))
        / 2,
        "10": (1 - p) * p * eta_0 * (1 - alpha) / 2,
        "01": (1 - p) * alpha * eta_1 / 2,
        "coherence": (1 - p) * math.sqrt(p * eta_0 * (1 - alpha) * alpha * eta_1 * v) / 2,
        "20": (1 - p) * p**2 * (1 - alpha) * 2 * eta_0 * (1 - eta_0) / 2,
        "11": (1 - p) * p * alpha * ((1 - eta_1) * eta_0 + eta_1 * (1 - eta_0)) / 2,
    }


def element(state: DensityMatrix, row: tuple[int, int], column: tuple[int, int]) -> complex:
    """<n, a|rho|m, b> of an (ensemble, atom) state."""
    return complex(state.matrix[2 * row[0] + row[1], 2 * column[0] + column[1]])


def visibility(durations: tuple[float, float]) -> float:
    a, b = durations
    return 2 * a * b / (a**2 + b**2)


@pytest.mark.parametrize(("p", "alpha", "eta_0", "eta_1", "durations"), CASES)
def test_number_resolving_closed_forms(
    p: float, alpha: float, eta_0: float, eta_1: float, durations: tuple[float, float]
) -> None:
    v = visibility(durations)
    modes = [GaussianMode(d * 1e-9) for d in durations]
    link = ensemble_atom_link(p, alpha, (eta_0, eta_1), ensemble_mode=modes[0], atom_mode=modes[1])
    terms = unnormalised(p, alpha, eta_0, eta_1, v)
    p_a = terms["P_A"]
    assert link.success_probability == pytest.approx(2 * p_a, rel=1e-10)
    fidelity = (terms["10"] + terms["01"] + 2 * terms["coherence"]) / (2 * p_a)
    for branch, sign in zip(link.branches, (1, -1), strict=True):
        assert branch.probability == pytest.approx(p_a, rel=1e-10)
        assert branch.fidelity == pytest.approx(fidelity, rel=1e-10)
        state = branch.state
        assert element(state, (1, 0), (0, 1)).real == pytest.approx(
            sign * terms["coherence"] / p_a, rel=1e-9
        )
        # Double excitations: two ensemble excitations, or one in each node.
        assert element(state, (2, 0), (2, 0)).real == pytest.approx(terms["20"] / p_a, rel=1e-9)
        assert element(state, (1, 1), (1, 1)).real == pytest.approx(terms["11"] / p_a, rel=1e-9)
        assert abs(element(state, (0, 0), (0, 0))) < 1e-15  # no herald from nothing
        # Concurrence of the at-most-one-excitation block (Wootters, by the library).
        index = [0, 1, 2, 3]  # |00>, |01>, |10>, |11> in the (ensemble, atom) order
        block = state.matrix[np.ix_(index, index)]
        qubits = DensityMatrix(block / np.trace(block).real, dims=(2, 2))
        expected = 2 * terms["coherence"] / (terms["10"] + terms["01"] + terms["11"])
        assert concurrence(qubits) == pytest.approx(expected, rel=1e-8)


def test_first_order_success_probability() -> None:
    p, alpha, eta_0, eta_1 = 1e-4, 2e-4, 0.3, 0.2
    link = ensemble_atom_link(p, alpha, (eta_0, eta_1))
    first_order = p * eta_0 + alpha * eta_1
    # The next order is of relative size p + alpha (closed form above).
    assert abs(link.success_probability - first_order) <= 2 * (p + alpha) * first_order
    assert link.success_probability != pytest.approx(first_order, rel=1e-6)


def test_balanced_arms_give_the_visibility_limit() -> None:
    # p eta_0 (1 - alpha) = alpha eta_1 and p, alpha -> 0: F -> (1 + sqrt V) / 2.
    v = visibility((1.0, 2.0))
    modes = GaussianMode(1e-9), GaussianMode(2e-9)
    p, alpha = 1e-6, 1e-6
    link = ensemble_atom_link(p, alpha, 0.5, ensemble_mode=modes[0], atom_mode=modes[1])
    assert link.fidelity == pytest.approx((1 + math.sqrt(v)) / 2, abs=1e-5)


def brute_force(
    p: float,
    alpha: float,
    etas: tuple[float, float],
    overlap: float,
    kind: DetectorKind,
    dark: float,
    cutoff: int,
    clicks: tuple[bool, bool],
) -> np.ndarray:
    """The four-mode model: internal modes (a, b) in both arms, the atom's photon in
    overlap a + sqrt(1 - overlap^2) b, detectors blind to the internal mode."""
    dim = cutoff + 1
    amplitudes = np.sqrt(p ** np.arange(dim))
    amplitudes /= np.linalg.norm(amplitudes)
    # Indices: ensemble atoms n, atom qubit s, photons (arm0 a, arm0 b, arm1 a, arm1 b).
    state = np.zeros((dim, 2, dim, dim, dim, dim), dtype=complex)
    for n in range(dim):
        state[n, 0, n, 0, 0, 0] = amplitudes[n] * math.sqrt(1 - alpha)
        state[n, 1, n, 0, 1, 0] = amplitudes[n] * math.sqrt(alpha) * overlap
        state[n, 1, n, 0, 0, 1] = amplitudes[n] * math.sqrt(alpha) * math.sqrt(1 - overlap**2)
    transmissions = (etas[0], etas[0], etas[1], etas[1])
    return herald(
        state.reshape(1, -1),
        2 * dim,
        dim,
        transmissions,
        INTERNAL_SPLITTER,
        INTERNAL_DETECTORS,
        clicks,
        kind,
        dark,
    )


@pytest.mark.parametrize("kind", [DetectorKind.THRESHOLD, DetectorKind.NUMBER_RESOLVING])
@pytest.mark.parametrize("dark", [0.0, 0.01])
def test_two_mode_decomposition_matches_the_four_mode_model(
    kind: DetectorKind, dark: float
) -> None:
    # Large p and alpha so that bunching and multi-photon terms matter.
    p, alpha, etas, cutoff = 0.2, 0.3, (0.7, 0.6), 2
    modes = GaussianMode(1e-9), GaussianMode(2.5e-9)
    overlap = math.sqrt(visibility((1.0, 2.5)))
    link = ensemble_atom_link(
        p,
        alpha,
        etas,
        ensemble_mode=modes[0],
        atom_mode=modes[1],
        detector=kind,
        dark_count_probability=dark,
        cutoff=cutoff,
    )
    for branch, clicks in zip(link.branches, ((True, False), (False, True)), strict=True):
        rho = brute_force(p, alpha, etas, overlap, kind, dark, cutoff, clicks)
        probability = float(np.trace(rho).real)
        assert branch.probability == pytest.approx(probability, rel=1e-10)
        np.testing.assert_allclose(branch.state.matrix, rho / probability, atol=1e-12)


def test_threshold_detectors_herald_bunched_photons() -> None:
    # Threshold detectors also accept two photons at one detector, so they herald more
    # often than number-resolving ones, by the two-photon terms (order p eta, alpha eta).
    args = (0.2, 0.3, (0.7, 0.6))
    threshold = ensemble_atom_link(*args, detector="threshold")
    resolving = ensemble_atom_link(*args, detector="number_resolving")
    assert threshold.success_probability > resolving.success_probability
    assert threshold.fidelity < resolving.fidelity


def test_phase_noise_shrinks_the_coherence() -> None:
    p, alpha, eta_0, eta_1, sigma = 0.01, 0.02, 0.2, 0.1, 0.4
    link = ensemble_atom_link(p, alpha, (eta_0, eta_1), phase_std_rad=sigma)
    terms = unnormalised(p, alpha, eta_0, eta_1, math.exp(-(sigma**2)))
    fidelity = (terms["10"] + terms["01"] + 2 * terms["coherence"]) / (2 * terms["P_A"])
    assert link.fidelity == pytest.approx(fidelity, rel=1e-10)


def test_cavity_extraction_multiplies_the_atom_arm() -> None:
    g, kappa, gamma, out = 34e6, 4.1e6, 2.6e6, 0.9
    cooperativity = g**2 / (2 * kappa * gamma)
    extraction = out * 2 * cooperativity / (1 + 2 * cooperativity)
    cavity = CavityInterface(g, kappa, gamma, outcoupling_fraction=out)
    with_cavity = ensemble_atom_link(0.01, 0.02, (0.2, 0.3), cavity=cavity)
    by_hand = ensemble_atom_link(0.01, 0.02, (0.2, 0.3 * extraction))
    assert with_cavity.success_probability == pytest.approx(by_hand.success_probability, rel=1e-12)
    np.testing.assert_allclose(
        with_cavity.heralded_state.matrix, by_hand.heralded_state.matrix, atol=1e-14
    )


def test_truncation_dimensions_and_duration() -> None:
    link = ensemble_atom_link(
        0.05, 0.05, 0.5, cutoff=3, arm_length_m=2_000.0, preparation_time_s=1e-6
    )
    assert link.heralded_state.dims == (4, 2)
    assert link.truncation_error == pytest.approx(0.05**4, rel=1e-12)
    assert link.attempt_duration_s == pytest.approx(1e-6 + 2 * 2_000.0 / 2e8, rel=1e-12)
    assert link.target_name == "(|10>+|01>)/sqrt2"
    assert link.branches[1].target_name == "(|10>-|01>)/sqrt2"


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"excitation_probability": 0.0}, "excitation_probability"),
        ({"atom_excitation_probability": 1.0}, "atom_excitation_probability"),
        ({"efficiency": 1.5}, "efficiency"),
        ({"efficiency": (0.5, 0.5, 0.5)}, "efficiency"),
        ({"ensemble_mode": GaussianMode(1e-9)}, "atom_mode"),
        ({"atom_mode": GaussianMode(1e-9)}, "ensemble_mode"),
        ({"cavity": 0.9}, "cavity"),
        ({"phase_std_rad": -0.1}, "phase_std_rad"),
        ({"detector": "photographic"}, "detector"),
        ({"dark_count_probability": 2.0}, "dark_count_probability"),
        ({"cutoff": 0}, "cutoff"),
        ({"arm_length_m": -1.0}, "arm_length_m"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], name: str) -> None:
    arguments: dict[str, object] = {
        "excitation_probability": 0.01,
        "atom_excitation_probability": 0.01,
        "efficiency": 0.5,
    }
    arguments.update(kwargs)
    with pytest.raises(InvalidParameterError, match=name):
        ensemble_atom_link(**arguments)  # type: ignore[arg-type]
