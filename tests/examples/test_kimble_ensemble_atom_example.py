"""``examples/kimble_ensemble_atom_link.yaml``: Kimble's heterogeneous DLCZ link.

No experiment of this link was read (Kimble, Nature 453, 1023 (2008) names it as an
example), so the checks are against closed forms derived here and in
``tests/physics/links/test_ensemble_atom.py``:

* the cavity in the file is the Fig. 2b cavity of the ``atom_cavity`` preset;
* the photons' visibility is the overlap of their amplitudes, integrated here on a grid;
* the built link against the number-resolving closed form, within the bound on what
  threshold detectors and dark counts add: patterns with two or more photons at the
  station (probability at most (p eta_0 + alpha eta_1)^2) and one dark count per
  detector (at most 2 q per pattern, two patterns);
* the simulated rate against the link's expected rate (5 standard errors) and every
  delivered fidelity against the heralded branches after the herald delay of storage
  (ensemble mode: loss with the ensemble lifetime; atom: T1/T2).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from qinternet.network.build import build_scenario
from qinternet.network.results import ScenarioResult
from qinternet.network.run import run_built
from qinternet.network.scenario import load_scenario
from qinternet.network.schemes import EnsembleAtomScheme
from qinternet.noise import loss, memory_decoherence
from qinternet.physics.devices import preset
from qinternet.physics.links.ensemble_atom import ensemble_atom_visibility
from qinternet.states import fidelity

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kimble_ensemble_atom_link.yaml"
NUM_SIGMA = 5.0


def _scheme() -> EnsembleAtomScheme:
    scheme = load_scenario(EXAMPLE).links[0].scheme
    assert isinstance(scheme, EnsembleAtomScheme)
    return scheme


def _visibility_on_a_grid(sigma_s: float, centre_s: float, lifetime_s: float) -> float:
    """|int psi_gauss(t) psi_exp(t) dt|^2, both amplitudes real, by the trapezoid rule."""
    times = np.linspace(0.0, 100 * lifetime_s, 2_000_001)
    gauss = (2 * math.pi * sigma_s**2) ** -0.25 * np.exp(
        -((times - centre_s) ** 2) / (4 * sigma_s**2)
    )
    decay = np.exp(-times / (2 * lifetime_s)) / math.sqrt(lifetime_s)
    return float(np.trapezoid(gauss * decay, times) ** 2)


def test_the_cavity_is_kimbles_fig_2b_cavity() -> None:
    cavity = _scheme().cavity
    assert cavity is not None
    reference = preset("atom_cavity").cavity
    assert reference is not None
    for name in ("coupling_g_hz", "cavity_decay_kappa_hz", "atomic_decay_gamma_hz"):
        assert getattr(cavity, name) == pytest.approx(getattr(reference, name), rel=1e-12)
    # C = g^2 / (2 kappa gamma) from the numbers of the file.
    c = cavity.coupling_g_hz**2 / (2 * cavity.cavity_decay_kappa_hz * cavity.atomic_decay_gamma_hz)
    assert cavity.model().extraction_efficiency == pytest.approx(2 * c / (1 + 2 * c), rel=1e-12)


def test_visibility_is_the_overlap_of_the_photon_modes() -> None:
    scheme = _scheme()
    assert scheme.ensemble_photon is not None
    assert scheme.atom_photon is not None
    expected = _visibility_on_a_grid(
        scheme.ensemble_photon.duration_s,
        scheme.ensemble_photon.delay_s,
        scheme.atom_photon.duration_s,
    )
    found = ensemble_atom_visibility(scheme.ensemble_photon.model(), scheme.atom_photon.model())
    assert found == pytest.approx(expected, rel=1e-6)


def test_built_link_against_the_closed_form() -> None:
    scenario = load_scenario(EXAMPLE)
    built = build_scenario(scenario, source=str(EXAMPLE))
    (config,) = built.links
    scheme = _scheme()
    assert scheme.cavity is not None
    assert scheme.ensemble_photon is not None
    assert scheme.atom_photon is not None
    assert scheme.atom_excitation_probability is not None
    ensemble = built.nodes["E"].ensemble
    assert ensemble is not None
    detector = built.nodes["E"].detector
    transmission = 10 ** (-scenario.links[0].attenuation_db_per_km * 1.4e-3 / 10)
    c = scheme.cavity.coupling_g_hz**2 / (
        2 * scheme.cavity.cavity_decay_kappa_hz * scheme.cavity.atomic_decay_gamma_hz
    )
    extraction = 2 * c / (1 + 2 * c)
    eta_0 = 0.3 * transmission * detector.efficiency
    eta_1 = extraction * 0.3 * transmission * detector.efficiency
    p, alpha = ensemble.excitation_probability, scheme.atom_excitation_probability
    v = _visibility_on_a_grid(
        scheme.ensemble_photon.duration_s,
        scheme.ensemble_photon.delay_s,
        scheme.atom_photon.duration_s,
    )
    x = p * (1 - eta_0)
    p_a = (1 - p) * (p * eta_0 * (1 - alpha * eta_1) / (1 - x) ** 2 + alpha * eta_1 / (1 - x)) / 2
    closed = (
        (1 - p)
        * (
            p * eta_0 * (1 - alpha)
            + alpha * eta_1
            + 2 * math.sqrt(v * p * eta_0 * alpha * (1 - alpha) * eta_1)
        )
        / (4 * p_a)
    )
    dark = detector.dark_count_rate_hz * detector.window_s
    bound = (p * eta_0 + alpha * eta_1) ** 2 + 4 * dark
    outcome = config.outcome
    assert abs(outcome.success_probability - 2 * p_a) <= bound
    assert abs(outcome.fidelity - closed) <= 2 * bound / (2 * p_a)
    assert outcome.heralded_state.dims == (8, 2)  # p^8 = 1e-16 <= the default 1e-15


def test_simulation_delivers_the_heralded_states() -> None:
    scenario = load_scenario(EXAMPLE)
    built = build_scenario(scenario, source=str(EXAMPLE))
    (config,) = built.links
    result = run_built(built)
    assert isinstance(result, ScenarioResult)
    (link,) = result.links
    stats = link.statistics
    assert stats.num_pairs > 100
    assert abs(stats.rate_hz - config.expected_rate_hz) <= NUM_SIGMA * stats.rate_stderr_hz
    wait_s = max(config.herald_delay_s)
    assert wait_s == pytest.approx(2 * 1.4 / 2e8)
    ensemble = built.nodes["E"].ensemble
    assert ensemble is not None
    memory = built.nodes["Q"].memory
    dim = config.outcome.heralded_state.dims[0]
    ensemble_loss = loss(-math.expm1(-wait_s / ensemble.memory_lifetime_s), dimension=dim)
    atom = memory_decoherence(elapsed_s=wait_s, t1_s=memory.t1_s, t2_s=memory.t2_s)
    # Both patterns are mirror images, so every delivered pair has the same fidelity.
    expected = [
        fidelity(atom.apply(ensemble_loss.apply(b.state, [0]), [1]), b.target)
        for b in config.outcome.branches
    ]
    assert expected[0] == pytest.approx(expected[1], abs=1e-12)
    assert stats.fidelity.mean == pytest.approx(expected[0], abs=1e-9)
    assert stats.fidelity.mean < config.outcome.mean_fidelity  # storage costs fidelity
