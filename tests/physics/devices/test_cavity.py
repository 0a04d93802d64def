"""Tests of qinternet.physics.devices.cavity: Kimble's critical numbers, cooperativity, extraction."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import constants

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import CavityInterface

# Kimble 2008, Fig. 2b caption: l = 10 um, w0 = 12 um, F ~ 5e5 (Caltech Cs cavity).
KIMBLE_FIG2B = {"length_m": 10e-6, "waist_m": 12e-6, "finesse": 5e5}
CS_D2_WAVELENGTH_M = 852.35e-9
CS_D2_LINEWIDTH_HZ = 5.234e6


def test_closed_forms() -> None:
    g, kappa, gamma = 34e6, 4.1e6, 2.6e6
    cavity = CavityInterface(g, kappa, gamma, outcoupling_fraction=0.9)
    assert cavity.critical_photon_number == pytest.approx(gamma**2 / g**2, rel=1e-14)
    assert cavity.critical_atom_number == pytest.approx(kappa * gamma / g**2, rel=1e-14)
    c1 = g**2 / (2 * kappa * gamma)
    assert cavity.cooperativity == pytest.approx(c1, rel=1e-14)
    assert cavity.cooperativity == pytest.approx(1 / (2 * cavity.critical_atom_number), rel=1e-14)
    assert cavity.purcell_factor == pytest.approx(2 * c1, rel=1e-14)
    assert cavity.extraction_efficiency == pytest.approx(0.9 * 2 * c1 / (1 + 2 * c1), rel=1e-14)
    assert cavity.is_strong_coupling


def test_fabry_perot_of_kimble_fig2b_from_eq1() -> None:
    """g from Kimble's Eq. 1 with the dipole moment from the Einstein A coefficient."""
    cavity = CavityInterface.from_fabry_perot(
        **KIMBLE_FIG2B, wavelength_m=CS_D2_WAVELENGTH_M, atomic_linewidth_hz=CS_D2_LINEWIDTH_HZ
    )
    hbar, eps0, c = constants.hbar, constants.epsilon_0, constants.c
    omega = 2 * math.pi * c / CS_D2_WAVELENGTH_M
    big_gamma = 2 * math.pi * CS_D2_LINEWIDTH_HZ
    dipole_sq = (
        3 * math.pi * eps0 * hbar * c**3 * big_gamma / omega**3
    )  # A = w^3 mu^2 / (3 pi eps0 hbar c^3)
    volume = math.pi * KIMBLE_FIG2B["waist_m"] ** 2 * KIMBLE_FIG2B["length_m"] / 4
    g = math.sqrt(dipole_sq * omega / (2 * hbar * eps0 * volume))  # Kimble Eq. 1
    assert cavity.coupling_g_hz == pytest.approx(g / (2 * math.pi), rel=1e-6)
    fsr_hz = c / (2 * KIMBLE_FIG2B["length_m"])
    fwhm_hz = fsr_hz / KIMBLE_FIG2B["finesse"]  # kappa is the half-width
    assert cavity.cavity_decay_kappa_hz == pytest.approx(fwhm_hz / 2, rel=1e-6)
    assert cavity.atomic_decay_gamma_hz == pytest.approx(CS_D2_LINEWIDTH_HZ / 2)
    # Kimble: this cavity is far into the strong-coupling regime (n0, N0) << 1 (Fig. 2c).
    assert cavity.is_strong_coupling
    assert 1e-4 < cavity.critical_photon_number < 1e-3
    assert 1e-3 < cavity.critical_atom_number < 1e-2
    assert cavity.cooperativity > 100


def test_box2_projection_round_trip() -> None:
    """Kimble Box 2: projected microtoroid n0 ~ 2e-5, N0 ~ 1e-6 imply C = 1/(2 N0) = 5e5."""
    n0, big_n0, gamma = 2e-5, 1e-6, 2.6e6
    g = gamma / math.sqrt(n0)
    kappa = big_n0 * g**2 / gamma
    cavity = CavityInterface(g, kappa, gamma)
    assert cavity.critical_photon_number == pytest.approx(n0, rel=1e-12)
    assert cavity.critical_atom_number == pytest.approx(big_n0, rel=1e-12)
    assert cavity.cooperativity == pytest.approx(5e5, rel=1e-12)
    assert cavity.extraction_efficiency == pytest.approx(1 - 1 / (1 + 1e6), rel=1e-12)


def test_emission_fraction_against_master_equation() -> None:
    """A directly excited atom emits into the cavity with probability 2C/(2C+1) * kappa/(kappa+gamma).

    The Raman-driven (adiabatic) source reaches 2C/(2C+1) (Goto et al. 2019); for
    direct excitation the extra factor kappa/(kappa+gamma) -> 1 in the bad-cavity limit.
    """
    qutip = pytest.importorskip("qutip")
    g, kappa, gamma = 2 * math.pi * 3.0, 2 * math.pi * 20.0, 2 * math.pi * 1.0  # rad/us
    cavity = CavityInterface(g / (2 * math.pi), kappa / (2 * math.pi), gamma / (2 * math.pi))
    n = 2
    a = qutip.tensor(qutip.destroy(n), qutip.qeye(2))
    sm = qutip.tensor(qutip.qeye(n), qutip.destroy(2))
    hamiltonian = g * (a.dag() * sm + sm.dag() * a)
    psi0 = qutip.tensor(qutip.basis(n, 0), qutip.basis(2, 1))
    times = np.linspace(0.0, 3.0, 6001)
    result = qutip.mesolve(
        hamiltonian,
        psi0,
        times,
        c_ops=[math.sqrt(2 * kappa) * a, math.sqrt(2 * gamma) * sm],
        e_ops=[a.dag() * a],
        options={"atol": 1e-10, "rtol": 1e-8},
    )
    p_cavity = 2 * kappa * np.trapezoid(np.asarray(result.expect[0]), times)
    expected = cavity.cavity_emission_fraction * kappa / (kappa + gamma)
    assert p_cavity == pytest.approx(expected, rel=1e-4)


@pytest.mark.parametrize(
    "field", ["coupling_g_hz", "cavity_decay_kappa_hz", "atomic_decay_gamma_hz"]
)
@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf])
def test_bad_rates_rejected(field: str, value: float) -> None:
    kwargs = {"coupling_g_hz": 1e6, "cavity_decay_kappa_hz": 1e6, "atomic_decay_gamma_hz": 1e6}
    kwargs[field] = value
    with pytest.raises(InvalidParameterError, match=rf"{field}={value!r}"):
        CavityInterface(**kwargs)


def test_outcoupling_above_one_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"outcoupling_fraction=1\.1"):
        CavityInterface(1e6, 1e6, 1e6, outcoupling_fraction=1.1)


def test_bad_geometry_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"waist_m=-1e-05"):
        CavityInterface.from_fabry_perot(
            length_m=1e-5, waist_m=-1e-5, finesse=1e5, wavelength_m=852e-9, atomic_linewidth_hz=5e6
        )
