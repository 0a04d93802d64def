"""Transfer dynamics from the interaction Hamiltonian, against closed forms and QuTiP.

Independent references, each derived here:

* QuTiP 5 ``mesolve`` on the same Hamiltonian and collapse operators (all effects on);
* a qubit emitting into a resonator at constant coupling g: amplitude equations
  dc_q/dt = -i g c_r, dc_r/dt = -i g c_q - (kappa/2) c_r have roots
  lambda = -kappa/4 +- sqrt(kappa^2/16 - g^2), so with c_q(0) = 1, c_r(0) = 0,
  c_q(t) = exp(-kappa t/4) (cosh(W t) + kappa/(4W) sinh(W t)), W = sqrt(kappa^2/16 - g^2);
* a lossy line is a beam splitter: the transfer becomes amplitude damping of efficiency
  eta x (lossless efficiency), process fidelity (1 + sqrt(eta_total))^2 / 4;
* qubit T1 to first order: the excitation is lost at rate 1/T1 while it sits in either
  qubit, so 1 - eta = (1/T1) int (c_qA^2 + c_qB^2) dt + O((1/T1 int ...)^2) with the ideal
  populations c_qA(t)^2 = (1 - F)(1 - Gamma F / kappa), c_qB(t)^2 = c_qA(-t)^2 (time
  reversal), F = expit(Gamma t);
* Kimble (2008) Box 1: in the adiabatic limit a Raman emitter releases its photon into the
  cavity mode with probability 2C / (1 + 2C) (Gorshkov et al., PRA 76, 033804 (2007)).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import expit

from qinternet.core.errors import (
    InvalidParameterError,
    PhysicalConstraintError,
    ResourceLimitError,
)
from qinternet.physics.devices import CavityInterface, preset
from qinternet.physics.devices.transfer import (
    MAX_STIFFNESS,
    CascadedTransfer,
    MasterEquation,
    RamanEmitter,
    RamanTransfer,
    SechPhoton,
    TransferNode,
)
from qinternet.states import bell_state, fidelity

TWO_PI = 2.0 * math.pi
KAPPA_HZ = 10e6
PHOTON = SechPhoton(bandwidth_hz=4e6)
WINDOW_S = 1.2e-6
IDEAL = TransferNode(resonator_kappa_hz=KAPPA_HZ)


def _qubit_population_integral(photon: SechPhoton, kappa_hz: float, window_s: float) -> float:
    """int over the window of c_qA^2 + c_qB^2 for the ideal matched transfer."""
    gamma, kappa = photon.rate, TWO_PI * kappa_hz

    def sender(t: float) -> float:
        f = float(expit(gamma * t))
        return (1 - f) * (1 - gamma * f / kappa)

    half = window_s / 2
    total_a = quad(sender, -half, half, limit=200)[0]
    total_b = quad(lambda t: sender(-t), -half, half, limit=200)[0]
    return total_a + total_b


def test_scipy_liouvillian_agrees_with_qutip_mesolve() -> None:
    qutip = pytest.importorskip("qutip")
    node_a = TransferNode(KAPPA_HZ, qubit_t1_s=8e-6, qubit_t2_s=6e-6)
    node_b = TransferNode(9e6, qubit_t1_s=5e-6, qubit_t2_s=4e-6, qubit_thermal_population=0.02)
    transfer = CascadedTransfer.matched(
        node_a,
        node_b,
        PHOTON,
        duration_s=0.8e-6,
        line_transmission=0.7,
        line_thermal_photons=0.03,
        absorber_delay_s=5e-9,
    )
    equation = transfer.master_equation()
    initial = np.zeros((16, 16), dtype=complex)
    initial[0, 0] = initial[8, 8] = initial[0, 8] = initial[8, 0] = 0.5  # qubit A in |+>
    ours = equation.evolve([initial], transfer.start_s, transfer.stop_s)[0]
    dims = [[2, 2, 2, 2], [2, 2, 2, 2]]
    # QuTiP in microseconds (its step control prefers times of order one), with its own
    # time dependence: each pulse sampled every 0.4 ns and cubic-spline interpolated.
    us = 1e-6
    grid = np.linspace(transfer.start_s, transfer.stop_s, 2001)

    def sparse(matrix: np.ndarray) -> object:
        return qutip.Qobj(matrix, dims=dims).to("csr")

    hamiltonian = [sparse(equation.hamiltonian * us)] + [
        [
            sparse(op * us),
            qutip.coefficient(np.array([pulse(t) for t in grid]), tlist=grid / us),
        ]
        for op, pulse in equation.drives
    ]
    result = qutip.mesolve(
        hamiltonian,
        qutip.Qobj(initial, dims=dims),
        [transfer.start_s / us, transfer.stop_s / us],
        c_ops=[sparse(c * math.sqrt(us)) for c in equation.collapse],
        options={"atol": 1e-10, "rtol": 1e-8},
    )
    theirs = result.states[-1].full()
    assert np.max(np.abs(ours - theirs)) < 1e-6
    assert abs(np.trace(ours) - 1) < 1e-9


def test_constant_coupling_emission_follows_the_closed_form() -> None:
    kappa, g = TWO_PI * 10e6, TWO_PI * 1.5e6  # overdamped: g < kappa / 4
    lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    sigma, a = np.kron(lower, np.eye(2)), np.kron(np.eye(2), lower)
    equation = MasterEquation(g * (sigma.T @ a + a.T @ sigma), collapse=(math.sqrt(kappa) * a,))
    excited = np.zeros((4, 4))
    excited[2, 2] = 1.0  # qubit excited, resonator empty
    w = math.sqrt(kappa**2 / 16 - g**2)
    for t in (20e-9, 100e-9, 300e-9):
        final = equation.evolve([excited], 0.0, t)[0]
        amplitude = math.exp(-kappa * t / 4) * (
            math.cosh(w * t) + kappa / (4 * w) * math.sinh(w * t)
        )
        assert final[2, 2].real == pytest.approx(amplitude**2, abs=1e-8)


def test_matched_lossless_transfer_is_complete_up_to_the_window_truncation() -> None:
    channel = CascadedTransfer.matched(IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S).channel()
    # What is not emitted by the window's end, 1 - F(T/2), is missing once at each node.
    tail = 1 - PHOTON.emitted_fraction(WINDOW_S / 2)
    assert tail < 1e-5
    assert 1 - channel.efficiency <= 4 * tail
    assert channel.entanglement_fidelity == pytest.approx(1.0, abs=4 * tail)
    state = channel.bell_state()
    assert fidelity(state, bell_state("phi+")) == pytest.approx(
        channel.entanglement_fidelity, abs=1e-9
    )


@pytest.mark.parametrize("eta", [0.5, 0.81])
def test_line_loss_is_amplitude_damping(eta: float) -> None:
    ideal = CascadedTransfer.matched(IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S).channel()
    lossy = CascadedTransfer.matched(
        IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S, line_transmission=eta
    ).channel()
    total = eta * ideal.efficiency
    assert lossy.efficiency == pytest.approx(total, abs=1e-7)
    assert lossy.entanglement_fidelity == pytest.approx((1 + math.sqrt(total)) ** 2 / 4, abs=1e-7)
    assert lossy.average_fidelity == pytest.approx(0.5 + math.sqrt(total) / 3 + total / 6, abs=1e-7)


def test_qubit_relaxation_costs_its_first_order_integral() -> None:
    t1 = 50e-6
    node = TransferNode(KAPPA_HZ, qubit_t1_s=t1)
    ideal = CascadedTransfer.matched(IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S).channel()
    decayed = CascadedTransfer.matched(node, node, PHOTON, duration_s=WINDOW_S).channel()
    first_order = _qubit_population_integral(PHOTON, KAPPA_HZ, WINDOW_S) / t1
    assert 0.01 < first_order < 0.05
    loss = ideal.efficiency - decayed.efficiency
    assert loss == pytest.approx(first_order, abs=first_order**2)


def test_pure_dephasing_shrinks_the_coherence_by_its_first_order_integral() -> None:
    t2 = 50e-6
    node = TransferNode(KAPPA_HZ, qubit_t1_s=math.inf, qubit_t2_s=t2)
    ideal = CascadedTransfer.matched(IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S).channel()
    dephased = CascadedTransfer.matched(node, node, PHOTON, duration_s=WINDOW_S).channel()
    first_order = _qubit_population_integral(PHOTON, KAPPA_HZ, WINDOW_S) / t2
    # The excitation's amplitude dephases while it sits in a qubit; the photon emitted by
    # a dephasing qubit is also partly mismatched to the absorber (a smaller loss).
    assert 0 < ideal.efficiency - dephased.efficiency < first_order
    ratio = abs(dephased.coherence) / abs(ideal.coherence)
    assert 1 - ratio == pytest.approx(first_order, abs=first_order**2)


def test_pulse_mismatch_and_thermal_photons_cost_fidelity() -> None:
    base = CascadedTransfer.matched(IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S).channel()
    late = CascadedTransfer.matched(
        IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S, absorber_delay_s=20e-9
    ).channel()
    warm = CascadedTransfer.matched(
        IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S, line_thermal_photons=0.01
    ).channel()
    assert late.efficiency < base.efficiency - 0.01
    # A thermal photon excites qubit B when nothing was sent: E(|0><0|) gains |1>.
    assert warm.maps[0, 0][1, 1].real > 1e-3
    assert warm.entanglement_fidelity < base.entanglement_fidelity


def test_box1_raman_emission_reaches_2c_over_1_plus_2c_in_the_adiabatic_limit() -> None:
    cavity = CavityInterface(2e6, 1e6, 1e6)
    two_c = (
        2
        * cavity.coupling_g_hz**2
        / (2 * cavity.cavity_decay_kappa_hz * cavity.atomic_decay_gamma_hz)
    )
    limit = two_c / (1 + two_c)
    errors = [
        abs(RamanEmitter(cavity, peak_rabi_hz=1e6, duration_s=t).emission_probability() - limit)
        for t in (10e-6, 20e-6, 40e-6)
    ]
    # Slower control: the non-adiabatic loss shrinks, towards 2C/(1+2C).
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 2e-4


def test_box1_strong_coupling_cavity_emits_near_unity() -> None:
    cavity = preset("atom_cavity").cavity
    assert cavity is not None
    assert cavity.critical_atom_number < 1e-2
    assert cavity.critical_photon_number < 1e-3
    probability = RamanEmitter(cavity, peak_rabi_hz=50e6, duration_s=3e-6).emission_probability()
    two_c = 2 * cavity.cooperativity
    assert probability == pytest.approx(two_c / (1 + two_c), abs=1e-3)
    assert probability > 0.99


def _two_c_limit(cavity: CavityInterface) -> float:
    two_c = cavity.coupling_g_hz**2 / (cavity.cavity_decay_kappa_hz * cavity.atomic_decay_gamma_hz)
    return two_c / (1 + two_c)


def test_box1_shaped_photon_transfer_is_the_emission_efficiency_squared() -> None:
    cavity = CavityInterface(3e6, 1e6, 0.5e6)  # C = 9
    bandwidth, window = 0.1e6, 40e-6
    # eps from the inversion of the amplitude equations (module docstring), written out:
    # g^2 / (g^2 + gamma kappa + gamma beta^2 / (3 kappa)), rates in rad/s, beta = pi B.
    g, kappa, gamma = (TWO_PI * x for x in (3e6, 1e6, 0.5e6))
    beta = math.pi * bandwidth
    eps = g**2 / (g**2 + gamma * kappa + gamma * beta**2 / (3 * kappa))
    tail = 2 * float(expit(-beta * window))  # the sech photon outside the window
    transfer = RamanTransfer(cavity, bandwidth, window)
    assert transfer.emission_probability() == pytest.approx(eps, abs=tail)
    assert transfer.transfer_efficiency() == pytest.approx(eps**2, abs=2 * tail)
    lossy = RamanTransfer(cavity, bandwidth, window, line_transmission=0.5)
    assert lossy.transfer_efficiency() == pytest.approx(0.5 * eps**2, abs=2 * tail)
    # Slow photons: eps -> 2C / (1 + 2C), the bound of the adiabatic emitter above.
    assert eps == pytest.approx(_two_c_limit(cavity), abs=beta**2 / (3 * kappa**2))


def test_box1_near_unit_transfer_needs_n0_and_n0_much_below_one() -> None:
    strong = preset("atom_cavity").cavity  # Fig. 2b: C = 244, N0 = 2e-3, n0 = 3.6e-4
    assert strong is not None
    weak = CavityInterface(1e6, 1e6, 1e6)  # C = 1/2, N0 = 1
    assert weak.critical_atom_number == pytest.approx(1.0)
    near_unit = RamanTransfer(strong, 2e6, 2e-6).transfer_efficiency()
    poor = RamanTransfer(weak, 0.05e6, 200e-6).transfer_efficiency()
    assert near_unit == pytest.approx(_two_c_limit(strong) ** 2, abs=1e-4)
    assert near_unit > 0.99
    assert poor == pytest.approx(_two_c_limit(weak) ** 2, abs=1e-3)  # (1/2)^2


def test_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidParameterError, match="hamiltonian"):
        MasterEquation(np.array([[0.0, 1.0], [0.0, 0.0]]))
    equation = MasterEquation(np.zeros((2, 2)), drives=((np.eye(2), lambda t: math.nan),))
    with pytest.raises(InvalidParameterError, match=r"drives\[0\]\.pulse"):
        equation.evolve([np.eye(2) / 2], 0.0, 1e-6)
    with pytest.raises(InvalidParameterError, match="pulse"):
        MasterEquation(np.zeros((2, 2)), drives=((np.eye(2), 3.0),))  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="line_transmission"):
        CascadedTransfer.matched(IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S, line_transmission=1.2)
    with pytest.raises(InvalidParameterError, match="line_thermal_photons"):
        CascadedTransfer.matched(
            IDEAL, IDEAL, PHOTON, duration_s=WINDOW_S, line_thermal_photons=-0.1
        )
    with pytest.raises(InvalidParameterError, match="receiver_coupling"):
        CascadedTransfer(IDEAL, IDEAL, PHOTON.emitter_coupling(KAPPA_HZ), math.log, -1e-7, 1e-7)
    with pytest.raises(InvalidParameterError, match="stop_s - start_s"):
        CascadedTransfer(IDEAL, IDEAL, math.cos, math.cos, 1e-7, -1e-7)
    with pytest.raises(PhysicalConstraintError, match="bandwidth_hz"):
        SechPhoton(bandwidth_hz=2 * KAPPA_HZ).emitter_coupling(KAPPA_HZ)
    with pytest.raises(PhysicalConstraintError, match="bandwidth_hz"):
        RamanTransfer(CavityInterface(3e6, 1e6, 0.5e6), bandwidth_hz=3e6, duration_s=1e-6)
    with pytest.raises(PhysicalConstraintError, match="t2_s"):
        TransferNode(KAPPA_HZ, qubit_t1_s=1e-6, qubit_t2_s=3e-6)


def test_a_window_too_stiff_to_integrate_is_refused_before_any_step() -> None:
    # One decay at rate gamma: the Liouvillian's 1-norm is exactly 2 gamma (the excited
    # population's loss and its gain by the ground state), so the stiffness of a window
    # T is 2 gamma T; the refusal comes at MAX_STIFFNESS and names the caller's window.
    gamma = 1e9
    lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    equation = MasterEquation(np.zeros((2, 2)), collapse=(math.sqrt(gamma) * lower,))
    excited = np.diag([0.0, 1.0])
    allowed_s = 0.99 * MAX_STIFFNESS / (2 * gamma)
    (final,) = equation.evolve([excited], 0.0, allowed_s)
    assert final[1, 1].real == pytest.approx(math.exp(-gamma * allowed_s), abs=1e-11)
    assert final[0, 0].real == pytest.approx(1.0, abs=1e-11)
    with pytest.raises(
        ResourceLimitError, match=r"window=5.05e-05: .* at most 2e\+09 /s .* 1.01e\+05 radians"
    ):
        equation.evolve([excited], 0.0, 1.01 * MAX_STIFFNESS / (2 * gamma), window_name="window")
    # Through a transfer the refusal names its duration.
    with pytest.raises(ResourceLimitError, match="duration_s"):
        CascadedTransfer.matched(IDEAL, IDEAL, PHOTON, duration_s=1.0).channel()
