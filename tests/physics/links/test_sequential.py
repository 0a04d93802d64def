"""Sequential (Knaut-type) heralding against an explicit operator model."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.links import sequential_link
from qinternet.states import bell_state, fidelity


def explicit_model(r_a: tuple[float, float], r_b: tuple[float, float], t: float) -> list:
    """Spins A, B and a time bin (e, l) as an 8-dim vector; nodes as diagonal operators."""
    spins = np.full(4, 0.5)
    photon = np.array([1.0, 1.0]) / math.sqrt(2)
    psi = np.kron(spins, photon)  # index (a, b, bin)
    node_a = np.zeros(8)
    node_b = np.zeros(8)
    for a in range(2):
        for b in range(2):
            for tb in range(2):  # tb = 0 early (sees spin), 1 late (sees flipped spin)
                i = a * 4 + b * 2 + tb
                node_a[i] = r_a[a if tb == 0 else 1 - a]
                node_b[i] = r_b[b if tb == 0 else 1 - b]
    psi = math.sqrt(t) * node_b * node_a * psi
    results = []
    for sign in (1, -1):
        bra = np.array([1.0, sign]) / math.sqrt(2)
        v = psi.reshape(4, 2) @ bra
        results.append((float(v @ v), np.outer(v, v) / float(v @ v)))
    return results


def test_ideal_contrast_gives_bell_states() -> None:
    link = sequential_link(0.8, math.inf, loop_transmission=0.3, detector_efficiency=0.5)
    assert abs(link.success_probability - 0.3 * 0.5 * 0.8**2 / 4) < 1e-15
    assert abs(link.branches[0].fidelity - 1) < 1e-12
    assert abs(fidelity(link.branches[1].state, bell_state("phi-")) - 1) < 1e-12


def test_finite_contrast_closed_form() -> None:
    r1, c = 0.6, 20.0
    r0 = r1 / c
    link = sequential_link(r1, c)
    expected = (r0 + r1) ** 2 / ((r0 + r1) ** 2 + 4 * r0 * r1)
    assert abs(link.fidelity - expected) < 1e-12
    assert abs(link.branches[1].fidelity - 1.0) < 1e-12


@pytest.mark.parametrize(("ra", "ca", "rb", "cb"), [(0.7, 15.0, 0.5, 4.0), (0.9, 2.0, 0.9, 50.0)])
def test_against_explicit_operators(ra: float, ca: float, rb: float, cb: float) -> None:
    link = sequential_link((ra, rb), (ca, cb), loop_transmission=0.2)
    amp_a = (math.sqrt(ra / ca), math.sqrt(ra))
    amp_b = (math.sqrt(rb / cb), math.sqrt(rb))
    for branch, (probability, rho) in zip(
        link.branches, explicit_model(amp_a, amp_b, 0.2), strict=True
    ):
        assert abs(branch.probability - probability) < 1e-15
        np.testing.assert_allclose(branch.state.matrix, rho, atol=1e-12)


def test_unequal_nodes_spoil_minus_outcome() -> None:
    link = sequential_link((0.7, 0.5), (15.0, 4.0))
    assert link.branches[1].fidelity < 1 - 1e-3


def test_duration() -> None:
    link = sequential_link(0.5, 10.0, loop_length_m=35_000.0, preparation_time_s=1e-6)
    assert abs(link.attempt_duration_s - (1e-6 + 35_000.0 / 2e8)) < 1e-18


def test_contrast_below_one() -> None:
    with pytest.raises(InvalidParameterError, match=r"contrast=0\.5: must be >= 1"):
        sequential_link(0.5, 0.5)


def test_reflectivity_above_one() -> None:
    with pytest.raises(InvalidParameterError, match=r"reflectivity=2\.0: must lie in \[0, 1\]"):
        sequential_link(2.0, 10.0)


def test_initialisation_error_perfect_contrast() -> None:
    """A flipped reset prepares |-> (amplitudes times (-1)^a or (-1)^b), so one flip
    turns phi+ into phi-: F = (1 + (1 - 2 e_A)(1 - 2 e_B)) / 2, rate unchanged."""
    flips = (0.03, 0.1)
    link = sequential_link(0.8, math.inf, loop_transmission=0.5, initialisation_error=flips)
    ideal = sequential_link(0.8, math.inf, loop_transmission=0.5)
    assert abs(link.success_probability - ideal.success_probability) < 1e-15
    expected = (1 + (1 - 2 * flips[0]) * (1 - 2 * flips[1])) / 2
    for branch in link.branches:
        assert abs(branch.fidelity - expected) < 1e-12


def test_initialisation_error_against_the_explicit_model() -> None:
    """Finite contrast: a flipped node starts in |-> = Z|+>; the nodes' operators are
    diagonal in the spin basis, so they commute with Z and the flipped pattern heralds
    Z rho Z. The link must give the mixture over the four flip patterns."""
    r_a, r_b, flips, t = (0.3, 0.9), (0.2, 0.8), (0.05, 0.2), 0.4
    link = sequential_link(
        (0.81, 0.64), (9.0, 16.0), loop_transmission=t, initialisation_error=flips
    )
    z = np.array([1.0, -1.0])
    for branch, (probability, pure) in zip(link.branches, explicit_model(r_a, r_b, t), strict=True):
        rho = np.zeros((4, 4))
        for fa, wa in ((0, 1 - flips[0]), (1, flips[0])):
            for fb, wb in ((0, 1 - flips[1]), (1, flips[1])):
                signs = np.kron(z**fa, z**fb)
                rho += wa * wb * np.outer(signs, signs) * pure
        assert abs(branch.probability - probability) < 1e-14
        assert np.allclose(branch.state.matrix, rho, atol=1e-13)


def test_initialisation_error_validated() -> None:
    with pytest.raises(InvalidParameterError, match=r"initialisation_error=-0\.5: must lie"):
        sequential_link(0.5, 10.0, initialisation_error=-0.5)
